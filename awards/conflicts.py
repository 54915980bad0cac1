"""Conflict rules of judging (pure: they read, never write).

A judge never sees an entry from their own country or their own city, whatever an assignment says.
Services (assignment, scores), selectors (a judge's queue) and permissions all ask this one rule.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from .models import Entry, Judge, normalise_text


def judge_conflict(judge: Judge, entry: Entry) -> str:
    """Why `judge` may never see `entry` (own country, own city), or '' when there is no such conflict."""
    if str(judge.country) and str(judge.country) == str(entry.country):
        return _("the entry comes from the judge's own country")
    if judge.member_id and judge.member_id == entry.member_id:
        return _("the entry comes from the judge's own city")
    if judge.city and normalise_text(judge.city) == normalise_text(entry.organisation_name):
        return _("the entry comes from the judge's own city")
    return ""
