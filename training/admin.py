"""The Secretariat's admin for training.

Every save goes through an audited service: programs and their partners (`program_save`), sessions
(`session_save`, which keeps the seat count right) and their agenda (`session_agenda_save`), the details
of applications (`application_update`) and of city requests (`training_request_update`); a service's
refusal is shown as a message (ServiceSaveMixin). Statuses are never edited by hand: transitions are
admin actions read from the declared workflows (training.workflows), one object at a time; an object
the table refuses gets its message and the rest go on.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wego.admin_actions import ServiceActionsMixin, ServiceSaveMixin

from . import services
from .models import (
    AgendaItem,
    Application,
    Attendance,
    Certificate,
    Feedback,
    Program,
    Session,
    SupportAttachment,
    SupportMessage,
    SupportRequest,
    TrainingRequest,
)
from .workflows import APPLICATION, SESSION, SUPPORT, TRAINING_REQUEST


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3, "cols": 70}))


class OptionalReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the applicant)"), required=False, widget=forms.Textarea(attrs={"rows": 3, "cols": 70})
    )


def _changed(form, editable) -> dict:
    """The editable fields the admin's form changed, with their new values."""
    return {name: form.cleaned_data[name] for name in form.changed_data if name in editable}


# --- Programs and sessions -------------------------------------------------------------------------------


@admin.register(Program)
class ProgramAdmin(ServiceSaveMixin, admin.ModelAdmin):
    list_display = ("name", "kind", "eligibility", "organiser", "regional_office", "session_count", "is_published")
    list_filter = ("kind", "eligibility", "format", "regional_office", "is_published", "topics", "partners")
    search_fields = ("name", "summary", "topic_notes", "organiser")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("partners", "topics")
    list_select_related = ("regional_office",)
    fieldsets = (
        (None, {"fields": ("name", "slug", "kind", "summary", "description", "topic_notes", "is_published")}),
        (_("Topics"), {"fields": ("topics",),
                       "description": _("From the portal's topic list: the CeDS gaps for which the program is offered.")}),
        (_("Organisation"), {"fields": ("organiser", "regional_office", "partners")}),
        (_("Who and how"), {"fields": ("eligibility", "target_participants", "prerequisites", "languages", "format",
                                       "duration_days", "location_note")}),
        (_("Cost"), {"fields": ("cost_amount", "cost_currency", "cost_note")}),
        (_("eGovFrame"), {"fields": ("accepts_city_requests", "offers_remote_support")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_sessions=Count("sessions"))

    @admin.display(description=_("sessions"), ordering="n_sessions")
    def session_count(self, obj):
        return obj.n_sessions

    def save_model(self, request, obj, form, change):
        services.program_save(program=obj, partners=form.cleaned_data.get("partners"),
                              topics=form.cleaned_data.get("topics"), by=request.user)

    def save_related(self, request, form, formsets, change):
        """The partners and topics are set by program_save (audited); a program has no inline."""


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ("day", "starts_at", "ends_at", "kind", "title", "place", "speaker")


@admin.register(Session)
class SessionAdmin(ServiceSaveMixin, ServiceActionsMixin, admin.ModelAdmin):
    list_display = ("title", "program", "starts_on", "ends_on", "mode", "status", "seats", "application_deadline")
    list_filter = ("status", "mode", "program", "program__kind")
    search_fields = ("title", "city", "venue", "program__name")
    date_hierarchy = "starts_on"
    list_select_related = ("program",)
    autocomplete_fields = ("host_member", "reserved_for")
    filter_horizontal = ("topics",)
    readonly_fields = ("seats_taken",)
    inlines = [AgendaItemInline]
    actions = ["publish_sessions", "allocate_seats", "issue_certificates", "cancel_sessions"]
    workflow = SESSION
    fieldsets = (
        (None, {"fields": ("program", "title", "description", "status")}),
        (_("Topics"), {"fields": ("topics",),
                       "description": _("Leave empty when the session teaches its program's topics.")}),
        (_("When and where"), {"fields": ("starts_on", "ends_on", "mode", "venue", "city", "country", "online_url",
                                          "host_member", "language")}),
        (_("Seats and applications"), {"fields": ("capacity", "seats_taken", "application_deadline", "reserved_for",
                                                  "nominations_per_member", "offer_hours", "attendance_threshold")}),
    )

    @admin.display(description=_("seats taken"))
    def seats(self, obj):
        return f"{obj.seats_taken} / {obj.capacity}"

    def get_readonly_fields(self, request, obj=None):
        # A session's status changes through the actions (publish, cancel), not by hand, once it exists.
        fields = super().get_readonly_fields(request, obj)
        return ("status", *fields) if obj else fields

    def save_model(self, request, obj, form, change):
        services.session_save(session=obj, topics=form.cleaned_data.get("topics"), by=request.user)

    def save_related(self, request, form, formsets, change):
        """The topics are set by session_save (audited), the agenda by save_formset: no form.save_m2m()."""
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        """The agenda is saved through session_agenda_save (audited); formset.save(commit=False) fills the
        lists the admin's change message reads."""
        saved = formset.save(commit=False)
        services.session_agenda_save(session=form.instance, saved=saved, deleted=formset.deleted_objects,
                                     by=request.user)

    @admin.action(description=_("Publish the selected sessions"))
    def publish_sessions(self, request, queryset):
        self.run_workflow(request, queryset, flow=SESSION, name="publish",
                          call=lambda s: services.session_publish(session=s, by=request.user),
                          done=lambda n: ngettext("%d session published.", "%d sessions published.", n) % n)

    @admin.action(description=_("Accept the nominated up to capacity, waiting list for the rest"))
    def allocate_seats(self, request, queryset):
        self.run_service(request, queryset, lambda s: services.session_allocate(session=s, by=request.user),
                         lambda n: ngettext("Seats allocated in %d session.", "Seats allocated in %d sessions.", n) % n)

    @admin.action(description=_("Issue the certificates of eligible participants"))
    def issue_certificates(self, request, queryset):
        self.run_service(request, queryset, lambda s: services.certificates_issue(session=s, by=request.user),
                         lambda n: ngettext("Certificates issued for %d session.", "Certificates issued for %d sessions.", n) % n)

    @admin.action(description=_("Cancel the selected sessions"))
    def cancel_sessions(self, request, queryset):
        form, page = self.action_page(
            request, queryset, action="cancel_sessions", title=_("Cancel sessions"),
            intro=_("Every open application is closed and its applicant told, with this reason."),
            submit=_("Cancel the sessions"), form_class=ReasonForm,
        )
        if page:
            return page
        self.run_workflow(request, queryset, flow=SESSION, name="cancel",
                          call=lambda s: services.session_cancel(session=s, by=request.user, reason=form.cleaned_data["reason"]),
                          done=lambda n: ngettext("%d session cancelled.", "%d sessions cancelled.", n) % n)
        return None


# --- Applications ----------------------------------------------------------------------------------------


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    fields = ("day", "present", "recorded_by", "recorded_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(ServiceSaveMixin, ServiceActionsMixin, admin.ModelAdmin):
    list_display = ("applicant", "member", "session", "status", "nomination_rank", "waitlist_position", "offer_expires_at", "submitted_at")
    list_filter = ("status", "session__program", "visa_needed", ("session", admin.RelatedOnlyFieldListFilter))
    search_fields = ("applicant__email", "applicant__name", "member__name", "session__title", "organisation")
    list_select_related = ("applicant", "member", "session")
    autocomplete_fields = ("applicant", "member")
    inlines = [AttendanceInline]
    actions = ["nominate", "accept", "waitlist", "decline", "cancel", "lapse_offers"]
    workflow = APPLICATION
    readonly_fields = (
        "session", "applicant", "member", "status", "submitted_at", "nominated_at", "nominated_by", "nomination_rank",
        "decided_at", "decided_by", "reason", "waitlist_position", "offered_at", "offer_expires_at", "accepted_at", "closed_at",
    )
    fieldsets = (
        (None, {"fields": ("session", "applicant", "member", "organisation", "job_title", "motivation", "prerequisites_confirmed")}),
        (_("Travel"), {"fields": ("dietary_needs", "accessibility_needs", "visa_needed", "nationality", "passport_name", "arrival_on", "departure_on")}),
        (_("Progress"), {"fields": readonly_fields[3:]}),
    )

    def has_add_permission(self, request):
        return False  # officials apply on the portal (the service checks eligibility)

    def save_model(self, request, obj, form, change):
        fields = _changed(form, services.APPLICATION_EDITABLE)
        if fields:
            services.application_update(application=obj, by=request.user, **fields)

    def _workflow(self, request, queryset, name, call, done):
        """Run `name` of the applications' table on each selected application, with its session loaded
        for the table's requirements."""
        self.run_workflow(request, queryset.select_related("session", "session__program"), flow=APPLICATION,
                          name=name, call=call, done=done)

    @admin.action(description=_("Nominate (for a member without a focal point)"))
    def nominate(self, request, queryset):
        self._workflow(request, queryset, "nominate", lambda a: services.application_nominate(application=a, by=request.user),
                       lambda n: ngettext("%d application nominated.", "%d applications nominated.", n) % n)

    @admin.action(description=_("Accept (give a seat)"))
    def accept(self, request, queryset):
        self._workflow(request, queryset.order_by("waitlist_position", "nomination_rank", "pk"), "accept",
                       lambda a: services.application_accept(application=a, by=request.user),
                       lambda n: ngettext("%d application accepted.", "%d applications accepted.", n) % n)

    @admin.action(description=_("Put on the waiting list"))
    def waitlist(self, request, queryset):
        self._workflow(request, queryset.order_by("nomination_rank", "nominated_at", "pk"), "waitlist",
                       lambda a: services.application_waitlist(application=a, by=request.user),
                       lambda n: ngettext("%d application put on the waiting list.", "%d applications put on the waiting list.", n) % n)

    @admin.action(description=_("Decline"))
    def decline(self, request, queryset):
        form, page = self.action_page(request, queryset, action="decline", title=_("Decline applications"),
                                      intro=_("A seat a declined applicant held goes to the waiting list."),
                                      submit=_("Decline"), form_class=OptionalReasonForm)
        if page:
            return page
        self._workflow(request, queryset, "decline",
                       lambda a: services.application_decline(application=a, by=request.user, reason=form.cleaned_data["reason"]),
                       lambda n: ngettext("%d application declined.", "%d applications declined.", n) % n)
        return None

    @admin.action(description=_("Cancel on the applicant's behalf"))
    def cancel(self, request, queryset):
        form, page = self.action_page(request, queryset, action="cancel", title=_("Cancel applications"),
                                      intro=_("For an applicant who told the Secretariat they cannot come."),
                                      submit=_("Cancel"), form_class=OptionalReasonForm)
        if page:
            return page
        self._workflow(request, queryset, "cancel",
                       lambda a: services.application_cancel(application=a, by=request.user, reason=form.cleaned_data["reason"]),
                       lambda n: ngettext("%d application cancelled.", "%d applications cancelled.", n) % n)
        return None

    @admin.action(description=_("Lapse offers past their deadline now"))
    def lapse_offers(self, request, queryset):
        # The portal's own transition (no one's button): the table names the state it starts from, the
        # service lapses only the offers past their deadline.
        offered = queryset.filter(status__in=APPLICATION.transition("offer_lapse").sources)
        lapsed = sum(1 for a in offered if services.offer_lapse(application_id=a.pk))
        self.message_user(request, ngettext("%d offer lapsed.", "%d offers lapsed.", lapsed) % lapsed)


@admin.register(TrainingRequest)
class TrainingRequestAdmin(ServiceSaveMixin, ServiceActionsMixin, admin.ModelAdmin):
    list_display = ("member", "program", "location", "preferred_start", "preferred_end", "participants_expected", "status", "session")
    list_filter = ("status", "location", "program")
    search_fields = ("member__name", "venue", "notes")
    list_select_related = ("member", "program", "session")
    readonly_fields = ("program", "member", "requested_by", "status", "session", "decided_by", "decided_at", "created_at")
    actions = ["schedule_as_requested", "decline_requests"]
    workflow = TRAINING_REQUEST

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        fields = _changed(form, services.TRAINING_REQUEST_EDITABLE)
        if fields:
            services.training_request_update(request=obj, by=request.user, **fields)

    @admin.action(description=_("Turn into a session at the requested place and dates"))
    def schedule_as_requested(self, request, queryset):
        form, page = self.action_page(
            request, queryset, action="schedule_as_requested", title=_("Schedule requested trainings"),
            intro=_("Each request becomes a published session at the city's preferred dates, with a seat per developer, "
                    "reserved for the city's officials. To agree other dates, use the training console."),
            submit=_("Create the sessions"),
        )
        if page:
            return page
        self.run_workflow(
            request, queryset, flow=TRAINING_REQUEST, name="schedule",
            call=lambda r: services.training_request_schedule(request=r, by=request.user, starts_on=r.preferred_start,
                                                              ends_on=r.preferred_end, capacity=r.participants_expected),
            done=lambda n: ngettext("%d session created.", "%d sessions created.", n) % n,
        )
        return None

    @admin.action(description=_("Decline"))
    def decline_requests(self, request, queryset):
        form, page = self.action_page(request, queryset, action="decline_requests", title=_("Decline requests"),
                                      intro=_("The city's focal point reads this note."), submit=_("Decline"), form_class=ReasonForm)
        if page:
            return page
        self.run_workflow(request, queryset, flow=TRAINING_REQUEST, name="decline",
                          call=lambda r: services.training_request_decline(request=r, by=request.user, note=form.cleaned_data["reason"]),
                          done=lambda n: ngettext("%d request declined.", "%d requests declined.", n) % n)
        return None


# --- Certificates, feedback, attendance ------------------------------------------------------------------


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Certificate)
class CertificateAdmin(ServiceActionsMixin, ReadOnlyAdmin):
    list_display = ("code", "participant_name", "session_title", "issued_at", "is_valid")
    list_filter = ("program_name", ("revoked_at", admin.EmptyFieldListFilter))
    search_fields = ("code", "participant_name", "organisation", "session_title")
    actions = ["revoke"]

    @admin.display(boolean=True, description=_("valid"))
    def is_valid(self, obj):
        return obj.revoked_at is None

    def has_delete_permission(self, request, obj=None):
        return False  # revoke instead: the public check must keep answering

    @admin.action(description=_("Revoke"))
    def revoke(self, request, queryset):
        form, page = self.action_page(request, queryset, action="revoke", title=_("Revoke certificates"),
                                      intro=_("The public check will say these certificates are not valid."),
                                      submit=_("Revoke"), form_class=ReasonForm)
        if page:
            return page
        self.run_service(request, queryset, lambda c: services.certificate_revoke(certificate=c, by=request.user, reason=form.cleaned_data["reason"]),
                         lambda n: ngettext("%d certificate revoked.", "%d certificates revoked.", n) % n)
        return None


@admin.register(Feedback)
class FeedbackAdmin(ReadOnlyAdmin):
    list_display = ("application", "overall", "content", "speakers", "organisation", "submitted_at")
    list_filter = ("application__session__program", "overall")
    list_select_related = ("application__applicant", "application__session")


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyAdmin):
    list_display = ("application", "day", "present", "recorded_by", "recorded_at")
    list_filter = ("present", "application__session")
    list_select_related = ("application__applicant", "application__session", "recorded_by")


# --- Remote support --------------------------------------------------------------------------------------


class SupportMessageInline(admin.StackedInline):
    model = SupportMessage
    extra = 0
    fields = ("author", "from_team", "body", "created_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SupportRequest)
class SupportRequestAdmin(ServiceActionsMixin, admin.ModelAdmin):
    list_display = ("subject", "requester", "member", "session", "status", "created_at", "first_response_at")
    list_filter = ("status", "session__program")
    search_fields = ("subject", "requester__email", "member__name")
    list_select_related = ("requester", "member", "session")
    readonly_fields = ("requester", "member", "session", "subject", "status", "created_at", "first_response_at",
                       "last_activity_at", "closed_at")
    inlines = [SupportMessageInline]
    actions = ["close"]
    workflow = SUPPORT

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        """Every field is read-only: a thread changes through support_reply and support_close only."""

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n=Count("messages", filter=Q(messages__from_team=True)))

    @admin.action(description=_("Close"))
    def close(self, request, queryset):
        self.run_workflow(request, queryset, flow=SUPPORT, name="close",
                          call=lambda r: services.support_close(request=r, by=request.user),
                          done=lambda n: ngettext("%d request closed.", "%d requests closed.", n) % n)


@admin.register(SupportAttachment)
class SupportAttachmentAdmin(ReadOnlyAdmin):
    list_display = ("name", "size", "message")
    list_select_related = ("message__request",)
