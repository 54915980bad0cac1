"""Country economy data: the IMF WEO parser, the import and hand-entry services, the command, the admin."""

from __future__ import annotations

import codecs
from decimal import Decimal
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError

from finance.models import CountryEconomy
from finance.services import economy_import, economy_set_value
from finance.weo import (
    EconomyRow,
    WEOFormatError,
    decode_weo,
    parse_weo,
    read_weo,
)
from tests.factories import UserFactory
from wego.models import AuditEntry

DATA = Path(__file__).resolve().parent.parent / "data" / "weo"
UTF16 = DATA / "weo_2024_oct_utf16.xls"
LATIN1 = DATA / "weo_2019_apr_latin1.xls"
BAD_NUMBER = DATA / "weo_2024_oct_bad_number.xls"
MISSING_COLUMN = DATA / "weo_2024_oct_missing_column.xls"
NO_HEADER = DATA / "weo_no_header.xls"

# 13 countries (12 + Kosovo) × 7 years, less Sudan 2024 and 2025 where both figures are n/a.
UTF16_ROWS = 89
UTF16_COUNTRIES = ("BD", "CN", "ES", "ID", "KE", "KR", "MN", "PH", "RU", "SD", "UZ", "VN", "XK")

IMPORT_URL = "/admin/finance/countryeconomy/import/"
CHANGELIST_URL = "/admin/finance/countryeconomy/"

HEADER = (
    "WEO Country Code\tISO\tWEO Subject Code\tCountry\tSubject Descriptor\tSubject Notes\tUnits\tScale\t"
    "Country/Series-specific Notes\t2022\t2023\t2024\tEstimates Start After"
)


def weo_text(*rows: str, header: str = HEADER, footer: bool = True) -> str:
    lines = [header, *rows]
    if footer:
        lines += ["", "International Monetary Fund, World Economic Outlook Database, October 2024"]
    return "\r\n".join(lines) + "\r\n"


def row(code="542", iso="KOR", subject="PPPPC", values=('"55,683.917"', '"58,590.283"', '"60,941.352"'), after="2023"):
    return "\t".join([code, iso, subject, "Korea", "GDP", "notes", "units", "Units", "", *values, after])


def by_key(rows: list[EconomyRow]) -> dict[tuple[str, int], EconomyRow]:
    return {(r.country, r.year): r for r in rows}


def snapshot() -> dict:
    return {
        (str(r.country), r.year): (r.gdp_ppp_per_capita, r.population_millions, r.is_estimate, r.source)
        for r in CountryEconomy.objects.all()
    }


# --- The parser ---------------------------------------------------------------------------------------


def test_utf16_file_values_separators_and_estimates():
    data = UTF16.read_bytes()
    assert data.startswith(codecs.BOM_UTF16_LE)
    weo = read_weo(data, filename=UTF16.name)
    assert weo.encoding == "utf-16-le"
    rows = by_key(weo.rows)
    assert len(weo.rows) == UTF16_ROWS
    assert weo.countries == UTF16_COUNTRIES
    assert weo.years == tuple(range(2019, 2026))
    korea = rows[("KR", 2019)]
    # Quoted with a thousands separator in the file: "46,895.201".
    assert korea == EconomyRow("KR", 2019, Decimal("46895.201"), Decimal("51.850"), False)
    assert rows[("KR", 2023)].gdp_ppp_per_capita == Decimal("58590.283")
    assert rows[("KR", 2023)].is_estimate is False  # Estimates Start After 2023: 2023 is actual
    assert rows[("KR", 2024)].is_estimate is True
    assert rows[("KR", 2025)].population_millions == Decimal("51.685")
    # A population above a thousand million, with its separator.
    assert rows[("CN", 2019)].population_millions == Decimal("1400.050")
    # Bangladesh's actual data end in 2022.
    assert rows[("BD", 2022)].is_estimate is False
    assert rows[("BD", 2023)].is_estimate is True


def test_missing_values_aggregates_kosovo_and_other_subjects():
    rows = by_key(parse_weo(UTF16.read_bytes(), filename=UTF16.name))
    # n/a: Sudan has a population for 2023 but no GDP; nothing at all for 2024 and 2025.
    assert rows[("SD", 2023)].gdp_ppp_per_capita is None
    assert rows[("SD", 2023)].population_millions == Decimal("47.963")
    assert ("SD", 2024) not in rows and ("SD", 2025) not in rows
    # "--" and an empty cell are missing values too.
    assert rows[("MN", 2025)].population_millions is None
    assert rows[("MN", 2025)].gdp_ppp_per_capita == Decimal("19059.412")
    assert rows[("UZ", 2019)].population_millions is None
    # The IMF's UVK is Kosovo, XK.
    assert rows[("XK", 2023)].gdp_ppp_per_capita == Decimal("15953.117")
    # The World aggregate (no ISO code) is left out; NGDP_RPCH (growth) is ignored.
    assert {country for country, _year in rows} == set(UTF16_COUNTRIES)
    assert rows[("KR", 2020)].gdp_ppp_per_capita == Decimal("47426.372")


def test_latin1_file():
    data = LATIN1.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    weo = read_weo(data, filename=LATIN1.name)
    assert weo.encoding in {"cp1252", "latin-1"}
    assert weo.countries == ("CI", "ES", "KR", "VN", "XK")
    assert weo.years == tuple(range(2015, 2025))
    rows = by_key(weo.rows)
    # Côte d'Ivoire: the Latin-1 name decodes; its actual data end in 2017.
    assert rows[("CI", 2017)] == EconomyRow("CI", 2017, Decimal("4222.130"), Decimal("23.996"), False)
    assert rows[("CI", 2018)].is_estimate is True
    # Unquoted thousands separators.
    assert rows[("KR", 2018)].gdp_ppp_per_capita == Decimal("43290.440")
    assert rows[("KR", 2019)].is_estimate is True
    assert decode_weo(data)[0].count("Côte d'Ivoire") == 2


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.encode("utf-8"),
        lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
        lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
        lambda text: text.encode("utf-16-le"),  # no byte-order mark
        lambda text: text.encode("cp1252"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-be-bom", "utf-16-le-no-bom", "cp1252"],
)
def test_every_encoding_gives_the_same_rows(encode):
    text, _encoding = decode_weo(UTF16.read_bytes())
    expected = parse_weo(UTF16.read_bytes(), filename="a.xls")
    assert parse_weo(encode(text), filename="b.xls") == expected


def test_headers_by_name_with_trailing_spaces_and_other_order():
    header = (
        "ISO \tWEO Country Code\tWEO Subject Code \tCountry\tSubject Descriptor\tUnits\tScale\t"
        "2023\t2024 \tEstimates Start After \t"
    )
    line = "\t".join(["KOR", "542", "PPPPC", "Korea", "GDP", "u", "Units", '"58,590.283"', "60941.352", "2023"])
    rows = parse_weo(weo_text(line, header=header).encode("utf-8"), filename="x.xls")
    assert rows == [
        EconomyRow("KR", 2023, Decimal("58590.283"), None, False),
        EconomyRow("KR", 2024, Decimal("60941.352"), None, True),
    ]


def test_unknown_iso_codes_are_skipped_and_reported():
    text = weo_text(row(), row(code="999", iso="ZZZ"), row(code="998", iso="", subject="LP"))
    weo = read_weo(text.encode("utf-8"), filename="x.xls")
    assert weo.skipped_iso == ("ZZZ",)
    assert weo.countries == ("KR",)


def test_footer_without_a_blank_line_is_ignored():
    text = "\r\n".join([HEADER, row(), "International Monetary Fund, World Economic Outlook Database, October 2024"])
    assert len(parse_weo(text.encode("utf-8"), filename="x.xls")) == 3


@pytest.mark.parametrize(
    ("path", "line", "words"),
    [
        (BAD_NUMBER, 14, ["'12,3a4' is not a number", "KEN PPPPC 2021"]),
        (MISSING_COLUMN, 7, ["expected 17 tab-separated columns, found 16"]),
        (NO_HEADER, 1, ["not an IMF WEO export", "'WEO Subject Code'"]),
    ],
    ids=["bad-number", "missing-column", "no-header"],
)
def test_malformed_files_name_the_line(path, line, words):
    with pytest.raises(WEOFormatError) as exc:
        parse_weo(path.read_bytes(), filename=path.name)
    assert exc.value.line == line
    assert str(exc.value).startswith(f"line {line}: ")
    for word in words:
        assert word in str(exc.value)
    assert exc.value.filename == path.name


@pytest.mark.parametrize(
    ("data", "line", "words"),
    [
        (b"", 1, "empty"),
        (b"WEO Country Code,ISO,WEO Subject Code,2023\n542,KOR,PPPPC,1\n", 1, "not tab-separated"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, 1, "Excel workbook"),
        (b"PK\x03\x04" + b"\0" * 100, 1, "Excel workbook"),
        (weo_text(row(), row()).encode(), 3, "a second PPPPC row for KOR (the first is on line 2)"),
        (weo_text(row(), row(code="KOR")).encode(), 3, "'KOR' is not a WEO country code"),
        (weo_text(row(values=("1", "2", "-3"))).encode(), 2, "is negative"),
        (weo_text(row(values=("1", "2", "12,34"))).encode(), 2, "'12,34' is not a number"),
        (weo_text(row(after="soon")).encode(), 2, "'Estimates Start After' should be a year"),
        # A data row cut short after a blank line is not a footer.
        ((HEADER + "\n" + row() + "\n\n542\tKOR\tLP\n").encode(), 4, "expected 13 tab-separated columns, found 3"),
        (codecs.BOM_UTF16_LE + HEADER.encode("utf-16-le") + b"\n\0\x00\xd8", 2, "not valid UTF-16-LE"),
    ],
    ids=["empty", "comma", "xls", "xlsx", "duplicate", "not-a-code", "negative", "bad-grouping", "estimates",
         "truncated-after-blank", "bad-utf16"],
)
def test_other_malformed_inputs(data, line, words):
    with pytest.raises(WEOFormatError) as exc:
        parse_weo(data, filename="x.xls")
    assert exc.value.line == line, str(exc.value)
    assert words in str(exc.value)


def test_ignored_subjects_are_not_checked():
    """Only the two subjects the portal keeps are read as numbers."""
    text = weo_text(row(), row(subject="NGDP_RPCH", values=("x", "y", "z")))
    assert len(parse_weo(text.encode(), filename="x.xls")) == 3


# --- The import service -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_import_creates_rows_with_source_and_one_audit_entry(django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        result = economy_import(data=UTF16.read_bytes(), filename=f"/tmp/uploads/{UTF16.name}")
    assert (result.created, result.updated, result.unchanged) == (UTF16_ROWS, 0, 0)
    assert result.skipped_iso == ()
    assert result.years == tuple(range(2019, 2026))
    assert result.countries == UTF16_COUNTRIES
    assert CountryEconomy.objects.count() == UTF16_ROWS
    korea = CountryEconomy.objects.get(country="KR", year=2024)
    assert korea.gdp_ppp_per_capita == Decimal("60941.352")
    assert korea.population_millions == Decimal("51.751")
    assert korea.is_estimate is True
    assert korea.source == UTF16.name
    assert CountryEconomy.objects.get(country="XK", year=2019).population_millions == Decimal("1.782")
    entries = AuditEntry.objects.filter(action="members.economy.imported")
    assert entries.count() == 1
    entry = entries.get()
    assert entry.actor is None and entry.actor_label == "system"
    assert entry.data["filename"] == UTF16.name
    assert (entry.data["created"], entry.data["updated"], entry.data["unchanged"]) == (UTF16_ROWS, 0, 0)
    assert entry.data["years"] == [2019, 2025]


@pytest.mark.django_db
def test_reimport_updates_and_never_duplicates():
    economy_import(data=UTF16.read_bytes(), filename=UTF16.name)
    again = economy_import(data=UTF16.read_bytes(), filename=UTF16.name)
    assert (again.created, again.updated, again.unchanged) == (0, 0, UTF16_ROWS)
    assert CountryEconomy.objects.count() == UTF16_ROWS

    CountryEconomy.objects.filter(country="KR", year=2023).update(gdp_ppp_per_capita=Decimal("1.000"))
    CountryEconomy.objects.filter(country="VN", year=2025).delete()
    third = economy_import(data=UTF16.read_bytes(), filename=UTF16.name)
    assert (third.created, third.updated, third.unchanged) == (1, 1, UTF16_ROWS - 2)
    assert CountryEconomy.objects.count() == UTF16_ROWS
    assert CountryEconomy.objects.get(country="KR", year=2023).gdp_ppp_per_capita == Decimal("58590.283")
    assert AuditEntry.objects.filter(action="members.economy.imported").count() == 3


@pytest.mark.django_db
def test_a_newer_edition_updates_the_older_one():
    older = economy_import(data=LATIN1.read_bytes(), filename=LATIN1.name)
    assert (older.created, older.updated, older.unchanged) == (50, 0, 0)
    assert CountryEconomy.objects.get(country="KR", year=2019).source == LATIN1.name
    newer = economy_import(data=UTF16.read_bytes(), filename=UTF16.name)
    # Korea, Spain, Vietnam and Kosovo 2019–2024 are in both editions.
    assert newer.updated == 4 * 6
    assert newer.created == UTF16_ROWS - 4 * 6
    korea = CountryEconomy.objects.get(country="KR", year=2019)
    assert (korea.gdp_ppp_per_capita, korea.is_estimate, korea.source) == (Decimal("46895.201"), False, UTF16.name)
    # Côte d'Ivoire is only in the older edition: untouched.
    assert CountryEconomy.objects.get(country="CI", year=2017).source == LATIN1.name
    assert CountryEconomy.objects.count() == 50 + UTF16_ROWS - 4 * 6


@pytest.mark.django_db
@pytest.mark.parametrize("path", [BAD_NUMBER, MISSING_COLUMN, NO_HEADER], ids=lambda p: p.stem)
def test_malformed_import_writes_nothing(path):
    assert CountryEconomy.objects.count() == 0
    with pytest.raises(WEOFormatError):
        economy_import(data=path.read_bytes(), filename=path.name)
    assert CountryEconomy.objects.count() == 0
    assert not AuditEntry.objects.filter(action="members.economy.imported").exists()


@pytest.mark.django_db
def test_malformed_reimport_leaves_a_good_import_unchanged():
    economy_import(data=UTF16.read_bytes(), filename=UTF16.name)
    before = snapshot()
    # The bad file differs from the good one in Kenya 2021 only, after many good rows (Korea …).
    with pytest.raises(WEOFormatError) as exc:
        economy_import(data=BAD_NUMBER.read_bytes(), filename="weo_2025_apr.xls")
    assert exc.value.line == 14
    assert snapshot() == before
    assert AuditEntry.objects.filter(action="members.economy.imported").count() == 1


@pytest.mark.django_db
def test_a_missing_value_does_not_erase_a_stored_one(secretariat):
    economy_import(data=UTF16.read_bytes(), filename=UTF16.name)
    economy_set_value(country="SD", year=2023, gdp_ppp_per_capita=Decimal("4500"), by=secretariat)
    result = economy_import(data=UTF16.read_bytes(), filename=UTF16.name)
    sudan = CountryEconomy.objects.get(country="SD", year=2023)
    assert sudan.gdp_ppp_per_capita == Decimal("4500.000")
    assert sudan.population_millions == Decimal("47.963")
    assert sudan.source == UTF16.name
    assert result.updated == 1  # the source goes back to the file


@pytest.mark.django_db
def test_unknown_codes_are_reported_by_the_import():
    text = weo_text(row(), row(code="999", iso="ZZZ"))
    result = economy_import(data=text.encode(), filename="x.xls")
    assert result.skipped_iso == ("ZZZ",)
    assert result.created == 3
    assert AuditEntry.objects.get(action="members.economy.imported").data["skipped_iso"] == ["ZZZ"]


# --- Hand entry ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_hand_correction_is_audited_with_old_and_new_values(secretariat):
    economy_import(data=UTF16.read_bytes(), filename=UTF16.name)
    row_ = economy_set_value(country="KR", year=2024, population_millions=Decimal("51.7"), by=secretariat)
    assert row_.population_millions == Decimal("51.700")
    assert row_.gdp_ppp_per_capita == Decimal("60941.352")  # not given: kept
    assert row_.source == "entered by hand by staff@example.org"
    assert CountryEconomy.objects.filter(country="KR", year=2024).count() == 1
    entry = AuditEntry.objects.get(action="members.economy.edited")
    assert entry.actor == secretariat
    assert entry.target_id == str(row_.pk)
    assert entry.data["old"]["population_millions"] == "51.751"
    assert entry.data["new"]["population_millions"] == "51.700"
    assert entry.data["old"]["source"] == UTF16.name
    assert entry.data["new"]["gdp_ppp_per_capita"] == "60941.352"

    # The same values again: nothing to record.
    economy_set_value(country="KR", year=2024, population_millions=Decimal("51.700"), by=secretariat)
    assert AuditEntry.objects.filter(action="members.economy.edited").count() == 1


@pytest.mark.django_db
def test_hand_entry_of_a_new_row(secretariat):
    row_ = economy_set_value(
        country="mn", year=2026, gdp_ppp_per_capita=Decimal("20000.5"), is_estimate=True, by=secretariat
    )
    assert (str(row_.country), row_.year, row_.gdp_ppp_per_capita, row_.population_millions) == (
        "MN", 2026, Decimal("20000.500"), None,
    )
    assert row_.is_estimate is True
    entry = AuditEntry.objects.get(action="members.economy.edited")
    assert entry.data["old"] is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "kwargs",
    [
        {"country": "QQ", "year": 2024, "gdp_ppp_per_capita": Decimal("1")},
        {"country": "KR", "year": 2024},
        {"country": "KR", "year": 2024, "population_millions": Decimal("-1")},
        {"country": "KR", "year": 1066, "population_millions": Decimal("1")},
    ],
    ids=["unknown-country", "no-value", "negative", "year"],
)
def test_hand_entry_refuses_bad_input(secretariat, kwargs):
    with pytest.raises(ValidationError):
        economy_set_value(by=secretariat, **kwargs)
    assert CountryEconomy.objects.count() == 0
    assert not AuditEntry.objects.exists()


# --- The command --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_command_imports_and_prints_counts(capsys):
    call_command("import_imf_weo", str(UTF16))
    out = capsys.readouterr().out
    assert f"created: {UTF16_ROWS}" in out
    assert "updated: 0" in out
    assert "unchanged: 0" in out
    call_command("import_imf_weo", str(UTF16))
    assert f"unchanged: {UTF16_ROWS}" in capsys.readouterr().out
    assert CountryEconomy.objects.count() == UTF16_ROWS


@pytest.mark.django_db
def test_command_refuses_a_malformed_file():
    with pytest.raises(CommandError, match="line 14: KEN PPPPC 2021: '12,3a4' is not a number"):
        call_command("import_imf_weo", str(BAD_NUMBER))
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_imf_weo", str(DATA / "no-such-file.xls"))
    assert CountryEconomy.objects.count() == 0


@pytest.mark.django_db
def test_command_exits_non_zero_on_a_malformed_file(capsys):
    with pytest.raises(SystemExit) as exc:
        execute_from_command_line(["manage.py", "import_imf_weo", str(MISSING_COLUMN)])
    assert exc.value.code != 0
    assert "line 7: expected 17 tab-separated columns" in capsys.readouterr().err


# --- The admin ----------------------------------------------------------------------------------------


@pytest.fixture
def secretariat_client(client, staff_with_mfa):
    client.force_login(staff_with_mfa)
    return client


def upload(client, path: Path | None = None, *, name: str | None = None, content: bytes | None = None):
    content = path.read_bytes() if content is None else content
    file = SimpleUploadedFile(name or path.name, content, content_type="application/vnd.ms-excel")
    return client.post(IMPORT_URL, {"file": file})


@pytest.mark.django_db
def test_changelist_links_to_the_import_page(secretariat_client):
    economy_import(data=UTF16.read_bytes(), filename=UTF16.name)
    response = secretariat_client.get(CHANGELIST_URL)
    assert response.status_code == 200
    assert f'href="{IMPORT_URL}"' in response.text
    assert "Import an IMF WEO file" in response.text
    assert "Korea, Republic of (KR)" in response.text or "South Korea (KR)" in response.text
    assert "Kosovo (XK)" in response.text
    assert "60,941.352" in response.text

    found = secretariat_client.get(CHANGELIST_URL, {"q": "korea", "year": "2024"})
    assert [str(r.country) for r in found.context["cl"].result_list] == ["KR"]
    by_code = secretariat_client.get(CHANGELIST_URL, {"q": "VNM"})
    assert {str(r.country) for r in by_code.context["cl"].result_list} == {"VN"}


@pytest.mark.django_db
def test_import_page_has_a_labelled_file_input(secretariat_client):
    response = secretariat_client.get(IMPORT_URL)
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.text
    assert '<label for="id_file"' in response.text
    assert 'type="file" name="file"' in response.text and 'id="id_file"' in response.text


@pytest.mark.django_db
def test_admin_import_shows_the_counts(secretariat_client, staff_with_mfa):
    response = upload(secretariat_client, UTF16)
    assert response.status_code == 200
    result = response.context["result"]
    assert (result.created, result.updated, result.unchanged) == (UTF16_ROWS, 0, 0)
    assert f'<td class="weo-created">{UTF16_ROWS}</td>' in response.text
    assert "2019–2025" in response.text
    assert CountryEconomy.objects.count() == UTF16_ROWS
    assert AuditEntry.objects.get(action="members.economy.imported").actor == staff_with_mfa

    again = upload(secretariat_client, UTF16)
    assert f'<td class="weo-unchanged">{UTF16_ROWS}</td>' in again.text
    assert CountryEconomy.objects.count() == UTF16_ROWS


@pytest.mark.django_db
def test_admin_import_of_a_malformed_file_shows_the_line(secretariat_client):
    economy_import(data=LATIN1.read_bytes(), filename=LATIN1.name)
    before = snapshot()
    response = upload(secretariat_client, BAD_NUMBER)
    assert response.status_code == 200
    assert response.context["result"] is None
    assert "Line 14: KEN PPPPC 2021: &#x27;12,3a4&#x27; is not a number." in response.text
    assert "nothing was changed" in response.text
    assert snapshot() == before


@pytest.mark.django_db
def test_admin_import_refuses_a_comma_separated_file(secretariat_client):
    csv = b"WEO Country Code,ISO,WEO Subject Code,Country,2023\n542,KOR,PPPPC,Korea,\"58,590.283\"\n"
    response = upload(secretariat_client, name="weo.csv", content=csv)
    assert "the file is not tab-separated" in response.text
    assert "comma- or semicolon-separated" in response.text
    assert CountryEconomy.objects.count() == 0


@pytest.mark.django_db
def test_admin_import_refuses_a_file_too_large(secretariat_client, settings):
    settings.MAX_UPLOAD_SIZE = 1000  # × 5 = 5,000 bytes; the file is larger
    response = upload(secretariat_client, UTF16)
    assert "the largest accepted is" in response.text
    assert CountryEconomy.objects.count() == 0


@pytest.mark.django_db
def test_only_staff_who_may_add_and_change_economy_data_may_import(client):
    from django.contrib.auth.models import Permission

    staff = UserFactory(is_staff=True)
    TOTP.activate(staff, generate_totp_secret())
    staff.user_permissions.add(Permission.objects.get(codename="view_countryeconomy"))
    client.force_login(staff)
    listing = client.get(CHANGELIST_URL)
    assert listing.status_code == 200
    assert IMPORT_URL not in listing.text
    assert client.get(IMPORT_URL).status_code == 403
    assert upload(client, UTF16).status_code == 403
    staff.user_permissions.add(Permission.objects.get(codename="add_countryeconomy"))
    assert client.get(IMPORT_URL).status_code == 403  # add alone is not enough: the import also changes
    staff.user_permissions.add(Permission.objects.get(codename="change_countryeconomy"))
    assert client.get(IMPORT_URL).status_code == 200


@pytest.mark.django_db
def test_staff_without_two_factor_are_sent_to_set_it_up(client, secretariat):
    client.force_login(secretariat)
    response = client.get(IMPORT_URL)
    assert response.status_code == 302
    assert CountryEconomy.objects.count() == 0


@pytest.mark.django_db
def test_admin_edit_goes_through_the_service(secretariat_client, staff_with_mfa):
    economy_import(data=UTF16.read_bytes(), filename=UTF16.name)
    korea = CountryEconomy.objects.get(country="KR", year=2024)
    url = f"{CHANGELIST_URL}{korea.pk}/change/"
    page = secretariat_client.get(url)
    assert page.status_code == 200
    assert 'name="country"' not in page.text  # country and year are fixed once entered
    response = secretariat_client.post(
        url, {"gdp_ppp_per_capita": "61000.5", "population_millions": "51.751", "_save": "Save"}
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    korea.refresh_from_db()
    assert korea.gdp_ppp_per_capita == Decimal("61000.500")
    assert korea.is_estimate is False
    assert korea.source == "entered by hand by staff@example.org"
    entry = AuditEntry.objects.get(action="members.economy.edited")
    assert entry.actor == staff_with_mfa
    assert entry.data["old"]["gdp_ppp_per_capita"] == "60941.352"
    assert entry.data["old"]["is_estimate"] is True
    assert CountryEconomy.objects.count() == UTF16_ROWS
    # No delete: every change stays in the audit log.
    assert secretariat_client.get(f"{CHANGELIST_URL}{korea.pk}/delete/").status_code == 403


@pytest.mark.django_db
def test_admin_add_goes_through_the_service(secretariat_client):
    response = secretariat_client.post(
        f"{CHANGELIST_URL}add/",
        {"country": "KE", "year": "2026", "gdp_ppp_per_capita": "8000", "population_millions": "", "_save": "Save"},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    kenya = CountryEconomy.objects.get(country="KE", year=2026)
    assert kenya.gdp_ppp_per_capita == Decimal("8000.000")
    assert kenya.source == "entered by hand by staff@example.org"
    assert AuditEntry.objects.filter(action="members.economy.edited", target_id=str(kenya.pk)).exists()

    duplicate = secretariat_client.post(
        f"{CHANGELIST_URL}add/",
        {"country": "KE", "year": "2026", "gdp_ppp_per_capita": "9000", "_save": "Save"},
    )
    assert duplicate.status_code == 200
    assert CountryEconomy.objects.filter(country="KE").count() == 1
    empty = secretariat_client.post(f"{CHANGELIST_URL}add/", {"country": "KE", "year": "2027", "_save": "Save"})
    assert "Enter the GDP per capita (PPP), the population, or both." in empty.text


@pytest.mark.django_db
def test_admin_edit_of_kosovo_whose_code_is_not_in_the_country_list(secretariat_client):
    economy_import(data=UTF16.read_bytes(), filename=UTF16.name)
    kosovo = CountryEconomy.objects.get(country="XK", year=2023)
    response = secretariat_client.post(
        f"{CHANGELIST_URL}{kosovo.pk}/change/",
        {"gdp_ppp_per_capita": "16000", "population_millions": "1.586", "is_estimate": "on", "_save": "Save"},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    kosovo.refresh_from_db()
    assert (kosovo.gdp_ppp_per_capita, kosovo.is_estimate) == (Decimal("16000.000"), True)
