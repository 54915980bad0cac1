"""Write the small IMF World Economic Outlook test files of this folder (run once; the files are committed).

    .venv/bin/python tests/data/weo/make_files.py

The files follow the IMF's export: tab-separated text named `.xls`, a header row, one row per country
and subject, `n/a` / `--` / empty for missing values, thousands separators (quoted in the newer
files), an `Estimates Start After` column and the IMF's footer after a blank line. The figures are
close to the published ones, rounded; they are test data, not a source.

- weo_2024_oct_utf16.xls         UTF-16 LE with a byte-order mark, CRLF (as the IMF ships since 2020)
- weo_2019_apr_latin1.xls        Latin-1, LF, unquoted numbers, Côte d'Ivoire (as older files)
- weo_2024_oct_bad_number.xls    UTF-16 LE: Kenya's PPPPC 2021 is "12,3a4" (line 14)
- weo_2024_oct_missing_column.xls UTF-8 with BOM: the Philippines' PPPPC row lacks one column (line 7)
- weo_no_header.xls              UTF-8: the data rows without their header row
"""

from __future__ import annotations

import codecs
from pathlib import Path

HERE = Path(__file__).resolve().parent

HEADER_FIXED = [
    "WEO Country Code", "ISO", "WEO Subject Code", "Country", "Subject Descriptor", "Subject Notes",
    "Units", "Scale", "Country/Series-specific Notes",
]

SUBJECT = {
    "NGDP_RPCH": (
        "Gross domestic product, constant prices",
        "Annual percentages of constant price GDP are year-on-year changes; the base year is country-specific. "
        "Expenditure-based GDP is total final expenditures at purchasers' prices (including the f.o.b. value of "
        "exports of goods and services), less the f.o.b. value of imports of goods and services. [SNA 1993]",
        "Percent change",
        "",
    ),
    "PPPPC": (
        "Gross domestic product per capita, current prices",
        "These data form the basis for the country weights used to generate the World Economic Outlook country "
        "group composites for the domestic economy. The IMF is not a primary source for purchasing power parity "
        "(PPP) data. For further information see Box 1.1 in the October 2020 World Economic Outlook, \"Revised "
        "Purchasing Power Parity Weights\" in the July 2014 WEO Update, and Box 1.1 in the October 2024 WEO.",
        "Purchasing power parity; international dollars",
        "Units",
    ),
    "LP": (
        "Population",
        "For census purposes, the total population of the country consists of all persons falling within the "
        "scope of the census. In the broadest sense, the total may comprise either all usual residents of the "
        "country or all persons present in the country at the time of the census. [Principles and Recommendations "
        "for Population and Housing Censuses, Revision 1, paragraph 2.42]",
        "Persons",
        "Millions",
    ),
}

# code, ISO, name, {subject: (estimates start after, values 2019 … 2025)}
COUNTRIES_2024 = [
    ("542", "KOR", "Korea", {
        "NGDP_RPCH": ("2023", ["2.244", "-0.709", "4.301", "2.612", "1.363", "2.464", "2.164"]),
        "PPPPC": ("2023", ["46,895.201", "47,426.372", "51,020.958", "55,683.917", "58,590.283", "60,941.352",
                           "63,040.185"]),
        "LP": ("2023", ["51.850", "51.836", "51.745", "51.628", "51.713", "51.751", "51.685"]),
    }),
    ("582", "VNM", "Vietnam", {
        "PPPPC": ("2023", ["10,960.122", "11,396.478", "11,745.650", "13,457.044", "14,285.396", "15,469.955",
                           "16,594.129"]),
        "LP": ("2023", ["96.484", "97.583", "98.505", "99.462", "100.300", "101.144", "101.983"]),
    }),
    ("566", "PHL", "Philippines", {
        "PPPPC": ("2023", ["9,395.712", "8,655.110", "9,441.278", "10,806.432", "11,793.118", "12,593.034",
                           "13,485.906"]),
        "LP": ("2023", ["108.117", "109.581", "110.198", "111.572", "112.892", "114.230", "115.587"]),
    }),
    ("927", "UZB", "Uzbekistan", {
        "PPPPC": ("2023", ["7,618.221", "7,752.338", "8,638.112", "9,655.907", "10,604.553", "11,542.183",
                           "12,433.950"]),
        "LP": ("2023", ["", "34.198", "34.915", "35.648", "36.412", "37.100", "37.800"]),
    }),
    ("513", "BGD", "Bangladesh", {
        "PPPPC": ("2022", ["6,113.907", "6,410.402", "7,064.118", "7,987.664", "8,662.805", "9,228.501",
                           "9,854.339"]),
        "LP": ("2022", ["166.510", "168.220", "169.830", "171.190", "172.950", "174.700", "176.470"]),
    }),
    ("664", "KEN", "Kenya", {
        "NGDP_RPCH": ("2023", ["5.115", "-0.274", "7.593", "4.872", "5.611", "4.989", "5.000"]),
        "PPPPC": ("2023", ["5,273.430", "5,227.215", "5,802.671", "6,375.028", "6,807.155", "7,186.394",
                           "7,597.209"]),
        "LP": ("2023", ["47.564", "48.655", "49.784", "50.916", "52.053", "53.206", "54.371"]),
    }),
    ("536", "IDN", "Indonesia", {
        "PPPPC": ("2023", ["12,802.447", "12,481.893", "13,327.935", "14,920.184", "15,835.409", "16,861.451",
                           "17,923.707"]),
        "LP": ("2023", ["268.075", "270.204", "272.683", "275.774", "278.696", "281.604", "284.438"]),
    }),
    ("948", "MNG", "Mongolia", {
        "PPPPC": ("2023", ["12,946.061", "12,655.402", "12,964.622", "14,373.556", "16,474.089", "17,792.327",
                           "19,059.412"]),
        "LP": ("2023", ["3.297", "3.358", "3.410", "3.458", "3.505", "3.552", "--"]),
    }),
    ("732", "SDN", "Sudan", {
        "NGDP_RPCH": ("2022", ["-2.181", "-3.630", "-1.866", "-1.024", "n/a", "n/a", "n/a"]),
        "PPPPC": ("2022", ["4,380.202", "4,321.664", "4,322.993", "4,453.587", "n/a", "n/a", "n/a"]),
        "LP": ("2022", ["42.813", "44.050", "45.337", "46.570", "47.963", "n/a", "n/a"]),
    }),
    ("184", "ESP", "Spain", {
        "PPPPC": ("2023", ["42,194.578", "38,505.233", "42,637.214", "48,424.402", "51,860.109", "54,689.158",
                           "56,757.305"]),
        "LP": ("2023", ["47.105", "47.356", "47.331", "47.762", "48.347", "48.755", "49.080"]),
    }),
    ("924", "CHN", "China, People's Republic of", {
        "PPPPC": ("2023", ["16,808.745", "17,313.227", "19,493.339", "21,404.899", "23,382.042", "25,014.919",
                           "26,650.134"]),
        "LP": ("2023", ["1,400.050", "1,412.120", "1,412.600", "1,412.175", "1,410.710", "1,409.670",
                        "1,408.280"]),
    }),
    ("922", "RUS", "Russia", {
        "PPPPC": ("2023", ["29,828.716", "29,487.225", "32,910.853", "35,101.004", "38,218.591", "40,720.153",
                           "41,988.362"]),
        "LP": ("2023", ["146.765", "146.460", "145.864", "146.980", "146.150", "145.558", "145.051"]),
    }),
    ("967", "UVK", "Kosovo", {
        "PPPPC": ("2023", ["11,913.337", "11,683.466", "13,484.225", "14,806.905", "15,953.117", "17,117.051",
                           "18,264.208"]),
        "LP": ("2023", ["1.782", "1.791", "1.794", "1.762", "1.586", "1.593", "1.598"]),
    }),
    ("001", "", "World", {
        "PPPPC": ("2023", ["17,867.541", "17,612.880", "19,313.742", "21,257.506", "22,787.432", "23,915.205",
                           "25,039.418"]),
        "LP": ("2023", ["7,669.811", "7,743.553", "7,812.440", "7,874.965", "7,938.221", "8,001.446",
                        "8,063.780"]),
    }),
]

# The April 2019 vintage: years 2015 … 2024, actual data up to 2017 or 2018, Côte d'Ivoire added.
COUNTRIES_2019 = [
    ("542", "KOR", "Korea", {
        "PPPPC": ("2018", ["38,828.880", "39,575.120", "41,351.380", "43,290.440", "44,740.210", "46,452.470",
                           "48,204.120", "49,980.330", "51,790.440", "53,631.760"]),
        "LP": ("2018", ["51.015", "51.218", "51.362", "51.607", "51.783", "51.958", "52.122", "52.273", "52.411",
                        "52.536"]),
    }),
    ("582", "VNM", "Vietnam", {
        "PPPPC": ("2018", ["5,955.010", "6,399.480", "6,875.760", "7,481.120", "8,066.090", "8,698.520",
                           "9,372.680", "10,093.330", "10,858.760", "11,676.090"]),
        "LP": ("2018", ["91.713", "92.695", "93.672", "94.666", "95.676", "96.688", "97.702", "98.715", "99.725",
                        "100.730"]),
    }),
    ("662", "CIV", "Côte d'Ivoire", {
        "PPPPC": ("2017", ["3,710.040", "3,966.820", "4,222.130", "4,479.520", "4,754.750", "5,041.080",
                           "5,345.830", "5,672.540", "6,019.060", "6,385.960"]),
        "LP": ("2017", ["22.702", "23.340", "23.996", "24.671", "25.364", "26.077", "26.810", "27.563", "28.338",
                        "29.134"]),
    }),
    ("184", "ESP", "Spain", {
        "PPPPC": ("2018", ["34,526.990", "35,762.610", "37,465.240", "39,036.680", "40,538.920", "41,964.210",
                           "43,362.060", "44,751.660", "46,145.940", "47,556.030"]),
        "LP": ("2018", ["46.450", "46.446", "46.529", "46.723", "46.873", "47.024", "47.175", "47.326", "47.477",
                        "47.629"]),
    }),
    ("967", "UVK", "Kosovo", {
        "PPPPC": ("2018", ["9,707.560", "10,293.970", "10,839.280", "11,414.980", "12,019.520", "12,661.940",
                           "13,345.380", "14,068.070", "14,835.310", "15,648.360"]),
        "LP": ("2018", ["1.771", "1.784", "1.798", "1.811", "1.825", "1.839", "1.853", "1.867", "1.881",
                        "1.895"]),
    }),
    ("001", "", "World", {
        "PPPPC": ("2018", ["15,532.170", "16,066.430", "16,861.640", "17,722.500", "18,531.810", "19,399.910",
                           "20,299.480", "21,234.810", "22,208.570", "23,222.590"]),
        "LP": ("2018", ["n/a", "n/a", "n/a", "n/a", "n/a", "n/a", "n/a", "n/a", "n/a", "n/a"]),
    }),
]


def quoted(value: str) -> str:
    """Quote a field the way the IMF's export does: when it holds a comma or a double quote."""
    if "," in value or '"' in value:
        return '"' + value.replace('"', '""') + '"'
    return value


def lines(countries, years, *, quote_numbers: bool) -> list[str]:
    header = HEADER_FIXED + [str(year) for year in years] + ["Estimates Start After"]
    out = ["\t".join(header)]
    for code, iso, name, subjects in countries:
        for subject, (after, values) in subjects.items():
            descriptor, notes, units, scale = SUBJECT[subject]
            country_notes = f"Source: National Statistics Office Latest actual data: {after}"
            if iso == "":
                country_notes = "See notes for:  Gross domestic product, current prices (Purchasing power parity)"
            cells = [code, iso, subject, name, descriptor, notes, units, scale, country_notes]
            cells = [quoted(cell) for cell in cells]
            cells += [quoted(v) if quote_numbers else v for v in values]
            cells.append(after)
            out.append("\t".join(cells))
    return out


def footer(edition: str) -> list[str]:
    return ["", f"International Monetary Fund, World Economic Outlook Database, {edition}"]


def write(name: str, text: str, encoding: str, bom: bytes = b"") -> None:
    (HERE / name).write_bytes(bom + text.encode(encoding))


def main() -> None:
    years_2024 = list(range(2019, 2026))
    rows = lines(COUNTRIES_2024, years_2024, quote_numbers=True)
    good = rows + footer("October 2024")
    write("weo_2024_oct_utf16.xls", "\r\n".join(good) + "\r\n", "utf-16-le", codecs.BOM_UTF16_LE)

    rows_2019 = lines(COUNTRIES_2019, list(range(2015, 2025)), quote_numbers=False)
    write("weo_2019_apr_latin1.xls", "\n".join(rows_2019 + footer("April 2019")) + "\n", "latin-1")

    bad = list(good)
    kenya = next(i for i, line in enumerate(bad) if "\tKEN\tPPPPC\t" in line)
    bad[kenya] = bad[kenya].replace('"5,802.671"', '"12,3a4"')
    write("weo_2024_oct_bad_number.xls", "\r\n".join(bad) + "\r\n", "utf-16-le", codecs.BOM_UTF16_LE)

    short = list(good)
    philippines = next(i for i, line in enumerate(short) if "\tPHL\tPPPPC\t" in line)
    cells = short[philippines].split("\t")
    del cells[5]  # the Subject Notes
    short[philippines] = "\t".join(cells)
    write("weo_2024_oct_missing_column.xls", "\r\n".join(short) + "\r\n", "utf-8", codecs.BOM_UTF8)

    write("weo_no_header.xls", "\n".join(good[1:]) + "\n", "utf-8")
    print(f"Kenya PPPPC on line {kenya + 1}; Philippines PPPPC on line {philippines + 1}")


if __name__ == "__main__":
    main()
