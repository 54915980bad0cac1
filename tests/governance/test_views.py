"""Governance pages: public, delegates, focal points, and the Secretariat's console."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from governance import services
from governance.models import Election, GeneralAssembly, OfficeTerm, SecretBallot, VoterRecord
from members.models import Affiliation
from tests.factories import AffiliationFactory, MemberFactory
from tests.factories.governance import close_and_tally, election_in_voting, voters, window
from tests.helpers import PDF_BYTES, count_queries

from .conftest import candidate_keys, vote_all

pytestmark = pytest.mark.django_db


# --- public ------------------------------------------------------------------------------------------


def test_governance_page_shows_officers_committee_and_history(client, staff):
    seoul = MemberFactory(name="Seoul", country="KR")
    barcelona = MemberFactory(name="Barcelona", country="ES")
    ga = GeneralAssembly.objects.create(number=1, year=2010, host=seoul, place="Seoul",
                                        starts_on=dt.date(2010, 9, 7), ends_on=dt.date(2010, 9, 9))
    services.office_term_record(office="president", member=seoul, basis="elected", term_start=dt.date(2024, 1, 1),
                                by=staff, general_assembly=ga)
    services.vice_president_appoint(member=barcelona, by=staff, term_start=dt.date(2024, 1, 1), term_end=None,
                                    nomination_reference="EC 2023/4", appointment_reference="Letter of the President City")
    services.committee_seat_record(member=barcelona, term_start=dt.date(2024, 1, 1), by=staff)
    body = client.get(reverse("governance:index")).content.decode()
    assert "Seoul" in body and "Barcelona" in body and "1st General Assembly (2010)" in body
    assert "Vice President City" in body
    # Header section link resolves.
    assert 'href="/governance/"' in body


def test_governance_page_query_count_does_not_grow_with_history(client, staff):
    def count():
        return count_queries(client, reverse("governance:index"))

    member = MemberFactory()
    GeneralAssembly.objects.create(number=1, year=2010, host=member)
    few = count()
    for n in range(2, 8):
        host = MemberFactory()
        GeneralAssembly.objects.create(number=n, year=2010 + 2 * n, host=host)
        services.committee_seat_record(member=host, term_start=dt.date(2024, 1, n), by=staff)
        services.vice_president_appoint(member=host, by=staff, term_start=dt.date(2024, 1, 1), term_end=None,
                                        nomination_reference="EC", appointment_reference="P")
    assert count() == few


def test_vice_president_page_warns_about_regional_imbalance(client, staff):
    asia = [MemberFactory(country="KR") for _ in range(2)]
    for _ in range(8):
        MemberFactory(country="ES")  # Europe holds most Full members …
    for m in asia:  # … but Asia holds every Vice President seat.
        services.vice_president_appoint(member=m, by=staff, term_start=dt.date(2024, 1, 1), term_end=None,
                                        nomination_reference="EC", appointment_reference="P")
    body = client.get(reverse("governance:vice_presidents")).content.decode()
    assert "Asia is over-represented" in body
    assert "Europe is under-represented" in body
    assert "the Statute asks for at least five" in body
    assert "not spread across the regions" in client.get(reverse("governance:index")).content.decode()


def test_results_are_hidden_until_certification(client, secret_ec, staff):
    election, rows = secret_ec
    vote_all(election, rows)
    results_url = reverse("governance:results", args=[election.pk])
    detail_url = reverse("governance:election", args=[election.pk])
    assert client.get(results_url).status_code == 404
    election = close_and_tally(election, by=staff)
    assert client.get(results_url).status_code == 404
    body = client.get(detail_url).content.decode()
    assert "<svg" not in body and "Votes for each option" not in body and "once the Secretariat has certified" in body
    services.election_certify(election=election, by=staff)
    body = client.get(results_url).content.decode()
    assert '<svg' in body and 'role="img"' in body and "<caption>Votes</caption>" in body
    assert "6 of 6 members voted" in body and "Full members in good standing on the roll" in body


def test_counted_ballots_page_after_the_close_and_receipt_lookup(client, secret_ec, staff):
    election, rows = secret_ec
    url = reverse("governance:ballots", args=[election.pk])
    receipts = vote_all(election, rows)
    member, delegate = rows[0]
    replaced = receipts[0]
    newer = services.election_vote_cast(election=election, member=member, by=delegate, choices=candidate_keys(election)[2:])
    assert client.get(url).status_code == 404  # still voting
    services.election_close_voting(election=election, by=staff, reason="test")
    body = client.get(url).content.decode()
    assert newer in body and replaced not in body and receipts[1] in body
    assert "Choices" not in body  # not before certification
    assert "Found: this ballot is counted." in client.get(url, {"receipt": newer.lower()}).content.decode()
    assert "replaced by a later ballot" in client.get(url, {"receipt": replaced}).content.decode()
    assert "No ballot of this vote has this receipt" in client.get(url, {"receipt": "AAAA-BBBB-CCCC-DDDD"}).content.decode()
    election = Election.objects.get(pk=election.pk)
    services.election_tally(election=election, by=staff)
    services.election_certify(election=election, by=staff)
    body = client.get(url).content.decode()
    assert "Choices" in body and rows[5][0].name not in body.split("<tbody>")[1]  # secret: voters are not named


def test_election_list_and_meeting_pages(client, staff):
    from governance.models import AgendaItem, Meeting

    meeting = Meeting.objects.create(body="executive_committee", title="EC meeting 2026", date=dt.date(2026, 3, 2), place="Seoul")
    item = AgendaItem.objects.create(meeting=meeting, number=1, title="Budget")
    member = MemberFactory(name="Hanoi", country="VN")
    delegate = AffiliationFactory(member=member, role=Affiliation.Role.DELEGATE).user
    services.attendance_record(meeting=meeting, member=member, by=staff, delegate=delegate)
    services.decision_record(meeting=meeting, text="The budget is approved.", decided_on=meeting.date, by=staff, agenda_item=item)
    body = client.get(reverse("governance:meeting", args=[meeting.pk])).content.decode()
    assert "The budget is approved." in body and "Hanoi" in body and "1 of 1 Full members present" in body
    assert client.get(reverse("governance:meetings")).status_code == 200
    assert client.get(reverse("governance:elections")).status_code == 200


# --- delegates -----------------------------------------------------------------------------------------


def test_your_votes_lists_open_ballots_for_the_delegate_only(client, secret_ec):
    election, rows = secret_ec
    member, delegate = rows[0]
    client.force_login(delegate)
    body = client.get(reverse("governance:my_votes")).content.decode()
    assert election.title in body and reverse("governance:ballot", args=[election.pk, member.pk]) in body
    official = AffiliationFactory(member=member, role=Affiliation.Role.OFFICIAL).user
    client.force_login(official)
    assert election.title not in client.get(reverse("governance:my_votes")).content.decode()


def test_delegate_votes_with_checkboxes_and_gets_a_receipt_once(client, secret_ec):
    election, rows = secret_ec
    member, delegate = rows[0]
    client.force_login(delegate)
    url = reverse("governance:ballot", args=[election.pk, member.pk])
    body = client.get(url).content.decode()
    assert body.count('type="checkbox"') == 3 and "Choose up to 2 candidates" in body
    keys = candidate_keys(election)
    response = client.post(url, {"choices": keys[:2]})
    assert response.status_code == 302 and response.url == reverse("governance:receipt", args=[election.pk])
    receipt = SecretBallot.objects.get(election=election).receipt
    assert receipt in client.get(response.url).content.decode()
    # Shown once only.
    assert client.get(response.url).status_code == 302
    assert VoterRecord.objects.get(election=election, member=member).ballot_version == 1


def test_president_ballot_is_a_radio_group(client, staff):
    rows = voters(3)
    election = election_in_voting(kind="president", candidates=[m for m, _ in rows[:2]], by=staff)
    member, delegate = rows[2]
    client.force_login(delegate)
    body = client.get(reverse("governance:ballot", args=[election.pk, member.pk])).content.decode()
    assert body.count('type="radio"') == 2 and 'type="checkbox"' not in body


def test_refused_ballots_show_a_clear_message_and_count_nothing(client, secret_ec):
    election, rows = secret_ec
    member, delegate = rows[0]
    url = reverse("governance:ballot", args=[election.pk, member.pk])
    client.force_login(delegate)
    body = client.post(url, {"choices": candidate_keys(election)}).content.decode()
    assert "Choose at most 2 candidates; you chose 3." in body
    body = client.post(url, {"choices": ["999999"]}).content.decode()
    assert "is not one of the available choices" in body
    official = AffiliationFactory(member=member, role=Affiliation.Role.FOCAL_POINT).user
    client.force_login(official)
    body = client.post(url, {"choices": candidate_keys(election)[:1]}).content.decode()
    assert f"Only a delegate of {member.name} can cast its vote." in body
    assert not VoterRecord.objects.filter(election=election).exists()
    assert not SecretBallot.objects.filter(election=election).exists()
    # Another member's ballot page is a 404.
    other_member = rows[1][0]
    assert client.get(reverse("governance:ballot", args=[election.pk, other_member.pk])).status_code == 404


def test_vote_after_the_window_is_refused_on_the_page(client, secret_ec):
    election, rows = secret_ec
    Election.objects.filter(pk=election.pk).update(voting_closes_at=timezone.now() - dt.timedelta(seconds=1))
    member, delegate = rows[0]
    client.force_login(delegate)
    body = client.post(reverse("governance:ballot", args=[election.pk, member.pk]),
                       {"choices": candidate_keys(election)[:1]}).content.decode()
    assert "closed on" in body
    assert not VoterRecord.objects.exists()


def test_focal_point_files_a_candidacy(client, staff):
    member = MemberFactory(name="Nairobi", country="KE")
    focal = AffiliationFactory(member=member, role=Affiliation.Role.FOCAL_POINT).user
    election = services.election_create(title="Executive Committee 2027", kind="executive_committee", by=staff, seats=15)
    services.election_open_nominations(election=election, by=staff)
    client.force_login(focal)
    assert "Executive Committee 2027" in client.get(reverse("governance:my_votes")).content.decode()
    url = reverse("governance:candidacy", args=[election.pk, member.pk])
    response = client.post(url, {"statement": "Nairobi will champion e-Government in Africa."})
    assert response.status_code == 302
    assert election.candidacies.get().member == member


def test_open_tasks_on_the_member_home(client, secret_ec):
    election, rows = secret_ec
    member, delegate = rows[0]
    client.force_login(delegate)
    body = client.get(reverse("members:my")).content.decode()
    assert f"Cast the vote of {member.name}" in body


# --- staff console ---------------------------------------------------------------------------------------


def test_staff_console_needs_the_secretariat(client, official):
    client.force_login(official)
    assert client.get(reverse("governance_staff:console")).status_code == 403


def test_staff_runs_an_election_from_the_console(client, staff_with_mfa):
    rows = voters(3)
    client.force_login(staff_with_mfa)
    opens, closes = window()
    response = client.post(reverse("governance_staff:election_new"), {
        "title": "Executive Committee 2027", "kind": "executive_committee", "seats": 2, "secrecy": "secret",
        "tie_rule": "runoff", "quorum_base_rule": "roll",
        "voting_opens_at": timezone.localtime(opens).strftime("%Y-%m-%dT%H:%M"),
        "voting_closes_at": timezone.localtime(closes).strftime("%Y-%m-%dT%H:%M"),
    })
    election = Election.objects.get(title="Executive Committee 2027")
    assert response.status_code == 302

    def act(action, **data):
        return client.post(reverse("governance_staff:election_action", args=[election.pk, action]), data, follow=True)

    assert "Nominations are open." in act("open_nominations").content.decode()
    for m, _d in rows[:2]:
        services.candidacy_file(election=election, member=m, by=staff_with_mfa, statement="s")
    assert "The roll is frozen." in act("freeze").content.decode()
    assert "Voting is open." in act("open_voting").content.decode()
    election.refresh_from_db()
    vote_all(election, rows)
    assert "give the reason" in act("close").content.decode()
    assert "Voting is closed." in act("close", **{"close-reason": "All delegates voted."}).content.decode()
    page = act("tally").content.decode()
    assert "The vote is tallied." in page and "<svg" in page  # staff see the tally before certification
    assert "Recount: the stored ballots give the same result" in act("recount").content.decode()
    assert "certified" in act("certify").content.decode()
    assert "published" in act("publish").content.decode()
    page = client.get(reverse("governance_staff:election", args=[election.pk]), {"verify": 1}).content.decode()
    assert "Verified: the log" in page
    assert "Executive Committee 2027" in client.get(reverse("governance_staff:console")).content.decode()


def test_staff_creates_a_motion(client, staff_with_mfa):
    associate = MemberFactory(name="Da Nang", country="VN", category="associate")
    client.force_login(staff_with_mfa)
    response = client.post(reverse("governance_staff:motion_new"), {
        "title": "Full membership of Da Nang", "text": "Approve the Full membership of Da Nang.",
        "kind": "full_membership", "threshold": "simple", "secrecy": "open", "quorum_base_rule": "roll",
        "subject_member": associate.pk,
    })
    assert response.status_code == 302
    election = Election.objects.get(title="Full membership of Da Nang")
    assert election.motion.subject_member == associate


def test_office_terms_are_ended_when_a_new_president_starts(staff):
    a, b = MemberFactory(), MemberFactory()
    first = services.office_term_record(office="president", member=a, basis="elected", term_start=dt.date(2020, 1, 1), by=staff)
    services.office_term_record(office="president", member=b, basis="elected", term_start=dt.date(2023, 1, 1), by=staff)
    first.refresh_from_db()
    assert first.term_end == dt.date(2022, 12, 31)
    assert OfficeTerm.objects.filter(office="president", term_end__isnull=True).get().member == b


def test_a_21st_committee_seat_is_refused(staff):
    from django.core.exceptions import ValidationError

    for _ in range(20):
        services.committee_seat_record(member=MemberFactory(), term_start=dt.date(2024, 1, 1), by=staff)
    with pytest.raises(ValidationError, match="20 seats at most"):
        services.committee_seat_record(member=MemberFactory(), term_start=dt.date(2024, 6, 1), by=staff)


def test_list_pages_query_counts_are_flat(client, staff_with_mfa):
    def add(n):
        for i in range(n):
            e = services.election_create(title=f"Vote {Election.objects.count()}-{i}", kind="executive_committee",
                                         by=staff_with_mfa, seats=2)
            services.election_open_nominations(election=e, by=staff_with_mfa)

    add(2)
    public_few = count_queries(client, reverse("governance:elections"))
    client.force_login(staff_with_mfa)
    staff_few = count_queries(client, reverse("governance_staff:console"))
    client.logout()
    add(10)
    assert count_queries(client, reverse("governance:elections")) == public_few
    client.force_login(staff_with_mfa)
    assert count_queries(client, reverse("governance_staff:console")) == staff_few


def test_your_votes_query_count_is_flat(client, staff):
    rows = voters(3)
    member, delegate = rows[0]
    client.force_login(delegate)
    election_in_voting(kind="executive_committee", candidates=[rows[1][0]], by=staff, seats=1, title="A")
    few = count_queries(client, reverse("governance:my_votes"))
    for i in range(4):
        election_in_voting(kind="executive_committee", candidates=[rows[1][0]], by=staff, seats=1, title=f"B{i}")
    assert count_queries(client, reverse("governance:my_votes")) == few


def test_motion_pages_before_and_after_certification(client, staff):
    from tests.factories.governance import motion_in_voting

    rows = voters(3)
    election = motion_in_voting(by=staff, secrecy="open", title="Approve the budget 2027")
    body = client.get(reverse("governance:election", args=[election.pk])).content.decode()
    assert "Approve the budget" in body and "Simple majority of the votes cast" in body
    vote_all(election, rows, lambda i, k: ["yes" if i < 2 else "no"])
    election = close_and_tally(election, by=staff)
    services.election_certify(election=election, by=staff)
    body = client.get(reverse("governance:results", args=[election.pk])).content.decode()
    assert "Accepted" in body and "2 yes, 2 needed" in body
    ballots = client.get(reverse("governance:ballots", args=[election.pk])).content.decode()
    assert rows[0][0].name in ballots and "Yes" in ballots  # open vote: who voted what


def test_meeting_documents_must_be_real_pdfs(staff):
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from governance.models import Meeting, MeetingDocument

    meeting = Meeting.objects.create(body="general_assembly", title="GA", date=dt.date(2026, 5, 1))
    fake = SimpleUploadedFile("agenda.pdf", b"MZ this is not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError, match="not a PDF"):
        services.record_save(instance=MeetingDocument(meeting=meeting, title="Agenda", file=fake), by=staff)
    pdf = SimpleUploadedFile("agenda.pdf", PDF_BYTES)
    services.record_save(instance=MeetingDocument(meeting=meeting, title="Agenda", file=pdf), by=staff)
    assert MeetingDocument.objects.count() == 1
