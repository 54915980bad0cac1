"""Awards pages: who sees what (per role), the applicant's, judge's, voter's and Secretariat's flows."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards import services
from awards.models import Assignment, Edition, Entry, Prize, Score, Shortlist, Vote
from members.models import Affiliation
from tests.factories import AffiliationFactory, UserFactory
from tests.factories.awards import assign, make_edition, make_entry, make_finalists, make_judge, score_entry
from tests.helpers import assert_pdf, count_queries

pytestmark = pytest.mark.django_db
S = Edition.Status


def png_file(name="shot.png"):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 10, 10)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def announced_edition_with_prizes(n_categories=1):
    edition = make_edition(status=S.ANNOUNCED)
    for category in edition.categories.order_by("order")[:n_categories]:
        finalists = make_finalists(edition=edition, category=category, count=2)
        for kind, finalist in zip((Prize.Kind.BEST, Prize.Kind.OUTSTANDING), finalists, strict=True):
            Prize.objects.create(edition=edition, category=category, entry=finalist.entry, kind=kind, votes=10 - kind)
    return edition


# --- public pages ----------------------------------------------------------------------------------

def test_showcase_lists_winners_of_announced_editions_only(client):
    announced = announced_edition_with_prizes()
    counting = make_edition(status=S.COUNTING)
    finalist = make_finalists(edition=counting, count=1)[0]
    Prize.objects.create(edition=counting, category=finalist.shortlist.category, entry=finalist.entry, kind=1, votes=3)
    response = client.get(reverse("awards:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("awards:index") == "/awards/"
    assert announced.prizes.first().entry.title in html
    assert finalist.entry.title not in html
    assert 'href="/awards/"' in html  # the header shows the Awards section


def test_showcase_query_count_does_not_grow_with_winners(client):
    announced_edition_with_prizes(1)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("awards:index"))
    for _i in range(3):
        announced_edition_with_prizes(5)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("awards:index"))
    assert response.status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def test_edition_page_and_draft_edition_is_404(client):
    edition = announced_edition_with_prizes()
    response = client.get(reverse("awards:edition", args=[edition.year]))
    assert response.status_code == 200
    assert "Best e-Government Prize" in response.content.decode()
    draft = make_edition(status=S.DRAFT)
    assert client.get(reverse("awards:edition", args=[draft.year])).status_code == 404


def test_certificate_pdf_only_for_published_prizes(client):
    edition = announced_edition_with_prizes()
    prize = edition.prizes.first()
    response = client.get(reverse("awards:certificate", args=[prize.pk]))
    assert response.status_code == 200
    assert_pdf(response)
    counting = make_edition(status=S.COUNTING)
    finalist = make_finalists(edition=counting, count=1)[0]
    hidden = Prize.objects.create(edition=counting, category=finalist.shortlist.category, entry=finalist.entry, kind=1, votes=3)
    assert client.get(reverse("awards:certificate", args=[hidden.pk])).status_code == 404


# --- entries: permissions per role ------------------------------------------------------------------

@pytest.fixture
def seoul_entry(member, official):
    edition = make_edition(status=S.ELIGIBILITY)
    return make_entry(edition=edition, member=member, applicant=official, status=Entry.Status.INELIGIBLE,
                      eligibility_reason="Launched after the deadline.")


def test_entry_visibility_per_role(client, seoul_entry, member, other_member, staff_with_mfa):
    url = reverse("awards:entry", args=[seoul_entry.pk])
    assert client.get(url).status_code == 404  # visitor
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404  # any signed-in user
    client.force_login(AffiliationFactory(member=other_member, role=Affiliation.Role.FOCAL_POINT).user)
    assert client.get(url).status_code == 404  # another member's focal point
    client.force_login(AffiliationFactory(member=member, role=Affiliation.Role.DELEGATE).user)
    response = client.get(url)
    assert response.status_code == 200 and "Launched after the deadline." in response.content.decode()
    client.force_login(seoul_entry.applicant)
    assert "Launched after the deadline." in client.get(url).content.decode()
    client.force_login(staff_with_mfa)
    assert client.get(url).status_code == 200


def test_my_entries_lists_own_and_own_members_entries_only(client, seoul_entry, other_member):
    other = make_entry(edition=seoul_entry.edition, member=other_member, status=Entry.Status.SUBMITTED)
    colleague = AffiliationFactory(member=seoul_entry.member).user
    client.force_login(colleague)
    html = client.get(reverse("awards:my-entries")).content.decode()
    assert seoul_entry.title in html and other.title not in html
    assert "Launched after the deadline." in html


def test_my_entries_needs_sign_in(client):
    response = client.get(reverse("awards:my-entries"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_finalists_are_public(client):
    edition = make_edition(status=S.VOTING)
    finalist = make_finalists(edition=edition, count=1)[0]
    response = client.get(reverse("awards:entry", args=[finalist.entry_id]))
    assert response.status_code == 200
    assert "Status of the entry" not in response.content.decode()


# --- applying through the pages ----------------------------------------------------------------------

def test_apply_save_draft_upload_then_submit(client, user):
    edition = make_edition(status=S.APPLICATION)
    client.force_login(user)
    assert client.get(reverse("awards:entry-new", args=[edition.year])).status_code == 200
    category = edition.categories.get(code="digital-divide")
    form = {
        "category": category.pk, "member": "", "organisation_name": "Pokhara Metropolitan City", "country": "NP",
        "title": "Digital Literacy Buses", "summary": "", "problem": "", "solution": "", "results": "",
        "figures": "", "url": "",
    }
    response = client.post(reverse("awards:entry-new", args=[edition.year]), {**form, "save": "1"})
    entry = Entry.objects.get(title="Digital Literacy Buses")
    assert response.status_code == 302 and entry.status == Entry.Status.DRAFT
    edit = reverse("awards:entry-edit", args=[entry.pk])
    response = client.post(reverse("awards:entry-image-add", args=[entry.pk]),
                           {"img-image": png_file(), "img-caption": "A bus in a village"})
    assert response.status_code == 302 and entry.images.count() == 1
    bad = SimpleUploadedFile("x.png", b"GIF89a not really", content_type="image/png")
    response = client.post(reverse("awards:entry-image-add", args=[entry.pk]),
                           {"img-image": bad, "img-caption": "x"}, follow=True)
    assert entry.images.count() == 1 and "image" in response.content.decode().lower()
    image = entry.images.get()
    assert client.get(reverse("awards:entry-image", args=[entry.pk, image.pk])).status_code == 200
    # Submitting an incomplete entry keeps the typed values and says what is missing.
    response = client.post(edit, {**form, "summary": "Buses with laptops.", "submit": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Fill in before submitting" in html and "Buses with laptops." in html
    full = {**form, "summary": "Buses with laptops.", "problem": "Villages offline.", "solution": "Mobile classes.",
            "results": "12,000 people trained.", "submit": "1"}
    assert client.post(edit, full).status_code == 302
    entry.refresh_from_db()
    assert entry.status == Entry.Status.SUBMITTED
    # The image of a submitted (not yet public) entry stays private:
    client.logout()
    assert client.get(reverse("awards:entry-image", args=[entry.pk, image.pk])).status_code == 404


def test_another_user_cannot_edit_a_draft(client, user):
    edition = make_edition(status=S.APPLICATION)
    entry = make_entry(edition=edition, status=Entry.Status.DRAFT, applicant=user)
    client.force_login(UserFactory())
    assert client.get(reverse("awards:entry-edit", args=[entry.pk])).status_code == 404
    assert client.post(reverse("awards:entry-withdraw", args=[entry.pk])).status_code == 404


def test_applications_closed_redirects(client, user):
    edition = make_edition(status=S.JUDGING)
    client.force_login(user)
    response = client.get(reverse("awards:entry-new", args=[edition.year]))
    assert response.status_code == 302


# --- judging through the pages ------------------------------------------------------------------------

@pytest.fixture
def judging():
    edition = make_edition(status=S.JUDGING)
    judge = make_judge(edition=edition, country="VN")
    foreign = make_entry(edition=edition, country="KR", title="Seoul Open Data Plaza")
    own = make_entry(edition=edition, country="VN", title="Hanoi One-Stop Shop")
    assignment = assign(judge, foreign)
    # A same-country assignment cannot exist (DB constraint); simulate a profile corrected later.
    sneaky_judge = make_judge(edition=edition, country="PH", user=UserFactory())
    sneaky = assign(sneaky_judge, own)
    return edition, judge, assignment, own, sneaky_judge, sneaky


def test_judge_queue_and_scoring(client, judging):
    edition, judge, assignment, own, _sj, _s = judging
    client.force_login(judge.user)
    html = client.get(reverse("awards:judge-queue")).content.decode()
    assert "Seoul Open Data Plaza" in html and "Hanoi One-Stop Shop" not in html
    url = reverse("awards:judge-score", args=[assignment.pk])
    criteria = list(edition.criteria.order_by("order"))
    data = {f"score_{c.pk}": "7" for c in criteria} | {f"comment_{c.pk}": "ok" for c in criteria}
    data[f"score_{criteria[0].pk}"] = ""
    response = client.post(url, {**data, "submit": "1"})
    assert response.status_code == 200 and "Score every criterion" in response.content.decode()
    assert Score.objects.filter(judge=judge).count() == 4  # the draft is kept
    data[f"score_{criteria[0].pk}"] = "9"
    assert client.post(url, {**data, "submit": "1"}).status_code == 302
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.SUBMITTED
    response = client.get(url)
    assert "Mean of all judges" in response.content.decode()


def test_judge_never_reaches_an_entry_of_their_own_country(client, judging):
    edition, judge, assignment, own, sneaky_judge, sneaky = judging
    from awards.models import Judge

    Judge.objects.filter(pk=sneaky_judge.pk).update(country="VN")
    client.force_login(sneaky_judge.user)
    assert "Hanoi One-Stop Shop" not in client.get(reverse("awards:judge-queue")).content.decode()
    assert client.get(reverse("awards:judge-score", args=[sneaky.pk])).status_code == 404
    assert client.get(reverse("awards:entry", args=[own.pk])).status_code == 404
    # Nor another judge's assignment:
    assert client.get(reverse("awards:judge-score", args=[assignment.pk])).status_code == 404


def test_judge_declares_a_conflict_through_the_page(client, judging):
    edition, judge, assignment, *_ = judging
    client.force_login(judge.user)
    url = reverse("awards:judge-conflict", args=[assignment.pk])
    assert client.post(url, {"reason": ""}).status_code == 200
    assert client.post(url, {"reason": "My former team built it."}).status_code == 302
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.RECUSED


def test_a_non_judge_has_no_queue(client, user):
    client.force_login(user)
    assert client.get(reverse("awards:judge-queue")).status_code == 404


# --- voting through the pages -------------------------------------------------------------------------

@pytest.fixture
def voting():
    edition = make_edition(status=S.VOTING)
    return edition, make_finalists(edition=edition, category=edition.categories.get(code="services"))


def test_visitor_sees_finalists_and_is_asked_to_sign_in(client, voting):
    edition, finalists = voting
    html = client.get(reverse("awards:vote")).content.decode()
    assert all(f.entry.title in html for f in finalists)
    assert "Sign in" in html and "Vote in Services" not in html
    response = client.post(reverse("awards:vote-cast"), {"entry": finalists[0].entry_id})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_order_is_stable_per_visitor(client, voting):
    edition, finalists = voting
    first = client.get(reverse("awards:vote")).content.decode()
    again = client.get(reverse("awards:vote")).content.decode()

    def order(html):
        return sorted(finalists, key=lambda f: html.index(f.entry.title))

    assert order(first) == order(again)


def test_verified_user_votes_once(client, voting, user):
    edition, finalists = voting
    client.force_login(user)
    assert "Vote in Services" in client.get(reverse("awards:vote")).content.decode()
    response = client.post(reverse("awards:vote-cast"), {"entry": finalists[2].entry_id}, follow=True)
    html = response.content.decode()
    assert "your vote for" in html and "You voted for" in html and "Vote in Services" not in html
    response = client.post(reverse("awards:vote-cast"), {"entry": finalists[1].entry_id}, follow=True)
    assert "already voted" in response.content.decode()
    assert Vote.objects.filter(user=user).count() == 1


def test_unverified_user_cannot_vote(client, voting):
    edition, finalists = voting
    unverified = UserFactory(verified=False)
    client.force_login(unverified)
    assert "Confirm your email address" in client.get(reverse("awards:vote")).content.decode()
    response = client.post(reverse("awards:vote-cast"), {"entry": finalists[0].entry_id}, follow=True)
    assert "Confirm your email address" in response.content.decode()
    assert not Vote.objects.exists()


def test_votes_are_rate_limited(client, voting, user):
    edition, finalists = voting
    client.force_login(user)
    statuses = [client.post(reverse("awards:vote-cast"), {"entry": finalists[0].entry_id}).status_code
                for _i in range(12)]
    assert statuses[:10] == [302] * 10 and statuses[10:] == [429, 429]


def test_no_voting_open(client):
    assert "No public voting is open" in client.get(reverse("awards:vote")).content.decode()


# --- the Secretariat's console ------------------------------------------------------------------------

def staff_urls(edition, category, entry):
    return [
        reverse("awards_staff:console"),
        reverse("awards_staff:edition-new"),
        reverse("awards_staff:edition", args=[edition.year]),
        reverse("awards_staff:edition-edit", args=[edition.year]),
        reverse("awards_staff:entries", args=[edition.year]),
        reverse("awards_staff:entry-screen", args=[entry.pk]),
        reverse("awards_staff:judges", args=[edition.year]),
        reverse("awards_staff:assignments", args=[edition.year, category.code]),
        reverse("awards_staff:ranking", args=[edition.year, category.code]),
        reverse("awards_staff:votes", args=[edition.year]),
    ]


def test_staff_console_permissions_per_role(client, official, focal_point, staff_with_mfa):
    edition = make_edition(status=S.ELIGIBILITY)
    category = edition.categories.get(code="services")
    entry = make_entry(edition=edition, category=category, status=Entry.Status.SUBMITTED)
    urls = staff_urls(edition, category, entry)
    for url in urls:
        assert client.get(url).status_code == 302, url  # visitor: to the login page
    for person in (official, focal_point):
        client.force_login(person)
        for url in urls:
            assert client.get(url).status_code == 403, url
    judge = make_judge(edition=edition, country="US")
    client.force_login(judge.user)
    assert client.get(urls[0]).status_code == 403
    client.force_login(staff_with_mfa)
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_staff_without_two_factor_is_sent_to_set_it_up(client, secretariat):
    client.force_login(secretariat)
    response = client.get(reverse("awards_staff:console"))
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")


def test_secretariat_screens_and_moves_the_phase(client, staff_with_mfa, django_capture_on_commit_callbacks):
    edition = make_edition(status=S.ELIGIBILITY)
    entry = make_entry(edition=edition, status=Entry.Status.SUBMITTED)
    client.force_login(staff_with_mfa)
    url = reverse("awards_staff:entry-screen", args=[entry.pk])
    response = client.post(url, {"decision": "0", "reason": ""})
    assert response.status_code == 200 and "Give the reason" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"decision": "0", "reason": "Not a public body."}).status_code == 302
    entry.refresh_from_db()
    assert entry.status == Entry.Status.INELIGIBLE
    response = client.post(reverse("awards_staff:transition", args=[edition.year]), {"transition": "open_judging"},
                           follow=True)
    edition.refresh_from_db()
    assert edition.status == S.JUDGING
    response = client.post(reverse("awards_staff:ranking-method", args=[edition.year]), {"method": "raw_mean"},
                           follow=True)
    assert "fixed when judging opened" in response.content.decode()


def test_secretariat_appoints_a_judge_and_spreads(client, staff_with_mfa):
    edition = make_edition(status=S.ELIGIBILITY)
    category = edition.categories.get(code="services")
    make_entry(edition=edition, category=category, country="KR")
    make_entry(edition=edition, category=category, country="VN")
    person = UserFactory(email="judge@example.net")
    client.force_login(staff_with_mfa)
    response = client.post(reverse("awards_staff:judges", args=[edition.year]), {
        "add_judge": "1", "email": "judge@example.net", "country": "VN", "city": "Hanoi", "affiliation": "Professor",
        "categories": [category.pk],
    })
    assert response.status_code == 302
    response = client.post(reverse("awards_staff:spread", args=[edition.year, category.code]), {"per_entry": "1"},
                           follow=True)
    assert Assignment.objects.filter(judge__user=person).count() == 1  # never the Vietnamese entry
    assert "could not get enough judges" in response.content.decode()


def test_ranking_page_shows_the_tie_and_records_the_decision(client, staff_with_mfa):
    edition = make_edition(status=S.SHORTLIST, ranking_method="raw_mean")
    category = edition.categories.get(code="services")
    judge = make_judge(edition=edition, country="US")
    entries = []
    for i, value in enumerate([9, 8, 7, 6, 5, 5]):
        entry = make_entry(edition=edition, category=category, country="KR", title=f"T{i}")
        score_entry(judge, entry, value)
        entries.append(entry)
    client.force_login(staff_with_mfa)
    url = reverse("awards_staff:ranking", args=[edition.year, category.code])
    html = client.get(url).content.decode()
    assert "tied at the boundary" in html and "<svg" in html
    response = client.post(url, {"publish": "1"}, follow=True)
    assert "Record a decision first" in response.content.decode()
    assert client.post(url, {"decide_tie": "1", "chosen": [entries[5].pk], "reason": "By lot."}).status_code == 302
    assert client.post(url, {"publish": "1"}).status_code == 302
    assert Shortlist.objects.get(category=category).finalists.filter(entry=entries[5]).exists()


def test_votes_page_void_burst_review_and_winners(client, staff_with_mfa):
    import datetime as dt

    edition = make_edition(status=S.COUNTING)
    finalists = make_finalists(edition=edition, count=3)
    start = timezone.now() - dt.timedelta(days=12)
    for i in range(16):
        Vote.objects.create(edition=edition, category=finalists[0].shortlist.category, entry=finalists[0].entry,
                            user=UserFactory(), email_domain="example.org", created_at=start + dt.timedelta(seconds=i))
    for i in range(3):
        Vote.objects.create(edition=edition, category=finalists[1].shortlist.category, entry=finalists[1].entry,
                            user=UserFactory(), email_domain="example.org",
                            created_at=start + dt.timedelta(hours=i + 1))
    client.force_login(staff_with_mfa)
    url = reverse("awards_staff:votes", args=[edition.year])
    html = client.get(url).content.decode()
    assert "Bursts" in html and finalists[0].entry.title in html
    from awards.selectors import anomaly_report

    burst = anomaly_report(edition=edition).bursts[0]
    response = client.post(reverse("awards_staff:votes-void", args=[edition.year]), {
        "entry": burst.entry_id, "start": burst.start.isoformat(), "end": burst.end.isoformat(), "reason": "Burst.",
    })
    assert response.status_code == 302
    assert Vote.objects.filter(voided_at__isnull=False).count() == 16
    assert "Review the anomaly report" in client.post(url, {"decide": "1"}, follow=True).content.decode()
    client.post(url, {"review": "1", "note": "Burst voided."})
    client.post(url, {"decide": "1"})
    best = Prize.objects.get(kind=Prize.Kind.BEST)
    assert best.entry == finalists[1].entry and best.votes == 3


def test_open_tasks_for_the_member_home(client, member, official):
    edition = make_edition(status=S.APPLICATION)
    make_entry(edition=edition, member=member, applicant=official, status=Entry.Status.DRAFT, title="Unfinished")
    from wego.registry import open_tasks_for

    labels = [t["label"] for t in open_tasks_for(member=member, user=official)]
    assert any("Unfinished" in label for label in labels)
    judging = make_edition(status=S.JUDGING)
    judge = make_judge(edition=judging, country="US", user=official)
    assign(judge, make_entry(edition=judging, country="KR"))
    labels = [t["label"] for t in open_tasks_for(member=member, user=official)]
    assert any("wait for your scores" in label for label in labels)


def test_services_reachable_from_admin_actions(client, staff_with_mfa):
    edition = make_edition(status=S.ELIGIBILITY)
    entry = make_entry(edition=edition, status=Entry.Status.SUBMITTED)
    client.force_login(staff_with_mfa)
    changelist = reverse("admin:awards_entry_changelist")
    assert client.get(changelist).status_code == 200
    page = client.post(changelist, {"action": "mark_ineligible", "_selected_action": [entry.pk]})
    assert page.status_code == 200 and b"Reason" in page.content
    client.post(changelist, {"action": "mark_ineligible", "_selected_action": [entry.pk], "apply": "1",
                             "reason": "Out of scope."})
    entry.refresh_from_db()
    assert entry.status == Entry.Status.INELIGIBLE and entry.eligibility_reason == "Out of scope."
    editions = reverse("admin:awards_edition_changelist")
    client.post(editions, {"action": "transition_open_judging", "_selected_action": [edition.pk]})
    edition.refresh_from_db()
    assert edition.status == S.JUDGING
    for model in ("edition", "entry", "judge", "assignment", "score", "shortlist", "tiedecision", "vote", "prize"):
        assert client.get(reverse(f"admin:awards_{model}_changelist")).status_code == 200, model
    assert client.get(reverse("admin:awards_edition_change", args=[edition.pk])).status_code == 200
    assert client.get(reverse("admin:awards_edition_add")).status_code == 200


def test_admin_is_closed_to_regional_staff(client, db):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from tests.factories import RegionalOfficeFactory

    staff = UserFactory(is_staff=True, regional_office=RegionalOfficeFactory())
    TOTP.activate(staff, generate_totp_secret())
    client.force_login(staff)
    assert client.get(reverse("admin:awards_entry_changelist")).status_code == 403
    assert client.get(reverse("awards_staff:console")).status_code == 403
    assert services  # the services module is what the actions call


# --- query counts of list pages: the same at a few rows and at many -------------------------------------

def test_list_pages_query_counts_do_not_grow(client, staff_with_mfa, member, official):
    applying = make_edition(status=S.APPLICATION)
    judging = make_edition(status=S.JUDGING)
    judge = make_judge(edition=judging, country="US", user=official)

    def add(n):
        for _i in range(n):
            make_entry(edition=applying, member=member, applicant=official, status=Entry.Status.SUBMITTED)
            assign(judge, make_entry(edition=judging, country="KR"))

    urls = [
        reverse("awards:my-entries"),
        reverse("awards:judge-queue"),
        reverse("awards_staff:entries", args=[applying.year]),
        reverse("awards_staff:judges", args=[judging.year]),
        reverse("awards_staff:ranking", args=[judging.year, "services"]),
        reverse("awards_staff:assignments", args=[judging.year, "services"]),
        reverse("awards_staff:console"),
    ]
    add(2)
    client.force_login(official)
    few = [count_queries(client, u) for u in urls[:2]]
    client.force_login(staff_with_mfa)
    few += [count_queries(client, u) for u in urls[2:]]
    add(12)
    for j, e in enumerate(Entry.objects.filter(edition=judging)):
        score_entry(judge, e, j % 10 + 1) if not Score.objects.filter(entry=e).exists() else None
    many = [count_queries(client, u) for u in urls[2:]]
    client.force_login(official)
    many = [count_queries(client, u) for u in urls[:2]] + many
    assert many == few, list(zip(urls, few, many, strict=True))


def test_voting_page_query_count_does_not_grow(client, user):
    edition = make_edition(status=S.VOTING)
    make_finalists(edition=edition, count=2)
    client.force_login(user)
    client.get(reverse("awards:vote"))  # the first visit stores the visitor's shuffle seed in the session
    few = count_queries(client, reverse("awards:vote"))
    for code in ("efficiency", "open-city", "digital-divide"):
        make_finalists(edition=edition, category=edition.categories.get(code=code))
    assert count_queries(client, reverse("awards:vote")) == few


def test_secretariat_creates_and_edits_an_edition(client, staff_with_mfa):
    from tests.factories.awards import phase_dates

    client.force_login(staff_with_mfa)
    dates = {k: v.isoformat() for k, v in phase_dates(phase="draft").items()}
    data = {"year": 2031, "ranking_method": "normalised", "title": "WeGO Awards 2031", "general_assembly": "",
            "description": "", "vote_tie_rule": "judging", **dates}
    bad = {**data, "voting_start": dates["judging_start"]}
    response = client.post(reverse("awards_staff:edition-new"), bad)
    assert response.status_code == 200 and "phases must follow each other" in response.content.decode()
    assert client.post(reverse("awards_staff:edition-new"), data).status_code == 302
    edition = Edition.objects.get(year=2031)
    assert edition.categories.count() == 5 and edition.status == S.DRAFT
    edit = {k: v for k, v in data.items() if k not in ("year", "ranking_method")}
    edit["general_assembly"] = "6th WeGO General Assembly"
    assert client.post(reverse("awards_staff:edition-edit", args=[2031]), edit).status_code == 302
    edition.refresh_from_db()
    assert edition.general_assembly == "6th WeGO General Assembly"
    response = client.post(reverse("awards_staff:transition", args=[2031]), {"transition": "open_applications"},
                           follow=True)
    edition.refresh_from_db()
    # The application period starts in a few days, but the Secretariat may open it early:
    assert edition.status == S.APPLICATION and edition.accepts_applications
