"""Containing what a callback raises beyond ``Exception``: ``SystemExit``, ``KeyboardInterrupt``...

A Dash server runs callbacks in request handlers, so ``sys.exit()`` in one ends a request, not the
server. In nbdash the callback runs in the kernel — on the shell thread for events from the page —
and a ``SystemExit`` escaping the comm handler would end the kernel and every variable of the
notebook; a kernel interrupt (the ■ button) arrives as ``KeyboardInterrupt`` in whatever the shell
thread is running, usually the slow callback the user wants to stop.

The rule: *one call of one callback ends, the app and the kernel go on.* Whatever a user function
raises that is not an ``Exception`` (except nbdash's own :class:`~nbdash._background.JobCancelled`,
which is how a cancelled job stops) becomes a :class:`~nbdash.exceptions.CallbackAborted` — an
ordinary callback error: shown in the app's error panel with the user's traceback, added to
``app.errors``, passed to ``on_error`` handlers; the call's outputs keep their values and its loading
state ends with the turn, so no spinner stays up. This holds for normal and background callbacks
(a job thread's ``SystemExit`` would otherwise end the thread silently and leave the job running
forever) and for ``on_error`` handlers themselves.

Interrupts that land in nbdash's own code between user calls (rare: the turn's bookkeeping is short)
are caught by the widget's message handler, which tells the page the event was interrupted instead
of reporting a bug (see :meth:`nbdash._widget.AppWidget._on_message`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .exceptions import CallbackAborted

if TYPE_CHECKING:
    from ._app import Dash

__all__ = ["aborted", "describe", "recover"]


def describe(exc: BaseException) -> str:
    """What was raised, as a user reads it: ``SystemExit (sys.exit(3))``, ``KeyboardInterrupt (a kernel interrupt)``..."""
    if isinstance(exc, SystemExit):
        return f"SystemExit (sys.exit({exc.code!r}))" if exc.code is not None else "SystemExit (sys.exit())"
    if isinstance(exc, KeyboardInterrupt):
        return "KeyboardInterrupt (a kernel interrupt)"
    return f"{type(exc).__name__}({', '.join(map(repr, exc.args))})"


def aborted(exc: BaseException) -> CallbackAborted:
    """The callback error standing for ``exc`` (a ``BaseException`` that is not an ``Exception``),
    carrying ``exc``'s traceback so the error panel shows where the user's code was."""
    error = CallbackAborted(
        f"The callback raised {describe(exc)}. nbdash ended this call as an error (its outputs keep "
        "their values); the kernel and the app keep running.",
        original=exc,
    )
    return error.with_traceback(exc.__traceback__)


def recover(app: Dash) -> list[str]:
    """After an interrupt that landed in nbdash's own code mid-turn: end the loading state of every
    call that is not a running background job (those calls will not finish now), drop the turn's
    leftover requests, and flush, so the page hears that those outputs stopped loading. Returns
    the prop ids that stopped loading."""
    with app._lock:
        session = app._session
        if session is None:
            return []
        scheduler = session.scheduler
        scheduler.requested = []
        scheduler._running = False
        jobs = set(scheduler.jobs.running)
        stopped: list[str] = []
        for uid in [u for u in scheduler.loading_calls if u not in jobs]:
            prop_ids = scheduler.loading_calls.pop(uid)
            stopped.extend(prop_ids)
            scheduler._loading_drop(prop_ids)
        app._flush()
        return stopped
