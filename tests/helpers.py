"""Scaffolding shared by the tests of every app: PostgreSQL-only tests, threads, PDFs, query counts.

Import from here rather than writing these again in a test module:

- ``needs_postgres``: the skip marker for a test that only means something on PostgreSQL
  (concurrency, row locks); CI runs them, a SQLite run skips them.
- ``run_in_threads``: start the same call in several threads at once and collect what they return
  and raise.
- ``PDF_BYTES`` / ``pdf_file``: a tiny valid PDF for uploads; ``assert_pdf``: a response is a PDF.
- ``count_queries``: the number of database queries a GET makes (for "does not grow with rows").
"""

import threading
from typing import Any, NamedTuple

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL: concurrency is checked there (CI runs it)"
)


class ThreadRun(NamedTuple):
    """What the threads of ``run_in_threads`` returned and raised (in the order they finished)."""

    results: list[Any]
    errors: list[Exception]


def run_in_threads(target, args_list) -> ThreadRun:
    """Call ``target(*args)`` for each ``args`` of ``args_list``, all threads released at once.

    Each thread closes its database connections when it is done. Exceptions are collected, not raised.
    """
    results, errors = [], []
    barrier = threading.Barrier(len(args_list))

    def worker(*args):
        try:
            barrier.wait(timeout=10)
            results.append(target(*args))
        except Exception as exc:  # noqa: BLE001 - collected and asserted by the caller
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=args) for args in args_list]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return ThreadRun(results, errors)


# The smallest file the portal's PDF check (signature and trailer) accepts.
PDF_BYTES = b"%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"


def pdf_file(name: str = "letter.pdf") -> SimpleUploadedFile:
    """An upload of ``PDF_BYTES`` named ``name``."""
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def assert_pdf(response) -> None:
    """The response is a PDF document: its content type says so and its body starts as one."""
    assert response["Content-Type"] == "application/pdf", response["Content-Type"]
    body = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    assert body.startswith(b"%PDF-"), body[:20]


def count_queries(client, url, **kwargs) -> int:
    """GET ``url`` with ``client`` (a test client or an API client), check it answers 200 and
    return how many database queries it made."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **kwargs)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)
