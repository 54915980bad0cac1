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

Dates of sessions, the host of the 5th General Assembly and the names of the Vice Presidents are
illustrative, for demonstration only.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from wego.demo import iso_date

ASSEMBLIES = [
    # number, year, host, first day, last day, theme
    (1, 2010, "Seoul", "2010-09-07", "2010-09-09", "Inaugural General Assembly"),
    (2, 2012, "Barcelona", "2012-11-13", "2012-11-15", "Smart cities and e-Government"),
    (3, 2014, "Chengdu", "2014-09-16", "2014-09-18", "Sustainable urban development through e-Government"),
    (4, 2017, "Ulyanovsk Region", "2017-06-27", "2017-06-29", "Smart sustainable cities"),
    (5, 2020, "", None, None, ""),  # its host is confirmed by a vote of the 4th (see _seed_next_host); dates not set
]
NEXT_HOST = "Hanoi"  # illustrative
HOST_MOTION_TITLE = "Host of the 5th General Assembly"
PLENARY_2017_TITLE = "4th General Assembly — plenary session"
SPECIAL_MEETING_TITLE = "Special meeting of the Executive Committee (demo)"
VICE_PRESIDENTS_2017 = ["Jakarta", "Barcelona", "Nairobi", "Mexico City", "Beyoğlu"]
PAST_EC_TITLE = "Executive Committee 2017–2020 (4th General Assembly)"
PAST_EC_CANDIDATES = [
    "Seoul", "Ulyanovsk Region", "Chengdu", "Barcelona", "Jakarta", "Hanoi", "Quezon City", "Makati", "Tashkent",
    "Nairobi", "Addis Ababa", "Mexico City", "Quito", "Beyoğlu", "Amman",
]
OPEN_EC_TITLE = "Executive Committee: mid-term election (demo)"
MOTION_TITLE = "Full membership of Pokhara"


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=dt.UTC)


def seed(*, stdout) -> str:
    from members.models import Member, User

    from .models import Election, GeneralAssembly

    created = {"assemblies": 0, "terms": 0, "elections": 0, "meetings": 0}
    from .models import Meeting

    members = {m.name: m for m in Member.objects.all()}
    if "Seoul" not in members:
        return "skipped (no demo members)"
    secretariat = User.objects.filter(email="secretariat@example.org").first()

    assemblies = {}
    for number, year, host, first, last, theme in ASSEMBLIES:
        ga, new = GeneralAssembly.objects.get_or_create(
            number=number,
            defaults={"year": year, "place": host, "starts_on": iso_date(first), "ends_on": iso_date(last), "theme": theme},
        )
        assemblies[number] = ga
        created["assemblies"] += new
    if not GeneralAssembly.objects.filter(number=1, host__isnull=False).exists():
        created["terms"] += _seed_officers(assemblies, members, secretariat)
    if not Election.objects.filter(title=PAST_EC_TITLE).exists():
        _seed_past_committee_election(assemblies[4], members, secretariat)
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
    from . import services
    from .models import GeneralAssembly, OfficeTerm

    count = 0
    # The 1st Assembly was hosted by Seoul, the founder; each later host won a bid confirmed by the Assembly before.
    GeneralAssembly.objects.filter(pk=assemblies[1].pk).update(host=members["Seoul"])
    for number in (2, 3, 4):
        ga = assemblies[number]
        previous = assemblies[number - 1]
        bid = services.host_bid_submit(general_assembly=ga, member=members[ga.place], by=by,
                                       proposal=f"{ga.place} offers to host the {number}th General Assembly.")
        services.host_bid_confirm(bid=bid, by=by, decided_on=previous.ends_on)  # host → Executive Vice President
        count += 1
    for number in (1, 2, 3, 4):
        ga = assemblies[number]
        services.office_term_record(
            office=OfficeTerm.Office.PRESIDENT, member=members["Seoul"], basis=OfficeTerm.Basis.ELECTED,
            term_start=ga.ends_on, by=by, general_assembly=ga,
        )
        count += 1
    for name in VICE_PRESIDENTS_2017:
        if name in members:
            services.vice_president_appoint(
                member=members[name], by=by, term_start=iso_date("2017-07-15"), term_end=None,
                nomination_reference="Executive Committee, Ulyanovsk, 28 June 2017 (demo)",
                appointment_reference="Letter of appointment of the President City (demo)", appointed_on=iso_date("2017-07-15"),
            )
            count += 1
    return count


def _delegate(member):
    from members.models import Affiliation

    affiliation = Affiliation.objects.filter(member=member, role=Affiliation.Role.DELEGATE).select_related("user").first()
    return affiliation.user if affiliation else None


def _seed_past_committee_election(ga, members, by) -> None:
    """Run the 2017 election through the services with the dates of 2017."""
    from . import services
    from .models import AgendaItem, Election, Meeting, RollEntry

    day = ga.ends_on - dt.timedelta(days=1)
    election = services.election_create(
        title=PAST_EC_TITLE, kind=Election.Kind.EXECUTIVE_COMMITTEE, by=by, seats=12, general_assembly=ga,
        secrecy=Election.Secrecy.SECRET, tie_rule=Election.TieRule.LOTS, voting_opens_at=_at(day, 1),
        voting_closes_at=_at(day, 5), term_start=ga.ends_on,
        description="Elected by the 4th General Assembly in Ulyanovsk Region (demo data).",
    )
    services.election_open_nominations(election=election, by=by)
    candidates = [members[n] for n in PAST_EC_CANDIDATES if n in members]
    for member in candidates:
        services.candidacy_file(
            election=election, member=member, by=by, now=_at(ga.starts_on - dt.timedelta(days=45), 2),
            statement=f"{member.name} will support WeGO's projects and share its e-Government practice with member cities.",
        )
    services.election_freeze_roll(election=election, by=by, now=_at(day, 0))
    services.election_open_voting(election=election, by=by, now=_at(day, 0))
    keys = [str(c.pk) for c in election.candidacies.order_by("pk")]
    roll = list(RollEntry.objects.filter(election=election).select_related("member").order_by("member_id"))
    for i, entry in enumerate(roll):
        delegate = _delegate(entry.member)
        if delegate is None:
            continue
        # Each delegate marks 12 candidates, rotating so that the counts differ.
        choices = [keys[(i + j) % len(keys)] for j in range(12)] if i % 3 else keys[:12]
        services.election_vote_cast(election=election, member=entry.member, by=delegate, choices=choices,
                                    now=_at(day, 2) + dt.timedelta(minutes=i))
    services.election_close_voting(election=election, by=by, now=_at(day, 5))
    services.election_tally(election=election, by=by, now=_at(day, 6))
    election.refresh_from_db()
    services.election_certify(election=election, by=by, now=_at(day, 8))
    services.election_publish(election=election, by=by, now=_at(day, 9))

    meeting = Meeting.objects.create(
        body=Meeting.Body.GENERAL_ASSEMBLY, general_assembly=ga, title=PLENARY_2017_TITLE,
        date=day, place="Ulyanovsk", status=Meeting.Status.HELD,
        minutes="The General Assembly elected the Executive Committee and confirmed the reports of the Secretariat (demo).",
    )
    items = [
        AgendaItem.objects.create(meeting=meeting, number=1, title="Report of the Secretariat 2014–2017"),
        AgendaItem.objects.create(meeting=meeting, number=2, title="Election of the Executive Committee"),
        AgendaItem.objects.create(meeting=meeting, number=3, title="Budget 2017–2018"),
    ]
    for entry in roll:
        services.attendance_record(meeting=meeting, member=entry.member, by=by, delegate=_delegate(entry.member))
    services.decision_record(meeting=meeting, text="The report of the Secretariat 2014–2017 is approved.", decided_on=day,
                             by=by, agenda_item=items[0])
    services.decision_record(meeting=meeting, text="The Executive Committee 2017–2020 is elected (see the certified result).",
                             decided_on=day, by=by, agenda_item=items[1])


def _seed_next_host(assemblies, members, by) -> int:
    """The 4th General Assembly confirms the host of the 5th by an open vote at its plenary (a host-confirmation
    motion run through the services with the dates of 2017). Certifying the accepted motion confirms the bid
    (services.host_bid_confirm): the host becomes the Executive Vice President City by the mechanism, its
    term naming the bid and the vote, and the plenary records the numbered decision."""
    from . import services
    from .models import AgendaItem, HostBid, Meeting, Motion, RollEntry

    ga4, ga5 = assemblies[4], assemblies[5]
    host = members.get(NEXT_HOST)
    meeting = Meeting.objects.filter(general_assembly=ga4, title=PLENARY_2017_TITLE).first()
    if host is None or meeting is None or ga5.host_id:
        return 0
    day = meeting.date
    item = AgendaItem.objects.filter(meeting=meeting, number=4).first() or AgendaItem.objects.create(
        meeting=meeting, number=4, title="Confirmation of the host of the 5th General Assembly"
    )
    bid = HostBid.objects.filter(general_assembly=ga5, member=host).first() or services.host_bid_submit(
        general_assembly=ga5, member=host, by=by, proposal=f"{host.name} offers to host the 5th General Assembly."
    )
    motion = services.motion_create(
        title=HOST_MOTION_TITLE, by=by, kind=Motion.Kind.HOST_CONFIRMATION, host_bid=bid, agenda_item=item,
        text=f"The General Assembly confirms {host.name} as the host of the 5th General Assembly.",
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
    from . import services
    from .models import Meeting

    services.record_save(instance=Meeting(
        body=Meeting.Body.EXECUTIVE_COMMITTEE, kind=Meeting.Kind.SPECIAL, title=SPECIAL_MEETING_TITLE,
        date=iso_date("2019-03-14"), place="Online", status=Meeting.Status.HELD,
        minutes="Called by the Executive Committee instead of its annual regular meeting (demo).",
    ), by=by)


def _seed_open_election(members, by) -> int:
    """An Executive Committee election open now: candidates in good standing, the roll frozen today."""
    from . import services
    from .models import Election
    from .services.voting import candidacy_eligibility_problems

    now = timezone.now()
    election = services.election_create(
        title=OPEN_EC_TITLE, kind=Election.Kind.EXECUTIVE_COMMITTEE, by=by, seats=3,
        secrecy=Election.Secrecy.SECRET, tie_rule=Election.TieRule.RUNOFF,
        voting_opens_at=now - dt.timedelta(hours=1), voting_closes_at=now + dt.timedelta(days=30),
        description="Demo: delegates of Full members in good standing may vote here (e.g. seoul.delegate3@example.org).",
    )
    services.election_open_nominations(election=election, by=by)
    filed = 0
    for name in ["Hanoi", "Nairobi", "Quito", "Amman", "Tashkent", "Kampala", "Almaty", "Seberang Perai"]:
        member = members.get(name)
        if member and not candidacy_eligibility_problems(election=election, member=member):
            services.candidacy_file(election=election, member=member, by=by,
                                    statement=f"{member.name} stands to bring its regional experience to the Executive Committee.")
            filed += 1
    if not filed:
        return 1
    services.election_freeze_roll(election=election, by=by)
    services.election_open_voting(election=election, by=by)
    return 1


def _seed_motion(members, by) -> int:
    from . import services
    from .models import Election, Motion

    pokhara = members.get("Pokhara")
    if pokhara is None or pokhara.category != "associate":
        return 0
    now = timezone.now()
    motion = services.motion_create(
        title=MOTION_TITLE, by=by, kind=Motion.Kind.FULL_MEMBERSHIP, subject_member=pokhara,
        text="The Executive Committee approves the Full membership of Pokhara.", threshold=Motion.Threshold.SIMPLE,
        secrecy=Election.Secrecy.OPEN, voting_opens_at=now - dt.timedelta(hours=1), voting_closes_at=now + dt.timedelta(days=30),
    )
    services.election_freeze_roll(election=motion.election, by=by)
    services.election_open_voting(election=motion.election, by=by)
    return 1
