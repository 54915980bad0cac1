"""A killed worker never blocks a CeDS report: the computation is claimed with a heartbeat, a
duplicate delivery leaves a live worker alone, a stale computation is taken over or re-queued by beat."""

import pytest
from django.utils import timezone

from ceds import services
from ceds.models import Investigation, Report, Score
from ceds.tasks import compute_reports_task
from tests.factories.ceds import add_required_stakeholders, answer_all
from wego import runs
from wego.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(member):
    investigation = services.investigation_create(member=member, by=None, year=2026)
    add_required_stakeholders(investigation)
    answer_all(investigation, level=3, value=3)
    return services.investigation_submit(investigation=investigation, by=None, queue_reports=False)


def worker_died_while_computing(investigation: Investigation) -> None:
    """What a SIGKILL mid-computation leaves: running, held by a worker that is gone."""
    assert services.reports_claim(investigation_id=investigation.pk, token="dead-worker")


def make_stale(investigation: Investigation) -> None:
    Investigation.objects.filter(pk=investigation.pk).update(heartbeat_at=timezone.now() - 2 * runs.stale_after())


def test_a_second_delivery_leaves_a_live_worker_alone(submitted):
    worker_died_while_computing(submitted)  # (or alive: its heartbeat is fresh)
    compute_reports_task.delay(submitted.pk)
    submitted.refresh_from_db()
    assert (submitted.report_status, submitted.worker) == ("running", "dead-worker")
    assert not Report.objects.filter(investigation=submitted).exists()


def test_a_stale_computation_is_taken_over_by_the_next_delivery(submitted):
    worker_died_while_computing(submitted)
    make_stale(submitted)
    submitted.refresh_from_db()
    assert submitted.report_is_stale
    compute_reports_task.delay(submitted.pk)
    submitted.refresh_from_db()
    assert (submitted.status, submitted.report_status, submitted.worker) == ("reported", "done", "")
    assert Report.objects.filter(investigation=submitted).count() == 3
    assert AuditEntry.objects.get(action="ceds.reports.taken_over").data["stale_worker"] == "dead-worker"


def test_beat_requeues_only_stale_computations(submitted, django_capture_on_commit_callbacks):
    worker_died_while_computing(submitted)
    assert services.reports_resume_stale() == 0
    make_stale(submitted)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reports_resume_stale() == 1
    submitted.refresh_from_db()
    assert submitted.report_status == "done"
    assert Score.objects.filter(investigation=submitted, kind="overall").count() == 1
    assert AuditEntry.objects.filter(action="ceds.reports.requeued").count() == 1
    assert services.reports_resume_stale() == 0


def test_a_worker_that_lost_the_computation_writes_nothing(submitted):
    worker_died_while_computing(submitted)
    make_stale(submitted)
    assert services.reports_claim(investigation_id=submitted.pk, token="next-worker")
    with pytest.raises(runs.RunLost):
        services.reports_compute(investigation=submitted, token="dead-worker")
    assert not Report.objects.filter(investigation=submitted).exists()
    services.reports_compute(investigation=submitted, token="next-worker")
    assert Report.objects.filter(investigation=submitted).count() == 3


def test_a_failed_computation_frees_the_claim(submitted, monkeypatch):
    def boom(**kwargs):
        raise RuntimeError("scoring exploded")

    monkeypatch.setattr(services, "reports_compute", boom)
    with pytest.raises(RuntimeError):
        compute_reports_task.delay(submitted.pk)
    submitted.refresh_from_db()
    assert (submitted.report_status, submitted.worker) == ("failed", "")
    assert "scoring exploded" in submitted.report_error
    monkeypatch.undo()
    compute_reports_task.delay(submitted.pk)  # the admin's "Recompute" queues this
    submitted.refresh_from_db()
    assert submitted.report_status == "done"
