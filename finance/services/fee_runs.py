"""The fee run: "compute the fees of year Y" for every active member, in chunks, surviving a killed worker."""

from __future__ import annotations

import contextlib
import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Member
from wego import runs
from wego.audit import audit_record
from wego.celery import enqueue

from .. import fees
from ..models import FeeRun, FeeSchedule, Invoice
from .invoices import (
    _focal_languages,
    _member_language,
    invoice_number,
    invoice_numbers_take,
    invoice_sequence_lock,
)

# Members per chunk of a fee run (one transaction each); None reads FEE_RUN_CHUNK from the settings.
CHUNK: int | None = None

__all__ = ["fee_run_execute", "fee_run_mark_failed", "fee_run_resume", "fee_run_start", "fee_runs_resume_stale"]


def _already_running_message(year: int) -> str:
    active = FeeRun.objects.filter(year=year, status__in=FeeRun.ACTIVE).first()
    message = _("Fees for %(year)s are already being computed.") % {"year": year}
    if active is not None and (active.is_stale or _queued_and_stale(active)):
        message += " " + _("Its worker has stopped reporting: resume run %(run)s from the fee run list.") % {"run": active.pk}
    return message


def _queued_and_stale(run: FeeRun) -> bool:
    return run.status == FeeRun.Status.QUEUED and (
        run.heartbeat_at is None or run.heartbeat_at < timezone.now() - runs.stale_after()
    )


@transaction.atomic
def fee_run_start(*, year: int, by) -> FeeRun:
    """Queue "compute fees for year Y". At most one queued or running run per year: a database
    constraint, so two concurrent starts give one run and a clear refusal."""
    if not FeeSchedule.objects.filter(year=year).exists():
        raise ValidationError(_("Enter the fee schedule of %(year)s before computing its fees.") % {"year": year})
    if FeeRun.objects.filter(year=year, status__in=FeeRun.ACTIVE).exists():
        raise ValidationError(_already_running_message(year))
    try:
        with transaction.atomic():
            run = FeeRun.objects.create(year=year, created_by=by, heartbeat_at=timezone.now())
    except IntegrityError:  # another start committed between the check and the insert
        raise ValidationError(_already_running_message(year)) from None
    audit_record(actor=by, action="members.fee_run.queued", target=run, data={"year": year})
    enqueue("finance.tasks.fee_run_task", run.pk)
    return run


@transaction.atomic
def fee_run_resume(*, run: FeeRun, by) -> FeeRun:
    """Queue again a fee run whose worker died (stale heartbeat) or that failed. It continues after
    the last member committed: nothing is issued twice and its counts stay those of the database."""
    locked = FeeRun.objects.select_for_update().get(pk=run.pk)
    if locked.status == FeeRun.Status.DONE:
        raise ValidationError(_("This fee run is finished: there is nothing to resume."))
    if locked.status == FeeRun.Status.RUNNING and not locked.is_stale:
        raise ValidationError(
            _("This fee run is still running on a live worker (last heartbeat at %(time)s); it cannot be resumed.")
            % {"time": timezone.localtime(locked.heartbeat_at).strftime("%H:%M:%S")}
        )
    if locked.status == FeeRun.Status.QUEUED and not _queued_and_stale(locked):
        raise ValidationError(_("This fee run is queued and starts as soon as a worker is free."))
    try:
        with transaction.atomic():
            FeeRun.objects.filter(pk=locked.pk).update(
                status=FeeRun.Status.QUEUED, worker="", heartbeat_at=timezone.now(), error="", finished_at=None
            )
    except IntegrityError:
        raise ValidationError(
            _("Another fee run for %(year)s is already queued or running.") % {"year": locked.year}
        ) from None
    audit_record(actor=by, action="members.fee_run.resumed", target=locked,
                 data={"from_status": locked.status, "processed": locked.processed, "worker": locked.worker})
    enqueue("finance.tasks.fee_run_task", locked.pk)
    locked.refresh_from_db()
    return locked


def fee_runs_resume_stale() -> int:
    """Queue again every running fee run whose worker stopped beating (beat runs this every minute).

    The status goes back to queued with one conditional UPDATE per run, so two beats never queue the
    same run twice; the next worker claims it and continues where the dead one stopped."""
    requeued = 0
    for run in FeeRun.objects.filter(runs.stale_q()).only("pk", "year", "status", "processed", "total", "worker"):
        with transaction.atomic():
            if not FeeRun.objects.filter(runs.stale_q(), pk=run.pk).update(
                status=FeeRun.Status.QUEUED, worker="", heartbeat_at=timezone.now()
            ):
                continue
            audit_record(action="members.fee_run.requeued", target=run,
                         data={"stale_worker": run.worker, "processed": run.processed})
            enqueue("finance.tasks.fee_run_task", run.pk)
        requeued += 1
    return requeued


def fee_run_mark_failed(*, run_id: int, error: str) -> None:
    """Record that the fee run task gave up (the page says so; staff may resume it)."""
    with transaction.atomic():
        if FeeRun.objects.filter(pk=run_id, status__in=FeeRun.ACTIVE).update(
            status=FeeRun.Status.FAILED, error=error[:2000], worker="", finished_at=timezone.now()
        ):
            audit_record(action="members.fee_run.failed", target=FeeRun.objects.get(pk=run_id),
                         data={"error": error[:2000]})


def fee_run_execute(*, run: FeeRun, notify: bool = True, token: str | None = None) -> FeeRun:
    """Price every active member for the run's year and issue the missing invoices.

    Idempotent: a member already invoiced for the year gets no second invoice; if its inputs changed
    since, the difference is listed and only the Secretariat's reissue action changes the invoice.
    Set-based: the members, their economy figures and existing invoices are read once; each chunk
    of FEE_RUN_CHUNK members is written in one transaction that also records the progress.

    Survives a killed worker: the run is claimed first (a queued run, or a running one whose
    heartbeat is stale); each chunk holds the claim, commits its invoices with the cursor
    (`last_member_id`), the heartbeat and the counts recomputed from the database. A worker that
    finds the run held by a live worker returns at once; one that lost its claim writes nothing.
    """
    token = token or runs.new_token()
    run.refresh_from_db()
    if run.status in (FeeRun.Status.DONE, FeeRun.Status.FAILED):
        return run
    previous = (run.status, run.worker)
    if not runs.claim(FeeRun.objects.filter(pk=run.pk), token=token, waiting=Q(status=FeeRun.Status.QUEUED),
                      attempts=F("attempts") + 1, started_at=Coalesce(F("started_at"), Value(timezone.now()))):
        run.refresh_from_db()
        return run
    run.refresh_from_db()
    if previous[0] == FeeRun.Status.RUNNING:
        audit_record(action="members.fee_run.taken_over", target=run,
                     data={"stale_worker": previous[1], "worker": token, "processed": run.processed})
    try:
        _fee_run_work(run=run, token=token, notify=notify)
    except runs.RunLost:
        pass  # another worker took the run over; this worker's last chunk was rolled back
    except Exception:
        # Give the run back so a retry (or the next worker) continues it; if the database is gone
        # too, the heartbeat simply goes stale.
        with contextlib.suppress(Exception):
            runs.release(FeeRun.objects.filter(pk=run.pk), token=token, status=FeeRun.Status.QUEUED)
        raise
    run.refresh_from_db()
    return run


def _fee_run_work(*, run: FeeRun, token: str, notify: bool) -> None:
    held = FeeRun.objects.filter(pk=run.pk)
    try:
        schedule = fees.load_schedule(run.year)
    except fees.NoSchedule:
        message = _("There is no fee schedule for %(year)s.") % {"year": run.year}
        with transaction.atomic():
            runs.hold(held, token=token)
            runs.release(held, token=token, status=FeeRun.Status.FAILED, error=message, finished_at=timezone.now())
            audit_record(action="members.fee_run.failed", target=run, data={"error": message})
        return
    members = list(
        Member.objects.active().filter(pk__gt=run.last_member_id)
        .annotate(under_verification=fees.under_verification(today=timezone.localdate()))
        .order_by("pk")
        .values("pk", "name", "kind", "category", "country", "population", "population_year", "joined_on",
                "under_verification")
    )
    economy = fees.economy_for_year(year=run.year)
    processed, unchanged = run.processed, run.unchanged_count
    unpriced, not_billed, differences = list(run.unpriced), list(run.not_billed), list(run.differences)
    if not runs.beat(held, token=token, total=processed + len(members)):
        raise runs.RunLost
    today = timezone.localdate()
    due = today + dt.timedelta(days=schedule.payment_days)
    size = CHUNK or settings.FEE_RUN_CHUNK
    for start in range(0, len(members), size):
        chunk = members[start:start + size]
        with transaction.atomic():
            runs.hold(held, token=token)  # still ours; a takeover waits for this chunk to commit
            invoice_sequence_lock(year=today.year)  # serialise issuers before reading what exists
            ids = [m["pk"] for m in chunk]
            existing = {
                inv.member_id: inv
                for inv in Invoice.objects.select_for_update().filter(
                    member_id__in=ids, fee_year=run.year, kind=Invoice.Kind.INVOICE, status=Invoice.Status.ISSUED
                ).only("pk", "member_id", "number", "amount", "explanation", "fee_run_id")
            }
            languages = _focal_languages(ids)
            to_create = []
            for m in chunk:
                q = fees.quote(
                    schedule=schedule,
                    kind=m["kind"],
                    category=m["category"],
                    country=str(m["country"]),
                    population=m["population"],
                    population_year=m["population_year"],
                    joined_on=m["joined_on"],
                    economy=economy.get(str(m["country"])),
                    under_verification=m["under_verification"],
                )
                if q.problem:
                    unpriced.append({"member": m["pk"], "name": m["name"], "reason": q.problem,
                                     "message": str(fees.PROBLEM_LABELS[q.problem])})
                    continue
                if not q.billable:
                    not_billed.append({"member": m["pk"], "name": m["name"], "reason": q.no_fee,
                                       "message": str(fees.NO_FEE_LABELS.get(q.no_fee, ""))})
                    continue
                old = existing.get(m["pk"])
                if old is not None:
                    if old.fee_run_id == run.pk:
                        continue  # issued by this very run: counted from the database below
                    unchanged += 1
                    if fees.comparable(old.explanation) != fees.comparable(q.explanation):
                        differences.append({
                            "member": m["pk"], "name": m["name"], "invoice": old.number,
                            "invoiced": str(old.amount), "now": str(q.amount),
                            "was": fees.comparable(old.explanation), "is": fees.comparable(q.explanation),
                        })
                    continue
                to_create.append((m, q))
            numbers = invoice_numbers_take(year=today.year, count=len(to_create))
            created = Invoice.objects.bulk_create(
                Invoice(
                    number=invoice_number(today.year, n), year=today.year, sequence=n, member_id=m["pk"],
                    fee_year=run.year, amount=q.amount, issued_on=today, due_on=due, explanation=q.explanation,  # type: ignore[misc]
                    language=_member_language(m["pk"], languages), fee_run=run,
                )
                for n, (m, q) in zip(numbers, to_create, strict=True)
            )
            processed += len(chunk)
            if not runs.beat(
                held, token=token, processed=processed, last_member_id=chunk[-1]["pk"],
                created_count=_issued_by(run), unchanged_count=unchanged,
                unpriced=unpriced, not_billed=not_billed, differences=differences,
            ):
                raise runs.RunLost  # taken over meanwhile: roll this chunk back
            chunk_ids = [inv.pk for inv in created]
            if notify and chunk_ids:
                enqueue("finance.tasks.invoice_notify_task", chunk_ids)
    with transaction.atomic():
        runs.hold(held, token=token)
        created_count = _issued_by(run)
        runs.release(held, token=token, status=FeeRun.Status.DONE, finished_at=timezone.now(),
                     created_count=created_count, processed=processed, total=processed)
        audit_record(
            action="members.fee_run.done",
            target=run,
            data={"year": run.year, "created": created_count, "unpriced": len(unpriced),
                  "differences": len(differences)},
        )


def _issued_by(run: FeeRun) -> int:
    """The invoices this run issued, counted in the database (true after any number of takeovers)."""
    return Invoice.objects.filter(fee_run_id=run.pk, kind=Invoice.Kind.INVOICE).count()
