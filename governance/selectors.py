"""Reads of the governance app, with their joins built in."""

from __future__ import annotations

import datetime as dt
import math

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from members.models import Affiliation, Member
from members.regions import Region

from .models import (
    Attendance,
    Candidacy,
    Decision,
    Election,
    ElectionLogEntry,
    ExecutiveCommitteeSeat,
    GeneralAssembly,
    Meeting,
    OfficeTerm,
    OpenBallot,
    RollEntry,
    SecretBallot,
    VoterRecord,
)
from .tally import quorum_needed

S = Election.Status


def _current(qs: QuerySet, on: dt.date) -> QuerySet:
    return qs.filter(term_start__lte=on).filter(Q(term_end__isnull=True) | Q(term_end__gte=on))


def officers_current(*, on: dt.date | None = None) -> dict:
    """The office holders and Executive Committee on a day (today by default): four queries."""
    on = on or timezone.localdate()
    terms = list(_current(OfficeTerm.objects.select_related("member", "general_assembly", "election"), on).order_by("office", "member__name"))
    seats = list(_current(ExecutiveCommitteeSeat.objects.select_related("member", "general_assembly"), on).order_by("member__name"))
    by_office = {o: [t for t in terms if t.office == o] for o in OfficeTerm.Office.values}
    return {
        "on": on,
        "president": (by_office[OfficeTerm.Office.PRESIDENT] or [None])[0],
        "executive_vice_president": (by_office[OfficeTerm.Office.EXECUTIVE_VICE_PRESIDENT] or [None])[0],
        "vice_presidents": by_office[OfficeTerm.Office.VICE_PRESIDENT],
        "committee": seats,
    }


def general_assembly_history() -> QuerySet[GeneralAssembly]:
    """General Assemblies, latest first, with their host and their public (certified) elections."""
    return GeneralAssembly.objects.select_related("host").prefetch_related(
        Prefetch(
            "elections",
            queryset=Election.objects.filter(status__in=Election.PUBLIC_STATUSES).order_by("kind", "pk"),
            to_attr="public_elections",
        ),
        Prefetch("office_terms", queryset=OfficeTerm.objects.select_related("member").order_by("office", "term_start"),
                 to_attr="terms"),
    ).order_by("-number")


def office_history() -> QuerySet[OfficeTerm]:
    return OfficeTerm.objects.select_related("member").order_by("office", "-term_start")


def election_list_public() -> QuerySet[Election]:
    """Every vote past its draft, newest first, with its assembly and number of candidates."""
    return (
        Election.objects.exclude(status=S.DRAFT)
        .select_related("general_assembly", "meeting")
        .annotate(candidate_count=Count("candidacies", filter=Q(candidacies__status=Candidacy.Status.FILED)))
        .order_by("-created_at", "-pk")
    )


def election_get_public(*, pk: int) -> Election:
    election = election_list_public().select_related("motion", "motion__subject_member", "runoff_of").filter(pk=pk).first()
    if election is None:
        raise Http404
    return election


def election_results_get(*, pk: int) -> Election:
    """A vote whose result the public may see: certified or published; 404 for anything else."""
    election = (
        Election.objects.filter(pk=pk, status__in=Election.PUBLIC_STATUSES)
        .select_related("general_assembly", "motion", "runoff_of")
        .first()
    )
    if election is None:
        raise Http404
    return election


def candidacy_list(election: Election) -> list[Candidacy]:
    return list(
        election.candidacies.filter(status=Candidacy.Status.FILED).select_related("member", "filed_by").order_by("member__name")
    )


def option_labels(election: Election) -> dict[str, str]:
    """Option key → label: candidacy id → member name, or the translated yes / no / abstain."""
    if election.is_motion:
        return {"yes": gettext("Yes"), "no": gettext("No"), "abstain": gettext("Abstain")}
    return {str(pk): name for pk, name in election.candidacies.values_list("pk", "member__name")}


def result_rows(election: Election) -> list[dict]:
    """The tallied result as rows for a table, a chart and the API (labels attached)."""
    labels = option_labels(election)
    result = election.result or {}
    elected = set(result.get("elected", []))
    tie = result.get("tie") or {}
    tied = set(tie.get("between", []))
    drawn = set(tie.get("drawn", []))
    runoff = set((result.get("runoff") or {}).get("candidates", []))
    rows = []
    for row in result.get("counts", []):
        key = row["key"]
        rows.append({
            "key": key, "label": labels.get(key, key), "votes": row["votes"], "elected": key in elected,
            "tied": key in tied, "drawn": key in drawn, "runoff": key in runoff,
        })
    return rows


def tie_labels(election: Election) -> dict | None:
    tie = (election.result or {}).get("tie")
    if not tie:
        return None
    labels = option_labels(election)
    positions = {
        "last_seat": gettext("the last seat"),
        "first_place": gettext("first place"),
        "runoff_place": gettext("a place in the run-off"),
        "majority": gettext("the majority (as many yes as no)"),
    }
    settled = {
        "runoff": gettext("a run-off election between the tied candidates"),
        "lots": gettext("drawing of lots"),
        "not_carried": gettext("the rule that a motion is not carried on an equality of votes"),
    }
    return {**tie, "between_labels": [labels.get(k, k) for k in tie["between"]],
            "drawn_labels": [labels.get(k, k) for k in tie.get("drawn", [])],
            "position_label": positions.get(tie.get("position"), tie.get("position")),
            "settled_label": settled.get(tie.get("settled_by"), tie.get("settled_by"))}


def ballot_list_published(election: Election) -> list[dict]:
    """The counted ballots, from the close on: receipts (and, once the result is public, the choices;
    in an open vote also the member). Sorted by receipt, which is random, so the order tells nothing."""
    if election.status not in (S.CLOSED, S.TALLIED, S.CERTIFIED, S.PUBLISHED):
        return []
    show_choices = election.results_public
    labels = option_labels(election) if show_choices else {}
    if election.is_secret:
        rows = SecretBallot.objects.filter(election=election, counted=True).order_by("receipt").values_list("receipt", "choices")
        return [{"receipt": r, "member": "", "choices": [labels.get(c, c) for c in ch] if show_choices else []} for r, ch in rows]
    open_rows = (
        OpenBallot.objects.filter(election=election, counted=True).order_by("member__name")
        .values_list("receipt", "member__name", "choices")
    )
    return [{"receipt": r, "member": name if show_choices else "", "choices": [labels.get(c, c) for c in ch] if show_choices else []}
            for r, name, ch in open_rows]


def receipt_lookup(*, election: Election, receipt: str) -> str:
    """'counted', 'replaced' (a later ballot of the same member replaced it) or 'unknown'."""
    receipt = receipt.strip().upper()
    model = SecretBallot if election.is_secret else OpenBallot
    counted = model.objects.filter(election=election, receipt=receipt).values_list("counted", flat=True).first()
    if counted is None:
        return "unknown"
    return "counted" if counted else "replaced"


def votes_for_delegate(*, user, now=None) -> list[dict]:
    """The open ballots a delegate may cast: each vote in its voting phase where a member the user is a
    delegate of is on the roll, with whether (and when) that member has voted."""
    if not getattr(user, "is_authenticated", False):
        return []
    member_ids = list(
        Affiliation.objects.delegates().filter(user=user).values_list("member_id", flat=True)
    )
    if not member_ids:
        return []
    entries = (
        RollEntry.objects.filter(member_id__in=member_ids, election__status=S.VOTING)
        .select_related("election", "member")
        .order_by("election__voting_closes_at", "election__pk", "member__name")
    )
    records = {
        (r.election_id, r.member_id): r
        for r in VoterRecord.objects.filter(member_id__in=member_ids, election__status=S.VOTING)
    }
    now = now or timezone.now()
    return [
        {"election": e.election, "member": e.member, "record": records.get((e.election_id, e.member_id)),
         "window_open": e.election.window_open(now)}
        for e in entries
    ]


def nominations_for_focal_point(*, user) -> list[dict]:
    """Votes taking candidacies, for each member the user is focal point of, with its candidacy if any."""
    if not getattr(user, "is_authenticated", False):
        return []
    affiliations = list(
        Affiliation.objects.focal_points().filter(user=user, member__category=Member.Category.FULL)
        .select_related("member")
    )
    if not affiliations:
        return []
    elections = list(Election.objects.filter(status=S.NOMINATIONS, runoff_of__isnull=True).select_related("general_assembly"))
    filed = {
        (c.election_id, c.member_id): c
        for c in Candidacy.objects.filter(election__in=elections, member__in=[a.member for a in affiliations])
    }
    return [
        {"election": e, "member": a.member, "candidacy": filed.get((e.pk, a.member_id))}
        for e in elections for a in affiliations
    ]


def vice_president_balance(*, on: dt.date | None = None) -> dict:
    """Vice President Cities by region against the share of active Full members in each region.

    A region is over-represented when it holds more Vice Presidents than its share of the membership
    rounded up, under-represented when it holds fewer than its share rounded down.
    """
    officers = officers_current(on=on)
    vps = officers["vice_presidents"]
    counts = dict(
        Member.objects.active_full()
        .values_list("region").annotate(n=Count("pk")).order_by()
    )
    total_members = sum(counts.values())
    total_vps = len(vps)
    rows = []
    for code, label in Region.choices:
        members = counts.get(code, 0)
        share = members / total_members if total_members else 0
        expected = share * total_vps
        holders = [t for t in vps if t.member.region == code]
        status = "balanced"
        if len(holders) > math.ceil(expected):
            status = "over"
        elif len(holders) < math.floor(expected):
            status = "under"
        rows.append({"code": code, "label": label, "members": members, "share": round(share * 100, 1),
                     "expected": round(expected, 1), "vice_presidents": holders, "count": len(holders), "status": status})
    return {"rows": rows, "total_members": total_members, "total_vps": total_vps,
            "warnings": [r for r in rows if r["status"] != "balanced"], "vice_presidents": vps}


def meeting_list_public() -> QuerySet[Meeting]:
    return (
        Meeting.objects.select_related("general_assembly")
        .annotate(decision_count=Count("decisions", distinct=True), present=Count("attendance", distinct=True))
        .order_by("-date")
    )


def meeting_get_public(*, pk: int) -> Meeting:
    meeting = (
        Meeting.objects.select_related("general_assembly")
        .prefetch_related(
            "agenda_items__documents",
            Prefetch("decisions", queryset=Decision.objects.select_related("agenda_item", "motion__election")),
            Prefetch("attendance", queryset=Attendance.objects.select_related("member", "delegate")),
            "documents",
        )
        .filter(pk=pk)
        .first()
    )
    if meeting is None:
        raise Http404
    return meeting


def meeting_quorum(meeting: Meeting) -> dict:
    """Attendance against the quorum: Full members present vs more than one third of active Full members."""
    base = Member.objects.active_full().count()
    present = sum(1 for a in meeting.attendance.all() if a.member.category == Member.Category.FULL)
    return {"base": base, "present": present, "needed": quorum_needed(base), "met": present * 3 > base}


def election_log(election: Election) -> QuerySet[ElectionLogEntry]:
    return ElectionLogEntry.objects.filter(election=election).order_by("seq")


def election_list_for_staff(*, status: str | None = None) -> QuerySet[Election]:
    qs = (
        Election.objects.select_related("general_assembly", "runoff_of")
        .annotate(
            candidate_count=Count("candidacies", filter=Q(candidacies__status=Candidacy.Status.FILED), distinct=True),
            voted=Count("voter_records", distinct=True),
        )
        .order_by("-created_at", "-pk")
    )
    return qs.filter(status=status) if status else qs
