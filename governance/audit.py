"""The audit actions of governance: bodies, meetings and records, and elections (each election also keeps
its own hash-chained log, whose action is the last part of the value).

Each value is recorded in wego.AuditEntry.action; the label is what the audit log shows.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    AGENDA_ITEM_CHANGED = "governance.agendaitem.changed", _("Agenda item changed")
    AGENDA_ITEM_CREATED = "governance.agendaitem.created", _("Agenda item created")
    ATTENDANCE_CHANGED = "governance.attendance.changed", _("Meeting attendance changed")
    ATTENDANCE_CREATED = "governance.attendance.created", _("Meeting attendance created")
    ATTENDANCE_RECORDED = "governance.attendance.recorded", _("Meeting attendance recorded")
    BALLOT_CAST = "governance.ballot.cast", _("Ballot cast")
    COMMITTEE_SEAT_RECORDED = "governance.committee_seat.recorded", _("Executive Committee seat recorded")
    DECISION_CHANGED = "governance.decision.changed", _("Meeting decision changed")
    DECISION_CREATED = "governance.decision.created", _("Meeting decision created")
    DECISION_RECORDED = "governance.decision.recorded", _("Meeting decision recorded")
    ELECTION_CANCELLED = "governance.election.cancelled", _("Election cancelled")
    ELECTION_CANDIDACY_FILED = "governance.election.candidacy_filed", _("Election: candidacy filed")
    ELECTION_CANDIDACY_WITHDRAWN = (
        "governance.election.candidacy_withdrawn",
        _("Election: candidacy withdrawn"),
    )
    ELECTION_CERTIFIED = "governance.election.certified", _("Election certified")
    ELECTION_CREATED = "governance.election.created", _("Election created")
    ELECTION_LOTS_DRAWN = "governance.election.lots_drawn", _("Election: lots drawn")
    ELECTION_NOMINATIONS_OPENED = "governance.election.nominations_opened", _("Election: nominations opened")
    ELECTION_OUTCOME_APPLIED = "governance.election.outcome_applied", _("Election: outcome applied")
    ELECTION_PUBLISHED = "governance.election.published", _("Election published")
    ELECTION_QUORUM_BASE_SET = "governance.election.quorum_base_set", _("Election: quorum base set")
    ELECTION_QUORUM_FAILED = "governance.election.quorum_failed", _("Election: quorum not met")
    ELECTION_RECOUNTED = "governance.election.recounted", _("Election recounted")
    ELECTION_ROLL_FROZEN = "governance.election.roll_frozen", _("Election: roll frozen")
    ELECTION_RUNOFF_CREATED = "governance.election.runoff_created", _("Election: runoff created")
    ELECTION_TALLIED = "governance.election.tallied", _("Election tallied")
    ELECTION_TIE_DETECTED = "governance.election.tie_detected", _("Election: tie detected")
    ELECTION_UPDATED = "governance.election.updated", _("Election updated")
    ELECTION_VOTING_CLOSED = "governance.election.voting_closed", _("Election: voting closed")
    ELECTION_VOTING_OPENED = "governance.election.voting_opened", _("Election: voting opened")
    ELECTION_WINDOW_SET = "governance.election.window_set", _("Election: voting window set")
    EXECUTIVE_COMMITTEE_SEAT_CHANGED = (
        "governance.executivecommitteeseat.changed",
        _("Executive Committee seat changed"),
    )
    EXECUTIVE_COMMITTEE_SEAT_CREATED = (
        "governance.executivecommitteeseat.created",
        _("Executive Committee seat created"),
    )
    GENERAL_ASSEMBLY_CHANGED = "governance.generalassembly.changed", _("General Assembly changed")
    GENERAL_ASSEMBLY_CREATED = "governance.generalassembly.created", _("General Assembly created")
    HOST_BID_CONFIRMED = "governance.host_bid.confirmed", _("Host bid confirmed")
    HOST_BID_SUBMITTED = "governance.host_bid.submitted", _("Host bid submitted")
    HOST_BID_CHANGED = "governance.hostbid.changed", _("Host bid changed")
    HOST_BID_CREATED = "governance.hostbid.created", _("Host bid created")
    MEETING_CHANGED = "governance.meeting.changed", _("Meeting changed")
    MEETING_CREATED = "governance.meeting.created", _("Meeting created")
    MEETING_DOCUMENT_CHANGED = "governance.meetingdocument.changed", _("Meeting document changed")
    MEETING_DOCUMENT_CREATED = "governance.meetingdocument.created", _("Meeting document created")
    OFFICE_TERM_ENDED = "governance.office_term.ended", _("Office term ended")
    OFFICE_TERM_RECORDED = "governance.office_term.recorded", _("Office term recorded")
    OFFICE_TERM_CHANGED = "governance.officeterm.changed", _("Office term changed")
    OFFICE_TERM_CREATED = "governance.officeterm.created", _("Office term created")
