from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .admin_actions import ServiceSaveMixin
from .audit import action_label, declared_actions
from .models import AuditEntry, Topic
from .topics import topic_save


class AuditActionFilter(admin.SimpleListFilter):
    """Filter by action, listed by the labels the apps declared (the column stays a plain CharField)."""

    title = _("action")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        return sorted(declared_actions().items(), key=lambda pair: str(pair[1]).casefold())

    def queryset(self, request, queryset):
        value = self.value()
        return queryset.filter(action=value) if value else queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit log, read-only: nobody edits or deletes history."""

    list_display = ("created_at", "actor_label", "action_display", "target_type", "target_repr")
    list_filter = (
        AuditActionFilter,
        "target_type",
        ("created_at", admin.DateFieldListFilter),
        ("actor", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("action", "actor_label", "target_repr", "target_id")
    date_hierarchy = "created_at"
    list_select_related = ("target_type",)
    readonly_fields = (
        "created_at",
        "actor",
        "actor_label",
        "action",
        "target_type",
        "target_id",
        "target_repr",
        "data",
    )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("action"), ordering="action")
    def action_display(self, obj):
        return action_label(obj.action)

    @admin.display(description=_("target"))
    def target(self, obj):
        return obj.target_repr


@admin.register(Topic)
class TopicAdmin(ServiceSaveMixin, admin.ModelAdmin):
    """The topic vocabulary: the Secretariat adds, renames, orders and retires topics (audited)."""

    list_display = ("name", "code", "order", "is_active")
    list_editable = ()
    list_filter = ("is_active",)
    search_fields = ("name", "code", "description")
    fields = ("name", "code", "description", "order", "is_active")
    ordering = ("order", "name")

    def has_delete_permission(self, request, obj=None):
        # Retire a topic instead: the apps' links to it stay meaningful in their history.
        return False

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data.get(name) for name in ("code", "name", "description", "order", "is_active")}
        saved = topic_save(by=request.user, topic=obj if change else None, **data)
        obj.pk = saved.pk
        obj._state.adding = False
        obj.refresh_from_db()
