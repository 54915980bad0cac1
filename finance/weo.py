"""Country economy data from the IMF World Economic Outlook (WEO): the parser and its two services.

The fee formula needs, per country and year, the GDP per capita at purchasing power parity
(WEO subject `PPPPC`, current international dollars) and the population (subject `LP`, millions).
The IMF publishes the WEO database as a tab-separated text file (named `.xls`, but not a workbook):

- encodings: UTF-16 LE with a byte-order mark from October 2020 on; UTF-8 or Latin-1 before;
- columns found by header name: `WEO Country Code, ISO, WEO Subject Code, Country, …,
  1980 … YYYY, Estimates Start After`; the year columns are whatever years the header lists;
- values: `n/a`, `--` or empty for missing; thousands separators (`"1,234.567"`, often quoted);
- `Estimates Start After` is the last year of actual data: later values are IMF estimates;
- a footer after a blank line ("International Monetary Fund, World Economic Outlook Database, …").

`read_weo` / `parse_weo` read a file and refuse a malformed one with a `WEOFormatError` naming the
line; `economy_import` stores a whole file (all or nothing); `economy_set_value` is the
Secretariat's hand entry or correction. Both services write one audit entry.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from wego.audit import audit_record

from .models import CountryEconomy

# WEO subject code → CountryEconomy field.
SUBJECTS = {"PPPPC": "gdp_ppp_per_capita", "LP": "population_millions"}

# IMF codes in the ISO column that are not ISO 3166 alpha-3 codes, with the alpha-2 code they mean.
# Kosovo has no ISO code; "XK" is the user-assigned code the EU, the IMF's SDMX data and others use.
IMF_ISO_ALIASES = {"UVK": "XK", "WBG": "PS"}

MISSING = frozenset({"", "n/a", "na", "--", "-", "…", "..."})
QUANTUM = Decimal("0.001")
# The largest absolute value each field holds (max_digits − decimal_places integer digits).
FIELD_LIMITS = {"gdp_ppp_per_capita": Decimal(10) ** 11, "population_millions": Decimal(10) ** 9}

NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
WEO_CODE = re.compile(r"^\d{1,4}$")
YEAR = re.compile(r"^(?:19|20|21)\d\d$")

HEADER_COUNTRY_CODE = "weo country code"
HEADER_ISO = "iso"
HEADER_SUBJECT = "weo subject code"
HEADER_ESTIMATES = "estimates start after"
REQUIRED_HEADERS = (HEADER_COUNTRY_CODE, HEADER_ISO, HEADER_SUBJECT, HEADER_ESTIMATES)


class WEOFormatError(ValueError):
    """The file is not a well-formed WEO export. `line` is 1-based, as an editor shows it."""

    def __init__(self, line: int, message: str, *, filename: str = ""):
        self.line = line
        self.message = message
        self.filename = filename
        super().__init__(f"line {line}: {message}")


@dataclass(frozen=True)
class EconomyRow:
    """The figures of one country (ISO alpha-2) for one year, as read from a WEO file."""

    country: str
    year: int
    gdp_ppp_per_capita: Decimal | None
    population_millions: Decimal | None
    is_estimate: bool


@dataclass(frozen=True)
class WEOFile:
    """What a WEO file holds for the portal: the rows, and the ISO codes skipped as unknown."""

    rows: list[EconomyRow]
    skipped_iso: tuple[str, ...] = ()
    encoding: str = ""

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted({row.year for row in self.rows}))

    @property
    def countries(self) -> tuple[str, ...]:
        return tuple(sorted({row.country for row in self.rows}))


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


# --- Reading the file -------------------------------------------------------------------------------


def _line_of_offset(data: bytes, offset: int, encoding: str) -> int:
    """The line holding byte `offset` (for a decoding error), counting the valid text before it."""
    text = data[:offset].decode(encoding, errors="ignore")
    return text.count("\n") + 1


def decode_weo(data: bytes) -> tuple[str, str]:
    """Return (text, encoding): byte-order mark first, then strict UTF-8, then Latin-1 (cp1252)."""
    boms = (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    )
    for bom, encoding in boms:
        if data.startswith(bom):
            body = data[len(bom):]
            try:
                return body.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                line = _line_of_offset(body, exc.start, encoding)
                raise WEOFormatError(line, _("the file is not valid %(encoding)s text.") % {"encoding": encoding.upper()})
    # UTF-16 without a byte-order mark: ASCII text has a zero byte in every pair.
    head = data[:200]
    if len(head) >= 4 and head[1::2].count(0) > len(head) // 4 and head[0::2].count(0) == 0:
        encodings = ("utf-16-le",)
    elif len(head) >= 4 and head[0::2].count(0) > len(head) // 4 and head[1::2].count(0) == 0:
        encodings = ("utf-16-be",)
    else:
        encodings = ("utf-8", "cp1252", "latin-1")
    for encoding in encodings:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as exc:
            error = exc
    raise WEOFormatError(
        _line_of_offset(data, error.start, encodings[-1]),
        _("the file's text encoding is not UTF-16, UTF-8 or Latin-1."),
    )


def _refuse_other_formats(data: bytes) -> None:
    if not data.strip():
        raise WEOFormatError(1, _("the file is empty."))
    if data.startswith(b"\xd0\xcf\x11\xe0") or data.startswith(b"PK\x03\x04"):
        raise WEOFormatError(
            1,
            _("this is an Excel workbook, not the IMF's tab-separated export. Upload the file as "
              "downloaded from the IMF, or save the sheet as 'Text (Tab delimited)'."),
        )


def _is_blank(row: list[str]) -> bool:
    return not any(cell.strip() for cell in row)


def _norm(header: str) -> str:
    return " ".join(header.replace("\ufeff", "").split()).casefold()


@dataclass
class _Header:
    count: int
    index: dict[str, int]
    years: list[tuple[int, int]]  # (column index, year)


def _read_header(row: list[str], line: int) -> _Header:
    if len(row) < 2:
        text = row[0] if row else ""
        hint = ""
        if "," in text or ";" in text:
            hint = " " + _("It looks comma- or semicolon-separated; the IMF's export is tab-separated.")
        raise WEOFormatError(
            line, _("the file is not tab-separated: the first line has no tab.") + hint
        )
    while row and not row[-1].strip():
        row = row[:-1]
    names = [_norm(cell) for cell in row]
    index: dict[str, int] = {}
    years: list[tuple[int, int]] = []
    for i, name in enumerate(names):
        if YEAR.match(name):
            years.append((i, int(name)))
        elif name and name not in index:
            index[name] = i
    missing = [name for name in REQUIRED_HEADERS if name not in index]
    if missing or not years:
        wanted = ", ".join(f"'{name.title().replace('Weo', 'WEO').replace('Iso', 'ISO')}'" for name in missing)
        if not years:
            wanted = ", ".join(filter(None, [wanted, _("year columns (1980 … YYYY)")]))
        raise WEOFormatError(
            line,
            _("this is not an IMF WEO export: the header lacks %(columns)s.") % {"columns": wanted},
        )
    return _Header(count=len(row), index=index, years=years)


def _number(raw: str, *, line: int, year: int, subject: str, iso: str, field_name: str) -> Decimal | None:
    text = raw.strip().strip('"').strip().replace("\u00a0", "").replace(" ", "")
    if text.casefold() in MISSING:
        return None
    if not NUMBER.match(text):
        raise WEOFormatError(
            line,
            _("%(iso)s %(subject)s %(year)d: '%(value)s' is not a number.")
            % {"iso": iso, "subject": subject, "year": year, "value": raw.strip()},
        )
    try:
        value = Decimal(text.replace(",", "")).quantize(QUANTUM, rounding=ROUND_HALF_UP)
    except InvalidOperation:  # pragma: no cover - the pattern already refused it
        raise WEOFormatError(line, _("'%(value)s' is not a number.") % {"value": raw.strip()})
    if value < 0:
        raise WEOFormatError(
            line,
            _("%(iso)s %(subject)s %(year)d: %(value)s is negative.")
            % {"iso": iso, "subject": subject, "year": year, "value": raw.strip()},
        )
    if value >= FIELD_LIMITS[field_name]:
        raise WEOFormatError(
            line,
            _("%(iso)s %(subject)s %(year)d: %(value)s is too large.")
            % {"iso": iso, "subject": subject, "year": year, "value": raw.strip()},
        )
    return value


def _estimates_start_after(raw: str, *, line: int) -> int | None:
    text = raw.strip().strip('"').strip()
    if text.casefold() in MISSING or text == "0":
        return None
    if not YEAR.match(text):
        raise WEOFormatError(
            line, _("'Estimates Start After' should be a year, not '%(value)s'.") % {"value": text}
        )
    return int(text)


def alpha2_for_weo_iso(code: str) -> str:
    """The ISO alpha-2 code for the IMF's ISO column, or "" when it names no known country."""
    code = code.strip().upper()
    if code in IMF_ISO_ALIASES:
        return IMF_ISO_ALIASES[code]
    if len(code) != 3 or not code.isalpha():
        return ""
    return countries.alpha2(code) or ""


def read_weo(data: bytes, *, filename: str = "") -> WEOFile:
    """Read a WEO export: the rows of PPPPC and LP per country and year, and the unknown ISO codes.

    Aggregates (no ISO code) are left out silently; a code that is neither ISO nor a known IMF code
    is left out and reported in `skipped_iso`. A malformed data row raises `WEOFormatError`.
    """
    try:
        _refuse_other_formats(data)
        text, encoding = decode_weo(data)
        return _read_text(text, encoding)
    except WEOFormatError as exc:
        exc.filename = filename
        raise


def parse_weo(data: bytes, *, filename: str) -> list[EconomyRow]:
    """The figures a WEO export holds, one row per country and year (see `read_weo`)."""
    return read_weo(data, filename=filename).rows


def _read_text(text: str, encoding: str) -> WEOFile:
    text = text.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t", quotechar='"', strict=False)
    header: _Header | None = None
    in_footer = False
    last_line = 0
    # (alpha-2, year) → {field: (value, is_estimate)}
    values: dict[tuple[str, int], dict[str, tuple[Decimal, bool]]] = {}
    seen: dict[tuple[str, str], int] = {}
    skipped: set[str] = set()
    try:
        for row in reader:
            line, last_line = last_line + 1, reader.line_num
            if header is None:
                if _is_blank(row):
                    continue
                header = _read_header(row, line)
                continue
            if _is_blank(row):
                in_footer = True
                continue
            code_column = header.index[HEADER_COUNTRY_CODE]
            first = row[code_column].strip() if len(row) > code_column else ""
            if not WEO_CODE.match(first):
                if in_footer or len([cell for cell in row if cell.strip()]) == 1:
                    in_footer = True  # the IMF's footer ("International Monetary Fund, …")
                    continue
                raise WEOFormatError(
                    line, _("'%(value)s' is not a WEO country code (a number).") % {"value": first[:40]}
                )
            if len(row) > header.count and not any(cell.strip() for cell in row[header.count:]):
                row = row[: header.count]
            if len(row) != header.count:
                raise WEOFormatError(
                    line,
                    _("expected %(expected)d tab-separated columns, found %(found)d.")
                    % {"expected": header.count, "found": len(row)},
                )
            _read_row(row, line, header, values, seen, skipped)
    except csv.Error as exc:
        raise WEOFormatError(reader.line_num or 1, _("unreadable line (%(error)s).") % {"error": exc})
    if header is None:
        raise WEOFormatError(1, _("the file is empty."))
    rows = []
    for (country, year), figures in sorted(values.items()):
        gdp = figures.get("gdp_ppp_per_capita")
        population = figures.get("population_millions")
        rows.append(
            EconomyRow(
                country=country,
                year=year,
                gdp_ppp_per_capita=gdp[0] if gdp else None,
                population_millions=population[0] if population else None,
                is_estimate=any(figure[1] for figure in figures.values()),
            )
        )
    return WEOFile(rows=rows, skipped_iso=tuple(sorted(skipped)), encoding=encoding)


def _read_row(row, line, header: _Header, values, seen, skipped) -> None:
    subject = row[header.index[HEADER_SUBJECT]].strip().upper()
    field_name = SUBJECTS.get(subject)
    if field_name is None:
        return
    iso = row[header.index[HEADER_ISO]].strip().upper()
    if not iso:
        return  # an aggregate (world, regions, groups)
    country = alpha2_for_weo_iso(iso)
    if not country:
        skipped.add(iso)
        return
    key = (country, subject)
    if key in seen:
        raise WEOFormatError(
            line,
            _("a second %(subject)s row for %(iso)s (the first is on line %(first)d).")
            % {"subject": subject, "iso": iso, "first": seen[key]},
        )
    seen[key] = line
    last_actual = _estimates_start_after(row[header.index[HEADER_ESTIMATES]], line=line)
    for column, year in header.years:
        value = _number(row[column], line=line, year=year, subject=subject, iso=iso, field_name=field_name)
        if value is None:
            continue
        is_estimate = last_actual is not None and year > last_actual
        values.setdefault((country, year), {})[field_name] = (value, is_estimate)


# --- Services ---------------------------------------------------------------------------------------

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
