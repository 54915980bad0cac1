"""Admin of country economy data: the IMF WEO figures per country and year, and their import.

- The list filters by year and country and searches by country name or code.
- Adding or editing a row goes through `economy_set_value` (the Secretariat's audited hand entry);
  rows are not deleted here, so every change stays in the audit log (a re-import corrects them).
- "Import an IMF WEO file" (a button on the list) uploads the IMF's tab-separated export and runs
  `economy_import`; a malformed file is refused with its line, and nothing is written. Only users
  who may both add and change economy figures may import.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MinValueValidator
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from wego.admin_actions import CountryListFilter

from .models import CountryEconomy
from .services import economy_import, economy_set_value
from .weo import WEOFormatError, alpha2_for_weo_iso

IMPORT_TEMPLATE = "admin/finance/countryeconomy/import.html"
# Kosovo's code is not in django-countries' list unless the settings add it.
EXTRA_COUNTRY_NAMES = {"XK": "Kosovo"}


def weo_max_upload_size() -> int:
    """A WEO file is larger than the portal's other uploads (10–20 MB): five times the usual limit."""
    return getattr(settings, "MAX_UPLOAD_SIZE", 10 * 1024 * 1024) * 5


class CountryEconomyForm(forms.ModelForm):
    """The hand entry of one country's figures for a year."""

    class Meta:
        model = CountryEconomy
        fields = ("country", "year", "gdp_ppp_per_capita", "population_millions", "is_estimate")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("gdp_ppp_per_capita", "population_millions"):
            if name in self.fields:
                self.fields[name].validators.append(MinValueValidator(0))
                if self.instance.pk:
                    self.fields[name].help_text = _("Leave it as it is to keep the stored value.")
        if "year" in self.fields:
            self.fields["year"].validators.append(MinValueValidator(1900))

    def clean(self):
        cleaned = super().clean()
        if (
            not self.instance.pk
            and cleaned.get("gdp_ppp_per_capita") is None
            and cleaned.get("population_millions") is None
        ):
            raise ValidationError(_("Enter the GDP per capita (PPP), the population, or both."))
        return cleaned


class WEOUploadForm(forms.Form):
    file = forms.FileField(
        label=_("IMF WEO file"),
        help_text=_("The tab-separated file as downloaded from the IMF's World Economic Outlook database "
                    "(for example WEOOct2024all.xls), in UTF-16, UTF-8 or Latin-1."),
    )

    def __init__(self, *args, max_size: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_size = max_size

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.max_size:
            raise ValidationError(
                _("The file is %(size)s; the largest accepted is %(max)s.")
                % {"size": filesizeformat(upload.size), "max": filesizeformat(self.max_size)}
            )
        return upload


@admin.register(CountryEconomy)
class CountryEconomyAdmin(admin.ModelAdmin):
    form = CountryEconomyForm
    list_display = ("country_display", "year", "gdp_display", "population_display", "is_estimate", "source")
    list_filter = ("year", CountryListFilter, "is_estimate")
    search_fields = ("country",)
    search_help_text = _("A country's name or its ISO code (KR or KOR).")
    ordering = ("country", "-year")
    list_per_page = 100
    fields = ("country", "year", "gdp_ppp_per_capita", "population_millions", "is_estimate", "source", "updated_at")

    # List

    @admin.display(description=_("country"), ordering="country")
    def country_display(self, obj):
        code = obj.country.code
        name = obj.country.name or EXTRA_COUNTRY_NAMES.get(code, "")
        return f"{name} ({code})" if name else code

    @admin.display(description=_("GDP per capita, PPP"), ordering="gdp_ppp_per_capita")
    def gdp_display(self, obj):
        if obj.gdp_ppp_per_capita is None:
            return "—"
        return number_format(obj.gdp_ppp_per_capita, 3, use_l10n=True, force_grouping=True)

    @admin.display(description=_("population (millions)"), ordering="population_millions")
    def population_display(self, obj):
        if obj.population_millions is None:
            return "—"
        return number_format(obj.population_millions, 3, use_l10n=True, force_grouping=True)

    def get_search_results(self, request, queryset, search_term):
        """Search by country name (in any part) or by ISO alpha-2 / alpha-3 code."""
        term = search_term.strip()
        if not term:
            return queryset, False
        folded = term.casefold()
        codes = {code for code, name in countries if folded in str(name).casefold()}
        codes |= {code for code, name in EXTRA_COUNTRY_NAMES.items() if folded in name.casefold()}
        if len(term) == 2:
            codes.add(term.upper())
        elif len(term) == 3:
            codes.add(alpha2_for_weo_iso(term) or term.upper())
        return queryset.filter(country__in=codes), False

    # Edit: through the service

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            return ("country", "year", "source", "updated_at")
        return ("source", "updated_at")

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        row = economy_set_value(
            country=str(obj.country),
            year=obj.year,
            gdp_ppp_per_capita=form.cleaned_data.get("gdp_ppp_per_capita"),
            population_millions=form.cleaned_data.get("population_millions"),
            is_estimate=form.cleaned_data.get("is_estimate"),
            by=request.user,
        )
        obj.pk = row.pk
        obj._state.adding = False
        obj._state.db = row._state.db
        for name in ("gdp_ppp_per_capita", "population_millions", "is_estimate", "source", "updated_at"):
            setattr(obj, name, getattr(row, name))

    # Import

    def has_import_permission(self, request) -> bool:
        return self.has_add_permission(request) and self.has_change_permission(request)

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_import"
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name=name),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "has_import_permission": self.has_import_permission(request)}
        return super().changelist_view(request, extra_context=extra_context)

    def import_view(self, request):
        """Upload a WEO export and import it; show the counts, or the line that is wrong."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        max_size = weo_max_upload_size()
        result = None
        if request.method == "POST":
            form = WEOUploadForm(request.POST, request.FILES, max_size=max_size)
            if form.is_valid():
                upload = form.cleaned_data["file"]
                try:
                    result = economy_import(data=b"".join(upload.chunks()), filename=upload.name, by=request.user)
                except WEOFormatError as exc:
                    form.add_error(
                        "file",
                        _("%(file)s was not imported, nothing was changed. Line %(line)d: %(problem)s")
                        % {"file": upload.name, "line": exc.line, "problem": exc.message},
                    )
                else:
                    form = WEOUploadForm(max_size=max_size)
        else:
            form = WEOUploadForm(max_size=max_size)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import an IMF WEO file"),
            "subtitle": None,
            "opts": self.opts,
            "form": form,
            "result": result,
            "max_size": max_size,
            "changelist_url": reverse(f"{self.admin_site.name}:finance_countryeconomy_changelist"),
            "has_view_permission": self.has_view_permission(request),
            "media": self.media + form.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, IMPORT_TEMPLATE, context)
