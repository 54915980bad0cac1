"""The Secretariat's admin for feasibility studies.

Lists with filters and search for every model. Statuses are read-only here: transitions are admin
actions that call the services (where a service needs input, a message or a reason, an
intermediate page asks for it). A refusal is shown for its object and the others go on.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wego.admin_actions import ServiceActionsMixin as BaseServiceActionsMixin
from wego.admin_actions import ServiceSaveMixin, adopt_created

from . import services
from .models import (
    Call,
    CallDocument,
    Deliverable,
    DeliverableDocument,
    EconomicAnalysis,
    EconomicYear,
    ImplementationReport,
    LetterOfIntent,
    Milestone,
    Project,
    ProjectConsultant,
    ProjectOutcome,
    Review,
    Reviewer,
    Theme,
    ThemeRanking,
    ThemeRankingEntry,
    ThemeSurvey,
)
from .workflows import CALL, IMPLEMENTATION_REPORT, LETTER, PROJECT, REVIEW, SURVEY

ACTION_TEMPLATE = "feasibility/admin/action_message.html"


class MessageForm(forms.Form):
    message = forms.CharField(label=_("Message to the city"), widget=forms.Textarea(attrs={"rows": 4}))


class OptionalMessageForm(forms.Form):
    message = forms.CharField(label=_("Message to the city"), required=False, widget=forms.Textarea(attrs={"rows": 4}))


class ServiceActionsMixin(BaseServiceActionsMixin):
    """The portal's service actions, with this app's page that asks for a message to the city.

    A transition's action runs through `run_workflow`: the declared table (feasibility.workflows)
    refuses an object in the wrong state, or missing what the step needs, with its message; the
    others go on through the service. `workflow` adds "What can be done now" to the change page.
    """

    action_template = ACTION_TEMPLATE
    run_each = BaseServiceActionsMixin.run_service
    ask = BaseServiceActionsMixin.action_page


# --- Thematic priorities -------------------------------------------------------------------------


@admin.register(Theme)
class ThemeAdmin(ServiceSaveMixin, admin.ModelAdmin):
    list_display = ("name", "topic_names")
    search_fields = ("name", "description")
    filter_horizontal = ("topics",)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("topics")

    @admin.display(description=_("topics"))
    def topic_names(self, obj):
        return ", ".join(t.name for t in obj.topics.all()) or "—"

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        topics = list(data.get("topics") or [])
        if change:
            services.theme_update(theme=obj, name=data["name"], description=data.get("description", ""),
                                  topics=topics, by=request.user)
        else:
            adopt_created(obj, services.theme_create(name=data["name"], description=data.get("description", ""),
                                                     topics=topics, by=request.user))

    def save_related(self, request, form, formsets, change):
        """The topics are set by the services (theme_create, theme_update, audited); there is no inline."""


class RankingEntryInline(admin.TabularInline):
    model = ThemeRankingEntry
    extra = 0
    can_delete = False
    readonly_fields = ("theme", "position")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ThemeRanking)
class ThemeRankingAdmin(admin.ModelAdmin):
    list_display = ("survey", "member", "submitted_by", "submitted_at")
    list_filter = ("survey",)
    search_fields = ("member__name",)
    list_select_related = ("survey", "member", "submitted_by")
    readonly_fields = ("survey", "member", "submitted_by", "submitted_at")
    inlines = [RankingEntryInline]

    def has_add_permission(self, request):
        return False  # members rank on the portal (ranking_submit)


@admin.register(ThemeSurvey)
class ThemeSurveyAdmin(ServiceSaveMixin, ServiceActionsMixin, admin.ModelAdmin):
    list_display = ("title", "year", "status", "closes_at", "chosen_theme")
    list_filter = ("status", "year")
    search_fields = ("title",)
    filter_horizontal = ("themes",)
    readonly_fields = ("status", "chosen_theme", "opened_at", "decided_at", "created_by", "created_at")
    actions = ["open_surveys", "close_surveys"]
    workflow = SURVEY

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            fields = {name: data[name] for name in form.changed_data if name in services.SURVEY_EDITABLE}
            if fields:
                services.survey_update(survey=obj, by=request.user, **fields)
            return
        adopt_created(obj, services.survey_create(
            title=data["title"], year=data["year"], themes=data["themes"], description=data.get("description", ""),
            closes_at=data.get("closes_at"), by=request.user,
        ))

    def save_related(self, request, form, formsets, change):
        """The themes are set by the services (survey_create, survey_update); there is no inline."""

    @admin.action(description=_("Open the selected surveys to focal points"))
    def open_surveys(self, request, queryset):
        self.run_workflow(request, queryset, flow=SURVEY, name="open",
                          call=lambda s: services.survey_open(survey=s, by=request.user),
                          done=lambda n: ngettext("%d survey opened.", "%d surveys opened.", n) % n)

    @admin.action(description=_("Close the selected surveys"))
    def close_surveys(self, request, queryset):
        self.run_workflow(request, queryset, flow=SURVEY, name="close",
                          call=lambda s: services.survey_close(survey=s, by=request.user),
                          done=lambda n: ngettext("%d survey closed.", "%d surveys closed.", n) % n)


# --- Calls, letters, reviews --------------------------------------------------------------------


class AddOnlyInline(admin.TabularInline):
    """New rows go through a service; saved rows are shown read-only (no service edits or removes them)."""

    extra = 0
    can_delete = False

    def has_change_permission(self, request, obj=None):
        return False


class CallDocumentInline(AddOnlyInline):
    model = CallDocument
    fields = ("title", "file", "uploaded_at")
    readonly_fields = ("uploaded_at",)


class ReviewerInline(AddOnlyInline):
    model = Reviewer
    fields = ("user", "kind", "country", "added_at")
    readonly_fields = ("added_at",)
    autocomplete_fields = ("user",)


CALL_EDITABLE = services.CALL_EDITABLE


@admin.register(Call)
class CallAdmin(ServiceSaveMixin, ServiceActionsMixin, admin.ModelAdmin):
    list_display = ("title", "year", "theme", "status", "opens_at", "closes_at", "cities_to_select")
    list_filter = ("status", "year", "theme")
    search_fields = ("title", "description")
    list_select_related = ("theme",)
    filter_horizontal = ("topics",)
    readonly_fields = ("status", "published_at", "decided_at", "created_by", "created_at")
    inlines = [CallDocumentInline, ReviewerInline]
    actions = ["publish_calls", "assign_reviews", "decide_calls"]
    workflow = CALL

    def get_readonly_fields(self, request, obj=None):
        # Once created, a call keeps its year, theme and survey (call_update changes the rest); a decided
        # call keeps everything but its topics (what it helped with).
        fields = (*super().get_readonly_fields(request, obj), *(("year", "theme", "survey") if obj else ()))
        if obj is not None and obj.status == Call.Status.DECIDED:
            fields = (*fields, *(name for name in CALL_EDITABLE if name not in fields))
        return fields

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            fields = {name: data[name] for name in form.changed_data if name in CALL_EDITABLE}
            topics = list(data["topics"]) if "topics" in form.changed_data else None
            if fields or topics is not None:
                services.call_update(call=obj, by=request.user, topics=topics, **fields)
            return
        adopt_created(obj, services.call_create(
            year=data["year"], title=data["title"], theme=data["theme"], description=data["description"],
            opens_at=data["opens_at"], closes_at=data["closes_at"], cities_to_select=data["cities_to_select"],
            survey=data.get("survey"), topics=list(data.get("topics") or []), by=request.user,
        ))

    def save_related(self, request, form, formsets, change):
        """The topics are set by the services (call_create, call_update, audited); the inlines by save_formset."""
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        """New documents and reviewers go through call_document_add and reviewer_add (audited)."""
        call = form.instance
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for inline_form in formset.extra_forms:
            if not inline_form.has_changed() or inline_form in formset.deleted_forms:
                continue
            data = inline_form.cleaned_data
            if formset.model is CallDocument:
                created = services.call_document_add(call=call, title=data["title"], file=data["file"], by=request.user)
            else:
                created = services.reviewer_add(call=call, user=data["user"], country=data.get("country", ""),
                                                kind=data.get("kind") or None, by=request.user)
            formset.new_objects.append(created)

    @admin.action(description=_("Publish the selected calls"))
    def publish_calls(self, request, queryset):
        self.run_workflow(request, queryset, flow=CALL, name="publish",
                          call=lambda c: services.call_publish(call=c, by=request.user),
                          done=lambda n: ngettext("%d call published.", "%d calls published.", n) % n)

    @admin.action(description=_("Assign the submitted letters to the panel (skipping conflicts)"))
    def assign_reviews(self, request, queryset):
        self.run_each(request, queryset, lambda c: services.reviews_assign_automatically(call=c, by=request.user),
                      lambda n: ngettext("Letters assigned for %d call.", "Letters assigned for %d calls.", n) % n)

    @admin.action(description=_("Close the selection of the selected calls"))
    def decide_calls(self, request, queryset):
        self.run_workflow(request, queryset, flow=CALL, name="decide",
                          call=lambda c: services.call_decide(call=c, by=request.user),
                          done=lambda n: ngettext("%d call decided.", "%d calls decided.", n) % n)


@admin.register(LetterOfIntent)
class LetterOfIntentAdmin(ServiceActionsMixin, admin.ModelAdmin):
    list_display = ("member", "call", "status", "submitted_at", "decided_at")
    list_filter = ("status", "call")
    search_fields = ("member__name", "call__title")
    list_select_related = ("member", "call")
    readonly_fields = (
        "call", "member", "status", "created_by", "created_at", "updated_at", "submitted_by", "submitted_at",
        "decided_by", "decided_at", "decision_message",
    )
    actions = ["select_letters", "reject_letters"]
    workflow = LETTER

    def has_add_permission(self, request):
        return False  # members write their letters on the portal

    @admin.action(description=_("Select the cities of the selected letters"))
    def select_letters(self, request, queryset):
        form, page = self.ask(
            request, queryset, action="select_letters", title=_("Select these cities"),
            intro=_("Each selected letter becomes a feasibility study project; the city is told by email."),
            submit=_("Select"), form_class=OptionalMessageForm,
        )
        if page:
            return page
        self.run_workflow(
            request, queryset, flow=LETTER, name="select",
            call=lambda letter: services.letter_select(letter=letter, by=request.user,
                                                       message=form.cleaned_data["message"]),
            done=lambda n: ngettext("%d city selected.", "%d cities selected.", n) % n,
        )
        return None

    @admin.action(description=_("Decline the selected letters"))
    def reject_letters(self, request, queryset):
        form, page = self.ask(
            request, queryset, action="reject_letters", title=_("Decline these letters"),
            intro=_("The cities receive this message by email."), submit=_("Decline"), form_class=MessageForm,
        )
        if page:
            return page
        self.run_workflow(
            request, queryset, flow=LETTER, name="reject",
            call=lambda letter: services.letter_reject(letter=letter, by=request.user,
                                                       message=form.cleaned_data["message"]),
            done=lambda n: ngettext("%d letter declined.", "%d letters declined.", n) % n,
        )
        return None


@admin.register(Reviewer)
class ReviewerAdmin(admin.ModelAdmin):
    list_display = ("user", "call", "kind", "country")
    list_filter = ("kind", "call")
    search_fields = ("user__email", "user__name")
    list_select_related = ("user", "call")
    autocomplete_fields = ("user",)


@admin.register(Review)
class ReviewAdmin(ServiceActionsMixin, admin.ModelAdmin):
    list_display = ("letter", "reviewer", "status", "mean", "submitted_at")
    list_filter = ("status", "letter__call")
    search_fields = ("letter__member__name", "reviewer__user__email")
    list_select_related = ("letter__member", "letter__call", "reviewer__user")
    readonly_fields = [f.name for f in Review._meta.fields if f.name != "id"]
    workflow = REVIEW

    def has_add_permission(self, request):
        return False  # assignments go through the call's panel (review_assign)

    @admin.display(description=_("mean score"))
    def mean(self, obj):
        return f"{obj.mean:.2f}" if obj.mean is not None else "—"


# --- Projects ----------------------------------------------------------------------------------------


class ConsultantInline(admin.TabularInline):
    model = ProjectConsultant
    extra = 0
    autocomplete_fields = ("user",)


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


class DeliverableInline(admin.TabularInline):
    model = Deliverable
    extra = 0
    fields = ("component", "part", "status", "owner", "due_on")
    readonly_fields = ("component", "part")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class OutcomeInline(admin.TabularInline):
    model = ProjectOutcome
    extra = 0
    autocomplete_fields = ("member",)


class ImplementationReportInline(admin.TabularInline):
    model = ImplementationReport
    extra = 0
    fields = ("year_number", "due_on", "status", "submitted_at", "reminders_sent")
    readonly_fields = ("year_number", "status", "submitted_at", "reminders_sent")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Project)
class ProjectAdmin(ServiceActionsMixin, admin.ModelAdmin):
    list_display = ("title", "beneficiary", "status", "funding_partner", "starts_on", "published_at")
    list_filter = ("status", "funding_partner", "letter__call__year")
    search_fields = ("title", "beneficiary__name")
    list_select_related = ("beneficiary", "funding_partner")
    readonly_fields = (
        "letter", "beneficiary", "status", "started_at", "draft_report_at", "final_report_at", "closed_at",
        "consent_at", "consent_by", "published_at", "created_at",
    )
    inlines = [ConsultantInline, MilestoneInline, DeliverableInline, OutcomeInline, ImplementationReportInline]
    actions = ["start", "draft_report", "final_report", "follow_up", "close", "publish", "unpublish"]
    workflow = PROJECT

    def has_add_permission(self, request):
        return False  # a project is born of a selected letter (letter_select)

    def _move(self, request, queryset, name):
        self.run_workflow(
            request, queryset, flow=PROJECT, name=name,
            call=lambda p: services.TRANSITION_SERVICES[name](project=p, by=request.user),
            done=lambda n: ngettext("%d project moved on.", "%d projects moved on.", n) % n,
        )

    @admin.action(description=_("Start the study"))
    def start(self, request, queryset):
        self._move(request, queryset, "start")

    @admin.action(description=_("Deliver the draft report"))
    def draft_report(self, request, queryset):
        self._move(request, queryset, "draft_report")

    @admin.action(description=_("Deliver the final report (attached on the project)"))
    def final_report(self, request, queryset):
        self._move(request, queryset, "final_report")

    @admin.action(description=_("Begin the two-year follow-up"))
    def follow_up(self, request, queryset):
        self._move(request, queryset, "follow_up")

    @admin.action(description=_("Close the projects"))
    def close(self, request, queryset):
        self._move(request, queryset, "close")

    @admin.action(description=_("Publish in the library (city's consent needed)"))
    def publish(self, request, queryset):
        self.run_each(request, queryset, lambda p: services.project_publish(project=p, by=request.user),
                      lambda n: ngettext("%d study published.", "%d studies published.", n) % n)

    @admin.action(description=_("Take out of the library"))
    def unpublish(self, request, queryset):
        self.run_each(request, queryset, lambda p: services.project_unpublish(project=p, by=request.user),
                      lambda n: ngettext("%d study unpublished.", "%d studies unpublished.", n) % n)


@admin.register(Deliverable)
class DeliverableAdmin(admin.ModelAdmin):
    list_display = ("project", "component", "part", "status", "owner", "due_on")
    list_filter = ("component", "status")
    search_fields = ("project__title",)
    list_select_related = ("project", "owner")
    readonly_fields = ("project", "component", "part")


@admin.register(DeliverableDocument)
class DeliverableDocumentAdmin(admin.ModelAdmin):
    list_display = ("title", "deliverable", "uploaded_by", "uploaded_at")
    list_select_related = ("deliverable__project", "uploaded_by")
    search_fields = ("title",)


class EconomicYearInline(admin.TabularInline):
    model = EconomicYear
    extra = 0


@admin.register(EconomicAnalysis)
class EconomicAnalysisAdmin(admin.ModelAdmin):
    list_display = ("project", "discount_rate", "start_year", "currency", "updated_at")
    list_select_related = ("project",)
    inlines = [EconomicYearInline]
    readonly_fields = ("updated_by", "updated_at")


@admin.register(ImplementationReport)
class ImplementationReportAdmin(ServiceActionsMixin, admin.ModelAdmin):
    list_display = ("project", "year_number", "due_on", "status", "submitted_at", "reminders_sent")
    list_filter = ("status", "year_number")
    list_select_related = ("project",)
    readonly_fields = ("project", "year_number", "status", "submitted_by", "submitted_at", "last_reminded_at",
                       "reminders_sent")
    workflow = IMPLEMENTATION_REPORT
