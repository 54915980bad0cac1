"""Forms of the membership app: they validate input and say what to fix in plain words."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wego.files import PrivateFileInput
from wego.validators import validate_pdf

from .models import Affiliation, MembershipApplication


class DateInput(forms.DateInput):
    input_type = "date"


class ApplicationForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    letter = forms.FileField(
        label=_("Signed application letter (PDF, at most 10 MB)"),
        required=False,
        validators=[validate_pdf],
        widget=PrivateFileInput(attrs={"accept": "application/pdf"}),
    )

    class Meta:
        model = MembershipApplication
        fields = [
            "name", "name_local", "kind", "country", "population", "population_year", "population_source",
            "website", "official_languages", "motivation", "contact_name", "contact_title", "contact_email",
            "contact_phone", "second_contact_name", "second_contact_email", "letter",
        ]
        widgets = {"motivation": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "population": _("For cities and local governments: the number of inhabitants."),
            "official_languages": _("Comma-separated, e.g. 'Vietnamese, English'."),
        }

    def clean_population_year(self):
        year = self.cleaned_data.get("population_year")
        if year and not 1900 <= year <= timezone.now().year:
            raise forms.ValidationError(_("Give a year between 1900 and this year."))
        return year

    def clean(self):
        data = super().clean()
        if data.get("kind") == "city" and not data.get("population"):
            self.add_error("population", _("Give the population of the city or local government."))
        return data


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Colleague's email address"))
    role = forms.ChoiceField(label=_("Role"), choices=Affiliation.Role.choices, initial=Affiliation.Role.OFFICIAL)
    title = forms.CharField(label=_("Job title"), max_length=200, required=False)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Affiliation.Role.choices)


class WithdrawalForm(forms.Form):
    reason = forms.CharField(label=_("Reason for leaving WeGO"), widget=forms.Textarea(attrs={"rows": 4}))
    effective_on = forms.DateField(label=_("Effective date"), widget=DateInput)

    def clean_effective_on(self):
        value = self.cleaned_data["effective_on"]
        if value < timezone.localdate():
            raise forms.ValidationError(_("The effective date cannot be in the past."))
        return value


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the applicant will read it)"), widget=forms.Textarea(attrs={"rows": 4})
    )


class VerifyForm(forms.Form):
    note = forms.CharField(
        label=_("Note on the verification (optional, kept in the record)"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CommitteeApprovalForm(forms.Form):
    reference = forms.CharField(label=_("Decision reference"), max_length=100, help_text=_("e.g. EC-2026-07"))
    decided_on = forms.DateField(label=_("Date of the decision"), widget=DateInput)


class SuspendForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the suspension"), widget=forms.Textarea(attrs={"rows": 3}))
