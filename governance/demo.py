"""Demo data of the governance app. Idempotent: a second run changes nothing.

- The General Assemblies of 2010 (Seoul), 2012 (Barcelona), 2014 (Chengdu) and 2017 (Ulyanovsk Region),
  with the host bids, the President City's terms, the Executive Vice Presidents (hosts of the next
  Assembly) and five Vice President Cities appointed in 2017.
- A certified, published Executive Committee election of the 4th General Assembly (secret ballot,
  run through the real services with the dates of 2017), with its committee seats and a plenary meeting.
- At that plenary, the confirmation of the host of the 5th General Assembly, an open vote run through the
  services: its certification confirms the bid, and "the host of the next General Assembly is
  automatically appointed as the Executive Vice President City" (services.host_bid_confirm), so the
  office is filled by the mechanism, the term naming the bid and the vote. Ulyanovsk Region, host of
  2017, held the office from its own confirmation (2014) until then.
- A special meeting of the Executive Committee ("the committee may call for special meetings instead of
  the annual regular meetings").
- An Executive Committee election open now for the demo delegates (<city-slug>.delegate3@example.org),
  and an open-vote motion approving the Full membership of Pokhara.

The content (assemblies, titles, candidates, texts, dates) is in governance/demo/governance.json; dates
of sessions, the host of the 5th General Assembly and the names of the Vice Presidents are illustrative.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from members.models import Affiliation, Member, User
from wego.demo import SECRETARIAT_EMAIL, demo_data, iso_date

from . import services
from .models import AgendaItem, Election, GeneralAssembly, HostBid, Meeting, Motion, OfficeTerm, RollEntry

DATA = demo_data(__file__, "governance")
ASSEMBLIES = DATA["assemblies"]
PRESIDENT = DATA["president"]
PAST_EC, PLENARY, NEXT_HOST = DATA["past_election"], DATA["plenary"], DATA["next_host"]
OPEN_EC, MOTION, SPECIAL_MEETING = DATA["open_election"], DATA["motion"], DATA["special_meeting"]
PAST_EC_TITLE, PLENARY_2017_TITLE, HOST_MOTION_TITLE = PAST_EC["title"], PLENARY["title"], NEXT_HOST["motion_title"]
SPECIAL_MEETING_TITLE, OPEN_EC_TITLE, MOTION_TITLE = SPECIAL_MEETING["title"], OPEN_EC["title"], MOTION["title"]


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=dt.UTC)


def seed(*, stdout) -> str:
    created = {"assemblies": 0, "terms": 0, "elections": 0, "meetings": 0}
    members = {m.name: m for m in Member.objects.all()}
    if PRESIDENT not in members:
        return "skipped (no demo members)"
    secretariat = User.objects.filter(email=SECRETARIAT_EMAIL).first()

    assemblies = {}
    for row in ASSEMBLIES:
        ga, new = GeneralAssembly.objects.get_or_create(
            number=row["number"],
            defaults={"year": row["year"], "place": row["host"], "starts_on": iso_date(row["starts_on"]),
                      "ends_on": iso_date(row["ends_on"]), "theme": row["theme"]},
        )
        assemblies[row["number"]] = ga
        created["assemblies"] += new
    if not GeneralAssembly.objects.filter(number=1, host__isnull=False).exists():
        created["terms"] += _seed_officers(assemblies, members, secretariat)
    if not Election.objects.filter(title=PAST_EC_TITLE).exists():
        _seed_past_committee_election(assemblies[PAST_EC["general_assembly"]], members, secretariat)
        created["elections"] += 1
        created["meetings"] += 1
    if not Election.objects.filter(title=HOST_MOTION_TITLE).exists():
        done = _seed_next_host(assemblies, members, secretariat)
        created["elections"] += done
        created["terms"] += done
    if not Meeting.objects.filter(title=SPECIAL_MEETING_TITLE).exists():
        _seed_special_meeting(secretariat)
        created["meetings"] += 1
    if not Election.objects.filter(title=OPEN_EC_TITLE).exists():
        created["elections"] += _seed_open_election(members, secretariat)
    if not Election.objects.filter(title=MOTION_TITLE).exists():
        created["elections"] += _seed_motion(members, secretariat)
    return ", ".join(f"{v} {k} created" for k, v in created.items())


def _seed_officers(assemblies, members, by) -> int:
    count = 0
    hosted = [row["number"] for row in ASSEMBLIES if row["host"]]
    # The 1st Assembly was hosted by Seoul, the founder; each later host won a bid confirmed by the Assembly before.
    GeneralAssembly.objects.filter(pk=assemblies[hosted[0]].pk).update(host=members[PRESIDENT])
    for number in hosted[1:]:
        ga = assemblies[number]
        previous = assemblies[number - 1]
        bid = services.host_bid_submit(general_assembly=ga, member=members[ga.place], by=by,
                                       proposal=DATA["host_bid_proposal"].format(host=ga.place, number=number))
        services.host_bid_confirm(bid=bid, by=by, decided_on=previous.ends_on)  # host → Executive Vice President
        count += 1
    for number in hosted:
        ga = assemblies[number]
        services.office_term_record(
            office=OfficeTerm.Office.PRESIDENT, member=members[PRESIDENT], basis=OfficeTerm.Basis.ELECTED,
            term_start=ga.ends_on, by=by, general_assembly=ga,
        )
        count += 1
    vice = DATA["vice_presidents"]
    for name in vice["members"]:
        if name in members:
            services.vice_president_appoint(
                member=members[name], by=by, term_start=dt.date.fromisoformat(vice["term_start"]), term_end=None,
                nomination_reference=vice["nomination_reference"],
                appointment_reference=vice["appointment_reference"], appointed_on=iso_date(vice["appointed_on"]),
            )
            count += 1
    return count


def _delegate(member):
    affiliation = Affiliation.objects.delegates().of(member).select_related("user").first()
    return affiliation.user if affiliation else None


def _seed_past_committee_election(ga, members, by) -> None:
    """Run the 2017 election through the services with the dates of 2017."""
    day = ga.ends_on - dt.timedelta(days=1)
    seats = PAST_EC["seats"]
    election = services.election_create(
        title=PAST_EC_TITLE, kind=Election.Kind.EXECUTIVE_COMMITTEE, by=by, seats=seats, general_assembly=ga,
        secrecy=Election.Secrecy.SECRET, tie_rule=Election.TieRule.LOTS, voting_opens_at=_at(day, 1),
        voting_closes_at=_at(day, 5), term_start=ga.ends_on, description=PAST_EC["description"],
    )
    services.election_open_nominations(election=election, by=by)
    candidates = [members[n] for n in PAST_EC["candidates"] if n in members]
    for member in candidates:
        services.candidacy_file(
            election=election, member=member, by=by, now=_at(ga.starts_on - dt.timedelta(days=45), 2),
            statement=PAST_EC["statement"].format(member=member.name),
        )
    services.election_freeze_roll(election=election, by=by, now=_at(day, 0))
    services.election_open_voting(election=election, by=by, now=_at(day, 0))
    keys = [str(c.pk) for c in election.candidacies.order_by("pk")]
    roll = list(RollEntry.objects.filter(election=election).select_related("member").order_by("member_id"))
    for i, entry in enumerate(roll):
        delegate = _delegate(entry.member)
        if delegate is None:
            continue
        # Each delegate marks as many candidates as there are seats, rotating so that the counts differ.
        choices = [keys[(i + j) % len(keys)] for j in range(seats)] if i % 3 else keys[:seats]
        services.election_vote_cast(election=election, member=entry.member, by=delegate, choices=choices,
                                    now=_at(day, 2) + dt.timedelta(minutes=i))
    services.election_close_voting(election=election, by=by, now=_at(day, 5))
    services.election_tally(election=election, by=by, now=_at(day, 6))
    election.refresh_from_db()
    services.election_certify(election=election, by=by, now=_at(day, 8))
    services.election_publish(election=election, by=by, now=_at(day, 9))

    meeting = Meeting.objects.create(
        body=Meeting.Body.GENERAL_ASSEMBLY, general_assembly=ga, title=PLENARY_2017_TITLE,
        date=day, place=PLENARY["place"], status=Meeting.Status.HELD, minutes=PLENARY["minutes"],
    )
    items = [
        AgendaItem.objects.create(meeting=meeting, number=number, title=title)
        for number, title in enumerate(PLENARY["agenda"], start=1)
    ]
    for entry in roll:
        services.attendance_record(meeting=meeting, member=entry.member, by=by, delegate=_delegate(entry.member))
    for decision in PLENARY["decisions"]:
        services.decision_record(meeting=meeting, text=decision["text"], decided_on=day, by=by,
                                 agenda_item=items[decision["item"] - 1])


def _seed_next_host(assemblies, members, by) -> int:
    """The 4th General Assembly confirms the host of the 5th by an open vote at its plenary (a host-confirmation
    motion run through the services with the dates of 2017). Certifying the accepted motion confirms the bid
    (services.host_bid_confirm): the host becomes the Executive Vice President City by the mechanism, its
    term naming the bid and the vote, and the plenary records the numbered decision."""
    ga5 = assemblies[NEXT_HOST["general_assembly"]]
    ga4 = assemblies[NEXT_HOST["general_assembly"] - 1]
    host = members.get(NEXT_HOST["member"])
    meeting = Meeting.objects.filter(general_assembly=ga4, title=PLENARY_2017_TITLE).first()
    if host is None or meeting is None or ga5.host_id:
        return 0
    day = meeting.date
    number = len(PLENARY["agenda"]) + 1
    item = AgendaItem.objects.filter(meeting=meeting, number=number).first() or AgendaItem.objects.create(
        meeting=meeting, number=number, title=NEXT_HOST["agenda_item"]
    )
    bid = HostBid.objects.filter(general_assembly=ga5, member=host).first() or services.host_bid_submit(
        general_assembly=ga5, member=host, by=by, proposal=NEXT_HOST["proposal"].format(host=host.name)
    )
    motion = services.motion_create(
        title=HOST_MOTION_TITLE, by=by, kind=Motion.Kind.HOST_CONFIRMATION, host_bid=bid, agenda_item=item,
        text=NEXT_HOST["text"].format(host=host.name),
        threshold=Motion.Threshold.SIMPLE, secrecy="open", general_assembly=ga4,
        voting_opens_at=_at(day, 10), voting_closes_at=_at(day, 12),
    )
    election = motion.election
    services.election_freeze_roll(election=election, by=by, now=_at(day, 10))
    services.election_open_voting(election=election, by=by, now=_at(day, 10))
    roll = list(RollEntry.objects.filter(election=election).select_related("member").order_by("member_id"))
    for i, entry in enumerate(roll):
        delegate = _delegate(entry.member)
        if delegate is None:
            continue
        answer = "no" if i % 9 == 4 else "abstain" if i % 13 == 6 else "yes"
        services.election_vote_cast(election=election, member=entry.member, by=delegate, choices=[answer],
                                    now=_at(day, 10) + dt.timedelta(seconds=30 * i))
    services.election_close_voting(election=election, by=by, now=_at(day, 12))
    services.election_tally(election=election, by=by, now=_at(day, 12))
    election.refresh_from_db()
    services.election_certify(election=election, by=by, now=_at(day, 13))  # → host_bid_confirm → Executive Vice President
    services.election_publish(election=election, by=by, now=_at(day, 14))
    return 1


def _seed_special_meeting(by) -> None:
    services.record_save(instance=Meeting(
        body=Meeting.Body.EXECUTIVE_COMMITTEE, kind=Meeting.Kind.SPECIAL, title=SPECIAL_MEETING_TITLE,
        date=dt.date.fromisoformat(SPECIAL_MEETING["date"]), place=SPECIAL_MEETING["place"], status=Meeting.Status.HELD,
        minutes=SPECIAL_MEETING["minutes"],
    ), by=by)


def _seed_open_election(members, by) -> int:
    """An Executive Committee election open now: candidates in good standing, the roll frozen today."""
    now = timezone.now()
    election = services.election_create(
        title=OPEN_EC_TITLE, kind=Election.Kind.EXECUTIVE_COMMITTEE, by=by, seats=OPEN_EC["seats"],
        secrecy=Election.Secrecy.SECRET, tie_rule=Election.TieRule.RUNOFF,
        voting_opens_at=now - dt.timedelta(hours=1), voting_closes_at=now + dt.timedelta(days=OPEN_EC["days_open"]),
        description=OPEN_EC["description"],
    )
    services.election_open_nominations(election=election, by=by)
    filed = 0
    for name in OPEN_EC["candidates"]:
        member = members.get(name)
        if member and not services.candidacy_eligibility_problems(election=election, member=member):
            services.candidacy_file(election=election, member=member, by=by,
                                    statement=OPEN_EC["statement"].format(member=member.name))
            filed += 1
    if not filed:
        return 1
    services.election_freeze_roll(election=election, by=by)
    services.election_open_voting(election=election, by=by)
    return 1


def _seed_motion(members, by) -> int:
    subject = members.get(MOTION["member"])
    if subject is None or subject.category != Member.Category.ASSOCIATE:
        return 0
    now = timezone.now()
    motion = services.motion_create(
        title=MOTION_TITLE, by=by, kind=Motion.Kind.FULL_MEMBERSHIP, subject_member=subject,
        text=MOTION["text"], threshold=Motion.Threshold.SIMPLE, secrecy=Election.Secrecy.OPEN,
        voting_opens_at=now - dt.timedelta(hours=1), voting_closes_at=now + dt.timedelta(days=MOTION["days_open"]),
    )
    services.election_freeze_roll(election=motion.election, by=by)
    services.election_open_voting(election=motion.election, by=by)
    return 1
