"""The audit actions of the CeDS self-assessment.

Each value is recorded in wego.AuditEntry.action; the label is what the audit log shows.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    ACTION_ITEM_UPDATED = "ceds.action_item.updated", _("CeDS action item updated")
    ACTION_ITEM_NOTE_SAVED = "ceds.action_item.note_saved", _("CeDS action item: notes saved")
    PEER_CONTACT_SENT = "ceds.peer_contact.sent", _("CeDS: a peer city contacted about a gap")
    ANSWERS_SAVED = "ceds.answers.saved", _("CeDS answers saved")
    FORUM_POST_CREATED = "ceds.forum.post_created", _("CeDS forum: post written")
    FORUM_POST_DELETED = "ceds.forum.post_deleted", _("CeDS forum: post removed")
    FORUM_POST_EDITED = "ceds.forum.post_edited", _("CeDS forum: post edited")
    FORUM_TOPIC_CREATED = "ceds.forum.topic_created", _("CeDS forum: topic opened")
    FORUM_TOPIC_DELETED = "ceds.forum.topic_deleted", _("CeDS forum: topic removed")
    FORUM_TOPIC_EDITED = "ceds.forum.topic_edited", _("CeDS forum: topic edited")
    FRAMEWORK_COPIED = "ceds.framework.copied", _("CeDS framework copied")
    FRAMEWORK_DELETED = "ceds.framework.deleted", _("CeDS framework draft deleted")
    FRAMEWORK_EDITED = "ceds.framework.edited", _("CeDS framework draft edited")
    FRAMEWORK_LOADED = "ceds.framework.loaded", _("CeDS framework loaded")
    FRAMEWORK_PUBLISHED = "ceds.framework.published", _("CeDS framework published")
    INVESTIGATION_CREATED = "ceds.investigation.created", _("CeDS investigation created")
    INVESTIGATION_DELETED = "ceds.investigation.deleted", _("CeDS investigation deleted")
    INVESTIGATION_SUBMITTED = "ceds.investigation.submitted", _("CeDS investigation submitted")
    MODULE_AWARD_WINNERS_IMPORTED = (
        "ceds.module.award_winners_imported",
        _("CeDS library: award winners imported"),
    )
    MODULE_DELETED = "ceds.module.deleted", _("CeDS library: module deleted")
    MODULE_SAVED = "ceds.module.saved", _("CeDS library: module saved")
    MODULES_LOADED = "ceds.modules.loaded", _("CeDS library: modules loaded")
    PROFILE_UPDATED = "ceds.profile.updated", _("CeDS city profile updated")
    REPORTS_COMPUTED = "ceds.reports.computed", _("CeDS reports computed")
    REPORTS_QUEUED = "ceds.reports.queued", _("CeDS reports queued by the Secretariat")
    REPORTS_RECOMPUTED = "ceds.reports.recomputed", _("CeDS reports recomputed")
    REPORTS_REQUEUED = "ceds.reports.requeued", _("CeDS reports queued again")
    REPORTS_TAKEN_OVER = "ceds.reports.taken_over", _("CeDS reports taken over")
    STAKEHOLDER_ADDED = "ceds.stakeholder.added", _("CeDS stakeholder added")
    STAKEHOLDER_REMOVED = "ceds.stakeholder.removed", _("CeDS stakeholder removed")
