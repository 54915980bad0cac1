"""Forms of the governance pages: the ballot, a candidacy, the Secretariat's election and motion forms."""

from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from members.models import Member

from .models import AgendaItem, Election, GeneralAssembly, HostBid, Meeting, Motion
from .statute import QUORUM_SENTENCE, QUORUM_SOURCE

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def quorum_base_field():
    """The quorum base as an explicit choice, with the Statute's sentence beside it (the default reading:
    all members; see governance.statute)."""
    return forms.ChoiceField(
        label=_("Quorum counted on"), choices=Election.QuorumBase.choices, initial=Election.QuorumBase.ALL_MEMBERS,
        widget=forms.RadioSelect,
        help_text=format_lazy(
            "“{sentence}” ({source}) {note}", sentence=QUORUM_SENTENCE, source=QUORUM_SOURCE,
            note=_("The quorum is a share of the total members; only Full members vote. The default counts every "
                   "active member. The choice is fixed when the roll is frozen and recorded in the election log."),
        ),
    )


class QuorumBaseForm(forms.Form):
    """Change the quorum base before the roll is frozen (logged and audited with the reason)."""

    quorum_base_rule = quorum_base_field()
    reason = forms.CharField(label=_("Reason for the change"), max_length=500, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


def _datetime_field(label, required=True, help_text=""):
    return forms.DateTimeField(label=label, required=required, widget=DateTimeLocalInput(), input_formats=DATETIME_FORMATS,
                               help_text=help_text)


class BallotForm(forms.Form):
    """One radio button per option when one may be chosen, check boxes (up to the seats) otherwise."""

    def __init__(self, *args, election: Election, options: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.election = election
        limit = election.max_choices
        if limit == 1:
            label = _("Your answer") if election.is_motion else _("Your candidate")
            self.fields["choices"] = forms.ChoiceField(
                label=label, choices=options, widget=forms.RadioSelect,
                error_messages={"required": _("Choose yes, no or abstain.") if election.is_motion else _("Choose a candidate.")},
            )
        else:
            self.fields["choices"] = forms.MultipleChoiceField(
                label=_("Your candidates"), choices=options, widget=forms.CheckboxSelectMultiple,
                help_text=ngettext("Choose up to %(n)s candidate.", "Choose up to %(n)s candidates.", limit) % {"n": limit},
                error_messages={"required": _("Choose at least one candidate.")},
            )

    def clean_choices(self):
        value = self.cleaned_data["choices"]
        marks = [value] if isinstance(value, str) else list(value)
        limit = self.election.max_choices
        if len(marks) > limit:
            raise forms.ValidationError(
                _("Choose at most %(limit)s candidates; you chose %(n)s.") % {"limit": limit, "n": len(marks)}
            )
        return marks


class CandidacyForm(forms.Form):
    statement = forms.CharField(
        label=_("Statement of the candidate"), widget=forms.Textarea, max_length=5000,
        help_text=_("Why your city stands and what it will bring to WeGO (shown to every delegate)."),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class WindowForm(forms.Form):
    opens_at = _datetime_field(_("Voting opens"))
    closes_at = _datetime_field(_("Voting closes"))

    def clean(self):
        data = super().clean()
        if data.get("opens_at") and data.get("closes_at") and data["closes_at"] <= data["opens_at"]:
            raise forms.ValidationError(_("Voting must close after it opens."))
        return data


class ReceiptForm(forms.Form):
    receipt = forms.CharField(label=_("Your receipt code"), max_length=19, help_text=_("For example K7QF-2M9X-PL4D."))


class ElectionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=[c for c in Election.Kind.choices if c[0] != Election.Kind.MOTION])
    office_name = forms.CharField(label=_("Office (for another office)"), max_length=200, required=False)
    seats = forms.IntegerField(label=_("Seats"), min_value=1, max_value=20, initial=1,
                               help_text=_("A President election has one seat; the Executive Committee up to 20."))
    secrecy = forms.ChoiceField(label=_("Ballot"), choices=Election.Secrecy.choices, initial=Election.Secrecy.SECRET)
    tie_rule = forms.ChoiceField(label=_("Tie rule"), choices=Election.TieRule.choices)
    quorum_base_rule = quorum_base_field()
    general_assembly = forms.ModelChoiceField(label=_("General Assembly"), queryset=GeneralAssembly.objects.all(), required=False)
    voting_opens_at = _datetime_field(_("Voting opens"), required=False)
    voting_closes_at = _datetime_field(_("Voting closes"), required=False)
    term_start = forms.DateField(label=_("Term of the elected starts"), required=False, widget=DateInput())
    term_end = forms.DateField(label=_("Term of the elected ends"), required=False, widget=DateInput())
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("title")
        data.pop("kind")
        return {k: v for k, v in data.items() if v not in (None, "")}


class MotionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    text = forms.CharField(label=_("Text of the motion"), widget=forms.Textarea(attrs={"rows": 3}))
    kind = forms.ChoiceField(label=_("Kind of motion"), choices=Motion.Kind.choices)
    threshold = forms.ChoiceField(label=_("Threshold"), choices=Motion.Threshold.choices)
    secrecy = forms.ChoiceField(label=_("Ballot"), choices=Election.Secrecy.choices, initial=Election.Secrecy.OPEN)
    quorum_base_rule = quorum_base_field()
    subject_member = forms.ModelChoiceField(
        label=_("Member concerned (Full membership)"), required=False,
        queryset=Member.objects.active().filter(category=Member.Category.ASSOCIATE),
    )
    host_bid = forms.ModelChoiceField(
        label=_("Host bid (host confirmation)"), required=False,
        queryset=HostBid.objects.filter(status=HostBid.Status.SUBMITTED).select_related("member", "general_assembly"),
    )
    general_assembly = forms.ModelChoiceField(label=_("General Assembly"), queryset=GeneralAssembly.objects.all(), required=False)
    meeting = forms.ModelChoiceField(label=_("Meeting"), queryset=Meeting.objects.all(), required=False)
    agenda_item = forms.ModelChoiceField(
        label=_("Agenda item"), queryset=AgendaItem.objects.select_related("meeting"), required=False
    )
    voting_opens_at = _datetime_field(_("Voting opens"), required=False)
    voting_closes_at = _datetime_field(_("Voting closes"), required=False)

    def service_kwargs(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
        return data
