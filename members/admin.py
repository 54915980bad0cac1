from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from rest_framework_api_key.admin import APIKeyModelAdmin
from rest_framework_api_key.models import APIKey

from .models import Affiliation, Member, Partner, PartnerAPIKey, RegionalOffice, User
from .services import partner_key_create, partner_key_revoke


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ("email",)
    list_display = ("email", "name", "is_staff", "is_active", "regional_office", "last_login")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups", "regional_office")
    search_fields = ("email", "name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("name", "preferred_language", "time_zone", "regional_office")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "name", "password1", "password2")}),)


class AffiliationInline(admin.TabularInline):
    model = Affiliation
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "country", "region", "category", "status", "joined_on", "regional_office")
    list_filter = ("status", "category", "kind", "region", "regional_office")
    search_fields = ("name", "name_local", "slug")
    prepopulated_fields = {"slug": ("name",)}
    list_select_related = ("regional_office",)
    inlines = [AffiliationInline]


@admin.register(Affiliation)
class AffiliationAdmin(admin.ModelAdmin):
    list_display = ("user", "member", "role", "title", "created_at")
    list_filter = ("role",)
    search_fields = ("user__email", "user__name", "member__name")
    autocomplete_fields = ("user", "member")
    list_select_related = ("user", "member")


@admin.register(RegionalOffice)
class RegionalOfficeAdmin(admin.ModelAdmin):
    list_display = ("name", "host", "opened_on", "contact_email")
    search_fields = ("name", "host")


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
    list_display = ("name", "acronym", "kind", "mou_date", "is_public")
    list_filter = ("kind", "is_public")
    search_fields = ("name", "acronym")
    inlines = [PartnerAPIKeyInline]
    actions = ["issue_key"]

    @admin.action(description=_("Issue a new API key (shown once)"))
    def issue_key(self, request, queryset):
        for partner in queryset:
            key, raw = partner_key_create(partner=partner, by=request.user)
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
    actions = ["revoke_keys"]

    def save_model(self, request, obj, form=None, change=False):
        if change:
            return super().save_model(request, obj, form, change)
        key, raw = partner_key_create(
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
            partner_key_revoke(key=key, by=request.user)
            count += 1
        self.message_user(request, _("%(count)d key(s) revoked.") % {"count": count})


# The library registers its own key model; partners' keys are the only keys of this portal.
if admin.site.is_registered(APIKey):
    admin.site.unregister(APIKey)
