from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

# The largest primary key of a BigAutoField (DEFAULT_AUTO_FIELD): any larger number names no row.
ID_MAX = 2**63 - 1


def parse_id(value: object, *, maximum: int = ID_MAX) -> int | None:
    """A positive whole number as a browser sends it (an id, a year) in a query string or a form, or None.

    Only ASCII digits count: "²" and "١٢" pass str.isdigit() but are not what a page sends (and int("²")
    raises); signs, spaces, text and numbers past `maximum` (a 20-digit id) are refused the same way.
    """
    if not isinstance(value, str) or not value.isascii() or not value.isdigit():
        return None
    number = int(value)
    return number if 0 < number <= maximum else None


class IdModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """ModelMultipleChoiceField that refuses what cannot be an id before asking the database.

    Django looks the chosen values up with `pk__in`, and SQLite raises OverflowError on a 20-digit
    number there (a 500): such a value is an invalid choice like any other unknown id.
    """

    def _check_values(self, value):
        if self.to_field_name is None:
            for pk in value if isinstance(value, list | tuple) else [value]:
                try:
                    number = int(str(pk))
                except ValueError:
                    continue  # not a number at all: Django refuses it itself
                if not -ID_MAX - 1 <= number <= ID_MAX:
                    raise forms.ValidationError(
                        self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk}
                    )
        return super()._check_values(value)


class IdField(forms.IntegerField):
    """An id sent in a hidden field: a positive number no larger than a primary key can be."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", ID_MAX)
        super().__init__(**kwargs)


class SignupExtraForm(forms.Form):
    """Extra fields on the sign-up page."""

    name = forms.CharField(label=_("Full name"), max_length=200)
    preferred_language = forms.ChoiceField(label=_("Preferred language"), choices=settings.LANGUAGES, initial="en")

    field_order = ["name", "email", "password1", "password2", "preferred_language"]

    def signup(self, request, user):
        """allauth calls this after creating the user; the adapter already stored the fields."""
        return user
