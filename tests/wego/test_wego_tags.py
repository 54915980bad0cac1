"""wego_tags: the template filters every app shares, and the upload validators' plain messages."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template

from wego.validators import validate_pdf


def render(text: str, **context) -> str:
    return Template("{% load wego_tags %}" + text).render(Context(context))


def test_scores_read_with_their_decimals_or_a_dash():
    assert (
        render(
            "{{ a|score }} {{ a|score:2 }} {{ b|score }} {{ c|score:2 }}", a=Decimal("42.456"), b=None, c=""
        )
        == "42.5 42.46 — —"
    )


def test_money_years_and_lookups():
    assert (
        render("{{ v|money }} {{ v|money:2 }} {{ n|money }}", v=Decimal("1234567.891"), n=None)
        == "1,234,568 1,234,567.89 —"
    )
    assert render("{{ y|plus:3 }}", y=2020) == "2023"
    assert render("{{ m|get_item:'B' }}|{{ none|get_item:'B' }}", m={"B": "Busan"}, none=None) == "Busan|None"


def test_durations_read_as_words():
    assert render("{{ d|duration_text }}", d=dt.timedelta(days=2, hours=3, minutes=5)) == "2 days 3 hours"
    assert render("{{ d|duration_text }}", d=dt.timedelta(seconds=20)) == "less than a minute"


def test_a_file_that_is_not_a_pdf_is_refused_in_words_that_fit_any_upload():
    with pytest.raises(ValidationError) as refused:
        validate_pdf(SimpleUploadedFile("minutes.pdf", b"hello, not a pdf"))
    assert refused.value.messages == ["This file is not a PDF document. Please upload a PDF."]
