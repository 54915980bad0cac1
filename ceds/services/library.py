"""Action items, the forum, and WeGO Awards winners offered as best-practice modules."""

from __future__ import annotations

import datetime as dt
from typing import cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from awards.selectors import winner_list
from members.models import Affiliation, Member
from members.permissions import is_secretariat
from wego.audit import audit_record
from wego.mail import queue_templated_email

from .. import scoring
from ..models import (
    ActionItem,
    ForumPost,
    ForumTopic,
    Indicator,
    Investigation,
    Module,
    ModuleLink,
)
from .framework import _get_model
from .investigations import _current_version

__all__ = [
    "ACTION_TRANSITIONS",
    "action_item_update",
    "forum_topic_create",
    "forum_post_create",
    "AWARD_CATEGORY_DIMENSIONS",
    "modules_import_award_winners",
]

# --- action items --------------------------------------------------------------------------------


def _action_items_generate(
    *, investigation: Investigation, framework: scoring.Framework, maturity: dict[str, int], systems: dict[str, int]
) -> list[ActionItem]:
    """Propose action items from the largest weighted gaps; items already accepted or done are kept."""
    gaps = scoring.action_gaps(framework, maturity, systems, limit=8)
    ActionItem.objects.filter(investigation=investigation, status=ActionItem.Status.PROPOSED).delete()
    kept = set(ActionItem.objects.filter(investigation=investigation).values_list("code", flat=True))
    titles = dict(Indicator.objects.filter(version_id=investigation.version_id).values_list("code", "question"))
    titles.update({s.code: s.name for s in framework.systems})
    items = [
        ActionItem(
            member_id=investigation.member_id, investigation=investigation, code=code,
            title=(titles.get(code, code))[:300], baseline=current, scale_max=scale_max, gap=gap,
        )
        for code, current, scale_max, gap in gaps
        if code not in kept
    ]
    return ActionItem.objects.bulk_create(items)


def _action_items_generate_batch(*, investigations, snapshots, maturity, systems) -> None:
    """The batch form of _action_items_generate (a constant number of queries per batch)."""
    ids = [inv.pk for inv in investigations]
    ActionItem.objects.filter(investigation_id__in=ids, status=ActionItem.Status.PROPOSED).delete()
    kept = set(ActionItem.objects.filter(investigation_id__in=ids).values_list("investigation_id", "code"))
    titles: dict[int, dict[str, str]] = {}
    items = []
    for inv in investigations:
        framework = snapshots[inv.version_id]
        if inv.version_id not in titles:
            titles[inv.version_id] = dict(
                Indicator.objects.filter(version_id=inv.version_id).values_list("code", "question")
            ) | {s.code: s.name for s in framework.systems}
        for code, current, scale_max, gap in scoring.action_gaps(framework, maturity[inv.pk], systems[inv.pk], limit=8):
            if (inv.pk, code) not in kept:
                items.append(ActionItem(
                    member_id=inv.member_id, investigation=inv, code=code,
                    title=titles[inv.version_id].get(code, code)[:300], baseline=current, scale_max=scale_max, gap=gap,
                ))
    ActionItem.objects.bulk_create(items, batch_size=5000)


ACTION_TRANSITIONS: dict[str, set[str]] = {
    ActionItem.Status.PROPOSED: {ActionItem.Status.ACCEPTED, ActionItem.Status.DISMISSED},
    ActionItem.Status.ACCEPTED: {ActionItem.Status.DONE, ActionItem.Status.DISMISSED},
    ActionItem.Status.DONE: {ActionItem.Status.ACCEPTED},
    ActionItem.Status.DISMISSED: {ActionItem.Status.PROPOSED},
}


@transaction.atomic
def action_item_update(
    *, item: ActionItem, by, status: str | None = None, assignee=None, due_on: dt.date | None = None,
    clear_assignee: bool = False,
) -> ActionItem:
    """Accept, dismiss or complete an action item; assign it to one of the member's officials; set a due date."""
    locked = ActionItem.objects.select_for_update().get(pk=item.pk)
    changes: dict[str, object] = {}
    if status and status != locked.status:
        if status not in ACTION_TRANSITIONS.get(locked.status, set()):
            raise ValidationError(
                _("An action item that is %(old)s cannot become %(new)s.")
                % {"old": locked.get_status_display(), "new": ActionItem.Status(status).label}
            )
        changes["status"] = [locked.status, status]
        locked.status = status
        locked.done_at = timezone.now() if status == ActionItem.Status.DONE else None
    if assignee is not None:
        if not Affiliation.objects.filter(member_id=locked.member_id, user=assignee).exists():
            raise ValidationError(_("Assign the action to one of your city's officials."))
        changes["assignee"] = assignee.email
        locked.assignee = assignee
    elif clear_assignee:
        locked.assignee = None
        changes["assignee"] = None
    if due_on is not None:
        changes["due_on"] = due_on.isoformat()
        locked.due_on = due_on
    locked.save()
    audit_record(actor=by, action="ceds.action_item.updated", target=locked, data=changes)
    return locked


# --- forum ---------------------------------------------------------------------------------------


def _forum_recipients(*, exclude_user_id: int | None) -> list[str]:
    """Focal points of active members (announcements and new questions go to them)."""
    return list(
        Affiliation.objects.filter(role=Affiliation.Role.FOCAL_POINT, member__status=Member.Status.ACTIVE)
        .exclude(user_id=exclude_user_id)  # type: ignore[misc]  # None: nobody excluded (user_id is never null)
        .values_list("user__email", flat=True)
        .distinct()
    )


@transaction.atomic
def forum_topic_create(*, kind: str, title: str, body: str, by, member: Member | None) -> ForumTopic:
    """Post an announcement (Secretariat) or a question (a member's official); focal points are told by email."""
    if kind == ForumTopic.Kind.ANNOUNCEMENT and not is_secretariat(by):
        raise ValidationError(_("Only the Secretariat posts announcements."))
    if kind == ForumTopic.Kind.QUESTION and member is None and not is_secretariat(by):
        raise ValidationError(_("Ask on behalf of your city."))
    topic = ForumTopic.objects.create(kind=kind, title=title.strip(), body=body, author=by, member=member)
    audit_record(actor=by, action="ceds.forum.topic_created", target=topic)
    recipients = _forum_recipients(exclude_user_id=by.pk)
    if recipients:
        queue_templated_email(to=recipients, template="ceds/email/forum_topic", context={"topic": topic})
    return topic


@transaction.atomic
def forum_post_create(*, topic: ForumTopic, body: str, by, member: Member | None) -> ForumPost:
    """Answer a topic; the topic's author and earlier answerers are told by email."""
    if not body.strip():
        raise ValidationError(_("Write an answer first."))
    post = ForumPost.objects.create(topic=topic, body=body, author=by, member=member)
    ForumTopic.objects.filter(pk=topic.pk).update(last_post_at=post.created_at)
    audit_record(actor=by, action="ceds.forum.post_created", target=topic)
    emails = {topic.author.email, *topic.posts.values_list("author__email", flat=True)} - {by.email}
    if emails:
        queue_templated_email(to=sorted(emails), template="ceds/email/forum_post", context={"topic": topic, "post": post})
    return post


# --- WeGO Awards winners as best-practice modules ------------------------------------------------

# Which part of the framework each default Awards category speaks to (dimension codes).
AWARD_CATEGORY_DIMENSIONS = {
    "services": "PS",
    "efficiency": "GM",
    "open-city": "PI",
    "urban-management": "IN",
    "digital-divide": "CR",
}


@transaction.atomic
def modules_import_award_winners(*, by=None) -> int:
    """Offer every published WeGO Awards winner as a best-practice module (once per prize).

    Winners come from awards.selectors.winner_list; a module remembers its prize, so running this
    again creates nothing new. The module is linked to the most important indicators of the
    dimension its Awards category speaks to, so action items can point to it."""
    imported = set(Module.objects.filter(source_award_prize_id__isnull=False).values_list("source_award_prize_id", flat=True))
    prizes = [p for p in winner_list() if p.pk not in imported]
    if not prizes:
        return 0
    version = _current_version()
    key_indicators: dict[str, list[str]] = {}
    for code, dimension_code in (
        _get_model("Indicator").objects.filter(version=version).order_by("-weight", "code").values_list("code", "dimension__code")
    ):
        key_indicators.setdefault(dimension_code, [])
        if len(key_indicators[dimension_code]) < 3:
            key_indicators[dimension_code].append(code)
    created = 0
    for prize in prizes:
        entry = prize.entry
        city = cast(Member, entry.member).name if entry.member_id else entry.organisation_name
        base = slugify(f"award-{prize.edition.year}-{entry.title}")[:100] or "award"
        slug = f"{base}-{prize.pk}"
        steps = [line.strip() for line in (entry.results or "").splitlines() if line.strip()][:7]
        module = Module.objects.create(
            slug=slug,
            title=entry.title[:200],
            city=city[:200],
            country=str(entry.country or "")[:2],
            problem=entry.problem or entry.summary,
            solution=entry.solution or entry.summary,
            steps=steps,
            source_award_prize_id=prize.pk,
            source_label=f"WeGO Awards {prize.edition.year}: {prize.get_kind_display()} ({prize.category.name})"[:200],
        )
        dimension = AWARD_CATEGORY_DIMENSIONS.get(prize.category.code, "")
        ModuleLink.objects.bulk_create(ModuleLink(module=module, code=c) for c in key_indicators.get(dimension, []))
        created += 1
    audit_record(actor=by, action="ceds.module.award_winners_imported", data={"modules": created})
    return created
