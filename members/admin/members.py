"""The admin of member organisations, their officials and the regional offices that manage them.

Category and status change only through the member list's actions (Executive Committee approval,
suspend, reinstate), which call the services; the officials inline saves through the services too.
Members are imported and exported as CSV or Excel (see `members.resources`); the import is previewed as
a dry run and can only be confirmed once every row is clean.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportModelAdmin
from import_export.formats import base_formats

from .. import services
from ..admin_forms import AffiliationInlineFormSet, CommitteeApprovalForm, MemberAdminForm, SuspendForm
from ..models import Affiliation, Member, RegionalOffice
from ..regions import Region
from ..resources import MemberResource
from .shared import (
    CountryListFilter,
    RegionScopedMixin,
    TransitionActionsMixin,
    request_is_secretariat,
    staff_regions,
)

__all__ = ["AffiliationAdmin", "AffiliationInline", "MemberAdmin", "RegionalOfficeAdmin"]


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
            return forms.TypedMultipleChoiceField(
                label=db_field.verbose_name, help_text=db_field.help_text, choices=Region.choices,
                widget=forms.CheckboxSelectMultiple, required=False,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)
