"""Bulk import and export of members (django-import-export), used by the Secretariat in the admin.

A row matches an existing member by its slug when the file gives one, else by name (ignoring case)
and country. New rows get a unique slug and, when the file leaves the region blank, the region of
their country. Every bad value is reported per row and column in the dry-run preview, and the admin
only offers to confirm the import once the whole file is clean.

Status and category of an existing member are not changed by an import: those changes are
transitions (suspend, reinstate, Executive Committee approval, withdrawal) with their own actions.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries
from import_export import fields, resources, widgets

from wego.audit import audit_record

from .models import Member, RegionalOffice
from .regions import Region, region_for_country
from .services import member_regional_office_assign, member_slug_unique

# --- Widgets: each turns a cell into a value or raises ValueError with a message for the preview -----


def _text(value) -> str:
    return "" if value is None else str(value).strip()


class ChoiceWidget(widgets.Widget):
    """A choice given by its code ('full') or its label ('Full'), in any case.

    `blank` is what an empty cell means: a value, or None to leave the field as it is.
    """

    def __init__(self, choices: type, what: str, blank=""):
        super().__init__()
        self.choices = choices
        self.what = what
        self.blank = blank

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if not text:
            return self.blank
        wanted = text.casefold()
        for code, label in self.choices.choices:
            if wanted in (str(code).casefold(), str(label).casefold()):
                return code
        raise ValueError(
            _("Unknown %(what)s '%(value)s': use one of %(choices)s.")
            % {"what": self.what, "value": text, "choices": ", ".join(self.choices.values)}
        )

    def render(self, value, obj=None, **kwargs):
        return value or ""


class CountryWidget(widgets.Widget):
    """An ISO 3166-1 alpha-2 code such as KR."""

    def clean(self, value, row=None, **kwargs):
        code = _text(value).upper()
        if not code:
            raise ValueError(_("Give the country as its two-letter ISO code, e.g. KR."))
        if len(code) != 2 or not countries.name(code):
            raise ValueError(
                _("Unknown country code '%(value)s': use the two-letter ISO 3166-1 code, e.g. KR, FR, BR.")
                % {"value": _text(value)}
            )
        return code

    def render(self, value, obj=None, **kwargs):
        return getattr(value, "code", value) or ""


class WholeNumberWidget(widgets.Widget):
    """A whole number that cannot be negative (population, year)."""

    def __init__(self, what: str):
        super().__init__()
        self.what = what

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            raise ValueError(_("%(what)s must be a whole number.") % {"what": self.what})
        text = _text(value).replace(",", "").replace(" ", "").replace("_", "")
        if not text:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or number != number.to_integral_value() or len(text) > 20:
            raise ValueError(
                _("%(what)s must be a whole number, not '%(value)s'.") % {"what": self.what, "value": _text(value)}
            )
        if number < 0:
            raise ValueError(
                _("%(what)s cannot be negative (%(value)s).") % {"what": self.what, "value": _text(value)}
            )
        return int(number)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class IsoDateWidget(widgets.Widget):
    """A date written YYYY-MM-DD (or a date cell of a spreadsheet)."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = _text(value)
        if not text:
            return None
        try:
            return datetime.strptime(text[:10] if len(text) > 10 and text[10] in " T" else text, "%Y-%m-%d").date()
        except ValueError:
            raise ValueError(_("'%(value)s' is not a date: write it as YYYY-MM-DD.") % {"value": text})

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class RegionalOfficeWidget(widgets.ForeignKeyWidget):
    """A regional office by its name (ignoring case)."""

    def __init__(self):
        super().__init__(RegionalOffice, field="name")

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if not text:
            return None
        office = RegionalOffice.objects.filter(name__iexact=text).first()
        if office is None:
            known = ", ".join(RegionalOffice.objects.values_list("name", flat=True)) or _("none yet")
            raise ValueError(
                _("Unknown regional office '%(value)s': use one of %(known)s.") % {"value": text, "known": known}
            )
        return office

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


# --- The resource ------------------------------------------------------------------------------------

#: What an import may not change on an existing member: transitions have their own actions.
TRANSITION_FIELDS = ("status", "category")
#: What the audit entry of an updated member compares.
AUDITED_FIELDS = (
    "slug", "name", "name_local", "kind", "country", "region", "region_overridden", "population", "population_year",
    "population_source", "website", "official_languages", "joined_on", "category", "status", "regional_office_id",
)


def _snapshot(member: Member) -> dict:
    values = {name: getattr(member, name) for name in AUDITED_FIELDS}
    values["country"] = str(member.country) if member.country else ""
    return values


class MemberResource(resources.ModelResource):
    slug = fields.Field(attribute="slug", column_name="slug", widget=widgets.CharWidget())
    name = fields.Field(attribute="name", column_name="name", widget=widgets.CharWidget())
    name_local = fields.Field(attribute="name_local", column_name="name_local", widget=widgets.CharWidget())
    kind = fields.Field(
        attribute="kind", column_name="kind", widget=ChoiceWidget(Member.Kind, gettext_lazy("kind"), blank=None),
        saves_null_values=False,
    )
    country = fields.Field(attribute="country", column_name="country", widget=CountryWidget())
    region = fields.Field(attribute="region", column_name="region", widget=ChoiceWidget(Region, gettext_lazy("region")))
    population = fields.Field(
        attribute="population", column_name="population", widget=WholeNumberWidget(gettext_lazy("The population"))
    )
    population_year = fields.Field(
        attribute="population_year", column_name="population_year", widget=WholeNumberWidget(gettext_lazy("The population year"))
    )
    population_source = fields.Field(
        attribute="population_source", column_name="population_source", widget=widgets.CharWidget()
    )
    website = fields.Field(attribute="website", column_name="website", widget=widgets.CharWidget())
    official_languages = fields.Field(
        attribute="official_languages", column_name="official_languages", widget=widgets.CharWidget()
    )
    joined_on = fields.Field(attribute="joined_on", column_name="joined_on", widget=IsoDateWidget())
    category = fields.Field(
        attribute="category", column_name="category", widget=ChoiceWidget(Member.Category, gettext_lazy("category"))
    )
    status = fields.Field(
        attribute="status", column_name="status", widget=ChoiceWidget(Member.Status, gettext_lazy("status"), blank=None),
        saves_null_values=False,
    )
    regional_office = fields.Field(
        attribute="regional_office", column_name="regional_office", widget=RegionalOfficeWidget()
    )

    class Meta:
        model = Member
        fields = (
            "slug", "name", "name_local", "kind", "country", "region", "population", "population_year",
            "population_source", "website", "official_languages", "joined_on", "category", "status",
            "regional_office",
        )
        export_order = fields
        import_order = fields
        # Rows are matched in get_instance (slug, else name + country), not by id columns.
        import_id_fields = ()
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._seen: dict[tuple, int] = {}
        self._user = None

    @classmethod
    def get_display_name(cls):
        return gettext_lazy("Members")

    def get_queryset(self):
        return Member.objects.select_related("regional_office")

    # --- Import ---------------------------------------------------------------------------------

    def before_import(self, dataset, **kwargs):
        self._seen = {}
        self._user = kwargs.get("user")
        missing = [column for column in ("name", "country") if column not in (dataset.headers or [])]
        if missing:
            raise ValidationError(
                _("The file needs the columns %(missing)s (first row: column names).")
                % {"missing": ", ".join(missing)}
            )

    @staticmethod
    def _row_key(row) -> tuple:
        slug = _text(row.get("slug"))
        if slug:
            return ("slug", slug)
        return ("name", " ".join(_text(row.get("name")).casefold().split()), _text(row.get("country")).upper())

    def get_instance(self, instance_loader, row):
        """The member a row updates: by slug when given, else by name (any case) and country."""
        key = self._row_key(row)
        if key[0] == "slug":
            return Member.objects.filter(slug=key[1]).first()
        name, country = _text(row.get("name")), key[2]
        if not name or not country:
            return None
        matches = list(Member.objects.filter(name__iexact=name, country=country)[:2])
        if len(matches) > 1:
            raise ValidationError(
                {"slug": _("Several members are called %(name)s in %(country)s: give the slug to say which one.")
                 % {"name": name, "country": country}}
            )
        return matches[0] if matches else None

    def after_init_instance(self, instance, new, row, **kwargs):
        instance._import_before = None if new else _snapshot(instance)

    def import_instance(self, instance, row, **kwargs):
        errors: dict = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)

        row_number = kwargs.get("row_number")
        key = self._row_key(row)
        if key in self._seen and key != ("name", "", ""):
            errors.setdefault("name", []).append(
                _("This row is the same member as row %(row)s: give each member once.") % {"row": self._seen[key]}
            )
        else:
            self._seen[key] = row_number

        if not instance.name or not instance.name.strip():
            errors.setdefault("name", []).append(_("Give the organisation's name."))
        else:
            instance.name = instance.name.strip()
        year = instance.population_year
        if "population_year" not in errors and year is not None and not 1800 <= year <= timezone.now().year:
            errors.setdefault("population_year", []).append(
                _("The population year must be between 1800 and this year, not %(year)s.") % {"year": year}
            )
        if "joined_on" not in errors and instance.joined_on and instance.joined_on > timezone.localdate():
            errors.setdefault("joined_on", []).append(_("The joining date cannot be in the future."))

        before = getattr(instance, "_import_before", None)
        if before is not None:
            for name in TRANSITION_FIELDS:
                if name not in errors and getattr(instance, name) != before[name]:
                    labels = dict(Member.Status.choices if name == "status" else Member.Category.choices)
                    errors.setdefault(name, []).append(
                        _("An import does not change the %(field)s of %(member)s (%(old)s → %(new)s): use the "
                          "member actions (suspend, reinstate, record Executive Committee approval, withdrawal).")
                        % {"field": Member._meta.get_field(name).verbose_name, "member": before["name"],
                           "old": labels.get(before[name], before[name]) or "—",
                           "new": labels.get(getattr(instance, name), getattr(instance, name)) or "—"}
                    )

        if "country" not in errors and instance.country:
            derived = region_for_country(str(instance.country))
            if "region" not in errors:
                if not instance.region:
                    instance.region = derived
                instance.region_overridden = bool(instance.region) and instance.region != derived
            if not instance.slug and instance.name:
                instance.slug = member_slug_unique(instance.name, str(instance.country))

        if errors:
            raise ValidationError(errors)

    def after_save_instance(self, instance, row, **kwargs):
        """Record each created or changed member in the audit log, with the importing user as actor."""
        if kwargs.get("dry_run"):
            return
        before = getattr(instance, "_import_before", None)
        if before is None:
            member_regional_office_assign(instance)
            audit_record(
                actor=kwargs.get("user", self._user),
                action="members.member.created",
                target=instance,
                data={"source": "import", "file": kwargs.get("file_name"), "row": kwargs.get("row_number"),
                      "status": instance.status, "category": instance.category},
            )
            return
        after = _snapshot(instance)
        changed = {name: [before[name], after[name]] for name in AUDITED_FIELDS if before[name] != after[name]}
        audit_record(
            actor=kwargs.get("user", self._user),
            action="members.member.updated",
            target=instance,
            data={"source": "import", "file": kwargs.get("file_name"), "row": kwargs.get("row_number"),
                  "changed": changed},
        )
