"""Forms of the membership admin: the intermediate pages of the transition actions, the member form
with its region rule for regional-office staff, and the officials inline that keeps a focal point."""

from __future__ import annotations

from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Affiliation, Member
from .regions import Region, region_for_country

# --- Intermediate pages of the admin actions -------------------------------------------------------


class RejectApplicationForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the rejection"),
        help_text=_("The applicant reads this reason in the email and on their application page."),
        error_messages={"required": _("Give the reason for the rejection: the applicant will read it.")},
        widget=forms.Textarea(attrs={"rows": 4, "cols": 70}),
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Give the reason for the rejection: the applicant will read it."))
        return reason


class CommitteeApprovalForm(forms.Form):
    reference = forms.CharField(
        label=_("Decision reference"), max_length=100,
        help_text=_("The Executive Committee's reference, e.g. EC-2026-07."),
        error_messages={"required": _("Give the reference of the Executive Committee decision.")},
    )
    decided_on = forms.DateField(
        label=_("Date of the decision"), widget=AdminDateWidget,
        error_messages={"required": _("Give the date of the Executive Committee decision.")},
    )

    def clean_reference(self):
        reference = self.cleaned_data["reference"].strip()
        if not reference:
            raise ValidationError(_("Give the reference of the Executive Committee decision."))
        return reference

    def clean_decided_on(self):
        value = self.cleaned_data["decided_on"]
        if value > timezone.localdate():
            raise ValidationError(_("The decision date cannot be in the future."))
        return value


class SuspendForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the suspension"),
        help_text=_("Recorded on the member and in the audit log."),
        error_messages={"required": _("Give the reason for the suspension.")},
        widget=forms.Textarea(attrs={"rows": 3, "cols": 70}),
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Give the reason for the suspension."))
        return reason


# --- The member change form -------------------------------------------------------------------------


class MemberAdminForm(forms.ModelForm):
    """The member form. The region may be left blank: it then follows the country.

    `office_regions` is set by the admin for regional-office staff: the member's region (given or
    derived from the country) must stay among their office's regions.
    """

    office_regions: list[str] | None = None

    class Meta:
        model = Member
        fields = [
            "name", "name_local", "slug", "kind", "description", "logo", "country", "region", "regional_office",
            "population", "population_year", "population_source", "website", "official_languages", "category",
            "status", "joined_on",
        ]
        help_texts = {
            "region": _("Leave blank to derive the region from the country."),
            "slug": _("Leave blank to make one from the name."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
        if "region" in self.fields:
            self.fields["region"].required = False
            if self.office_regions is not None:
                labels = dict(Region.choices)
                self.fields["region"].choices = [("", _("— derived from the country —"))] + [
                    (code, labels.get(code, code)) for code in self.office_regions
                ]

    def requested_region(self) -> str:
        """The region asked for: a region code, or '' to follow the country.

        A region that was derived and is left untouched follows a change of country.
        """
        region = self.cleaned_data.get("region") or ""
        if self.instance.pk and "region" not in self.changed_data and not self.instance.region_overridden:
            return ""
        return region

    def effective_region(self) -> str:
        """The region the member will have after saving."""
        country = str(self.cleaned_data.get("country") or "")
        return self.requested_region() or region_for_country(country)

    def clean(self):
        data = super().clean()
        if self.office_regions is not None and data.get("country"):
            region = self.effective_region()
            if region not in self.office_regions:
                labels = dict(Region.choices)
                message = _(
                    "Your regional office manages members in %(regions)s only; this member would be in %(region)s."
                ) % {
                    "regions": ", ".join(str(labels.get(r, r)) for r in self.office_regions) or "—",
                    "region": labels.get(region, region or _("no region")),
                }
                self.add_error("region" if "region" in self.fields else None, message)
        return data


# --- The officials inline ------------------------------------------------------------------------------


class AffiliationInlineFormSet(forms.BaseInlineFormSet):
    """Refuse, before anything is saved, an edit that would leave the member without a focal point."""

    def clean(self):
        super().clean()
        if any(self.errors) or self.instance.pk is None:
            return
        before = after = 0
        for form in self.forms:
            if form.instance.pk and form.initial.get("role") == Affiliation.Role.FOCAL_POINT:
                before += 1
            if not getattr(form, "cleaned_data", None) or (self.can_delete and self._should_delete_form(form)):
                continue
            if form.cleaned_data.get("role") == Affiliation.Role.FOCAL_POINT:
                after += 1
        if before and not after:
            raise ValidationError(
                _("%(member)s must keep at least one focal point. Name another focal point first.")
                % {"member": self.instance.name}
            )
