"""Write the shipped region-group CSVs in ``src/interlabor/data/groups/`` (run from the root).

The lists below are the source of truth; the CSVs are generated from them so that the codes of
every table family (ISO3 for WIOD, OECD ICIO and GLORIA; ISO2 and rest-of-world codes for
EXIOBASE 3) get the same group. Re-run after editing and commit both.

    python tools/build_region_groups.py
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from interlabor.regions import EXIOBASE_ISO2  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "src" / "interlabor" / "data" / "groups"

# IMF World Economic Outlook, April 2024, Statistical Appendix, Table A ("Advanced
# Economies"): 41 economies.
ADVANCED = {
    "AND": "Andorra", "AUS": "Australia", "AUT": "Austria", "BEL": "Belgium", "CAN": "Canada",
    "HRV": "Croatia", "CYP": "Cyprus", "CZE": "Czech Republic", "DNK": "Denmark",
    "EST": "Estonia", "FIN": "Finland", "FRA": "France", "DEU": "Germany", "GRC": "Greece",
    "HKG": "Hong Kong SAR", "ISL": "Iceland", "IRL": "Ireland", "ISR": "Israel", "ITA": "Italy",
    "JPN": "Japan", "KOR": "Korea", "LVA": "Latvia", "LTU": "Lithuania", "LUX": "Luxembourg",
    "MAC": "Macao SAR", "MLT": "Malta", "NLD": "Netherlands", "NZL": "New Zealand",
    "NOR": "Norway", "PRT": "Portugal", "PRI": "Puerto Rico", "SMR": "San Marino",
    "SGP": "Singapore", "SVK": "Slovak Republic", "SVN": "Slovenia", "ESP": "Spain",
    "SWE": "Sweden", "CHE": "Switzerland", "TWN": "Taiwan Province of China",
    "GBR": "United Kingdom", "USA": "United States",
}

# The year each of today's advanced economies entered the IMF's advanced group: the year of
# the first World Economic Outlook (spring edition) that lists it there. Before May 1997 the
# WEO's group was "industrial countries" (the 23 economies with year None: advanced from the
# start). Sources: the WEO Statistical Appendix, "Classification of Countries" and "What's
# New", of the editions named; "uncertain" marks years we could not check against that edition.
INDUSTRIAL = """AUS AUT BEL CAN DNK FIN FRA DEU GRC ISL IRL ITA JPN LUX NLD NZL NOR PRT ESP SWE
CHE GBR USA""".split()
# code(s) | year | WEO edition
CHANGES = """
HKG ISR KOR SGP TWN | 1997 | WEO May 1997: newly industrialized Asian economies and Israel \
reclassified as advanced
CYP | 2001 | WEO May 2001
SVN | 2007 | WEO April 2007
MLT | 2008 | WEO April 2008
CZE SVK | 2009 | WEO April 2009
EST | 2011 | WEO April 2011
SMR | 2012 | WEO October 2012 (uncertain: first listing of San Marino)
LVA | 2014 | WEO April 2014
LTU | 2015 | WEO April 2015
MAC | 2016 | WEO April 2016 (uncertain: first listing of Macao SAR)
PRI | 2016 | WEO October 2016 (uncertain: first listing of Puerto Rico)
AND | 2021 | WEO April 2021 (uncertain: first listing of Andorra)
HRV | 2023 | WEO April 2023
"""
JOINED: dict[str, tuple[int | None, str]] = {
    **{c: (None, "industrial country in the WEO before May 1997") for c in INDUSTRIAL},
    **{c: (int(year), source.strip())
       for codes, year, source in (line.split(" | ") for line in
                                   CHANGES.strip().splitlines())
       for c in codes.split()},
}

# ISO 3166-1 alpha-3 codes of the 193 UN member states.
UN_MEMBERS = """
AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH BWA BRA
BRN BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG COD CRI CIV HRV CUB CYP CZE PRK DNK
DJI DMA DOM ECU EGY SLV GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC GRD GTM GIN GNB
GUY HTI HND HUN ISL IND IDN IRN IRQ IRL ISR ITA JAM JPN JOR KAZ KEN KIR KWT KGZ LAO LVA LBN LSO
LBR LBY LIE LTU LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX FSM MCO MNG MNE MAR MOZ MMR NAM NRU
NPL NLD NZL NIC NER NGA MKD NOR OMN PAK PLW PAN PNG PRY PER PHL POL PRT QAT KOR MDA ROU RUS RWA
KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM ZAF SSD ESP LKA SDN SUR SWE CHE
SYR TJK THA TLS TGO TON TTO TUN TUR TKM TUV UGA UKR ARE GBR TZA USA URY UZB VUT VEN VNM YEM ZMB
ZWE
""".split()
# Economies of the WEO database that are not UN members, and codes used by MRIO tables.
EXTRA_SOUTH = {"ABW": "Aruba", "PSE": "West Bank and Gaza", "XKX": "Kosovo (user-assigned code)"}
# Not in the WEO database and high-income: left unassigned (an error names them if met).
NOT_ASSIGNED = {"LIE", "MCO"}

WIOD_ONLY = {"ROM": "Romania (WIOD's code; interlabor reads it as ROU)",
             "RoW": "WIOD rest of the world"}
ICIO_EXTRA = {"CN1": "China, processing exporters (OECD ICIO, older releases)",
              "CN2": "China, non-processing (OECD ICIO, older releases)",
              "MX1": "Mexico, global manufacturing (OECD ICIO, older releases)",
              "MX2": "Mexico, non-global manufacturing (OECD ICIO, older releases)",
              "ROW": "OECD ICIO rest of the world"}
# EXIOBASE 3: its 44 countries by ISO 3166-1 alpha-2 (interlabor.regions.EXIOBASE_ISO2), then
# its five rest-of-world regions.
EXIO_ROW = {"WA": "EXIOBASE rest of Asia and Pacific", "WE": "EXIOBASE rest of Europe",
            "WF": "EXIOBASE rest of Africa", "WL": "EXIOBASE rest of America",
            "WM": "EXIOBASE rest of Middle East"}
REST_OF_WORLD = {**{k: v for k, v in WIOD_ONLY.items() if k == "RoW"}, "ROW": ICIO_EXTRA["ROW"],
                 **EXIO_ROW}

# World Bank income groups for fiscal year 2025 (classification of 1 July 2024, Atlas GNI per
# capita of 2023), for the economies of WIOD 2013, EXIOBASE 3 and the OECD ICIO 2023 release.
WB_FY2025 = {
    "High income": """AUS AUT BEL BGR BRN CAN CHE CHL CYP CZE DEU DNK ESP EST FIN FRA GBR GRC HKG
        HRV HUN IRL ISL ISR ITA JPN KOR LTU LUX LVA MLT NLD NOR NZL POL PRT ROU RUS SAU SGP SVK
        SVN SWE TWN USA""",
    "Upper middle income": "ARG BLR BRA CHN COL CRI IDN KAZ MEX MYS PER THA TUR UKR ZAF",
    "Lower middle income": "BGD CIV CMR EGY IND JOR KHM LAO MAR MMR NGA PAK PHL SEN TUN VNM",
}

HEADER_NS = """\
# interlabor region groups: north-south, version imf-weo-2024-04
# North = the IMF's "advanced economies" (World Economic Outlook, April 2024, Statistical
# Appendix, Table A: 41 economies); South = every other economy (the IMF's "emerging market and
# developing economies"), as in Hickel, Sullivan & Zoomkawala (2021) and Hickel, Hanbury Lemos &
# Barbour (2024, Nature Communications 15:6298).
# Codes: ISO 3166-1 alpha-3 (WIOD 2013, OECD ICIO, GLORIA country codes), ISO 3166-1 alpha-2 for
# the 44 EXIOBASE 3 countries, and the aggregate regions RoW (WIOD), ROW (OECD ICIO), WA WE WF WL
# WM (EXIOBASE), CN1 CN2 MX1 MX2 (older OECD ICIO releases). Aggregate rest-of-world regions are
# South: an approximation, since they contain some advanced economies (WIOD's RoW holds Norway,
# Switzerland, Singapore, Israel, ...; EXIOBASE WE holds Iceland, WA holds Singapore and Hong Kong,
# WM holds Israel). Not covered: LIE and MCO (not in the WEO), territories outside the WEO,
# GLORIA's rest-of-region codes. An unmapped region is an error; pass your own CSV to extend.
# Generated by tools/build_region_groups.py.
"""

HEADER_NS_YEAR = """\
# interlabor region groups: north-south-by-year, version imf-weo-by-year-2024-04
# North = the IMF's advanced economies as the World Economic Outlook classified them in each
# year: an economy is North from the year of the first WEO that lists it as advanced (before
# May 1997, the WEO's "industrial countries"), South before; from 2024 the April 2024 list, the
# same as north-south. Columns from and to: the first and last year of a row (empty: open).
# The column note gives the WEO edition (source) of each change; "uncertain" marks years not
# checked against that edition. WIOD 2013 economies that change group within 1995-2011: KOR and
# TWN (North from 1997), CYP (2001), SVN (2007), MLT (2008), CZE and SVK (2009), EST (2011);
# LVA (2014) and LTU (2015) stay South. In RoW: HKG, ISR, SGP (1997). Aggregate rest-of-world
# regions are South in every year (see north-south). Generated by tools/build_region_groups.py.
"""

HEADER_WB = """\
# interlabor region groups: wb-income, version wb-fy2025
# World Bank income groups for fiscal year 2025 (classification of 1 July 2024, based on Atlas
# GNI per capita for 2023), for the economies of WIOD 2013, EXIOBASE 3 (ISO2 codes) and the OECD
# ICIO 2023 release. Aggregate rest-of-world regions (RoW, ROW, WA WE WF WL WM) mix income groups
# and form their own group "Rest of world (mixed)". Other economies are not covered (an error
# names them); pass your own CSV to extend. Generated by tools/build_region_groups.py.
"""


def north_south() -> list[tuple[str, str, str]]:
    """Rows (region, group, note) of the North/South grouping."""
    assert len(ADVANCED) == 41, len(ADVANCED)
    assert len(set(UN_MEMBERS)) == 193, len(set(UN_MEMBERS))
    rows: dict[str, tuple[str, str]] = {}
    for code, name in ADVANCED.items():
        rows[code] = ("North", name)
    for code in UN_MEMBERS:
        if code not in rows and code not in NOT_ASSIGNED:
            rows[code] = ("South", "")
    for code, name in EXTRA_SOUTH.items():
        rows[code] = ("South", name)
    rows["ROM"] = ("South", WIOD_ONLY["ROM"])
    for code, name in {**ICIO_EXTRA, **REST_OF_WORLD}.items():
        rows[code] = ("South", name)
    for iso2, iso3 in EXIOBASE_ISO2.items():
        rows[iso2] = (rows[iso3][0], f"{iso3} (EXIOBASE code)")
    return [(c, g, n) for c, (g, n) in sorted(rows.items())]


def north_south_by_year() -> list[tuple[str, str, str, str, str]]:
    """Rows (region, group, from, to, note) of the year-by-year North/South grouping."""
    assert set(JOINED) == set(ADVANCED), set(JOINED) ^ set(ADVANCED)
    by_code = {c: (c, g, n) for c, g, n in north_south()}
    rows: list[tuple[str, str, str, str, str]] = []
    iso2 = {v: k for k, v in EXIOBASE_ISO2.items()}
    for code, group, note in by_code.values():
        iso3 = EXIOBASE_ISO2.get(code, code)
        year, source = JOINED.get(iso3, (None, ""))
        if group == "North" and year is not None:
            extra = f"; {note}" if note else ""
            rows.append((code, "South", "", str(year - 1), f"advanced from {year}: {source}"
                         + extra))
            rows.append((code, "North", str(year), "", f"{source}{extra}"))
        else:
            rows.append((code, group, "", "", source or note))
    assert all(c in by_code for c in iso2.values())
    return sorted(rows, key=lambda r: (r[0], r[2]))


def wb_income() -> list[tuple[str, str, str]]:
    """Rows (region, group, note) of the World Bank income groups."""
    rows: dict[str, tuple[str, str]] = {}
    for group, codes in WB_FY2025.items():
        for c in codes.split():
            assert c not in rows, c
            rows[c] = (group, "")
    rows["ROM"] = (rows["ROU"][0], WIOD_ONLY["ROM"])
    for c, base in {"CN1": "CHN", "CN2": "CHN", "MX1": "MEX", "MX2": "MEX"}.items():
        rows[c] = (rows[base][0], ICIO_EXTRA[c])
    for code, name in REST_OF_WORLD.items():
        rows[code] = ("Rest of world (mixed)", name)
    for iso2, iso3 in EXIOBASE_ISO2.items():
        rows[iso2] = (rows[iso3][0], f"{iso3} (EXIOBASE code)")
    return [(c, g, n) for c, (g, n) in sorted(rows.items())]


def write(name: str, header: str, rows: list[tuple[str, ...]],
          columns: tuple[str, ...] = ("region", "group", "note")) -> None:
    """Write one group CSV with its comment header."""
    path = OUT / name
    with path.open("w", newline="") as fh:
        fh.write(header)
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(columns)
        w.writerows(rows)
    print(f"wrote {len(rows)} rows to {path}")


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    write("north_south_imf_weo_2024-04.csv", HEADER_NS, north_south())
    write("north_south_imf_weo_by_year.csv", HEADER_NS_YEAR, north_south_by_year(),
          ("region", "group", "from", "to", "note"))
    write("wb_income_fy2025.csv", HEADER_WB, wb_income())
