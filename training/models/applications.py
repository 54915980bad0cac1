"""Applications to sessions (nomination, seats, waiting list, offers), attendance, certificates, feedback."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from .programs import Session


class Application(models.Model):
    """An official's application to a session, from submission to a seat (or not).

    submitted → (focal point) nominated | not_nominated → (organiser) accepted | waitlisted | declined;
    waitlisted → offered (a seat freed) → accepted | offer_declined | offer_lapsed;
    the applicant may cancel until the session starts. Every transition is a service in
    `training.services`; accepted and offered applications hold a seat.
    """

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for nomination")
        NOMINATED = "nominated", _("Nominated")
        NOT_NOMINATED = "not_nominated", _("Not nominated")
        WAITLISTED = "waitlisted", _("On the waiting list")
        OFFERED = "offered", _("Seat offered")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined by the organiser")
        OFFER_DECLINED = "offer_declined", _("Offer declined")
        OFFER_LAPSED = "offer_lapsed", _("Offer lapsed")
        CANCELLED = "cancelled", _("Cancelled")

    SEAT_STATUSES = (Status.ACCEPTED, Status.OFFERED)
    ACTIVE_STATUSES = (Status.SUBMITTED, Status.NOMINATED, Status.WAITLISTED, Status.OFFERED, Status.ACCEPTED)

    session = models.ForeignKey(Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="applications")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("applicant"), on_delete=models.PROTECT, related_name="training_applications"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("member"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="training_applications", help_text=_("Empty for a non-member's application to an open program."),
    )
    organisation = models.CharField(
        _("organisation"), max_length=200, blank=True, help_text=_("For applicants who do not act for a member.")
    )
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    motivation = models.TextField(_("motivation"))
    prerequisites_confirmed = models.BooleanField(_("meets the prerequisites"), default=False)
    # In-person sessions only: logistics and visa.
    dietary_needs = models.CharField(_("dietary needs"), max_length=300, blank=True)
    accessibility_needs = models.CharField(_("accessibility needs"), max_length=300, blank=True)
    visa_needed = models.BooleanField(_("needs a visa invitation letter"), default=False)
    nationality = CountryField(_("nationality (as in the passport)"), blank=True)
    passport_name = models.CharField(_("full name as in the passport"), max_length=200, blank=True)
    arrival_on = models.DateField(_("arrival date"), null=True, blank=True)
    departure_on = models.DateField(_("departure date"), null=True, blank=True)

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED, db_index=True)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    nominated_at = models.DateTimeField(_("nominated"), null=True, blank=True)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("nominated by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    nomination_rank = models.PositiveSmallIntegerField(_("rank in the member's nominations"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    reason = models.TextField(_("reason"), blank=True, help_text=_("Why not nominated, declined or cancelled."))
    waitlist_position = models.PositiveIntegerField(_("waiting-list position"), null=True, blank=True)
    offered_at = models.DateTimeField(_("seat offered"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("offer open until"), null=True, blank=True, db_index=True)
    accepted_at = models.DateTimeField(_("seat confirmed"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["session", "submitted_at", "pk"]
        indexes = [models.Index(fields=["session", "status"], name="training_app_session_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "applicant"], name="training_application_one_per_person",
                violation_error_message=_("You have already applied to this session."),
            ),
            models.UniqueConstraint(
                fields=["session", "waitlist_position"], condition=models.Q(status="waitlisted"),
                name="training_application_waitlist_position_unique",
            ),
            models.UniqueConstraint(
                fields=["session", "member", "nomination_rank"],
                condition=models.Q(status="nominated", nomination_rank__isnull=False),
                name="training_application_rank_unique",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="offered") | models.Q(offer_expires_at__isnull=False),
                name="training_application_offer_has_deadline",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="waitlisted") | models.Q(waitlist_position__isnull=False),
                name="training_application_waitlist_has_position",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.applicant} → {self.session}"

    def get_absolute_url(self) -> str:
        return reverse("training:my-applications") + f"#application-{self.pk}"

    @property
    def holds_seat(self) -> bool:
        return self.status in self.SEAT_STATUSES

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE_STATUSES

    @property
    def organisation_name(self) -> str:
        return self.member.name if self.member_id else self.organisation


class Attendance(models.Model):
    """Whether an accepted participant attended one day of the session (recorded by the organiser)."""

    application = models.ForeignKey(
        Application, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="attendance"
    )
    day = models.DateField(_("day"))
    present = models.BooleanField(_("present"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["application", "day"]
        constraints = [
            models.UniqueConstraint(fields=["application", "day"], name="training_attendance_one_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.application.applicant} {self.day:%Y-%m-%d}: {'present' if self.present else 'absent'}"


class Certificate(models.Model):
    """A certificate of completion with a public verification code. Its facts are frozen at issue."""

    application = models.OneToOneField(
        Application, verbose_name=_("participant"), on_delete=models.PROTECT, related_name="certificate"
    )
    code = models.CharField(_("verification code"), max_length=20, unique=True, editable=False)
    participant_name = models.CharField(_("participant"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    program_name = models.CharField(_("program"), max_length=200)
    session_title = models.CharField(_("session"), max_length=200)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    days_attended = models.PositiveSmallIntegerField(_("days attended"))
    days_total = models.PositiveSmallIntegerField(_("days"))
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoke_reason = models.TextField(_("reason for revoking"), blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return f"{self.code} — {self.participant_name}"

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None

    def get_verify_url(self) -> str:
        return reverse("training:certificate-verify") + f"?code={self.code}"


RATING_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class Feedback(models.Model):
    """A participant's answers to the short survey after a session: one per participant."""

    QUESTIONS = (
        ("overall", _("Overall, how useful was the session?")),
        ("content", _("How relevant was the content to your work?")),
        ("speakers", _("How good were the speakers?")),
        ("organisation", _("How well was it organised?")),
    )

    application = models.OneToOneField(
        Application, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="feedback"
    )
    overall = models.PositiveSmallIntegerField(_("overall usefulness"), validators=RATING_VALIDATORS)
    content = models.PositiveSmallIntegerField(_("relevance of the content"), validators=RATING_VALIDATORS)
    speakers = models.PositiveSmallIntegerField(_("speakers"), validators=RATING_VALIDATORS)
    organisation = models.PositiveSmallIntegerField(_("organisation"), validators=RATING_VALIDATORS)
    comment = models.TextField(_("comment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-submitted_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(overall__gte=1, overall__lte=5, content__gte=1, content__lte=5,
                                   speakers__gte=1, speakers__lte=5, organisation__gte=1, organisation__lte=5),
                name="training_feedback_ratings_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} — {self.overall}/5"
