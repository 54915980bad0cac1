"""The Secretariat's admin for the WeGO Awards.

- Phase changes, the ranking method, screening, assignments, voiding and winners are admin
  actions that call the services (never a status set here); where a service needs input (a
  reason) an intermediate page asks for it. A refused action shows the service's message for
  that object and the others go on. Phase changes and screening are read from the declared
  workflows (awards.workflows): the table refuses an object first, with its message.
- Scores, shortlists, finalists, tie decisions, votes and prizes are read-only records: they
  change only through the services (the judge's form, the console, the actions below).
- Categories and criteria are edited inline on their edition until judging opens; each change
  goes through the services (and is audited). A category's topics (what its practices help with,
  for the gap-to-help router) are edited on the category's own page, in any phase.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from members.permissions import is_secretariat
from wego.admin_actions import ServiceActionsMixin, ServiceSaveMixin

from . import services
from .models import (
    Assignment,
    Category,
    Criterion,
    Edition,
    Entry,
    EntryDocument,
    EntryImage,
    Finalist,
    Judge,
    Prize,
    Score,
    Shortlist,
    TieDecision,
    Vote,
)
from .workflows import EDITION, ENTRY


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 4, "cols": 70}),
        error_messages={"required": _("Give the reason: it is kept with the record.")},
    )


class SecretariatOnly:
    """The Awards admin is the Secretariat's (staff of regional offices do not see it)."""

    def has_module_permission(self, request):
        return is_secretariat(request.user)

    def has_view_permission(self, request, obj=None):
        return is_secretariat(request.user)


class ReadOnlyAdmin(SecretariatOnly, admin.ModelAdmin):
    """A record that only services write."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- Editions -----------------------------------------------------------------------------------------


class _EditableBeforeJudging:
    def _editable(self, obj) -> bool:
        return obj is None or obj.ranking_method_editable

    def has_add_permission(self, request, obj=None):
        return self._editable(obj) and is_secretariat(request.user)

    def has_change_permission(self, request, obj=None):
        return self._editable(obj) and is_secretariat(request.user)

    def has_delete_permission(self, request, obj=None):
        return self._editable(obj) and is_secretariat(request.user)


class _RenameCheckedFormSet(forms.BaseInlineFormSet):
    """A row may not take a name (or code) another row of the edition holds until that row is saved
    under a new one: the services change the rows one by one, so a swap in one save would collide.
    Refused on the form, next to the rows, instead of an error page."""

    checked_fields = ("name",)

    def clean(self):
        super().clean()
        deleted = {form.instance.pk for form in self.deleted_forms if form.instance.pk}
        held = {
            (name, getattr(row, name)): row.pk
            for row in self.model.objects.filter(edition=self.instance).exclude(pk__in=deleted)
            for name in self.checked_fields
        }
        errors = []
        for form in self.forms:
            if form in self.deleted_forms or not form.has_changed() or not hasattr(form, "cleaned_data"):
                continue
            for name in self.checked_fields:
                value = form.cleaned_data.get(name)
                holder = held.get((name, value))
                if holder is not None and holder != form.instance.pk and name in form.changed_data:
                    errors.append(
                        _("“%(value)s” is still the %(field)s of another row: give that row a new one and save first.")
                        % {"value": value, "field": self.model._meta.get_field(name).verbose_name}
                    )
        if errors:
            raise forms.ValidationError(errors)


class _CategoryFormSet(_RenameCheckedFormSet):
    checked_fields = ("code", "name")


def _topic_names(category) -> str:
    return ", ".join(t.name for t in category.topics.all()) or "—"


class CategoryInline(_EditableBeforeJudging, admin.TabularInline):
    model = Category
    formset = _CategoryFormSet
    extra = 0
    fields = ("order", "code", "name", "description", "topic_names")
    readonly_fields = ("topic_names",)
    show_change_link = True  # the category's page, where its topics are edited

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("topics")

    @admin.display(description=_("topics"))
    def topic_names(self, obj):
        return _topic_names(obj) if obj.pk else "—"


class CriterionInline(_EditableBeforeJudging, admin.TabularInline):
    model = Criterion
    formset = _RenameCheckedFormSet
    extra = 0
    fields = ("order", "name", "description")


def _transition_action(name: str, label):
    """The admin action of one phase change of the table: the table refuses first, then the service."""
    def action(modeladmin, request, queryset):
        modeladmin.run_workflow(
            request, queryset, flow=EDITION, name=name,
            call=lambda edition: services.edition_transition(edition=edition, transition=name, by=request.user),
            done=lambda n: ngettext("%(n)d edition moved on.", "%(n)d editions moved on.", n) % {"n": n},
        )

    action.__name__ = f"transition_{name}"
    action.short_description = label  # type: ignore[attr-defined]
    return action


@admin.register(Edition)
class EditionAdmin(SecretariatOnly, ServiceActionsMixin, admin.ModelAdmin):
    list_display = ("year", "title", "status", "ranking_method", "application_end", "announcement_on", "console")
    list_filter = ("status",)
    search_fields = ("title", "general_assembly")
    inlines = [CategoryInline, CriterionInline]
    readonly_fields = ("status", "ranking_method_fixed_at", "anomalies_reviewed_at", "anomalies_reviewed_by",
                       "anomalies_note", "winners_decided_at", "results_published_at")
    fieldsets = (
        (None, {"fields": ("year", "title", "general_assembly", "description", "status")}),
        (_("Phase dates"), {"fields": ("application_start", "application_end", "eligibility_end", "judging_start",
                                       "judging_end", "voting_start", "voting_end", "announcement_on")}),
        (_("Rules"), {"fields": ("ranking_method", "ranking_method_fixed_at", "vote_tie_rule")}),
        (_("Results"), {"fields": ("anomalies_reviewed_at", "anomalies_reviewed_by", "anomalies_note",
                                   "winners_decided_at", "results_published_at")}),
    )
    actions = [*(_transition_action(t.name, t.label) for t in EDITION), "use_normalised", "use_raw_mean",
               "decide_winners"]
    workflow = EDITION

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))  # with "What can be done now" (the workflow)
        if obj is not None:
            fields += ["year", "ranking_method"]  # the method changes through its action (refused once fixed)
        return fields

    @admin.display(description=_("console"))
    def console(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("awards_staff:edition", args=[obj.year]), _("open"))

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in services.EDITION_FIELDS if name in form.cleaned_data}
        if change:
            services.edition_update(edition=obj, by=request.user, data=data)
        else:
            created = services.edition_create(
                year=form.cleaned_data["year"], ranking_method=form.cleaned_data["ranking_method"], by=request.user,
                **data,
            )
            obj.pk = created.pk
            obj._state.adding = False
            obj.refresh_from_db()

    def save_formset(self, request, form, formset, change):
        """Categories and criteria change through the services (audited, refused once judging opens).

        The formset is not saved itself, so the lists the admin's change message reads are filled here."""
        edition = form.instance
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for inline_form in formset.deleted_forms:
            if inline_form.instance.pk:
                formset.deleted_objects.append(inline_form.instance)
                if isinstance(inline_form.instance, Category):
                    services.category_remove(category=inline_form.instance, by=request.user)
                else:
                    services.criterion_remove(criterion=inline_form.instance, by=request.user)
        for inline_form in formset.forms:
            if inline_form in formset.deleted_forms or not inline_form.has_changed():
                continue
            obj = inline_form.instance
            data = inline_form.cleaned_data
            if obj.pk is None:
                if isinstance(obj, Category):
                    created = services.category_add(
                        edition=edition, code=data["code"], name=data["name"], description=data.get("description", ""),
                        order=data.get("order"), by=request.user,
                    )
                else:
                    created = services.criterion_add(
                        edition=edition, name=data["name"], description=data.get("description", ""),
                        order=data.get("order"), by=request.user,
                    )
                formset.new_objects.append(created)
            else:
                # The form has already set the new values on its instance: hand the service a fresh row.
                row = type(obj).objects.get(pk=obj.pk)
                changes = {name: data[name] for name in inline_form.changed_data if name in data}
                if isinstance(obj, Category):
                    updated = services.category_update(category=row, data=changes, by=request.user)
                else:
                    updated = services.criterion_update(criterion=row, data=changes, by=request.user)
                formset.changed_objects.append((updated, inline_form.changed_data))

    @admin.action(description=_("Rank by the normalised score"))
    def use_normalised(self, request, queryset):
        self._method(request, queryset, "normalised")

    @admin.action(description=_("Rank by the raw mean"))
    def use_raw_mean(self, request, queryset):
        self._method(request, queryset, "raw_mean")

    def _method(self, request, queryset, method):
        self.run_service(
            request, queryset,
            lambda e: services.edition_set_ranking_method(edition=e, method=method, by=request.user),
            lambda n: ngettext("Ranking method set for %(n)d edition.", "Ranking method set for %(n)d editions.", n) % {"n": n},
        )

    @admin.action(description=_("Decide the winners (after the anomaly review)"))
    def decide_winners(self, request, queryset):
        self.run_service(
            request, queryset, lambda e: services.winners_decide(edition=e, by=request.user),
            lambda n: ngettext("Winners decided for %(n)d edition.", "Winners decided for %(n)d editions.", n) % {"n": n},
        )


CATEGORY_FIELDS = ("code", "name", "description", "order")


@admin.register(Category)
class CategoryAdmin(SecretariatOnly, ServiceSaveMixin, admin.ModelAdmin):
    """A category's page: its topics may change in any phase; its code, name, description and order
    until judging opens. Categories are added and removed on their edition."""

    list_display = ("name", "edition", "code", "order", "topic_names")
    list_filter = ("edition",)
    list_select_related = ("edition",)
    search_fields = ("name", "code")
    fields = ("edition", "code", "name", "description", "order", "topics")
    filter_horizontal = ("topics",)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("topics")

    @admin.display(description=_("topics"))
    def topic_names(self, obj):
        return _topic_names(obj)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not obj.edition.ranking_method_editable:
            return ("edition", *CATEGORY_FIELDS)
        return ("edition",)

    def has_add_permission(self, request):
        return False  # on the edition's page (category_add)

    def has_delete_permission(self, request, obj=None):
        return False  # on the edition's page (category_remove, before judging)

    def has_change_permission(self, request, obj=None):
        return is_secretariat(request.user)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        changes = {name: data[name] for name in form.changed_data if name in CATEGORY_FIELDS}
        topics = list(data["topics"]) if "topics" in form.changed_data else None
        if changes or topics is not None:
            # The form has already set the new values on its instance: hand the service a fresh row.
            services.category_update(category=Category.objects.get(pk=obj.pk), data=changes, topics=topics,
                                     by=request.user)

    def save_related(self, request, form, formsets, change):
        """The topics are set by category_update (audited)."""


# --- Entries -----------------------------------------------------------------------------------------


class EntryImageInline(admin.TabularInline):
    model = EntryImage
    extra = 0
    fields = ("image", "caption")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class EntryDocumentInline(EntryImageInline):
    model = EntryDocument
    fields = ("file", "title")
    readonly_fields = fields


@admin.register(Entry)
class EntryAdmin(SecretariatOnly, ServiceActionsMixin, admin.ModelAdmin):
    list_display = ("title", "organisation_name", "country", "edition", "category", "status", "submitted_at")
    list_filter = ("edition", "status", "category__code", ("member", admin.EmptyFieldListFilter))
    search_fields = ("title", "organisation_name", "applicant__email")
    list_select_related = ("edition", "category")
    readonly_fields = [f.name for f in Entry._meta.fields if f.name not in ("id",)]
    inlines = [EntryImageInline, EntryDocumentInline]
    actions = ["mark_eligible", "mark_ineligible"]
    workflow = ENTRY

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Screening: eligible"))
    def mark_eligible(self, request, queryset):
        self.run_workflow(
            request, queryset, flow=ENTRY, name="screen",
            call=lambda e: services.entry_screen(entry=e, eligible=True, by=request.user),
            done=lambda n: ngettext("%(n)d entry is eligible.", "%(n)d entries are eligible.", n) % {"n": n},
        )

    @admin.action(description=_("Screening: not eligible (with a reason)"))
    def mark_ineligible(self, request, queryset):
        form, page = self.action_page(
            request, queryset, action="mark_ineligible", title=_("Not eligible"),
            intro=_("The applicants read this reason in an email and on their entry."), submit=_("Record"),
            form_class=ReasonForm,
        )
        if page:
            return page
        self.run_workflow(
            request, queryset, flow=ENTRY, name="screen",
            call=lambda e: services.entry_screen(entry=e, eligible=False, reason=form.cleaned_data["reason"],
                                                 by=request.user),
            done=lambda n: ngettext("%(n)d entry is not eligible.", "%(n)d entries are not eligible.", n) % {"n": n},
        )
        return None


# --- Judging -----------------------------------------------------------------------------------------


@admin.register(Judge)
class JudgeAdmin(SecretariatOnly, admin.ModelAdmin):
    """Judges are appointed on the console's judges page (the service checks the edition's phase)."""

    list_display = ("user", "edition", "city", "country", "affiliation")
    list_filter = ("edition",)
    search_fields = ("user__email", "user__name", "city")
    list_select_related = ("user", "edition")
    readonly_fields = ("edition", "user", "member", "city", "country")
    fields = ("edition", "user", "member", "city", "country", "affiliation", "categories")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        """The affiliation changes through the service (audited); the other fields are read-only here."""
        if "affiliation" in form.changed_data:
            services.judge_update(judge=obj, affiliation=form.cleaned_data["affiliation"], by=request.user)

    def save_related(self, request, form, formsets, change):
        services.judge_set_categories(judge=form.instance, categories=form.cleaned_data["categories"], by=request.user)


@admin.register(Assignment)
class AssignmentAdmin(ServiceActionsMixin, ReadOnlyAdmin):
    list_display = ("entry", "judge", "status", "assigned_at", "submitted_at")
    list_filter = ("status", "judge__edition", "entry__category__code")
    search_fields = ("entry__title", "judge__user__email")
    list_select_related = ("entry", "judge__user")
    actions = ["remove"]

    @admin.action(description=_("Take the entry back from the judge (not once submitted)"))
    def remove(self, request, queryset):
        self.run_service(
            request, queryset, lambda a: services.assignment_remove(assignment=a, by=request.user),
            lambda n: ngettext("%(n)d assignment removed.", "%(n)d assignments removed.", n) % {"n": n},
        )


@admin.register(Score)
class ScoreAdmin(ReadOnlyAdmin):
    list_display = ("entry", "judge", "criterion", "score", "submitted_at")
    list_filter = ("entry__edition", "criterion__name")
    search_fields = ("entry__title", "judge__user__email")
    list_select_related = ("entry", "judge__user", "criterion")


# --- Results -----------------------------------------------------------------------------------------


class FinalistInline(admin.TabularInline):
    model = Finalist
    extra = 0
    fields = ("position", "entry", "judging_score", "via_tie_decision")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Shortlist)
class ShortlistAdmin(ReadOnlyAdmin):
    list_display = ("category", "edition", "ranking_method", "published_at", "published_by")
    list_filter = ("edition",)
    inlines = [FinalistInline]


@admin.register(TieDecision)
class TieDecisionAdmin(ReadOnlyAdmin):
    list_display = ("category", "boundary_score", "decided_by", "decided_at", "reason")
    list_filter = ("category__edition",)


@admin.register(Vote)
class VoteAdmin(ServiceActionsMixin, ReadOnlyAdmin):
    list_display = ("entry", "category", "user", "email_domain", "created_at", "voided_at", "void_reason")
    list_filter = ("edition", "category__code", ("voided_at", admin.EmptyFieldListFilter))
    search_fields = ("user__email", "email_domain", "entry__title")
    list_select_related = ("entry", "category", "user")
    date_hierarchy = "created_at"
    actions = ["void"]

    @admin.action(description=_("Void the votes (with a reason)"))
    def void(self, request, queryset):
        form, page = self.action_page(
            request, queryset, action="void", title=_("Void votes"),
            intro=_("Voided votes stay on record with this reason and no longer count."), submit=_("Void"),
            form_class=ReasonForm,
        )
        if page:
            return page
        self.run_service(
            request, queryset, lambda v: services.vote_void(vote=v, reason=form.cleaned_data["reason"], by=request.user),
            lambda n: ngettext("%(n)d vote voided.", "%(n)d votes voided.", n) % {"n": n},
        )
        return None


@admin.register(Prize)
class PrizeAdmin(ReadOnlyAdmin):
    list_display = ("entry", "kind", "category", "edition", "votes", "tie_note", "certificate")
    list_filter = ("edition", "kind")
    list_select_related = ("entry", "category", "edition")

    @admin.display(description=_("certificate"))
    def certificate(self, obj):
        return format_html('<a href="{}">PDF</a>', reverse("awards:certificate", args=[obj.pk]))
