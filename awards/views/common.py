"""Helpers shared by the awards views."""

from __future__ import annotations

from wego.web import predicate_required

from ..permissions import can_manage_awards

# Staff pages of the awards: the Secretariat only (two-factor is forced by the middleware).
secretariat_required = predicate_required(can_manage_awards)
