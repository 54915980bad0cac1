"""The membership app's layout (issue 13, points 4 and 6): services and admin are packages whose callers'
imports keep working, no module is over 600 lines, the services and selectors import at top level, the
services read the clock through services.clock, and other apps' admins
borrow from wego.admin_actions."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest
from django.contrib import admin
from django.utils import timezone

import members.services.applications
import members.services.officials
from members import services
from members.admin import MemberAdmin
from members.models import Member
from wego.admin_actions import admin_action_add

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "members"
MAX_LINES = 600
DATA = {"demo_data.py"}  # figures, not code


def _imports_inside_functions(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            found += [f"{path.relative_to(ROOT)}:{inner.lineno}" for inner in ast.walk(node)
                      if isinstance(inner, ast.Import | ast.ImportFrom)]
    return found


def test_no_module_of_the_app_is_over_600_lines():
    long = {
        str(p.relative_to(ROOT)): n
        for p in APP.rglob("*.py")
        if "migrations" not in p.parts and p.name not in DATA and (n := len(p.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}


def test_services_and_admin_are_packages():
    for name in ("services", "admin"):
        assert (APP / name / "__init__.py").exists() and not (APP / f"{name}.py").exists()


def test_services_and_selectors_import_nothing_inside_functions():
    paths = [*(APP / "services").rglob("*.py"), APP / "selectors.py"]
    assert [where for path in paths for where in _imports_inside_functions(path)] == []


def test_every_service_is_reachable_from_the_package():
    for name in services.__all__:
        assert callable(getattr(services, name)) or name.isupper(), name
    assert services.application_accept is members.services.applications.application_accept
    assert services.invitation_send is members.services.officials.invitation_send


def test_moving_the_package_clock_moves_every_service(monkeypatch):
    moved = timezone.now() + dt.timedelta(days=3)
    monkeypatch.setattr(services.clock, "timezone_now", lambda: moved)
    monkeypatch.setattr(services.clock, "timezone_today", lambda: moved.date())
    assert services.clock.now() == moved
    assert services.clock.today() == moved.date()


def test_the_admin_package_registers_every_membership_model():
    registered = {model.__name__ for model in admin.site._registry if model._meta.app_label == "members"}
    assert registered == {
        "User", "Member", "Affiliation", "RegionalOffice", "MembershipApplication", "MembershipDecision",
        "WithdrawalRequest", "Invitation", "Partner", "PartnerAPIKey",
    }
    assert isinstance(admin.site.get_model_admin(Member), MemberAdmin)


@pytest.fixture
def member_actions():
    before = list(MemberAdmin.actions)
    yield
    MemberAdmin.actions = before


def test_other_apps_add_member_actions_once_by_name(member_actions):
    def archive_members(modeladmin, request, queryset):
        return None

    admin_action_add(Member, archive_members)
    admin_action_add(Member, archive_members)
    names = [getattr(a, "__name__", a) for a in MemberAdmin.actions]
    assert names.count("archive_members") == 1
    # finance's action is added through the same hook.
    assert "issue_invoice" in names
