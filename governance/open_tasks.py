"""Open tasks of governance on the member home: a ballot to cast, nominations to consider."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Member
from members.permissions import is_delegate, is_focal_point

from .models import Election, RollEntry


def governance_tasks(*, member, user) -> list[dict]:
    """Delegates: votes open for their member that it has not cast. Focal points of Full members:
    elections taking candidacies. Two small queries at most."""
    tasks = []
    if is_delegate(user, member):
        now = timezone.now()
        pending = (
            RollEntry.objects.filter(member=member, election__status=Election.Status.VOTING,
                                     election__voting_opens_at__lte=now, election__voting_closes_at__gt=now)
            .exclude(election__voter_records__member=member)
            .select_related("election")
        )
        for entry in pending:
            tasks.append({
                "label": _("Cast the vote of %(member)s: %(title)s") % {"member": member.name, "title": entry.election.title},
                "url": reverse("governance:ballot", args=[entry.election_id, member.pk]),
            })
    if is_focal_point(user, member) and member.category == Member.Category.FULL:
        for election in Election.objects.filter(status=Election.Status.NOMINATIONS, runoff_of__isnull=True).exclude(
            candidacies__member=member
        ):
            tasks.append({
                "label": _("Nominations are open: %(title)s") % {"title": election.title},
                "url": reverse("governance:candidacy", args=[election.pk, member.pk]),
            })
    return tasks
