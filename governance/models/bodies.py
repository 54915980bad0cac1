"""Bodies, offices and terms, meetings and decisions.

The General Assembly (all Full members, every three years) elects the President City and the
Executive Committee (twenty or fewer cities, three-year terms) and confirms the next host city, which
becomes the Executive Vice President City. Vice President Cities are nominated by the Executive
Committee and appointed by the President City.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wego.validators import validate_pdf


class GeneralAssembly(models.Model):
    """A regular session of the General Assembly (the 1st in Seoul, 2010; then every three years)."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True, help_text=_("1 for the 1st General Assembly."))
    year = models.PositiveSmallIntegerField(_("year"))
    host = models.ForeignKey(
        "members.Member",
        verbose_name=_("host member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosted_assemblies",
        help_text=_("Set when the General Assembly confirms the host (see host bids)."),
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    starts_on = models.DateField(_("first day"), null=True, blank=True)
    ends_on = models.DateField(_("last day"), null=True, blank=True)
    theme = models.CharField(_("theme"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("General Assembly")
        verbose_name_plural = _("General Assemblies")
        ordering = ["-number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="ga_ends_after_it_starts",
                violation_error_message=_("The last day cannot be before the first day."),
            )
        ]

    def __str__(self) -> str:
        return _("%(ordinal)s General Assembly (%(year)s)") % {"ordinal": ordinal(self.number), "year": self.year}


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th … (English ordinals; Korean reads the numeral)."""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


class HostBid(models.Model):
    """A member's bid to host a General Assembly. Confirming one makes the bidder the host and the
    Executive Vice President City."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        CONFIRMED = "confirmed", _("Confirmed")
        NOT_RETAINED = "not_retained", _("Not retained")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    general_assembly = models.ForeignKey(
        GeneralAssembly, verbose_name=_("General Assembly"), on_delete=models.CASCADE, related_name="bids"
    )
    member = models.ForeignKey("members.Member", verbose_name=_("bidding member"), on_delete=models.PROTECT, related_name="host_bids")
    submitted_on = models.DateField(_("submitted on"), default=timezone.localdate)
    proposal = models.TextField(_("proposal"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)

    class Meta:
        verbose_name = _("host bid")
        verbose_name_plural = _("host bids")
        ordering = ["general_assembly__number", "submitted_on"]
        constraints = [
            models.UniqueConstraint(fields=["general_assembly", "member"], name="hostbid_one_per_member_per_ga"),
            models.UniqueConstraint(
                fields=["general_assembly"], condition=Q(status="confirmed"), name="hostbid_one_confirmed_per_ga",
                violation_error_message=_("This General Assembly already has a confirmed host."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} → {self.general_assembly}"


class OfficeTerm(models.Model):
    """A member holding an office for a term: President, Executive Vice President or Vice President City.

    The record says how the office was obtained: elected (an election), host of the next General
    Assembly (a confirmed host bid, and the vote that confirmed it when the General Assembly voted on it:
    "The host of the next General Assembly is automatically appointed as the Executive Vice President
    City"), or appointed by the President City on the Executive Committee's nomination (the appointment
    reference and date).
    """

    class Office(models.TextChoices):
        PRESIDENT = "president", _("President City")
        EXECUTIVE_VICE_PRESIDENT = "executive_vice_president", _("Executive Vice President City")
        VICE_PRESIDENT = "vice_president", _("Vice President City")

    class Basis(models.TextChoices):
        ELECTED = "elected", _("Elected by the General Assembly")
        HOST = "host", _("Host of the next General Assembly")
        APPOINTED = "appointed", _("Appointed by the President City on the Executive Committee's nomination")

    office = models.CharField(_("office"), max_length=30, choices=Office.choices, db_index=True)
    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="office_terms")
    basis = models.CharField(_("basis"), max_length=20, choices=Basis.choices)
    term_start = models.DateField(_("term start"))
    term_end = models.DateField(_("term end"), null=True, blank=True, help_text=_("Empty while the term runs on."))
    general_assembly = models.ForeignKey(
        GeneralAssembly, verbose_name=_("General Assembly"), null=True, blank=True, on_delete=models.SET_NULL, related_name="office_terms"
    )
    election = models.ForeignKey(
        "governance.Election", verbose_name=_("election"), null=True, blank=True, on_delete=models.SET_NULL, related_name="office_terms"
    )
    host_bid = models.ForeignKey(HostBid, verbose_name=_("host bid"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    nomination_reference = models.CharField(
        _("Executive Committee nomination"), max_length=200, blank=True, help_text=_("For Vice Presidents: the nominating decision.")
    )
    appointment_reference = models.CharField(
        _("appointment by the President City"), max_length=200, blank=True, help_text=_("For Vice Presidents: the letter or decision of appointment.")
    )
    appointed_on = models.DateField(_("appointed on"), null=True, blank=True)
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("office term")
        verbose_name_plural = _("office terms")
        ordering = ["office", "-term_start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gte=models.F("term_start")),
                name="officeterm_ends_after_it_starts",
                violation_error_message=_("A term cannot end before it starts."),
            ),
            models.UniqueConstraint(
                fields=["office"], condition=Q(term_end__isnull=True) & Q(office__in=["president", "executive_vice_president"]),
                name="officeterm_one_open_single_office",
                violation_error_message=_("Only one member holds this office at a time: end the current term first."),
            ),
            models.UniqueConstraint(
                fields=["office", "member"], condition=Q(term_end__isnull=True),
                name="officeterm_one_open_term_per_member_office",
                violation_error_message=_("This member already holds this office."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_office_display()}: {self.member} ({self.term_start:%Y}–{self.term_end:%Y})" if self.term_end else (
            f"{self.get_office_display()}: {self.member} ({self.term_start:%Y}–)"
        )

    def is_current(self, on=None) -> bool:
        on = on or timezone.localdate()
        return self.term_start <= on and (self.term_end is None or self.term_end >= on)


class ExecutiveCommitteeSeat(models.Model):
    """A member's seat on the Executive Committee for a three-year term (re-electable)."""

    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="committee_seats")
    term_start = models.DateField(_("term start"))
    term_end = models.DateField(_("term end"), null=True, blank=True)
    general_assembly = models.ForeignKey(
        GeneralAssembly, verbose_name=_("elected at"), null=True, blank=True, on_delete=models.SET_NULL, related_name="committee_seats"
    )
    election = models.ForeignKey(
        "governance.Election", verbose_name=_("election"), null=True, blank=True, on_delete=models.SET_NULL, related_name="committee_seats"
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("Executive Committee seat")
        verbose_name_plural = _("Executive Committee seats")
        ordering = ["-term_start", "member__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gte=models.F("term_start")),
                name="ecseat_ends_after_it_starts",
                violation_error_message=_("A term cannot end before it starts."),
            ),
            models.UniqueConstraint(fields=["member", "term_start"], name="ecseat_one_per_member_per_term"),
        ]

    def __str__(self) -> str:
        return f"{self.member} ({self.term_start:%Y}–{self.term_end:%Y})" if self.term_end else f"{self.member} ({self.term_start:%Y}–)"


class Meeting(models.Model):
    """A meeting of the General Assembly or of the Executive Committee, regular or special.

    "The committee may call for special meetings instead of the annual regular meetings." (Statute,
    Part III, the Executive Committee); the General Assembly too has regular and special sessions
    (Part IV). `kind` says which, and the pages show it.
    """

    class Body(models.TextChoices):
        GENERAL_ASSEMBLY = "general_assembly", _("General Assembly")
        EXECUTIVE_COMMITTEE = "executive_committee", _("Executive Committee")

    class Kind(models.TextChoices):
        REGULAR = "regular", _("Regular meeting")
        SPECIAL = "special", _("Special meeting")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    body = models.CharField(_("body"), max_length=30, choices=Body.choices)
    general_assembly = models.ForeignKey(
        GeneralAssembly, verbose_name=_("General Assembly session"), null=True, blank=True, on_delete=models.PROTECT, related_name="meetings"
    )
    kind = models.CharField(
        _("regular or special"), max_length=10, choices=Kind.choices, default=Kind.REGULAR, db_index=True,
        help_text=_("“The committee may call for special meetings instead of the annual regular meetings.” (Statute, Part III)"),
    )
    title = models.CharField(_("title"), max_length=300)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_document = models.FileField(
        _("signed minutes (PDF)"), upload_to="governance/minutes/", blank=True, validators=[validate_pdf]
    )

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-date"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=["regular", "special"]), name="meeting_kind_regular_or_special"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("governance:meeting", args=[self.pk])

    @property
    def is_special(self) -> bool:
        return self.kind == self.Kind.SPECIAL


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda_items")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "number"]
        constraints = [models.UniqueConstraint(fields=["meeting", "number"], name="agenda_item_unique_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class MeetingDocument(models.Model):
    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="documents")
    agenda_item = models.ForeignKey(
        AgendaItem, verbose_name=_("agenda item"), null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("document (PDF)"), upload_to="governance/documents/", validators=[validate_pdf])
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")
        ordering = ["meeting", "title"]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    """A member present at a meeting, and the delegate who represented it. Drives the meeting's quorum."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="meeting_attendance")
    delegate = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("represented by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    delegate_name = models.CharField(_("delegate's name"), max_length=200, blank=True, help_text=_("Kept as written in the minutes."))

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting", "member__name"]
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="attendance_once_per_member")]

    def __str__(self) -> str:
        return f"{self.member} @ {self.meeting}"


class Decision(models.Model):
    """A numbered decision of a meeting, linked to the agenda item it settles (and the motion, if voted)."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="decisions")
    number = models.PositiveSmallIntegerField(_("number"))
    agenda_item = models.ForeignKey(
        AgendaItem, verbose_name=_("agenda item"), null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    text = models.TextField(_("text"))
    decided_on = models.DateField(_("decided on"))
    motion = models.OneToOneField(
        "governance.Motion", verbose_name=_("motion"), null=True, blank=True, on_delete=models.SET_NULL, related_name="decision"
    )

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["meeting", "number"]
        constraints = [models.UniqueConstraint(fields=["meeting", "number"], name="decision_unique_number_per_meeting")]

    def __str__(self) -> str:
        return f"{self.reference}: {self.text[:60]}"

    @property
    def reference(self) -> str:
        return f"{self.meeting.date:%Y}-{self.meeting_id}/{self.number}"
