"""The saving of a plan, decomposed: price-level part, productivity part, transport.

A plan in money units treats a dollar of output as the same product wherever it is made. An hour
buys fewer dollars of output where prices are low, so moving production to high-price regions
"saves" hours that are only cheaper currencies. The same plan in volumes (output at the
reference region's prices, :mod:`interlabor.planning.data`) counts physical units. With
``S_m`` and ``S_v`` the hours saved by the money and the volume plan (each the LP's objective
against today's, the transport proxy included):

* **price-level part** ``S_m - S_v``: the saving that vanishes when output is counted in
  volumes, i.e. re-sourcing along price-level differences, not better technique;
* **productivity part**: the volume plan's saving of hours worked (production), i.e. moving
  work to where fewer hours make the same product, and technologies that need fewer inputs;
* **transport part**: the volume plan's saving of transport-proxy hours.

The three add up to ``S_m``. With every price level equal to one the two plans are the same
LP and the price-level part is zero.
"""

from __future__ import annotations

from typing import Any

from .results import PlanResult

__all__ = ["saving_split", "split_statement"]


def saving_split(main: PlanResult, other: PlanResult) -> dict[str, Any]:
    """The saving in money units and in volumes, and its parts.

    Parameters
    ----------
    main, other : PlanResult
        The same scenario planned in volumes and in money units (either order).

    Returns
    -------
    dict
        Hours (hours unit): ``money``, ``volumes`` (total saved by each plan),
        ``price_level``, ``productivity``, ``transport`` (``money = price_level +
        productivity + transport``); each also as ``<key>_share`` of today's hours worked;
        ``hours_today`` (the table's hours), ``price_source`` (the volume plan's price
        levels), ``plan_basis`` (the basis of ``main``).

    Raises
    ------
    ValueError
        The two plans are not one in volumes and one in money units.
    """
    bases = {main.lp.data.basis, other.lp.data.basis}
    if bases != {"volumes", "money"}:
        raise ValueError(f"a saving split needs a volume and a money plan, got {sorted(bases)}")
    vol, mon = (main, other) if main.lp.data.basis == "volumes" else (other, main)
    today = vol.hours_saved["today"]
    out: dict[str, Any] = {
        "money": mon.hours_saved["total"], "volumes": vol.hours_saved["total"],
        "price_level": mon.hours_saved["total"] - vol.hours_saved["total"],
        "productivity": vol.hours_saved["production"], "transport": vol.hours_saved["transport"],
    }
    for k in list(out):
        out[f"{k}_share"] = out[k] / today if today else 0.0
    out.update(hours_today=today, price_source=vol.lp.data.price_source,
               plan_basis=main.lp.data.basis)
    return out


def split_statement(split: dict[str, Any]) -> str:
    """The split in one sentence (shares of today's hours worked)."""
    return (f"Hours saved, counted in money units {split['money_share']:.2%} of today's hours "
            f"worked, in volumes {split['volumes_share']:.2%}: price-level part "
            f"{split['price_level_share']:.2%} (re-sourcing along price-level differences, "
            f"not better technique), productivity part {split['productivity_share']:.2%}, "
            f"transport {split['transport_share']:.2%}.")
