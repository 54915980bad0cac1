"""Forms of the training pages. They validate input only; the services decide."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from .models import Application, Feedback, Session, TrainingRequest
from .validators import SUPPORT_MAX_FILES, validate_support_attachment


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ApplicationForm(forms.ModelForm):
    """An official's application. Logistics and visa questions only for sessions held in person."""

    member = forms.ModelChoiceField(
        label=_("You apply for"), queryset=None, required=False, empty_label=_("No member organisation"),
        help_text=_("The member organisation you work for; its focal point nominates you."),
    )
    IN_PERSON_FIELDS = ("dietary_needs", "accessibility_needs", "visa_needed", "nationality", "passport_name",
                        "arrival_on", "departure_on")

    class Meta:
        model = Application
        fields = [
            "member", "organisation", "job_title", "motivation", "prerequisites_confirmed",
            "dietary_needs", "accessibility_needs", "visa_needed", "nationality", "passport_name",
            "arrival_on", "departure_on",
        ]
        widgets = {"arrival_on": DateInput(), "departure_on": DateInput(), "motivation": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "motivation": _("What you want to learn and how your city will use it."),
            "passport_name": _("Needed for the visa invitation letter."),
            "dietary_needs": _("E.g. vegetarian, halal, allergies."),
        }

    def __init__(self, *args, session, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session
        self.fields["member"].queryset = members
        program = session.program
        if members.count() == 1 and program.members_only:
            self.fields["member"].initial = members.first()
            self.fields["member"].empty_label = None
        if program.members_only:
            self.fields["member"].required = True
            self.fields.pop("organisation")
        else:
            self.fields["organisation"].help_text = _("Only if you do not apply for a member organisation.")
        if program.prerequisites:
            self.fields["prerequisites_confirmed"].label = _("I meet the prerequisites: %(text)s") % {"text": program.prerequisites}
            self.fields["prerequisites_confirmed"].required = True
        else:
            self.fields.pop("prerequisites_confirmed")
        if not session.is_in_person:
            for name in self.IN_PERSON_FIELDS:
                self.fields.pop(name)
        self.fields["motivation"].required = True

    def clean(self):
        data = super().clean()
        if data.get("visa_needed") and not (data.get("passport_name") and data.get("nationality")):
            raise forms.ValidationError(_("For a visa invitation letter, give your name as in the passport and your nationality."))
        arrival, departure = data.get("arrival_on"), data.get("departure_on")
        if arrival and departure and departure < arrival:
            self.add_error("departure_on", _("The departure cannot be before the arrival."))
        return data


class OneClickApplyForm(forms.Form):
    """The one-click application offered for a city's CeDS gap: the member applied for, and the gap's
    signed draft (wego.router) that becomes the motivation."""

    member = forms.ModelChoiceField(
        queryset=None, widget=forms.HiddenInput,
        error_messages={"required": _("Say which member organisation you apply for."),
                        "invalid_choice": _("You do not act for that member organisation.")},
    )
    gap = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason (sent to the applicant)"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class RequiredReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class CertificateRevokeForm(RequiredReasonForm):
    """Which certificate of the session is revoked, and why."""

    certificate = forms.ModelChoiceField(label=_("Certificate"), queryset=None, widget=forms.HiddenInput)

    def __init__(self, *args, certificates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["certificate"].queryset = certificates


RATING_CHOICES = [(i, str(i)) for i in range(1, 6)]


class FeedbackForm(forms.Form):
    """Ratings from 1 (poor) to 5 (excellent) on the survey's questions, and a comment."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in Feedback.QUESTIONS:
            self.fields[name] = forms.TypedChoiceField(
                label=label, choices=RATING_CHOICES, coerce=int, widget=forms.RadioSelect,
                help_text=_("1 = poor, 5 = excellent"),
            )
        self.fields["comment"] = forms.CharField(
            label=_("Anything else you want to tell the organisers?"), required=False, widget=forms.Textarea(attrs={"rows": 4})
        )


class TrainingRequestForm(forms.ModelForm):
    class Meta:
        model = TrainingRequest
        fields = ["location", "venue", "preferred_start", "preferred_end", "participants_expected", "language", "notes"]
        widgets = {"preferred_start": DateInput(), "preferred_end": DateInput(), "location": forms.RadioSelect}

    def clean(self):
        data = super().clean()
        start, end = data.get("preferred_start"), data.get("preferred_end")
        if start and start <= timezone.localdate():
            self.add_error("preferred_start", _("Choose a day in the future."))
        if start and end and end < start:
            self.add_error("preferred_end", _("The last day cannot be before the first day."))
        return data


class ScheduleForm(forms.Form):
    """The Secretariat's agreed place and dates for a requested training."""

    starts_on = forms.DateField(label=_("First day"), widget=DateInput())
    ends_on = forms.DateField(label=_("Last day"), widget=DateInput())
    capacity = forms.IntegerField(label=_("Seats"), min_value=1, max_value=500)
    application_deadline = forms.DateField(
        label=_("Application deadline"), widget=DateInput(), required=False,
        help_text=_("Empty: a week before the first day."),
    )
    venue = forms.CharField(label=_("Venue"), required=False, max_length=200)
    city = forms.CharField(label=_("City"), required=False, max_length=100)
    country = CountryField(blank=True).formfield(label=_("Country"), required=False)
    language = forms.CharField(label=_("Language"), required=False, max_length=50)

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("The last day cannot be before the first day."))
        deadline = data.get("application_deadline")
        if deadline and start and deadline > start:
            self.add_error("application_deadline", _("The deadline must be before the first day."))
        if deadline:
            data["application_deadline"] = timezone.make_aware(dt.datetime.combine(deadline, dt.time(23, 59)))
        return data


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern), each validated by content."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        files = [single(d, initial) for d in data] if isinstance(data, list | tuple) else ([single(data, initial)] if data else [])
        files = [f for f in files if f]
        if len(files) > SUPPORT_MAX_FILES:
            raise forms.ValidationError(_("Send at most %(n)s files.") % {"n": SUPPORT_MAX_FILES})
        for upload in files:
            validate_support_attachment(upload)
        return files


ATTACHMENT_HELP = _("Up to 3 files of at most 5 MB: PDF, PNG, JPEG, GIF, ZIP or text (logs, source).")


class SupportRequestForm(forms.Form):
    session = forms.ModelChoiceField(label=_("Training you attended"), queryset=None, empty_label=None)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    question = forms.CharField(label=_("Your question"), widget=forms.Textarea(attrs={"rows": 8}),
                               help_text=_("What you tried, what happened, the versions you use."))
    attachments = MultipleFileField(label=_("Attachments"), help_text=ATTACHMENT_HELP)

    def __init__(self, *args, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = Session.objects.filter(pk__in=[s.pk for s in sessions]).select_related("program")


class SupportReplyForm(forms.Form):
    body = forms.CharField(label=_("Your message"), widget=forms.Textarea(attrs={"rows": 6}))
    attachments = MultipleFileField(label=_("Attachments"), help_text=ATTACHMENT_HELP)


class CertificateVerifyForm(forms.Form):
    code = forms.CharField(label=_("Verification code"), max_length=30, help_text=_("As printed on the certificate, e.g. K7QM-2XPA-9HTD."))
