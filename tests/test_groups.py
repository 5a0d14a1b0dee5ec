"""Shipped region groups and the loader."""

import pandas as pd
import pytest

from interlabor.errors import InvalidValueError, LabelMismatchError, TableReadError
from interlabor.groups import SHIPPED_GROUPS, load_groups, shipped_groups

WIOD = ("AUS AUT BEL BGR BRA CAN CHN CYP CZE DEU DNK ESP EST FIN FRA GBR GRC HUN IDN IND IRL ITA "
        "JPN KOR LTU LUX LVA MEX MLT NLD POL PRT ROU RUS SVK SVN SWE TUR TWN USA RoW").split()
EXIO = ("AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK GB US JP "
        "CN CA KR BR IN MX RU AU CH TR TW NO ID ZA WA WL WE WF WM").split()
ICIO = ("AUS AUT BEL CAN CHL COL CRI CZE DNK EST FIN FRA DEU GRC HUN ISL IRL ISR ITA JPN KOR LVA "
        "LTU LUX MEX NLD NZL NOR POL PRT SVK SVN ESP SWE CHE TUR GBR USA ARG BGD BLR BRA BRN BGR "
        "KHM CMR CHN CIV HRV CYP EGY HKG IND IDN JOR KAZ LAO MYS MLT MAR MMR NGA PAK PER PHL ROU "
        "RUS SAU SEN SGP ZAF TWN THA TUN UKR VNM ROW").split()
WIOD_NORTH = set("AUS AUT BEL CAN CYP CZE DEU DNK ESP EST FIN FRA GBR GRC IRL ITA JPN KOR LTU "
                 "LUX LVA MLT NLD PRT SVK SVN SWE TWN USA".split())


def test_shipped_files_exist():
    for path in shipped_groups().values():
        assert path.is_file()
    assert "north-south" in SHIPPED_GROUPS and "wb-income" in SHIPPED_GROUPS


def test_north_south_wiod():
    g = load_groups("north-south", WIOD)
    assert set(g[g == "North"].index) == WIOD_NORTH
    assert g["RoW"] == "South" and g["CHN"] == "South" and g["KOR"] == "North"
    assert list(g.index) == WIOD
    assert "April 2024" in g.attrs["description"]


@pytest.mark.parametrize("regions", [EXIO, ICIO])
def test_north_south_covers_exiobase_and_icio(regions):
    g = load_groups("north-south", regions)
    assert set(g.unique()) == {"North", "South"}


def test_north_south_exiobase_matches_iso3():
    g2 = load_groups("north-south", EXIO[:44])
    g3 = load_groups("north-south", ["AUT", "CHN", "TWN", "NOR", "HRV", "BGR"])
    assert [g2[c] for c in ["AT", "CN", "TW", "NO", "HR", "BG"]] == g3.tolist()


def test_imf_advanced_economies_count():
    df = pd.read_csv(shipped_groups()["north-south"], comment="#")
    iso3 = df[(df.region.str.len() == 3) & (df.group == "North")]
    assert len(iso3) == 41


def test_wb_income_groups():
    g = load_groups("wb-income", WIOD)
    assert g["USA"] == "High income" and g["IND"] == "Lower middle income"
    assert g["CHN"] == "Upper middle income" and g["RoW"] == "Rest of world (mixed)"
    assert "fiscal year 2025" in g.attrs["description"]
    load_groups("wb-income", ICIO)
    load_groups("wb-income", EXIO)


def test_unmapped_region_named():
    with pytest.raises(LabelMismatchError, match="XYZ.*QQQ|QQQ.*XYZ"):
        load_groups("north-south", ["USA", "XYZ", "QQQ"])


def test_user_csv(tmp_path):
    p = tmp_path / "g.csv"
    p.write_text("# my grouping\nregion,group\nA,core\nB,periphery\n")
    g = load_groups(p, ["B", "A"])
    assert g.tolist() == ["periphery", "core"]
    assert g.attrs["description"] == "my grouping"


def test_user_csv_conflict_and_columns(tmp_path):
    p = tmp_path / "g.csv"
    p.write_text("region,group\nA,x\nA,y\n")
    with pytest.raises(LabelMismatchError, match="A"):
        load_groups(p, ["A"])
    q = tmp_path / "h.csv"
    q.write_text("code,cluster\nA,x\n")
    with pytest.raises(TableReadError, match="region,group"):
        load_groups(q, ["A"])
    with pytest.raises(TableReadError, match="north-south"):
        load_groups(tmp_path / "missing.csv", ["A"])


def test_north_south_by_year_follows_the_imf():
    g96 = load_groups("north-south-by-year", WIOD, year=1996)
    g97 = load_groups("north-south-by-year", WIOD, year=1997)
    g11 = load_groups("north-south-by-year", WIOD, year=2011)
    assert g96["KOR"] == g96["TWN"] == "South" and g97["KOR"] == g97["TWN"] == "North"
    later = {"CYP": 2001, "SVN": 2007, "MLT": 2008, "CZE": 2009, "SVK": 2009, "EST": 2011}
    for c, y in later.items():
        assert load_groups("north-south-by-year", [c], year=y - 1)[c] == "South"
        assert load_groups("north-south-by-year", [c], year=y)[c] == "North"
    # 2011: the 2024 list less the Baltic states that joined later (LVA 2014, LTU 2015)
    assert set(g11[g11 == "North"].index) == WIOD_NORTH - {"LVA", "LTU"}
    g24 = load_groups("north-south-by-year", WIOD + EXIO, year=2024)
    assert g24.tolist() == load_groups("north-south", WIOD + EXIO).tolist()
    assert g96["RoW"] == "South" and "WEO May 1997" in g97.attrs["description"] + str(
        pd.read_csv(shipped_groups()["north-south-by-year"], comment="#").note.tolist())


def test_grouping_over_time_needs_a_year(tmp_path):
    with pytest.raises(InvalidValueError, match="changes over time.*KOR"):
        load_groups("north-south-by-year", ["KOR", "USA"])
    p = tmp_path / "g.csv"
    p.write_text("region,group,from,to\nA,x,,2000\nA,y,2001,\nB,x,,\n")
    assert load_groups(p, ["A", "B"], year=2000).tolist() == ["x", "x"]
    assert load_groups(p, ["A", "B"], year=2001).tolist() == ["y", "x"]
    q = tmp_path / "h.csv"
    q.write_text("region,group,from,to\nA,x,,2001\nA,y,2001,\n")
    with pytest.raises(LabelMismatchError, match="more than one group in 2001"):
        load_groups(q, ["A"], year=2001)
    r = tmp_path / "i.csv"
    r.write_text("region,group,from,to\nA,x,soon,\n")
    with pytest.raises(TableReadError, match="'soon' is not a year"):
        load_groups(r, ["A"], year=2001)
