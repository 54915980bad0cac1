"""The Secretariat's admin for the CeDS: framework versions (editable while draft), modules, forum,
investigations (read-only answers and reports)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import services
from .models import (
    ActionItem,
    CedsProfile,
    Dimension,
    ForumPost,
    ForumTopic,
    FrameworkVersion,
    Indicator,
    Investigation,
    Module,
    ModuleDocument,
    ModuleLink,
    Report,
    Stakeholder,
    SystemGroup,
    SystemItem,
)


class _DraftOnlyMixin:
    """Rows of a published version are read-only: results computed with it must stay explainable."""

    def _version_of(self, obj):
        return obj if isinstance(obj, FrameworkVersion) else getattr(obj, "version", None)

    def has_change_permission(self, request, obj=None):
        version = self._version_of(obj) if obj is not None else None
        if version is not None and version.is_published and not isinstance(obj, FrameworkVersion):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        version = self._version_of(obj) if obj is not None else None
        if version is not None and (version.is_published or version.investigations.exists()):
            return False
        return super().has_delete_permission(request, obj)


class DimensionInline(admin.TabularInline):
    model = Dimension
    extra = 0
    fields = ["code", "name", "side", "order"]

    def has_change_permission(self, request, obj=None):
        return obj is None or not obj.is_published

    has_add_permission = has_change_permission
    has_delete_permission = has_change_permission


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(_DraftOnlyMixin, admin.ModelAdmin):
    list_display = ["version", "title", "status", "published_at"]
    list_filter = ["status"]
    readonly_fields = ["status", "published_at", "created_at"]
    inlines = [DimensionInline]
    actions = ["publish", "copy_as_draft"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_published:
            return [f.name for f in FrameworkVersion._meta.fields]
        return self.readonly_fields

    @admin.action(description=_("Publish the selected draft versions"))
    def publish(self, request, queryset):
        for version in queryset:
            try:
                services.framework_publish(version=version, by=request.user)
                self.message_user(request, _("%s published.") % version, messages.SUCCESS)
            except ValidationError as exc:
                self.message_user(request, f"{version}: {' '.join(exc.messages)}", messages.ERROR)

    @admin.action(description=_("Copy as a new draft version (to edit)"))
    def copy_as_draft(self, request, queryset):
        for version in queryset:
            new_code = f"{version.version}-draft"
            try:
                copy = services.framework_copy(version=version, new_version=new_code, by=request.user)
                self.message_user(request, _("Draft %s created.") % copy.version, messages.SUCCESS)
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)


@admin.register(Indicator)
class IndicatorAdmin(_DraftOnlyMixin, admin.ModelAdmin):
    list_display = ["code", "version", "dimension", "weight", "question"]
    list_filter = ["version", "dimension__code"]
    search_fields = ["code", "question"]
    list_select_related = ["version", "dimension"]


class SystemItemForm(forms.ModelForm):
    class Meta:
        model = SystemItem
        fields = ["version", "group", "code", "name", "question", "help_text", "weight", "stage", "requires", "order"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        version_id = self.instance.version_id or self.initial.get("version")
        if version_id and "requires" in self.fields:
            self.fields["requires"].queryset = SystemItem.objects.filter(version_id=version_id).exclude(pk=self.instance.pk)

    def clean(self):
        cleaned = super().clean()
        version = cleaned.get("version")
        for item in cleaned.get("requires") or []:
            if version and item.version_id != version.pk:
                raise ValidationError(_("A system can only build on systems of the same framework version."))
        group = cleaned.get("group")
        if group and version and group.version_id != version.pk:
            raise ValidationError(_("The group belongs to another framework version."))
        return cleaned


@admin.register(SystemItem)
class SystemItemAdmin(_DraftOnlyMixin, admin.ModelAdmin):
    form = SystemItemForm
    list_display = ["code", "version", "group", "name", "stage", "weight"]
    list_filter = ["version", "group__code", "stage"]
    search_fields = ["code", "name", "question"]
    filter_horizontal = ["requires"]
    list_select_related = ["version", "group"]


@admin.register(Dimension)
class DimensionAdmin(_DraftOnlyMixin, admin.ModelAdmin):
    list_display = ["code", "name", "side", "version", "order"]
    list_filter = ["version"]


@admin.register(SystemGroup)
class SystemGroupAdmin(_DraftOnlyMixin, admin.ModelAdmin):
    list_display = ["code", "name", "version", "order"]
    list_filter = ["version"]


class ModuleLinkInline(admin.TabularInline):
    model = ModuleLink
    extra = 1


class ModuleDocumentInline(admin.TabularInline):
    model = ModuleDocument
    extra = 0


@admin.register(Module)
class ModuleAdmin(admin.ModelAdmin):
    list_display = ["title", "city", "country", "source_label", "is_published"]
    list_filter = ["is_published", "country"]
    search_fields = ["title", "city", "problem", "solution"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["source_award_prize_id", "source_label"]
    inlines = [ModuleLinkInline, ModuleDocumentInline]
    actions = ["import_award_winners"]

    @admin.action(description=_("Import the published WeGO Awards winners as modules"))
    def import_award_winners(self, request, queryset):
        from .services import modules_import_award_winners

        count = modules_import_award_winners(by=request.user)
        self.message_user(request, _("%(count)d module(s) created from WeGO Awards winners.") % {"count": count})


class StakeholderInline(admin.TabularInline):
    model = Stakeholder
    extra = 0
    can_delete = False
    readonly_fields = ["role", "name", "title"]

    def has_add_permission(self, request, obj=None):
        return False


class ReportInline(admin.TabularInline):
    model = Report
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "data", "computed_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Investigation)
class InvestigationAdmin(admin.ModelAdmin):
    """Read-only: cities answer on their pages; the Secretariat may recompute reports."""

    list_display = ["member", "year", "slot", "version", "status", "report_status", "submitted_at"]
    list_filter = ["status", "report_status", "year", "version"]
    search_fields = ["member__name"]
    list_select_related = ["member", "version"]
    inlines = [StakeholderInline, ReportInline]
    actions = ["recompute"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Recompute the reports"))
    def recompute(self, request, queryset):
        from .tasks import compute_reports_task

        count = 0
        for investigation in queryset.exclude(status=Investigation.Status.DRAFT):
            compute_reports_task.delay(investigation.pk)
            count += 1
        self.message_user(request, _("%d report computations queued.") % count, messages.SUCCESS)


@admin.register(ActionItem)
class ActionItemAdmin(admin.ModelAdmin):
    list_display = ["code", "member", "status", "assignee", "due_on", "gap"]
    list_filter = ["status"]
    search_fields = ["member__name", "code", "title"]
    list_select_related = ["member", "assignee"]


@admin.register(CedsProfile)
class CedsProfileAdmin(admin.ModelAdmin):
    list_display = ["member", "share_results", "partner_opt_out"]


class ForumPostInline(admin.StackedInline):
    model = ForumPost
    extra = 0


@admin.register(ForumTopic)
class ForumTopicAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "member", "author", "created_at"]
    list_filter = ["kind"]
    search_fields = ["title", "body"]
    inlines = [ForumPostInline]
