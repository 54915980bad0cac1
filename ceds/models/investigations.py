"""Investigations of a city: its stakeholders, maturity answers and system answers (saved one by one)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wego.runs import HeartbeatFields, is_stale

from .framework import FrameworkVersion, Indicator, SystemItem

MAX_PER_YEAR = 4


class CedsProfile(models.Model):
    """A member's CeDS choices: share its results with other members, be suggested as a partner."""

    member = models.OneToOneField(
        "members.Member", verbose_name=_("member"), on_delete=models.CASCADE, related_name="ceds_profile"
    )
    share_results = models.BooleanField(
        _("share our scores with other members"),
        default=False,
        help_text=_("Other members may then see your city's scores, not only averages over five or more cities."),
    )
    partner_opt_out = models.BooleanField(
        _("do not suggest our city as a benchmarking partner"), default=False
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("CeDS profile")
        verbose_name_plural = _("CeDS profiles")

    def __str__(self) -> str:
        return str(self.member)


class Investigation(HeartbeatFields, models.Model):
    """One self-assessment of a city; at most four per member and calendar year (slots 1–4).

    Its report computation is a run (wego.runs): `report_status` running with a fresh heartbeat
    belongs to a live worker; a stale one is taken over."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        REPORTED = "reported", _("Reported")

    class ReportStatus(models.TextChoices):
        NONE = "none", _("Not requested")
        PENDING = "pending", _("Queued")
        RUNNING = "running", _("Computing")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    member = models.ForeignKey(
        "members.Member", verbose_name=_("member"), on_delete=models.CASCADE, related_name="ceds_investigations"
    )
    version = models.ForeignKey(
        FrameworkVersion, verbose_name=_("framework version"), on_delete=models.PROTECT, related_name="investigations"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    slot = models.PositiveSmallIntegerField(_("slot in the year"))
    title = models.CharField(_("title"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    report_status = models.CharField(
        _("report status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.NONE
    )
    report_progress = models.PositiveSmallIntegerField(_("report progress (%)"), default=0)
    report_error = models.TextField(_("report error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    reported_at = models.DateTimeField(_("reported"), null=True, blank=True)

    class Meta:
        verbose_name = _("investigation")
        verbose_name_plural = _("investigations")
        ordering = ["-year", "-slot"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "year", "slot"],
                name="ceds_investigation_four_per_year",
                violation_error_message=_("This member already has an investigation in that slot of the year."),
            ),
            models.CheckConstraint(
                condition=models.Q(slot__gte=1, slot__lte=MAX_PER_YEAR), name="ceds_investigation_slot_1_4"
            ),
        ]
        indexes = [models.Index(fields=["member", "version", "status"], name="ceds_inv_member_version_idx")]

    def __str__(self) -> str:
        return self.title or f"{self.member} {self.year}/{self.slot}"

    @property
    def label(self) -> str:
        return f"{self.year} · {self.slot}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def report_is_stale(self) -> bool:
        """The report computation is marked running but its worker stopped reporting."""
        return is_stale(self, status_field="report_status", running=self.ReportStatus.RUNNING)


class Stakeholder(models.Model):
    """A person who took part in the investigation; four roles must be present before submission."""

    class Role(models.TextChoices):
        PLANNING = "planning", _("Planning")
        FINANCE = "finance", _("Finance / budget")
        IT = "it", _("IT department")
        EXECUTIVE = "executive", _("Vice mayor / executive")
        OTHER = "other", _("Other")

    REQUIRED_ROLES = (Role.PLANNING, Role.FINANCE, Role.IT, Role.EXECUTIVE)

    investigation = models.ForeignKey(
        Investigation, verbose_name=_("investigation"), on_delete=models.CASCADE, related_name="stakeholders"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("job title"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        ordering = ["investigation", "role", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


class MaturityAnswer(models.Model):
    """The level (0–4) a city gives itself on one indicator, with an evidence note."""

    investigation = models.ForeignKey(
        Investigation, verbose_name=_("investigation"), on_delete=models.CASCADE, related_name="maturity_answers"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="answers"
    )
    level = models.PositiveSmallIntegerField(_("level"))
    note = models.TextField(_("evidence note"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("answered by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("maturity answer")
        verbose_name_plural = _("maturity answers")
        constraints = [
            models.UniqueConstraint(fields=["investigation", "indicator"], name="ceds_maturity_answer_unique"),
            models.CheckConstraint(condition=models.Q(level__gte=0, level__lte=4), name="ceds_maturity_level_0_4"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.level}"


class SystemAnswer(models.Model):
    """Whether a system exists: 0 absent, 1 planned, 2 in place, 3 in use and integrated."""

    investigation = models.ForeignKey(
        Investigation, verbose_name=_("investigation"), on_delete=models.CASCADE, related_name="system_answers"
    )
    item = models.ForeignKey(SystemItem, verbose_name=_("system"), on_delete=models.PROTECT, related_name="answers")
    value = models.PositiveSmallIntegerField(_("value"))
    note = models.TextField(_("note"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("answered by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("system answer")
        verbose_name_plural = _("system answers")
        constraints = [
            models.UniqueConstraint(fields=["investigation", "item"], name="ceds_system_answer_unique"),
            models.CheckConstraint(condition=models.Q(value__gte=0, value__lte=3), name="ceds_system_value_0_3"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.value}"
