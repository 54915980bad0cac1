"""Forms of the feasibility app: they validate input and say what to fix in plain words."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import LazyTypedChoiceField

from members.models import Member, Partner
from wego.files import PrivateFileInput
from wego.forms import IdModelMultipleChoiceField
from wego.validators import validate_pdf

from .catalogue import ELEMENTS
from .models import (
    Call,
    Deliverable,
    EconomicAnalysis,
    LetterOfIntent,
    ProjectConsultant,
    Reviewer,
    Theme,
    ThemeSurvey,
)


class DateInput(forms.DateInput):
    input_type = "date"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def pdf_field(label, *, required: bool = False) -> forms.FileField:
    return forms.FileField(
        label=label,
        required=required,
        validators=[validate_pdf],
        widget=PrivateFileInput(attrs={"accept": "application/pdf"}),
    )


def _user_by_email(email: str):
    user = get_user_model().objects.filter(email__iexact=email.strip()).first()
    if user is None:
        raise forms.ValidationError(_("No portal account uses this email address; ask the person to sign up first."))
    return user


# --- Members -----------------------------------------------------------------------------------------


class LetterForm(forms.ModelForm):
    signed_letter = pdf_field(_("Signed letter (PDF, at most 10 MB)"))

    class Meta:
        model = LetterOfIntent
        fields = [code for code, _label, _question in ELEMENTS] + ["contact_name", "contact_email", "signed_letter"]
        widgets = {code: forms.Textarea(attrs={"rows": 5}) for code, _label, _question in ELEMENTS}
        help_texts = {code: question for code, _label, question in ELEMENTS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signed_letter"].help_text = _(
            "The letter signed by the mayor or governor. You can save a draft without it; it is needed to submit."
        )


class RankingForm(forms.Form):
    """One position field per theme (1 = most wanted); each position used once."""

    def __init__(self, *args, survey: ThemeSurvey, **kwargs):
        super().__init__(*args, **kwargs)
        self.themes = list(survey.themes.order_by("name"))
        choices = [("", "—")] + [(str(i), str(i)) for i in range(1, len(self.themes) + 1)]
        for theme in self.themes:
            self.fields[f"theme_{theme.pk}"] = forms.ChoiceField(
                label=theme.name, choices=choices, help_text=theme.description
            )

    def clean(self):
        data = super().clean()
        positions = [data.get(f"theme_{t.pk}") for t in self.themes]
        if all(positions) and len(set(positions)) != len(positions):
            raise forms.ValidationError(_("Give each theme a different position (1 is the most wanted)."))
        return data

    def ordered_themes(self) -> list[Theme]:
        return sorted(self.themes, key=lambda t: int(self.cleaned_data[f"theme_{t.pk}"]))


class ImplementationReportForm(forms.Form):
    progress = forms.CharField(
        label=_("What has your city implemented of the study's recommendations?"),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    next_steps = forms.CharField(
        label=_("Next steps, and what stands in the way"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    document = pdf_field(_("Report (PDF, optional)"))


# --- Reviewers ---------------------------------------------------------------------------------------

SCORE_CHOICES = [("", "—")] + [(str(i), str(i)) for i in range(1, 6)]


class ReviewForm(forms.Form):
    """A score (1–5) and a comment per element, and an overall comment."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label, question in ELEMENTS:
            self.fields[f"score_{code}"] = forms.TypedChoiceField(
                label=_("%(element)s: score (1 = weak, 5 = excellent)") % {"element": label},
                choices=SCORE_CHOICES, coerce=int, empty_value=None, required=False, help_text=question,
            )
            self.fields[f"comment_{code}"] = forms.CharField(
                label=_("%(element)s: comment") % {"element": label}, required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.fields["overall_comment"] = forms.CharField(
            label=_("Overall comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
        )

    def scores(self) -> dict:
        return {code: self.cleaned_data.get(f"score_{code}") for code, _l, _q in ELEMENTS}

    def comments(self) -> dict:
        return {code: self.cleaned_data.get(f"comment_{code}", "") for code, _l, _q in ELEMENTS}


class ConflictForm(forms.Form):
    reason = forms.CharField(
        label=_("Why you cannot review this letter impartially"), widget=forms.Textarea(attrs={"rows": 3})
    )


# --- Secretariat -------------------------------------------------------------------------------------


class SurveyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    year = forms.IntegerField(label=_("Year of the call"), min_value=2000, max_value=2100)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    closes_at = forms.DateTimeField(label=_("Closes"), required=False, widget=DateTimeInput)
    themes = IdModelMultipleChoiceField(
        label=_("Themes"), queryset=Theme.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    new_themes = forms.CharField(
        label=_("New themes, one per line"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self):
        data = super().clean()
        names = [line.strip() for line in (data.get("new_themes") or "").splitlines() if line.strip()]
        data["new_theme_names"] = names
        if len(list(data.get("themes") or [])) + len(names) < 2:
            raise forms.ValidationError(_("Give at least two themes to rank."))
        return data


class ChooseThemeForm(forms.Form):
    theme = forms.ModelChoiceField(label=_("Chosen theme"), queryset=Theme.objects.none())

    def __init__(self, *args, survey: ThemeSurvey, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = survey.themes.all()


class CallForm(forms.ModelForm):
    class Meta:
        model = Call
        fields = ["year", "title", "theme", "survey", "description", "opens_at", "closes_at", "cities_to_select"]
        widgets = {
            "opens_at": DateTimeInput,
            "closes_at": DateTimeInput,
            "description": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survey"].queryset = ThemeSurvey.objects.filter(status=ThemeSurvey.Status.DECIDED)
        self.fields["survey"].required = False


class CallDocumentForm(forms.Form):
    title = forms.CharField(label=_("Document title"), max_length=200)
    file = pdf_field(_("File (PDF)"), required=True)


class ReviewerAddForm(forms.Form):
    email = forms.EmailField(label=_("Reviewer's email address"))
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("Automatic"))] + list(Reviewer.Kind.choices), required=False)
    country = LazyTypedChoiceField(
        label=_("Country the reviewer comes from"), choices=[("", "—")] + list(countries), required=False
    )

    def clean_email(self):
        self.user = _user_by_email(self.cleaned_data["email"])
        return self.cleaned_data["email"]


class AssignForm(forms.Form):
    reviewer = forms.ModelChoiceField(label=_("Reviewer"), queryset=Reviewer.objects.none())
    letter = forms.ModelChoiceField(label=_("Letter"), queryset=LetterOfIntent.objects.none())

    def __init__(self, *args, call: Call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = call.reviewers.select_related("user")
        self.fields["letter"].queryset = call.letters.filter(status=LetterOfIntent.Status.SUBMITTED).select_related(
            "member"
        )


class DecisionForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the city (required to decline)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class PlanForm(forms.Form):
    starts_on = forms.DateField(label=_("Start of the six-month study"), widget=DateInput)


class FundingForm(forms.Form):
    partner = forms.ModelChoiceField(label=_("Funding partner"), queryset=Partner.objects.all(), required=False)
    agreement = forms.CharField(label=_("Agreement reference"), max_length=200, required=False)
    agreement_on = forms.DateField(label=_("Agreement date"), required=False, widget=DateInput)


class ConsultantForm(forms.Form):
    email = forms.EmailField(label=_("Consultant's email address"))
    role = forms.ChoiceField(label=_("Role"), choices=ProjectConsultant.Role.choices)

    def clean_email(self):
        self.user = _user_by_email(self.cleaned_data["email"])
        return self.cleaned_data["email"]


class ConsultantRemoveForm(forms.Form):
    consultant = forms.ModelChoiceField(label=_("Consultant"), queryset=ProjectConsultant.objects.none())

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultant"].queryset = ProjectConsultant.objects.filter(project=project)


class OutcomeForm(forms.Form):
    title = forms.CharField(label=_("Outcome"), max_length=200, help_text=_("e.g. Civic Participation-based System delivered"))
    member = forms.ModelChoiceField(
        label=_("Member receiving it"), queryset=Member.objects.active(), required=False
    )
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    delivered_on = forms.DateField(label=_("Delivered on"), required=False, widget=DateInput)


class PublishForm(forms.Form):
    outcome_summary = forms.CharField(
        label=_("Outcome summary for the public library"), widget=forms.Textarea(attrs={"rows": 4})
    )


class FinalReportForm(forms.Form):
    report = pdf_field(_("Final report (PDF)"))


# --- Consultants -------------------------------------------------------------------------------------


class DeliverableForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Deliverable.Status.choices)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=get_user_model().objects.none(), required=False)
    due_on = forms.DateField(label=_("Due"), required=False, widget=DateInput)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = get_user_model().objects.filter(feasibility_assignments__project=project)


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Document title"), max_length=200)
    file = pdf_field(_("File (PDF, at most 10 MB)"), required=True)


class EconomicsForm(forms.ModelForm):
    class Meta:
        model = EconomicAnalysis
        fields = ["discount_rate", "start_year", "currency", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"discount_rate": _("In percent, e.g. 8 for 8 %.")}

    def clean_start_year(self):
        year = self.cleaned_data["start_year"]
        if not 1990 <= year <= timezone.now().year + 50:
            raise forms.ValidationError(_("Give a year between 1990 and %(max)s.") % {"max": timezone.now().year + 50})
        return year


class YearForm(forms.Form):
    cost = forms.DecimalField(label=_("Costs"), min_value=0, max_digits=16, decimal_places=2, required=False)
    benefit = forms.DecimalField(label=_("Benefits"), min_value=0, max_digits=16, decimal_places=2, required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class BaseYearFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        if not self.rows():
            raise forms.ValidationError(_("Enter the costs and benefits of at least one year."))

    def rows(self) -> list[dict]:
        """The years entered, year 0 first; empty rows after the last filled one are dropped."""
        rows = [
            {"cost": f.cleaned_data.get("cost") or 0, "benefit": f.cleaned_data.get("benefit") or 0,
             "note": f.cleaned_data.get("note") or "", "filled": f.cleaned_data.get("cost") is not None
             or f.cleaned_data.get("benefit") is not None}
            for f in self.forms
            if hasattr(f, "cleaned_data")
        ]
        while rows and not rows[-1]["filled"]:
            rows.pop()
        return rows


YearFormSet = forms.formset_factory(YearForm, formset=BaseYearFormSet, extra=0, max_num=60, validate_max=True)
