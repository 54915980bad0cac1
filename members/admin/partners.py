"""The admin of partners, their MOUs and their API keys (a raw key is shown once, when issued)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from rest_framework_api_key.admin import APIKeyModelAdmin
from rest_framework_api_key.models import APIKey

from .. import services
from ..models import Partner, PartnerAPIKey, PartnerMOU

__all__ = ["PartnerAPIKeyAdmin", "PartnerAPIKeyInline", "PartnerAdmin", "PartnerMOUInline"]


class PartnerMOUInline(admin.StackedInline):
    model = PartnerMOU
    extra = 0
    fields = ("signed_on", "title", "scope", "document")


class PartnerAPIKeyInline(admin.TabularInline):
    model = PartnerAPIKey
    extra = 0
    fields = ("prefix", "name", "scopes", "created", "expiry_date", "revoked")
    readonly_fields = ("prefix", "name", "scopes", "created", "expiry_date", "revoked")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ("name", "acronym", "kind", "mou_date", "mou_count", "is_public")
    list_filter = ("kind", "is_public")
    search_fields = ("name", "acronym")
    inlines = [PartnerMOUInline, PartnerAPIKeyInline]
    actions = ["issue_key"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(mou_total=Count("mous", distinct=True))

    @admin.display(description=_("MOUs"), ordering="mou_total")
    def mou_count(self, obj):
        return obj.mou_total

    @admin.action(description=_("Issue a new API key (shown once)"))
    def issue_key(self, request, queryset):
        for partner in queryset:
            key, raw = services.partner_key_create(partner=partner, by=request.user)
            self.message_user(
                request,
                _("New key for %(partner)s — copy it now, it will not be shown again: %(key)s")
                % {"partner": partner.name, "key": raw},
                level=messages.WARNING,
            )


@admin.register(PartnerAPIKey)
class PartnerAPIKeyAdmin(APIKeyModelAdmin):
    list_display = [*APIKeyModelAdmin.list_display, "partner"]
    list_filter = [*APIKeyModelAdmin.list_filter, "partner"]
    search_fields = [*APIKeyModelAdmin.search_fields, "partner__name"]
    list_select_related = ["partner"]
    actions = ["revoke_keys"]

    def save_model(self, request, obj, form=None, change=False):
        if change:
            return super().save_model(request, obj, form, change)
        key, raw = services.partner_key_create(
            partner=obj.partner, name=obj.name, scopes=obj.scopes, expiry=obj.expiry_date, by=request.user
        )
        obj.pk, obj.id, obj.prefix = key.pk, key.pk, key.prefix
        self.message_user(
            request,
            _("The API key for %(partner)s is: %(key)s — store it somewhere safe: it will not be shown again.")
            % {"partner": key.partner.name, "key": raw},
            level=messages.WARNING,
        )

    @admin.action(description=_("Revoke the selected keys"))
    def revoke_keys(self, request, queryset):
        count = 0
        for key in queryset.filter(revoked=False).select_related("partner"):
            services.partner_key_revoke(key=key, by=request.user)
            count += 1
        self.message_user(request, _("%(count)d key(s) revoked.") % {"count": count})


# The library registers its own key model; partners' keys are the only keys of this portal.
if admin.site.is_registered(APIKey):
    admin.site.unregister(APIKey)
