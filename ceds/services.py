"""Every write of the ceds app: keyword-only arguments, atomic, audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Member
from wego import runs
from wego.audit import audit_record

from . import scoring
from .loading import load_framework, load_modules, read_json
from .models import (
    MAX_PER_YEAR,
    ActionItem,
    CedsProfile,
    ForumPost,
    ForumTopic,
    FrameworkVersion,
    Indicator,
    Investigation,
    MaturityAnswer,
    Module,
    ModuleLink,
    Report,
    Score,
    Stakeholder,
    SystemAnswer,
    SystemItem,
)


def _get_model(name: str):
    return django_apps.get_model("ceds", name)


# --- framework -----------------------------------------------------------------------------------


@transaction.atomic
def framework_load(*, path, by=None, publish: bool = True) -> FrameworkVersion:
    """Load (or update in place) the framework version described by a JSON file. Idempotent."""
    data = read_json(path)
    version = load_framework(data, get_model=_get_model, publish=publish)
    audit_record(actor=by, action="ceds.framework.loaded", target=version, data={"path": str(path)})
    return version


@transaction.atomic
def modules_load(*, path, by=None) -> int:
    """Load (or update) the best-practice modules of a JSON file. Idempotent."""
    count = load_modules(read_json(path), get_model=_get_model)
    audit_record(actor=by, action="ceds.modules.loaded", data={"path": str(path), "count": count})
    return count


@transaction.atomic
def framework_publish(*, version: FrameworkVersion, by) -> FrameworkVersion:
    """Publish a draft version: new investigations use it from now on; past ones keep theirs."""
    version = FrameworkVersion.objects.select_for_update().get(pk=version.pk)
    if version.is_published:
        raise ValidationError(_("This framework version is already published."))
    if not version.indicators.exists() or not version.system_items.exists():
        raise ValidationError(_("A version needs indicators and systems before it can be published."))
    version.status = FrameworkVersion.Status.PUBLISHED
    version.published_at = timezone.now()
    version.save(update_fields=["status", "published_at"])
    audit_record(actor=by, action="ceds.framework.published", target=version)
    return version


@transaction.atomic
def framework_copy(*, version: FrameworkVersion, new_version: str, by) -> FrameworkVersion:
    """A new draft version copied from an existing one, to edit in the admin before publishing."""
    if FrameworkVersion.objects.filter(version=new_version).exists():
        raise ValidationError(_("Version %(v)s already exists.") % {"v": new_version})
    copy = FrameworkVersion.objects.create(
        version=new_version,
        title=version.title.replace(version.version, new_version),
        notice=version.notice,
        maturity_levels=version.maturity_levels,
        system_levels=version.system_levels,
    )
    dimensions = {}
    for d in version.dimensions.all():
        dimensions[d.pk] = d.__class__.objects.create(
            version=copy, code=d.code, name=d.name, side=d.side, description=d.description, order=d.order
        )
    for i in version.indicators.all():
        Indicator.objects.create(
            version=copy, dimension=dimensions[i.dimension_id], code=i.code, question=i.question,
            help_text=i.help_text, weight=i.weight, evidence=i.evidence, levels=i.levels, order=i.order,
        )
    groups = {}
    for g in version.system_groups.all():
        groups[g.pk] = g.__class__.objects.create(
            version=copy, code=g.code, name=g.name, description=g.description, order=g.order
        )
    items = {}
    originals = list(version.system_items.prefetch_related("requires"))
    for s in originals:
        items[s.code] = SystemItem.objects.create(
            version=copy, group=groups[s.group_id], code=s.code, name=s.name, question=s.question,
            help_text=s.help_text, weight=s.weight, stage=s.stage, order=s.order,
        )
    for s in originals:
        items[s.code].requires.set([items[r.code] for r in s.requires.all()])
    audit_record(actor=by, action="ceds.framework.copied", target=copy, data={"from": version.version})
    return copy


# --- member profile ------------------------------------------------------------------------------


@transaction.atomic
def profile_update(*, member: Member, share_results: bool, partner_opt_out: bool, by) -> CedsProfile:
    """A member's sharing and match-making choices."""
    profile, _created = CedsProfile.objects.select_for_update().get_or_create(member=member)
    old = {"share_results": profile.share_results, "partner_opt_out": profile.partner_opt_out}
    profile.share_results = share_results
    profile.partner_opt_out = partner_opt_out
    profile.save()
    audit_record(
        actor=by, action="ceds.profile.updated", target=member,
        data={"old": old, "new": {"share_results": share_results, "partner_opt_out": partner_opt_out}},
    )
    return profile


# --- investigations ------------------------------------------------------------------------------


def _current_version() -> FrameworkVersion:
    from .selectors import framework_current

    version = framework_current()
    if version is None:
        raise ValidationError(_("No framework version is published yet."))
    return version


@transaction.atomic
def investigation_create(
    *, member: Member, by, year: int | None = None, version: FrameworkVersion | None = None, title: str = ""
) -> Investigation:
    """Start an investigation in the member's next free slot of the year (at most four a year).

    The member row is locked so that concurrent starts are serialised; the unique (member, year,
    slot) constraint is the last guard (a lost race is retried on the next free slot).
    """
    year = year or timezone.localdate().year
    version = version or _current_version()
    if not version.is_published:
        raise ValidationError(_("Only a published framework version can be used."))
    locked = Member.objects.select_for_update().get(pk=member.pk)
    if locked.status != Member.Status.ACTIVE:
        raise ValidationError(_("Only active members can run a CeDS investigation."))
    for _attempt in range(MAX_PER_YEAR + 1):
        used = set(Investigation.objects.filter(member=member, year=year).values_list("slot", flat=True))
        free = [slot for slot in range(1, MAX_PER_YEAR + 1) if slot not in used]
        if not free:
            raise ValidationError(
                _("%(member)s already has %(n)d investigations in %(year)d: the guideline allows four a year.")
                % {"member": member, "n": MAX_PER_YEAR, "year": year}
            )
        try:
            with transaction.atomic():
                investigation = Investigation.objects.create(
                    member=member, version=version, year=year, slot=free[0], title=title, created_by=by
                )
            break
        except IntegrityError:
            continue
    else:  # pragma: no cover - only after MAX_PER_YEAR+1 lost races
        raise ValidationError(_("Could not find a free slot; please try again."))
    audit_record(actor=by, action="ceds.investigation.created", target=investigation,
                 data={"year": year, "slot": investigation.slot, "version": version.version})
    return investigation


def _lock_draft(investigation: Investigation) -> Investigation:
    locked = Investigation.objects.select_for_update().get(pk=investigation.pk)
    if locked.status != Investigation.Status.DRAFT:
        raise ValidationError(_("This investigation has been submitted: its answers can no longer change."))
    return locked


@transaction.atomic
def investigation_delete(*, investigation: Investigation, by) -> None:
    """Delete a draft (its slot of the year becomes free again)."""
    locked = _lock_draft(investigation)
    audit_record(actor=by, action="ceds.investigation.deleted", target=locked)
    locked.delete()


@transaction.atomic
def stakeholder_add(*, investigation: Investigation, role: str, name: str, title: str = "", by) -> Stakeholder:
    """Record a participating stakeholder (planning, finance, IT, executive or other)."""
    _lock_draft(investigation)
    if role not in Stakeholder.Role.values:
        raise ValidationError(_("Unknown stakeholder role."))
    if not name.strip():
        raise ValidationError(_("Give the stakeholder's name."))
    stakeholder = Stakeholder.objects.create(investigation=investigation, role=role, name=name.strip(), title=title.strip())
    audit_record(actor=by, action="ceds.stakeholder.added", target=investigation,
                 data={"role": role, "name": stakeholder.name})
    return stakeholder


@transaction.atomic
def stakeholder_remove(*, stakeholder: Stakeholder, by) -> None:
    _lock_draft(stakeholder.investigation)
    audit_record(actor=by, action="ceds.stakeholder.removed", target=stakeholder.investigation,
                 data={"role": stakeholder.role, "name": stakeholder.name})
    stakeholder.delete()


def missing_stakeholder_roles(*, investigation: Investigation) -> list[str]:
    present = set(investigation.stakeholders.values_list("role", flat=True))
    return [str(Stakeholder.Role(role).label) for role in Stakeholder.REQUIRED_ROLES if role not in present]


@dataclass
class AnswerInput:
    """One answer to save: an indicator (level 0–4) or a system item (value 0–3), with a note."""

    value: int
    note: str = ""


@transaction.atomic
def answers_save(
    *,
    investigation: Investigation,
    maturity: dict[int, AnswerInput] | None = None,
    systems: dict[int, AnswerInput] | None = None,
    by,
) -> int:
    """Save the given answers (keyed by indicator / system item id) one row each, as a draft.

    Each row is upserted (INSERT … ON CONFLICT DO UPDATE on (investigation, indicator)), and only the
    answers passed in are touched: two officials answering different questions at the same time do
    not overwrite each other. Returns how many rows were written.
    """
    maturity = maturity or {}
    systems = systems or {}
    if not maturity and not systems:
        return 0
    locked = _lock_draft(investigation)
    now = timezone.now()
    if maturity:
        valid = set(
            Indicator.objects.filter(version_id=locked.version_id, pk__in=maturity).values_list("pk", flat=True)
        )
        for pk, answer in maturity.items():
            if pk not in valid:
                raise ValidationError(_("Indicator %(pk)s is not part of this investigation's framework.") % {"pk": pk})
            if not 0 <= int(answer.value) <= 4:
                raise ValidationError(_("A maturity level is between 0 and 4."))
        MaturityAnswer.objects.bulk_create(
            [
                MaturityAnswer(investigation=locked, indicator_id=pk, level=int(a.value), note=a.note or "",
                               answered_by=by if getattr(by, "pk", None) else None, updated_at=now)
                for pk, a in maturity.items()
            ],
            update_conflicts=True,
            unique_fields=["investigation", "indicator"],
            update_fields=["level", "note", "answered_by", "updated_at"],
        )
    if systems:
        valid = set(SystemItem.objects.filter(version_id=locked.version_id, pk__in=systems).values_list("pk", flat=True))
        for pk, answer in systems.items():
            if pk not in valid:
                raise ValidationError(_("System %(pk)s is not part of this investigation's framework.") % {"pk": pk})
            if not 0 <= int(answer.value) <= 3:
                raise ValidationError(_("A system value is between 0 and 3."))
        SystemAnswer.objects.bulk_create(
            [
                SystemAnswer(investigation=locked, item_id=pk, value=int(a.value), note=a.note or "",
                             answered_by=by if getattr(by, "pk", None) else None, updated_at=now)
                for pk, a in systems.items()
            ],
            update_conflicts=True,
            unique_fields=["investigation", "item"],
            update_fields=["value", "note", "answered_by", "updated_at"],
        )
    audit_record(actor=by, action="ceds.answers.saved", target=locked,
                 data={"maturity": len(maturity), "systems": len(systems)})
    return len(maturity) + len(systems)


@transaction.atomic
def investigation_submit(*, investigation: Investigation, by, queue_reports: bool = True) -> Investigation:
    """Freeze the answers and queue the diagnostic reports. Every question answered and the four
    required stakeholders recorded first; submitting twice is refused. (`queue_reports=False` is for
    callers that compute the reports themselves, such as the demo seed.)"""
    from .selectors import section_progress
    from .tasks import compute_reports_task

    locked = Investigation.objects.select_for_update().get(pk=investigation.pk)
    if locked.status != Investigation.Status.DRAFT:
        raise ValidationError(_("Only a draft investigation can be submitted."))
    missing = missing_stakeholder_roles(investigation=locked)
    if missing:
        raise ValidationError(_("Record these stakeholders first: %s.") % ", ".join(missing))
    progress = section_progress(investigation=locked)
    if not progress["complete"]:
        sections = [s.name for s in [*progress["dimensions"], *progress["groups"]] if s.answered < s.total]
        raise ValidationError(
            _("%(n)d questions are still unanswered, in: %(sections)s.")
            % {"n": progress["total"] - progress["answered"], "sections": ", ".join(sections)}
        )
    locked.status = Investigation.Status.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.submitted_by = by if getattr(by, "pk", None) else None
    locked.report_status = Investigation.ReportStatus.PENDING
    locked.report_progress = 0
    locked.report_error = ""
    locked.save(update_fields=["status", "submitted_at", "submitted_by", "report_status", "report_progress", "report_error"])
    audit_record(actor=by, action="ceds.investigation.submitted", target=locked)
    pk = locked.pk
    if queue_reports:
        transaction.on_commit(lambda: compute_reports_task.delay(pk))
    return locked


# --- reports -------------------------------------------------------------------------------------


def _set_progress(investigation_id: int, status: str, progress: int, error: str = "") -> None:
    Investigation.objects.filter(pk=investigation_id).update(
        report_status=status, report_progress=progress, report_error=error
    )


def _report_payloads(*, framework: scoring.Framework, result: scoring.Result, names: dict[str, str]) -> dict[str, dict]:
    dims = [
        {"code": d.code, "name": d.name, "side": d.side, "score": str(result.dimensions[d.code]),
         "stage": scoring.stage_for(result.dimensions[d.code])}
        for d in framework.dimensions
    ]
    groups = []
    for g in framework.groups:
        groups.append(
            {
                "code": g.code,
                "name": g.name,
                "score": str(result.groups[g.code]),
                "present": [[c, names.get(c, c)] for c in result.present[g.code]],
                "missing": [[c, names.get(c, c)] for c in result.missing[g.code]],
                "next": [[c, names.get(c, c)] for c in result.next_to_build[g.code]],
            }
        )
    return {
        Report.Kind.OVERALL: {
            "score": str(result.overall),
            "stage": result.stage,
            "internal": str(result.sides["internal"]),
            "external": str(result.sides["external"]),
            "systems": str(result.systems),
        },
        Report.Kind.DIMENSIONS: {
            "sides": {k: str(v) for k, v in result.sides.items()},
            "dimensions": dims,
        },
        Report.Kind.SYSTEMS: {"score": str(result.systems), "groups": groups},
    }


def _mark_latest(*, member_id: int, version_id: int, year: int) -> None:
    """Flag the score rows of the member's latest submitted investigation of the year (for averages)."""
    latest = (
        Investigation.objects.filter(
            member_id=member_id, version_id=version_id, year=year,
            status__in=[Investigation.Status.SUBMITTED, Investigation.Status.REPORTED],
            scores__isnull=False,
        )
        .order_by("-slot")
        .values_list("pk", flat=True)
        .first()
    )
    Score.objects.filter(member_id=member_id, version_id=version_id, year=year).exclude(
        investigation_id=latest
    ).update(is_latest=False)
    if latest:
        Score.objects.filter(investigation_id=latest).update(is_latest=True)


def _write_reports(
    *, investigation: Investigation, member: Member, framework: scoring.Framework, names: dict[str, str],
    maturity: dict[str, int], systems: dict[str, int], now,
) -> scoring.Result:
    result = scoring.compute(framework, maturity, systems)
    Report.objects.filter(investigation=investigation).delete()
    Score.objects.filter(investigation=investigation).delete()
    payloads = _report_payloads(framework=framework, result=result, names=names)
    Report.objects.bulk_create(
        [Report(investigation=investigation, kind=kind, data=data, computed_at=now) for kind, data in payloads.items()]
    )
    size = scoring.size_class(member.population)
    Score.objects.bulk_create(
        [
            Score(investigation=investigation, member_id=member.pk, version_id=investigation.version_id,
                  year=investigation.year, region=member.region or "", size_class=size,
                  kind=kind, code=code, score=score)
            for kind, code, score in result.score_rows()
        ]
    )
    return result


def _names(framework: scoring.Framework) -> dict[str, str]:
    return {s.code: s.name for s in framework.systems}


@transaction.atomic
def reports_compute(
    *, investigation: Investigation, framework: scoring.Framework | None = None, token: str | None = None
) -> Investigation:
    """Compute reports I–III and their score rows. Safe to run twice: it replaces that investigation's
    reports, scores and proposed action items.

    With `token` (the task's claim, see `reports_claim`) it first checks that the claim still holds:
    a worker whose run was taken over raises `wego.runs.RunLost` and writes nothing."""
    from .selectors import answer_codes, framework_snapshot

    locked = Investigation.objects.select_for_update().select_related("member").get(pk=investigation.pk)
    if token is not None and locked.worker != token:
        raise runs.RunLost
    if locked.status == Investigation.Status.DRAFT:
        raise ValidationError(_("A draft investigation has no reports: submit it first."))
    framework = framework or framework_snapshot(version=locked.version)
    maturity, systems = answer_codes(investigation=locked)
    now = timezone.now()
    _write_reports(investigation=locked, member=locked.member, framework=framework, names=_names(framework),
                   maturity=maturity, systems=systems, now=now)
    _mark_latest(member_id=locked.member_id, version_id=locked.version_id, year=locked.year)
    _action_items_generate(investigation=locked, framework=framework, maturity=maturity, systems=systems)
    locked.status = Investigation.Status.REPORTED
    locked.report_status = Investigation.ReportStatus.DONE
    locked.report_progress = 100
    locked.report_error = ""
    locked.reported_at = now
    locked.worker = ""
    locked.heartbeat_at = now
    locked.save(update_fields=["status", "report_status", "report_progress", "report_error", "reported_at",
                               "worker", "heartbeat_at"])
    audit_record(actor=None, action="ceds.reports.computed", target=locked,
                 data={"overall": str(Score.objects.get(investigation=locked, kind="overall").score)})
    return locked


def _report_run(investigation_id: int):
    return Investigation.objects.filter(pk=investigation_id)


def reports_claim(*, investigation_id: int, token: str) -> bool:
    """Take the report computation of a submitted investigation for one task execution (one
    conditional UPDATE, committed at once so the page shows it). Refused only while another worker
    computes it with a fresh heartbeat; a stale computation (its worker died) is taken over."""
    with transaction.atomic():
        previous = _report_run(investigation_id).select_related("member").first()
        claimed = runs.claim(
            _report_run(investigation_id).exclude(status=Investigation.Status.DRAFT),
            token=token,
            waiting=~Q(report_status=Investigation.ReportStatus.RUNNING),
            status_field="report_status",
            running=Investigation.ReportStatus.RUNNING,
            report_progress=10,
            report_error="",
        )
        if claimed and previous.report_status == Investigation.ReportStatus.RUNNING:
            audit_record(action="ceds.reports.taken_over", target=previous,
                         data={"stale_worker": previous.worker, "worker": token})
    return claimed


def reports_release(*, investigation_id: int, token: str) -> None:
    """Give a claimed computation back (before a retry): queued again, no worker."""
    runs.release(_report_run(investigation_id), token=token, report_status=Investigation.ReportStatus.PENDING)


def reports_mark_running(*, investigation_id: int) -> None:
    """Record that the report task has started (committed at once, so the page can show it)."""
    _set_progress(investigation_id, Investigation.ReportStatus.RUNNING, 10)


def reports_mark_failed(*, investigation_id: int, error: str, token: str | None = None) -> None:
    """Record that the report task gave up, so the page can say so."""
    qs = _report_run(investigation_id)
    if token is not None:
        qs = qs.filter(Q(worker=token) | Q(worker=""))
    qs.update(report_status=Investigation.ReportStatus.FAILED, report_progress=0, report_error=error[:2000],
              worker="", heartbeat_at=timezone.now())


def reports_resume_stale() -> int:
    """Queue again the report computations whose worker stopped beating (beat runs this every minute).

    Each goes back to queued with one conditional UPDATE, so two beats never queue it twice."""
    from .tasks import compute_reports_task

    stale = runs.stale_q(status_field="report_status", running=Investigation.ReportStatus.RUNNING)
    requeued = 0
    for investigation in Investigation.objects.filter(stale).select_related("member"):
        with transaction.atomic():
            if not Investigation.objects.filter(stale, pk=investigation.pk).update(
                report_status=Investigation.ReportStatus.PENDING, worker="", heartbeat_at=timezone.now()
            ):
                continue
            audit_record(action="ceds.reports.requeued", target=investigation,
                         data={"stale_worker": investigation.worker})
            transaction.on_commit(lambda pk=investigation.pk: compute_reports_task.delay(pk))
        requeued += 1
    return requeued


def reports_recompute_all(*, version: FrameworkVersion | None = None, batch_size: int = 500, stdout=None) -> int:
    """Recompute every submitted investigation's reports, in batches (one transaction per batch).

    Used after a correction of a framework version's weights (by the Secretariat, before or just after
    publishing) and by the benchmark. Answers are read per batch in two queries; reports and scores are
    replaced with bulk writes. Returns the number of investigations recomputed.
    """
    from .selectors import framework_snapshot

    qs = Investigation.objects.filter(status__in=[Investigation.Status.SUBMITTED, Investigation.Status.REPORTED])
    if version is not None:
        qs = qs.filter(version=version)
    ids = list(qs.order_by("pk").values_list("pk", flat=True))
    snapshots: dict[int, scoring.Framework] = {}
    done = 0
    for start in range(0, len(ids), batch_size):
        chunk = ids[start : start + batch_size]
        with transaction.atomic():
            invs = list(Investigation.objects.select_for_update(of=("self",)).select_related("member").filter(pk__in=chunk))
            maturity: dict[int, dict[str, int]] = {pk: {} for pk in chunk}
            systems: dict[int, dict[str, int]] = {pk: {} for pk in chunk}
            for inv_id, code, level in MaturityAnswer.objects.filter(investigation_id__in=chunk).values_list(
                "investigation_id", "indicator__code", "level"
            ):
                maturity[inv_id][code] = level
            for inv_id, code, value in SystemAnswer.objects.filter(investigation_id__in=chunk).values_list(
                "investigation_id", "item__code", "value"
            ):
                systems[inv_id][code] = value
            Report.objects.filter(investigation_id__in=chunk).delete()
            Score.objects.filter(investigation_id__in=chunk).delete()
            now = timezone.now()
            reports, scores = [], []
            for inv in invs:
                if inv.version_id not in snapshots:
                    snapshots[inv.version_id] = framework_snapshot(version=inv.version)
                framework = snapshots[inv.version_id]
                result = scoring.compute(framework, maturity[inv.pk], systems[inv.pk])
                for kind, data in _report_payloads(framework=framework, result=result, names=_names(framework)).items():
                    reports.append(Report(investigation=inv, kind=kind, data=data, computed_at=now))
                size = scoring.size_class(inv.member.population)
                scores += [
                    Score(investigation=inv, member_id=inv.member_id, version_id=inv.version_id, year=inv.year,
                          region=inv.member.region or "", size_class=size, kind=kind, code=code, score=score)
                    for kind, code, score in result.score_rows()
                ]
            Report.objects.bulk_create(reports, batch_size=2000)
            Score.objects.bulk_create(scores, batch_size=5000)
            _action_items_generate_batch(investigations=invs, snapshots=snapshots, maturity=maturity, systems=systems)
            Investigation.objects.filter(pk__in=chunk).update(
                status=Investigation.Status.REPORTED, report_status=Investigation.ReportStatus.DONE,
                report_progress=100, reported_at=now,
            )
        done += len(chunk)
        if stdout is not None:
            stdout.write(f"  {done}/{len(ids)} recomputed")
    scores_mark_latest_all(version=version)
    audit_record(actor=None, action="ceds.reports.recomputed", data={"count": done})
    return done


@transaction.atomic
def scores_mark_latest_all(*, version: FrameworkVersion | None = None) -> None:
    """Set `is_latest` on every score row in two set-based UPDATEs (the latest slot of each member and year)."""
    from django.db.models import Max, OuterRef, Subquery

    qs = Score.objects.all() if version is None else Score.objects.filter(version=version)
    latest_slot = (
        Investigation.objects.filter(
            member_id=OuterRef("member_id"), version_id=OuterRef("version_id"), year=OuterRef("year"),
            status__in=[Investigation.Status.SUBMITTED, Investigation.Status.REPORTED],
        )
        .values("member_id")
        .annotate(m=Max("slot"))
        .values("m")
    )
    latest_ids = (
        Investigation.objects.filter(
            member_id=OuterRef("member_id"), version_id=OuterRef("version_id"), year=OuterRef("year"),
            slot=Subquery(latest_slot),
        ).values("pk")[:1]
    )
    qs.update(is_latest=False)
    qs.filter(investigation_id=Subquery(latest_ids)).update(is_latest=True)


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


ACTION_TRANSITIONS = {
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
    from members.models import Affiliation

    locked = ActionItem.objects.select_for_update().get(pk=item.pk)
    changes = {}
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
    from members.models import Affiliation

    return list(
        Affiliation.objects.filter(role=Affiliation.Role.FOCAL_POINT, member__status=Member.Status.ACTIVE)
        .exclude(user_id=exclude_user_id)
        .values_list("user__email", flat=True)
        .distinct()
    )


@transaction.atomic
def forum_topic_create(*, kind: str, title: str, body: str, by, member: Member | None) -> ForumTopic:
    """Post an announcement (Secretariat) or a question (a member's official); focal points are told by email."""
    from members.permissions import is_secretariat
    from wego.mail import queue_templated_email

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
    from wego.mail import queue_templated_email

    if not body.strip():
        raise ValidationError(_("Write an answer first."))
    post = ForumPost.objects.create(topic=topic, body=body, author=by, member=member)
    ForumTopic.objects.filter(pk=topic.pk).update(last_post_at=post.created_at)
    audit_record(actor=by, action="ceds.forum.post_created", target=topic)
    emails = {topic.author.email, *topic.posts.values_list("author__email", flat=True)} - {by.email}
    if emails:
        queue_templated_email(to=sorted(emails), template="ceds/email/forum_post", context={"topic": topic, "post": post})
    return post


def answer_inputs(rows: Iterable[tuple[int, int, str]]) -> dict[int, AnswerInput]:
    return {pk: AnswerInput(value=value, note=note) for pk, value, note in rows}


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
    from django.utils.text import slugify

    from awards.selectors import winner_list

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
        city = entry.member.name if entry.member_id else entry.organisation_name
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
