"""Every write of membership finance: fee schedules, fee runs, invoices, credit notes, payments,
donations, reminders. Keyword-only, atomic, audited."""

from __future__ import annotations

import contextlib
import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Affiliation, Member
from wego import runs
from wego.audit import audit_record
from wego.celery import enqueue
from wego.mail import absolute_url, queue_templated_email

from . import fees
from .models import (
    CountryTier,
    Donation,
    FeeAmount,
    FeeRun,
    FeeSchedule,
    Invoice,
    InvoiceSequence,
    OtherRevenue,
    Payment,
    PopulationBand,
)
from .selectors import invoice_list_overdue

# Members per chunk (one transaction each); None reads FEE_RUN_CHUNK from the settings.
CHUNK: int | None = None

# --- Fee schedules -------------------------------------------------------------------------------

EXAMPLE_TIERS = [
    ("T1", "Lower income", Decimal("0")),
    ("T2", "Lower-middle income", Decimal("10000")),
    ("T3", "Upper-middle income", Decimal("25000")),
    ("T4", "High income", Decimal("50000")),
]
EXAMPLE_BANDS = [
    ("B1", "Under 500,000", 0),
    ("B2", "500,000 to 1 million", 500_000),
    ("B3", "1 to 5 million", 1_000_000),
    ("B4", "5 million and more", 5_000_000),
]
EXAMPLE_AMOUNTS = {
    "T1": [1000, 1500, 2000, 3000],
    "T2": [2000, 3000, 4000, 5000],
    "T3": [3000, 4500, 6000, 8000],
    "T4": [5000, 7000, 10000, 15000],
}


@transaction.atomic
def fee_schedule_create_example(*, year: int, by=None) -> FeeSchedule:
    """Create the example schedule for `year` (labelled as an example until the adopted one is entered)."""
    if FeeSchedule.objects.filter(year=year).exists():
        raise ValidationError(_("A fee schedule for %(year)s already exists.") % {"year": year})
    schedule = FeeSchedule.objects.create(
        year=year,
        status=FeeSchedule.Status.EXAMPLE,
        notes=_("Example schedule shipped with the portal. Replace the figures with the adopted schedule."),
        associate_rule=FeeSchedule.AssociateRule.PERCENT,
        associate_percent=Decimal("50"),
        friendship_fee=Decimal("2000"),
        corporate_fee=Decimal("5000"),
        institution_fee=Decimal("2000"),
    )
    tiers = [CountryTier.objects.create(schedule=schedule, code=c, name=n, min_gdp_ppp=m) for c, n, m in EXAMPLE_TIERS]
    bands = [PopulationBand.objects.create(schedule=schedule, code=c, name=n, min_population=m) for c, n, m in EXAMPLE_BANDS]
    FeeAmount.objects.bulk_create(
        FeeAmount(schedule=schedule, tier=tier, band=band, amount=Decimal(EXAMPLE_AMOUNTS[tier.code][i]))
        for tier in tiers
        for i, band in enumerate(bands)
    )
    audit_record(actor=by, action="members.fee_schedule.created", target=schedule, data={"example": True})
    return schedule


@transaction.atomic
def fee_schedule_copy(*, source: FeeSchedule, year: int, by=None) -> FeeSchedule:
    """Start next year's schedule from an existing one (same grid, marked as an example until adopted)."""
    if FeeSchedule.objects.filter(year=year).exists():
        raise ValidationError(_("A fee schedule for %(year)s already exists.") % {"year": year})
    fields = ["associate_rule", "associate_percent", "friendship_fee", "corporate_fee", "institution_fee",
              "pro_rata", "payment_days", "notes"]
    schedule = FeeSchedule.objects.create(year=year, status=FeeSchedule.Status.EXAMPLE,
                                          **{f: getattr(source, f) for f in fields})
    tier_map = {t.pk: CountryTier.objects.create(schedule=schedule, code=t.code, name=t.name, min_gdp_ppp=t.min_gdp_ppp)
                for t in source.tiers.all()}
    band_map = {b.pk: PopulationBand.objects.create(schedule=schedule, code=b.code, name=b.name,
                                                    min_population=b.min_population) for b in source.bands.all()}
    FeeAmount.objects.bulk_create(
        FeeAmount(schedule=schedule, tier=tier_map[a.tier_id], band=band_map[a.band_id], amount=a.amount)
        for a in source.amounts.all()
    )
    audit_record(actor=by, action="members.fee_schedule.copied", target=schedule, data={"from": source.year})
    return schedule


@transaction.atomic
def fee_schedule_adopt(*, schedule: FeeSchedule, by) -> FeeSchedule:
    """Mark a schedule as the adopted one (it stops carrying the 'example' label)."""
    if schedule.status == FeeSchedule.Status.ADOPTED:
        raise ValidationError(_("This schedule is already adopted."))
    missing = schedule.tiers.count() * schedule.bands.count() - schedule.amounts.count()
    if missing:
        raise ValidationError(_("Fill in every amount of the grid first (%(n)s missing).") % {"n": missing})
    schedule.status = FeeSchedule.Status.ADOPTED
    schedule.save(update_fields=["status"])
    audit_record(actor=by, action="members.fee_schedule.adopted", target=schedule)
    return schedule


@transaction.atomic
def fee_schedule_save(*, schedule: FeeSchedule, by, changed: list[str]) -> FeeSchedule:
    """Save the Secretariat's edits of a schedule's own fields (validated by their form), audited.
    Its status changes only by fee_schedule_adopt."""
    schedule.save()
    audit_record(actor=by, action="members.fee_schedule.saved", target=schedule, data={"changed": list(changed)})
    return schedule


@transaction.atomic
def fee_schedule_grid_save(*, schedule: FeeSchedule, saved=(), deleted=(), by) -> FeeSchedule:
    """Save edited rows of a schedule's grid (tiers, population bands, amounts) and delete removed ones, audited."""
    saved, deleted = list(saved), list(deleted)
    if any(row.schedule_id != schedule.pk for row in [*saved, *deleted]):
        raise ValidationError(_("Edit the rows of this schedule only."))
    for row in deleted:
        row.delete()
    for row in saved:
        row.full_clean()
        row.save()
    if saved or deleted:
        audit_record(actor=by, action="members.fee_schedule.saved", target=schedule, data={"grid": {
            "saved": [f"{type(row).__name__} {row}" for row in saved],
            "deleted": [f"{type(row).__name__} {row}" for row in deleted],
        }})
    return schedule


# --- Invoice numbers -----------------------------------------------------------------------------


def invoice_sequence_lock(*, year: int) -> InvoiceSequence:
    """Lock the invoice sequence of `year` until the current transaction ends (creating it if needed).

    Whoever issues invoices takes this lock first, then looks at what exists: two concurrent issuers
    are serialised, and the second sees what the first committed."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("the invoice sequence can only be locked inside a transaction")
    try:
        with transaction.atomic():
            InvoiceSequence.objects.get_or_create(year=year)
    except IntegrityError:
        pass  # created concurrently: it exists now
    return InvoiceSequence.objects.select_for_update().get(year=year)


def invoice_numbers_take(*, year: int, count: int) -> list[int]:
    """Take `count` consecutive numbers of `year`. Call inside the transaction that creates the
    invoices: the sequence row stays locked until it commits, and a rollback gives the numbers back,
    so numbers never have gaps, also under concurrent creation."""
    if count <= 0:
        return []
    sequence = invoice_sequence_lock(year=year)
    start = sequence.last_number + 1
    sequence.last_number += count
    sequence.save(update_fields=["last_number"])
    return list(range(start, start + count))


def invoice_number(year: int, sequence: int) -> str:
    return f"WEGO-{year}-{sequence:05d}"


def _member_language(member_id: int, focal_languages: dict[int, str]) -> str:
    return focal_languages.get(member_id, "en")


def _focal_languages(member_ids) -> dict[int, str]:
    """The preferred language of each member's first focal point (one query)."""
    rows = (
        Affiliation.objects.filter(member_id__in=list(member_ids), role=Affiliation.Role.FOCAL_POINT)
        .order_by("member_id", "created_at")
        .values_list("member_id", "user__preferred_language")
    )
    languages: dict[int, str] = {}
    for member_id, language in rows:
        languages.setdefault(member_id, language or "en")
    return languages


# --- The fee run ---------------------------------------------------------------------------------


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
        Member.objects.filter(status=Member.Status.ACTIVE, pk__gt=run.last_member_id)
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


# --- Single invoices, credit notes -----------------------------------------------------------------


def member_quote(*, member: Member, year: int) -> fees.Quote:
    """The fee `member` would pay for `year` under that year's schedule (raises NoSchedule)."""
    schedule = fees.load_schedule(year)
    economy = fees.economy_for_year(year=year, countries=[str(member.country)])
    return fees.quote(
        schedule=schedule, kind=member.kind, category=member.category, country=str(member.country),
        population=member.population, population_year=member.population_year, joined_on=member.joined_on,
        economy=economy.get(str(member.country)),
        under_verification=Member.objects.filter(pk=member.pk).filter(
            fees.under_verification(today=timezone.localdate())
        ).exists(),
    )


@transaction.atomic
def invoice_issue(*, member: Member, fee_year: int, by) -> Invoice:
    """Issue the fee invoice of one member for one year (e.g. a member accepted after the run)."""
    try:
        q = member_quote(member=member, year=fee_year)
    except fees.NoSchedule:
        raise ValidationError(_("There is no fee schedule for %(year)s.") % {"year": fee_year})
    if q.problem:
        raise ValidationError(str(fees.PROBLEM_LABELS[q.problem]))
    if not q.billable:
        raise ValidationError(str(fees.NO_FEE_LABELS.get(q.no_fee, _("No fee is due."))))
    invoice_sequence_lock(year=timezone.localdate().year)
    if Invoice.objects.filter(member=member, fee_year=fee_year, kind=Invoice.Kind.INVOICE, status=Invoice.Status.ISSUED).exists():
        raise ValidationError(_("%(member)s already has an invoice for %(year)s.") % {"member": member.name, "year": fee_year})
    invoice = _create_invoice(member=member, fee_year=fee_year, amount=q.amount, explanation=q.explanation,
                              payment_days=fees.load_schedule(fee_year).payment_days)
    audit_record(actor=by, action="members.invoice.issued", target=invoice, data={"amount": invoice.amount})
    _notify_new_invoices([invoice.pk])
    return invoice


def _create_invoice(*, member, fee_year, amount, explanation, payment_days, kind=Invoice.Kind.INVOICE, credits=None):
    today = timezone.localdate()
    (number,) = invoice_numbers_take(year=today.year, count=1)
    languages = _focal_languages([member.pk])
    try:
        with transaction.atomic():
            return Invoice.objects.create(
                number=invoice_number(today.year, number), year=today.year, sequence=number, member=member,
                fee_year=fee_year, amount=amount, issued_on=today, due_on=today + dt.timedelta(days=payment_days),
                explanation=explanation, kind=kind, credits=credits, language=languages.get(member.pk, "en"),
            )
    except IntegrityError:
        raise ValidationError(_("%(member)s already has an invoice for %(year)s.") % {"member": member.name, "year": fee_year})


@transaction.atomic
def invoice_reissue(*, invoice: Invoice, by) -> tuple[Invoice, Invoice | None]:
    """Cancel an invoice with a credit note and issue a new one from the current inputs.

    The Secretariat does this explicitly when a fee run lists the invoice as changed."""
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if invoice.kind != Invoice.Kind.INVOICE or invoice.status != Invoice.Status.ISSUED:
        raise ValidationError(_("Only an issued invoice can be reissued."))
    paid = invoice.payments.aggregate(total=Sum("amount"))["total"] or Decimal("0")
    if paid:
        raise ValidationError(_("Invoice %(number)s has payments; record a refund before reissuing it.")
                              % {"number": invoice.number})
    q = member_quote(member=invoice.member, year=invoice.fee_year)
    if q.problem:
        raise ValidationError(str(fees.PROBLEM_LABELS[q.problem]))
    invoice.status = Invoice.Status.CREDITED
    invoice.save(update_fields=["status"])
    schedule = fees.load_schedule(invoice.fee_year)
    credit = _create_invoice(member=invoice.member, fee_year=invoice.fee_year, amount=invoice.amount,
                             explanation={"credits": invoice.number}, payment_days=0,
                             kind=Invoice.Kind.CREDIT_NOTE, credits=invoice)
    new = None
    if q.billable:
        new = _create_invoice(member=invoice.member, fee_year=invoice.fee_year, amount=q.amount,
                              explanation=q.explanation, payment_days=schedule.payment_days)
    audit_record(actor=by, action="members.invoice.reissued", target=invoice,
                 data={"credit_note": credit.number, "new_invoice": new.number if new else None,
                       "old_amount": invoice.amount, "new_amount": new.amount if new else 0})
    if new:
        _notify_new_invoices([new.pk])
    return credit, new


# --- Payments -------------------------------------------------------------------------------------


@transaction.atomic
def payment_record(*, invoice: Invoice, amount: Decimal, paid_on: dt.date, by, method: str = Payment.Method.BANK_TRANSFER,
                   reference: str = "") -> Payment:
    """Record a payment (full or partial) received against an invoice. Overpayment is refused."""
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if invoice.kind != Invoice.Kind.INVOICE or invoice.status != Invoice.Status.ISSUED:
        raise ValidationError(_("Payments can only be recorded against an issued invoice."))
    amount = Decimal(amount)
    if amount <= 0:
        raise ValidationError(_("The amount must be more than zero."))
    if paid_on > timezone.localdate():
        raise ValidationError(_("The payment date cannot be in the future."))
    paid = invoice.payments.aggregate(total=Sum("amount"))["total"] or Decimal("0")
    balance = invoice.amount - paid
    if amount > balance:
        raise ValidationError(
            _("%(amount)s USD is more than the %(balance)s USD still due on invoice %(number)s.")
            % {"amount": amount, "balance": balance, "number": invoice.number}
        )
    payment = Payment.objects.create(invoice=invoice, amount=amount, paid_on=paid_on, method=method,
                                     reference=reference, recorded_by=by)
    audit_record(actor=by, action="members.payment.recorded", target=invoice,
                 data={"amount": amount, "paid_on": paid_on, "balance_after": balance - amount})
    return payment


# --- Donations and other revenue -----------------------------------------------------------------


@transaction.atomic
def donation_record(*, by, purpose: str, amount: Decimal, currency: str, amount_usd: Decimal, received_on: dt.date,
                    donor_member=None, donor_partner=None, donor_name: str = "", notes: str = "") -> Donation:
    """Record a voluntary donation (from a member, a partner or another donor)."""
    donation = Donation(donor_member=donor_member, donor_partner=donor_partner, donor_name=donor_name.strip(),
                        purpose=purpose, amount=amount, currency=currency.upper(), amount_usd=amount_usd,
                        received_on=received_on, notes=notes)
    donation.full_clean()
    donation.save()
    audit_record(actor=by, action="members.donation.recorded", target=donation, data={"amount_usd": amount_usd})
    return donation


@transaction.atomic
def other_revenue_record(*, by, description: str, amount_usd: Decimal, received_on: dt.date, source: str = "") -> OtherRevenue:
    revenue = OtherRevenue(description=description, amount_usd=amount_usd, received_on=received_on, source=source)
    revenue.full_clean()
    revenue.save()
    audit_record(actor=by, action="members.revenue.recorded", target=revenue, data={"amount_usd": amount_usd})
    return revenue


@transaction.atomic
def donation_update(*, donation: Donation, by, changed: list[str]) -> Donation:
    """Save a correction of a recorded donation (validated by the Secretariat's form), audited."""
    donation.full_clean()
    donation.save()
    audit_record(actor=by, action="members.donation.edited", target=donation, data={"changed": list(changed)})
    return donation


@transaction.atomic
def other_revenue_update(*, revenue: OtherRevenue, by, changed: list[str]) -> OtherRevenue:
    """Save a correction of recorded other revenue, audited."""
    revenue.full_clean()
    revenue.save()
    audit_record(actor=by, action="members.revenue.edited", target=revenue, data={"changed": list(changed)})
    return revenue


# --- Notifications and reminders ------------------------------------------------------------------


def _notify_new_invoices(invoice_ids: list[int]) -> None:
    enqueue("finance.tasks.invoice_notify_task", list(invoice_ids))


def invoices_notify(*, invoice_ids: list[int]) -> int:
    """Tell each member's focal points about their new invoice (one mail per invoice)."""
    invoices = Invoice.objects.filter(pk__in=invoice_ids, kind=Invoice.Kind.INVOICE).select_related("member")
    focal: dict[int, list] = {}
    for member_id, email, language in Affiliation.objects.filter(
        member_id__in=[i.member_id for i in invoices], role=Affiliation.Role.FOCAL_POINT
    ).values_list("member_id", "user__email", "user__preferred_language"):
        focal.setdefault(member_id, []).append((email, language))
    sent = 0
    for invoice in invoices:
        for email, language in focal.get(invoice.member_id, []):
            queue_templated_email(
                to=[email], template="finance/email/invoice_new",
                context={"invoice": invoice, "url": absolute_url(reverse("finance:invoices"))}, language=language,
            )
            sent += 1
    return sent


def invoice_reminders_send(*, today: dt.date | None = None) -> int:
    """Remind focal points of overdue invoices, at most once a week per invoice."""
    today = today or timezone.localdate()
    week_ago = timezone.now() - dt.timedelta(days=7)
    sent = 0
    with transaction.atomic():
        due_ids = list(invoice_list_overdue(today=today).exclude(last_reminder_at__gt=week_ago).values_list("pk", flat=True))
        overdue = list(Invoice.objects.select_for_update(skip_locked=True).filter(pk__in=due_ids).select_related("member"))
        if not overdue:
            return 0
        focal: dict[int, list[tuple[str, str]]] = {}
        for member_id, email, language in Affiliation.objects.filter(
            member_id__in=[i.member_id for i in overdue], role=Affiliation.Role.FOCAL_POINT
        ).values_list("member_id", "user__email", "user__preferred_language"):
            focal.setdefault(member_id, []).append((email, language))
        for invoice in overdue:
            for email, language in focal.get(invoice.member_id, []):
                queue_templated_email(to=[email], template="finance/email/invoice_reminder",
                                      context={"invoice": invoice}, language=language)
                sent += 1
        Invoice.objects.filter(pk__in=[i.pk for i in overdue]).update(last_reminder_at=timezone.now())
        audit_record(action="members.invoice.reminders_sent", data={"invoices": len(overdue), "mails": sent})
    return sent
