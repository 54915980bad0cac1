from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class SignupExtraForm(forms.Form):
    """Extra fields on the sign-up page."""

    name = forms.CharField(label=_("Full name"), max_length=200)
    preferred_language = forms.ChoiceField(label=_("Preferred language"), choices=settings.LANGUAGES, initial="en")

    field_order = ["name", "email", "password1", "password2", "preferred_language"]

    def signup(self, request, user):
        """allauth calls this after creating the user; the adapter already stored the fields."""
        return user
