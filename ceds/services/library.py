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
    ModuleDocument,
    ModuleLink,
)
from ..workflows import ACTION_ITEM, action_item_transition
from .framework import _get_model
from .investigations import _current_version

__all__ = [
    "ACTION_TRANSITIONS",
    "action_item_update",
    "forum_topic_create",
    "forum_topic_edit",
    "forum_topic_delete",
    "forum_post_create",
    "forum_post_edit",
    "forum_post_delete",
    "module_save",
    "module_parts_save",
    "module_delete",
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


# Where each status may lead (read from the table ceds.workflows.ACTION_ITEM).
ACTION_TRANSITIONS: dict[str, set[str]] = {
    state: {target for t in ACTION_ITEM if state in t.sources for target in t.targets}
    for state in ActionItem.Status.values
}


@transaction.atomic
def action_item_update(
    *, item: ActionItem, by, status: str | None = None, assignee=None, due_on: dt.date | None = None,
    clear_assignee: bool = False, clear_due_on: bool = False,
) -> ActionItem:
    """Accept, dismiss or complete an action item (as the table ceds.workflows.ACTION_ITEM allows);
    assign it to one of the member's officials; set (or clear) a due date."""
    locked = ActionItem.objects.select_for_update().get(pk=item.pk)
    changes: dict[str, object] = {}
    if status and status != locked.status:
        ACTION_ITEM.check(locked, action_item_transition(locked, status))
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
    elif clear_due_on:
        changes["due_on"] = None
        locked.due_on = None
    locked.save()
    audit_record(actor=by, action="ceds.action_item.updated", target=locked, data=changes)
    return locked


# --- forum ---------------------------------------------------------------------------------------


def _forum_recipients(*, exclude_user_id: int | None) -> list[str]:
    """Focal points of active members (announcements and new questions go to them)."""
    return (
        Affiliation.objects.focal_points().of(Member.objects.active())
        .exclude(user_id=exclude_user_id)  # type: ignore[misc]  # None: nobody excluded (user_id is never null)
        .emails()
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


@transaction.atomic
def forum_topic_edit(*, topic: ForumTopic, by, title: str, body: str, kind: str) -> ForumTopic:
    """The Secretariat's moderation of a topic: its title, text or kind (nobody is told)."""
    locked = ForumTopic.objects.select_for_update().get(pk=topic.pk)
    if not title.strip():
        raise ValidationError(_("Give the topic a title."))
    if kind not in ForumTopic.Kind.values:
        raise ValidationError(_("Unknown kind of topic."))
    changed = [name for name, value in (("title", title.strip()), ("body", body), ("kind", kind))
               if getattr(locked, name) != value]
    if not changed:
        return locked
    locked.title, locked.body, locked.kind = title.strip(), body, kind
    locked.save(update_fields=changed)
    audit_record(actor=by, action="ceds.forum.topic_edited", target=locked, data={"fields": changed})
    return locked


@transaction.atomic
def forum_topic_delete(*, topic: ForumTopic, by) -> None:
    """Remove a topic and its answers (moderation)."""
    locked = ForumTopic.objects.select_for_update().get(pk=topic.pk)
    audit_record(actor=by, action="ceds.forum.topic_deleted", target=locked,
                 data={"title": locked.title, "author": locked.author.email, "answers": locked.posts.count()})
    locked.delete()


@transaction.atomic
def forum_post_edit(*, post: ForumPost, body: str, by) -> ForumPost:
    """The Secretariat's moderation of an answer's text."""
    locked = ForumPost.objects.select_for_update().get(pk=post.pk)
    if not body.strip():
        raise ValidationError(_("An answer cannot be empty: remove it instead."))
    if locked.body == body:
        return locked
    locked.body = body
    locked.save(update_fields=["body"])
    audit_record(actor=by, action="ceds.forum.post_edited", target=locked.topic, data={"post": locked.pk})
    return locked


@transaction.atomic
def forum_post_delete(*, post: ForumPost, by) -> None:
    """Remove an answer (moderation)."""
    locked = ForumPost.objects.select_for_update().select_related("topic", "author").get(pk=post.pk)
    audit_record(actor=by, action="ceds.forum.post_deleted", target=locked.topic,
                 data={"post": locked.pk, "author": locked.author.email})
    locked.delete()


# --- best-practice modules (the Secretariat, in the admin) ----------------------------------------


@transaction.atomic
def module_save(*, module: Module, changed: list[str], by) -> Module:
    """Create a module or change it (the admin's form, already validated); a save without a change
    writes nothing."""
    creating = module.pk is None
    if not creating and not changed:
        return module
    module.save()
    audit_record(actor=by, action="ceds.module.saved", target=module,
                 data={"created": creating, "fields": sorted(changed)})
    return module


@transaction.atomic
def module_parts_save(
    *, module: Module, saved: list[ModuleLink | ModuleDocument], deleted: list[ModuleLink | ModuleDocument], by,
) -> None:
    """Save and remove a module's framework codes (links) and documents, as one audited change."""
    if not saved and not deleted:
        return
    for part in [*saved, *deleted]:
        if part.pk is not None and type(part).objects.filter(pk=part.pk).exclude(module=module).exists():
            raise ValidationError(_("This link or document belongs to another module."))
    data: dict[str, dict[str, list[str]]] = {}

    def note(part: ModuleLink | ModuleDocument, what: str) -> None:
        kind, label = ("links", part.code) if isinstance(part, ModuleLink) else ("documents", part.title)
        data.setdefault(kind, {}).setdefault(what, []).append(label)

    for part in deleted:
        note(part, "deleted")
        part.delete()
    for part in saved:
        part.module = module
        part.save()
        note(part, "saved")
    audit_record(actor=by, action="ceds.module.saved", target=module, data=data)


@transaction.atomic
def module_delete(*, module: Module, by) -> None:
    """Delete a module with its links and documents."""
    audit_record(actor=by, action="ceds.module.deleted", target=module,
                 data={"slug": module.slug, "title": module.title})
    module.delete()


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
