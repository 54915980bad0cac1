"""Demo data of the WeGO Awards: the 2012 edition (47 applications), the 2014 edition (68), and a
current edition open for applications. Deterministic (seeded random numbers) and idempotent. The content
(editions, dates, titles, texts, judges, voters' names) is in awards/demo/*.json.

Past editions are imported as history: entries, scores and votes are bulk-created with their
dates; the phases, judges' assignments, shortlists (with any tie decision), the anomaly review
(2014 contains a burst of votes from fresh accounts, voided by the Secretariat), the winners and
the publication go through the services, so the audit log tells the story.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from django.utils.text import slugify

from members.models import Affiliation, Member, User
from wego.demo import SECRETARIAT_EMAIL, aware, demo_data, demo_user
from wego.models import Topic

from . import services
from .models import (
    Assignment,
    Category,
    Edition,
    Entry,
    Finalist,
    Judge,
    Score,
    Vote,
    normalise_text,
    organisation_key,
)
from .selectors import anomaly_report, category_ranking, votes_in_burst

EDITIONS = demo_data(__file__, "editions")
ENTRIES = demo_data(__file__, "entries")
PEOPLE = demo_data(__file__, "people")
TITLES, PROBLEMS, SOLUTIONS, RESULTS = ENTRIES["titles"], ENTRIES["problems"], ENTRIES["solutions"], ENTRIES["results"]
NON_MEMBERS, MEMBER_ENTRANTS = ENTRIES["non_members"], ENTRIES["member_entrants"]
INELIGIBLE_REASONS = ENTRIES["ineligible_reasons"]
JUDGES, VOTERS = PEOPLE["judges"], PEOPLE["voters"]
FIRST_NAMES, LAST_NAMES, VOTER_DOMAINS = PEOPLE["first_names"], PEOPLE["last_names"], PEOPLE["voter_domains"]
BURST = PEOPLE["burst"]
BURST_DOMAIN = BURST["domain"]
TEXTS = EDITIONS["texts"]


def _past_specs() -> list[dict]:
    """The past editions of editions.json, their dates as dates."""
    return [{**row, "dates": {k: dt.date.fromisoformat(v) for k, v in row["dates"].items()}} for row in EDITIONS["past"]]


def _aware(day: dt.date, seconds: int = 0) -> dt.datetime:
    return aware(day, 9, seconds=seconds)


def seed(*, stdout) -> str:
    secretariat = User.objects.filter(email=SECRETARIAT_EMAIL).first()
    created = []
    judges = _judge_users()
    specs = _past_specs()
    for spec in specs:
        if not Edition.objects.filter(year=spec["year"]).exists():
            _past_edition(spec["year"], spec, secretariat=secretariat, judges=judges)
            created.append(str(spec["year"]))
    if not Edition.objects.filter(year__gt=specs[-1]["year"]).exists():
        current = _current_edition(secretariat=secretariat, judges=judges)
        created.append(f"{current.year} (open for applications)")
    tagged = _category_topics(secretariat=secretariat)
    if not created:
        return f"topics set on {tagged} award categories" if tagged else ""
    sizes = [f"{spec['year']}: {sum(spec['per_category'])}" for spec in specs]
    sizes[0] += " applications"
    return (f"awards editions created: {', '.join(created)}; topics set on {tagged} categories; "
            f"judges judge.<name>@example.org ({', '.join(sizes)})")


def _category_topics(*, secretariat) -> int:
    """Give every category of the demo codes its topics (editions.json) where it has none yet; the
    number tagged. Through category_update, which lets topics change in any phase (audited)."""
    wanted = EDITIONS["category_topics"]
    have = set(Topic.objects.filter(code__in={c for codes in wanted.values() for c in codes}).values_list("code", flat=True))
    tagged = 0
    untagged = Category.objects.filter(code__in=list(wanted), topics__isnull=True).order_by("edition__year", "order")
    for category in untagged:
        codes = [code for code in wanted[category.code] if code in have]
        if codes:
            services.category_update(category=category, topics=codes, by=secretariat)
            tagged += 1
    return tagged


# --- People ------------------------------------------------------------------------------------------

def _judge_users() -> list[tuple[User, str, str, str]]:
    people = []
    for name, country, city, affiliation in JUDGES:
        email = f"judge.{slugify(name.split()[-1])}@example.org"
        user, _new = demo_user(email, name)
        people.append((user, country, city, affiliation))
    return people


def _bulk_users(emails_names: list[tuple[str, str]], *, joined: dt.datetime) -> dict[str, User]:
    """Create verified accounts that cannot sign in (unusable password): voters and past applicants."""
    existing = {u.email: u for u in User.objects.filter(email__in=[e for e, _n in emails_names])}
    unusable = make_password(None)
    new = [User(email=e, name=n, password=unusable, date_joined=joined) for e, n in emails_names if e not in existing]
    User.objects.bulk_create(new)
    users = {u.email: u for u in User.objects.filter(email__in=[e for e, _n in emails_names])}
    have = set(EmailAddress.objects.filter(user__in=users.values()).values_list("user_id", flat=True))
    EmailAddress.objects.bulk_create(
        EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users.values() if u.pk not in have
    )
    return users


def _voters() -> list[User]:
    rng = random.Random(7)
    rows = []
    for i in range(VOTERS):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        domain = VOTER_DOMAINS[i % len(VOTER_DOMAINS)]
        rows.append((f"{first.lower()}.{last.lower()}.{i:03d}@{domain}", f"{first} {last}"))
    users = _bulk_users(rows, joined=_aware(dt.date.fromisoformat(PEOPLE["voters_joined"])))
    return [users[e] for e, _n in rows]


def _focal_points() -> dict[str, User]:
    return {
        a.member.name: a.user
        for a in Affiliation.objects.focal_points().select_related("member", "user")
    }


# --- Entries -----------------------------------------------------------------------------------------

def _entrants(rng: random.Random):
    members = {m.name: m for m in Member.objects.filter(name__in=MEMBER_ENTRANTS)}
    pool = [("member", members[name]) for name in MEMBER_ENTRANTS if name in members]
    pool += [("other", row) for row in NON_MEMBERS]
    rng.shuffle(pool)
    return pool


def _text(rng: random.Random, code: str, organisation: str) -> dict:
    a = rng.randint(7, 30)
    numbers = {"a": a, "b": max(1, a // rng.randint(3, 7)), "n": rng.randint(12, 950), "p": rng.randint(18, 65),
                   "q": rng.randint(8, 30), "d": rng.randint(40, 600), "k": rng.randint(5, 80)}
    results = [line.format(**numbers) for line in RESULTS[code]]
    return {
        "summary": f"{organisation} introduced {SOLUTIONS[code][0].lower()}{SOLUTIONS[code][1:]}",
        "problem": rng.choice(PROBLEMS[code]),
        "solution": SOLUTIONS[code],
        "results": " ".join(results),
        "figures": "\n".join(results),
    }


def _create_entries(edition: Edition, spec: dict, rng: random.Random, *, secretariat) -> list[Entry]:
    focal = _focal_points()
    entrants = _entrants(rng)
    categories = list(edition.categories.order_by("order"))
    applicants_needed = [(f"awards.{slugify(name)}@example.net", f"{name} (applicant)") for name, _c in NON_MEMBERS]
    applicants = _bulk_users(applicants_needed, joined=_aware(dt.date.fromisoformat(PEOPLE["applicants_joined"])))
    entries, seen = [], set()
    index = 0
    screened = _aware(spec["dates"]["eligibility_end"])
    for category, count in zip(categories, spec["per_category"], strict=True):
        titles = list(TITLES[category.code])
        rng.shuffle(titles)
        for i in range(count):
            kind, who = entrants[index % len(entrants)]
            index += 1
            base = titles[i % len(titles)]
            if kind == "member":
                member, name, country = who, who.name, str(who.country)
                applicant = focal.get(who.name) or secretariat
            else:
                member, (name, country) = None, who
                applicant = applicants[f"awards.{slugify(name)}@example.net"]
            short = name.replace(" Metropolitan City", "").replace(" City Council", "").replace(" Municipal Corporation", "")
            title = f"{short} {base}" if rng.random() < 0.45 else base
            key = organisation_key(member_id=member.pk if member else None, name=name, country=country)
            if (key, normalise_text(title)) in seen:
                title = f"{title} ({short})"
            seen.add((key, normalise_text(title)))
            ineligible = rng.random() < 0.08
            submitted = _aware(spec["dates"]["application_start"] + dt.timedelta(days=rng.randint(5, 100)))
            submitted = min(submitted, _aware(spec["dates"]["application_end"]))
            entries.append(Entry(
                edition=edition, category=category, applicant=applicant, member=member, organisation_name=name,
                organisation_key=key, country=country, title=title, title_key=normalise_text(title),
                url=f"https://{slugify(short)}.example.org/{slugify(base)[:40]}",
                status=Entry.Status.INELIGIBLE if ineligible else Entry.Status.ELIGIBLE,
                eligibility_reason=rng.choice(INELIGIBLE_REASONS) if ineligible else "",
                submitted_at=submitted, screened_at=screened, screened_by=secretariat, created_at=submitted,
                **_text(rng, category.code, name),
            ))
    return Entry.objects.bulk_create(entries)


# --- Judging -----------------------------------------------------------------------------------------

def _judging(edition: Edition, spec: dict, rng: random.Random, judges, *, secretariat) -> None:
    categories = list(edition.categories.order_by("order"))
    panel = []
    for user, country, city, affiliation in judges[: spec["judges"]]:
        panel.append(services.judge_add(
            edition=edition, user=user, country=country, city=city, affiliation=affiliation, categories=categories,
            by=secretariat,
        ))
    for category in categories:
        services.assignments_spread(category=category, per_entry=3, by=secretariat)
    leniency = {j.pk: rng.uniform(-1.6, 1.6) for j in panel}
    criteria = list(edition.criteria.order_by("order"))
    entries = list(edition.entries.order_by("pk"))
    quality = {e.pk: rng.gauss(6.3, 1.3) for e in entries}
    profile = _criterion_profile(edition, entries, criteria)
    submitted = _aware(spec["dates"]["judging_end"] - dt.timedelta(days=3))
    scores = []
    assignments = list(Assignment.objects.filter(entry__edition=edition).select_related("entry"))
    for a in assignments:
        for c in criteria:
            value = round(quality[a.entry_id] + profile[a.entry_id, c.pk] + leniency[a.judge_id] + rng.gauss(0, 0.9))
            scores.append(Score(judge_id=a.judge_id, entry_id=a.entry_id, criterion=c, score=min(10, max(1, value)),
                                comment="", submitted_at=submitted))
    Score.objects.bulk_create(scores)
    Assignment.objects.filter(entry__edition=edition).update(status=Assignment.Status.SUBMITTED, submitted_at=submitted)


# How far an entry's score on a criterion lies from its overall quality: a project is judged strongest
# on the criterion of the category it is filed under (the five categories are the five criteria).
OWN_CRITERION_BONUS = 1.2
OTHER_CRITERION_SHIFT = -0.3
CRITERION_SPREAD = 0.6


def _own_criterion(category, criteria):
    """The criterion with the category's name (WeGO's five are both), else the first criterion."""
    return next((c for c in criteria if c.name == category.name), criteria[0])


def _criterion_profile(edition: Edition, entries: list[Entry], criteria) -> dict[tuple[int, int], float]:
    """Per (entry, criterion): the offset of that criterion from the entry's quality, from a random
    stream of its own (seeded by the year) so that the other figures of the demo keep their draws."""
    rng = random.Random(f"criteria-{edition.year}")
    categories = {c.pk: c for c in edition.categories.all()}
    profile = {}
    for entry in entries:
        own = _own_criterion(categories[entry.category_id], criteria)
        for c in criteria:
            base = OWN_CRITERION_BONUS if c.pk == own.pk else OTHER_CRITERION_SHIFT
            profile[entry.pk, c.pk] = base + rng.gauss(0, CRITERION_SPREAD)
    return profile


def _shortlists(edition: Edition, *, secretariat) -> None:
    for category in edition.categories.order_by("order"):
        ranking = category_ranking(category=category)
        if ranking.boundary.has_tie:
            own = _own_criterion(category, ranking.criteria)
            at = ranking.criteria.index(own)
            tied = sorted(ranking.tied_rows, key=lambda r: (-(r.criterion_means[at] or 0), r.entry.title))
            services.tie_decision_record(
                category=category, chosen=[r.entry for r in tied[: ranking.boundary.open_slots]],
                reason=TEXTS["tie_reason"].format(criterion=own.name),
                by=secretariat,
            )
        services.shortlist_publish(category=category, by=secretariat)


# --- Voting ------------------------------------------------------------------------------------------

def _votes(edition: Edition, spec: dict, rng: random.Random, voters: list[User]) -> None:
    start, end = spec["dates"]["voting_start"], spec["dates"]["voting_end"]
    span = (end - start).days * 86400 + 8 * 3600
    finalists = list(Finalist.objects.filter(shortlist__edition=edition).select_related("shortlist"))
    by_category: dict[int, list[Finalist]] = {}
    for f in finalists:
        by_category.setdefault(f.shortlist.category_id, []).append(f)
    votes = []
    for category_id, group in by_category.items():
        weights = [rng.uniform(0.4, 2.2) for _f in group]
        for voter in voters:
            if rng.random() < 0.55:
                choice = rng.choices(group, weights=weights)[0]
                votes.append(Vote(
                    edition=edition, category_id=category_id, entry_id=choice.entry_id, user=voter,
                    email_domain=voter.email.rsplit("@", 1)[-1], created_at=_aware(start, rng.randint(0, span)),
                ))
    Vote.objects.bulk_create(votes)


def _burst(edition: Edition, spec: dict, rng: random.Random) -> None:
    """2014: 25 accounts opened the day before, voting for one finalist within six minutes."""
    day = spec["dates"]["voting_start"] + dt.timedelta(days=BURST["days_after_voting_start"])
    rows = [(f"fan{i:02d}@{BURST_DOMAIN}", f"Fan {i:02d}") for i in range(BURST["accounts"])]
    users = _bulk_users(rows, joined=_aware(day - dt.timedelta(days=1)))
    target = (
        Finalist.objects.filter(shortlist__edition=edition, shortlist__category__code=BURST["category"])
        .order_by("-position").first()
    )
    assert target is not None, "the burst's category has finalists"
    Vote.objects.bulk_create(
        Vote(edition=edition, category_id=target.shortlist.category_id, entry_id=target.entry_id, user=users[e],
             email_domain=BURST_DOMAIN, created_at=_aware(day, 14 * 3600 + i * 14))
        for i, (e, _n) in enumerate(rows)
    )


# --- Editions ----------------------------------------------------------------------------------------

def _past_edition(year: int, spec: dict, *, secretariat, judges) -> Edition:
    rng = random.Random(year)
    dates = spec["dates"]
    edition = services.edition_create(
        year=year, title=spec["title"], general_assembly=spec["general_assembly"], ranking_method=spec["ranking_method"],
        by=secretariat, **dates,
    )

    def step(name: str, day: dt.date):
        services.edition_transition(edition=edition, transition=name, by=None, today=day)

    step("open_applications", dates["application_start"])
    _create_entries(edition, spec, rng, secretariat=secretariat)
    step("close_applications", dates["application_end"] + dt.timedelta(days=1))
    step("open_judging", dates["judging_start"])
    _judging(edition, spec, rng, judges, secretariat=secretariat)
    step("close_judging", dates["judging_end"] + dt.timedelta(days=1))
    _shortlists(edition, secretariat=secretariat)
    step("open_voting", dates["voting_start"])
    _votes(edition, spec, rng, _voters())
    if spec.get("burst"):
        _burst(edition, spec, rng)
    step("close_voting", dates["voting_end"] + dt.timedelta(days=1))
    edition.refresh_from_db()
    report = anomaly_report(edition=edition)
    for burst in report.bursts:
        services.votes_void(
            votes=list(votes_in_burst(edition=edition, entry_id=burst.entry_id, start=burst.start, end=burst.end)),
            reason=TEXTS["void_reason"].format(votes=burst.votes, domain=BURST_DOMAIN),
            by=secretariat,
        )
    services.anomaly_review_record(
        edition=edition,
        note=TEXTS["anomalies_voided"] if report.bursts else TEXTS["anomalies_none"],
        by=secretariat,
    )
    services.winners_decide(edition=edition, by=secretariat)
    services.edition_transition(edition=edition, transition="announce", by=secretariat, today=dates["announcement_on"])
    return edition


def _current_edition(*, secretariat, judges) -> Edition:
    spec = EDITIONS["current"]
    start = timezone.localdate() - dt.timedelta(days=spec["started_days_ago"])
    dates: dict[str, Any] = {name: start + dt.timedelta(days=days) for name, days in spec["days_from_start"].items()}
    year = dates["announcement_on"].year
    edition = services.edition_create(
        year=year, title=spec["title"].format(year=year), general_assembly=spec["general_assembly"], by=secretariat,
        description=spec["description"], **dates,
    )
    services.edition_transition(edition=edition, transition="open_applications", by=secretariat)
    focal = _focal_points()
    rng = random.Random(year)
    for sample in spec["entries"]:
        member_name, code = sample["member"], sample["category"]
        user = focal.get(member_name)
        member = Member.objects.filter(name=member_name).first()
        if not user or not member:
            continue
        category = edition.categories.get(code=code)
        data = {"category": category, "member": member, "title": sample["title"], "url": "", **_text(rng, code, member_name)}
        entry = services.entry_save_draft(applicant=user, edition=edition, data=data)
        if sample["submit"]:
            services.entry_submit(entry=entry, by=user)
    for user, country, city, affiliation in judges[: spec["judges"]]:
        if not Judge.objects.filter(edition=edition, user=user).exists():
            services.judge_add(edition=edition, user=user, country=country, city=city, affiliation=affiliation,
                               categories=list(edition.categories.all()), by=secretariat)
    return edition
