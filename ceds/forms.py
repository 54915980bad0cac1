"""Forms of the CeDS pages. Section forms render each question as radios with the level descriptions
as labels; `show_hidden_initial` lets the view save only the answers this person changed."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ActionItem, ForumTopic, Stakeholder
from .workbook import MAX_UPLOAD


class SectionForm(forms.Form):
    """One dimension (levels 0–4) or one system group (values 0–3) of an investigation."""

    def __init__(self, *args, questions, answers, choices_for, note_label, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for q in self.questions:
            answer = answers.get(q.pk)
            help_parts = [q.help_text]
            if getattr(q, "evidence", ""):
                help_parts.append(str(_("Evidence: %(e)s")) % {"e": q.evidence})
            self.fields[f"q{q.pk}"] = forms.TypedChoiceField(
                label=f"{q.code}. {q.question}",
                choices=choices_for(q),
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                help_text=" ".join(p for p in help_parts if p),
                initial=getattr(answer, "level", getattr(answer, "value", None)) if answer else None,
                show_hidden_initial=True,
            )
            self.fields[f"n{q.pk}"] = forms.CharField(
                label=note_label,
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=answer.note if answer else "",
                show_hidden_initial=True,
            )

    def rows(self):
        return [(q, self[f"q{q.pk}"], self[f"n{q.pk}"]) for q in self.questions]

    def changed_answers(self) -> dict[int, tuple[int, str]]:
        """The answers this person changed (question id → (value, note)); an answer without a value is skipped."""
        changed = set(self.changed_data)
        result = {}
        for q in self.questions:
            if f"q{q.pk}" in changed or f"n{q.pk}" in changed:
                value = self.cleaned_data.get(f"q{q.pk}")
                if value is not None:
                    result[q.pk] = (value, self.cleaned_data.get(f"n{q.pk}") or "")
        return result


class StakeholderForm(forms.ModelForm):
    class Meta:
        model = Stakeholder
        fields = ["role", "name", "title"]


class WorkbookUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Filled-in workbook (.xlsx)"),
        help_text=_("The workbook downloaded from this investigation, at most 5 MB."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


class ActionItemForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionItem.Status.choices)
    assignee = forms.TypedChoiceField(label=_("Assigned to"), coerce=int, empty_value=None, required=False)
    due_on = forms.DateField(label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, officials, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", _("Nobody yet"))] + [(u.pk, u.get_full_name()) for u in officials]


class ProfileForm(forms.Form):
    share_results = forms.BooleanField(
        label=_("Share our scores with other WeGO members"), required=False,
        help_text=_("Otherwise other members only see averages over five or more cities."),
    )
    partner_opt_out = forms.BooleanField(label=_("Do not suggest our city as a benchmarking partner"), required=False)


class ModuleSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    code = forms.CharField(label=_("Indicator or system code"), required=False, max_length=20)


class ForumTopicForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 8}),
                           help_text=_("Markdown is supported: *emphasis*, lists, links."))
    kind = forms.ChoiceField(label=_("Kind"), choices=ForumTopic.Kind.choices, initial=ForumTopic.Kind.QUESTION)

    def __init__(self, *args, allow_announcement: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not allow_announcement:
            self.fields["kind"].choices = [(ForumTopic.Kind.QUESTION, ForumTopic.Kind.QUESTION.label)]


class ForumPostForm(forms.Form):
    body = forms.CharField(label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 6}),
                           help_text=_("Markdown is supported."))


class ActionNoteForm(forms.Form):
    note = forms.CharField(
        label=_("Our notes"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What your city knows about this gap and plans. They pre-fill letters of intent and requests."),
    )


class PeerContactForm(forms.Form):
    message = forms.CharField(
        label=_("Your message"), max_length=4000, widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("The city's focal points receive it with your name and email address, to reply to you."),
    )
