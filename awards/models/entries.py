"""Entries (applications) to an edition, with their images and documents."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from wego.storage import private_storage

from ..validators import validate_document, validate_image
from .editions import Category, Edition

MAX_IMAGES = 6
MAX_DOCUMENTS = 3


def normalise_text(text: str) -> str:
    """The key that makes 'Smart  Seoul 2.0' and 'smart seoul 2.0' the same title or name."""
    return " ".join((text or "").casefold().split())


def organisation_key(*, member_id: int | None, name: str, country: str) -> str:
    """Who entered: a member by its id, anyone else by normalised name and country."""
    if member_id:
        return f"member:{member_id}"
    return f"org:{str(country).upper()}:{normalise_text(name)}"


class Entry(models.Model):
    """A project entered in one category of an edition by a city or public organisation."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        ELIGIBLE = "eligible", _("Eligible")
        INELIGIBLE = "ineligible", _("Not eligible")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="entries")
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="entries")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("applicant"), on_delete=models.PROTECT, related_name="award_entries"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("WeGO member"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="award_entries",
    )
    organisation_name = models.CharField(_("organisation"), max_length=200)
    organisation_key = models.CharField(max_length=260, editable=False, db_index=True)
    country = CountryField(_("country"))
    title = models.CharField(_("project title"), max_length=200)
    title_key = models.CharField(max_length=200, editable=False)
    summary = models.TextField(
        _("summary"), max_length=1500, blank=True, help_text=_("What the project is, in a few sentences.")
    )
    problem = models.TextField(_("the problem"), blank=True, help_text=_("What was wrong before, and for whom."))
    solution = models.TextField(_("the solution"), blank=True, help_text=_("What was built and how it works."))
    results = models.TextField(_("results"), blank=True, help_text=_("What changed, with figures where you have them."))
    figures = models.TextField(
        _("key figures"), blank=True,
        help_text=_("One per line, e.g. “Online requests: 1.2 million a year (2013)”."),
    )
    url = models.URLField(_("project website"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    screened_at = models.DateTimeField(_("screened"), null=True, blank=True)
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("screened by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    eligibility_reason = models.TextField(
        _("reason given to the applicant"), blank=True,
        help_text=_("Required when the entry is not eligible; the applicant reads it."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        ordering = ["edition", "category", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "organisation_key", "title_key"],
                condition=~Q(status="withdrawn"),
                name="awards_entry_one_project_per_organisation",
                violation_error_message=_("Your organisation has already entered this project in this edition."),
            ),
            models.CheckConstraint(
                condition=~Q(status="ineligible") | ~Q(eligibility_reason=""),
                name="awards_entry_ineligible_has_reason",
                violation_error_message=_("Give the reason why the entry is not eligible."),
            ),
        ]
        indexes = [models.Index(fields=["edition", "category", "status"], name="awards_entry_cat_status_idx")]

    def __str__(self) -> str:
        return f"{self.title} — {self.organisation_name}"

    def figure_list(self) -> list[str]:
        return [line.strip() for line in self.figures.splitlines() if line.strip()]

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class EntryImage(models.Model):
    """A picture of the project (screenshot, photo): verified by Pillow, at most 5 MB."""

    entry = models.ForeignKey(Entry, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(
        _("image"), upload_to="awards/images/%Y/", validators=[validate_image], storage=private_storage
    )
    caption = models.CharField(
        _("description of the image"), max_length=200,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    created_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        verbose_name = _("entry image")
        verbose_name_plural = _("entry images")
        ordering = ["entry", "pk"]

    def __str__(self) -> str:
        return self.caption


class EntryDocument(models.Model):
    """A supporting document (PDF)."""

    entry = models.ForeignKey(Entry, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(
        _("document (PDF)"), upload_to="awards/documents/%Y/", validators=[validate_document], storage=private_storage
    )
    title = models.CharField(_("title"), max_length=200)
    created_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        verbose_name = _("entry document")
        verbose_name_plural = _("entry documents")
        ordering = ["entry", "pk"]

    def __str__(self) -> str:
        return self.title
