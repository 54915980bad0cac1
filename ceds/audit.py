"""The audit actions of the CeDS self-assessment.

Each value is recorded in wego.AuditEntry.action; the label is what the audit log shows.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    ACTION_ITEM_UPDATED = "ceds.action_item.updated", _("CeDS action item updated")
    ANSWERS_SAVED = "ceds.answers.saved", _("CeDS answers saved")
    FORUM_POST_CREATED = "ceds.forum.post_created", _("CeDS forum: post written")
    FORUM_TOPIC_CREATED = "ceds.forum.topic_created", _("CeDS forum: topic opened")
    FRAMEWORK_COPIED = "ceds.framework.copied", _("CeDS framework copied")
    FRAMEWORK_LOADED = "ceds.framework.loaded", _("CeDS framework loaded")
    FRAMEWORK_PUBLISHED = "ceds.framework.published", _("CeDS framework published")
    INVESTIGATION_CREATED = "ceds.investigation.created", _("CeDS investigation created")
    INVESTIGATION_DELETED = "ceds.investigation.deleted", _("CeDS investigation deleted")
    INVESTIGATION_SUBMITTED = "ceds.investigation.submitted", _("CeDS investigation submitted")
    MODULE_AWARD_WINNERS_IMPORTED = (
        "ceds.module.award_winners_imported",
        _("CeDS library: award winners imported"),
    )
    MODULES_LOADED = "ceds.modules.loaded", _("CeDS library: modules loaded")
    PROFILE_UPDATED = "ceds.profile.updated", _("CeDS city profile updated")
    REPORTS_COMPUTED = "ceds.reports.computed", _("CeDS reports computed")
    REPORTS_RECOMPUTED = "ceds.reports.recomputed", _("CeDS reports recomputed")
    REPORTS_REQUEUED = "ceds.reports.requeued", _("CeDS reports queued again")
    REPORTS_TAKEN_OVER = "ceds.reports.taken_over", _("CeDS reports taken over")
    STAKEHOLDER_ADDED = "ceds.stakeholder.added", _("CeDS stakeholder added")
    STAKEHOLDER_REMOVED = "ceds.stakeholder.removed", _("CeDS stakeholder removed")
