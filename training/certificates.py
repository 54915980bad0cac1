"""Certificate codes of the training app (pure: no database, no writes).

A code such as 'K7QM-2XPA-9HTD' is printed on the certificate and typed in on the public check page:
services issue new ones, selectors normalise what people type.
"""

from __future__ import annotations

import secrets

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: codes are typed in from paper


def certificate_code_new() -> str:
    """A random code such as 'K7QM-2XPA-9HTD' (60 bits: guessing one is hopeless)."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _i in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def certificate_code_normalise(code: str) -> str:
    """'k7qm 2xpa9htd' → 'K7QM-2XPA-9HTD'; anything else comes back cleaned but unchanged in shape."""
    raw = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    if len(raw) == 12:
        return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"
    return raw[:20]
