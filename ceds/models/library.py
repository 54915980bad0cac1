"""Best-practice modules, action items and the forum."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wego.storage import private_storage
from wego.validators import validate_pdf

from .investigations import Investigation


class Module(models.Model):
    """A best-practice e-Government module: the problem, the solution and the steps, with the city of origin."""

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=200)
    city = models.CharField(_("city of origin"), max_length=200, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    problem = models.TextField(_("problem"))
    solution = models.TextField(_("solution"))
    steps = models.JSONField(_("steps"), default=list, blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    source_award_prize_id = models.PositiveIntegerField(
        _("WeGO Awards prize"), null=True, blank=True, unique=True,
        help_text=_("Set when the module comes from a WeGO Awards winner."),
    )
    source_label = models.CharField(_("source"), max_length=200, blank=True)
    topics = models.ManyToManyField("wego.Topic", verbose_name=_("topics"), blank=True, related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("ceds:module", args=[self.slug])


class ModuleLink(models.Model):
    """A framework code (indicator or system, e.g. PS-07 or ELIF-03) that a module addresses."""

    module = models.ForeignKey(Module, verbose_name=_("module"), on_delete=models.CASCADE, related_name="links")
    code = models.CharField(_("code"), max_length=20, db_index=True)

    class Meta:
        verbose_name = _("module link")
        verbose_name_plural = _("module links")
        ordering = ["module", "code"]
        constraints = [models.UniqueConstraint(fields=["module", "code"], name="ceds_modulelink_unique")]

    def __str__(self) -> str:
        return f"{self.module_id} → {self.code}"


class ModuleDocument(models.Model):
    module = models.ForeignKey(Module, verbose_name=_("module"), on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    # Private storage: served by ceds:module-document while the module is published.
    file = models.FileField(
        _("document (PDF)"), upload_to="ceds/modules/", validators=[validate_pdf], storage=private_storage
    )

    class Meta:
        verbose_name = _("module document")
        verbose_name_plural = _("module documents")

    def __str__(self) -> str:
        return self.title


class ActionItem(models.Model):
    """Something the city should do, proposed from its largest gaps (low score × weight)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("Accepted")
        DONE = "done", _("Done")
        DISMISSED = "dismissed", _("Dismissed")

    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.CASCADE, related_name="ceds_actions")
    investigation = models.ForeignKey(
        Investigation, verbose_name=_("from investigation"), on_delete=models.CASCADE, related_name="action_items"
    )
    code = models.CharField(_("indicator or system code"), max_length=20)
    title = models.CharField(_("title"), max_length=300)
    baseline = models.PositiveSmallIntegerField(_("level when proposed"))
    scale_max = models.PositiveSmallIntegerField(_("highest level"), default=4)
    gap = models.DecimalField(_("gap (weighted)"), max_digits=6, decimal_places=2)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assigned to"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="ceds_actions",
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    note = models.TextField(
        _("our notes"), blank=True,
        help_text=_("What the city knows about this gap and plans; used to pre-fill letters and requests."),
    )
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["-gap", "code"]
        constraints = [
            models.UniqueConstraint(fields=["investigation", "code"], name="ceds_actionitem_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.title}"


class ForumTopic(models.Model):
    """An announcement by the Secretariat or a question by a member; members only."""

    class Kind(models.TextChoices):
        ANNOUNCEMENT = "announcement", _("Announcement")
        QUESTION = "question", _("Question")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.QUESTION)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text (Markdown)"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(
        "members.Member", verbose_name=_("member"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_post_at = models.DateTimeField(_("last post"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("forum topic")
        verbose_name_plural = _("forum topics")
        ordering = ["-last_post_at"]

    def __str__(self) -> str:
        return self.title


class ForumPost(models.Model):
    topic = models.ForeignKey(ForumTopic, verbose_name=_("topic"), on_delete=models.CASCADE, related_name="posts")
    body = models.TextField(_("answer (Markdown)"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(
        "members.Member", verbose_name=_("member"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("forum answer")
        verbose_name_plural = _("forum answers")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.topic_id}: {self.author_id}"


class PeerContactRequest(models.Model):
    """A city asks a peer that closed the same gap to share how it did (the router's "contact this city").

    The peer's focal points receive the message by mail; one request per action item and peer city."""

    action_item = models.ForeignKey(
        ActionItem, verbose_name=_("action item"), on_delete=models.CASCADE, related_name="peer_requests"
    )
    from_member = models.ForeignKey(
        "members.Member", verbose_name=_("from"), on_delete=models.CASCADE, related_name="ceds_peer_requests_sent"
    )
    to_member = models.ForeignKey(
        "members.Member", verbose_name=_("to"), on_delete=models.CASCADE, related_name="ceds_peer_requests_received"
    )
    message = models.TextField(_("message"))
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("sent by"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("peer contact request")
        verbose_name_plural = _("peer contact requests")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["action_item", "to_member"], name="ceds_peer_request_once"),
            models.CheckConstraint(condition=~models.Q(from_member=models.F("to_member")), name="ceds_peer_request_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.from_member} → {self.to_member}: {self.action_item.code}"
