"""Country economy data: storing an IMF World Economic Outlook file (all or nothing) and the
Secretariat's hand entry or correction of one country's figures. Each writes one audit entry; reading
and checking the file is finance.weo's."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from wego.audit import audit_record

from ..models import CountryEconomy
from ..weo import FIELD_LIMITS, IMF_ISO_ALIASES, QUANTUM, read_weo

__all__ = ["IMPORT_FIELDS", "EconomyImportResult", "economy_import", "economy_set_value"]


@dataclass(frozen=True)
class EconomyImportResult:
    """The outcome of `economy_import`."""

    filename: str
    created: int
    updated: int
    unchanged: int
    skipped_iso: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    countries: tuple[str, ...] = field(default=())

    @property
    def first_year(self) -> int | None:
        return self.years[0] if self.years else None

    @property
    def last_year(self) -> int | None:
        return self.years[-1] if self.years else None

    def summary(self) -> str:
        """One line for a message or the command's output."""
        text = _("%(created)d created, %(updated)d updated, %(unchanged)d unchanged") % {
            "created": self.created, "updated": self.updated, "unchanged": self.unchanged,
        }
        if self.years:
            text += _("; %(countries)d countries, years %(first)d–%(last)d") % {
                "countries": len(self.countries), "first": self.first_year, "last": self.last_year,
            }
        if self.skipped_iso:
            text += _("; skipped unknown codes: %(codes)s") % {"codes": ", ".join(self.skipped_iso)}
        return text


IMPORT_FIELDS = ("gdp_ppp_per_capita", "population_millions", "is_estimate", "source", "updated_at")


@transaction.atomic
def economy_import(*, data: bytes, filename: str, by=None) -> EconomyImportResult:
    """Store the PPPPC and LP figures of a WEO export, one row per country and year.

    The whole file is read before anything is written, so a malformed file changes nothing.
    Rows are matched on (country, year): a re-import updates and never duplicates. A value the file
    leaves missing (`n/a`) does not erase a stored one (a hand entry for a year the IMF has not
    published survives the next import). Set-based: one query loads the stored rows, then batched
    inserts of the new rows and batched upserts of the changed ones.
    """
    source = os.path.basename(filename.replace("\\", "/"))[:255] or "WEO file"
    weo = read_weo(data, filename=source)
    now = timezone.now()
    codes = weo.countries
    existing = {
        (row.country.code, row.year): row
        for row in CountryEconomy.objects.select_for_update().filter(country__in=codes, year__in=weo.years)
    }
    to_create, to_update, unchanged = [], [], 0
    for item in weo.rows:
        row = existing.get((item.country, item.year))
        if row is None:
            to_create.append(
                CountryEconomy(
                    country=item.country,
                    year=item.year,
                    gdp_ppp_per_capita=item.gdp_ppp_per_capita,
                    population_millions=item.population_millions,
                    is_estimate=item.is_estimate,
                    source=source,
                    updated_at=now,
                )
            )
            continue
        new = {
            "gdp_ppp_per_capita": item.gdp_ppp_per_capita if item.gdp_ppp_per_capita is not None
            else row.gdp_ppp_per_capita,
            "population_millions": item.population_millions if item.population_millions is not None
            else row.population_millions,
            "is_estimate": item.is_estimate,
            "source": source,
        }
        if all(getattr(row, name) == value for name, value in new.items()):
            unchanged += 1
            continue
        to_update.append(CountryEconomy(country=item.country, year=item.year, updated_at=now, **new))
    CountryEconomy.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        # An upsert on (country, year) for the changed rows: one statement per batch. Django's
        # bulk_update builds a CASE per field and row, several seconds for a whole WEO edition.
        CountryEconomy.objects.bulk_create(
            to_update,
            batch_size=500,
            update_conflicts=True,
            unique_fields=["country", "year"],
            update_fields=list(IMPORT_FIELDS),
        )
    result = EconomyImportResult(
        filename=source,
        created=len(to_create),
        updated=len(to_update),
        unchanged=unchanged,
        skipped_iso=weo.skipped_iso,
        years=weo.years,
        countries=codes,
    )
    audit_record(
        actor=by,
        action="members.economy.imported",
        data={
            "filename": source,
            "encoding": weo.encoding,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "countries": len(codes),
            "years": [result.first_year, result.last_year] if result.years else [],
            "skipped_iso": list(result.skipped_iso),
        },
    )
    return result


def _valid_country(code: str) -> str:
    code = str(code or "").strip().upper()
    if code in IMF_ISO_ALIASES.values() or (len(code) == 2 and countries.name(code)):
        return code
    raise ValidationError(_("'%(code)s' is not a country code (ISO 3166 alpha-2).") % {"code": code})


@transaction.atomic
def economy_set_value(
    *,
    country: str,
    year: int,
    gdp_ppp_per_capita: Decimal | None = None,
    population_millions: Decimal | None = None,
    is_estimate: bool | None = None,
    by,
) -> CountryEconomy:
    """Enter or correct a country's figures for a year by hand (the Secretariat), audited.

    A value left as None keeps the stored one (so a correction of the population does not touch the
    GDP). `is_estimate` None keeps the flag (False for a new row). The source becomes
    "entered by hand by <email>". Saving identical values changes and records nothing.
    """
    country = _valid_country(country)
    year = int(year)
    if not 1900 <= year <= 2200:
        raise ValidationError(_("%(year)d is not a plausible year.") % {"year": year})
    given = {}
    for name, value in (("gdp_ppp_per_capita", gdp_ppp_per_capita), ("population_millions", population_millions)):
        if value is None:
            continue
        try:
            number = Decimal(str(value)).quantize(QUANTUM, rounding=ROUND_HALF_UP)
        except InvalidOperation:
            raise ValidationError(_("'%(value)s' is not a number.") % {"value": value})
        if number < 0 or number >= FIELD_LIMITS[name]:
            raise ValidationError(_("%(value)s is out of range.") % {"value": value})
        given[name] = number
    row = CountryEconomy.objects.select_for_update().filter(country=country, year=year).first()
    if row is None:
        if not given:
            raise ValidationError(_("Enter the GDP per capita (PPP), the population, or both."))
        row = CountryEconomy(country=country, year=year, is_estimate=False)
    fields = ("gdp_ppp_per_capita", "population_millions", "is_estimate", "source")
    old = {name: getattr(row, name) for name in fields} if row.pk else None
    for name, value in given.items():
        setattr(row, name, value)
    if is_estimate is not None:
        row.is_estimate = bool(is_estimate)
    if old is not None and all(getattr(row, name) == old[name] for name in fields if name != "source"):
        return row
    email = getattr(by, "email", "") or str(by or "system")
    row.source = f"entered by hand by {email}"[:255]  # stored data, not interface text: not translated
    row.save()
    audit_record(
        actor=by,
        action="members.economy.edited",
        target=row,
        data={
            "country": country,
            "year": year,
            "old": old,
            "new": {name: getattr(row, name) for name in fields},
        },
    )
    return row
