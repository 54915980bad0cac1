"""WeGO Awards winners are offered as best-practice modules in CeDS, once each."""

import pytest

from awards.models import Edition, Prize
from ceds import services
from ceds.models import Module
from tests.factories import MemberFactory
from tests.factories.awards import category, make_edition, make_entry

pytestmark = pytest.mark.django_db


def test_published_winners_become_modules_once():
    seoul = MemberFactory(name="Seoul", country="KR")
    edition = make_edition(status=Edition.Status.ANNOUNCED, year=2014)
    open_city = category(edition, "open-city")
    best = make_entry(edition=edition, category=open_city, member=seoul, title="Seoul Open Data Plaza",
                      problem="Data locked in departments.", solution="One open data portal.",
                      results="Line one\nLine two")
    second = make_entry(edition=edition, category=open_city, country="PH", organisation_name="Quezon City Hall",
                        title="QC Citizen Feedback")
    Prize.objects.create(edition=edition, category=open_city, entry=best, kind=Prize.Kind.BEST, votes=120)
    Prize.objects.create(edition=edition, category=open_city, entry=second, kind=Prize.Kind.OUTSTANDING, votes=80)
    draft = make_edition(status=Edition.Status.VOTING, year=2017)
    hidden = make_entry(edition=draft, category=category(draft, "services"), title="Not yet announced")
    Prize.objects.create(edition=draft, category=category(draft, "services"), entry=hidden, kind=Prize.Kind.BEST, votes=5)

    assert services.modules_import_award_winners() == 2
    module = Module.objects.get(title="Seoul Open Data Plaza")
    assert (module.city, module.country) == ("Seoul", "KR")
    assert module.steps == ["Line one", "Line two"]
    assert module.source_label.startswith("WeGO Awards 2014: Best e-Government Prize")
    assert module.links.exists()  # linked to key indicators of the Policy & Institution dimension
    assert all(link.code.startswith("PI-") for link in module.links.all())
    assert Module.objects.get(title="QC Citizen Feedback").city == "Quezon City Hall"
    assert not Module.objects.filter(title="Not yet announced").exists()
    assert services.modules_import_award_winners() == 0


def test_module_page_names_the_award(client):
    edition = make_edition(status=Edition.Status.ANNOUNCED, year=2012)
    cat = category(edition, "services")
    entry = make_entry(edition=edition, category=cat, title="One-stop Civil Service")
    Prize.objects.create(edition=edition, category=cat, entry=entry, kind=Prize.Kind.BEST, votes=10)
    services.modules_import_award_winners()
    module = Module.objects.get(title="One-stop Civil Service")
    from tests.factories import AffiliationFactory

    client.force_login(AffiliationFactory().user)
    page = client.get(module.get_absolute_url())
    assert page.status_code == 200
    assert "WeGO Awards 2012: Best e-Government Prize" in page.content.decode()
