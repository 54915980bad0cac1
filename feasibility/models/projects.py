"""Feasibility study projects: consultants, plan, structured deliverables, economics, follow-up."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wego.storage import private_storage
from wego.validators import validate_pdf

from ..catalogue import COMPONENT_CHOICES, PART_CHOICES, PART_LABELS
from .calls import LetterOfIntent


class Project(models.Model):
    """An F/S project born of a selected letter.

    planning → in progress → draft report → final report → follow-up → closed. After the final
    report the city sends an implementation report each year for two years; with the city's
    consent the Secretariat publishes the study in the public library of F/S outcomes.
    """

    class Status(models.TextChoices):
        PLANNING = "planning", _("Planning")
        IN_PROGRESS = "in_progress", _("In progress")
        DRAFT_REPORT = "draft_report", _("Draft report")
        FINAL_REPORT = "final_report", _("Final report")
        FOLLOW_UP = "follow_up", _("Follow-up")
        CLOSED = "closed", _("Closed")

    letter = models.OneToOneField(
        LetterOfIntent, verbose_name=_("letter of intent"), on_delete=models.PROTECT, related_name="project"
    )
    beneficiary = models.ForeignKey(
        "members.Member", verbose_name=_("beneficiary city"), on_delete=models.PROTECT, related_name="feasibility_projects"
    )
    title = models.CharField(_("title"), max_length=250)
    summary = models.TextField(_("summary"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNING, db_index=True)
    funding_partner = models.ForeignKey(
        "members.Partner", verbose_name=_("funding partner"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="feasibility_projects",
    )
    funding_agreement = models.CharField(
        _("funding agreement reference"), max_length=200, blank=True, help_text=_("e.g. the KEXIM agreement number.")
    )
    funding_agreement_on = models.DateField(_("funding agreement date"), null=True, blank=True)
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("planned end"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    draft_report_at = models.DateTimeField(_("draft report delivered"), null=True, blank=True)
    final_report_at = models.DateTimeField(_("final report delivered"), null=True, blank=True)
    final_report = models.FileField(
        _("final report (PDF)"), upload_to="feasibility/reports/", blank=True, validators=[validate_pdf],
        storage=private_storage,
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    outcome_summary = models.TextField(
        _("outcome for the public library"), blank=True, help_text=_("What the study found and what came of it.")
    )
    consent_at = models.DateTimeField(_("city's consent to publish"), null=True, blank=True)
    consent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("consent given by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("feasibility study project")
        verbose_name_plural = _("feasibility study projects")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(published_at__isnull=True) | models.Q(consent_at__isnull=False),
                name="project_published_with_consent",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("feasibility:project", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class ProjectConsultant(models.Model):
    """A user working on a project as one of its consultants."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead consultant")
        CONSULTANT = "consultant", _("Consultant")

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="consultants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="feasibility_assignments"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.CONSULTANT)
    added_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        verbose_name = _("consultant")
        verbose_name_plural = _("consultants")
        ordering = ["project", "role", "user__name"]
        constraints = [models.UniqueConstraint(fields=["project", "user"], name="consultant_once_per_project")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class Milestone(models.Model):
    """A step of the six-month plan."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=200)
    due_on = models.DateField(_("due"))
    done_on = models.DateField(_("done"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["project", "due_on", "position"]

    def __str__(self) -> str:
        return self.title


class Deliverable(models.Model):
    """One part of one component (EA, TA, LA, RC, FA) of the study."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        IN_REVIEW = "in_review", _("In review")
        ACCEPTED = "accepted", _("Accepted")

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="deliverables")
    component = models.CharField(_("component"), max_length=2, choices=COMPONENT_CHOICES)
    part = models.CharField(_("part"), max_length=30, choices=PART_CHOICES)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="feasibility_deliverables",
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("deliverable")
        verbose_name_plural = _("deliverables")
        ordering = ["project", "position"]
        constraints = [models.UniqueConstraint(fields=["project", "component", "part"], name="deliverable_part_once")]

    def __str__(self) -> str:
        return f"{self.component}: {self.part_label}"

    @property
    def part_label(self) -> str:
        return str(PART_LABELS.get((self.component, self.part), self.part))


class DeliverableDocument(models.Model):
    """A document (PDF) of a deliverable: a draft, a chapter, an annex."""

    deliverable = models.ForeignKey(
        Deliverable, verbose_name=_("deliverable"), on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file (PDF)"), upload_to="feasibility/deliverables/", validators=[validate_pdf], storage=private_storage
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("deliverable document")
        verbose_name_plural = _("deliverable documents")
        ordering = ["deliverable", "-uploaded_at"]

    def __str__(self) -> str:
        return self.title


class ProjectOutcome(models.Model):
    """What came of a study: e.g. a system delivered to the beneficiary or to further member cities."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="outcomes")
    member = models.ForeignKey(
        "members.Member", verbose_name=_("member receiving it"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="feasibility_outcomes",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)

    class Meta:
        verbose_name = _("project outcome")
        verbose_name_plural = _("project outcomes")
        ordering = ["project", "delivered_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "member", "title"], name="outcome_once_per_member_and_title")
        ]

    def __str__(self) -> str:
        return f"{self.title} → {self.member}" if self.member_id else self.title


class EconomicAnalysis(models.Model):
    """The FA economic analysis of a project: a discount rate and yearly costs and benefits."""

    project = models.OneToOneField(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="economic_analysis"
    )
    discount_rate = models.DecimalField(
        _("discount rate (%)"), max_digits=6, decimal_places=3, default=8,
        validators=[MinValueValidator(-50), MaxValueValidator(100)],
    )
    start_year = models.PositiveSmallIntegerField(_("first year (year 0)"))
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    notes = models.TextField(_("assumptions"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("updated by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("economic analysis")
        verbose_name_plural = _("economic analyses")

    def __str__(self) -> str:
        return f"{self.project} — {_('economic analysis')}"


class EconomicYear(models.Model):
    """Costs and benefits of one year of the horizon (year 0 is not discounted)."""

    analysis = models.ForeignKey(EconomicAnalysis, verbose_name=_("analysis"), on_delete=models.CASCADE, related_name="years")
    year_index = models.PositiveSmallIntegerField(_("year"))
    cost = models.DecimalField(_("costs"), max_digits=16, decimal_places=2, default=0)
    benefit = models.DecimalField(_("benefits"), max_digits=16, decimal_places=2, default=0)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("year of the analysis")
        verbose_name_plural = _("years of the analysis")
        ordering = ["analysis", "year_index"]
        constraints = [
            models.UniqueConstraint(fields=["analysis", "year_index"], name="economic_year_once"),
            models.CheckConstraint(condition=models.Q(cost__gte=0, benefit__gte=0), name="economic_year_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.analysis.start_year + self.year_index}"


class ImplementationReport(models.Model):
    """The city's yearly report on implementing the study, for two years after the final report."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Due")
        SUBMITTED = "submitted", _("Submitted")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="implementation_reports"
    )
    year_number = models.PositiveSmallIntegerField(_("year after the final report"))
    due_on = models.DateField(_("due"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    progress = models.TextField(_("progress made"), blank=True)
    next_steps = models.TextField(_("next steps and obstacles"), blank=True)
    document = models.FileField(
        _("report (PDF)"), upload_to="feasibility/implementation/", blank=True, validators=[validate_pdf],
        storage=private_storage,
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    last_reminded_at = models.DateTimeField(_("last reminder"), null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(_("reminders sent"), default=0)

    class Meta:
        verbose_name = _("implementation report")
        verbose_name_plural = _("implementation reports")
        ordering = ["project", "year_number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "year_number"], name="implementation_report_once_a_year"),
            models.CheckConstraint(condition=models.Q(year_number__in=[1, 2]), name="implementation_report_two_years"),
        ]

    def __str__(self) -> str:
        return f"{self.project} — {_('year')} {self.year_number}"
