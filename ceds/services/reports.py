"""Reports I–III: computed by a Celery task that claims the run (wego.runs), resumed when its worker dies, recomputed in batches."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max, OuterRef, Q, Subquery
from django.utils import timezone

from members.models import Member
from wego import runs
from wego.audit import audit_record
from wego.celery import enqueue

from .. import scoring
from ..models import (
    FrameworkVersion,
    Investigation,
    MaturityAnswer,
    Report,
    Score,
    SystemAnswer,
)
from ..selectors import answer_codes, framework_snapshot
from ..workflows import INVESTIGATION
from .library import _action_items_generate, _action_items_generate_batch

__all__ = [
    "reports_compute",
    "reports_queue",
    "reports_claim",
    "reports_release",
    "reports_mark_running",
    "reports_mark_failed",
    "reports_resume_stale",
    "reports_recompute_all",
    "scores_mark_latest_all",
]

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
        investigation_id=latest  # type: ignore[misc]  # None when no investigation has scores
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
    locked = Investigation.objects.select_for_update().select_related("member").get(pk=investigation.pk)
    if token is not None and locked.worker != token:
        raise runs.RunLost
    INVESTIGATION.check(locked, "report")
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


def _reportable():
    """The investigations whose reports can be computed: the states the "report" transition starts from."""
    return Q(status__in=INVESTIGATION.transition("report").sources)


@transaction.atomic
def reports_queue(*, investigation: Investigation, by) -> Investigation:
    """Queue the computation of a submitted investigation's reports again (the Secretariat, e.g. after
    a correction of the framework's weights); the task replaces the reports once it runs."""
    locked = Investigation.objects.select_for_update().get(pk=investigation.pk)
    INVESTIGATION.check(locked, "recompute")
    audit_record(actor=by, action="ceds.reports.queued", target=locked)
    enqueue("ceds.tasks.compute_reports_task", locked.pk)
    return locked


def reports_claim(*, investigation_id: int, token: str) -> bool:
    """Take the report computation of a submitted investigation for one task execution (one
    conditional UPDATE, committed at once so the page shows it). Refused only while another worker
    computes it with a fresh heartbeat; a stale computation (its worker died) is taken over."""
    with transaction.atomic():
        previous = _report_run(investigation_id).select_related("member").first()
        claimed = runs.claim(
            _report_run(investigation_id).filter(_reportable()),
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
            enqueue("ceds.tasks.compute_reports_task", investigation.pk)
        requeued += 1
    return requeued


def reports_recompute_all(*, version: FrameworkVersion | None = None, batch_size: int = 500, stdout=None) -> int:
    """Recompute every submitted investigation's reports, in batches (one transaction per batch).

    Used after a correction of a framework version's weights (by the Secretariat, before or just after
    publishing) and by the benchmark. Answers are read per batch in two queries; reports and scores are
    replaced with bulk writes. Returns the number of investigations recomputed.
    """
    qs = Investigation.objects.filter(_reportable())
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
