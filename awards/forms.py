"""Forms of the awards pages. They parse and validate input; the services decide."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from members.models import User
from wego.forms import IdField, IdModelMultipleChoiceField

from .models import Category, Edition, Entry, EntryDocument, EntryImage
from .validators import validate_document, validate_image


class EntryForm(forms.ModelForm):
    """An entry: for a member the user acts for, or for a named city or organisation (member or not)."""

    member = forms.ModelChoiceField(
        label=_("Entering for"),
        queryset=None,
        required=False,
        empty_label=_("Another city or public organisation (not listed)"),
        help_text=_("The WeGO members you act for are listed. Otherwise name your organisation below."),
    )
    organisation_name = forms.CharField(
        label=_("City or organisation"), max_length=200, required=False,
        help_text=_("Only when it is not listed above."),
    )
    country = forms.ChoiceField(label=_("Country"), required=False)

    class Meta:
        model = Entry
        fields = ["category", "member", "organisation_name", "country", "title", "summary", "problem", "solution",
                  "results", "figures", "url"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "problem": forms.Textarea(attrs={"rows": 5}),
            "solution": forms.Textarea(attrs={"rows": 5}),
            "results": forms.Textarea(attrs={"rows": 5}),
            "figures": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, edition: Edition, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "—"), *countries]
        self.fields["category"].queryset = Category.objects.filter(edition=edition).order_by("order")
        self.fields["category"].empty_label = None
        self.fields["member"].queryset = members
        if not members.exists():
            self.fields["member"].widget = forms.HiddenInput()
        if self.instance.pk and self.instance.member_id:
            self.fields["organisation_name"].initial = ""

    def clean(self):
        data = super().clean()
        if not data.get("member") and not (data.get("organisation_name") and data.get("country")):
            raise ValidationError(
                _("Name your city or organisation and its country, or choose the WeGO member you act for.")
            )
        return data


class EntryImageForm(forms.Form):
    image = forms.ImageField(
        label=_("Image (JPEG, PNG, WebP or GIF, at most 5 MB)"), validators=[validate_image]
    )
    caption = forms.CharField(
        label=_("What the image shows"), max_length=EntryImage._meta.get_field("caption").max_length,
        help_text=_("Read aloud to people who cannot see the image."),
    )


class EntryDocumentForm(forms.Form):
    file = forms.FileField(label=_("Document (PDF, at most 10 MB)"), validators=[validate_document])
    title = forms.CharField(label=_("Title of the document"), max_length=EntryDocument._meta.get_field("title").max_length)


class ScoreForm(forms.Form):
    """One score (1–10) and a comment per criterion."""

    CHOICES = [("", "—")] + [(str(i), str(i)) for i in range(1, 11)]

    def __init__(self, *args, criteria, initial_scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        initial_scores = initial_scores or {}
        for c in self.criteria:
            existing = initial_scores.get(c.pk)
            self.fields[f"score_{c.pk}"] = forms.TypedChoiceField(
                label=_("%(criterion)s: score from 1 (lowest) to 10 (highest)") % {"criterion": c.name},
                choices=self.CHOICES, coerce=int, empty_value=None, required=False,
                initial=str(existing.score) if existing else "",
                help_text=c.description,
            )
            self.fields[f"comment_{c.pk}"] = forms.CharField(
                label=_("%(criterion)s: comment") % {"criterion": c.name}, required=False,
                widget=forms.Textarea(attrs={"rows": 2}), initial=existing.comment if existing else "",
            )

    def values(self) -> dict:
        return {
            c.pk: (self.cleaned_data.get(f"score_{c.pk}"), self.cleaned_data.get(f"comment_{c.pk}", ""))
            for c in self.criteria
        }

    def rows(self):
        """(criterion, score field, comment field) for the template."""
        return [(c, self[f"score_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason.")},
    )


class ConflictForm(forms.Form):
    reason = forms.CharField(
        label=_("What is the conflict of interest?"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("e.g. “I advised this project in 2013.” The Secretariat reads it."),
        error_messages={"required": _("Say briefly what the conflict of interest is.")},
    )


class ScreenForm(forms.Form):
    decision = forms.TypedChoiceField(
        label=_("Decision"), choices=[("1", _("Eligible")), ("0", _("Not eligible"))], coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason (the applicant reads it; required when not eligible)"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class EditionForm(forms.ModelForm):
    class Meta:
        model = Edition
        fields = ["title", "general_assembly", "description", "vote_tie_rule", "application_start", "application_end",
                  "eligibility_end", "judging_start", "judging_end", "voting_start", "voting_end", "announcement_on"]
        widgets = {f: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d") for f in (
            "application_start", "application_end", "eligibility_end", "judging_start", "judging_end",
            "voting_start", "voting_end", "announcement_on")} | {"description": forms.Textarea(attrs={"rows": 3})}


class EditionCreateForm(EditionForm):
    class Meta(EditionForm.Meta):
        fields = ["year", "ranking_method", *EditionForm.Meta.fields]


class RankingMethodForm(forms.Form):
    method = forms.ChoiceField(label=_("Ranking method"), choices=Edition.RankingMethod.choices)


class JudgeForm(forms.Form):
    email = forms.EmailField(label=_("Email of the judge's portal account"))
    country = forms.ChoiceField(label=_("Judge's country"))
    city = forms.CharField(label=_("Judge's city"), max_length=200, required=False)
    affiliation = forms.CharField(label=_("Position and organisation"), max_length=200, required=False)
    categories = IdModelMultipleChoiceField(
        label=_("Categories judged"), queryset=None, widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args, edition: Edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "—"), *countries]
        self.fields["categories"].queryset = edition.categories.order_by("order")

    def clean_email(self):
        email = self.cleaned_data["email"]
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise ValidationError(_("No portal account uses this address: ask the judge to sign up first."))
        self.cleaned_data["user"] = user
        return email


class AssignForm(forms.Form):
    judge = forms.ModelChoiceField(label=_("Judge"), queryset=None)
    entry = forms.ModelChoiceField(label=_("Entry"), queryset=None)

    def __init__(self, *args, category: Category, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["judge"].queryset = category.judges.select_related("user").order_by("user__name")
        self.fields["entry"].queryset = category.entries.filter(status=Entry.Status.ELIGIBLE).order_by("title")


class SpreadForm(forms.Form):
    per_entry = forms.IntegerField(label=_("Judges per entry"), min_value=1, max_value=9, initial=3)


class TieDecisionForm(forms.Form):
    chosen = IdModelMultipleChoiceField(
        label=_("Entries that advance"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    reason = forms.CharField(label=_("Reason for the decision"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, tied_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chosen"].queryset = Entry.objects.filter(pk__in=tied_ids).order_by("title")


class AnomalyReviewForm(forms.Form):
    note = forms.CharField(
        label=_("What the Secretariat checked and decided"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class VoidBurstForm(forms.Form):
    entry = IdField(widget=forms.HiddenInput)
    start = forms.DateTimeField(widget=forms.HiddenInput)
    end = forms.DateTimeField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason for voiding these votes"), widget=forms.Textarea(attrs={"rows": 2}))


class VoidDomainForm(forms.Form):
    domain = forms.CharField(widget=forms.HiddenInput)
    days = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=60)
    reason = forms.CharField(label=_("Reason for voiding these votes"), widget=forms.Textarea(attrs={"rows": 2}))


class AnomalyParamsForm(forms.Form):
    window = forms.IntegerField(label=_("Window (minutes)"), min_value=1, max_value=1440, initial=10, required=False)
    threshold = forms.IntegerField(label=_("Votes in the window"), min_value=2, max_value=10000, initial=15, required=False)
    days = forms.IntegerField(label=_("Account age (days)"), min_value=0, max_value=60, initial=2, required=False)
    accounts = forms.IntegerField(label=_("New accounts per domain"), min_value=2, max_value=10000, initial=10, required=False)

    def params(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "window_minutes": data.get("window") or 10,
            "burst_threshold": data.get("threshold") or 15,
            "new_account_days": data.get("days") if data.get("days") is not None else 2,
            "domain_threshold": data.get("accounts") or 10,
        }
