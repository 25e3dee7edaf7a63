"""Normal callbacks in flight: bodies run outside the app's lock; the latest request wins.

Dash's renderer sends a request for a callback whenever one of its Inputs changes, even while the
previous request for it is still running on the server, and discards the older response when it
arrives (spec §5.5-2). nbdash reproduces that for every callback, not only background ones:

* When a batch of ready calls is prepared (under the app's lock), every normal call in it becomes
  *in flight*: :class:`FlightTable` maps the call's identity (callback + MATCH values) to the call.
  In-flight calls count as pending, exactly like running background jobs, so downstream callbacks
  wait for them (§5.5-4) and run once, after them.
* The user's function runs with the app's lock released (:meth:`FlightTable.unlocked`), so events,
  ``app.set_props`` from other threads and other callbacks' results are handled meanwhile.
* A newer request for the same identity *supersedes* the flight (:meth:`FlightTable.supersede`):
  the table forgets the old call. When the old body returns (the lock taken again), its call is no
  longer the table's, so its result — outputs, ``set_props``, errors, ``running`` off — is dropped:
  never applied, never shown, never triggering downstream. A superseded call whose body had not
  started yet (later in the same batch) is not run at all.

Threads: the body runs on the thread that runs the turn — the kernel's shell thread for a cell's
``app.set_props`` or the app's first display, an :mod:`nbdash._dispatch` worker for events from the
page (so the shell thread keeps receiving them), a job's thread for background results. Releasing
the lock costs two C calls, so a trivial callback stays on the thread that runs its turn, with no
hand-off. A callback known to run long (its last body took over :data:`SLOW` seconds) first sends
what the turn changed so far, so earlier results are on the page while it runs.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._graph import Call

__all__ = ["SLOW", "FlightTable"]

#: A body that took longer than this (seconds) marks its callback as slow: before its next body
#: runs, the props changed so far in the turn are pushed to the front ends.
SLOW = 0.005


class FlightTable(dict):  # type: ignore[type-arg]
    """In-flight normal calls of one session: ``{call.uid: call}`` (a dict: the hot path reads it
    directly). A call is current while the table maps its uid to that very object."""

    def add(self, call: Call) -> None:
        self[call.uid] = call

    def current(self, call: Call) -> bool:
        return self.get(call.uid) is call

    def land(self, call: Call) -> bool:
        """The body of ``call`` returned: True (and forgotten) if its result is to be applied,
        False if a newer request superseded it."""
        if self.get(call.uid) is call:
            del self[call.uid]
            return True
        return False

    def supersede(self, requested: list[Call]) -> None:
        """Newer requests replace in-flight calls of the same callback and MATCH values."""
        for call in requested:
            self.pop(call.uid, None)

    def pending_calls(self) -> list[Call]:
        return list(self.values())


def run_unlocked(app: Any, body: Any) -> tuple[Any, float]:
    """Run ``body()`` with the app's lock fully released (however deeply this thread holds it);
    returns its result and how long it took. The lock is taken back before returning or raising.
    A dispatcher worker running a body tells its dispatcher, which then starts another worker if
    events are waiting (:mod:`nbdash._dispatch`)."""
    lock = app._lock
    saved = lock._release_save()
    dispatcher = app._dispatcher
    worker = dispatcher is not None and dispatcher.on_worker()
    if worker:
        dispatcher.body_started()
    started = time.perf_counter()
    try:
        return body(), time.perf_counter() - started
    finally:
        if worker:
            dispatcher.body_ended()
        lock._acquire_restore(saved)
