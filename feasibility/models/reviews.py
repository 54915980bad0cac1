"""The review panel of a call and each reviewer's scores of each letter."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from .calls import Call, LetterOfIntent

SCORE_FIELDS = [f"score_{code}" for code in ("commitment", "alignment", "partnership", "sustainability", "implementation")]


class Reviewer(models.Model):
    """A person on a call's review panel: Secretariat staff or an external expert.

    `country` is where the reviewer comes from or works; with the reviewer's own affiliations it
    decides which letters the reviewer may never review (their city's, or their country's).
    """

    class Kind(models.TextChoices):
        SECRETARIAT = "secretariat", _("Secretariat")
        EXTERNAL = "external", _("External reviewer")

    call = models.ForeignKey(Call, verbose_name=_("call"), on_delete=models.CASCADE, related_name="reviewers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="feasibility_panels"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.EXTERNAL)
    country = CountryField(_("country"), blank=True, help_text=_("Letters from this country are never assigned."))
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    added_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        verbose_name = _("reviewer")
        verbose_name_plural = _("reviewers")
        ordering = ["call", "user__name", "user__email"]
        constraints = [models.UniqueConstraint(fields=["call", "user"], name="reviewer_once_per_call")]

    def __str__(self) -> str:
        return f"{self.user} ({self.call})"


def _score_field(label):
    return models.PositiveSmallIntegerField(
        label, null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )


class Review(models.Model):
    """One reviewer's assessment of one letter: assigned → submitted, or set aside as a conflict.

    Each of the five elements is scored 1–5 with a comment. A reviewer sees the other reviews of a
    letter only after submitting their own.
    """

    class Status(models.TextChoices):
        ASSIGNED = "assigned", _("To review")
        SUBMITTED = "submitted", _("Submitted")
        CONFLICT = "conflict", _("Conflict of interest declared")

    reviewer = models.ForeignKey(Reviewer, verbose_name=_("reviewer"), on_delete=models.CASCADE, related_name="reviews")
    letter = models.ForeignKey(LetterOfIntent, verbose_name=_("letter"), on_delete=models.CASCADE, related_name="reviews")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ASSIGNED, db_index=True)
    score_commitment = _score_field(_("Commitment to inclusive and sustainable e-Government"))
    score_alignment = _score_field(_("Alignment with the government's ICT strategy and vision"))
    score_partnership = _score_field(_("Partnership and local support to the consultants"))
    score_sustainability = _score_field(_("Sustainability beyond completion"))
    score_implementation = _score_field(_("Commitment to post-project implementation"))
    comment_commitment = models.TextField(_("comment on commitment"), blank=True)
    comment_alignment = models.TextField(_("comment on alignment"), blank=True)
    comment_partnership = models.TextField(_("comment on partnership"), blank=True)
    comment_sustainability = models.TextField(_("comment on sustainability"), blank=True)
    comment_implementation = models.TextField(_("comment on post-project implementation"), blank=True)
    overall_comment = models.TextField(_("overall comment"), blank=True)
    conflict_reason = models.TextField(_("conflict of interest"), blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assigned by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    assigned_at = models.DateTimeField(_("assigned"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    declared_at = models.DateTimeField(_("conflict declared"), null=True, blank=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["letter", "reviewer"]
        constraints = [
            models.UniqueConstraint(
                fields=["reviewer", "letter"], name="review_once_per_reviewer_letter",
                violation_error_message=_("This reviewer is already assigned to this letter."),
            ),
            *[
                models.CheckConstraint(
                    condition=models.Q(**{f"{name}__isnull": True}) | models.Q(**{f"{name}__gte": 1, f"{name}__lte": 5}),
                    name=f"review_{name}_1_to_5",
                )
                for name in SCORE_FIELDS
            ],
            models.CheckConstraint(
                condition=~models.Q(status="submitted") | models.Q(**{f"{name}__isnull": False for name in SCORE_FIELDS}),
                name="review_submitted_has_every_score",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="conflict") | ~models.Q(conflict_reason=""),
                name="review_conflict_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer.user} → {self.letter.member}"

    def scores(self) -> list[int | None]:
        return [getattr(self, name) for name in SCORE_FIELDS]

    @property
    def mean(self):
        values = [s for s in self.scores() if s is not None]
        return sum(values) / len(values) if len(values) == len(SCORE_FIELDS) else None
