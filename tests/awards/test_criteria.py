"""The WeGO Awards judge by WeGO's own five criteria (issue 20, point 2).

The background, "7.1. WeGO Awards Categories" and "7.2. Evaluation Procedures":

    "The WeGo Awards are given to outstanding municipalities in terms of e-Government adoption
    based on five evaluation criteria below": Services, Efficiency, Open City, Urban Management,
    Digital Divide, each with its description.

    "In the stage of first round evaluation, all the proposals are evaluated by the professional
    judges based on the five criteria of WeGO Awards above. In terms of the measurement, the judges
    rate from score 1 (lowest) to 10 score (highest) for the criteria respectably.
    The five top-rated submissions in each category will be selected to move into the next phase
    of the evaluation process."

The descriptions below are WeGO's words, one line per point it lists. Under Digital Divide the
background's first point runs on into the report's own commentary on smartphones; only WeGO's
sentence is kept.
"""

import io
import random

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Avg, Count, F, Q
from django.urls import reverse

from awards import demo, selectors, services
from awards.models import Assignment, Criterion, Edition, Entry, Finalist, Score
from members import demo as members_demo
from tests.factories.awards import assign, make_edition, make_entry, make_judge, phase_dates
from wego.models import AuditEntry

pytestmark = pytest.mark.django_db
S = Edition.Status

WEGO_FIVE = [
    ("services", "Services", [
        "Projects that improve the quality of administrative services and urban competitiveness by allowing "
        "citizens to apply for civil requests online.",
        "Projects that promote effectiveness of public services.",
        "Projects that provide high quality services to citizens.",
    ]),
    ("efficiency", "Efficiency", [
        "Projects that improve the administrative efficiency by computerizing all the administrative tasks, sharing "
        "public information, and promoting comprehensive and real-time management of information and resources.",
        "Projects that introduce knowledge management to improve administrative efficiency in member cities.",
    ]),
    ("open-city", "Open City", [
        "Promote civil participation by opening public information in an active manner.",
        "Projects that improve the level of urban openness by promoting civil participation, administrative "
        "transparency, and open data.",
    ]),
    ("urban-management", "Urban Management", [
        "Projects that use the latest technologies to build comprehensive urban management systems for security, "
        "mobility, convenience, and environment.",
        "Projects that promote efficient urban management in security, disaster, transport, safety, environment, "
        "energy, welfare, and culture.",
    ]),
    ("digital-divide", "Digital Divide", [
        "Projects that use technologies to ensure equal access of citizens to information and communication "
        "services, regardless of the gap in income level, age, geographic location, and educational attainment.",
        "Projects that care for and ensure the easy access of the marginalized citizens to information are eligible "
        "for a WeGO Award.",
    ]),
]
NAMES = [name for _code, name, _lines in WEGO_FIVE]
OLD_INVENTED = {"Innovation", "Impact on citizens", "Efficiency and effectiveness", "Sustainability", "Transferability"}


def as_rows(edition):
    return [(c.order, c.name, c.description.split("\n")) for c in edition.criteria.order_by("order", "pk")]


EXPECTED_ROWS = [(i, name, lines) for i, (_code, name, lines) in enumerate(WEGO_FIVE, start=1)]


# --- a new edition -----------------------------------------------------------------------------------

def test_a_new_edition_is_judged_by_exactly_wegos_five_criteria_in_order(secretariat):
    edition = services.edition_create(year=2033, by=secretariat, **phase_dates(phase="draft"))
    assert as_rows(edition) == EXPECTED_ROWS
    assert not edition.criteria.filter(name__in=OLD_INVENTED).exists()
    # ... and they stay the categories an entry is filed under, with the same words:
    assert [(c.order, c.code, c.name, c.description.split("\n")) for c in edition.categories.order_by("order")] == [
        (i, code, name, lines) for i, (code, name, lines) in enumerate(WEGO_FIVE, start=1)
    ]


def test_each_of_the_five_is_scored_from_1_lowest_to_10_highest():
    edition = make_edition(status=S.JUDGING)
    judge = make_judge(edition=edition, country="US")
    assignment = assign(judge, make_entry(edition=edition, country="KR"))
    criteria = list(edition.criteria.order_by("order"))
    assert [c.name for c in criteria] == NAMES
    for criterion in criteria:
        for out_of_scale in (0, 11):
            with pytest.raises(ValidationError, match=f"{criterion.name}: a score is between 1 .lowest. and 10 .highest."):
                services.scores_save(assignment=assignment, values={criterion.pk: (out_of_scale, "")}, by=judge.user)
    assert not Score.objects.exists()
    values = {c.pk: (v, "") for c, v in zip(criteria, [1, 10, 1, 10, 5], strict=True)}
    services.scores_save(assignment=assignment, values=values, by=judge.user, submit=True)
    assert dict(Score.objects.values_list("criterion__name", "score")) == dict(zip(NAMES, [1, 10, 1, 10, 5], strict=True))


def test_the_judge_sees_the_five_with_wegos_descriptions(client):
    edition = make_edition(status=S.JUDGING)
    judge = make_judge(edition=edition, country="US")
    assignment = assign(judge, make_entry(edition=edition, country="KR"))
    client.force_login(judge.user)
    html = client.get(reverse("awards:judge-score", args=[assignment.pk])).content.decode()
    for _code, name, lines in WEGO_FIVE:
        assert f"<legend>{name}</legend>" in html
        assert "<br>".join(lines) in html
    assert not any(old in html for old in OLD_INVENTED)


# --- scoring and normalisation with the five ------------------------------------------------------------
#
# Judges' scores per criterion (Services, Efficiency, Open City, Urban Management, Digital Divide), their
# mean is the judge's score of the entry:
#
#   judge A:  P 10 9 9 8 9 → 9     Q 7 7 8 6 7 → 7      mean 8, sd 1     z: P +1, Q −1
#   judge B:  Q 4 5 4 3 4 → 4      R 2 2 3 1 2 → 2      mean 3, sd 1     z: Q +1, R −1
#   judge C:  P 6 6 6 6 6 → 6      R 5 7 6 6 6 → 6      sd 0 → z 0 for both
#
#   rescaled 5.5 + 1.5·z:  +1 → 7.0, −1 → 4.0, 0 → 5.5
#
#   entry  judges  mean  median  spread  normalised
#   P      9, 6    7.5   7.5     1.5     (7.0 + 5.5) / 2 = 6.25
#   Q      7, 4    5.5   5.5     1.5     (4.0 + 7.0) / 2 = 5.50
#   R      2, 6    4.0   4.0     2.0     (4.0 + 5.5) / 2 = 4.75
#
#   P's criterion means (A and C): Services 8, Efficiency 7.5, Open City 7.5, Urban Management 7, Digital Divide 7.5

TABLE = {
    ("A", "P"): [10, 9, 9, 8, 9], ("A", "Q"): [7, 7, 8, 6, 7],
    ("B", "Q"): [4, 5, 4, 3, 4], ("B", "R"): [2, 2, 3, 1, 2],
    ("C", "P"): [6, 6, 6, 6, 6], ("C", "R"): [5, 7, 6, 6, 6],
}


def test_scoring_and_normalisation_work_with_the_five_criteria():
    edition = make_edition(status=S.JUDGING)
    category = edition.categories.get(code="open-city")
    judges = {name: make_judge(edition=edition, country=c) for name, c in (("A", "US"), ("B", "GB"), ("C", "FR"))}
    entries = {t: make_entry(edition=edition, category=category, country="KR", title=t) for t in "PQR"}
    by_name = {c.name: c for c in edition.criteria.all()}
    for (j, e), values in TABLE.items():
        assignment = assign(judges[j], entries[e])
        services.scores_save(
            assignment=assignment, by=judges[j].user, submit=True,
            values={by_name[name].pk: (v, "") for name, v in zip(NAMES, values, strict=True)},
        )

    ranking = selectors.category_ranking(category=category, method="normalised")
    assert [c.name for c in ranking.criteria] == NAMES
    got = {r.entry.title: (r.position, r.stats.mean, r.stats.median, r.stats.spread, round(r.stats.normalised, 6))
           for r in ranking.rows}
    assert got == {"P": (1, 7.5, 7.5, 1.5, 6.25), "Q": (2, 5.5, 5.5, 1.5, 5.5), "R": (3, 4.0, 4.0, 2.0, 4.75)}
    p = next(r for r in ranking.rows if r.entry.title == "P")
    assert dict(zip(NAMES, p.criterion_means, strict=True)) == {
        "Services": 8.0, "Efficiency": 7.5, "Open City": 7.5, "Urban Management": 7.0, "Digital Divide": 7.5,
    }
    raw = selectors.category_ranking(category=category, method="raw_mean")
    assert [(r.position, r.entry.title, r.stats.mean) for r in raw.rows] == [(1, "P", 7.5), (2, "Q", 5.5), (3, "R", 4.0)]


# --- the admin may still change an edition's criteria -----------------------------------------------------

def _change_form_data(edition, criteria_rows):
    """The edition's change form as the admin posts it: the edition, its categories untouched, and
    `criteria_rows` ({"id", "order", "name", "description", "DELETE"}) as the criteria inline."""
    data = {
        "title": edition.title, "general_assembly": edition.general_assembly, "description": edition.description,
        "vote_tie_rule": edition.vote_tie_rule,
        **{f: getattr(edition, f).isoformat() for f in (
            "application_start", "application_end", "eligibility_end", "judging_start", "judging_end",
            "voting_start", "voting_end", "announcement_on")},
    }
    categories = list(edition.categories.order_by("order"))
    data |= {"categories-TOTAL_FORMS": len(categories), "categories-INITIAL_FORMS": len(categories),
             "categories-MIN_NUM_FORMS": 0, "categories-MAX_NUM_FORMS": 1000}
    for i, c in enumerate(categories):
        data |= {f"categories-{i}-id": c.pk, f"categories-{i}-edition": edition.pk, f"categories-{i}-order": c.order,
                 f"categories-{i}-code": c.code, f"categories-{i}-name": c.name,
                 f"categories-{i}-description": c.description}
    initial = sum(1 for row in criteria_rows if row.get("id"))
    data |= {"criteria-TOTAL_FORMS": len(criteria_rows), "criteria-INITIAL_FORMS": initial,
             "criteria-MIN_NUM_FORMS": 0, "criteria-MAX_NUM_FORMS": 1000}
    for i, row in enumerate(criteria_rows):
        data |= {f"criteria-{i}-edition": edition.pk, f"criteria-{i}-order": row["order"],
                 f"criteria-{i}-name": row["name"], f"criteria-{i}-description": row.get("description", "")}
        if row.get("id"):
            data[f"criteria-{i}-id"] = row["id"]
        if row.get("DELETE"):
            data[f"criteria-{i}-DELETE"] = "on"
    return data


def test_the_admin_can_still_change_an_editions_criteria(client, staff_with_mfa):
    edition = make_edition(status=S.APPLICATION)
    client.force_login(staff_with_mfa)
    url = reverse("admin:awards_edition_change", args=[edition.pk])
    page = client.get(url).content.decode()
    assert all(f'value="{name}"' in page for name in NAMES)
    rows = [{"id": c.pk, "order": c.order, "name": c.name, "description": c.description}
            for c in edition.criteria.order_by("order")]
    rows[1]["description"] = "Savings of staff time, shown by figures."  # Efficiency reworded
    rows[4]["DELETE"] = True  # Digital Divide dropped
    rows.append({"order": 6, "name": "Privacy", "description": "Personal data is protected."})
    response = client.post(url, _change_form_data(edition, rows))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert [(c.order, c.name, c.description) for c in edition.criteria.order_by("order")] == [
        (1, "Services", "\n".join(WEGO_FIVE[0][2])),
        (2, "Efficiency", "Savings of staff time, shown by figures."),
        (3, "Open City", "\n".join(WEGO_FIVE[2][2])),
        (4, "Urban Management", "\n".join(WEGO_FIVE[3][2])),
        (6, "Privacy", "Personal data is protected."),
    ]
    audited = set(AuditEntry.objects.filter(action__startswith="awards.criterion.").values_list("action", flat=True))
    assert audited == {"awards.criterion.updated", "awards.criterion.removed", "awards.criterion.added"}
    # A name another criterion holds is refused on the form, nothing is saved:
    rows = [{"id": c.pk, "order": c.order, "name": c.name, "description": c.description}
            for c in edition.criteria.order_by("order")]
    rows[0]["name"] = "Efficiency"
    response = client.post(url, _change_form_data(edition, rows))
    assert response.status_code == 200 and "Please correct the duplicate data for name." in response.content.decode()
    # Swapping two names in one save is refused on the form too (never an error page):
    rows[0]["name"], rows[1]["name"] = "Efficiency", "Services"
    response = client.post(url, _change_form_data(edition, rows))
    assert response.status_code == 200
    assert "“Efficiency” is still the name of another row" in response.content.decode()
    assert [c.name for c in edition.criteria.order_by("order")][:2] == ["Services", "Efficiency"]


def test_criteria_are_fixed_once_judging_opens(secretariat):
    edition = make_edition(status=S.APPLICATION)
    services_criterion = edition.criteria.get(name="Services")
    services.criterion_update(criterion=services_criterion, data={"description": "Online services."}, by=secretariat)
    assert Criterion.objects.get(pk=services_criterion.pk).description == "Online services."
    Edition.objects.filter(pk=edition.pk).update(status=S.JUDGING)
    with pytest.raises(ValidationError, match="The criteria can no longer change: judging has opened."):
        services.criterion_update(criterion=services_criterion, data={"name": "Online"}, by=secretariat)
    assert Criterion.objects.get(pk=services_criterion.pk).name == "Services"


def test_an_edition_created_earlier_keeps_its_criteria(secretariat):
    """Past judging stays as it was: no migration rewrites criteria already on an edition."""
    edition = services.edition_create(year=2034, by=secretariat, with_defaults=False, **phase_dates(phase="draft"))
    services.criterion_add(edition=edition, name="Innovation", by=secretariat)
    services.edition_create(year=2035, by=secretariat, **phase_dates(phase="draft"))
    assert list(edition.criteria.values_list("name", flat=True)) == ["Innovation"]


# --- the demo editions 2012 and 2014 ------------------------------------------------------------------------

def test_the_demo_editions_are_judged_by_the_five():
    members_demo.seed(stdout=io.StringIO())
    demo.seed(stdout=io.StringIO())
    for year in (2012, 2014):
        edition = Edition.objects.get(year=year)
        assert as_rows(edition) == EXPECTED_ROWS, year
        scores = Score.objects.filter(entry__edition=edition)
        assignments = Assignment.objects.filter(entry__edition=edition, status=Assignment.Status.SUBMITTED)
        # Every submitted assignment has one score from 1 to 10 on each of the five, and nothing else:
        assert scores.count() == 5 * assignments.count() > 0
        per = scores.values("judge", "entry").annotate(n=Count("criterion", distinct=True)).values_list("n", flat=True)
        assert set(per) == {5}
        assert not scores.filter(Q(score__lt=1) | Q(score__gt=10)).exists()
        assert set(scores.values_list("criterion__name", flat=True)) == set(NAMES)
        # The scores differ per criterion: an entry is rated highest on the criterion of its own category.
        own = scores.filter(criterion__name=F("entry__category__name")).aggregate(v=Avg("score"))["v"]
        other = scores.exclude(criterion__name=F("entry__category__name")).aggregate(v=Avg("score"))["v"]
        assert own > other + 0.5, (year, own, other)
        # The five top-rated submissions in each category go on:
        for category in edition.categories.all():
            ranking = selectors.category_ranking(category=category, method=edition.ranking_method)
            top = {r.entry.pk for r in ranking.rows_ranked if r.position <= 5}  # entries tied at 5th share it
            finalists = set(Finalist.objects.filter(shortlist__category=category).values_list("entry", flat=True))
            assert len(finalists) == 5 and finalists <= top, category
    assert Entry.objects.filter(edition__year=2012).count() == 47
    assert Entry.objects.filter(edition__year=2014).count() == 68


def test_the_demo_criterion_profile_is_deterministic():
    """The per-criterion offsets come from their own stream, seeded by the year: the same every time,
    and drawing them leaves the other random figures of the demo as they were."""
    edition = make_edition(status=S.JUDGING)
    entries = [make_entry(edition=edition, category=c, country="KR") for c in edition.categories.order_by("order")]
    criteria = list(edition.criteria.order_by("order"))
    before = random.getstate()
    first = demo._criterion_profile(edition, entries, criteria)
    assert random.getstate() == before
    assert first == demo._criterion_profile(edition, entries, criteria)
    assert set(first) == {(e.pk, c.pk) for e in entries for c in criteria}
    Edition.objects.filter(pk=edition.pk).update(year=edition.year + 100)
    edition.refresh_from_db()
    assert demo._criterion_profile(edition, entries, criteria) != first
