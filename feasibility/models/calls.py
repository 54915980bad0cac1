"""Calls for Letters of Intent and the letters member cities send in answer."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wego.storage import private_storage
from wego.validators import validate_pdf

from ..catalogue import ELEMENTS
from .themes import Theme, ThemeSurvey

DEFAULT_MAX_CITIES = 2


def max_cities_per_call() -> int:
    """How many cities one call may select (WeGO selects one or two a year); a setting may raise it."""
    return int(getattr(settings, "FEASIBILITY_MAX_CITIES_PER_CALL", DEFAULT_MAX_CITIES))


class Call(models.Model):
    """A yearly Call for Letters of Intent on a theme: draft → published → decided.

    While published, the call is *upcoming* before `opens_at`, *open* until `closes_at`, then
    *under review*; `decided` once the Secretariat has closed the selection.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        DECIDED = "decided", _("Decided")

    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    theme = models.ForeignKey(Theme, verbose_name=_("theme"), on_delete=models.PROTECT, related_name="calls")
    survey = models.ForeignKey(
        ThemeSurvey, verbose_name=_("thematic priorities survey"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="calls", help_text=_("The survey whose chosen theme this call takes up."),
    )
    description = models.TextField(_("description"))
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"), help_text=_("After this moment no letter can be submitted or changed."))
    cities_to_select = models.PositiveSmallIntegerField(
        _("number of cities to select"), default=1, validators=[MinValueValidator(1)]
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    topics = models.ManyToManyField(
        "wego.Topic", blank=True, related_name="+", verbose_name=_("topics"),
        help_text=_("What the call helps with; a call without topics of its own takes its theme's."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("call for letters of intent")
        verbose_name_plural = _("calls for letters of intent")
        ordering = ["-year", "-opens_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(closes_at__gt=models.F("opens_at")), name="call_closes_after_opening"),
            models.CheckConstraint(condition=models.Q(cities_to_select__gte=1), name="call_selects_at_least_one"),
            models.UniqueConstraint(fields=["year", "title"], name="call_unique_title_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("feasibility:call", args=[self.pk])

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.status == self.Status.PUBLISHED and self.opens_at <= now < self.closes_at

    def is_closed(self, now=None) -> bool:
        """True once the deadline has passed (or the call is decided): letters are frozen."""
        now = now or timezone.now()
        return self.status == self.Status.DECIDED or now >= self.closes_at

    @property
    def phase(self) -> str:
        """draft, upcoming, open, review or decided."""
        now = timezone.now()
        if self.status == self.Status.DRAFT:
            return "draft"
        if self.status == self.Status.DECIDED:
            return "decided"
        if now < self.opens_at:
            return "upcoming"
        return "open" if now < self.closes_at else "review"

    def get_phase_display(self) -> str:
        return str(PHASE_LABELS[self.phase])

    @property
    def topics_own(self) -> bool:
        """True when the call has topics of its own (else it takes its theme's)."""
        return bool(self.topics.all())

    def topic_list(self) -> list:
        """The call's topics, or its theme's when it has none of its own (prefetch `topics` and
        `theme__topics` to read them without a query per call)."""
        return list(self.topics.all()) or list(self.theme.topics.all())


PHASE_LABELS = {
    "draft": _("Draft"),
    "upcoming": _("Opens soon"),
    "open": _("Open for letters"),
    "review": _("Under review"),
    "decided": _("Decided"),
}


class CallDocument(models.Model):
    """A document of a call: terms of reference, letter template, guidelines (PDF)."""

    call = models.ForeignKey(Call, verbose_name=_("call"), on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    # Private storage: a draft call's documents are not public (feasibility:call-document checks).
    file = models.FileField(
        _("file (PDF)"), upload_to="feasibility/calls/", validators=[validate_pdf], storage=private_storage
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("call document")
        verbose_name_plural = _("call documents")
        ordering = ["call", "title"]

    def __str__(self) -> str:
        return self.title


class LetterOfIntent(models.Model):
    """A member's Letter of Intent for a call: draft → submitted → selected | rejected.

    The five text fields answer the five elements the Secretariat looks for; the signed letter is
    a PDF. One letter per member per call (database constraint); frozen after the call closes.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        SELECTED = "selected", _("Selected")
        REJECTED = "rejected", _("Not selected")

    call = models.ForeignKey(Call, verbose_name=_("call"), on_delete=models.PROTECT, related_name="letters")
    member = models.ForeignKey(
        "members.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="letters_of_intent"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    commitment = models.TextField(_("Commitment to inclusive and sustainable e-Government"), blank=True)
    alignment = models.TextField(_("Alignment with the government's ICT strategy and vision"), blank=True)
    partnership = models.TextField(_("Partnership and local support to the consultants"), blank=True)
    sustainability = models.TextField(_("Sustainability beyond completion"), blank=True)
    implementation = models.TextField(_("Commitment to post-project implementation"), blank=True)
    signed_letter = models.FileField(
        _("signed letter (PDF)"), upload_to="feasibility/letters/", blank=True, validators=[validate_pdf],
        storage=private_storage,
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_message = models.TextField(_("message to the city"), blank=True)

    class Meta:
        verbose_name = _("letter of intent")
        verbose_name_plural = _("letters of intent")
        ordering = ["call", "member__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "member"], name="letter_one_per_member_per_call",
                violation_error_message=_("This member already has a letter of intent for this call."),
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(submitted_at__isnull=False),
                name="letter_submitted_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.call}"

    def get_absolute_url(self) -> str:
        return reverse("feasibility:letter", args=[self.pk])

    def element_answers(self) -> list[tuple[str, str, str]]:
        """(code, label, answer) for the five elements, in order."""
        return [(code, label, getattr(self, code)) for code, label, _question in ELEMENTS]
