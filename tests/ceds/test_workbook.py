"""The offline Excel workbook: round trip and bad uploads (row-level errors, nothing written)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from ceds import services
from ceds.models import Indicator, MaturityAnswer, SystemAnswer
from ceds.workbook import workbook_build, workbook_import

pytestmark = pytest.mark.django_db


def _upload(wb) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("ceds.xlsx", buffer.getvalue())


@pytest.fixture
def investigation(member, official):
    inv = services.investigation_create(member=member, by=official, year=2026)
    first = Indicator.objects.filter(version=inv.version).order_by("dimension__order", "order").first()
    services.answers_save(investigation=inv, maturity={first.pk: services.AnswerInput(3, "Online note")}, by=official)
    return inv


def test_workbook_layout(investigation):
    wb = load_workbook(io.BytesIO(workbook_build(investigation=investigation)))
    assert wb.sheetnames == ["About", "Maturity", "Systems"]
    assert wb["About"]["B2"].value == "2026.1"
    maturity = wb["Maturity"]
    assert maturity.column_dimensions["A"].hidden
    assert maturity.protection.sheet
    assert maturity.max_row == 97 and wb["Systems"].max_row == 113
    assert maturity["A2"].value == "GM-01" and maturity["E2"].value == 3 and maturity["F2"].value == "Online note"
    assert maturity["A2"].protection.locked and not maturity["E2"].protection.locked


def test_round_trip(investigation, official):
    wb = load_workbook(io.BytesIO(workbook_build(investigation=investigation)))
    for row in range(2, wb["Maturity"].max_row + 1):
        wb["Maturity"].cell(row=row, column=5, value=row % 5)
    wb["Maturity"]["F3"] = "Offline evidence"
    for row in range(2, wb["Systems"].max_row + 1):
        wb["Systems"].cell(row=row, column=5, value=str(row % 4))  # typed as text: still accepted
    result = workbook_import(investigation=investigation, upload=_upload(wb), by=official)
    assert result.errors == []
    assert MaturityAnswer.objects.filter(investigation=investigation).count() == 96
    assert SystemAnswer.objects.filter(investigation=investigation).count() == 112
    gm02 = MaturityAnswer.objects.get(investigation=investigation, indicator__code="GM-02")
    assert (gm02.level, gm02.note) == (3, "Offline evidence")
    # and downloading again shows what was uploaded
    again = load_workbook(io.BytesIO(workbook_build(investigation=investigation)))
    assert again["Maturity"]["E3"].value == 3 and again["Systems"]["E2"].value == 2


def test_bad_rows_are_listed_and_nothing_is_written(investigation, official):
    wb = load_workbook(io.BytesIO(workbook_build(investigation=investigation)))
    ws = wb["Maturity"]
    ws["E3"] = 2  # a good row, not saved because others are bad
    ws["E4"] = 7
    ws["E5"] = "high"
    ws["E6"] = 2.5
    ws["A7"] = "ZZ-99"
    ws["E7"] = 1
    ws["A8"] = "GM-03"  # duplicate of row 4's code
    wb["Systems"]["E2"] = -1
    result = workbook_import(investigation=investigation, upload=_upload(wb), by=official)
    text = "\n".join(result.errors)
    assert "Maturity row 4 (GM-03)" in text and "“7”" in text
    assert "Maturity row 5 (GM-04)" in text
    assert "Maturity row 6 (GM-05)" in text
    assert "Maturity row 7: unknown indicator “ZZ-99”" in text
    assert "Maturity row 8: “GM-03” appears twice" in text
    assert "Systems row 2 (EADM-01)" in text
    assert len(result.errors) == 6
    assert list(MaturityAnswer.objects.filter(investigation=investigation).values_list("indicator__code", "level")) == [("GM-01", 3)]
    assert not SystemAnswer.objects.filter(investigation=investigation).exists()


def test_wrong_version_is_refused(investigation, official):
    wb = load_workbook(io.BytesIO(workbook_build(investigation=investigation)))
    wb["About"]["B2"] = "2019.1"
    wb["Maturity"]["E3"] = 1
    result = workbook_import(investigation=investigation, upload=_upload(wb), by=official)
    assert len(result.errors) == 1 and "2019.1" in result.errors[0]
    assert MaturityAnswer.objects.filter(investigation=investigation).count() == 1


def test_not_a_workbook(investigation, official):
    result = workbook_import(investigation=investigation, upload=SimpleUploadedFile("x.xlsx", b"%PDF-1.4 nope"), by=official)
    assert result.errors == ["This is not an Excel workbook (.xlsx)."]
    broken = SimpleUploadedFile("x.xlsx", b"PK\x03\x04garbage")
    assert "could not be read" in workbook_import(investigation=investigation, upload=broken, by=official).errors[0]
