"""Helpers shared by the feasibility views."""

from __future__ import annotations

from members.selectors import affiliation_list_for_user
from wego.files import file_response
from wego.web import acting_member


def own_affiliation(user, member_id: int):
    """The user's affiliation with that member; 404 for any member they do not act for."""
    return acting_member(
        affiliation_list_for_user(user=user).filter(member_id=member_id), member_id, required=True
    )


def pdf_response(field_file, filename: str):
    """Send a stored PDF as a download, after the view's permission check (private storage, no URL)."""
    return file_response(field_file, filename=filename, content_type="application/pdf")
