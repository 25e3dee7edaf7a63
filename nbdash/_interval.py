"""``dcc.Interval`` for headless front ends: Dash's timer rules over a :mod:`nbdash._clock`.

The browser's Interval (dash-core-components ``Interval.react.js``) keeps one ``setInterval``
timer and re-checks it whenever its props change:

* the timer must not run while ``disabled``, when ``max_intervals == 0``, or once
  ``n_intervals >= max_intervals`` (``max_intervals == -1``: no limit) — a running timer stops;
* otherwise a running timer keeps running (its phase is kept: a callback resetting ``n_intervals``
  while it runs does not shift the ticks), and a stopped one starts afresh, first tick one
  ``interval`` later (so resetting ``n_intervals`` or raising ``max_intervals`` after the limit was
  reached, or enabling it, restarts it);
* a new ``interval`` always restarts the timer (new phase, new period);
* each tick sets ``n_intervals`` to the current value + 1, as the user's change would.

:class:`IntervalTimers` holds that state for every Interval of one session: ``sync`` re-reads the
Intervals of the tree (after load, and after patches that may have inserted or removed some),
``update`` re-checks the ones whose props changed. Ticks call back into the driver, which submits
them as front-end changes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ._clock import Clock

__all__ = ["IntervalTimers", "is_interval"]


def is_interval(component: Any) -> bool:
    return component._type == "Interval" and component._namespace == "dash_core_components"


def _should_run(props: dict[str, Any]) -> bool:
    max_intervals = props.get("max_intervals", -1)
    n = props.get("n_intervals") or 0
    if props.get("disabled") or max_intervals == 0:
        return False
    return not (max_intervals is not None and max_intervals != -1 and n >= max_intervals)


def _period(props: dict[str, Any]) -> float:
    interval = props.get("interval", 1000)
    try:
        return max(0.001, float(interval) / 1000.0)
    except (TypeError, ValueError):
        return 1.0


class IntervalTimers:
    """The timers of a session's Intervals, by id string."""

    def __init__(self, clock: Clock, tick: Callable[[str], None], lock: Any) -> None:
        self.clock = clock
        self._tick = tick
        self._lock = lock  # the app's (re-entrant) lock: timer state changes only under it
        self._running: dict[str, float] = {}  # id_str → period of its running timer
        self._interval: dict[str, Any] = {}  # id_str → the `interval` prop last seen

    def sync(self, entries: Any) -> None:
        """Re-read every Interval among ``entries`` (tree entries); forget the ones gone."""
        seen = set()
        for entry in entries:
            if is_interval(entry.component):
                seen.add(entry.id_str)
                self.update(entry.id_str, entry.component._props)
        for id_str in [k for k in self._interval if k not in seen]:
            self.remove(id_str)

    def update(self, id_str: str, props: dict[str, Any]) -> None:
        """The Interval ``id_str`` mounted or got new props: apply Dash's timer rules."""
        interval = props.get("interval", 1000)
        if id_str in self._interval and self._interval[id_str] != interval:
            self._stop(id_str)  # a new interval resets the timer
        self._interval[id_str] = interval
        if not _should_run(props):
            self._stop(id_str)
        elif id_str not in self._running:
            period = _period(props)
            self._running[id_str] = period
            self._arm(id_str, self.clock.monotonic() + period)

    def remove(self, id_str: str) -> None:
        self._stop(id_str)
        self._interval.pop(id_str, None)

    def close(self) -> None:
        for id_str in list(self._interval):
            self.remove(id_str)

    def __contains__(self, id_str: str) -> bool:
        return id_str in self._interval

    def _stop(self, id_str: str) -> None:
        if self._running.pop(id_str, None) is not None:
            self.clock.cancel(("interval", id_str))

    def _arm(self, id_str: str, due: float) -> None:
        def fire() -> None:
            with self._lock:
                period = self._running.get(id_str)
                if period is None:
                    return
                # re-arm first (setInterval): the tick's own update keeps this phase; no bunching
                self._arm(id_str, max(due + period, self.clock.monotonic()))
                self._tick(id_str)

        self.clock.schedule(("interval", id_str), due, fire)
