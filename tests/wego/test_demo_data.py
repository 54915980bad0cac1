"""The demo's content is data (`<app>/demo/*.json`), read by small loaders (`<app>/demo.py`).

Every data file parses and has the keys its loader reads; the names one app's data gives of another's
(members, partners, programmes, themes) exist; the loaders stay small and hold no content of their own.
No database: `manage.py seed_demo` itself is tested in test_audit_and_seed.py and each app's test_demo.py.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from django.utils.text import slugify

from wego.demo import demo_data

ROOT = Path(__file__).resolve().parents[2]
APPS = ["members", "finance", "governance", "ceds", "feasibility", "awards", "training"]
DATA_FILES = sorted(path for app in APPS for path in (ROOT / app / "demo").glob("*.json"))

# The keys each loader reads: of the file, and of each row of its tables.
KEYS = {
    "members/members": {"about", "members"},
    "members/offices": {"about", "staff_name", "regional_offices"},
    "members/partners": {"about", "partners", "api_key"},
    "members/accounts": {"about", "secretariat_name", "verified_applications", "verification_note", "featured_members",
                         "featured_delegates"},
    "finance/finance": {"about", "source", "economy", "earlier_years", "donations", "other_revenue", "payment_reference"},
    "governance/governance": {"about", "president", "assemblies", "host_bid_proposal", "vice_presidents", "past_election",
                              "plenary", "next_host", "special_meeting", "open_election", "motion"},
    "ceds/ceds": {"about", "stakeholders", "stakeholder_name", "sharing", "forum"},
    "feasibility/feasibility": {"about", "consultant", "reviewer", "themes", "answers", "call_2015", "survey_2016",
                                "call_2016", "open_call", "open_survey"},
    "awards/editions": {"about", "past", "texts", "current"},
    "awards/entries": {"about", "titles", "problems", "solutions", "results", "non_members", "member_entrants",
                       "ineligible_reasons"},
    "awards/people": {"about", "judges", "voters", "first_names", "last_names", "voter_domains", "voters_joined",
                      "applicants_joined", "burst"},
    "training/programs": {"about", "programs"},
    "training/sessions": {"about", "past_application", "support_team", "past", "upcoming", "requests"},
}
ROWS = {
    ("members/members", "members"): {"name", "kind", "country", "category", "status", "officials"},
    ("members/offices", "regional_offices"): {"name", "host", "regions"},
    ("members/partners", "partners"): {"name"},
    ("governance/governance", "assemblies"): {"number", "year", "host", "starts_on", "ends_on", "theme"},
    ("awards/editions", "past"): {"year", "title", "general_assembly", "ranking_method", "per_category", "judges", "dates"},
    ("training/programs", "programs"): {"name", "slug", "kind", "format", "eligibility"},
    ("training/sessions", "past"): {"program", "title", "starts_on", "ends_on", "participants"},
    ("training/sessions", "upcoming"): {"program", "title", "starts_in", "ends_in", "deadline_in"},
    ("training/sessions", "requests"): {"member", "location", "venue", "preferred_start_in", "preferred_end_in",
                                        "participants_expected", "language", "notes"},
}


def load(key: str):
    app, name = key.split("/")
    return demo_data(str(ROOT / app / "demo.py"), name)


def test_every_data_file_parses_and_is_known():
    assert DATA_FILES, "no demo data files found"
    found = {f"{path.parent.parent.name}/{path.stem}" for path in DATA_FILES}
    assert found == set(KEYS), "a data file without its keys in KEYS (or a listed file missing)"
    for path in DATA_FILES:
        json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("key", sorted(KEYS))
def test_data_file_has_the_keys_its_loader_reads(key):
    data = load(key)
    assert KEYS[key] <= set(data), f"{key}: missing {KEYS[key] - set(data)}"
    assert data["about"], f"{key}: say what the data is in 'about'"
    for (file, table), keys in ROWS.items():
        if file == key:
            assert data[table], f"{key}: {table} is empty"
            for row in data[table]:
                assert keys <= set(row), f"{key}: a row of {table} lacks {keys - set(row)}: {row}"


def test_every_data_file_is_read_by_its_loader():
    for path in DATA_FILES:
        loader = (path.parent.parent / "demo.py").read_text(encoding="utf-8")
        assert f'demo_data(__file__, "{path.stem}")' in loader, f"{path} is read by no loader"


def test_members_rows():
    members = load("members/members")["members"]
    names = [row["name"] for row in members]
    assert len(names) == len(set(names))
    for row in members:
        assert row["officials"], row["name"]
        assert {"name", "role"} <= set(row["officials"][0])
        if row["status"] != "applicant":
            assert row["officials"][0]["role"] == "focal_point", f"{row['name']}: the focal point comes first"
        if row["category"] == "full":
            assert any(o["role"] == "delegate" for o in row["officials"]), f"{row['name']}: a Full member's delegate"


def test_names_given_in_one_app_exist_in_the_others_data():
    members = {row["name"] for row in load("members/members")["members"]}
    slugs = {slugify(name) for name in members}
    partners = {row.get("acronym") for row in load("members/partners")["partners"]}
    governance = load("governance/governance")
    feasibility = load("feasibility/feasibility")
    sessions = load("training/sessions")
    awards = load("awards/editions")
    named = {
        "offices": [row["host_member"] for row in load("members/offices")["regional_offices"]],
        "awards": load("awards/entries")["member_entrants"] + [row["member"] for row in awards["current"]["entries"]],
        "governance": [governance["president"], governance["next_host"]["member"], governance["motion"]["member"],
                       *[row["host"] for row in governance["assemblies"] if row["host"]],
                       *governance["vice_presidents"]["members"], *governance["past_election"]["candidates"],
                       *governance["open_election"]["candidates"]],
        "feasibility": [*[row["member"] for row in feasibility["call_2015"]["letters"]],
                        *feasibility["call_2015"]["further_outcomes"]["members"],
                        *[name for name, _theme in feasibility["survey_2016"]["ballots"]],
                        *feasibility["call_2016"]["letters"], feasibility["open_call"]["draft_letter_of"]],
        "training": [*[name for row in sessions["past"] for name in row["participants"]],
                     *[row[k] for row in sessions["past"] + sessions["upcoming"] for k in ("host_member", "reserved_for")
                       if k in row],
                     *[row["member"] for row in sessions["requests"]],
                     *[name for row in sessions["upcoming"] for names in row.get("applications", {}).values()
                       if isinstance(names, list) for name in names]],
        "finance": [row["member"] for row in load("finance/finance")["donations"] if "member" in row],
    }
    for app, names in named.items():
        assert set(names) <= members, f"{app}: not demo members: {set(names) - members}"
    ceds = load("ceds/ceds")
    assert set(ceds["sharing"]) | {ceds["forum"]["question"]["asker"], ceds["forum"]["question"]["answerer"]} <= slugs
    wanted = [row["partner"] for row in load("finance/finance")["donations"] if "partner" in row]
    wanted += [feasibility["call_2016"]["funding"]["partner"], load("members/partners")["api_key"]["acronym"]]
    wanted += [p["acronym"] for row in load("training/programs")["programs"] for p in row.get("partners", [])]
    assert set(wanted) <= partners, f"not demo partners: {set(wanted) - partners}"


def test_references_inside_an_app_s_data():
    programs = {row["slug"] for row in load("training/programs")["programs"]}
    sessions = load("training/sessions")
    assert {row["program"] for row in sessions["past"] + sessions["upcoming"]} <= programs
    feasibility = load("feasibility/feasibility")
    themes = set(feasibility["themes"])
    used = [feasibility[k]["theme"] for k in ("call_2015", "call_2016", "open_call")]
    used += feasibility["survey_2016"]["themes"] + feasibility["open_survey"]["themes"]
    assert set(used) <= themes
    entries, people = load("awards/entries"), load("awards/people")
    for edition in load("awards/editions")["past"]:
        assert len(edition["per_category"]) == len(entries["titles"])
        assert edition["judges"] <= len(people["judges"])
    assert set(entries["titles"]) == set(entries["problems"]) == set(entries["solutions"]) == set(entries["results"])


@pytest.mark.parametrize("app", APPS)
def test_loaders_are_small_and_hold_no_content(app):
    """A loader reads its data and calls the services: under 400 lines, no prose (a string over 60
    characters outside a docstring) and no table (a literal of more than 15 items) of its own."""
    assert not (ROOT / app / "demo_data.py").exists(), "the demo's data belongs in <app>/demo/*.json"
    source = (ROOT / app / "demo.py").read_text(encoding="utf-8")
    assert len(source.splitlines()) < 400
    tree = ast.parse(source)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef) and ast.get_docstring(node, clean=False)
    }
    prose = [
        n.value for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings and len(n.value) > 60
    ]
    assert not prose, f"{app}/demo.py holds content: {prose}"
    tables = [
        ast.unparse(n)[:80] for n in ast.walk(tree)
        if (isinstance(n, ast.List | ast.Tuple | ast.Set) and len(n.elts) > 15) or (isinstance(n, ast.Dict) and len(n.keys) > 15)
    ]
    assert not tables, f"{app}/demo.py holds tables: {tables}"
