"""The framework as versioned data: the migration, the command, publishing."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from ceds import services
from ceds.loading import FRAMEWORK_V1, FrameworkFileError, load_framework, read_json
from ceds.models import Dimension, FrameworkVersion, Indicator, Module, ModuleLink, SystemGroup, SystemItem
from ceds.selectors import framework_current
from tests.factories.ceds import reported_investigation, small_framework

pytestmark = pytest.mark.django_db


def test_migration_loaded_framework_v1_and_modules():
    version = FrameworkVersion.objects.get(version="2026.1")
    assert version.is_published and version.published_at
    assert framework_current() == version
    assert Dimension.objects.filter(version=version).count() == 6
    assert set(Dimension.objects.filter(version=version, side="internal").values_list("code", flat=True)) == {"GM", "PI", "RC"}
    assert Indicator.objects.filter(version=version).count() == 96
    assert SystemGroup.objects.filter(version=version).count() == 4
    assert SystemItem.objects.filter(version=version).count() == 112
    eadm2 = SystemItem.objects.get(version=version, code="EADM-02")
    assert set(eadm2.requires.values_list("code", flat=True)) == {"EADM-01", "EINF-06"}
    assert Module.objects.count() == 24
    assert ModuleLink.objects.filter(module__slug="seoul-120-dasan-call-center", code="PS-07").exists()


def test_load_command_is_idempotent(capsys):
    before = (Indicator.objects.count(), SystemItem.objects.count(), SystemItem.requires.through.objects.count())
    call_command("ceds_load_framework", str(FRAMEWORK_V1))
    call_command("ceds_load_framework", str(FRAMEWORK_V1))
    after = (Indicator.objects.count(), SystemItem.objects.count(), SystemItem.requires.through.objects.count())
    assert before == after
    assert FrameworkVersion.objects.count() == 1
    assert "2026.1" in capsys.readouterr().out


def test_load_command_loads_a_new_version_as_draft(tmp_path):
    data = read_json(FRAMEWORK_V1)
    data["version"] = "2027.1"
    data["dimensions"][0]["indicators"][0]["weight"] = 9
    path = tmp_path / "f.json"
    path.write_text(json.dumps(data))
    call_command("ceds_load_framework", str(path), "--draft")
    new = FrameworkVersion.objects.get(version="2027.1")
    assert new.status == "draft"
    assert framework_current().version == "2026.1"
    assert Indicator.objects.get(version__version="2026.1", code="GM-01").weight == 3
    assert Indicator.objects.get(version=new, code="GM-01").weight == 9


def test_invalid_file_is_refused():
    data = read_json(FRAMEWORK_V1)
    data["system_groups"][0]["systems"][0]["requires"] = ["NOPE-1"]
    with pytest.raises(FrameworkFileError, match="NOPE-1"):
        load_framework(data, get_model=services._get_model)


def test_publishing_a_new_version_never_changes_past_results(member, secretariat):
    old = FrameworkVersion.objects.get(version="2026.1")
    inv = reported_investigation(member, version=old, level=2, value=2)
    before = {s.kind + s.code: s.score for s in inv.scores.all()}
    new = services.framework_copy(version=old, new_version="2027.1", by=secretariat)
    Indicator.objects.filter(version=new).update(weight=7)
    services.framework_publish(version=new, by=secretariat)
    assert framework_current() == new
    inv.refresh_from_db()
    assert inv.version == old
    assert {s.kind + s.code: s.score for s in inv.scores.all()} == before
    assert set(inv.maturity_answers.values_list("indicator__version", flat=True)) == {old.pk}
    with pytest.raises(ValidationError):
        services.framework_publish(version=new, by=secretariat)


def test_small_framework_is_separate(member):
    fv = small_framework()
    assert fv.indicators.count() == 3
    assert SystemItem.objects.get(version=fv, code="S-3").requires.count() == 2
