"""Query parameters with bounds: one way to declare them, so that each is validated and documented alike.

A value that is not a whole number ("0.5", "1e3", "abc") or lies outside its bounds is a 400 in the
portal's error shape ({"error": {"status", "code", "message", "details"}}), never silently ignored and
never a database error; the schema states the type and the bounds from the same declaration.

- `IntegerFilter` for django-filter FilterSets (list endpoints);
- `IntegerQuery` / `TextQuery` for plain APIViews that read `request.query_params` themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django_filters import rest_framework as filters
from drf_spectacular.drainage import set_override
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError

# Years the portal's records can carry (editions, calls, investigations, benchmarks).
YEAR_MIN, YEAR_MAX = 2000, 2100
# Primary keys are BigAutoField: ids are 1 … 2⁶³ − 1.
ID_MIN, ID_MAX = 1, 2**63 - 1


def integer_schema(*, min_value: int, max_value: int, description=None) -> dict:
    schema = {"type": "integer", "minimum": min_value, "maximum": max_value}
    if description:
        schema["description"] = description
    return schema


class IntegerFilter(filters.NumberFilter):
    """A whole number between `min_value` and `max_value` (both required), documented with those bounds.

    django-filter's NumberFilter parses a decimal: "0.5" would filter an integer column by 0 and a value
    past the column's range would reach the database. This one refuses both with a 400.
    """

    field_class = forms.IntegerField

    def __init__(self, *args, min_value: int, max_value: int, **kwargs):
        super().__init__(*args, min_value=min_value, max_value=max_value, **kwargs)
        description = kwargs.get("help_text") or kwargs.get("label")
        set_override(self, "field", integer_schema(min_value=min_value, max_value=max_value, description=description))


def id_filter(*, field_name: str, **kwargs) -> IntegerFilter:
    """A filter by the id of a related row."""
    return IntegerFilter(field_name=field_name, min_value=ID_MIN, max_value=ID_MAX, **kwargs)


def year_filter(*, field_name: str, **kwargs) -> IntegerFilter:
    return IntegerFilter(field_name=field_name, min_value=YEAR_MIN, max_value=YEAR_MAX, **kwargs)


def _clean(name: str, field: forms.Field, request):
    try:
        return field.clean(request.query_params.get(name))
    except DjangoValidationError as exc:
        raise ValidationError({name: exc.messages}) from exc


if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


@dataclass(frozen=True)
class IntegerQuery:
    """An optional whole-number query parameter of a plain APIView:
    `parameters=[YEAR.parameter]` in extend_schema, `YEAR.value(request)` in the view."""

    name: str
    min_value: int
    max_value: int
    description: str | StrPromise = ""

    @property
    def parameter(self) -> OpenApiParameter:
        return OpenApiParameter(
            self.name,
            integer_schema(min_value=self.min_value, max_value=self.max_value),
            description=self.description,
        )

    def value(self, request) -> int | None:
        """The value sent, or None when absent or blank; a 400 when it is not a whole number in range."""
        field = forms.IntegerField(required=False, min_value=self.min_value, max_value=self.max_value)
        return _clean(self.name, field, request)


@dataclass(frozen=True)
class TextQuery:
    """An optional text query parameter of a plain APIView, at most `max_length` characters (a NUL
    character, which PostgreSQL cannot compare, is a 400 too)."""

    name: str
    max_length: int
    description: str = ""

    @property
    def parameter(self) -> OpenApiParameter:
        return OpenApiParameter(
            self.name, {"type": "string", "maxLength": self.max_length}, description=self.description
        )

    def value(self, request) -> str:
        """The value sent, stripped ("" when absent); a 400 when it is too long or holds a NUL."""
        return _clean(self.name, forms.CharField(required=False, max_length=self.max_length), request)
