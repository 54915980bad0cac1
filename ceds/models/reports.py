"""Computed diagnostic reports and the score rows that comparisons aggregate in SQL."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .framework import FrameworkVersion
from .investigations import Investigation


class Report(models.Model):
    """Diagnostic report I, II or III of an investigation; `data` is the stored result (never recomputed on read)."""

    class Kind(models.TextChoices):
        OVERALL = "I", _("Report I: overall e-Government maturity")
        DIMENSIONS = "II", _("Report II: maturity by dimension")
        SYSTEMS = "III", _("Report III: current systems and what to build next")

    investigation = models.ForeignKey(
        Investigation, verbose_name=_("investigation"), on_delete=models.CASCADE, related_name="reports"
    )
    kind = models.CharField(_("report"), max_length=3, choices=Kind.choices)
    data = models.JSONField(_("data"), default=dict)
    computed_at = models.DateTimeField(_("computed"), default=timezone.now)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["investigation", "kind"]
        constraints = [models.UniqueConstraint(fields=["investigation", "kind"], name="ceds_report_unique_kind")]

    def __str__(self) -> str:
        return f"{self.investigation} — {self.kind}"


class Score(models.Model):
    """One computed score of an investigation (overall, a side, a dimension, the systems or a group).

    The member's region and size class are copied in at computation time, and `is_latest` marks the
    member's latest reported investigation of the year for that framework version, so that averages
    (member, region, size class) are one GROUP BY over this table.
    """

    class Kind(models.TextChoices):
        OVERALL = "overall", _("Overall maturity")
        SIDE = "side", _("Internal / external")
        DIMENSION = "dimension", _("Dimension")
        SYSTEMS = "systems", _("Systems overall")
        GROUP = "group", _("System group")

    investigation = models.ForeignKey(
        Investigation, verbose_name=_("investigation"), on_delete=models.CASCADE, related_name="scores"
    )
    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey(FrameworkVersion, verbose_name=_("version"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    region = models.CharField(_("region"), max_length=20, blank=True)
    size_class = models.CharField(_("size class"), max_length=20, blank=True)
    is_latest = models.BooleanField(_("latest of the year"), default=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    code = models.CharField(_("code"), max_length=20, blank=True)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["investigation", "kind", "code"], name="ceds_score_unique"),
            models.CheckConstraint(condition=models.Q(score__gte=0, score__lte=100), name="ceds_score_0_100"),
        ]
        indexes = [
            models.Index(fields=["version", "year", "is_latest", "kind", "code"], name="ceds_score_bench_idx"),
            models.Index(fields=["member", "version", "kind"], name="ceds_score_member_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.investigation_id} {self.kind} {self.code}: {self.score}"
