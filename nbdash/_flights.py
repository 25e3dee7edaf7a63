"""Normal callbacks in flight: bodies run outside the app's lock; the latest request wins.

Dash's renderer sends a request for a callback whenever one of its Inputs changes, even while the
previous request for it is still running on the server, and discards the older response when it
arrives (spec §5.5-2). nbdash reproduces that for every callback, not only background ones:

* When a batch of ready calls is prepared (under the app's lock), every normal call in it becomes
  *in flight*: :class:`FlightTable` maps the call's identity (callback + MATCH values) to the call.
  In-flight calls count as pending, exactly like running background jobs, so downstream callbacks
  wait for them (§5.5-4) and run once, after them.
* The user's function runs with the app's lock released, so events,
  ``app.set_props`` from other threads and other callbacks' results are handled meanwhile.
* A newer request for the same identity *supersedes* the flight (:meth:`FlightTable.supersede`):
  the table forgets the old call. When the old body returns (the lock taken again), its call is no
  longer the table's, so its result — outputs, ``set_props``, errors, ``running`` off — is dropped:
  never applied, never shown, never triggering downstream. A superseded call whose body had not
  started yet (later in the same batch) is not run at all.
* A result applied before the kernel received the page's newer change (the two crossed on the
  comm) is discarded by the page and undone in the kernel: :mod:`nbdash._window` (background jobs'
  results and progress too).

Threads: the body runs on the thread that runs the turn — the kernel's shell thread for a cell's
``app.set_props`` or the app's first display, an :mod:`nbdash._dispatch` worker for events from the
page (so the shell thread keeps receiving them), a job's thread for background results. Releasing
the lock costs two C calls, so a trivial callback stays on the thread that runs its turn, with no
hand-off. A callback known to run long (its last body took over :data:`SLOW` seconds) first sends
what the turn changed so far, so earlier results are on the page while it runs; one that took over
:data:`ASIDE` seconds runs on a thread of its own when more calls of its batch follow, so slow
calls fired together run side by side.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._graph import Call

__all__ = ["ASIDE", "SLOW", "FlightTable"]

#: A callback whose last body took longer than this (seconds) is *slow*: before its next body runs,
#: the props the turn changed so far are pushed to the front ends.
SLOW = 0.005
#: A callback whose last body took longer than this (seconds) runs on a thread of its own when its
#: batch has more calls after it, so a batch's slow bodies run side by side, as on Dash's threaded
#: server (which runs the requests a batch sends together at once).
ASIDE = 0.05


class FlightTable(dict):  # type: ignore[type-arg]
    """In-flight normal calls of one session: ``{call.uid: call}``. A call is current while the
    table maps its uid to that very object; the scheduler's hot path (``Scheduler._execute``) adds,
    checks and removes entries with plain dict operations, releasing the app's lock around the body
    (``_release_save`` / ``_acquire_restore``, as ``threading.Condition`` does, so however deeply the
    thread holds the re-entrant lock it is free for others while the body runs)."""

    def supersede(self, requested: list[Call]) -> None:
        """Newer requests replace in-flight calls of the same callback and MATCH values."""
        for call in requested:
            self.pop(call.uid, None)

    def pending_calls(self) -> list[Call]:
        return list(self.values())
