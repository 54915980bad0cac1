"""Admin of fee schedules, fee runs, invoices, payments, donations and other revenue.

Writes go through finance.services; the intermediate pages and per-object error reporting
come from wego.admin_actions; the actions are the Secretariat's.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from members.models import Member
from members.permissions import is_secretariat
from wego.admin_actions import ServiceActionsMixin, admin_action_add

from . import fees, services
from .models import (
    CountryTier,
    Donation,
    FeeAmount,
    FeeRun,
    FeeSchedule,
    Invoice,
    OtherRevenue,
    Payment,
    PopulationBand,
)
from .selectors import invoice_list_with_balance


class SecretariatActionsMixin(ServiceActionsMixin):
    """Service actions (`allowed_permissions = ("secretariat",)`) for the Secretariat only."""

    def has_secretariat_permission(self, request) -> bool:
        return bool(is_secretariat(request.user))

# --- Fee schedules -----------------------------------------------------------------------------------


class CountryTierInline(admin.TabularInline):
    model = CountryTier
    extra = 0


class PopulationBandInline(admin.TabularInline):
    model = PopulationBand
    extra = 0


class FeeAmountInline(admin.TabularInline):
    model = FeeAmount
    extra = 0
    fields = ("tier", "band", "amount")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        schedule_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
        if db_field.name in ("tier", "band") and schedule_id:
            model = CountryTier if db_field.name == "tier" else PopulationBand
            kwargs["queryset"] = model.objects.filter(schedule_id=schedule_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class CopyScheduleForm(forms.Form):
    year = forms.IntegerField(label=_("Copy to year"), min_value=2000, max_value=2100)


@admin.register(FeeSchedule)
class FeeScheduleAdmin(SecretariatActionsMixin, admin.ModelAdmin):
    list_display = ("year", "status", "associate_rule", "associate_percent", "friendship_fee", "corporate_fee",
                    "institution_fee", "grid_link")
    list_filter = ("status",)
    inlines = [CountryTierInline, PopulationBandInline, FeeAmountInline]
    actions = ["adopt", "copy_to_year"]
    readonly_fields = ("status",)

    @admin.display(description=_("grid"))
    def grid_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("finance:fee-grid-year", args=[obj.year]), _("show the grid"))

    def save_model(self, request, obj, form, change):
        services.fee_schedule_save(schedule=obj, by=request.user, changed=list(form.changed_data))

    def save_formset(self, request, form, formset, change):
        """The grid's rows are saved through the service (audited); formset.save(commit=False) fills the
        lists the admin's change message reads."""
        saved = formset.save(commit=False)
        services.fee_schedule_grid_save(schedule=form.instance, saved=saved, deleted=formset.deleted_objects,
                                        by=request.user)
        formset.save_m2m()

    @admin.action(description=_("Adopt the selected schedules"))
    def adopt(self, request, queryset):
        self.run_transition(request, queryset, lambda s: services.fee_schedule_adopt(schedule=s, by=request.user),
                            lambda n: ngettext("%d schedule adopted.", "%d schedules adopted.", n) % n)

    @admin.action(description=_("Copy the selected schedule to another year"))
    def copy_to_year(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Select exactly one schedule to copy."), level=messages.ERROR)
            return None
        form, page = self.action_page(request, queryset, action="copy_to_year", title=_("Copy a fee schedule"),
                                      intro=_("The copy starts as an example until it is adopted."),
                                      submit=_("Copy"), form_class=CopyScheduleForm)
        if page:
            return page
        self.run_transition(request, queryset,
                            lambda s: services.fee_schedule_copy(source=s, year=form.cleaned_data["year"], by=request.user),
                            lambda n: _("Schedule copied."))
        return None


# --- Fee runs ----------------------------------------------------------------------------------------


class FeeRunForm(forms.ModelForm):
    class Meta:
        model = FeeRun
        fields = ["year"]
        help_texts = {"year": _("Computes the fees of every active member for this year and issues the missing invoices.")}


def _rows_table(rows: list[dict], columns: list[tuple[str, str]]):
    if not rows:
        return _("none")
    head = format_html_join("", "<th scope='col'>{}</th>", ((label,) for _key, label in columns))
    body = format_html_join(
        "",
        "<tr>{}</tr>",
        ((format_html_join("", "<td>{}</td>", ((row.get(key, ""),) for key, _label in columns)),) for row in rows),
    )
    return format_html("<table><thead><tr>{}</tr></thead><tbody>{}</tbody></table>", head, body)


@admin.register(FeeRun)
class FeeRunAdmin(SecretariatActionsMixin, admin.ModelAdmin):
    form = FeeRunForm
    change_form_template = "admin/finance/feerun/change_form.html"
    list_display = ("year", "status", "progress", "created_count", "unpriced_count", "differences_count", "worker_state",
                    "created_by", "created_at", "finished_at")
    list_filter = ("status", "year")
    readonly_fields = ("status", "progress", "created_count", "unchanged_count", "unpriced_table", "not_billed_table",
                       "differences_table", "error", "worker_state", "heartbeat_at", "attempts", "created_by",
                       "created_at", "started_at", "finished_at")
    actions = ["resume"]

    def get_fields(self, request, obj=None):
        return ["year"] if obj is None else ["year", *self.readonly_fields]

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else ("year", *self.readonly_fields)

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        run = services.fee_run_start(year=form.cleaned_data["year"], by=request.user)
        obj.pk = run.pk
        obj.refresh_from_db()

    def add_view(self, request, form_url="", extra_context=None):
        try:
            return super().add_view(request, form_url, extra_context)
        except ValidationError as exc:
            for message in exc.messages:
                self.message_user(request, message, level=messages.ERROR)
            return redirect("admin:finance_feerun_changelist")

    @admin.display(description=_("progress"))
    def progress(self, obj):
        return format_html(
            '<progress max="{}" value="{}" aria-label="{}">{}%</progress> {} / {}',
            max(obj.total, 1), obj.processed, _("members processed"), obj.progress_percent,
            f"{obj.processed:,}", f"{obj.total:,}",
        )

    @admin.display(description=_("worker"))
    def worker_state(self, obj):
        if obj.is_stale:
            return _("stopped reporting: resume the run")
        if obj.status == FeeRun.Status.RUNNING:
            return obj.worker or "—"
        return "—"

    @admin.action(description=_("Resume the selected runs (their worker stopped, or they failed)"),
                  permissions=["secretariat"])
    def resume(self, request, queryset):
        self.run_transition(request, queryset, lambda run: services.fee_run_resume(run=run, by=request.user),
                            lambda n: ngettext("%d fee run queued again.", "%d fee runs queued again.", n) % n)

    @admin.display(description=_("not priced"))
    def unpriced_count(self, obj):
        return len(obj.unpriced)

    @admin.display(description=_("changed inputs"))
    def differences_count(self, obj):
        return len(obj.differences)

    @admin.display(description=_("members that could not be priced"))
    def unpriced_table(self, obj):
        return _rows_table(obj.unpriced, [("name", _("member")), ("message", _("why"))])

    @admin.display(description=_("members with no fee this year"))
    def not_billed_table(self, obj):
        return _rows_table(obj.not_billed, [("name", _("member")), ("message", _("why"))])

    @admin.display(description=_("invoices whose inputs changed (reissue them from the invoice list)"))
    def differences_table(self, obj):
        return _rows_table(obj.differences, [("name", _("member")), ("invoice", _("invoice")),
                                             ("invoiced", _("invoiced USD")), ("now", _("now USD"))])


# --- Invoices and payments --------------------------------------------------------------------------


class PaymentInline(admin.TabularInline):
    model = Payment
    extra = 0
    can_delete = False
    fields = ("paid_on", "amount", "method", "reference", "recorded_by", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class PaymentActionForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount (USD)"), max_digits=14, decimal_places=2, min_value=0.01)
    paid_on = forms.DateField(label=_("Paid on"), initial=timezone.localdate, widget=forms.DateInput(attrs={"type": "date"}))
    method = forms.ChoiceField(label=_("Method"), choices=Payment.Method.choices)
    reference = forms.CharField(label=_("Reference"), required=False, max_length=200)


class OverdueFilter(admin.SimpleListFilter):
    title = _("payment")
    parameter_name = "payment"

    def lookups(self, request, model_admin):
        return [("unpaid", _("Balance due")), ("overdue", _("Overdue")), ("paid", _("Paid"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        live = Q(kind=Invoice.Kind.INVOICE, status=Invoice.Status.ISSUED)
        if self.value() == "unpaid":
            return queryset.filter(live, balance__gt=0)
        if self.value() == "overdue":
            return queryset.filter(live, balance__gt=0, due_on__lt=today)
        if self.value() == "paid":
            return queryset.filter(live, balance__lte=0)
        return queryset


@admin.register(Invoice)
class InvoiceAdmin(SecretariatActionsMixin, admin.ModelAdmin):
    list_display = ("number", "member", "fee_year", "kind", "status", "amount", "paid", "balance", "due_on", "pdf_link")
    list_filter = (OverdueFilter, "fee_year", "kind", "status", "member__region", "member__category")
    search_fields = ("number", "member__name")
    date_hierarchy = "issued_on"
    inlines = [PaymentInline]
    actions = ["record_payment", "reissue"]
    readonly_fields = ("number", "kind", "status", "member", "fee_year", "amount", "currency", "issued_on", "due_on",
                       "explanation_text", "language", "credits", "fee_run", "last_reminder_at")
    exclude = ("explanation", "year", "sequence", "created_at")

    def get_queryset(self, request):
        return invoice_list_with_balance().select_related("member")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("paid"), ordering="paid")
    def paid(self, obj):
        return obj.paid

    @admin.display(description=_("balance"), ordering="balance")
    def balance(self, obj):
        if obj.kind == Invoice.Kind.INVOICE and obj.status == Invoice.Status.ISSUED and obj.balance > 0 and obj.due_on < timezone.localdate():
            return format_html('<strong>{}</strong> {}', obj.balance, _("overdue"))
        return obj.balance

    @admin.display(description=_("PDF"))
    def pdf_link(self, obj):
        try:
            url = reverse("finance:invoice-pdf", args=[obj.pk])
        except Exception:  # noqa: BLE001 - the finance pages may not be installed
            return ""
        return format_html('<a href="{}">{}</a>', url, _("PDF"))

    @admin.display(description=_("how the fee was computed"))
    def explanation_text(self, obj):
        lines = fees.explain(obj.explanation) or [str(obj.explanation)]
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((line,) for line in lines)))

    @admin.action(description=_("Record a payment"))
    def record_payment(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Select exactly one invoice to record a payment."), level=messages.ERROR)
            return None
        form, page = self.action_page(request, queryset, action="record_payment", title=_("Record a payment"),
                                      intro=_("Full, partial or one of several payments."), submit=_("Record"),
                                      form_class=PaymentActionForm)
        if page:
            return page
        self.run_transition(request, queryset,
                            lambda inv: services.payment_record(invoice=inv, by=request.user, **form.cleaned_data),
                            lambda n: _("Payment recorded."))
        return None

    @admin.action(description=_("Reissue: credit note and new invoice from the current inputs"))
    def reissue(self, request, queryset):
        _form, page = self.action_page(
            request, queryset, action="reissue", title=_("Reissue invoices"),
            intro=_("Each selected invoice is cancelled by a credit note and a new invoice is issued from the member's "
                    "current population and the latest economy data."),
            submit=_("Reissue"),
        )
        if page:
            return page
        self.run_transition(request, queryset, lambda inv: services.invoice_reissue(invoice=inv, by=request.user),
                            lambda n: ngettext("%d invoice reissued.", "%d invoices reissued.", n) % n)
        return None


class PaymentForm(forms.ModelForm):
    class Meta:
        model = Payment
        fields = ["invoice", "amount", "paid_on", "method", "reference"]


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    form = PaymentForm
    list_display = ("invoice", "member", "amount", "paid_on", "method", "reference", "recorded_by")
    list_filter = ("method", "paid_on")
    search_fields = ("invoice__number", "invoice__member__name", "reference")
    list_select_related = ("invoice__member", "recorded_by")
    autocomplete_fields = ("invoice",)

    @admin.display(description=_("member"))
    def member(self, obj):
        return obj.invoice.member

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        payment = services.payment_record(by=request.user, **form.cleaned_data)
        obj.pk = payment.pk

    def add_view(self, request, form_url="", extra_context=None):
        try:
            return super().add_view(request, form_url, extra_context)
        except ValidationError as exc:
            for message in exc.messages:
                self.message_user(request, message, level=messages.ERROR)
            return redirect(request.get_full_path())




# --- Donations and other revenue -------------------------------------------------------------------


@admin.register(Donation)
class DonationAdmin(admin.ModelAdmin):
    list_display = ("received_on", "donor", "purpose", "amount", "currency", "amount_usd")
    list_filter = ("currency", "received_on")
    search_fields = ("purpose", "donor_name", "donor_member__name", "donor_partner__name")
    autocomplete_fields = ("donor_member",)
    list_select_related = ("donor_member", "donor_partner")
    exclude = ("created_at",)

    def save_model(self, request, obj, form, change):
        if change:
            services.donation_update(donation=obj, by=request.user, changed=list(form.changed_data))
            return
        data = {f: form.cleaned_data.get(f) for f in ("purpose", "amount", "currency", "amount_usd", "received_on",
                                                        "donor_member", "donor_partner", "notes")}
        donation = services.donation_record(by=request.user, donor_name=form.cleaned_data.get("donor_name") or "", **data)
        obj.pk = donation.pk


@admin.register(OtherRevenue)
class OtherRevenueAdmin(admin.ModelAdmin):
    list_display = ("received_on", "description", "source", "amount_usd")
    exclude = ("created_at",)
    list_filter = ("received_on",)
    search_fields = ("description", "source")

    def save_model(self, request, obj, form, change):
        if change:
            services.other_revenue_update(revenue=obj, by=request.user, changed=list(form.changed_data))
            return
        revenue = services.other_revenue_record(by=request.user, **{
            f: form.cleaned_data.get(f) for f in ("description", "amount_usd", "received_on")
        }, source=form.cleaned_data.get("source") or "")
        obj.pk = revenue.pk


# --- Issuing one member's invoice (e.g. a member accepted after the fee run) ----------------------


class IssueInvoiceForm(forms.Form):
    fee_year = forms.IntegerField(label=_("Fee year"), min_value=2000, max_value=2100, initial=lambda: timezone.localdate().year)


def issue_invoice(modeladmin, request, queryset):
    form, page = modeladmin.action_page(
        request, queryset, action="issue_invoice", title=_("Issue fee invoices"),
        intro=_("Each selected member is priced with the year's schedule; members already invoiced are refused."),
        submit=_("Issue"), form_class=IssueInvoiceForm,
    )
    if page:
        return page
    modeladmin.run_transition(
        request, queryset,
        lambda m: services.invoice_issue(member=m, fee_year=form.cleaned_data["fee_year"], by=request.user),
        lambda n: ngettext("%d invoice issued.", "%d invoices issued.", n) % n,
    )
    return None


issue_invoice.short_description = _("Issue the fee invoice for a year")
issue_invoice.allowed_permissions = ("secretariat",)


admin_action_add(Member, issue_invoice)

# The economy data admin lives in its own module; importing registers it.
from . import admin_economy  # noqa: E402, F401
