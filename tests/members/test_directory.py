"""The public member directory, member profiles, the partner directory and the SVG chart helper."""

import re
from datetime import date

import pytest
from django.urls import reverse

from members.models import Member, PartnerMOU
from members.public_selectors import member_counts_by_category, member_counts_by_region
from tests.factories import MemberFactory, PartnerFactory, RegionalOfficeFactory
from tests.helpers import count_queries
from wego.charts import bar_chart

pytestmark = pytest.mark.django_db

DIRECTORY = "/members/"


def _names(response) -> list[str]:
    return [m.name for m in response.context["members"]]


@pytest.fixture
def world(db):
    """Active members over three regions and two categories, plus members who must never show."""
    office = RegionalOfficeFactory(name="Asia Office", regions=["asia"])
    return {
        "seoul": MemberFactory(name="Seoul", name_local="서울특별시", country="KR", regional_office=office),
        "busan": MemberFactory(name="Busan", country="KR", category=Member.Category.ASSOCIATE),
        "hanoi": MemberFactory(name="Hanoi", country="VN", regional_office=office),
        "lisbon": MemberFactory(name="Lisbon", country="PT", category=Member.Category.ASSOCIATE),
        "quito": MemberFactory(name="Quito", country="EC", category=Member.Category.FRIENDSHIP),
        "applicant": MemberFactory(name="Applicant City", country="KR", status=Member.Status.APPLICANT),
        "withdrawn": MemberFactory(name="Withdrawn City", country="KR", status=Member.Status.WITHDRAWN),
        "suspended": MemberFactory(name="Suspended City", country="KR", status=Member.Status.SUSPENDED),
    }


def test_url_names():
    assert reverse("members:directory") == "/members/"
    assert reverse("members:detail", args=["seoul"]) == "/members/seoul/"
    assert reverse("partners:index") == "/partners/"
    assert reverse("members:my") == "/members/my/"


def test_directory_lists_active_members_only(client, world):
    response = client.get(DIRECTORY)
    assert response.status_code == 200
    assert _names(response) == ["Busan", "Hanoi", "Lisbon", "Quito", "Seoul"]
    html = response.content.decode()
    for hidden in ("Applicant City", "Withdrawn City", "Suspended City"):
        assert hidden not in html
    assert "서울특별시" in html
    assert world["seoul"].get_absolute_url() in html


def test_directory_filters_by_region(client, world):
    assert _names(client.get(DIRECTORY, {"region": "asia"})) == ["Busan", "Hanoi", "Seoul"]
    assert _names(client.get(DIRECTORY, {"region": "europe"})) == ["Lisbon"]


def test_directory_filters_by_country(client, world):
    assert _names(client.get(DIRECTORY, {"country": "KR"})) == ["Busan", "Seoul"]


def test_directory_filters_by_category(client, world):
    assert _names(client.get(DIRECTORY, {"category": "associate"})) == ["Busan", "Lisbon"]


def test_directory_searches_name_and_local_name(client, world):
    assert _names(client.get(DIRECTORY, {"search": "SEO"})) == ["Seoul"]
    assert _names(client.get(DIRECTORY, {"search": "서울"})) == ["Seoul"]
    assert _names(client.get(DIRECTORY, {"search": "city"})) == []


def test_directory_combines_filters(client, world):
    response = client.get(DIRECTORY, {"region": "asia", "category": "full", "search": "a"})
    assert _names(response) == ["Hanoi"]
    assert "1 member matches your search" in response.content.decode()


def test_directory_reports_and_ignores_an_invalid_filter(client, world):
    response = client.get(DIRECTORY, {"region": "atlantis", "country": "KR"})
    assert response.status_code == 200
    assert _names(response) == ["Busan", "Seoul"]
    assert response.context["form"].errors["region"]


def test_directory_form_is_labelled_and_works_without_javascript(client, world):
    html = client.get(DIRECTORY).content.decode()
    assert '<form method="get"' in html
    for field in ("search", "region", "country", "category"):
        assert f'<label for="filter-{field}">' in html
        assert f'id="filter-{field}"' in html
    assert '<button type="submit">' in html
    assert "<script" not in html


def test_country_select_offers_the_countries_of_active_members(client, world):
    choices = client.get(DIRECTORY).context["form"].fields["country"].choices
    assert [code for code, _name in choices] == ["", "EC", "PT", "KR", "VN"]  # by name: Ecuador … Vietnam


def test_directory_paginates_by_25_and_keeps_filters_in_page_links(client):
    MemberFactory.create_batch(30, country="KR")
    MemberFactory(country="PT")
    first = client.get(DIRECTORY, {"country": "KR"})
    assert len(first.context["members"]) == 25
    html = first.content.decode()
    assert "?country=KR&amp;page=2" in html
    second = client.get(DIRECTORY, {"country": "KR", "page": 2})
    assert len(second.context["members"]) == 5
    assert client.get(DIRECTORY, {"page": "nonsense"}).status_code == 200


def test_counts_by_region_and_category_cover_all_active_members(client, world):
    response = client.get(DIRECTORY, {"region": "europe"})
    by_region = {code: n for code, _label, n in response.context["by_region"]}
    assert by_region == {"asia": 3, "europe": 1, "africa": 0, "americas": 1, "middle_east": 0, "oceania": 0}
    by_category = {code: n for code, _label, n in response.context["by_category"]}
    assert by_category == {"associate": 2, "full": 2, "friendship": 1, "corporate": 0}
    assert response.context["active_total"] == 5
    assert "All active members by region" in response.content.decode()


def test_counts_include_members_without_a_category():
    MemberFactory(category="")
    MemberFactory(category=Member.Category.FULL)
    rows = member_counts_by_category()
    assert ("", "Not set", 1) in rows
    assert sum(n for *_rest, n in rows) == 2
    assert sum(n for *_rest, n in member_counts_by_region()) == 2


def test_directory_has_an_svg_chart_by_region_with_a_data_table(client, world):
    html = client.get(DIRECTORY).content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img"' in html
    assert 'aria-labelledby="chart-members-by-region-title chart-members-by-region-desc"' in html
    assert '<title id="chart-members-by-region-title">Active members by region</title>' in html
    assert "<caption>Active members by region</caption>" in html
    assert '<th scope="row"><a href="?region=asia">Asia</a></th>' in html
    assert '<th scope="col">Members</th>' in html


def test_directory_query_count_is_the_same_at_10_and_200_members(client):
    offices = [RegionalOfficeFactory(), RegionalOfficeFactory(regions=["europe"])]
    countries = ["KR", "PT", "EC", "KE", "AU", "AE"]

    def make(n):
        for i in range(n):
            MemberFactory(country=countries[i % len(countries)], regional_office=offices[i % 2])

    make(10)
    at_10 = count_queries(client, DIRECTORY)
    make(190)
    at_200 = count_queries(client, DIRECTORY)
    assert at_10 == at_200
    assert at_200 <= 6
    assert count_queries(client, DIRECTORY + "?region=asia&page=2") == at_200


# --- Profiles ------------------------------------------------------------------------------------


def test_profile_shows_the_public_facts(client, world):
    seoul = world["seoul"]
    seoul.population = 9_400_000
    seoul.population_year = 2023
    seoul.population_source = "Statistics Korea"
    seoul.website = "https://www.seoul.go.kr"
    seoul.official_languages = "Korean, English"
    seoul.description = "Capital of Korea."
    seoul.joined_on = date(2010, 9, 1)
    seoul.save()
    response = client.get("/members/seoul/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Seoul",
        "서울특별시",
        "City or local government",
        "Full",
        "South Korea",
        "Asia",
        "9,400,000",
        "(2023)",
        "Statistics Korea",
        'href="https://www.seoul.go.kr"',
        "Korean, English",
        "Capital of Korea.",
        "Asia Office",
        "2010",
    ):
        assert text in html, text


def test_profile_does_not_show_officials_emails(client, world):
    from tests.factories import AffiliationFactory

    official = AffiliationFactory(member=world["seoul"]).user
    html = client.get("/members/seoul/").content.decode()
    assert official.email not in html


def test_profile_does_not_link_unsafe_websites(client):
    MemberFactory(name="Odd", website="javascript:alert(1)")
    html = client.get("/members/odd/").content.decode()
    assert "javascript:" not in html


@pytest.mark.parametrize("key", ["applicant", "withdrawn", "suspended"])
def test_profile_of_a_non_active_member_is_404(client, world, key):
    assert client.get(world[key].get_absolute_url()).status_code == 404


def test_unknown_profile_is_404(client, db):
    assert client.get("/members/no-such-city/").status_code == 404


def test_my_page_is_not_taken_by_a_profile(client, db):
    MemberFactory(name="My", slug="my")
    response = client.get("/members/my/")
    assert response.status_code == 302  # the member home asks to sign in


# --- Partners --------------------------------------------------------------------------------------


def test_partner_directory_lists_public_partners_and_their_mous(client):
    un = PartnerFactory(name="United Nations", acronym="UN", description="UN DESA.", website="https://un.org")
    PartnerMOU.objects.create(partner=un, signed_on=date(2019, 5, 2), title="Cooperation", scope="Training.")
    PartnerMOU.objects.create(
        partner=un,
        signed_on=date(2022, 3, 4),
        title="Data",
        scope="Open data.",
        document="partners/mous/x.pdf",
    )
    PartnerFactory(name="Hidden Partner", is_public=False)
    response = client.get("/partners/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "United Nations" in html and "(UN)" in html
    assert "Hidden Partner" not in html
    assert "Cooperation" in html and "Open data." in html
    assert "partners/mous/x.pdf" in html
    assert "<caption>MOUs with United Nations</caption>" in html
    assert html.index("Data") < html.index("Cooperation")  # newest first


def test_partner_directory_query_count_is_constant(client):
    def make(n):
        for _ in range(n):
            partner = PartnerFactory()
            PartnerMOU.objects.create(partner=partner, signed_on=date(2020, 1, 1), title="MOU")

    make(2)
    few = count_queries(client, "/partners/")
    make(20)
    assert count_queries(client, "/partners/") == few == 2


# --- The chart helper --------------------------------------------------------------------------------


def test_bar_chart_is_accessible_escaped_and_scaled():
    svg = bar_chart([("Asia", 10), ("<Europe>", 5), ("Zero", 0)], title="Members & more", width=400)
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert 'role="img"' in svg
    assert 'aria-labelledby="chart-members-more-title chart-members-more-desc"' in svg
    assert '<title id="chart-members-more-title">Members &amp; more</title>' in svg
    assert "&lt;Europe&gt;" in svg and "<Europe>" not in svg
    assert "Asia: 10; &lt;Europe&gt;: 5; Zero: 0" in svg  # the default description reads the rows out
    widths = [float(w) for w in re.findall(r'<rect [^>]*width="([\d.]+)"', svg)]
    assert widths == [204, 102, 0]


def test_bar_chart_handles_no_rows_and_long_labels():
    assert 'role="img"' in bar_chart([], title="Nothing")
    svg = bar_chart([("A very long region label that does not fit", 3)], title="T", label_width=80)
    assert "A very long region label that does not fit: 3</title>" in svg  # full label in the tooltip
    assert "…</text>" in svg
