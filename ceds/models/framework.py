"""The CeDS framework as versioned data: dimensions, indicators, system groups and the systems map.

A framework version is loaded from a JSON file (ceds/data/framework_v1.json) by a data migration or
`manage.py ceds_load_framework`, and edited by the Secretariat in the admin while it is a draft.
Investigations point at their version, answers at that version's rows and reports store their
computed scores, so publishing a new version never changes a past result.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class FrameworkVersionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=FrameworkVersion.Status.PUBLISHED)


class FrameworkVersion(models.Model):
    """One edition of the framework (e.g. 2026.1). Only published versions can be used by cities."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    version = models.CharField(_("version"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=200)
    notice = models.TextField(_("notice"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    maturity_levels = models.JSONField(_("maturity levels"), default=list, blank=True)
    system_levels = models.JSONField(_("system levels"), default=list, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = FrameworkVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("framework version")
        verbose_name_plural = _("framework versions")
        ordering = ["-published_at", "-version"]

    def __str__(self) -> str:
        return f"{self.title} ({self.version})"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def maturity_label(self, level: int) -> str:
        for row in self.maturity_levels or []:
            if int(row.get("level", -1)) == int(level):
                return row.get("label", str(level))
        return str(level)

    def system_label(self, value: int) -> str:
        for row in self.system_levels or []:
            if int(row.get("value", -1)) == int(value):
                return row.get("label", str(value))
        return str(value)


class Dimension(models.Model):
    """One of the six maturity dimensions; internal (GM, PI, RC) or external (IN, CR, PS)."""

    class Side(models.TextChoices):
        INTERNAL = "internal", _("Internal")
        EXTERNAL = "external", _("External")

    version = models.ForeignKey(
        FrameworkVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="dimensions"
    )
    code = models.CharField(_("code"), max_length=10)
    name = models.CharField(_("name"), max_length=200)
    side = models.CharField(_("side"), max_length=10, choices=Side.choices)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    topics = models.ManyToManyField("wego.Topic", verbose_name=_("topics"), blank=True, related_name="+")

    class Meta:
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")
        ordering = ["version", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="ceds_dimension_unique_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Indicator(models.Model):
    """A maturity question answered on the 0–4 scale, each level described in `levels`."""

    version = models.ForeignKey(
        FrameworkVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="indicators"
    )
    dimension = models.ForeignKey(
        Dimension, verbose_name=_("dimension"), on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.CharField(_("code"), max_length=20)
    question = models.TextField(_("question"))
    help_text = models.TextField(_("help text"), blank=True)
    weight = models.DecimalField(
        _("weight"), max_digits=5, decimal_places=2, default=1, validators=[MinValueValidator(0)]
    )
    evidence = models.TextField(_("evidence asked for"), blank=True)
    levels = models.JSONField(_("level descriptions"), default=dict, help_text=_('{"0": "...", …, "4": "..."}'))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    topics = models.ManyToManyField(
        "wego.Topic", verbose_name=_("topics"), blank=True, related_name="+",
        help_text=_("What this indicator is about, beyond its dimension's topics."),
    )

    class Meta:
        verbose_name = _("maturity indicator")
        verbose_name_plural = _("maturity indicators")
        ordering = ["dimension__order", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="ceds_indicator_unique_code"),
            models.CheckConstraint(condition=models.Q(weight__gte=0), name="ceds_indicator_weight_positive"),
        ]

    def __str__(self) -> str:
        return self.code

    def level_choices(self) -> list[tuple[int, str]]:
        return [(level, self.levels.get(str(level), "")) for level in range(5)]


class SystemGroup(models.Model):
    """A group of e-Government systems: e-Admin (G2E), e-Life (G2C), e-Industry (G2B), e-Infra."""

    version = models.ForeignKey(
        FrameworkVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="system_groups"
    )
    code = models.CharField(_("code"), max_length=10)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    topics = models.ManyToManyField("wego.Topic", verbose_name=_("topics"), blank=True, related_name="+")

    class Meta:
        verbose_name = _("system group")
        verbose_name_plural = _("system groups")
        ordering = ["version", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="ceds_systemgroup_unique_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class SystemItem(models.Model):
    """A system a city may have; `requires` is the Progressive Systems Map (what it builds on)."""

    version = models.ForeignKey(
        FrameworkVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="system_items"
    )
    group = models.ForeignKey(SystemGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="items")
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=200)
    question = models.TextField(_("question"))
    help_text = models.TextField(_("help text"), blank=True)
    weight = models.DecimalField(
        _("weight"), max_digits=5, decimal_places=2, default=1, validators=[MinValueValidator(0)]
    )
    stage = models.PositiveSmallIntegerField(
        _("stage"), default=1, validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 = foundation; higher stages build on lower ones."),
    )
    requires = models.ManyToManyField(
        "self", verbose_name=_("builds on"), symmetrical=False, related_name="enables", blank=True
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("system item")
        verbose_name_plural = _("system items")
        ordering = ["group__order", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="ceds_systemitem_unique_code"),
            models.CheckConstraint(condition=models.Q(weight__gte=0), name="ceds_systemitem_weight_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
