"""The audit actions of the WeGO Awards: editions, categories, entries, judging, votes, prizes.

Each value is recorded in wego.AuditEntry.action; the label is what the audit log shows.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    ASSIGNMENT_CONFLICT_DECLARED = (
        "awards.assignment.conflict_declared",
        _("Judging assignment: conflict declared"),
    )
    ASSIGNMENT_CREATED = "awards.assignment.created", _("Judging assignment created")
    ASSIGNMENT_REMOVED = "awards.assignment.removed", _("Judging assignment removed")
    ASSIGNMENT_SPREAD = "awards.assignment.spread", _("Judging assignments spread")
    ASSIGNMENT_SUBMITTED = "awards.assignment.submitted", _("Judging assignment submitted")
    CATEGORY_ADDED = "awards.category.added", _("Award category added")
    CATEGORY_REMOVED = "awards.category.removed", _("Award category removed")
    CATEGORY_UPDATED = "awards.category.updated", _("Award category updated")
    CRITERION_ADDED = "awards.criterion.added", _("Judging criterion added")
    CRITERION_REMOVED = "awards.criterion.removed", _("Judging criterion removed")
    CRITERION_UPDATED = "awards.criterion.updated", _("Judging criterion updated")
    EDITION_ANNOUNCE = "awards.edition.announce", _("Awards edition: results announced")
    EDITION_CLOSE_APPLICATIONS = "awards.edition.close_applications", _("Awards edition: applications closed")
    EDITION_CLOSE_JUDGING = "awards.edition.close_judging", _("Awards edition: judging closed")
    EDITION_CLOSE_VOTING = "awards.edition.close_voting", _("Awards edition: voting closed")
    EDITION_CREATED = "awards.edition.created", _("Awards edition created")
    EDITION_OPEN_APPLICATIONS = "awards.edition.open_applications", _("Awards edition: applications opened")
    EDITION_OPEN_JUDGING = "awards.edition.open_judging", _("Awards edition: judging opened")
    EDITION_OPEN_VOTING = "awards.edition.open_voting", _("Awards edition: voting opened")
    EDITION_RANKING_METHOD_SET = "awards.edition.ranking_method_set", _("Awards edition: ranking method set")
    EDITION_UPDATED = "awards.edition.updated", _("Awards edition updated")
    ENTRY_CREATED = "awards.entry.created", _("Award entry created")
    ENTRY_DOCUMENT_ADDED = "awards.entry.document_added", _("Award entry: document added")
    ENTRY_DOCUMENT_REMOVED = "awards.entry.document_removed", _("Award entry: document removed")
    ENTRY_IMAGE_ADDED = "awards.entry.image_added", _("Award entry: image added")
    ENTRY_IMAGE_REMOVED = "awards.entry.image_removed", _("Award entry: image removed")
    ENTRY_SCREENED = "awards.entry.screened", _("Award entry screened")
    ENTRY_SUBMITTED = "awards.entry.submitted", _("Award entry submitted")
    ENTRY_UPDATED = "awards.entry.updated", _("Award entry updated")
    ENTRY_WITHDRAWN = "awards.entry.withdrawn", _("Award entry withdrawn")
    JUDGE_ADDED = "awards.judge.added", _("Awards judge added")
    JUDGE_CATEGORIES_SET = "awards.judge.categories_set", _("Awards judge: categories set")
    JUDGE_UPDATED = "awards.judge.updated", _("Awards judge updated")
    PRIZES_DECIDED = "awards.prizes.decided", _("Award winners decided")
    PRIZES_RESET = "awards.prizes.reset", _("Award winners reset")
    SCORE_SAVED = "awards.score.saved", _("Judging scores saved")
    SHORTLIST_PUBLISHED = "awards.shortlist.published", _("Awards shortlist published")
    SHORTLIST_TIE_DECIDED = "awards.shortlist.tie_decided", _("Awards shortlist: tie decided")
    VOTE_CAST = "awards.vote.cast", _("Awards vote cast")
    VOTE_VOIDED = "awards.vote.voided", _("Awards vote voided")
    VOTES_ANOMALIES_REVIEWED = "awards.votes.anomalies_reviewed", _("Awards votes: anomalies reviewed")
