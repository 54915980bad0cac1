"""Editions of the WeGO Awards, their categories and judging criteria."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import scoring

FINALISTS_PER_CATEGORY = 5

# The five evaluation criteria of the WeGO Awards, in WeGO's words (the WeGO Awards homepage, as
# quoted in the background, "7.1. WeGO Awards Categories"), one line per point WeGO lists. They are
# both the categories an entry is filed under and the criteria every judge scores from 1 (lowest)
# to 10 (highest); the five top-rated entries of each category go on (FINALISTS_PER_CATEGORY).
# Under Digital Divide the background's first point runs on into the report's own commentary on
# smartphones and novice users ("While the prominence of smartphones ..."); only WeGO's criterion
# sentence is kept. A new edition starts from these; the Secretariat may change an edition's
# categories and criteria in the admin until judging opens. Editions created earlier keep theirs.
WEGO_CRITERIA = [
    (
        "services",
        _("Services"),
        _("Projects that improve the quality of administrative services and urban competitiveness by allowing "
          "citizens to apply for civil requests online.\n"
          "Projects that promote effectiveness of public services.\n"
          "Projects that provide high quality services to citizens."),
    ),
    (
        "efficiency",
        _("Efficiency"),
        _("Projects that improve the administrative efficiency by computerizing all the administrative tasks, "
          "sharing public information, and promoting comprehensive and real-time management of information and "
          "resources.\n"
          "Projects that introduce knowledge management to improve administrative efficiency in member cities."),
    ),
    (
        "open-city",
        _("Open City"),
        _("Promote civil participation by opening public information in an active manner.\n"
          "Projects that improve the level of urban openness by promoting civil participation, administrative "
          "transparency, and open data."),
    ),
    (
        "urban-management",
        _("Urban Management"),
        _("Projects that use the latest technologies to build comprehensive urban management systems for security, "
          "mobility, convenience, and environment.\n"
          "Projects that promote efficient urban management in security, disaster, transport, safety, environment, "
          "energy, welfare, and culture."),
    ),
    (
        "digital-divide",
        _("Digital Divide"),
        _("Projects that use technologies to ensure equal access of citizens to information and communication "
          "services, regardless of the gap in income level, age, geographic location, and educational attainment.\n"
          "Projects that care for and ensure the easy access of the marginalized citizens to information are "
          "eligible for a WeGO Award."),
    ),
]

# The categories an entry is filed under: (code, name, description).
DEFAULT_CATEGORIES = WEGO_CRITERIA

# The judging criteria, in the same order: (name, description).
DEFAULT_CRITERIA = [(name, description) for _code, name, description in WEGO_CRITERIA]


class Edition(models.Model):
    """One edition of the Awards, held with a General Assembly, moving through its phases."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("In preparation")
        APPLICATION = "application", _("Open for applications")
        ELIGIBILITY = "eligibility", _("Eligibility screening")
        JUDGING = "judging", _("Judging")
        SHORTLIST = "shortlist", _("Shortlisting")
        VOTING = "voting", _("Public voting")
        COUNTING = "counting", _("Voting closed")
        ANNOUNCED = "announced", _("Results announced")

    class RankingMethod(models.TextChoices):
        NORMALISED = scoring.NORMALISED, _("Normalised score (z-scores per judge, rescaled to 1–10)")
        RAW_MEAN = scoring.RAW_MEAN, _("Raw mean of the judges' scores")

    class TieRule(models.TextChoices):
        JUDGING = scoring.TIE_RULE_JUDGING, _("Equal votes: the finalist ranked higher by the judges wins")
        SUBMISSION = scoring.TIE_RULE_SUBMISSION, _("Equal votes: the earlier submitted entry wins")

    # The order of the phases; each transition moves one step.
    ORDER = [s.value for s in Status]
    # Before these statuses, the ranking method, criteria and categories may still change.
    BEFORE_JUDGING = (Status.DRAFT, Status.APPLICATION, Status.ELIGIBILITY)

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    title = models.CharField(_("title"), max_length=200, help_text=_("e.g. “2nd WeGO Awards”."))
    general_assembly = models.CharField(
        _("General Assembly"), max_length=200, blank=True,
        help_text=_("The General Assembly with which the Awards Ceremony is held."),
    )
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("phase"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    ranking_method = models.CharField(
        _("ranking method"), max_length=20, choices=RankingMethod.choices, default=RankingMethod.NORMALISED,
        help_text=_("Chosen before judging starts; fixed from then."),
    )
    ranking_method_fixed_at = models.DateTimeField(_("ranking method fixed"), null=True, blank=True)
    vote_tie_rule = models.CharField(
        _("rule for equal votes"), max_length=20, choices=TieRule.choices, default=TieRule.JUDGING
    )
    application_start = models.DateField(_("applications open"))
    application_end = models.DateField(_("applications close"))
    eligibility_end = models.DateField(_("eligibility screening ends"))
    judging_start = models.DateField(_("judging starts"))
    judging_end = models.DateField(_("judging ends"))
    voting_start = models.DateField(_("public voting opens"))
    voting_end = models.DateField(_("public voting closes"))
    announcement_on = models.DateField(_("announcement date"))
    anomalies_reviewed_at = models.DateTimeField(_("vote anomalies reviewed"), null=True, blank=True)
    anomalies_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("anomalies reviewed by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    anomalies_note = models.TextField(_("note on the vote anomalies"), blank=True)
    winners_decided_at = models.DateTimeField(_("winners decided"), null=True, blank=True)
    results_published_at = models.DateTimeField(_("results published"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(application_start__lte=F("application_end"))
                & Q(application_end__lte=F("eligibility_end"))
                & Q(eligibility_end__lt=F("judging_start"))
                & Q(judging_start__lte=F("judging_end"))
                & Q(judging_end__lt=F("voting_start"))
                & Q(voting_start__lte=F("voting_end"))
                & Q(voting_end__lt=F("announcement_on")),
                name="awards_edition_phases_in_order",
                violation_error_message=_(
                    "The phases must follow each other: applications, eligibility, judging, voting, announcement."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"WeGO Awards {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("awards:edition", args=[self.year])

    # Phase helpers (read-only; transitions live in services).
    def status_index(self) -> int:
        return self.ORDER.index(self.status)

    def reached(self, status: str) -> bool:
        """True when the edition is in `status` or a later phase."""
        return self.status_index() >= self.ORDER.index(status)

    @property
    def ranking_method_editable(self) -> bool:
        return self.status in self.BEFORE_JUDGING

    def closes_on(self, phase: str) -> dt.date:
        return {"application": self.application_end, "judging": self.judging_end, "voting": self.voting_end}[phase]

    def open_for(self, phase: str, status: str, today: dt.date | None = None) -> bool:
        """The phase is open: the edition is in it (opened by date or by the Secretariat) and its closing
        date has not passed. The closing date is a hard stop even before the daily task closes the phase."""
        return self.status == status and (today or timezone.localdate()) <= self.closes_on(phase)

    @property
    def accepts_applications(self) -> bool:
        return self.open_for("application", self.Status.APPLICATION)

    @property
    def accepts_scores(self) -> bool:
        return self.open_for("judging", self.Status.JUDGING)

    @property
    def accepts_votes(self) -> bool:
        return self.open_for("voting", self.Status.VOTING)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.ANNOUNCED


class Category(models.Model):
    """A prize category of an edition (Services, Efficiency, Open City …); editable per edition."""

    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="categories")
    code = models.SlugField(_("code"), max_length=50, help_text=_("Short name used in addresses and the API, e.g. open-city."))
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    topics = models.ManyToManyField(
        "wego.Topic", blank=True, related_name="+", verbose_name=_("topics"),
        help_text=_("What the category's practices help with; the gap-to-help router offers its winners for them."),
    )

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["edition", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="awards_category_unique_code"),
            models.UniqueConstraint(fields=["edition", "name"], name="awards_category_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Criterion(models.Model):
    """A judging criterion of an edition, scored 1–10 by each judge for each entry."""

    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["edition", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["edition", "name"], name="awards_criterion_unique_name")]

    def __str__(self) -> str:
        return self.name
