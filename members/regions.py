"""The WeGO region of each country (ISO 3166-1 alpha-2): the portal's own data table.

WeGO may open regional offices in Asia, Europe, Africa, the Americas, the Middle East and
Oceania (Statute; background document, "Regional Offices"). A member's region is derived from
its country through this table and can be overridden per member by the Secretariat.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.TextChoices):
    ASIA = "asia", _("Asia")
    EUROPE = "europe", _("Europe")
    AFRICA = "africa", _("Africa")
    AMERICAS = "americas", _("Americas")
    MIDDLE_EAST = "middle_east", _("Middle East")
    OCEANIA = "oceania", _("Oceania")


_TABLE = {
    Region.ASIA: (
        "AF BD BT BN KH CN HK MO IN ID JP KZ KP KR KG LA MY MV MN MM NP PK PH SG LK TW TJ TH TL TM UZ VN IO"
    ),
    Region.EUROPE: (
        "AL AD AM AT AZ BY BE BA BG HR CY CZ DK EE FO FI FR GE DE GI GR GG HU IS IE IM IT JE XK LV LI LT LU "
        "MT MD MC ME NL MK NO PL PT RO RU SM RS SK SI ES SJ SE CH UA GB VA AX GL"
    ),
    Region.AFRICA: (
        "DZ AO BJ BW BF BI CV CM CF TD KM CG CD CI DJ GQ ER SZ ET GA GM GH GN GW KE LS LR LY MG MW ML MR MU "
        "YT MA MZ NA NE NG RE RW SH ST SN SC SL SO ZA SS SD TZ TG TN UG EH ZM ZW"
    ),
    Region.AMERICAS: (
        "AI AG AR AW BS BB BZ BM BO BQ BR VG CA KY CL CO CR CU CW DM DO EC SV FK GF GD GP GT GY HT HN JM MQ "
        "MX MS NI PA PY PE PR BL KN LC MF PM VC SX SR TT TC US UM UY VE VI GS BV"
    ),
    Region.MIDDLE_EAST: "BH EG IR IQ IL JO KW LB OM PS QA SA SY TR AE YE",
    Region.OCEANIA: (
        "AS AU CK FJ PF GU KI MH FM NR NC NZ NU NF MP PW PG PN WS SB TK TO TV VU WF CX CC HM TF AQ"
    ),
}

COUNTRY_REGION: dict[str, str] = {
    code: str(region.value) for region, codes in _TABLE.items() for code in codes.split()
}


def region_for_country(country_code: str | None) -> str:
    """The WeGO region of a country code, or '' when the table does not know it."""
    if not country_code:
        return ""
    return COUNTRY_REGION.get(str(country_code).upper(), "")
