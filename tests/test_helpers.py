"""The shared test scaffolding (tests/helpers.py) does what the tests rely on, and it is written once."""

import re
import threading
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import FileResponse, HttpResponse

from members.models import Member
from tests.helpers import (
    PDF_BYTES,
    ThreadRun,
    assert_pdf,
    count_queries,
    needs_postgres,
    pdf_file,
    run_in_threads,
)
from wego.validators import validate_pdf

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"


def test_run_in_threads_releases_the_calls_together_and_collects_results_and_errors():
    inside = []
    lock = threading.Lock()

    def target(n):
        with lock:
            inside.append(n)
        if n % 2:
            raise ValidationError(f"odd {n}")
        return n * 10

    run = run_in_threads(target, [(n,) for n in range(6)])
    assert isinstance(run, ThreadRun)
    results, errors = run
    assert sorted(results) == [0, 20, 40]
    assert sorted(str(e.messages[0]) for e in errors) == ["odd 1", "odd 3", "odd 5"]
    assert sorted(inside) == list(range(6))


def test_run_in_threads_starts_no_call_before_every_thread_is_running():
    before = threading.active_count()
    seen = []
    lock = threading.Lock()

    def target(n):
        with lock:
            seen.append(threading.active_count())

    run_in_threads(target, [(n,) for n in range(4)])
    # The first call to run already sees the four threads alive: none starts before the others exist.
    assert len(seen) == 4 and seen[0] >= before + 4


def test_needs_postgres_skips_exactly_when_the_database_is_not_postgresql():
    assert needs_postgres.name == "skipif"
    assert needs_postgres.args == (connection.vendor != "postgresql",)


def test_the_pdf_bytes_pass_the_portals_pdf_check():
    upload = pdf_file("signed.pdf")
    validate_pdf(upload)  # raises ValidationError for anything that is not a PDF
    assert upload.name == "signed.pdf" and upload.content_type == "application/pdf"
    assert upload.read() == PDF_BYTES


def test_assert_pdf_accepts_a_pdf_and_refuses_anything_else():
    assert_pdf(HttpResponse(PDF_BYTES, content_type="application/pdf"))
    assert_pdf(FileResponse(iter([PDF_BYTES]), content_type="application/pdf"))
    with pytest.raises(AssertionError):
        assert_pdf(HttpResponse(PDF_BYTES, content_type="text/html"))
    with pytest.raises(AssertionError):
        assert_pdf(HttpResponse(b"<html>not a pdf</html>", content_type="application/pdf"))


class _Client:
    """Answers a GET with ``status`` after making ``queries`` queries."""

    def __init__(self, queries, status=200):
        self.queries, self.status = queries, status

    def get(self, url, **kwargs):
        for _ in range(self.queries):
            Member.objects.exists()
        return HttpResponse(status=self.status)


@pytest.mark.django_db
def test_count_queries_counts_the_queries_of_a_get_and_requires_a_200():
    assert count_queries(_Client(0), "/") == 0
    assert count_queries(_Client(3), "/") == 3
    with pytest.raises(AssertionError, match="/missing/"):
        count_queries(_Client(1, status=404), "/missing/")


# The copies this module replaced: a test module imports them from tests.helpers instead.
COPIES = re.compile(
    r"^\s*def (run_in_threads|needs_postgres|pdf_file|count_queries|_count_queries)\(|^needs_postgres\s*=", re.M
)


def test_the_scaffolding_is_written_once():
    copies = [
        f"{path.relative_to(ROOT)}: {m.group(0).strip()}"
        for path in sorted(TESTS.rglob("*.py"))
        if path.name != "helpers.py"
        for m in COPIES.finditer(path.read_text(encoding="utf-8"))
    ]
    assert copies == []


def test_no_app_keeps_an_empty_tests_package():
    apps = [p.parent for p in ROOT.glob("*/apps.py")]
    assert len(apps) >= 7
    assert [str(a.relative_to(ROOT) / "tests") for a in apps if (a / "tests").exists()] == []
