"""The Secretariat's admin for the CeDS: framework versions (editable while draft), modules, forum
moderation, action items, city profiles, investigations (read-only answers and reports).

Every save, deletion and action goes through the ceds services (audited): a service's refusal is shown
as a message on the same page (wego.admin_actions.ServiceSaveMixin), and an action refused for one
object names it while the others go on. The investigation's, the framework version's and the action
item's workflows (ceds.workflows) decide the actions and show "What can be done now".
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wego.admin_actions import (
    ServiceActionsMixin,
    ServiceDeleteMixin,
    ServiceSaveMixin,
    adopt_created,
    save_inline,
)

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
from .workflows import ACTION_ITEM, FRAMEWORK, INVESTIGATION

# --- Writing through the services ---------------------------------------------------------------------


# --- The framework --------------------------------------------------------------------------------------


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
class FrameworkVersionAdmin(ServiceSaveMixin, ServiceDeleteMixin, ServiceActionsMixin, _DraftOnlyMixin, admin.ModelAdmin):
    list_display = ["version", "title", "status", "published_at"]
    list_filter = ["status"]
    readonly_fields = ["status", "published_at", "created_at"]
    inlines = [DimensionInline]
    actions = ["publish", "copy_as_draft"]
    workflow = FRAMEWORK

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        if obj is not None and obj.is_published:
            return tuple(dict.fromkeys([*(f.name for f in FrameworkVersion._meta.fields), *fields]))
        return fields

    def save_model(self, request, obj, form, change):
        services.framework_version_save(version=obj, changed=list(form.changed_data), by=request.user)

    def save_formset(self, request, form, formset, change):
        save_inline(
            formset,
            save=lambda row, changed: services.framework_row_save(row=row, changed=changed, by=request.user),
            delete=lambda row: services.framework_row_delete(row=row, by=request.user),
        )

    def delete_service(self, request, obj):
        services.framework_version_delete(version=obj, by=request.user)

    @admin.action(description=_("Publish the selected draft versions"))
    def publish(self, request, queryset):
        self.run_workflow(
            request, queryset, flow=FRAMEWORK, name="publish",
            call=lambda version: services.framework_publish(version=version, by=request.user),
            done=lambda n: ngettext("%d framework version published.", "%d framework versions published.", n) % n,
        )

    @admin.action(description=_("Copy as a new draft version (to edit)"))
    def copy_as_draft(self, request, queryset):
        created: list[FrameworkVersion] = []
        self.run_service(
            request, queryset,
            lambda version: created.append(services.framework_copy(
                version=version, new_version=f"{version.version}-draft", by=request.user)),
            lambda n: _("Draft created: %s.") % ", ".join(copy.version for copy in created),
        )


class FrameworkRowAdmin(ServiceSaveMixin, ServiceDeleteMixin, _DraftOnlyMixin, admin.ModelAdmin):
    """A dimension, indicator, system group or system of a version: saved and deleted by the services,
    which refuse the rows of a published version."""

    def save_model(self, request, obj, form, change):
        services.framework_row_save(row=obj, changed=list(form.changed_data), by=request.user)

    def save_related(self, request, form, formsets, change):
        """No many-to-many is written here: the service sets a system's "builds on" (save_model)."""
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def delete_service(self, request, obj):
        services.framework_row_delete(row=obj, by=request.user)


@admin.register(Indicator)
class IndicatorAdmin(FrameworkRowAdmin):
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
class SystemItemAdmin(FrameworkRowAdmin):
    form = SystemItemForm
    list_display = ["code", "version", "group", "name", "stage", "weight"]
    list_filter = ["version", "group__code", "stage"]
    search_fields = ["code", "name", "question"]
    filter_horizontal = ["requires"]
    list_select_related = ["version", "group"]

    def save_model(self, request, obj, form, change):
        services.framework_row_save(row=obj, changed=list(form.changed_data), by=request.user,
                                    requires=list(form.cleaned_data.get("requires") or []))


@admin.register(Dimension)
class DimensionAdmin(FrameworkRowAdmin):
    list_display = ["code", "name", "side", "version", "order"]
    list_filter = ["version"]


@admin.register(SystemGroup)
class SystemGroupAdmin(FrameworkRowAdmin):
    list_display = ["code", "name", "version", "order"]
    list_filter = ["version"]


# --- The library ----------------------------------------------------------------------------------------


class ModuleLinkInline(admin.TabularInline):
    model = ModuleLink
    extra = 1


class ModuleDocumentInline(admin.TabularInline):
    model = ModuleDocument
    extra = 0


@admin.register(Module)
class ModuleAdmin(ServiceSaveMixin, ServiceDeleteMixin, admin.ModelAdmin):
    list_display = ["title", "city", "country", "source_label", "is_published"]
    list_filter = ["is_published", "country"]
    search_fields = ["title", "city", "problem", "solution"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["source_award_prize_id", "source_label"]
    inlines = [ModuleLinkInline, ModuleDocumentInline]
    actions = ["import_award_winners"]

    def save_model(self, request, obj, form, change):
        services.module_save(module=obj, changed=list(form.changed_data), by=request.user)

    def save_formset(self, request, form, formset, change):
        saved: list = []
        deleted: list = []
        save_inline(formset, save=lambda part, changed: saved.append(part), delete=deleted.append)
        services.module_parts_save(module=form.instance, saved=saved, deleted=deleted, by=request.user)

    def delete_service(self, request, obj):
        services.module_delete(module=obj, by=request.user)

    @admin.action(description=_("Import the published WeGO Awards winners as modules"))
    def import_award_winners(self, request, queryset):
        count = services.modules_import_award_winners(by=request.user)
        self.message_user(request, _("%(count)d module(s) created from WeGO Awards winners.") % {"count": count})


# --- Investigations and what follows them -----------------------------------------------------------------


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
class InvestigationAdmin(ServiceDeleteMixin, ServiceActionsMixin, admin.ModelAdmin):
    """Read-only: cities answer on their pages; the Secretariat may recompute reports and delete drafts."""

    list_display = ["member", "year", "slot", "version", "status", "report_status", "submitted_at"]
    list_filter = ["status", "report_status", "year", "version"]
    search_fields = ["member__name"]
    list_select_related = ["member", "version"]
    inlines = [StakeholderInline, ReportInline]
    actions = ["recompute"]
    workflow = INVESTIGATION

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not obj.is_draft:
            return False  # a submitted investigation's results stay
        return super().has_delete_permission(request, obj)

    def delete_service(self, request, obj):
        services.investigation_delete(investigation=obj, by=request.user)

    @admin.action(description=_("Recompute the reports"))
    def recompute(self, request, queryset):
        self.run_workflow(
            request, queryset.select_related("member"), flow=INVESTIGATION, name="recompute",
            call=lambda investigation: services.reports_queue(investigation=investigation, by=request.user),
            done=lambda n: _("%d report computations queued.") % n,
        )


@admin.register(ActionItem)
class ActionItemAdmin(ServiceSaveMixin, ServiceActionsMixin, admin.ModelAdmin):
    """Proposed by the reports; the Secretariat may change the status (as the workflow allows), the
    official it is assigned to and the due date, through action_item_update."""

    list_display = ["code", "member", "status", "assignee", "due_on", "gap"]
    list_filter = ["status"]
    search_fields = ["member__name", "code", "title"]
    list_select_related = ["member", "assignee"]
    fields = ["member", "investigation", "code", "title", "baseline", "scale_max", "gap", "status", "assignee",
              "due_on", "done_at", "created_at"]
    readonly_fields = ["member", "investigation", "code", "title", "baseline", "scale_max", "gap", "done_at",
                       "created_at"]
    workflow = ACTION_ITEM

    def has_add_permission(self, request):
        return False  # proposed from an investigation's gaps

    def has_delete_permission(self, request, obj=None):
        return False  # dismissed, not deleted

    def save_model(self, request, obj, form, change):
        changed = set(form.changed_data)
        if not changed:
            return
        data = form.cleaned_data
        services.action_item_update(
            item=obj, by=request.user,
            status=data["status"] if "status" in changed else None,
            assignee=data["assignee"] if "assignee" in changed else None,
            clear_assignee="assignee" in changed and data["assignee"] is None,
            due_on=data["due_on"] if "due_on" in changed else None,
            clear_due_on="due_on" in changed and data["due_on"] is None,
        )


@admin.register(CedsProfile)
class CedsProfileAdmin(ServiceSaveMixin, admin.ModelAdmin):
    list_display = ["member", "share_results", "partner_opt_out"]

    def get_readonly_fields(self, request, obj=None):
        return ("member",) if obj is not None else ()

    def has_delete_permission(self, request, obj=None):
        return False  # a city's choices are changed, not removed

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        profile = services.profile_update(
            member=obj.member, share_results=data["share_results"], partner_opt_out=data["partner_opt_out"],
            by=request.user,
        )
        if not change:
            adopt_created(obj, profile)


# --- Forum moderation -----------------------------------------------------------------------------------


class ForumPostInline(admin.StackedInline):
    model = ForumPost
    extra = 0
    fields = ["body", "author", "member", "created_at"]
    readonly_fields = ["author", "member", "created_at"]


@admin.register(ForumTopic)
class ForumTopicAdmin(ServiceSaveMixin, ServiceDeleteMixin, admin.ModelAdmin):
    list_display = ["title", "kind", "member", "author", "created_at"]
    list_filter = ["kind"]
    search_fields = ["title", "body"]
    inlines = [ForumPostInline]
    fields = ["kind", "title", "body", "member", "author", "created_at", "last_post_at"]

    def get_readonly_fields(self, request, obj=None):
        return ("member", "author", "created_at", "last_post_at") if obj is not None else ("author", "created_at",
                                                                                           "last_post_at")

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            services.forum_topic_edit(topic=obj, title=data["title"], body=data["body"], kind=data["kind"],
                                      by=request.user)
            return
        adopt_created(obj, services.forum_topic_create(kind=data["kind"], title=data["title"], body=data["body"],
                                                member=data.get("member"), by=request.user))

    def save_formset(self, request, form, formset, change):
        topic = form.instance

        def save(post, changed):
            if post.pk is None:
                adopt_created(post, services.forum_post_create(topic=topic, body=post.body, member=None, by=request.user))
            else:
                services.forum_post_edit(post=post, body=post.body, by=request.user)

        save_inline(formset, save=save, delete=lambda post: services.forum_post_delete(post=post, by=request.user))

    def delete_service(self, request, obj):
        services.forum_topic_delete(topic=obj, by=request.user)
