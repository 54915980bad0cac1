"""The audit actions of feasibility studies: themes, calls, letters, reviews, projects.

Each value is recorded in wego.AuditEntry.action; the label is what the audit log shows.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    CALL_CREATED = "feasibility.call.created", _("F/S call created")
    CALL_DECIDED = "feasibility.call.decided", _("F/S call decided")
    CALL_PUBLISHED = "feasibility.call.published", _("F/S call published")
    CALL_UPDATED = "feasibility.call.updated", _("F/S call updated")
    CALL_DOCUMENT_ADDED = "feasibility.call_document.added", _("F/S call: document added")
    CONSULTANT_ADDED = "feasibility.consultant.added", _("F/S consultant added")
    CONSULTANT_REMOVED = "feasibility.consultant.removed", _("F/S consultant removed")
    DELIVERABLE_DOCUMENT_ADDED = (
        "feasibility.deliverable.document_added",
        _("F/S deliverable: document added"),
    )
    DELIVERABLE_UPDATED = "feasibility.deliverable.updated", _("F/S deliverable updated")
    ECONOMICS_SAVED = "feasibility.economics.saved", _("F/S economic analysis saved")
    IMPLEMENTATION_REPORT_REMINDED = (
        "feasibility.implementation_report.reminded",
        _("F/S implementation report: reminder sent"),
    )
    IMPLEMENTATION_REPORT_SUBMITTED = (
        "feasibility.implementation_report.submitted",
        _("F/S implementation report submitted"),
    )
    LETTER_CREATED = "feasibility.letter.created", _("Letter of intent created")
    LETTER_REJECTED = "feasibility.letter.rejected", _("Letter of intent rejected")
    LETTER_REOPENED = "feasibility.letter.reopened", _("Letter of intent reopened")
    LETTER_SAVED = "feasibility.letter.saved", _("Letter of intent saved")
    LETTER_SELECTED = "feasibility.letter.selected", _("Letter of intent selected")
    LETTER_SUBMITTED = "feasibility.letter.submitted", _("Letter of intent submitted")
    MILESTONE_SAVED = "feasibility.milestone.saved", _("F/S milestone saved")
    OUTCOME_RECORDED = "feasibility.outcome.recorded", _("F/S outcome recorded")
    PROJECT_CLOSED = "feasibility.project.closed", _("F/S project closed")
    PROJECT_CONSENT_GIVEN = "feasibility.project.consent_given", _("F/S project: consent given")
    PROJECT_CREATED = "feasibility.project.created", _("F/S project created")
    PROJECT_DRAFT_REPORT = "feasibility.project.draft_report", _("F/S project: draft report")
    PROJECT_FINAL_REPORT = "feasibility.project.final_report", _("F/S project: final report")
    PROJECT_FOLLOW_UP = "feasibility.project.follow_up", _("F/S project: follow-up")
    PROJECT_FUNDING_SET = "feasibility.project.funding_set", _("F/S project: funding set")
    PROJECT_PLANNED = "feasibility.project.planned", _("F/S project planned")
    PROJECT_PUBLISHED = "feasibility.project.published", _("F/S project published")
    PROJECT_STARTED = "feasibility.project.started", _("F/S project started")
    PROJECT_UNPUBLISHED = "feasibility.project.unpublished", _("F/S project unpublished")
    RANKING_SUBMITTED = "feasibility.ranking.submitted", _("F/S ranking submitted")
    REVIEW_ASSIGNED = "feasibility.review.assigned", _("F/S review assigned")
    REVIEW_ASSIGNED_AUTOMATICALLY = (
        "feasibility.review.assigned_automatically",
        _("F/S reviews assigned automatically"),
    )
    REVIEW_CONFLICT_DECLARED = "feasibility.review.conflict_declared", _("F/S review: conflict declared")
    REVIEW_SAVED = "feasibility.review.saved", _("F/S review saved")
    REVIEW_SUBMITTED = "feasibility.review.submitted", _("F/S review submitted")
    REVIEWER_ADDED = "feasibility.reviewer.added", _("F/S reviewer added")
    SURVEY_CLOSED = "feasibility.survey.closed", _("Theme survey closed")
    SURVEY_CREATED = "feasibility.survey.created", _("Theme survey created")
    SURVEY_DECIDED = "feasibility.survey.decided", _("Theme survey decided")
    SURVEY_OPENED = "feasibility.survey.opened", _("Theme survey opened")
    SURVEY_UPDATED = "feasibility.survey.updated", _("Theme survey updated")
    THEME_CREATED = "feasibility.theme.created", _("F/S theme created")
    THEME_UPDATED = "feasibility.theme.updated", _("F/S theme updated")
