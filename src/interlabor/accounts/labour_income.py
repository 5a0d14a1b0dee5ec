"""A modelled labour-income account for tables without compensation (WIOD 2013 here).

Labour income incl. the self-employed, modelled: for region ``r`` of year ``t`` with value
added ``v_rs`` (the table's account ``value_added``, money unit of the table),

    LI_rs = lambda_r * v_r * p_rs v+_rs / sum_s' p_rs' v+_rs'

with ``v_r = sum_s v_rs``, ``v+ = max(v, 0)``, ``lambda_r`` the labour share of GDP and
``p_rs`` the labour share of value added of industry ``s`` relative to the others, so that
``sum_s LI_rs = lambda_r v_r`` (the region's labour share times its value added) and the
split follows the industry pattern:

* ``lambda_r``: Penn World Table 10.01 ``labsh`` (share of labour compensation in GDP at
  current national prices, with the labour income of the self-employed imputed; all 40 WIOD
  countries, 1995-2011), or, in variant ``ilo_share``, the ILO labour income share
  (``LAP_2GDP_NOC_RT``, adjusted for the self-employed; 2004-2011, PWT otherwise). The rest
  of the world (``RoW``): the GDP-weighted average of ``labsh`` over the PWT economies outside
  the table (weights GDP at market exchange rates, ``cgdpo x pl_gdpo``): the world average of
  the economies RoW stands for.
* ``p_rs``: the WIOD 2016 Socio-Economic Accounts' labour compensation over value added by
  industry (``LAB / VA``, 56 industries concorded to the 35 of WIOD 2013 with the table's
  output of the country, :mod:`interlabor.accounts.concordance`): a SEA country's own pattern
  (AUS, CAN, DEU, FRA, GBR, USA), for the others the pooled pattern of the six (sums in US$ at
  the SEA's exchange rates); SEA years 2000-2014, so 1995-1999 use 2000. Variant
  ``flat_pattern``: ``p = 1`` (the same share in every industry of a region).

Variants: ``central`` (PWT, SEA pattern), ``ilo_share`` (ILO where it exists, SEA pattern),
``flat_pattern`` (PWT, flat): the range of the wage drains is the envelope over them
(:func:`interlabor.exchange_report.summary_range`, ``wage_variants``). Every account is marked
``modelled`` and its description starts with its basis, ``labour income incl. self-employed,
modelled``: never compensation of employees. Domestic workers paid by households outside
the table's output (c35 with zero output) get no labour income here.

Sources: Feenstra, Inklaar & Timmer (2015), AER 105(10), PWT 10.01; ILOSTAT; Timmer et al.
(2015), WIOD 2016 SEA (see :mod:`interlabor.accounts.sea`).
"""

from __future__ import annotations

import functools
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import CoverageError, TableReadError, UnitError
from ..groups import rest_of_world
from ..io.price_data import read_ilo_labour_share, read_pwt
from ..model import MRIO, Account
from .concordance import WIOD35, concord, concordance_matrix
from .sea import SEA_FILES

__all__ = [
    "ALTERNATIVES",
    "BASIS",
    "VARIANTS",
    "IncomeSources",
    "distribute",
    "labour_income_account",
    "labour_income_accounts",
    "labour_shares",
    "load_income_sources",
]

#: What the account measures (first clause of every description; the exchange basis).
BASIS = "labour income incl. self-employed, modelled"
#: Variant -> what it assumes.
VARIANTS: dict[str, str] = {
    "central": "PWT 10.01 labour share (labsh) x value added, split by the SEA industry "
    "pattern (LAB/VA)",
    "ilo_share": "ILO labour income share (2004-2011; PWT labsh otherwise) x value added, "
    "split by the SEA industry pattern (LAB/VA)",
    "flat_pattern": "PWT 10.01 labour share (labsh) x value added, the same share in every "
    "industry",
}
#: Account names of the non-central variants (the labour-income range).
ALTERNATIVES: tuple[str, ...] = tuple(f"labour_income_{v}" for v in VARIANTS if v != "central")
SEA_YEARS = (2000, 2014)


@dataclass(frozen=True, eq=False)
class IncomeSources:
    """PWT labour shares and GDP, ILO labour income shares, SEA ``LAB`` and ``VA``.

    Attributes
    ----------
    labsh, ilo : DataFrame
        ISO3 x year labour shares (fractions).
    gdp : DataFrame
        ISO3 x year GDP at market exchange rates (PWT ``cgdpo x pl_gdpo``; weights only).
    sea : DataFrame
        Columns country, code (56 NACE industries), year, LAB, VA (national currency),
        NOMEXCH (national currency per US$).
    data_dir : str
    """

    labsh: pd.DataFrame
    ilo: pd.DataFrame
    gdp: pd.DataFrame
    sea: pd.DataFrame
    data_dir: str


def _read_sea_income(sea_dir: Path) -> pd.DataFrame:
    """SEA ``LAB``, ``VA`` and ``NOMEXCH`` of every country (a country's own file first)."""
    try:
        import rdata
    except ImportError as exc:  # pragma: no cover - optional dependency
        raise TableReadError(sea_dir, "reading .rda files needs the 'rdata' package "
                             "(pip install 'interlabor[wiod]')") from exc
    frames = []
    for name, obj in SEA_FILES:
        path = sea_dir / name
        if not path.is_file():
            raise TableReadError(path, "SEA file not found")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            data = pd.DataFrame(rdata.read_rda(str(path))[obj])
        cols = ["country", "code", "year", "LAB", "VA", "NOMEXCH"]
        missing = [c for c in cols if c not in data.columns]
        if missing:
            raise TableReadError(path, f"missing SEA variable(s) {missing}", column=missing[0])
        frames.append(data[cols].astype({"country": str, "code": str}))
    df = pd.concat(frames, ignore_index=True)
    for c in ("year", "LAB", "VA", "NOMEXCH"):
        df[c] = pd.to_numeric(df[c], errors="coerce").astype(float)
    df = df.dropna(subset=["year"]).astype({"year": int})
    return df.drop_duplicates(["country", "code", "year"], keep="first").reset_index(drop=True)


@functools.lru_cache(maxsize=4)
def _load(data_dir: str) -> IncomeSources:
    d = Path(data_dir)
    labsh = read_pwt(d, "labsh", bounds=(0.0, 1.0))
    gdp = read_pwt(d, "cgdpo") * read_pwt(d, "pl_gdpo")
    return IncomeSources(labsh, read_ilo_labour_share(d), gdp.where(gdp > 0),
                         _read_sea_income(d / "wiod2016_sea"), data_dir)


def load_income_sources(data_dir: str | Path) -> IncomeSources:
    """Read ``prices/pwt1001``, ``ilo/`` and ``wiod2016_sea/`` under ``data_dir`` (cached).

    Raises
    ------
    TableReadError
        A file is missing or malformed.
    """
    return _load(str(Path(data_dir).resolve()))


def _share(table: pd.DataFrame, iso3: str, year: int) -> float:
    if iso3 in table.index and year in table.columns:
        v = float(table.loc[iso3, year])
        if np.isfinite(v):
            return v
    return float("nan")


def labour_shares(regions: list[str], year: int, sources: IncomeSources) -> pd.DataFrame:
    """Labour share of GDP of each region: PWT ``labsh`` and the ILO share where it exists.

    Returns
    -------
    DataFrame
        Index region; columns ``pwt``, ``ilo`` (NaN where the ILO has none) and ``rule``
        (``pwt``; for the rest of the world ``pwt-rest-of-world (n economies)``).

    Raises
    ------
    CoverageError
        If PWT has no labour share for a country of the table in ``year``.
    """
    row = rest_of_world(regions)
    countries = [r for r in regions if r not in row]
    rows = {}
    for r in countries:
        pwt = _share(sources.labsh, r, year)
        if not np.isfinite(pwt):
            raise CoverageError(f"no PWT 10.01 labour share (labsh) for {r} in {year}")
        rows[r] = (pwt, _share(sources.ilo, r, year), "pwt")
    if row:
        if year not in sources.labsh.columns or year not in sources.gdp.columns:
            raise CoverageError(f"no PWT labsh or GDP for {year}")
        both = pd.concat([sources.labsh[year], sources.gdp[year]], axis=1).dropna()
        rest = both[~both.index.isin(countries)]
        if rest.empty:
            raise CoverageError(f"no PWT economy outside the table has labsh in {year}")
        avg = float(np.average(rest.iloc[:, 0], weights=rest.iloc[:, 1]))
        for r in row:
            rows[r] = (avg, float("nan"), f"pwt-rest-of-world ({len(rest)} economies)")
    return pd.DataFrame.from_dict(rows, orient="index", columns=["pwt", "ilo", "rule"]
                                  ).reindex(regions)


def _patterns(sources: IncomeSources, X: pd.DataFrame, year: int) -> tuple[
        dict[str, np.ndarray], np.ndarray, int]:
    """Own SEA ``LAB/VA`` of the SEA countries in the table, the pooled one, the SEA year."""
    ty = min(max(year, SEA_YEARS[0]), SEA_YEARS[1])
    sea = sources.sea[sources.sea["year"] == ty]
    own: dict[str, np.ndarray] = {}
    lab_usd, va_usd = np.zeros(len(WIOD35)), np.zeros(len(WIOD35))
    for c, part in sea.groupby("country"):
        if c not in X.index:
            continue
        cc = concord(part.set_index("code")[["LAB", "VA"]].fillna(0.0),
                     concordance_matrix(X.loc[c]))
        lab, va = cc["LAB"].to_numpy(), cc["VA"].to_numpy()
        with np.errstate(divide="ignore", invalid="ignore"):
            own[str(c)] = np.where(va > 0, lab / va, lab.sum() / va.sum())
        xr = float(part["NOMEXCH"].dropna().iloc[0]) if part["NOMEXCH"].notna().any() else 1.0
        lab_usd, va_usd = lab_usd + lab / xr, va_usd + va / xr
    if not own:
        raise CoverageError(f"no SEA country of {sources.data_dir} is in the table")
    with np.errstate(divide="ignore", invalid="ignore"):
        pooled = np.where(va_usd > 0, lab_usd / va_usd, lab_usd.sum() / va_usd.sum())
    return own, pooled, ty


def distribute(va: np.ndarray, share: np.ndarray, pattern: np.ndarray) -> np.ndarray:
    """``LI_rs = share_r v_r p_rs v+_rs / sum_s p_rs v+_rs`` (module docstring).

    Parameters
    ----------
    va : ndarray, shape (R, S)
        Value added by region and industry (money).
    share : ndarray, shape (R,)
        Labour share of each region's value added.
    pattern : ndarray, shape (R, S)
        Relative labour shares of the industries (non-negative).

    Returns
    -------
    ndarray, shape (R, S)
        Labour income; each row sums to ``share_r * va_r.sum()`` (0 where the region has no
        positive value added).
    """
    pos = np.clip(va, 0.0, None) * pattern
    total = pos.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(total > 0, pos / total, 0.0) * (share * va.sum(axis=1))[:, None]


def labour_income_account(
    mrio: MRIO, data_dir: str | Path | None = None, *, variant: str = "central",
    sources: IncomeSources | None = None, value_added: str = "value_added",
) -> Account:
    """The modelled labour-income account of a WIOD 2013-shaped table (module docstring).

    Parameters
    ----------
    mrio : MRIO
        Regions ISO3 plus at most one ``RoW``, sectors c1..c35, ``year`` set, a money
        ``value_added`` account.
    data_dir : str or Path, optional
        Folder with ``prices/pwt1001/``, ``ilo/`` and ``wiod2016_sea/`` (``../shared/data``);
        needed unless ``sources`` is given.
    variant : {"central", "ilo_share", "flat_pattern"}
    sources : IncomeSources, optional
        Pre-loaded sources (:func:`load_income_sources`).
    value_added : str
        The value-added account; its unit is the account's.

    Returns
    -------
    Account
        Extension ``labour``, name ``labour_income`` (central) or ``labour_income_<variant>``,
        the value-added unit (e.g. ``USD million``), ``modelled=True``, description starting
        with :data:`BASIS`.

    Raises
    ------
    ValueError
        Unknown variant.
    CoverageError
        No year, sectors other than c1..c35, no SEA country in the table, or a country
        without a PWT labour share.
    UnitError
        Value added not in money.
    AccountNotFoundError
        No ``value_added`` account.
    """
    if variant not in VARIANTS:
        raise ValueError(f"variant {variant!r}; expected one of {', '.join(VARIANTS)}")
    if mrio.year is None:
        raise CoverageError("the table has no year: labour income is modelled for one year")
    if list(mrio.sectors) != list(WIOD35):
        raise CoverageError("the labour-income account needs the 35 WIOD 2013 industries "
                            "c1..c35 (the SEA pattern is concorded to them)")
    acc_v = mrio.account(value_added)
    if not acc_v.parsed_unit.monetary:
        raise UnitError(f"account {acc_v.key!r} is in {acc_v.unit!r}; expected money")
    if sources is None:
        if data_dir is None:
            raise CoverageError("give data_dir (the folder with prices/, ilo/ and "
                                "wiod2016_sea/) or sources")
        sources = load_income_sources(data_dir)
    year, R, S = int(mrio.year), mrio.n_regions, mrio.n_sectors
    regions = list(mrio.regions)
    va = acc_v.values.reshape(R, S)
    X = pd.DataFrame(mrio.x.reshape(R, S), index=regions, columns=list(WIOD35))
    shares = labour_shares(regions, year, sources)
    lam = shares["pwt"].to_numpy(dtype=float)
    if variant == "ilo_share":
        ilo = shares["ilo"].to_numpy(dtype=float)
        lam = np.where(np.isfinite(ilo), ilo, lam)
    pattern = np.ones((R, S))
    sea_note = "flat"
    if variant != "flat_pattern":
        own, pooled, ty = _patterns(sources, X, year)
        pattern = np.array([own.get(r, pooled) for r in regions])
        sea_note = f"SEA {ty}: own pattern for {', '.join(sorted(own))}, pooled elsewhere"
    values = distribute(va, lam, pattern).ravel()
    name = "labour_income" if variant == "central" else f"labour_income_{variant}"
    n_ilo = int(np.isfinite(shares["ilo"]).sum()) if variant == "ilo_share" else 0
    return Account(
        name=name, unit=acc_v.unit, values=values, extension="labour", modelled=True,
        description=f"{BASIS}: {VARIANTS[variant]}; {year}; pattern {sea_note}"
        + (f"; ILO share for {n_ilo} regions" if variant == "ilo_share" else "")
        + f"; RoW: {shares.loc[rest_of_world(regions), 'rule'].iloc[0]}"
        * bool(rest_of_world(regions))
        + ". Illustrative modelled estimate, not compensation of employees (see "
        "docs/exchange.md, Labour income).",
    )


def labour_income_accounts(
    mrio: MRIO, data_dir: str | Path | None = None, *,
    variants: tuple[str, ...] = tuple(VARIANTS), sources: IncomeSources | None = None,
) -> list[Account]:
    """:func:`labour_income_account` for each variant (central first: ``labour_income``).

    Raises
    ------
    As :func:`labour_income_account`.
    """
    if sources is None and data_dir is not None:
        sources = load_income_sources(data_dir)
    return [labour_income_account(mrio, data_dir, variant=v, sources=sources) for v in variants]
