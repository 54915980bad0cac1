"""wego.registry: apps offer open tasks and demo loaders without wego (or each other) importing them."""

import io

import pytest

from wego.registry import Registry, demo_loaders, open_tasks


def test_a_registry_keeps_providers_in_order_once_and_resolves_dotted_paths():
    registry = Registry("test")
    registry.register("tests.wego.test_registry._two", order=20, name="two")
    registry.register(_one, order=10, name="one")
    registry.register(_one, order=10, name="one")
    assert [e.name for e in registry] == ["one", "two"]
    assert _one in registry and registry._providers == [_one, "tests.wego.test_registry._two"]
    assert registry.collect(x=1) == [("one", 1), ("two", 1)]


def _one(*, x):
    return [("one", x)]


def _two(*, x):
    return [("two", x)]


def test_every_app_registers_its_demo_loader_in_dependency_order():
    names = [entry.name for entry in demo_loaders]
    assert names == ["topics", "members", "finance", "governance", "awards", "ceds", "feasibility", "training"]
    assert [e for e in demo_loaders if e.get("accounts")][0].name == "members"


def test_every_app_registers_its_open_tasks():
    modules = {getattr(p, "__module__", "") for p in open_tasks._providers}
    assert {
        "members.open_tasks",
        "governance.open_tasks",
        "ceds.open_tasks",
        "feasibility.open_tasks",
        "awards.open_tasks",
        "training.open_tasks",
    } <= modules


@pytest.mark.django_db
def test_seed_demo_runs_the_registered_loaders(monkeypatch):
    from django.core.management import call_command

    calls = []
    fake = Registry("demo loaders")
    fake.register(lambda *, stdout: calls.append("b") or "2 things", name="b", order=2)
    fake.register(
        lambda *, stdout: calls.append("a"),
        name="a",
        order=1,
        accounts=lambda *, stdout: stdout.write("accounts of a"),
    )
    monkeypatch.setattr("wego.management.commands.seed_demo.demo_loaders", fake)
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert calls == ["a", "b"]
    assert "b: 2 things" in out.getvalue() and "accounts of a" in out.getvalue()


def test_demo_helpers_read_dates_and_hash_the_password_once():
    import datetime as dt

    from django.contrib.auth.hashers import check_password
    from django.utils import timezone

    from wego.demo import aware, demo_password_hash, iso_date

    assert iso_date("2016-05-23") == dt.date(2016, 5, 23) and iso_date("") is None and iso_date(None) is None
    nine = aware(dt.date(2016, 5, 23), 9, seconds=90)
    assert timezone.is_aware(nine) and timezone.localtime(nine).time() == dt.time(9, 1, 30)
    assert timezone.localtime(aware("2016-05-23T10:30")).time() == dt.time(10, 30)
    assert demo_password_hash() is demo_password_hash()
    from django.conf import settings

    assert check_password(settings.DEMO_PASSWORD, demo_password_hash())
