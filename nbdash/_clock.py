"""Time for headless front ends: a real clock or a manual one, each with one-shot timers.

A browser gives its components two things the headless driver (``nbdash.testing.AppDriver``) has
to supply itself: the current time (``n_clicks_timestamp``) and timers (``dcc.Interval``). Both
come from a clock:

* :class:`RealClock` (the default, ``AppDriver(app)``): wall time, and a daemon thread that fires
  each timer when it is due, like the browser's event loop. A fired timer runs on that thread; what
  it does (an Interval tick) enters the app through the app's lock like any browser event.
* :class:`ManualClock` (``AppDriver(app, clock="manual")``): time stands still until the test
  calls :meth:`ManualClock.advance` (``d.advance(seconds)``), which moves time forward to each due
  timer in turn, fires it on the calling thread and lets what it set off finish before moving on.
  Tests of periodic behaviour become deterministic and take no wall time.

Timers are keyed (one per key: scheduling a key again replaces its timer) and one-shot; periodic
timers re-schedule themselves when they fire (:mod:`nbdash._interval`). Times are seconds;
``monotonic()`` orders timers, ``wall()`` is epoch time for timestamps (the manual clock starts at
the real wall time and moves only with ``advance``).
"""

from __future__ import annotations

import heapq
import itertools
import threading
import time
from collections.abc import Callable, Hashable
from typing import Any

__all__ = ["Clock", "ManualClock", "RealClock", "make_clock"]

Fire = Callable[[], None]
_EPSILON = 1e-9  # seconds: float sums of intervals that are due "exactly" at the target


class Clock:
    """Keyed one-shot timers on a timeline (the part both clocks share)."""

    def __init__(self) -> None:
        self._heap: list[tuple[float, int, Hashable]] = []
        self._timers: dict[Hashable, tuple[float, int, Fire]] = {}
        self._seq = itertools.count()
        self._cond = threading.Condition()

    def monotonic(self) -> float:
        raise NotImplementedError

    def wall(self) -> float:
        raise NotImplementedError

    def schedule(self, key: Hashable, due: float, fire: Fire) -> None:
        """Run ``fire`` at monotonic time ``due`` (replacing ``key``'s pending timer)."""
        with self._cond:
            seq = next(self._seq)
            self._timers[key] = (due, seq, fire)
            heapq.heappush(self._heap, (due, seq, key))
            self._cond.notify_all()

    def cancel(self, key: Hashable) -> None:
        with self._cond:
            self._timers.pop(key, None)

    def close(self) -> None:
        """Drop every timer (and stop the real clock's thread)."""
        with self._cond:
            self._timers.clear()
            self._heap.clear()
            self._cond.notify_all()

    def _pop_due(self, now: float) -> tuple[float, Fire] | None:
        """The earliest live timer due at or before ``now``, removed (caller holds ``_cond``)."""
        while self._heap:
            due, seq, key = self._heap[0]
            live = self._timers.get(key)
            if live is None or live[1] != seq:
                heapq.heappop(self._heap)  # cancelled or replaced
                continue
            if due > now:
                return None
            heapq.heappop(self._heap)
            del self._timers[key]
            return due, live[2]
        return None

    def _next_due(self) -> float | None:
        while self._heap:
            due, seq, key = self._heap[0]
            live = self._timers.get(key)
            if live is None or live[1] != seq:
                heapq.heappop(self._heap)
                continue
            return due
        return None


class RealClock(Clock):
    """Wall time; a daemon thread fires timers when due (started with the first timer)."""

    manual = False

    def __init__(self) -> None:
        super().__init__()
        self._thread: threading.Thread | None = None
        self._closed = False

    def monotonic(self) -> float:
        return time.monotonic()

    def wall(self) -> float:
        return time.time()

    def schedule(self, key: Hashable, due: float, fire: Fire) -> None:
        super().schedule(key, due, fire)
        with self._cond:
            if self._thread is None and not self._closed:
                self._thread = threading.Thread(target=self._run, name="nbdash-clock", daemon=True)
                self._thread.start()

    def close(self) -> None:
        with self._cond:
            self._closed = True
        super().close()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(2.0)
        with self._cond:
            if thread is None or not thread.is_alive():  # usable again (a driver loaded anew)
                self._thread = None
                self._closed = False

    def _run(self) -> None:
        while True:
            with self._cond:
                if self._closed:
                    return
                found = self._pop_due(time.monotonic())
                if found is None:
                    due = self._next_due()
                    self._cond.wait(None if due is None else max(0.0, due - time.monotonic()))
                    continue
            found[1]()


class ManualClock(Clock):
    """Time that moves only with :meth:`advance`; due timers fire on the advancing thread."""

    manual = True

    def __init__(self) -> None:
        super().__init__()
        self._now = 0.0
        self._wall0 = time.time()

    def monotonic(self) -> float:
        return self._now

    def wall(self) -> float:
        return self._wall0 + self._now

    def advance(self, seconds: float, after_fire: Callable[[], Any] | None = None) -> int:
        """Move time forward by ``seconds``, firing every timer that falls due on the way, in time
        order (timers scheduled by a fired timer count too); ``after_fire`` runs after each (the
        driver waits there until what the timer set off is done). Returns how many fired."""
        if seconds < 0:
            raise ValueError(f"advance(seconds) needs seconds >= 0, got {seconds!r}")
        target = self._now + seconds
        fired = 0
        while True:
            with self._cond:
                due = self._next_due()
                if due is None or due > target + _EPSILON:  # 0.1 + 0.2 falls due at 0.3
                    break
                found = self._pop_due(due)
                self._now = max(self._now, due)
            if found is None:
                continue
            found[1]()
            fired += 1
            if after_fire is not None:
                after_fire()
        self._now = target
        return fired


def make_clock(clock: str | Clock) -> Clock:
    """``"real"`` / ``"manual"`` / a :class:`Clock` instance → a clock."""
    if isinstance(clock, Clock):
        return clock
    if clock == "real":
        return RealClock()
    if clock == "manual":
        return ManualClock()
    raise ValueError(f'AppDriver(clock=...) takes "real" or "manual", got {clock!r}')
