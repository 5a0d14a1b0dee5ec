"""The one progress protocol: library functions report, the command line displays.

A long-running function takes ``progress: Progress | None`` (some name it ``step``) and calls
it with a :class:`ProgressEvent` for each step or advance; nothing below the command line
prints. The command line turns the events into one rich display (a bar when ``total`` is known,
a spinner otherwise; see :func:`interlabor.cli._common.progress`).

This module imports nothing heavy (only the standard library), so that every layer may use it.

Examples
--------
>>> seen = []
>>> notify(seen.append, "reading", "Z.txt", done=1.0, total=4.0, unit="B")
>>> seen[0].fraction
0.25
>>> notify(None, "reading", "nothing happens without a callback")
>>> amount(3_500_000, "B"), amount(9, "units")
('3.5 MB', '9 units')
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Progress", "ProgressEvent", "amount", "notify"]


@dataclass(frozen=True)
class ProgressEvent:
    """One report of a long-running task.

    Attributes
    ----------
    task : str
        What is running, stable across the events of one task (e.g. ``"batch"``,
        ``"read Z.txt"``); a display keeps one line per task.
    done : float or None
        Amount done so far, in ``unit`` (None: a step without a measure).
    total : float or None
        Amount when finished, in ``unit``; None when unknown (a spinner, not a bar).
    unit : str
        Unit of ``done`` and ``total``: ``"B"`` (bytes), ``"units"``, ``"solves"``, ...
    message : str
        What happens now, one short line (e.g. ``"reading wiot_2011.RData"``).
    eta : float or None
        Seconds left, when the producer estimates it (the batch driver does); a display may
        estimate it itself from ``done`` and ``total``.
    """

    task: str
    done: float | None = None
    total: float | None = None
    unit: str = ""
    message: str = ""
    eta: float | None = None

    @property
    def fraction(self) -> float | None:
        """``done / total`` in [0, 1], or None when either is unknown (or total is 0)."""
        if self.done is None or not self.total:
            return None
        return min(max(self.done / self.total, 0.0), 1.0)


#: The callback every long-running function accepts: called with one event at a time.
Progress = Callable[[ProgressEvent], None]


def notify(
    progress: Progress | None,
    task: str,
    message: str = "",
    *,
    done: float | None = None,
    total: float | None = None,
    unit: str = "",
    eta: float | None = None,
) -> None:
    """Send one :class:`ProgressEvent` to ``progress``; nothing when it is None.

    Parameters
    ----------
    progress : Progress or None
        The callback.
    task, message, done, total, unit, eta
        The event's fields (see :class:`ProgressEvent`).
    """
    if progress is not None:
        progress(ProgressEvent(task, done, total, unit, message, eta))


_BYTES = ((1e12, "TB"), (1e9, "GB"), (1e6, "MB"), (1e3, "kB"))


def amount(value: float, unit: str = "") -> str:
    """An amount for people: bytes (``unit="B"``) scaled to kB/MB/GB/TB, others as counts.

    Parameters
    ----------
    value : float
    unit : str

    Returns
    -------
    str
        E.g. ``"3.5 MB"``, ``"512 B"``, ``"9 units"``, ``"2.5 s"``.
    """
    if unit == "B":
        for factor, name in _BYTES:
            if abs(value) >= factor:
                return f"{value / factor:,.1f} {name}"
        return f"{value:,.0f} B"
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.3g}"
    return f"{text} {unit}" if unit else text
