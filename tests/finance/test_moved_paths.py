"""What moved with the finance app keeps working where people and machines reach it (issue 13, point 1)."""

from __future__ import annotations

import pytest
from django.urls import resolve, reverse

from wego.celery import app as celery_app

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("name", "args", "path"), [
    ("finance:invoices", [], "/members/my/invoices/"),
    ("finance:invoice-pdf", [7], "/members/my/invoices/7.pdf"),
    ("finance:fee-grid", [], "/members/fees/"),
    ("finance:fee-grid-year", [2026], "/members/fees/2026/"),
    ("finance:finance-report", [], "/members/finance/"),
    ("finance:finance-report", [2026], "/members/finance/2026/"),
    ("finance:finance-report-csv", [2026], "/members/finance/2026.csv"),
    ("finance:finance-report-pdf", [2026], "/members/finance/2026.pdf"),
    ("api:fee-schedule", [], "/api/v1/fee-schedule/"),
    ("api:member-fee-quote", [3], "/api/v1/members/3/fee-quote/"),
])
def test_the_pages_and_the_api_keep_their_paths(name, args, path):
    assert reverse(name, args=args) == path
    assert resolve(path).func.__module__.startswith("finance.")


def test_the_finance_paths_are_not_taken_for_member_profiles():
    """/members/<slug>/ is a member's profile: "fees" and "finance" still go to the finance pages."""
    assert resolve("/members/fees/").func.__module__ == "finance.views"
    assert resolve("/members/finance/").func.__module__ == "finance.views"
    assert resolve("/members/seoul/").func.__module__.startswith("members.")


@pytest.mark.parametrize("old", [
    "/admin/members/invoice/", "/admin/members/feerun/12/change/", "/admin/members/countryeconomy/import/",
])
def test_old_admin_links_of_the_finance_models_redirect_permanently(client, old):
    response = client.get(f"{old}?q=WEGO")
    assert response.status_code == 301
    assert response["Location"] == old.replace("/admin/members/", "/admin/finance/") + "?q=WEGO"


def test_the_members_admin_pages_are_not_redirected(client):
    assert client.get("/admin/members/member/").status_code != 301


def test_the_beat_schedule_names_registered_tasks(settings):
    celery_app.loader.import_default_modules()
    finance_entries = {k: v["task"] for k, v in settings.CELERY_BEAT_SCHEDULE.items() if "fee" in k or "invoice" in k}
    assert finance_entries == {
        "invoice-reminders": "finance.tasks.invoice_reminders_task",
        "runs-resume-stale-fee-runs": "finance.tasks.fee_runs_resume_stale_task",
    }
    for task in finance_entries.values():
        assert task in celery_app.tasks
    assert {"finance.tasks.fee_run_task", "finance.tasks.invoice_notify_task"} <= set(celery_app.tasks)
    assert not [name for name in celery_app.tasks if name.startswith("members.tasks.")]


def test_the_secretariat_group_gets_the_finance_permissions():
    from django.contrib.auth.models import Group

    from members.services import roles_sync

    roles_sync()
    codenames = set(Group.objects.get(name="secretariat").permissions.filter(
        content_type__app_label="finance").values_list("codename", flat=True))
    assert {"view_invoice", "add_feerun", "change_feeschedule", "view_countryeconomy", "add_donation"} <= codenames
