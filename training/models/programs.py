"""Training programs (Seoul Program, eGovFrame, Jeju Workshop …), their sessions and agendas, and
cities' requests for an eGovFrame training at their own place and dates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

DEFAULT_OFFER_HOURS = 48


def offer_hours_default() -> int:
    """Hours a waiting-list offer stays open unless a session says otherwise (setting TRAINING_OFFER_HOURS)."""
    return int(getattr(settings, "TRAINING_OFFER_HOURS", DEFAULT_OFFER_HOURS))


def _active_topics(obj: models.Model) -> list:
    """The active topics of a program or session: the prefetched rows where a selector prefetched them
    (the active ones, `training.selectors.topics_prefetch`), else one query."""
    if "topics" in getattr(obj, "_prefetched_objects_cache", {}):
        return list(obj.topics.all())  # type: ignore[attr-defined]
    return list(obj.topics.filter(is_active=True))  # type: ignore[attr-defined]


class Program(models.Model):
    """A training program that runs in sessions: what it teaches, who organises it, who may join."""

    class Kind(models.TextChoices):
        SEOUL_PROGRAM = "seoul_program", _("Seoul Program")
        EGOVFRAME = "egovframe", _("eGovFrame Technical Training")
        PARTNER_WORKSHOP = "partner_workshop", _("Partner workshop")
        REGIONAL_OFFICE = "regional_office", _("Regional office program")
        WEBINAR = "webinar", _("Webinar")

    class Eligibility(models.TextChoices):
        MEMBERS_ONLY = "members_only", _("WeGO members only")
        OPEN = "open", _("Open to members and non-members")

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        MIXED = "mixed", _("In person or online, by session")

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, db_index=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    topic_notes = models.TextField(
        _("subjects taught"), blank=True, help_text=_("One subject per line, as the program's page lists them.")
    )
    topics = models.ManyToManyField(
        "wego.Topic", blank=True, related_name="+", verbose_name=_("topics"),
        help_text=_("From the portal's topic list: the gaps of a city's CeDS results this program helps close."),
    )
    format = models.CharField(_("format"), max_length=20, choices=Format.choices, default=Format.IN_PERSON)
    organiser = models.CharField(
        _("organiser"), max_length=200, default="WeGO Secretariat", help_text=_("Who runs the program.")
    )
    regional_office = models.ForeignKey(
        "members.RegionalOffice",
        verbose_name=_("organising regional office"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="training_programs",
        help_text=_("Set for a regional office's program: its staff then organise the sessions."),
    )
    partners = models.ManyToManyField(
        "members.Partner", verbose_name=_("partners"), blank=True, related_name="training_programs"
    )
    eligibility = models.CharField(
        _("eligibility"), max_length=20, choices=Eligibility.choices, default=Eligibility.MEMBERS_ONLY
    )
    prerequisites = models.TextField(
        _("prerequisites"), blank=True, help_text=_("Applicants declare that they meet these.")
    )
    target_participants = models.CharField(_("target participants"), max_length=300, blank=True)
    languages = models.CharField(_("languages"), max_length=200, blank=True, help_text=_("Comma-separated."))
    duration_days = models.PositiveSmallIntegerField(_("usual length in days"), null=True, blank=True)
    cost_amount = models.DecimalField(
        _("fee per participant"), max_digits=10, decimal_places=2, default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    cost_currency = models.CharField(_("currency"), max_length=3, default="USD")
    cost_note = models.CharField(
        _("about the cost"), max_length=300, blank=True,
        help_text=_("E.g. 'Complimentary; participants pay their travel.'"),
    )
    location_note = models.CharField(_("where it takes place"), max_length=300, blank=True)
    accepts_city_requests = models.BooleanField(
        _("cities may request a session"), default=False,
        help_text=_("A member city may ask for a session at its own place and dates (eGovFrame)."),
    )
    offers_remote_support = models.BooleanField(
        _("remote technical support for alumni"), default=False,
        help_text=_("Alumni may open support requests that the technical team answers."),
    )
    is_published = models.BooleanField(_("shown in the catalogue"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("training:program", args=[self.slug])

    @property
    def members_only(self) -> bool:
        return self.eligibility == self.Eligibility.MEMBERS_ONLY

    @property
    def is_free(self) -> bool:
        return not self.cost_amount

    def active_topics(self) -> list:
        """The program's topics still in use (a retired topic keeps its link but is shown and matched no more)."""
        return _active_topics(self)

    def topic_note_list(self) -> list[str]:
        return [line.strip(" -•\t") for line in self.topic_notes.splitlines() if line.strip(" -•\t")]

    def language_list(self) -> list[str]:
        return [lang.strip() for lang in self.languages.split(",") if lang.strip()]


class Session(models.Model):
    """One run of a program: dates, place or link, capacity, language, agenda and application deadline.

    `seats_taken` counts accepted participants and open offers; the services keep it, under a lock
    on this row, and a check constraint makes the database refuse more seats than the capacity.
    """

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    program = models.ForeignKey(Program, verbose_name=_("program"), on_delete=models.PROTECT, related_name="sessions")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    mode = models.CharField(_("mode"), max_length=20, choices=Mode.choices, default=Mode.IN_PERSON)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = CountryField(_("country"), blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    host_member = models.ForeignKey(
        "members.Member", verbose_name=_("host city"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="hosted_training_sessions",
    )
    reserved_for = models.ForeignKey(
        "members.Member", verbose_name=_("reserved for the officials of"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="reserved_training_sessions",
        help_text=_("A session a city requested for its own developers."),
    )
    language = models.CharField(_("language"), max_length=50, default="English")
    topics = models.ManyToManyField(
        "wego.Topic", blank=True, related_name="+", verbose_name=_("topics"),
        help_text=_("Empty: the program's topics. Set them when this session teaches something narrower or else."),
    )
    capacity = models.PositiveIntegerField(_("capacity"), validators=[MinValueValidator(1)])
    seats_taken = models.PositiveIntegerField(_("seats taken"), default=0, editable=False)
    application_deadline = models.DateTimeField(_("application deadline"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    offer_hours = models.PositiveSmallIntegerField(
        _("hours to answer a seat offer"), null=True, blank=True, validators=[MinValueValidator(1)],
        help_text=_("Empty: the portal's default (48 hours)."),
    )
    nominations_per_member = models.PositiveSmallIntegerField(
        _("nominations per member"), null=True, blank=True, validators=[MinValueValidator(1)],
        help_text=_("How many applicants each member's focal point may nominate. Empty: no limit."),
    )
    attendance_threshold = models.PositiveSmallIntegerField(
        _("attendance needed for a certificate (%)"), default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_on", "pk"]
        indexes = [models.Index(fields=["status", "starts_on"], name="training_session_status_start")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="training_session_ends_after_start",
                violation_error_message=_("The last day cannot be before the first day."),
            ),
            models.CheckConstraint(
                condition=models.Q(seats_taken__lte=models.F("capacity")),
                name="training_session_seats_within_capacity",
                violation_error_message=_("A session cannot have more participants than seats."),
            ),
            models.CheckConstraint(
                condition=models.Q(attendance_threshold__gte=1, attendance_threshold__lte=100),
                name="training_session_threshold_percent",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("training:session", args=[self.pk])

    def taught_topics(self) -> list:
        """The session's own active topics, else its program's (from the rows a selector prefetched)."""
        return _active_topics(self) or self.program.active_topics()

    @property
    def seats_left(self) -> int:
        return max(0, self.capacity - self.seats_taken)

    @property
    def is_in_person(self) -> bool:
        return self.mode == self.Mode.IN_PERSON

    @property
    def place(self) -> str:
        if not self.is_in_person:
            return str(_("Online"))
        parts = [self.venue, self.city, self.country.name if self.country else ""]
        return ", ".join(p for p in parts if p)

    @property
    def effective_offer_hours(self) -> int:
        return self.offer_hours or offer_hours_default()

    def days(self) -> list[dt.date]:
        """Every day of the session, first to last."""
        count = (self.ends_on - self.starts_on).days + 1
        return [self.starts_on + dt.timedelta(days=i) for i in range(count)]

    @property
    def day_count(self) -> int:
        return (self.ends_on - self.starts_on).days + 1

    def accepts_applications(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return (
            self.status == self.Status.PUBLISHED
            and self.program.is_published
            and now <= self.application_deadline
            and self.starts_on >= timezone.localdate(now)
        )

    def has_ended(self, today: dt.date | None = None) -> bool:
        return self.ends_on < (today or timezone.localdate())

    def has_started(self, today: dt.date | None = None) -> bool:
        return self.starts_on <= (today or timezone.localdate())


class AgendaItem(models.Model):
    """A point of a session's agenda: a lecture, a discussion, a site visit or an excursion."""

    class Kind(models.TextChoices):
        LECTURE = "lecture", _("Lecture")
        DISCUSSION = "discussion", _("Discussion")
        PRESENTATION = "presentation", _("Participants' presentations")
        SITE_VISIT = "site_visit", _("Site visit")
        EXCURSION = "excursion", _("Cultural excursion")
        HANDS_ON = "hands_on", _("Hands-on exercise")
        CEREMONY = "ceremony", _("Opening or closing")

    session = models.ForeignKey(Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="agenda")
    day = models.DateField(_("day"))
    starts_at = models.TimeField(_("from"), null=True, blank=True)
    ends_at = models.TimeField(_("to"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.LECTURE)
    title = models.CharField(_("title"), max_length=200)
    place = models.CharField(_("place"), max_length=200, blank=True)
    speaker = models.CharField(_("speaker"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda")
        ordering = ["day", "starts_at", "pk"]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.title}"


class TrainingRequest(models.Model):
    """A member city's request for an eGovFrame training at its own place and dates.

    The Secretariat agrees the dates with the city and NIA, then turns the request into a session.
    """

    class Location(models.TextChoices):
        HOME = "home", _("In our city")
        KOREA = "korea", _("In Korea")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        SCHEDULED = "scheduled", _("Scheduled")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.PROTECT, related_name="requests"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("member"), on_delete=models.CASCADE, related_name="training_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    location = models.CharField(_("where"), max_length=10, choices=Location.choices, default=Location.HOME)
    venue = models.CharField(_("venue"), max_length=200, blank=True, help_text=_("E.g. the city's training centre."))
    preferred_start = models.DateField(_("preferred first day"))
    preferred_end = models.DateField(_("preferred last day"))
    participants_expected = models.PositiveSmallIntegerField(
        _("number of developers"), validators=[MinValueValidator(1), MaxValueValidator(200)]
    )
    language = models.CharField(_("language of the training"), max_length=50, default="English")
    notes = models.TextField(_("what you want to build with the eGovFrame"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED, db_index=True)
    session = models.OneToOneField(
        Session, verbose_name=_("session"), null=True, blank=True, on_delete=models.SET_NULL, related_name="request"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("note to the city"), blank=True)
    created_at = models.DateTimeField(_("requested"), default=timezone.now)

    class Meta:
        verbose_name = _("training request")
        verbose_name_plural = _("training requests")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "program"], condition=models.Q(status="submitted"),
                name="training_request_one_open_per_member",
                violation_error_message=_("Your city already has an open request for this program."),
            ),
            models.CheckConstraint(
                condition=models.Q(preferred_end__gte=models.F("preferred_start")),
                name="training_request_end_after_start",
                violation_error_message=_("The last day cannot be before the first day."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program} — {self.member} ({self.preferred_start:%Y-%m-%d})"
