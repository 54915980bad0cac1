"""Hashes that make an election verifiable: the roll, the counted ballots, the result, the log chain.

Everything is hashed as canonical JSON (sorted keys, no spaces, UTF-8) with SHA-256, so that any
later reader — `election_verify`, an auditor with a database dump — recomputes the same digests.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json

from django.core.serializers.json import DjangoJSONEncoder

GENESIS = "0" * 64


def canonical(value) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, cls=DjangoJSONEncoder)


def json_safe(value):
    """The value as it will come back from a JSONField (so that hashes before and after saving agree)."""
    return json.loads(canonical(value))


def sha256(value) -> str:
    text = value if isinstance(value, str) else canonical(value)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def timestamp(value: dt.datetime) -> str:
    """A fixed text form of a time for hashing (UTC, microseconds)."""
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def roll_hash(*, election_id: int, entries) -> str:
    """SHA-256 of the roll: (member id, name at the freeze, region) of every entry, by member id."""
    rows = sorted([int(member_id), name, region] for member_id, name, region in entries)
    return sha256({"election": election_id, "roll": rows})


def ballots_digest(*, election_id: int, secret: bool, ballots) -> str:
    """SHA-256 of the counted ballots: (receipt, choices) for secret votes, (member id, receipt, choices) for open ones."""
    if secret:
        rows = sorted([receipt, sorted(str(c) for c in choices)] for receipt, choices in ballots)
    else:
        rows = sorted([int(member_id), receipt, sorted(str(c) for c in choices)] for member_id, receipt, choices in ballots)
    return sha256({"election": election_id, "ballots": rows})


def log_entry_hash(*, election_id: int, seq: int, created_at: dt.datetime, action: str, actor: str, data, prev_hash: str) -> str:
    return sha256(
        {
            "election": election_id,
            "seq": seq,
            "time": timestamp(created_at),
            "action": action,
            "actor": actor,
            "data": data,
            "prev": prev_hash,
        }
    )


def receipt_hmac(*, key: str, receipt: str) -> str:
    """HMAC-SHA256 of a receipt under the election's ballot key (see VoterRecord)."""
    return hmac.new(key.encode("utf-8"), receipt.encode("utf-8"), hashlib.sha256).hexdigest()
