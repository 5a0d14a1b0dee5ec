"""The demo job: footprints by origin for every region of the bundled default table.

Writes to ``out_dir``: for each account shown, the by-origin flows as a tidy table
(``footprint_by_origin_<account>.parquet`` and ``.csv``) and the per-region summary
(``summary_<account>.parquet`` and ``.csv``); ``identities.csv`` (world consumption-based
total against world production-based total, per account); one PNG chart of the share produced
abroad for the main account (none for a national, one-region table: it has no foreign origin,
said in ``DemoResult.notes``). Every write is atomic.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..footprints import consumption_based, identity_check
from ..io.atomic import output_folder
from ..io.output import to_long, write_result
from ..model import MRIO
from ..progress import Progress, notify
from .figures import share_abroad_chart
from .summary import origin_summary

__all__ = ["NO_FOREIGN_ORIGIN", "DemoResult", "demo_accounts", "run_demo"]


@dataclass
class DemoResult:
    """What the demo computed and wrote."""

    mrio: MRIO
    summaries: dict[str, pd.DataFrame] = field(default_factory=dict)
    identities: pd.DataFrame | None = None
    files: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


#: Why a one-region (national) table has no share abroad and no chart.
NO_FOREIGN_ORIGIN = ("a national table (one region): there is no foreign origin to trace, so "
                     "no share produced abroad and no chart; imports, where the table records "
                     "them, are not traced to the regions that made them")


def demo_accounts(mrio: MRIO) -> list[str]:
    """Accounts the demo reports: ``hours`` (when the table has it) then ``value_added``."""
    keys = {a.key for a in mrio.accounts}
    names = {a.name for a in mrio.accounts}
    chosen: list[str] = [a for a in ("hours", "value_added") if a in names or a in keys]
    return chosen or [mrio.account_names[0]]


def run_demo(mrio: MRIO, out_dir: str | Path, *, step: Progress | None = None) -> DemoResult:
    """Compute the per-region origin summaries and write the results folder.

    Parameters
    ----------
    mrio : MRIO
        The table (normally :func:`interlabor.io.load_default`).
    out_dir : str or Path
        Folder for the results (created if missing; its parent folder never is).
    step : Progress, optional
        Told before each long step (task ``"demo"``: one step per account, then the chart).

    Returns
    -------
    DemoResult
    """
    out = output_folder(out_dir)
    res = DemoResult(mrio)
    accounts = demo_accounts(mrio)
    steps = len(accounts) + 1
    checks = []
    for i, acc in enumerate(accounts):
        notify(step, "demo", f"footprints of {acc}", done=i, total=steps, unit="steps")
        summary = origin_summary(mrio, acc)
        res.summaries[acc] = summary
        flows = consumption_based(mrio, acc, by="origin")
        long = to_long(flows, indicator="footprint_by_origin")
        safe = acc.replace("/", "_")
        for ext in ("parquet", "csv"):
            res.files.append(write_result(long, out / f"footprint_by_origin_{safe}.{ext}"))
            table = summary.reset_index()
            table["account"] = summary.attrs.get("account", acc)
            table["unit"] = summary.attrs.get("unit", "")
            table["modelled"] = summary.attrs.get("modelled", False)
            res.files.append(write_result(table, out / f"summary_{safe}.{ext}"))
        checks.append({"account": acc, **identity_check(mrio, acc)})
    res.identities = pd.DataFrame(checks)
    res.files.append(write_result(res.identities, out / "identities.csv"))
    main = accounts[0]
    a = mrio.account(main)
    notify(step, "demo", "chart", done=steps - 1, total=steps, unit="steps")
    if mrio.n_regions > 1:
        title = (
            f"{mrio.meta.get('title', 'MRIO')} {mrio.year or ''}: share of each region's "
            f"consumption-based {main} produced abroad (%)"
            + (" — modelled estimates, illustrative" if a.modelled else "")
        )
        res.files.append(
            share_abroad_chart(res.summaries[main], out / f"share_abroad_{main}.png", title=title)
        )
    else:
        res.notes.append(NO_FOREIGN_ORIGIN)
    notify(step, "demo", "done", done=steps, total=steps, unit="steps")
    return res
