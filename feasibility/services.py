"""Every write of the feasibility app: keyword-only arguments, atomic, audited.

State machines (each transition named here; anything else raises ValidationError):
- ThemeSurvey: draft → open → closed → decided (a theme chosen).
- Call: draft → published → decided. While published, letters may be written and submitted only
  between `opens_at` and `closes_at`; after `closes_at` no letter can be submitted or changed.
- LetterOfIntent: draft ⇄ submitted (before the deadline) → selected | rejected (after it).
- Review: assigned → submitted; assigned | submitted → conflict (with a reason).
- Project: planning → in progress → draft report → final report → follow-up → closed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Member, Partner
from members.permissions import is_affiliated, is_focal_point, is_secretariat
from wego.audit import audit_record
from wego.validators import validate_pdf

from .catalogue import COMPONENTS, DEFAULT_PLAN, ELEMENT_CODES
from .models import (
    Call,
    CallDocument,
    Deliverable,
    DeliverableDocument,
    EconomicAnalysis,
    EconomicYear,
    ImplementationReport,
    LetterOfIntent,
    Milestone,
    Project,
    ProjectConsultant,
    ProjectOutcome,
    Review,
    Reviewer,
    Theme,
    ThemeRanking,
    ThemeRankingEntry,
    ThemeSurvey,
)
from .models.calls import max_cities_per_call
from .models.reviews import SCORE_FIELDS

# --- Thematic priorities ---------------------------------------------------------------------------


@transaction.atomic
def theme_create(*, name: str, description: str = "", by=None) -> Theme:
    """Add a theme that surveys and calls may use."""
    name = name.strip()
    if not name:
        raise ValidationError(_("Give the theme a name."))
    if Theme.objects.filter(name__iexact=name).exists():
        raise ValidationError(_("A theme called “%(name)s” already exists.") % {"name": name})
    theme = Theme.objects.create(name=name, description=description)
    audit_record(actor=by, action="feasibility.theme.created", target=theme)
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


@transaction.atomic
def survey_open(*, survey: ThemeSurvey, by) -> ThemeSurvey:
    """Open a draft survey to the members' focal points. It needs at least two themes."""
    survey = _lock_survey(survey)
    if survey.status != ThemeSurvey.Status.DRAFT:
        raise ValidationError(_("Only a draft survey can be opened; this one is %(status)s.") % {
            "status": survey.get_status_display().lower()})
    if survey.themes.count() < 2:
        raise ValidationError(_("A survey needs at least two themes to rank."))
    if survey.closes_at and survey.closes_at <= timezone.now():
        raise ValidationError(_("The closing date of the survey has already passed; set a later one."))
    survey.status = ThemeSurvey.Status.OPEN
    survey.opened_at = timezone.now()
    survey.save(update_fields=["status", "opened_at"])
    audit_record(actor=by, action="feasibility.survey.opened", target=survey)
    return survey


@transaction.atomic
def survey_close(*, survey: ThemeSurvey, by) -> ThemeSurvey:
    """Stop accepting rankings."""
    survey = _lock_survey(survey)
    if survey.status != ThemeSurvey.Status.OPEN:
        raise ValidationError(_("Only an open survey can be closed."))
    survey.status = ThemeSurvey.Status.CLOSED
    survey.save(update_fields=["status"])
    audit_record(actor=by, action="feasibility.survey.closed", target=survey)
    return survey


@transaction.atomic
def survey_choose_theme(*, survey: ThemeSurvey, theme: Theme, by) -> ThemeSurvey:
    """Record the theme chosen from a closed survey: it sets the theme of the year's call."""
    survey = _lock_survey(survey)
    if survey.status != ThemeSurvey.Status.CLOSED:
        raise ValidationError(_("Close the survey before choosing its theme."))
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


# --- Calls -----------------------------------------------------------------------------------------


def _check_call_fields(*, opens_at, closes_at, cities_to_select: int) -> None:
    errors = {}
    if closes_at <= opens_at:
        errors["closes_at"] = _("The call must close after it opens.")
    limit = max_cities_per_call()
    if not 1 <= cities_to_select <= limit:
        errors["cities_to_select"] = _("A call selects between 1 and %(limit)d cities.") % {"limit": limit}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def call_create(
    *,
    year: int,
    title: str,
    theme: Theme,
    description: str,
    opens_at,
    closes_at,
    by,
    cities_to_select: int = 1,
    survey: ThemeSurvey | None = None,
) -> Call:
    """Prepare a call (a draft). Taken from a survey, its theme must be the survey's chosen theme."""
    _check_call_fields(opens_at=opens_at, closes_at=closes_at, cities_to_select=cities_to_select)
    if survey is not None:
        if survey.status != ThemeSurvey.Status.DECIDED:
            raise ValidationError(_("The survey has not chosen its theme yet."))
        if survey.chosen_theme_id != theme.pk:
            raise ValidationError(
                _("The survey chose “%(chosen)s”; the call must take up that theme.") % {"chosen": survey.chosen_theme}
            )
    if Call.objects.filter(year=year, title=title).exists():
        raise ValidationError(_("A call with this title already exists for %(year)s.") % {"year": year})
    call = Call.objects.create(
        year=year, title=title, theme=theme, description=description, opens_at=opens_at, closes_at=closes_at,
        cities_to_select=cities_to_select, survey=survey, created_by=by,
    )
    audit_record(actor=by, action="feasibility.call.created", target=call)
    return call


def _lock_call(call: Call) -> Call:
    return Call.objects.select_for_update().get(pk=call.pk)


@transaction.atomic
def call_update(*, call: Call, by, **fields) -> Call:
    """Change a call's text, dates or number of cities. Dates cannot change once letters are frozen."""
    call = _lock_call(call)
    if call.status == Call.Status.DECIDED:
        raise ValidationError(_("A decided call can no longer be changed."))
    allowed = {"title", "description", "opens_at", "closes_at", "cities_to_select"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(_("These fields cannot be changed here: %s") % ", ".join(sorted(unknown)))
    if call.status == Call.Status.PUBLISHED and call.is_closed() and ({"opens_at", "closes_at"} & set(fields)):
        raise ValidationError(_("The call has closed; its dates can no longer change."))
    merged = {"opens_at": call.opens_at, "closes_at": call.closes_at, "cities_to_select": call.cities_to_select, **fields}
    _check_call_fields(opens_at=merged["opens_at"], closes_at=merged["closes_at"], cities_to_select=merged["cities_to_select"])
    for name, value in fields.items():
        setattr(call, name, value)
    call.save()
    audit_record(actor=by, action="feasibility.call.updated", target=call, data={"fields": sorted(fields)})
    return call


@transaction.atomic
def call_publish(*, call: Call, by) -> Call:
    """Publish a draft call: it shows on the public list and opens for letters at `opens_at`."""
    call = _lock_call(call)
    if call.status != Call.Status.DRAFT:
        raise ValidationError(_("Only a draft call can be published."))
    if call.closes_at <= timezone.now():
        raise ValidationError(_("The closing date has passed; set a later one before publishing."))
    call.status = Call.Status.PUBLISHED
    call.published_at = timezone.now()
    call.save(update_fields=["status", "published_at"])
    audit_record(actor=by, action="feasibility.call.published", target=call)
    return call


@transaction.atomic
def call_document_add(*, call: Call, title: str, file, by) -> CallDocument:
    """Attach a document (PDF) to a call."""
    document = CallDocument(call=call, title=title, file=file)
    document.full_clean()
    document.save()
    audit_record(actor=by, action="feasibility.call_document.added", target=call, data={"title": title})
    return document


@transaction.atomic
def call_decide(*, call: Call, by) -> Call:
    """Close the selection: every submitted letter must be selected or rejected first."""
    call = _lock_call(call)
    if call.status != Call.Status.PUBLISHED:
        raise ValidationError(_("Only a published call can be decided."))
    if not call.is_closed():
        raise ValidationError(_("The call is still open for letters."))
    waiting = call.letters.filter(status=LetterOfIntent.Status.SUBMITTED).count()
    if waiting:
        raise ValidationError(
            _("%(n)d submitted letters still wait for a decision: select or reject each first.") % {"n": waiting}
        )
    if not call.letters.filter(status=LetterOfIntent.Status.SELECTED).exists():
        raise ValidationError(_("Select at least one city before closing the selection."))
    call.status = Call.Status.DECIDED
    call.decided_at = timezone.now()
    call.save(update_fields=["status", "decided_at"])
    audit_record(actor=by, action="feasibility.call.decided", target=call)
    return call


# --- Letters of intent -----------------------------------------------------------------------------

LETTER_FIELDS = (*ELEMENT_CODES, "contact_name", "contact_email")


def _require_open(call: Call) -> None:
    now = timezone.now()
    if call.status != Call.Status.PUBLISHED or now < call.opens_at:
        raise ValidationError(_("This call is not open for letters."))
    if now >= call.closes_at:
        raise ValidationError(
            _("The call closed on %(date)s: letters can no longer be submitted or changed.")
            % {"date": timezone.localtime(call.closes_at).strftime("%Y-%m-%d %H:%M")}
        )


def _require_member_writer(*, member: Member, by) -> None:
    if not is_affiliated(by, member):
        raise ValidationError(_("Only the officials of %(member)s can write its letter.") % {"member": member})
    if member.status != Member.Status.ACTIVE:
        raise ValidationError(_("Only active WeGO members can apply for a feasibility study."))


def _lock_letter(letter: LetterOfIntent) -> LetterOfIntent:
    return LetterOfIntent.objects.select_for_update().select_related("call", "member").get(pk=letter.pk)


@transaction.atomic
def letter_save_draft(
    *, call: Call, member: Member, by, data: dict, signed_letter=None, letter: LetterOfIntent | None = None
) -> LetterOfIntent:
    """Create or update a member's draft letter for an open call. One letter per member per call."""
    _require_member_writer(member=member, by=by)
    call = Call.objects.get(pk=call.pk)
    _require_open(call)
    values = {name: data[name] for name in LETTER_FIELDS if name in data}
    if signed_letter:
        try:
            validate_pdf(signed_letter)
        except ValidationError as exc:
            raise ValidationError({"signed_letter": exc.messages})
    if letter is None:
        letter = LetterOfIntent(call=call, member=member, created_by=by, **values)
        if signed_letter:
            letter.signed_letter = signed_letter
        letter.full_clean(exclude=["call", "member", "signed_letter"], validate_constraints=False)
        try:
            with transaction.atomic():
                letter.save()
        except IntegrityError:
            raise ValidationError(
                _("%(member)s already has a letter of intent for this call; open it to continue.") % {"member": member}
            )
        audit_record(actor=by, action="feasibility.letter.created", target=letter)
        return letter
    letter = _lock_letter(letter)
    if letter.call_id != call.pk or letter.member_id != member.pk:
        raise ValidationError(_("This letter belongs to another call or member."))
    if letter.status != LetterOfIntent.Status.DRAFT:
        raise ValidationError(_("Only a draft can be changed. Return the letter to draft first."))
    for name, value in values.items():
        setattr(letter, name, value)
    if signed_letter:
        letter.signed_letter = signed_letter
    letter.full_clean(exclude=["call", "member", "signed_letter"], validate_constraints=False)
    letter.save()
    audit_record(actor=by, action="feasibility.letter.saved", target=letter, data={"fields": sorted(values)})
    return letter


def letter_missing(letter: LetterOfIntent) -> list[str]:
    """What a letter still lacks before it can be submitted, in words."""
    from .catalogue import ELEMENT_LABELS

    missing = [str(ELEMENT_LABELS[code]) for code in ELEMENT_CODES if not getattr(letter, code).strip()]
    if not letter.signed_letter:
        missing.append(_("the signed letter (PDF)"))
    return missing


@transaction.atomic
def letter_submit(*, letter: LetterOfIntent, by) -> LetterOfIntent:
    """Submit a complete draft before the deadline."""
    letter = _lock_letter(letter)
    _require_member_writer(member=letter.member, by=by)
    _require_open(letter.call)
    if letter.status != LetterOfIntent.Status.DRAFT:
        raise ValidationError(_("This letter has already been submitted."))
    missing = letter_missing(letter)
    if missing:
        raise ValidationError(_("Complete these parts before submitting: %s.") % "; ".join(missing))
    letter.status = LetterOfIntent.Status.SUBMITTED
    letter.submitted_at = timezone.now()
    letter.submitted_by = by
    letter.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    audit_record(actor=by, action="feasibility.letter.submitted", target=letter)
    return letter


@transaction.atomic
def letter_reopen(*, letter: LetterOfIntent, by) -> LetterOfIntent:
    """Return a submitted letter to draft to change it, before the deadline only."""
    letter = _lock_letter(letter)
    _require_member_writer(member=letter.member, by=by)
    _require_open(letter.call)
    if letter.status != LetterOfIntent.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted letter can be returned to draft."))
    letter.status = LetterOfIntent.Status.DRAFT
    letter.submitted_at = None
    letter.submitted_by = None
    letter.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    audit_record(actor=by, action="feasibility.letter.reopened", target=letter)
    return letter


def _require_decidable(letter: LetterOfIntent) -> None:
    if letter.call.status != Call.Status.PUBLISHED:
        raise ValidationError(_("The selection of this call is closed."))
    if not letter.call.is_closed():
        raise ValidationError(_("Letters are decided after the call closes."))
    if letter.status != LetterOfIntent.Status.SUBMITTED:
        raise ValidationError(
            _("Only a submitted letter can be decided; this one is %(status)s.")
            % {"status": letter.get_status_display().lower()}
        )


@transaction.atomic
def letter_select(*, letter: LetterOfIntent, by, message: str = "") -> Project:
    """Select a city: the letter becomes an F/S project. No more cities than the call selects."""
    call = _lock_call(letter.call)  # the count of selected letters is the capacity
    letter = _lock_letter(letter)
    _require_decidable(letter)
    selected = call.letters.filter(status=LetterOfIntent.Status.SELECTED).count()
    if selected >= call.cities_to_select:
        raise ValidationError(
            _("This call selects %(n)d cities and %(n)d are already selected.") % {"n": call.cities_to_select}
            if call.cities_to_select > 1
            else _("This call selects one city and it is already selected.")
        )
    letter.status = LetterOfIntent.Status.SELECTED
    letter.decided_at = timezone.now()
    letter.decided_by = by
    letter.decision_message = message
    letter.save(update_fields=["status", "decided_at", "decided_by", "decision_message", "updated_at"])
    audit_record(actor=by, action="feasibility.letter.selected", target=letter, data={"message": message})
    project = project_create(letter=letter, by=by)
    _notify_letter_decision(letter)
    return project


@transaction.atomic
def letter_reject(*, letter: LetterOfIntent, by, message: str) -> LetterOfIntent:
    """Decline a letter with a message to the city."""
    if not message.strip():
        raise ValidationError(_("Tell the city why its letter was not selected."))
    letter = _lock_letter(letter)
    _require_decidable(letter)
    letter.status = LetterOfIntent.Status.REJECTED
    letter.decided_at = timezone.now()
    letter.decided_by = by
    letter.decision_message = message
    letter.save(update_fields=["status", "decided_at", "decided_by", "decision_message", "updated_at"])
    audit_record(actor=by, action="feasibility.letter.rejected", target=letter, data={"message": message})
    _notify_letter_decision(letter)
    return letter


def _focal_point_emails(member: Member) -> list[str]:
    from members.models import Affiliation

    return list(
        member.affiliations.filter(role=Affiliation.Role.FOCAL_POINT).values_list("user__email", flat=True)
    )


def _notify_letter_decision(letter: LetterOfIntent) -> None:
    from wego.mail import queue_templated_email

    recipients = _focal_point_emails(letter.member)
    for extra in (getattr(letter.submitted_by, "email", ""), letter.contact_email):
        if extra and extra not in recipients:
            recipients.append(extra)
    queue_templated_email(
        to=recipients, template="feasibility/email/letter_decided", context={"letter": letter, "call": letter.call}
    )


# --- Review ----------------------------------------------------------------------------------------


def reviewer_conflict(*, reviewer: Reviewer, letter: LetterOfIntent) -> str:
    """Why this reviewer may not review this letter ("" when they may): their own city or country."""
    member = letter.member
    affiliations = list(reviewer.user.affiliations.select_related("member"))
    if any(a.member_id == member.pk for a in affiliations):
        return _("%(user)s acts for %(member)s, the applicant.") % {"user": reviewer.user, "member": member}
    countries = {str(reviewer.country)} | {str(a.member.country) for a in affiliations}
    if str(member.country) in countries - {""}:
        return _("%(user)s comes from %(country)s, the applicant's country.") % {
            "user": reviewer.user, "country": member.country.name}
    return ""


@transaction.atomic
def reviewer_add(*, call: Call, user, by, country: str = "", kind: str | None = None) -> Reviewer:
    """Put a user on a call's review panel (Secretariat staff, or an external reviewer)."""
    if call.status == Call.Status.DECIDED:
        raise ValidationError(_("The selection of this call is closed."))
    if Reviewer.objects.filter(call=call, user=user).exists():
        raise ValidationError(_("%(user)s is already on the panel of this call.") % {"user": user})
    if kind is None:
        kind = Reviewer.Kind.SECRETARIAT if is_secretariat(user) else Reviewer.Kind.EXTERNAL
    reviewer = Reviewer.objects.create(call=call, user=user, country=country, kind=kind, added_by=by)
    audit_record(actor=by, action="feasibility.reviewer.added", target=reviewer, data={"kind": kind})
    return reviewer


def _require_reviewing(call: Call) -> None:
    if call.status != Call.Status.PUBLISHED:
        raise ValidationError(_("The selection of this call is closed."))
    if not call.is_closed():
        raise ValidationError(_("Reviews start when the call has closed and the letters are final."))


@transaction.atomic
def review_assign(*, reviewer: Reviewer, letter: LetterOfIntent, by) -> Review:
    """Assign one letter to one reviewer. Refused when the reviewer is from the applicant's city or country."""
    _require_reviewing(letter.call)
    if reviewer.call_id != letter.call_id:
        raise ValidationError(_("The reviewer is on the panel of another call."))
    if letter.status != LetterOfIntent.Status.SUBMITTED:
        raise ValidationError(_("Only submitted letters are reviewed."))
    conflict = reviewer_conflict(reviewer=reviewer, letter=letter)
    if conflict:
        raise ValidationError(_("Conflict of interest: %(reason)s") % {"reason": conflict})
    try:
        with transaction.atomic():
            review = Review.objects.create(reviewer=reviewer, letter=letter, assigned_by=by)
    except IntegrityError:
        raise ValidationError(_("This reviewer is already assigned to this letter."))
    audit_record(actor=by, action="feasibility.review.assigned", target=review)
    return review


@transaction.atomic
def reviews_assign_automatically(*, call: Call, by) -> dict:
    """Assign every submitted letter to every panel reviewer, skipping conflicts of interest.

    Safe to run again (for a reviewer added later): existing assignments stay.
    Returns {"created": n, "skipped": [(reviewer, letter, reason), …]}.
    """
    call = _lock_call(call)
    _require_reviewing(call)
    reviewers = list(call.reviewers.select_related("user"))
    letters = list(call.letters.filter(status=LetterOfIntent.Status.SUBMITTED).select_related("member"))
    existing = set(Review.objects.filter(reviewer__call=call).values_list("reviewer_id", "letter_id"))
    to_create, skipped = [], []
    for reviewer in reviewers:
        for letter in letters:
            if (reviewer.pk, letter.pk) in existing:
                continue
            reason = reviewer_conflict(reviewer=reviewer, letter=letter)
            if reason:
                skipped.append((reviewer, letter, reason))
                continue
            to_create.append(Review(reviewer=reviewer, letter=letter, assigned_by=by))
    Review.objects.bulk_create(to_create, ignore_conflicts=True)
    audit_record(
        actor=by, action="feasibility.review.assigned_automatically", target=call,
        data={"created": len(to_create), "skipped": len(skipped)},
    )
    return {"created": len(to_create), "skipped": skipped}


def _lock_review(review: Review) -> Review:
    return Review.objects.select_for_update().select_related("reviewer", "letter", "letter__call").get(pk=review.pk)


@transaction.atomic
def review_save(
    *, review: Review, by, scores: dict[str, int | None], comments: dict[str, str] | None = None,
    overall_comment: str = "", submit: bool = False,
) -> Review:
    """Save a reviewer's scores (1–5 per element) and comments; `submit` makes them final and visible."""
    review = _lock_review(review)
    if review.reviewer.user_id != getattr(by, "pk", None):
        raise ValidationError(_("Only the assigned reviewer can score this letter."))
    if review.letter.call.status != Call.Status.PUBLISHED:
        raise ValidationError(_("The selection of this call is closed."))
    if review.status != Review.Status.ASSIGNED:
        raise ValidationError(_("This review is %(status)s and can no longer change.") % {
            "status": review.get_status_display().lower()})
    comments = comments or {}
    errors = {}
    for code in ELEMENT_CODES:
        value = scores.get(code)
        if value is not None and not (isinstance(value, int) and 1 <= value <= 5):
            errors[f"score_{code}"] = _("Give a score from 1 to 5.")
        elif value is None and submit:
            errors[f"score_{code}"] = _("Score this element before submitting.")
        setattr(review, f"score_{code}", value)
        setattr(review, f"comment_{code}", comments.get(code, getattr(review, f"comment_{code}")))
    if errors:
        raise ValidationError(errors)
    review.overall_comment = overall_comment
    fields = [*SCORE_FIELDS, *(f"comment_{c}" for c in ELEMENT_CODES), "overall_comment"]
    if submit:
        review.status = Review.Status.SUBMITTED
        review.submitted_at = timezone.now()
        fields += ["status", "submitted_at"]
    review.save(update_fields=fields)
    audit_record(
        actor=by, action="feasibility.review.submitted" if submit else "feasibility.review.saved", target=review,
        data={"scores": review.scores()} if submit else None,
    )
    return review


@transaction.atomic
def review_declare_conflict(*, review: Review, by, reason: str) -> Review:
    """A reviewer steps aside from a letter, saying why; any scores they gave no longer count."""
    review = _lock_review(review)
    if review.reviewer.user_id != getattr(by, "pk", None) and not is_secretariat(by):
        raise ValidationError(_("Only the reviewer (or the Secretariat) can declare this conflict."))
    if not reason.strip():
        raise ValidationError(_("Say what the conflict of interest is."))
    if review.status == Review.Status.CONFLICT:
        raise ValidationError(_("A conflict is already declared for this letter."))
    if review.letter.call.status != Call.Status.PUBLISHED:
        raise ValidationError(_("The selection of this call is closed."))
    review.status = Review.Status.CONFLICT
    review.conflict_reason = reason.strip()
    review.declared_at = timezone.now()
    for name in SCORE_FIELDS:
        setattr(review, name, None)
    review.save(update_fields=["status", "conflict_reason", "declared_at", *SCORE_FIELDS])
    audit_record(actor=by, action="feasibility.review.conflict_declared", target=review, data={"reason": reason})
    return review


# --- Projects --------------------------------------------------------------------------------------


def _add_months(day: dt.date, months: int) -> dt.date:
    import calendar

    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@transaction.atomic
def project_create(*, letter: LetterOfIntent, by) -> Project:
    """Open the F/S project of a selected letter with its 21 structured deliverables (EA, TA, LA, RC, FA)."""
    if letter.status != LetterOfIntent.Status.SELECTED:
        raise ValidationError(_("Only a selected letter becomes a project."))
    if Project.objects.filter(letter=letter).exists():
        raise ValidationError(_("This letter already has its project."))
    call = letter.call
    project = Project.objects.create(
        letter=letter,
        beneficiary=letter.member,
        title=_("%(theme)s: feasibility study for %(member)s (%(year)s)")
        % {"theme": call.theme.name, "member": letter.member.name, "year": call.year},
    )
    position = 0
    deliverables = []
    for component, _label, parts in COMPONENTS:
        for part, _part_label in parts:
            position += 1
            deliverables.append(Deliverable(project=project, component=component, part=part, position=position))
    Deliverable.objects.bulk_create(deliverables)
    audit_record(actor=by, action="feasibility.project.created", target=project, data={"letter": letter.pk})
    return project


@transaction.atomic
def project_plan(*, project: Project, starts_on: dt.date, by) -> Project:
    """Set the start of the six-month study and propose its milestones (once; later edits are by hand)."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.status not in (Project.Status.PLANNING, Project.Status.IN_PROGRESS):
        raise ValidationError(_("The plan can change only while the project is being planned or under way."))
    project.starts_on = starts_on
    project.ends_on = _add_months(starts_on, 6)
    project.save(update_fields=["starts_on", "ends_on"])
    if not project.milestones.exists():
        Milestone.objects.bulk_create(
            Milestone(project=project, title=str(title), due_on=_add_months(starts_on, months), position=index)
            for index, (title, months) in enumerate(DEFAULT_PLAN)
        )
    audit_record(actor=by, action="feasibility.project.planned", target=project, data={"starts_on": starts_on})
    return project


@transaction.atomic
def milestone_save(
    *, project: Project, by, title: str, due_on: dt.date, done_on: dt.date | None = None,
    milestone: Milestone | None = None,
) -> Milestone:
    """Add a milestone to the plan, or change one."""
    if milestone is None:
        milestone = Milestone(project=project, position=project.milestones.count())
    elif milestone.project_id != project.pk:
        raise ValidationError(_("This milestone belongs to another project."))
    milestone.title, milestone.due_on, milestone.done_on = title, due_on, done_on
    milestone.full_clean()
    milestone.save()
    audit_record(actor=by, action="feasibility.milestone.saved", target=project, data={"milestone": title})
    return milestone


@transaction.atomic
def project_set_funding(
    *, project: Project, partner: Partner | None, agreement: str = "", agreement_on: dt.date | None = None, by
) -> Project:
    """Record the funding partner (e.g. KEXIM) and its agreement."""
    project.funding_partner = partner
    project.funding_agreement = agreement
    project.funding_agreement_on = agreement_on
    project.save(update_fields=["funding_partner", "funding_agreement", "funding_agreement_on"])
    audit_record(
        actor=by, action="feasibility.project.funding_set", target=project,
        data={"partner": getattr(partner, "name", None), "agreement": agreement},
    )
    return project


@transaction.atomic
def consultant_add(*, project: Project, user, by, role: str = ProjectConsultant.Role.CONSULTANT) -> ProjectConsultant:
    """Assign a consultant to a project. A consultant never works on their own city's study."""
    if is_affiliated(user, project.beneficiary):
        raise ValidationError(_("%(user)s acts for %(member)s, the beneficiary.") % {
            "user": user, "member": project.beneficiary})
    if ProjectConsultant.objects.filter(project=project, user=user).exists():
        raise ValidationError(_("%(user)s is already a consultant of this project.") % {"user": user})
    consultant = ProjectConsultant.objects.create(project=project, user=user, role=role)
    audit_record(actor=by, action="feasibility.consultant.added", target=project, data={"user": user.email, "role": role})
    return consultant


@transaction.atomic
def consultant_remove(*, consultant: ProjectConsultant, by) -> None:
    """Take a consultant off a project; the deliverables they owned lose their owner."""
    project = consultant.project
    Deliverable.objects.filter(project=project, owner=consultant.user).update(owner=None)
    consultant.delete()
    audit_record(actor=by, action="feasibility.consultant.removed", target=project, data={"user": consultant.user.email})


# The project's lifecycle: (from, to) → the service name that makes the move.
PROJECT_TRANSITIONS = {
    "start": (Project.Status.PLANNING, Project.Status.IN_PROGRESS),
    "draft_report": (Project.Status.IN_PROGRESS, Project.Status.DRAFT_REPORT),
    "final_report": (Project.Status.DRAFT_REPORT, Project.Status.FINAL_REPORT),
    "follow_up": (Project.Status.FINAL_REPORT, Project.Status.FOLLOW_UP),
    "close": (Project.Status.FOLLOW_UP, Project.Status.CLOSED),
}
# Moves consultants may make; the Secretariat may make every move.
CONSULTANT_TRANSITIONS = {"start", "draft_report", "final_report"}


def _transition(project: Project, name: str, by) -> Project:
    source, target = PROJECT_TRANSITIONS[name]
    if project.status != source:
        raise ValidationError(
            _("The project is %(current)s; it can move to “%(target)s” only from “%(source)s”.")
            % {
                "current": project.get_status_display().lower(),
                "target": Project.Status(target).label,
                "source": Project.Status(source).label,
            }
        )
    project.status = target
    return project


def _lock_project(project: Project) -> Project:
    return Project.objects.select_for_update().select_related("beneficiary").get(pk=project.pk)


@transaction.atomic
def project_start(*, project: Project, by) -> Project:
    """Planning → in progress: needs a start date and at least one consultant."""
    project = _lock_project(project)
    _transition(project, "start", by)
    if not project.starts_on:
        raise ValidationError(_("Set the start date of the six-month plan first."))
    if not project.consultants.exists():
        raise ValidationError(_("Assign at least one consultant first."))
    project.started_at = timezone.now()
    project.save(update_fields=["status", "started_at"])
    audit_record(actor=by, action="feasibility.project.started", target=project)
    return project


@transaction.atomic
def project_deliver_draft_report(*, project: Project, by) -> Project:
    """In progress → draft report: every deliverable has reached at least 'in review'."""
    project = _lock_project(project)
    _transition(project, "draft_report", by)
    waiting = project.deliverables.filter(
        status__in=[Deliverable.Status.NOT_STARTED, Deliverable.Status.IN_PROGRESS]
    ).count()
    if waiting:
        raise ValidationError(
            _("%(n)d deliverables are not ready for review yet; the draft report covers all five components.")
            % {"n": waiting}
        )
    project.draft_report_at = timezone.now()
    project.save(update_fields=["status", "draft_report_at"])
    audit_record(actor=by, action="feasibility.project.draft_report", target=project)
    return project


@transaction.atomic
def project_deliver_final_report(*, project: Project, by, report=None) -> Project:
    """Draft report → final report: every deliverable accepted; the final report (PDF) attached."""
    project = _lock_project(project)
    _transition(project, "final_report", by)
    if project.deliverables.exclude(status=Deliverable.Status.ACCEPTED).exists():
        raise ValidationError(_("Accept every deliverable before the final report."))
    if report:
        project.final_report = report
        project.full_clean(validate_constraints=False)
    if not project.final_report:
        raise ValidationError(_("Attach the final report (PDF)."))
    project.final_report_at = timezone.now()
    project.save(update_fields=["status", "final_report_at", "final_report"])
    audit_record(actor=by, action="feasibility.project.final_report", target=project)
    return project


@transaction.atomic
def project_begin_follow_up(*, project: Project, by) -> Project:
    """Final report → follow-up: the city owes an implementation report one and two years later."""
    project = _lock_project(project)
    _transition(project, "follow_up", by)
    delivered = timezone.localdate(project.final_report_at) if project.final_report_at else timezone.localdate()
    project.save(update_fields=["status"])
    for year in (1, 2):
        ImplementationReport.objects.get_or_create(
            project=project, year_number=year, defaults={"due_on": _add_months(delivered, 12 * year)}
        )
    audit_record(actor=by, action="feasibility.project.follow_up", target=project)
    return project


@transaction.atomic
def project_close(*, project: Project, by) -> Project:
    """Follow-up → closed, once both implementation reports are in."""
    project = _lock_project(project)
    _transition(project, "close", by)
    if project.implementation_reports.exclude(status=ImplementationReport.Status.SUBMITTED).exists():
        raise ValidationError(_("Both yearly implementation reports must be in before the project closes."))
    project.closed_at = timezone.now()
    project.save(update_fields=["status", "closed_at"])
    audit_record(actor=by, action="feasibility.project.closed", target=project)
    return project


TRANSITION_SERVICES = {
    "start": project_start,
    "draft_report": project_deliver_draft_report,
    "final_report": project_deliver_final_report,
    "follow_up": project_begin_follow_up,
    "close": project_close,
}


def project_next_transitions(project: Project) -> list[str]:
    """The names of the moves open from the project's status (at most one: the lifecycle is linear)."""
    return [name for name, (source, _target) in PROJECT_TRANSITIONS.items() if project.status == source]


@transaction.atomic
def deliverable_update(
    *, deliverable: Deliverable, by, status: str | None = None, owner=None, due_on=None, notes: str | None = None,
    clear_owner: bool = False,
) -> Deliverable:
    """Change a deliverable's status, owner (a consultant of the project), due date or notes."""
    deliverable = Deliverable.objects.select_for_update().select_related("project").get(pk=deliverable.pk)
    project = deliverable.project
    if project.status in (Project.Status.FOLLOW_UP, Project.Status.CLOSED):
        raise ValidationError(_("The study is finished; its deliverables no longer change."))
    changed = {}
    if status is not None and status != deliverable.status:
        if status not in Deliverable.Status.values:
            raise ValidationError(_("Unknown status."))
        if status == Deliverable.Status.ACCEPTED and not is_secretariat(by):
            lead = ProjectConsultant.objects.filter(
                project=project, user=by, role=ProjectConsultant.Role.LEAD
            ).exists()
            if not lead:
                raise ValidationError(_("Only the lead consultant or the Secretariat accepts a deliverable."))
        changed["status"] = (deliverable.status, status)
        deliverable.status = status
    if owner is not None or clear_owner:
        if owner is not None and not ProjectConsultant.objects.filter(project=project, user=owner).exists():
            raise ValidationError({"owner": _("The owner must be one of the project's consultants.")})
        deliverable.owner = owner
        changed["owner"] = getattr(owner, "email", None)
    if due_on is not None:
        deliverable.due_on = due_on
        changed["due_on"] = due_on
    if notes is not None:
        deliverable.notes = notes
    deliverable.save()
    audit_record(actor=by, action="feasibility.deliverable.updated", target=deliverable, data=changed)
    return deliverable


@transaction.atomic
def deliverable_document_add(*, deliverable: Deliverable, title: str, file, by) -> DeliverableDocument:
    """Attach a document (PDF) to a deliverable."""
    document = DeliverableDocument(deliverable=deliverable, title=title, file=file, uploaded_by=by)
    document.full_clean()
    document.save()
    audit_record(actor=by, action="feasibility.deliverable.document_added", target=deliverable, data={"title": title})
    return document


@transaction.atomic
def economics_save(
    *,
    project: Project,
    by,
    discount_rate: Decimal,
    start_year: int,
    years: Sequence[dict],
    currency: str = "USD",
    notes: str = "",
) -> EconomicAnalysis:
    """Replace the project's economic analysis: discount rate (percent) and yearly costs and benefits.

    `years` are dicts with cost, benefit and an optional note, year 0 first.
    """
    if not years:
        raise ValidationError(_("Enter the costs and benefits of at least one year."))
    for row in years:
        if Decimal(row.get("cost") or 0) < 0 or Decimal(row.get("benefit") or 0) < 0:
            raise ValidationError(_("Costs and benefits are amounts of zero or more."))
    analysis, _created = EconomicAnalysis.objects.select_for_update().get_or_create(
        project=project, defaults={"start_year": start_year}
    )
    analysis.discount_rate = discount_rate
    analysis.start_year = start_year
    analysis.currency = currency.upper()
    analysis.notes = notes
    analysis.updated_by = by
    analysis.full_clean(exclude=["project"])
    analysis.save()
    analysis.years.all().delete()
    EconomicYear.objects.bulk_create(
        EconomicYear(
            analysis=analysis, year_index=index, cost=Decimal(row.get("cost") or 0),
            benefit=Decimal(row.get("benefit") or 0), note=row.get("note", "") or "",
        )
        for index, row in enumerate(years)
    )
    audit_record(
        actor=by, action="feasibility.economics.saved", target=project,
        data={"rate": discount_rate, "years": len(years)},
    )
    return analysis


@transaction.atomic
def outcome_record(
    *, project: Project, title: str, by, member: Member | None = None, description: str = "", delivered_on=None
) -> ProjectOutcome:
    """Record what came of a study, e.g. a system delivered to the beneficiary or to another member."""
    outcome, created = ProjectOutcome.objects.get_or_create(
        project=project, member=member, title=title,
        defaults={"description": description, "delivered_on": delivered_on},
    )
    if not created:
        raise ValidationError(_("This outcome is already recorded."))
    audit_record(actor=by, action="feasibility.outcome.recorded", target=project, data={"title": title,
                 "member": getattr(member, "name", None)})
    return outcome


# --- Follow-up and the public library ---------------------------------------------------------------


@transaction.atomic
def implementation_report_submit(
    *, report: ImplementationReport, by, progress: str, next_steps: str = "", document=None
) -> ImplementationReport:
    """The city reports a year of implementation (one report per year, two years)."""
    report = ImplementationReport.objects.select_for_update().select_related("project__beneficiary").get(pk=report.pk)
    if not is_affiliated(by, report.project.beneficiary):
        raise ValidationError(_("Only the officials of the beneficiary city report on its implementation."))
    if report.status != ImplementationReport.Status.PENDING:
        raise ValidationError(_("This report has already been submitted."))
    if not progress.strip():
        raise ValidationError({"progress": _("Describe the progress made.")})
    report.progress, report.next_steps = progress, next_steps
    if document:
        report.document = document
    report.full_clean(exclude=["project"], validate_constraints=False)
    report.status = ImplementationReport.Status.SUBMITTED
    report.submitted_at = timezone.now()
    report.submitted_by = by
    report.save()
    audit_record(actor=by, action="feasibility.implementation_report.submitted", target=report)
    return report


REMINDER_LEAD_DAYS = 30
REMINDER_INTERVAL_DAYS = 7


def implementation_reminders_send(*, today: dt.date | None = None) -> int:
    """Remind beneficiary cities of implementation reports due within 30 days or overdue (weekly at most).

    Called daily by Celery beat; safe to run twice a day (the weekly spacing is recorded per report).
    """
    from wego.mail import queue_templated_email

    today = today or timezone.localdate()
    now = timezone.now()
    due = (
        ImplementationReport.objects.filter(
            status=ImplementationReport.Status.PENDING,
            project__status=Project.Status.FOLLOW_UP,
            due_on__lte=today + dt.timedelta(days=REMINDER_LEAD_DAYS),
        )
        .select_related("project", "project__beneficiary")
        .order_by("due_on")
    )
    sent = 0
    for report in due:
        with transaction.atomic():
            locked = ImplementationReport.objects.select_for_update().get(pk=report.pk)
            if locked.last_reminded_at and locked.last_reminded_at > now - dt.timedelta(days=REMINDER_INTERVAL_DAYS):
                continue
            recipients = _focal_point_emails(report.project.beneficiary)
            if not recipients:
                continue
            queue_templated_email(
                to=recipients,
                template="feasibility/email/implementation_reminder",
                context={"report": report, "project": report.project, "overdue": report.due_on < today},
            )
            locked.last_reminded_at = now
            locked.reminders_sent += 1
            locked.save(update_fields=["last_reminded_at", "reminders_sent"])
            audit_record(actor=None, action="feasibility.implementation_report.reminded", target=locked)
            sent += 1
    return sent


FINISHED = (Project.Status.FINAL_REPORT, Project.Status.FOLLOW_UP, Project.Status.CLOSED)


@transaction.atomic
def project_give_consent(*, project: Project, by) -> Project:
    """The beneficiary's focal point agrees that the finished study be published."""
    project = _lock_project(project)
    if not is_focal_point(by, project.beneficiary):
        raise ValidationError(_("Only the focal point of %(member)s can consent to publication.") % {
            "member": project.beneficiary})
    if project.status not in FINISHED:
        raise ValidationError(_("Consent is asked once the final report is delivered."))
    if project.consent_at:
        raise ValidationError(_("Consent is already given."))
    project.consent_at = timezone.now()
    project.consent_by = by
    project.save(update_fields=["consent_at", "consent_by"])
    audit_record(actor=by, action="feasibility.project.consent_given", target=project)
    return project


@transaction.atomic
def project_publish(*, project: Project, by, outcome_summary: str | None = None) -> Project:
    """Publish a finished study in the public library of F/S outcomes (needs the city's consent)."""
    project = _lock_project(project)
    if project.status not in FINISHED:
        raise ValidationError(_("Only a finished study (final report delivered) can be published."))
    if not project.consent_at:
        raise ValidationError(_("The city has not consented to publication yet."))
    if project.published_at:
        raise ValidationError(_("This study is already published."))
    if outcome_summary is not None:
        project.outcome_summary = outcome_summary
    if not project.outcome_summary.strip():
        raise ValidationError(_("Write the outcome summary shown in the library first."))
    project.published_at = timezone.now()
    project.save(update_fields=["published_at", "outcome_summary"])
    audit_record(actor=by, action="feasibility.project.published", target=project)
    return project


@transaction.atomic
def project_unpublish(*, project: Project, by) -> Project:
    """Take a study out of the public library."""
    project = _lock_project(project)
    if not project.published_at:
        raise ValidationError(_("This study is not published."))
    project.published_at = None
    project.save(update_fields=["published_at"])
    audit_record(actor=by, action="feasibility.project.unpublished", target=project)
    return project
