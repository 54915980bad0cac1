from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit log, read-only: nobody edits or deletes history."""

    list_display = ("created_at", "actor_label", "action", "target_type", "target_repr")
    list_filter = ("action", "target_type", ("created_at", admin.DateFieldListFilter), ("actor", admin.RelatedOnlyFieldListFilter))
    search_fields = ("action", "actor_label", "target_repr", "target_id")
    date_hierarchy = "created_at"
    list_select_related = ("target_type",)
    readonly_fields = ("created_at", "actor", "actor_label", "action", "target_type", "target_id", "target_repr", "data")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("target"))
    def target(self, obj):
        return obj.target_repr
