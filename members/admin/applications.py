"""The admin of membership applications, Executive Committee decisions, withdrawal requests and
invitations: read-only lists whose transitions are actions calling the services (the applications'
from the workflow table, members.workflows)."""

from __future__ import annotations

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .. import services
from ..admin_forms import RejectApplicationForm
from ..models import Invitation, MembershipApplication, MembershipDecision, WithdrawalRequest
from ..workflows import APPLICATION
from .shared import CountryListFilter, RegionScopedMixin, TransitionActionsMixin

__all__ = [
    "InvitationAdmin",
    "InvitationStateFilter",
    "MembershipApplicationAdmin",
    "MembershipDecisionAdmin",
    "WithdrawalRequestAdmin",
]


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
