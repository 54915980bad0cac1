"""The data migration loads framework 2026.1 and the modules; transactional tests (which flush the
database afterwards) may have removed them, so every CeDS test that uses the database makes sure they
are there."""

import pytest


@pytest.fixture(autouse=True)
def ceds_framework(request):
    names = request.fixturenames
    marker = request.node.get_closest_marker("django_db")
    if "transactional_db" in names or (marker and marker.kwargs.get("transaction")):
        request.getfixturevalue("transactional_db")
    elif "db" in names or marker is not None:
        request.getfixturevalue("db")
    else:
        return None
    from tests.factories.ceds import ensure_framework

    return ensure_framework()
