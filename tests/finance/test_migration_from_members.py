"""The finance models moved from members/ to finance/ without moving data (issue 13, point 1).

A database as it was on main before the move (members at 0007, no finance app), with invoices,
payments, a fee run, an audit entry on an invoice, a permission granted to a group and a beat
schedule in it, is migrated forward to the new leaves, read through finance.models, then migrated
back and read through the old state's models again.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import MemberFactory, UserFactory
from wego.models import AuditEntry

pytestmark = pytest.mark.django_db(transaction=True)

MAIN_MEMBERS_LEAF = ("members", "0007_application_verification_period")
MOVED = ["countryeconomy", "feeschedule", "countrytier", "populationband", "feeamount", "feerun",
         "invoicesequence", "invoice", "payment", "donation", "otherrevenue"]


def _main_targets(executor: MigrationExecutor) -> list[tuple[str, str | None]]:
    """The leaves of main before the move: members at 0007, no finance migration, the rest as now."""
    leaves = [n for n in executor.loader.graph.leaf_nodes() if n[0] not in ("members", "finance")]
    return [*leaves, MAIN_MEMBERS_LEAF, ("finance", None)]


def _migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    ContentType.objects.clear_cache()
    return executor


def _old_state_apps(executor: MigrationExecutor):
    nodes = [t for t in _main_targets(executor) if t[1] is not None]
    return executor.loader.project_state(nodes).apps


def _new_leaves() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _seed_old_world(old_apps) -> dict:
    """Rows written as main wrote them: through the members app's models of that state."""
    Member = old_apps.get_model("members", "Member")
    FeeRun = old_apps.get_model("members", "FeeRun")
    Invoice = old_apps.get_model("members", "Invoice")
    Payment = old_apps.get_model("members", "Payment")
    OldContentType = old_apps.get_model("contenttypes", "ContentType")
    PeriodicTask = old_apps.get_model("django_celery_beat", "PeriodicTask")
    IntervalSchedule = old_apps.get_model("django_celery_beat", "IntervalSchedule")

    seoul = Member.objects.get(pk=MemberFactory(name="Seoul", country="KR").pk)
    run = FeeRun.objects.create(year=2026, status="done", total=1, processed=1, created_count=1)
    invoice = Invoice.objects.create(
        number="WEGO-2026-00001", year=2026, sequence=1, member=seoul, fee_year=2026, amount=Decimal("20000.00"),
        issued_on=dt.date(2026, 1, 15), due_on=dt.date(2026, 4, 15), fee_run=run,
        explanation={"schedule_status": "adopted"},
    )
    credit = Invoice.objects.create(
        number="WEGO-2026-00002", year=2026, sequence=2, member=seoul, fee_year=2026, amount=Decimal("-20000.00"),
        kind="credit_note", issued_on=dt.date(2026, 2, 1), due_on=dt.date(2026, 2, 1), credits=invoice,
    )
    Invoice.objects.filter(pk=invoice.pk).update(status="credited")
    Payment.objects.create(invoice=invoice, amount=Decimal("5000.00"), paid_on=dt.date(2026, 3, 1), reference="T-1")

    # On a database of main the moved models' content types are the members app's.
    invoice_type = OldContentType.objects.get(app_label="members", model="invoice")
    AuditEntry.objects.create(action="members.invoice.issued", target_type_id=invoice_type.pk,
                              target_id=str(invoice.pk), target_repr=invoice.number)
    accountants = Group.objects.create(name="accountants")
    accountants.permissions.add(Permission.objects.get(content_type_id=invoice_type.pk, codename="view_invoice"))
    every_day = IntervalSchedule.objects.create(every=1, period="days")
    PeriodicTask.objects.create(name="invoice reminders (kept from main)", interval=every_day,
                                task="members.tasks.invoice_reminders_task")
    return {"member": seoul.pk, "invoice": invoice.pk, "credit": credit.pk, "run": run.pk,
            "invoice_type": invoice_type.pk}


def _assert_read_through_finance(ids: dict, *, clerk_email: str) -> None:
    from django_celery_beat.models import PeriodicTask

    from finance.models import FeeRun, Invoice, Payment
    from members.models import Member

    invoice = Invoice.objects.select_related("member", "fee_run").get(pk=ids["invoice"])
    assert (invoice.number, invoice.amount, invoice.status) == ("WEGO-2026-00001", Decimal("20000.00"), "credited")
    assert invoice.member.name == "Seoul" and invoice.fee_run_id == ids["run"]
    assert [c.pk for c in invoice.credit_notes.all()] == [ids["credit"]]
    assert [p.amount for p in Payment.objects.filter(invoice=invoice)] == [Decimal("5000.00")]
    assert FeeRun.objects.get(pk=ids["run"]).created_count == 1
    assert list(Member.objects.get(pk=ids["member"]).invoices.order_by("sequence").values_list("number", flat=True)) == [
        "WEGO-2026-00001", "WEGO-2026-00002"]
    # The content types followed the models, keeping their ids: the audit log's target and the
    # group's permission still point to the invoice.
    assert ContentType.objects.get_for_model(Invoice).pk == ids["invoice_type"]
    assert not ContentType.objects.filter(app_label="members", model__in=MOVED).exists()
    entry = AuditEntry.objects.get(action="members.invoice.issued")
    assert entry.target_type.get_object_for_this_type(pk=entry.target_id) == invoice
    clerk = UserFactory(email=clerk_email)
    clerk.groups.add(Group.objects.get(name="accountants"))
    assert clerk.has_perm("finance.view_invoice")
    assert PeriodicTask.objects.get(name="invoice reminders (kept from main)").task == "finance.tasks.invoice_reminders_task"


def test_a_database_of_main_with_invoices_migrates_to_the_finance_app_and_back():
    executor = _migrate(_main_targets(MigrationExecutor(connection)))
    old_apps = _old_state_apps(executor)
    assert not old_apps.is_installed("finance")
    ids = _seed_old_world(old_apps)

    _migrate(_new_leaves())
    _assert_read_through_finance(ids, clerk_email="clerk@example.org")

    # Backward: the old state's models read the same rows, under the members app's content types again.
    executor = _migrate(_main_targets(MigrationExecutor(connection)))
    old_apps = _old_state_apps(executor)
    invoice = old_apps.get_model("members", "Invoice").objects.get(pk=ids["invoice"])
    assert (invoice.number, invoice.amount, invoice.member_id) == ("WEGO-2026-00001", Decimal("20000.00"), ids["member"])
    assert old_apps.get_model("members", "Payment").objects.get(invoice_id=ids["invoice"]).amount == Decimal("5000.00")
    assert ContentType.objects.get(app_label="members", model="invoice").pk == ids["invoice_type"]
    periodic = old_apps.get_model("django_celery_beat", "PeriodicTask").objects.get(name="invoice reminders (kept from main)")
    assert periodic.task == "members.tasks.invoice_reminders_task"

    # Migrated back, `migrate` would create the finance app's content types again (post_migrate).
    # Forward once more: the old rows are kept and the new, empty ones merged into them.
    stale = ContentType.objects.create(app_label="finance", model="invoice")
    Permission.objects.create(content_type=stale, codename="view_invoice", name="Can view invoice")
    _migrate(_new_leaves())
    _assert_read_through_finance(ids, clerk_email="clerk2@example.org")
    assert not ContentType.objects.filter(pk=stale.pk).exists()
    assert Permission.objects.filter(content_type_id=ids["invoice_type"], codename="view_invoice").count() == 1
