"""The Secretariat's admin for governance.

Transitions of votes and host bids are admin actions read from the declared tables
(governance.workflows, through wego.admin_actions.ServiceActionsMixin.run_workflow): each selected object
is checked by the table, then the service carries the step out; a refusal shows its message for that
object and the others go on. Ballots, voter records, the roll and the
election log are read-only here: they are written by the voting services only. Plain records
(assemblies, meetings, agenda items, documents, seats typed in from the archives) are saved through
`services.record_save`, which validates and audits them.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from members.permissions import is_secretariat
from wego.admin_actions import ServiceActionsMixin

from . import services
from .models import (
    AgendaItem,
    Attendance,
    Candidacy,
    Decision,
    Election,
    ElectionLogEntry,
    ExecutiveCommitteeSeat,
    GeneralAssembly,
    HostBid,
    Meeting,
    MeetingDocument,
    Motion,
    OfficeTerm,
    OpenBallot,
    RollEntry,
    SecretBallot,
    VoterRecord,
)
from .verification import verify_election
from .workflows import ELECTION, HOST_BID


class SecretariatOnlyMixin:
    """Governance is run by the Secretariat (regional-office staff do not see it)."""

    def has_module_permission(self, request):
        return is_secretariat(request.user)

    def has_view_permission(self, request, obj=None):
        return is_secretariat(request.user)

    def has_add_permission(self, request, *args):
        return is_secretariat(request.user)

    def has_change_permission(self, request, obj=None):
        return is_secretariat(request.user)

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyMixin(SecretariatOnlyMixin):
    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ServiceSaveMixin:
    """Save through services.record_save (validation and audit)."""

    def save_model(self, request, obj, form, change):
        services.record_save(instance=obj, by=request.user, changed=list(form.changed_data))

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            services.record_save(instance=instance, by=request.user)
        formset.save_m2m()


# --- Bodies ----------------------------------------------------------------------------------------


class HostBidInline(SecretariatOnlyMixin, admin.TabularInline):
    model = HostBid
    extra = 0
    fields = ["member", "submitted_on", "status", "decided_on", "proposal"]
    readonly_fields = ["status", "decided_on"]
    autocomplete_fields = ["member"]


@admin.register(GeneralAssembly)
class GeneralAssemblyAdmin(SecretariatOnlyMixin, ServiceSaveMixin, admin.ModelAdmin):
    list_display = ["number", "year", "host", "place", "starts_on", "ends_on"]
    search_fields = ["place", "host__name", "theme"]
    list_select_related = ["host"]
    readonly_fields = ["host"]
    inlines = [HostBidInline]

    def save_formset(self, request, form, formset, change):
        """New bids go through host_bid_submit (a Full member, no confirmed host yet)."""
        for bid in formset.save(commit=False):
            if bid.pk:
                services.record_save(instance=bid, by=request.user)
            else:
                services.host_bid_submit(general_assembly=form.instance, member=bid.member, by=request.user,
                                         proposal=bid.proposal)


@admin.register(HostBid)
class HostBidAdmin(SecretariatOnlyMixin, ServiceSaveMixin, ServiceActionsMixin, admin.ModelAdmin):
    list_display = ["member", "general_assembly", "submitted_on", "status", "decided_on"]
    list_filter = ["status", "general_assembly"]
    list_select_related = ["member", "general_assembly"]
    readonly_fields = ["status", "decided_on"]
    autocomplete_fields = ["member"]
    actions = ["confirm"]
    workflow = HOST_BID

    @admin.action(description=_("Confirm as host (the member becomes Executive Vice President City)"))
    def confirm(self, request, queryset):
        self.run_workflow(request, queryset.select_related("general_assembly", "member"), flow=HOST_BID, name="confirm",
                          call=lambda bid: services.host_bid_confirm(bid=bid, by=request.user),
                          done=lambda n: _("%(count)d host bid(s) confirmed.") % {"count": n})


@admin.register(OfficeTerm)
class OfficeTermAdmin(SecretariatOnlyMixin, admin.ModelAdmin):
    list_display = ["office", "member", "basis", "term_start", "term_end", "general_assembly"]
    list_filter = ["office", "basis"]
    search_fields = ["member__name"]
    list_select_related = ["member", "general_assembly"]
    autocomplete_fields = ["member"]
    readonly_fields = ["election", "host_bid", "recorded_at"]

    def save_model(self, request, obj, form, change):
        if change:
            services.record_save(instance=obj, by=request.user, changed=list(form.changed_data))
            return
        if obj.office == OfficeTerm.Office.VICE_PRESIDENT and obj.basis == OfficeTerm.Basis.APPOINTED:
            saved = services.vice_president_appoint(
                member=obj.member, by=request.user, term_start=obj.term_start, term_end=obj.term_end,
                nomination_reference=obj.nomination_reference, appointment_reference=obj.appointment_reference,
                appointed_on=obj.appointed_on,
            )
        else:
            saved = services.office_term_record(
                office=obj.office, member=obj.member, basis=obj.basis, term_start=obj.term_start, term_end=obj.term_end,
                by=request.user, general_assembly=obj.general_assembly, nomination_reference=obj.nomination_reference,
                appointment_reference=obj.appointment_reference, appointed_on=obj.appointed_on,
            )
        obj.pk = saved.pk


@admin.register(ExecutiveCommitteeSeat)
class ExecutiveCommitteeSeatAdmin(SecretariatOnlyMixin, admin.ModelAdmin):
    list_display = ["member", "term_start", "term_end", "general_assembly", "election"]
    list_filter = ["general_assembly"]
    search_fields = ["member__name"]
    list_select_related = ["member", "general_assembly", "election"]
    autocomplete_fields = ["member"]
    readonly_fields = ["election"]

    def save_model(self, request, obj, form, change):
        if change:
            services.record_save(instance=obj, by=request.user, changed=list(form.changed_data))
            return
        seat = services.committee_seat_record(
            member=obj.member, term_start=obj.term_start, term_end=obj.term_end, by=request.user,
            general_assembly=obj.general_assembly, note=obj.note,
        )
        obj.pk = seat.pk


class AgendaItemInline(SecretariatOnlyMixin, admin.TabularInline):
    model = AgendaItem
    extra = 0


class MeetingDocumentInline(SecretariatOnlyMixin, admin.TabularInline):
    model = MeetingDocument
    extra = 0
    fields = ["title", "agenda_item", "file"]


class AttendanceInline(SecretariatOnlyMixin, admin.TabularInline):
    model = Attendance
    extra = 0
    autocomplete_fields = ["member", "delegate"]


class DecisionInline(SecretariatOnlyMixin, admin.TabularInline):
    model = Decision
    extra = 0
    fields = ["number", "agenda_item", "text", "decided_on", "motion"]
    readonly_fields = ["number", "motion"]


@admin.register(Meeting)
class MeetingAdmin(SecretariatOnlyMixin, ServiceSaveMixin, admin.ModelAdmin):
    list_display = ["title", "body", "kind", "date", "place", "status"]
    list_filter = ["body", "kind", "status"]
    search_fields = ["title", "place"]
    date_hierarchy = "date"
    inlines = [AgendaItemInline, MeetingDocumentInline, AttendanceInline, DecisionInline]

    def save_formset(self, request, form, formset, change):
        if formset.model is not Decision:
            return super().save_formset(request, form, formset, change)
        for instance in formset.save(commit=False):
            if instance.pk:
                services.record_save(instance=instance, by=request.user)
            else:
                services.decision_record(meeting=form.instance, text=instance.text, decided_on=instance.decided_on,
                                         agenda_item=instance.agenda_item, by=request.user)


# --- Votes -----------------------------------------------------------------------------------------


class CandidacyInline(ReadOnlyMixin, admin.TabularInline):
    model = Candidacy
    extra = 0
    fields = ["member", "status", "filed_by", "filed_at", "statement"]
    readonly_fields = fields


class MotionInline(ReadOnlyMixin, admin.StackedInline):
    model = Motion
    extra = 0
    readonly_fields = ["kind", "text", "threshold", "subject_member", "host_bid", "agenda_item"]


class ElectionAdminForm(forms.ModelForm):
    """Checks the service's preconditions up front, so that a refused save never reaches the service."""

    class Meta:
        model = Election
        fields = [
            "title", "kind", "office_name", "description", "general_assembly", "meeting", "seats", "secrecy", "tie_rule",
            "quorum_base_rule", "voting_opens_at", "voting_closes_at", "term_start", "term_end",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "kind" in self.fields:
            self.fields["kind"].choices = [c for c in Election.Kind.choices if c[0] != Election.Kind.MOTION]

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == Election.Kind.OFFICE and not data.get("office_name"):
            self.add_error("office_name", _("Name the office to be filled."))
        if kind == Election.Kind.EXECUTIVE_COMMITTEE and not 1 <= (data.get("seats") or 0) <= services.EXECUTIVE_COMMITTEE_MAX:
            self.add_error("seats", _("The Executive Committee has between 1 and 20 seats."))
        if kind == Election.Kind.PRESIDENT:
            data["seats"] = 1
        return data


ELECTION_EDITABLE = ElectionAdminForm.Meta.fields


@admin.register(Election)
class ElectionAdmin(SecretariatOnlyMixin, ServiceActionsMixin, admin.ModelAdmin):
    form = ElectionAdminForm
    list_display = ["title", "kind", "status", "outcome", "voting_closes_at", "quorum_base_rule", "roll_size", "voters_count",
                    "quorum_met"]
    list_filter = ["status", "kind", "secrecy", "quorum_base_rule", "outcome"]
    search_fields = ["title"]
    list_select_related = ["general_assembly"]
    inlines = [MotionInline, CandidacyInline]
    actions = ["open_nominations", "freeze_roll", "open_voting", "close_voting", "tally", "certify", "publish",
               "recount", "verify"]
    workflow = ELECTION
    COMPUTED = [
        "status", "runoff_of", "roll_frozen_at", "standing_year", "roll_size", "full_members_at_freeze", "members_at_freeze",
        "members_in_good_standing_at_freeze", "quorum_base",
        "roll_hash", "voters_count", "quorum_met", "outcome", "result", "result_hash", "tie_seed", "ballots_digest",
        "closed_at", "tallied_at", "certified_at", "certified_by", "published_at", "outcome_applied_at", "created_by",
        "created_at", "log_length", "log_head_hash",
    ]

    def get_readonly_fields(self, request, obj=None):
        # The mixin's "What can be done now" (the table's options for this election), then ours: the
        # settings stay editable while the table allows changing them (a draft).
        what_next = list(super().get_readonly_fields(request, obj))
        if obj is None or ELECTION.refusal(obj, "update") is None:
            return self.COMPUTED + what_next
        return self.COMPUTED + ELECTION_EDITABLE + what_next

    def get_fields(self, request, obj=None):
        return ELECTION_EDITABLE + (self.COMPUTED if obj else [])

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in ELECTION_EDITABLE if name in form.cleaned_data}
        try:
            if change:
                services.election_update(election=obj, by=request.user, **data)
            else:
                title, kind = data.pop("title"), data.pop("kind")
                created = services.election_create(title=title, kind=kind, by=request.user,
                                                   **{k: v for k, v in data.items() if v not in (None, "")})
                obj.pk = created.pk
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), level=messages.ERROR)

    def _transition(self, request, queryset, name: str, service, done):
        """The table's transition `name` on each selected vote, carried out by `service`."""
        self.run_workflow(request, queryset, flow=ELECTION, name=name,
                          call=lambda e: service(election=e, by=request.user), done=lambda n: done % {"count": n})

    @admin.action(description=_("Open nominations"))
    def open_nominations(self, request, queryset):
        self._transition(request, queryset, "open_nominations", services.election_open_nominations,
                         _("Nominations opened for %(count)d vote(s)."))

    @admin.action(description=_("Freeze the roll"))
    def freeze_roll(self, request, queryset):
        self._transition(request, queryset, "freeze_roll", services.election_freeze_roll,
                         _("Roll frozen for %(count)d vote(s)."))

    @admin.action(description=_("Open voting"))
    def open_voting(self, request, queryset):
        self._transition(request, queryset, "open_voting", services.election_open_voting,
                         _("Voting opened for %(count)d vote(s)."))

    @admin.action(description=_("Close voting (after the end of the window)"))
    def close_voting(self, request, queryset):
        self._transition(request, queryset, "close_voting", services.election_close_voting,
                         _("Voting closed for %(count)d vote(s)."))

    @admin.action(description=_("Tally"))
    def tally(self, request, queryset):
        self._transition(request, queryset, "tally", services.election_tally, _("%(count)d vote(s) tallied."))

    @admin.action(description=_("Certify the result"))
    def certify(self, request, queryset):
        self._transition(request, queryset, "certify", services.election_certify, _("%(count)d result(s) certified."))

    @admin.action(description=_("Publish the result"))
    def publish(self, request, queryset):
        self._transition(request, queryset, "publish", services.election_publish, _("%(count)d result(s) published."))

    @admin.action(description=_("Recount from the stored ballots"))
    def recount(self, request, queryset):
        for election in queryset:
            try:
                matches, _result = services.election_recount(election=election, by=request.user)
            except ValidationError as exc:
                self.message_user(request, f"{election}: {' '.join(exc.messages)}", level=messages.ERROR)
                continue
            if matches:
                self.message_user(request, _("%(e)s: the recount matches the tally.") % {"e": election}, level=messages.SUCCESS)
            else:
                self.message_user(request, _("%(e)s: the recount DIFFERS from the tally.") % {"e": election}, level=messages.ERROR)

    @admin.action(description=_("Verify the log, the roll, the ballots and the tally"))
    def verify(self, request, queryset):
        for election in queryset:
            problems = verify_election(election)
            if problems:
                self.message_user(request, f"{election}: " + "; ".join(problems), level=messages.ERROR)
            else:
                self.message_user(request, _("%(e)s: verified.") % {"e": election}, level=messages.SUCCESS)


@admin.register(Candidacy)
class CandidacyAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["member", "election", "status", "filed_by", "filed_at"]
    list_filter = ["status"]
    search_fields = ["member__name", "election__title"]
    list_select_related = ["member", "election", "filed_by"]


@admin.register(RollEntry)
class RollEntryAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["member_name", "region", "election"]
    list_filter = ["election"]
    search_fields = ["member_name"]
    list_select_related = ["election"]


@admin.register(VoterRecord)
class VoterRecordAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["member", "election", "voted_at", "ballot_version", "cast_by"]
    list_filter = ["election"]
    search_fields = ["member__name"]
    list_select_related = ["member", "election", "cast_by"]
    exclude = ["receipt_hash"]


@admin.register(OpenBallot)
class OpenBallotAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["receipt", "member", "election", "cast_at", "counted"]
    list_filter = ["election", "counted"]
    search_fields = ["receipt", "member__name"]
    list_select_related = ["member", "election"]


@admin.register(SecretBallot)
class SecretBallotAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["receipt", "election", "counted"]
    list_filter = ["election", "counted"]
    search_fields = ["receipt"]
    list_select_related = ["election"]
    ordering = ["election", "receipt"]


@admin.register(ElectionLogEntry)
class ElectionLogEntryAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["election", "seq", "created_at", "action", "actor_label", "entry_hash"]
    list_filter = ["action"]
    search_fields = ["election__title", "entry_hash"]
    list_select_related = ["election"]
    ordering = ["election", "seq"]

