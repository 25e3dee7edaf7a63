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

import contextlib
import ctypes
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from .exceptions import CallbackAborted

if TYPE_CHECKING:
    from ._app import Dash

__all__ = ["Interruptible", "aborted", "describe", "forward_kernel_interrupts", "recover"]


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
    call that is neither a running background job nor a body in flight on another thread (the
    rest will not finish now), drop the turn's
    leftover requests, and flush, so the page hears that those outputs stopped loading. Returns
    the prop ids that stopped loading."""
    with app._lock:
        session = app._session
        if session is None:
            return []
        scheduler = session.scheduler
        scheduler.requested = []
        scheduler._running.discard(threading.get_ident())  # this thread left run() by the interrupt
        jobs = set(scheduler.jobs.running) | set(getattr(scheduler, "flights", ()))  # still computing
        stopped: list[str] = []
        for uid in [u for u in scheduler.loading_calls if u not in jobs]:
            prop_ids = scheduler.loading_calls.pop(uid)
            stopped.extend(prop_ids)
            scheduler._loading_drop(prop_ids)
        app._flush()
        return stopped


# ------------------------------------------------------------------------------------------------
# Kernel interrupts reaching callbacks that run on event workers (nbdash._dispatch)
# ------------------------------------------------------------------------------------------------
# Events from the page run on worker threads, so the kernel is idle while their callbacks run and
# a kernel interrupt (SIGINT, which only the main thread ever sees, and which ipykernel ignores
# while idle) would not reach them. nbdash chains a handler to the one ipykernel restores between
# messages: on an interrupt, every user function running on an event worker of a displayed app gets
# a KeyboardInterrupt raised in its thread (``PyThreadState_SetAsyncExc``), which run_user turns
# into this call's error as above. The exception is raised at the body's next Python bytecode: a
# body blocked in one long C call (``time.sleep(60)``) ends when that call returns. While a cell
# runs, an interrupt goes to the cell as usual.


class Interruptible:
    """The threads of one app running a user function for the page right now (interrupt targets).

    ``running()`` wraps the call; leaving it (under the lock) drops an interrupt sent just as the
    function returned, so a KeyboardInterrupt never lands in nbdash's own code."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.threads: set[int] = set()

    @contextlib.contextmanager
    def running(self) -> Iterator[None]:
        ident = threading.get_ident()
        with self.lock:
            self.threads.add(ident)
        try:
            yield
        finally:
            while True:
                try:
                    with self.lock:
                        self.threads.discard(ident)
                        _async_raise(ident, None)
                    break
                except KeyboardInterrupt:  # arrived as the function returned: it is done anyway
                    continue

    def interrupt(self) -> int:
        """Raise KeyboardInterrupt in every thread running a user function; how many."""
        with self.lock:
            for ident in self.threads:
                _async_raise(ident, KeyboardInterrupt)
            return len(self.threads)


def _async_raise(ident: int, exc: type[BaseException] | None) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident), ctypes.py_object(exc) if exc else None)


def forward_kernel_interrupts(apps: Callable[[], Iterable[Dash]]) -> None:
    """Chain nbdash's interrupt handler to the one ipykernel restores after each message (call on
    the kernel's main thread, while it handles a message). No-op outside ipykernel."""
    if threading.current_thread() is not threading.main_thread():
        return
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with ipywidgets
        return
    kernel = getattr(get_ipython(), "kernel", None)
    saved = getattr(kernel, "saved_sigint_handler", None)
    if kernel is None or saved is None or getattr(saved, "nbdash", False):
        return

    def on_interrupt(signum: int, frame: Any) -> None:
        for app in list(apps()):
            app._interruptible.interrupt()
        if callable(saved):
            saved(signum, frame)

    on_interrupt.nbdash = True  # type: ignore[attr-defined]
    kernel.saved_sigint_handler = on_interrupt
