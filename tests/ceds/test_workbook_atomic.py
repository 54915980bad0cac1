"""Issue 12, point 9: an Excel upload with one bad row writes nothing and names the row (and sheet)."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from ceds import services
from ceds.models import Indicator, MaturityAnswer, SystemAnswer, SystemItem
from ceds.workbook import MAX_ERRORS, NOTE_MAX_LENGTH, workbook_build, workbook_import

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The messages are asserted in English, whatever language an earlier test left active in the thread."""
    with translation.override("en"):
        yield


@pytest.fixture
def draft(member, official):
    return services.investigation_create(member=member, by=official, year=2026)


def _filled(investigation):
    """A workbook with every question answered (a valid upload)."""
    wb = load_workbook(io.BytesIO(workbook_build(investigation=investigation)))
    for row in range(2, wb["Maturity"].max_row + 1):
        wb["Maturity"].cell(row=row, column=5, value=row % 5)
        wb["Maturity"].cell(row=row, column=6, value=f"Evidence {row}")
    for row in range(2, wb["Systems"].max_row + 1):
        wb["Systems"].cell(row=row, column=5, value=row % 4)
    return wb


def _file(wb, name="ceds.xlsx"):
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = name
    return buffer


def _nothing_written(investigation):
    return (
        not MaturityAnswer.objects.filter(investigation=investigation).exists()
        and not SystemAnswer.objects.filter(investigation=investigation).exists()
    )


def test_one_bad_row_among_208_good_ones_writes_nothing_and_the_page_names_it(client, draft, official):
    wb = _filled(draft)
    code = wb["Systems"]["A60"].value
    wb["Systems"]["E60"] = "in use"  # the one bad row, on the second answer sheet, after 96 + 58 good rows
    client.force_login(official)
    page = client.post(reverse("ceds:workbook_upload", args=[draft.pk]), {"file": _file(wb)}, follow=True)
    body = page.content.decode()
    assert "The workbook was not saved" in body
    assert f"Systems row 60 ({code})" in body and "in use" in body
    assert len(re.findall(r"(?:Maturity|Systems) row \d+", body)) == 1  # only that row is named
    assert _nothing_written(draft)

    wb["Systems"]["E60"] = 3
    page = client.post(reverse("ceds:workbook_upload", args=[draft.pk]), {"file": _file(wb)}, follow=True)
    assert "Workbook saved: 96 maturity answers and 112 system answers." in page.content.decode()
    assert SystemAnswer.objects.get(investigation=draft, item__code=code).value == 3


def test_a_note_longer_than_the_pages_allow_is_a_bad_row(draft, official):
    wb = _filled(draft)
    code = wb["Maturity"]["A7"].value
    wb["Maturity"]["F7"] = "x" * (NOTE_MAX_LENGTH + 1)
    result = workbook_import(investigation=draft, upload=SimpleUploadedFile("c.xlsx", _file(wb).read()), by=official)
    assert result.errors == [
        f"Maturity row 7 ({code}): the note is {NOTE_MAX_LENGTH + 1} characters long; "
        f"shorten it to {NOTE_MAX_LENGTH} or fewer."
    ]
    assert _nothing_written(draft)
    wb["Maturity"]["F7"] = "x" * NOTE_MAX_LENGTH
    result = workbook_import(investigation=draft, upload=SimpleUploadedFile("c.xlsx", _file(wb).read()), by=official)
    assert result.errors == []
    assert len(MaturityAnswer.objects.get(investigation=draft, indicator__code=code).note) == NOTE_MAX_LENGTH


def test_a_workbook_full_of_errors_is_listed_up_to_a_bound(draft, official):
    wb = load_workbook(io.BytesIO(workbook_build(investigation=draft)))
    ws = wb["Maturity"]
    for row in range(200, 3200):
        ws.cell(row=row, column=5, value=1)  # answers without a code
    result = workbook_import(investigation=draft, upload=SimpleUploadedFile("c.xlsx", _file(wb).read()), by=official)
    assert len(result.errors) == MAX_ERRORS + 1
    assert result.errors[0] == "Maturity row 200: an answer without a code."
    assert "correct these first" in result.errors[-1]
    assert _nothing_written(draft)


def test_a_failure_while_saving_rolls_back_the_rows_already_written(draft, official):
    """answers_save writes the maturity rows first: a refusal on a system row must take them back."""
    indicator = Indicator.objects.filter(version=draft.version).first()
    foreign = SystemItem.objects.exclude(version=draft.version).first()
    bad_pk = foreign.pk if foreign else SystemItem.objects.order_by("-pk").first().pk + 1000
    with pytest.raises(ValidationError):
        services.answers_save(
            investigation=draft,
            maturity={indicator.pk: services.AnswerInput(2, "")},
            systems={bad_pk: services.AnswerInput(1, "")},
            by=official,
        )
    assert _nothing_written(draft)


@pytest.mark.django_db(transaction=True)
def test_with_real_commits_a_refused_upload_leaves_no_rows(member, official):
    """No test transaction around it (run on PostgreSQL in CI): the bad upload still commits nothing."""
    draft = services.investigation_create(member=member, by=official, year=2026)
    wb = _filled(draft)
    wb["Maturity"]["E97"] = 5
    result = workbook_import(investigation=draft, upload=SimpleUploadedFile("c.xlsx", _file(wb).read()), by=official)
    assert len(result.errors) == 1 and result.errors[0].startswith("Maturity row 97 (")
    assert _nothing_written(draft)
