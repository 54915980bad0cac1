"""CeDS in the browser: fill a section, submit, wait for the report, see the radar chart."""

import pytest

from ceds import services
from ceds.models import Indicator, Investigation, MaturityAnswer
from tests.factories.ceds import add_required_stakeholders, ensure_framework

from .conftest import axe_violations, sign_in

pytestmark = pytest.mark.browser


def test_fill_a_section_submit_and_see_the_report(browser, live_server, seoul_focal_point, transactional_db):
    ensure_framework()
    member = seoul_focal_point.affiliations.get().member
    investigation = services.investigation_create(member=member, by=seoul_focal_point, year=2026)
    add_required_stakeholders(investigation)
    version = investigation.version
    # every section but Governance Mechanism is answered already (by colleagues, or offline)
    services.answers_save(
        investigation=investigation,
        maturity={pk: services.AnswerInput(2) for pk in Indicator.objects.filter(version=version)
                  .exclude(dimension__code="GM").values_list("pk", flat=True)},
        systems={pk: services.AnswerInput(2) for pk in version.system_items.values_list("pk", flat=True)},
        by=None,
    )

    ctx = browser.new_context()
    page = ctx.new_page()
    sign_in(page, live_server.url, seoul_focal_point.email)
    page.goto(f"{live_server.url}/ceds/investigations/{investigation.pk}/")
    assert "192 of 208 questions answered" in page.content()
    page.get_by_role("link", name="GM Governance Mechanism").click()
    assert page.get_by_role("heading", level=1).inner_text().endswith("Governance Mechanism")
    assert axe_violations(page) == []
    gm = list(Indicator.objects.filter(version=version, dimension__code="GM").order_by("order"))
    for n, indicator in enumerate(gm):
        page.locator(f"input[name='q{indicator.pk}'][value='{n % 5}']").check()
    page.get_by_label("Evidence note").first.fill("Mayor's executive order 2025-12")
    page.get_by_role("button", name="Save and continue").click()
    assert "16 answers saved in Governance Mechanism" in page.content()
    assert MaturityAnswer.objects.filter(investigation=investigation, indicator__dimension__code="GM").count() == 16

    page.goto(f"{live_server.url}/ceds/investigations/{investigation.pk}/")
    assert "208 of 208 questions answered" in page.content()
    page.get_by_role("button", name="Submit the investigation").click()
    page.wait_for_selector("text=Report II: maturity in the six dimensions", timeout=30_000)
    radar = page.locator("svg.radar-chart").first
    assert radar.is_visible()
    assert "Maturity in the six dimensions" in radar.locator("title").first.text_content()
    assert Investigation.objects.get(pk=investigation.pk).status == "reported"
    assert axe_violations(page) == []

    page.goto(f"{live_server.url}/ceds/")
    assert page.locator("svg.radar-chart").count() >= 1
    ctx.close()
