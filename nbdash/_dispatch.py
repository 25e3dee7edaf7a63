"""Events from the page run on the app's worker threads, so the kernel keeps receiving them.

The kernel's shell thread delivers comm messages one after another; if it ran a 200 ms callback
itself, every keystroke typed meanwhile would wait, and each would then run the callback again
with a stale value. So the widget (and ``AppDriver`` with ``wait=False``) *posts* each event to the
app's :class:`Dispatcher` and returns at once:

* Posted actions run in arrival order, each under the app's lock, on a worker thread, in a copy of
  the poster's context (``ctx``-like ContextVars, the console capture flag come along). A worker
  takes the next action only while holding the app's lock, so two workers never reorder events.
* A worker running a callback body has released the lock (:mod:`nbdash._flights`) and
  says so; if actions are waiting and every worker is inside a body, a new worker starts. So an
  event arriving while a slow callback runs is handled at once — it may supersede that very call
  (latest request wins) — and the slow body finishes on its own thread, like a request on Dash's
  threaded server.
* One idle worker stays for :data:`IDLE_SECONDS`, so a burst of clicks costs one thread wake-up per
  event, not a thread start; extra workers leave as soon as they are idle.

Errors escaping an action (never a callback's: those are contained by the scheduler) go to the
``on_error`` given with it.
"""

from __future__ import annotations

import contextvars
import threading
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._app import Dash

__all__ = ["Dispatcher", "IDLE_SECONDS"]

#: Seconds an idle worker waits for the next event before its thread ends.
IDLE_SECONDS = 2.0

_WORKER = threading.local()


class Dispatcher:
    """The worker threads of one app (see the module docstring)."""

    def __init__(self, app: Dash) -> None:
        self.app = app
        self.queue: deque[tuple[contextvars.Context, Callable[[], Any], Callable[[BaseException], Any] | None]] = deque()
        self.cond = threading.Condition(threading.Lock())
        self.available = 0  # workers not inside a callback body (idle, or running a turn)
        self.idle = 0  # workers waiting for an action
        self.workers = 0
        self.unfinished = 0  # actions posted and not yet done
        self.closed = False

    def post(self, action: Callable[[], Any], on_error: Callable[[BaseException], Any] | None = None) -> None:
        """Run ``action()`` under the app's lock on a worker, after the actions posted before it."""
        item = (contextvars.copy_context(), action, on_error)
        with self.cond:
            if self.closed:
                return
            self.queue.append(item)
            self.unfinished += 1
            if self.idle:
                self.cond.notify()
            elif not self.available:
                self._spawn()

    def on_worker(self) -> bool:
        """Whether the current thread is one of this dispatcher's workers."""
        return getattr(_WORKER, "dispatcher", None) is self

    def body_started(self) -> None:
        with self.cond:
            self.available -= 1
            if self.queue and not self.available and not self.closed:
                self._spawn()

    def body_ended(self) -> None:
        with self.cond:
            self.available += 1

    def close(self) -> None:
        """Drop waiting actions; idle workers end (busy ones when their action returns)."""
        with self.cond:
            self.closed = True
            self.unfinished -= len(self.queue)
            self.queue.clear()
            self.cond.notify_all()

    # -- workers -------------------------------------------------------------------------------------
    def _spawn(self) -> None:
        self.workers += 1
        self.available += 1
        thread = threading.Thread(target=self._work, name=f"nbdash-events-{self.workers}", daemon=True)
        thread.start()

    def _work(self) -> None:
        _WORKER.dispatcher = self
        app = self.app
        cond = self.cond
        try:
            while True:
                with cond:
                    while not self.queue:
                        if self.closed or self.idle:  # another worker already waits: leave
                            return
                        self.idle += 1
                        woke = cond.wait(IDLE_SECONDS)
                        self.idle -= 1
                        if not woke and not self.queue:
                            return
                with app._lock:
                    with cond:
                        item = self.queue.popleft() if self.queue else None
                    if item is None:
                        continue
                    context, action, on_error = item
                    try:
                        context.run(action)
                    except BaseException as exc:  # noqa: BLE001 - a worker never dies of an event
                        if on_error is not None:
                            try:
                                on_error(exc)
                            except Exception:  # noqa: BLE001
                                pass
                    finally:
                        with cond:
                            self.unfinished -= 1
                        app._notify_idle()
        finally:
            with cond:
                self.workers -= 1
                self.available -= 1
