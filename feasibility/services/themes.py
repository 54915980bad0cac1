"""Thematic priority surveys: themes, surveys from draft to decided, the members' rankings (Borda count)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Member
from members.permissions import is_focal_point
from wego.audit import audit_record
from wego.models import Topic
from wego.topics import topic_codes_check

from ..models import (
    Theme,
    ThemeRanking,
    ThemeRankingEntry,
    ThemeSurvey,
)
from ..workflows import SURVEY

__all__ = [
    "topics_resolve",
    "theme_create",
    "theme_update",
    "survey_create",
    "survey_update",
    "survey_open",
    "survey_close",
    "survey_choose_theme",
    "ranking_submit",
]


def topics_resolve(topics: Iterable[str | Topic] | None) -> list[Topic]:
    """Topic codes or Topic objects as Topic objects, in the vocabulary's order; an unknown code is
    refused with a message naming it (wego.topics.topic_codes_check)."""
    codes = topic_codes_check(t.code if isinstance(t, Topic) else str(t).strip() for t in (topics or ()))
    return list(Topic.objects.filter(code__in=codes)) if codes else []


def topic_codes(topics: Iterable[Topic]) -> list[str]:
    return [t.code for t in topics]


@transaction.atomic
def theme_create(*, name: str, description: str = "", topics: Iterable[str | Topic] = (), by=None) -> Theme:
    """Add a theme that surveys and calls may use, with its topics (codes or Topic objects)."""
    name = name.strip()
    if not name:
        raise ValidationError(_("Give the theme a name."))
    if Theme.objects.filter(name__iexact=name).exists():
        raise ValidationError(_("A theme called “%(name)s” already exists.") % {"name": name})
    chosen = topics_resolve(topics)
    theme = Theme.objects.create(name=name, description=description)
    theme.topics.set(chosen)
    audit_record(actor=by, action="feasibility.theme.created", target=theme, data={"topics": topic_codes(chosen)})
    return theme


@transaction.atomic
def theme_update(
    *, theme: Theme, name: str, description: str = "", topics: Iterable[str | Topic] | None = None, by
) -> Theme:
    """Rename a theme, change its description or its topics (`topics=None` leaves them as they are).
    The surveys and calls that use it keep it."""
    theme = Theme.objects.select_for_update().get(pk=theme.pk)
    name = name.strip()
    if not name:
        raise ValidationError(_("Give the theme a name."))
    if Theme.objects.filter(name__iexact=name).exclude(pk=theme.pk).exists():
        raise ValidationError(_("A theme called “%(name)s” already exists.") % {"name": name})
    changed = sorted(f for f, v in (("name", name), ("description", description)) if getattr(theme, f) != v)
    data: dict = {}
    if topics is not None:
        chosen = topics_resolve(topics)
        before = topic_codes(theme.topics.all())
        if set(before) != {t.code for t in chosen}:
            theme.topics.set(chosen)
            changed.append("topics")
            data["topics"] = {"from": before, "to": topic_codes(chosen)}
    if not changed:
        return theme
    theme.name, theme.description = name, description
    theme.save(update_fields=["name", "description"])
    audit_record(actor=by, action="feasibility.theme.updated", target=theme, data={"fields": changed, **data})
    return theme


@transaction.atomic
def survey_create(
    *, title: str, year: int, themes: Iterable[Theme], by, description: str = "", closes_at=None
) -> ThemeSurvey:
    """Prepare a survey of thematic priorities (a draft, not yet visible to members)."""
    themes = list(themes)
    survey = ThemeSurvey.objects.create(
        title=title, year=year, description=description, closes_at=closes_at, created_by=by
    )
    survey.themes.set(themes)
    audit_record(actor=by, action="feasibility.survey.created", target=survey, data={"themes": [t.pk for t in themes]})
    return survey


def _lock_survey(survey: ThemeSurvey) -> ThemeSurvey:
    return ThemeSurvey.objects.select_for_update().get(pk=survey.pk)


SURVEY_EDITABLE = ("title", "year", "description", "closes_at", "themes")


@transaction.atomic
def survey_update(*, survey: ThemeSurvey, by, **fields) -> ThemeSurvey:
    """Change a survey's text or closing time; its year and themes only while it is a draft."""
    survey = _lock_survey(survey)
    unknown = set(fields) - set(SURVEY_EDITABLE)
    if unknown:
        raise ValidationError(_("These fields cannot be changed here: %s") % ", ".join(sorted(unknown)))
    if survey.status == ThemeSurvey.Status.DECIDED:
        raise ValidationError(_("A decided survey can no longer be changed."))
    if survey.status != ThemeSurvey.Status.DRAFT and {"year", "themes"} & set(fields):
        raise ValidationError(_("The survey has been opened: its year and themes can no longer change."))
    themes = fields.pop("themes", None)
    for name, value in fields.items():
        setattr(survey, name, value)
    survey.full_clean(exclude=["themes"])
    survey.save()
    if themes is not None:
        survey.themes.set(list(themes))
    changed = sorted([*fields, *(["themes"] if themes is not None else [])])
    audit_record(actor=by, action="feasibility.survey.updated", target=survey, data={"fields": changed})
    return survey


@transaction.atomic
def survey_open(*, survey: ThemeSurvey, by) -> ThemeSurvey:
    """Open a draft survey to the members' focal points. It needs at least two themes."""
    survey = _lock_survey(survey)
    SURVEY.check(survey, "open")  # a draft with two themes or more, its closing date still to come
    survey.status = ThemeSurvey.Status.OPEN
    survey.opened_at = timezone.now()
    survey.save(update_fields=["status", "opened_at"])
    audit_record(actor=by, action="feasibility.survey.opened", target=survey)
    return survey


@transaction.atomic
def survey_close(*, survey: ThemeSurvey, by) -> ThemeSurvey:
    """Stop accepting rankings."""
    survey = _lock_survey(survey)
    SURVEY.check(survey, "close")
    survey.status = ThemeSurvey.Status.CLOSED
    survey.save(update_fields=["status"])
    audit_record(actor=by, action="feasibility.survey.closed", target=survey)
    return survey


@transaction.atomic
def survey_choose_theme(*, survey: ThemeSurvey, theme: Theme, by) -> ThemeSurvey:
    """Record the theme chosen from a closed survey: it sets the theme of the year's call."""
    survey = _lock_survey(survey)
    SURVEY.check(survey, "choose")
    if not survey.themes.filter(pk=theme.pk).exists():
        raise ValidationError(_("“%(theme)s” is not one of this survey's themes.") % {"theme": theme})
    survey.status = ThemeSurvey.Status.DECIDED
    survey.chosen_theme = theme
    survey.decided_at = timezone.now()
    survey.save(update_fields=["status", "chosen_theme", "decided_at"])
    audit_record(actor=by, action="feasibility.survey.decided", target=survey, data={"theme": theme.name})
    return survey


@transaction.atomic
def ranking_submit(*, survey: ThemeSurvey, member: Member, ordered_themes: Sequence[Theme], by) -> ThemeRanking:
    """Record a member's ranking of every theme of the survey (first = most wanted). Once per member."""
    if not is_focal_point(by, member):
        raise ValidationError(_("Only the focal point of %(member)s can rank the themes.") % {"member": member})
    if member.status != Member.Status.ACTIVE:
        raise ValidationError(_("Only active members take part in the thematic priorities survey."))
    if not survey.accepts_rankings():
        raise ValidationError(_("This survey is not open for rankings."))
    wanted = set(survey.themes.values_list("pk", flat=True))
    given = [t.pk for t in ordered_themes]
    if len(given) != len(set(given)) or set(given) != wanted:
        raise ValidationError(_("Rank every theme of the survey exactly once."))
    if ThemeRanking.objects.filter(survey=survey, member=member).exists():
        raise ValidationError(_("%(member)s has already ranked the themes of this survey.") % {"member": member})
    try:
        with transaction.atomic():
            ranking = ThemeRanking.objects.create(survey=survey, member=member, submitted_by=by)
    except IntegrityError:
        raise ValidationError(_("%(member)s has already ranked the themes of this survey.") % {"member": member})
    ThemeRankingEntry.objects.bulk_create(
        ThemeRankingEntry(ranking=ranking, theme_id=pk, position=index) for index, pk in enumerate(given, start=1)
    )
    audit_record(actor=by, action="feasibility.ranking.submitted", target=ranking, data={"order": given})
    return ranking
