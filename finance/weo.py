"""Country economy data from the IMF World Economic Outlook (WEO): reading and checking its files.

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
line. Storing the figures is a service: `finance.services.economy_import` stores a whole file (all or
nothing); `finance.services.economy_set_value` is the Secretariat's hand entry or correction.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django_countries import countries

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
