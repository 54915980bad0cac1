"""The Secretariat's admin for membership.

- Lists with filters and search for every membership model.
- Transitions are admin actions that call the services (never set a status here); where the
  service needs input (a reason, a decision reference) an intermediate page asks for it. A refused
  transition shows the service's message for that object and the others go on.
- Regional-office staff (staff with a regional office, outside the Secretariat) see and manage the
  members of their office's regions only, and cannot move a member out of those regions.
- Members are imported and exported as CSV or Excel (see `members.resources`); the import is
  previewed as a dry run and can only be confirmed once every row is clean.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries import countries
from import_export.admin import ImportExportModelAdmin
from import_export.formats import base_formats
from rest_framework_api_key.admin import APIKeyModelAdmin
from rest_framework_api_key.models import APIKey

from wego.admin_actions import ServiceActionsMixin

from . import services
from .admin_forms import (
    AffiliationInlineFormSet,
    CommitteeApprovalForm,
    MemberAdminForm,
    RejectApplicationForm,
    SuspendForm,
)
from .models import (
    Affiliation,
    Invitation,
    Member,
    MembershipApplication,
    MembershipDecision,
    Partner,
    PartnerAPIKey,
    PartnerMOU,
    RegionalOffice,
    User,
    WithdrawalRequest,
)
from .permissions import is_secretariat
from .regions import COUNTRY_REGION, Region
from .resources import MemberResource
from .workflows import APPLICATION

# --- Who sees what --------------------------------------------------------------------------------


def request_is_secretariat(request) -> bool:
    """`permissions.is_secretariat` for the request's user, asked once per request."""
    if not hasattr(request, "_members_is_secretariat"):
        request._members_is_secretariat = bool(is_secretariat(request.user))
    return request._members_is_secretariat


def staff_regions(request) -> list[str] | None:
    """None for the Secretariat (every region); the regions of the user's office for other staff.

    Staff outside the Secretariat without a regional office get an empty list: they see no member.
    Cached on the request, since the admin asks several times per page.
    """
    if not hasattr(request, "_members_staff_regions"):
        user = request.user
        if request_is_secretariat(request):
            regions = None
        elif getattr(user, "regional_office_id", None):
            regions = list(user.regional_office.regions or [])
        else:
            regions = []
        request._members_staff_regions = regions
    return request._members_staff_regions


def countries_of(regions: Iterable[str]) -> list[str]:
    """The ISO codes of the countries in `regions`."""
    regions = set(regions)
    return sorted(code for code, region in COUNTRY_REGION.items() if region in regions)


class RegionScopedMixin:
    """Limit a list to the regions of a regional-office user; the Secretariat sees everything.

    `region_path` names the lookup to the member's WeGO region; objects without a region field
    (applications) set `country_path` instead and are filtered by the countries of those regions.
    """

    region_path: str | None = "member__region"
    country_path: str | None = None

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        regions = staff_regions(request)
        if regions is None:
            return qs
        if self.country_path:
            return qs.filter(**{f"{self.country_path}__in": countries_of(regions)})
        return qs.filter(**{f"{self.region_path}__in": regions})


class CountryListFilter(admin.SimpleListFilter):
    """The countries that occur in the list (not all 250 of them), by name."""

    title = _("country")
    parameter_name = "country"

    def lookups(self, request, model_admin):
        codes = model_admin.get_queryset(request).order_by().values_list("country", flat=True).distinct()
        return sorted(((str(code), countries.name(code) or code) for code in codes if code), key=lambda c: c[1])

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(country=self.value())
        return queryset


# --- Transitions as actions --------------------------------------------------------------------------


class TransitionActionsMixin(ServiceActionsMixin):
    """The membership admin's service actions, for the Secretariat only."""

    def has_secretariat_permission(self, request) -> bool:
        return request_is_secretariat(request)


# --- Users ------------------------------------------------------------------------------------------


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ("email",)
    list_display = ("email", "name", "is_staff", "is_active", "regional_office", "last_login")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups", "regional_office")
    list_select_related = ("regional_office",)
    search_fields = ("email", "name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("name", "preferred_language", "time_zone", "regional_office")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "name", "password1", "password2")}),)


# --- Members ----------------------------------------------------------------------------------------


class AffiliationInline(admin.TabularInline):
    """The member's officials. Changes go through the services; the last focal point stays."""

    model = Affiliation
    formset = AffiliationInlineFormSet
    extra = 0
    fields = ("user", "role", "title", "created_at")
    readonly_fields = ("created_at",)
    autocomplete_fields = ("user",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")


@admin.register(Member)
class MemberAdmin(TransitionActionsMixin, ImportExportModelAdmin):
    form = MemberAdminForm
    resource_classes = [MemberResource]
    import_formats = [base_formats.CSV, base_formats.XLSX]
    export_formats = [base_formats.CSV, base_formats.XLSX]
    import_error_display = ("message", "row")

    list_display = ("name", "kind", "country", "region", "category", "status", "joined_on", "regional_office")
    list_filter = ("status", "category", "kind", "region", CountryListFilter, "regional_office", "region_overridden")
    search_fields = ("name", "name_local", "slug")
    list_select_related = ("regional_office",)
    prepopulated_fields = {"slug": ("name",)}
    inlines = [AffiliationInline]
    actions = ["record_committee_approval", "suspend_members", "reinstate_members"]
    fieldsets = (
        (None, {"fields": ("name", "name_local", "slug", "kind", "description", "logo")}),
        (_("Place"), {"fields": ("country", "region", "region_overridden", "regional_office")}),
        (_("Population"), {"fields": ("population", "population_year", "population_source")}),
        (_("Contact"), {"fields": ("website", "official_languages")}),
        (_("Membership"), {
            "fields": ("category", "status", "joined_on", "withdrawn_on", "status_reason"),
            "description": _("Category and status change only through the actions of the member list "
                             "(Executive Committee approval, suspend, reinstate) and withdrawal requests."),
        }),
        (_("Record"), {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )

    # Who sees what

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        regions = staff_regions(request)
        return qs if regions is None else qs.filter(region__in=regions)

    def has_import_permission(self, request):
        return request_is_secretariat(request)

    def has_delete_permission(self, request, obj=None):
        # A member's history stays (withdrawal, not deletion); only a superuser may remove a record
        # entered by mistake.
        return bool(request.user.is_superuser)

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        regions = staff_regions(request)
        return obj is None or regions is None or obj.region in regions

    def get_readonly_fields(self, request, obj=None):
        readonly = ["region_overridden", "withdrawn_on", "status_reason", "created_at", "updated_at"]
        if obj is not None:
            readonly += ["status", "category"]
        return readonly

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        regions = staff_regions(request)
        if regions is not None:
            form = type(form.__name__, (form,), {"office_regions": regions})
            office_field = form.base_fields.get("regional_office")
            if office_field is not None:
                # Their own office, or the one the member already has.
                offices = {request.user.regional_office_id, getattr(obj, "regional_office_id", None)} - {None}
                office_field.queryset = RegionalOffice.objects.filter(pk__in=offices)
        return form

    # Writes through the services

    def save_model(self, request, obj, form, change):
        if not change:
            self._create_member(request, obj, form)
            return
        region_touched = bool({"region", "country"} & set(form.changed_data))
        wanted_region = form.requested_region() if region_touched else None
        if region_touched:
            obj.region = form.initial.get("region", "")  # member_set_region records the change
        services.member_save(member=obj, by=request.user, changed=list(form.changed_data))
        if region_touched:
            services.member_set_region(member=obj, region=wanted_region, by=request.user)

    def _create_member(self, request, obj, form):
        data = form.cleaned_data
        fields = {
            name: data[name]
            for name in (
                "name_local", "description", "population", "population_year", "population_source", "website",
                "official_languages", "joined_on", "category", "status", "regional_office",
            )
            if name in data
        }
        if data.get("logo"):
            fields["logo"] = data["logo"]
        if data.get("slug"):
            fields["slug"] = data["slug"]
        created = services.member_create(
            name=data["name"], country=str(data["country"]), kind=data["kind"], region=data.get("region") or None,
            by=request.user, **fields,
        )
        if created.regional_office_id is None:
            services.member_regional_office_assign(created)
        for field in Member._meta.concrete_fields:
            setattr(obj, field.attname, getattr(created, field.attname))
        obj._state.adding = False
        obj._state.db = created._state.db

    def save_formset(self, request, form, formset, change):
        if formset.model is not Affiliation:
            return super().save_formset(request, form, formset, change)
        self._save_officials(request, form.instance, formset)

    def _save_officials(self, request, member, formset):
        """Apply the inline's edits through the services: additions and promotions first, then
        demotions and removals, so that the member keeps a focal point all along."""
        added, retitled, promoted, demoted, removed = [], [], [], [], []
        changed_fields: dict[int, list[str]] = {}
        for f in formset.forms:
            if formset.can_delete and formset._should_delete_form(f):
                if f.instance.pk:
                    removed.append(f.instance.pk)
                continue
            if not f.has_changed() or not getattr(f, "cleaned_data", None):
                continue
            data = f.cleaned_data
            if f.instance.pk is None:
                added.append(data)
                continue
            changed_fields[f.instance.pk] = list(f.changed_data)
            if "title" in f.changed_data:
                retitled.append((f.instance.pk, data.get("title", "")))
            if "role" in f.changed_data:
                target = promoted if data["role"] == Affiliation.Role.FOCAL_POINT else demoted
                target.append((f.instance.pk, data["role"]))

        def fresh(pk):
            return Affiliation.objects.select_related("user", "member").get(pk=pk)

        # What construct_change_message() reads for the admin's history.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

        def run(step, record):
            try:
                result = step()
            except ValidationError as exc:
                for message in exc.messages:
                    self.message_user(request, message, level=messages.ERROR)
            else:
                record(result)

        for data in added:
            run(lambda d=data: services.affiliation_add(member=member, user=d["user"], role=d["role"],
                                                        title=d.get("title", ""), by=request.user),
                formset.new_objects.append)
        for pk, title in retitled:
            run(lambda p=pk, t=title: services.affiliation_set_title(affiliation=fresh(p), title=t, by=request.user),
                lambda a: None)
        for pk, role in promoted + demoted:
            run(lambda p=pk, r=role: services.affiliation_set_role(affiliation=fresh(p), role=r, by=request.user),
                lambda a: None)
        for pk in removed:
            affiliation = fresh(pk)
            run(lambda a=affiliation: services.affiliation_remove(affiliation=a, by=request.user),
                lambda _result, a=affiliation: formset.deleted_objects.append(a))
        for pk, names in changed_fields.items():
            formset.changed_objects.append((fresh(pk), names))

    # Actions

    def object_label(self, obj) -> str:
        return obj.name

    @admin.action(description=_("Record Executive Committee approval (Associate → Full, Friendship confirmed)"),
                  permissions=["secretariat"])
    def record_committee_approval(self, request, queryset):
        form, page = self.action_page(
            request, queryset, action="record_committee_approval",
            title=_("Record an Executive Committee approval"),
            intro=_("Active Associate cities and institutions become Full members; associations awaiting "
                    "confirmation become active Friendship members. Others are refused."),
            submit=_("Record the approval"), form_class=CommitteeApprovalForm,
        )
        if page:
            return page
        self.run_transition(
            request, queryset,
            lambda m: services.member_record_committee_approval(
                member=m, reference=form.cleaned_data["reference"], decided_on=form.cleaned_data["decided_on"],
                by=request.user,
            ),
            lambda n: ngettext("Executive Committee approval recorded for %(count)d member.",
                               "Executive Committee approval recorded for %(count)d members.", n) % {"count": n},
        )

    @admin.action(description=_("Suspend the selected members"), permissions=["secretariat"])
    def suspend_members(self, request, queryset):
        form, page = self.action_page(
            request, queryset, action="suspend_members", title=_("Suspend members"),
            intro=_("Suspended members keep their data but lose their rights until they are reinstated."),
            submit=_("Suspend"), form_class=SuspendForm,
        )
        if page:
            return page
        self.run_transition(
            request, queryset,
            lambda m: services.member_suspend(member=m, by=request.user, reason=form.cleaned_data["reason"]),
            lambda n: ngettext("%(count)d member suspended.", "%(count)d members suspended.", n) % {"count": n},
        )

    @admin.action(description=_("Reinstate the selected (suspended) members"), permissions=["secretariat"])
    def reinstate_members(self, request, queryset):
        form, page = self.action_page(
            request, queryset, action="reinstate_members", title=_("Reinstate members"),
            intro=_("The suspension of these members is lifted: they become active again."),
            submit=_("Reinstate"),
        )
        if page:
            return page
        self.run_transition(
            request, queryset,
            lambda m: services.member_reinstate(member=m, by=request.user),
            lambda n: ngettext("%(count)d member reinstated.", "%(count)d members reinstated.", n) % {"count": n},
        )

    # Import and export

    def get_import_data_kwargs(self, **kwargs):
        kwargs = super().get_import_data_kwargs(**kwargs)
        # Nothing is written unless every row is clean, also at the confirm step.
        kwargs["rollback_on_validation_errors"] = True
        return kwargs

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            self.message_user(
                request,
                _("Nothing was imported: the file has errors. Upload it again to see them in the preview."),
                level=messages.ERROR,
            )
            return HttpResponseRedirect(reverse("admin:members_member_import", current_app=self.admin_site.name))
        return super().process_result(result, request)


@admin.register(Affiliation)
class AffiliationAdmin(RegionScopedMixin, admin.ModelAdmin):
    """Who acts for which member, read-only: officials are managed on the member's page (and by
    its focal points), where the rule of one focal point at least is kept."""

    list_display = ("user", "member", "role", "title", "created_at")
    list_filter = ("role", "member__region")
    search_fields = ("user__email", "user__name", "member__name")
    list_select_related = ("user", "member")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RegionalOffice)
class RegionalOfficeAdmin(admin.ModelAdmin):
    list_display = ("name", "host", "regions_covered", "member_count", "opened_on", "contact_email")
    search_fields = ("name", "host")
    list_filter = ("opened_on",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_total=Count("members", distinct=True))

    @admin.display(description=_("regions covered"))
    def regions_covered(self, obj):
        return ", ".join(obj.region_labels())

    @admin.display(description=_("members"), ordering="member_total")
    def member_count(self, obj):
        return obj.member_total

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "regions":
            from django import forms

            return forms.TypedMultipleChoiceField(
                label=db_field.verbose_name, help_text=db_field.help_text, choices=Region.choices,
                widget=forms.CheckboxSelectMultiple, required=False,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


# --- Applications, decisions, withdrawals, invitations ------------------------------------------------


@admin.register(MembershipApplication)
class MembershipApplicationAdmin(TransitionActionsMixin, RegionScopedMixin, admin.ModelAdmin):
    """Applications are the applicant's: the Secretariat reads them and decides with the actions."""

    country_path = "country"
    list_display = ("name", "country", "kind", "status", "applicant", "submitted_at", "verification_due_on",
                    "decided_at", "member")
    list_filter = ("status", "kind", CountryListFilter, ("submitted_at", admin.DateFieldListFilter))
    search_fields = ("name", "name_local", "contact_name", "contact_email", "applicant__email", "applicant__name")
    list_select_related = ("applicant", "member")
    date_hierarchy = "submitted_at"
    actions = ["verify_applications", "accept_applications", "reject_applications"]
    workflow = APPLICATION

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def object_label(self, obj) -> str:
        return obj.name

    @admin.action(description=_("Mark the selected applications under verification as verified"),
                  permissions=["secretariat"])
    def verify_applications(self, request, queryset):
        form, page = self.action_page(
            request, queryset, action="verify_applications", title=_("Verify applications"),
            intro=_("These cities became Associate members when they submitted. Marking an application verified "
                    "records the Secretariat's check: the membership stands and the application can no longer "
                    "be rejected. The applicants are told by email."),
            submit=_("Mark as verified"),
        )
        if page:
            return page
        self.run_workflow(
            request, queryset, flow=APPLICATION, name="verify",
            call=lambda a: services.application_verify(application=a, by=request.user),
            done=lambda n: ngettext("%(count)d application verified.", "%(count)d applications verified.", n)
            % {"count": n},
        )

    @admin.action(description=_("Accept the selected applications"), permissions=["secretariat"])
    def accept_applications(self, request, queryset):
        form, page = self.action_page(
            request, queryset, action="accept_applications", title=_("Accept applications"),
            intro=_("For associations and companies (cities are Associate members from their submission: verify "
                    "those instead). Each organisation becomes a member (companies: Corporate; associations: "
                    "awaiting the Executive Committee's confirmation) and the applicant its focal point. The "
                    "applicants are told by email."),
            submit=_("Accept"),
        )
        if page:
            return page
        self.run_workflow(
            request, queryset, flow=APPLICATION, name="accept",
            call=lambda a: services.application_accept(application=a, by=request.user),
            done=lambda n: ngettext("%(count)d application accepted.", "%(count)d applications accepted.", n)
            % {"count": n},
        )

    @admin.action(description=_("Reject the selected applications (with a reason)"), permissions=["secretariat"])
    def reject_applications(self, request, queryset):
        form, page = self.action_page(
            request, queryset, action="reject_applications", title=_("Reject applications"),
            intro=_("The applicants are told by email, with the reason you give here. For a city under "
                    "verification, a rejection within the verification period also withdraws its Associate "
                    "membership; after the period it is refused (suspend the member instead)."),
            submit=_("Reject"), form_class=RejectApplicationForm,
        )
        if page:
            return page
        self.run_workflow(
            request, queryset, flow=APPLICATION, name="reject",
            call=lambda a: services.application_reject(application=a, by=request.user, reason=form.cleaned_data["reason"]),
            done=lambda n: ngettext("%(count)d application rejected.", "%(count)d applications rejected.", n)
            % {"count": n},
        )


@admin.register(MembershipDecision)
class MembershipDecisionAdmin(RegionScopedMixin, admin.ModelAdmin):
    """Executive Committee decisions, recorded by the approval action; history, so read-only."""

    list_display = ("member", "kind", "reference", "decided_on", "recorded_by", "recorded_at")
    list_filter = ("kind", ("decided_on", admin.DateFieldListFilter))
    search_fields = ("member__name", "reference")
    list_select_related = ("member", "recorded_by")
    date_hierarchy = "decided_on"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(WithdrawalRequest)
class WithdrawalRequestAdmin(TransitionActionsMixin, RegionScopedMixin, admin.ModelAdmin):
    """Focal points ask; the Secretariat confirms or cancels with the actions."""

    list_display = ("member", "status", "effective_on", "requested_by", "created_at", "decided_at", "decided_by")
    list_filter = ("status", ("effective_on", admin.DateFieldListFilter))
    search_fields = ("member__name", "requested_by__email", "reason")
    list_select_related = ("member", "requested_by", "decided_by")
    actions = ["confirm_withdrawals", "cancel_withdrawals"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def object_label(self, obj) -> str:
        return obj.member.name

    @admin.action(description=_("Confirm the selected withdrawals"), permissions=["secretariat"])
    def confirm_withdrawals(self, request, queryset):
        form, page = self.action_page(
            request, queryset.select_related("member"), action="confirm_withdrawals",
            title=_("Confirm withdrawals"),
            intro=_("These members are withdrawn from the effective date and leave the directory; their history "
                    "(records, invoices, results) stays."),
            submit=_("Confirm the withdrawals"),
        )
        if page:
            return page
        self.run_transition(
            request, queryset.select_related("member"),
            lambda w: services.withdrawal_confirm(request=w, by=request.user),
            lambda n: ngettext("%(count)d withdrawal confirmed.", "%(count)d withdrawals confirmed.", n)
            % {"count": n},
        )

    @admin.action(description=_("Cancel the selected withdrawal requests"), permissions=["secretariat"])
    def cancel_withdrawals(self, request, queryset):
        form, page = self.action_page(
            request, queryset.select_related("member"), action="cancel_withdrawals",
            title=_("Cancel withdrawal requests"),
            intro=_("The members stay; their focal points may ask again later."),
            submit=_("Cancel the requests"),
        )
        if page:
            return page
        self.run_transition(
            request, queryset.select_related("member"),
            lambda w: services.withdrawal_cancel(request=w, by=request.user),
            lambda n: ngettext("%(count)d withdrawal request cancelled.", "%(count)d withdrawal requests cancelled.",
                               n) % {"count": n},
        )


class InvitationStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("pending", _("Pending")), ("accepted", _("Accepted")), ("revoked", _("Revoked")),
                ("expired", _("Expired"))]

    def queryset(self, request, queryset):
        now = timezone.now()
        value = self.value()
        if value == "accepted":
            return queryset.filter(accepted_at__isnull=False)
        if value == "revoked":
            return queryset.filter(accepted_at__isnull=True, revoked_at__isnull=False)
        if value == "expired":
            return queryset.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__lte=now)
        if value == "pending":
            return queryset.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now)
        return queryset


@admin.register(Invitation)
class InvitationAdmin(TransitionActionsMixin, RegionScopedMixin, admin.ModelAdmin):
    """Invitations sent by focal points, read-only; the Secretariat may withdraw pending ones."""

    list_display = ("email", "member", "role", "state_label", "invited_by", "created_at", "expires_at")
    list_filter = (InvitationStateFilter, "role")
    search_fields = ("email", "member__name", "invited_by__email")
    list_select_related = ("member", "invited_by")
    exclude = ("token_hash",)
    actions = ["revoke_invitations"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def object_label(self, obj) -> str:
        return obj.email

    @admin.display(description=_("state"))
    def state_label(self, obj):
        return {"pending": _("Pending"), "accepted": _("Accepted"), "revoked": _("Revoked"),
                "expired": _("Expired")}[obj.state]

    @admin.action(description=_("Withdraw the selected invitations"), permissions=["secretariat"])
    def revoke_invitations(self, request, queryset):
        self.run_transition(
            request, queryset.select_related("member"),
            lambda i: services.invitation_revoke(invitation=i, by=request.user),
            lambda n: ngettext("%(count)d invitation withdrawn.", "%(count)d invitations withdrawn.", n)
            % {"count": n},
        )


# --- Partners ---------------------------------------------------------------------------------------


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
