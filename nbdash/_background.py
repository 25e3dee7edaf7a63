"""Background callbacks: jobs on threads, with ``running``, ``progress``, ``cancel`` and caching.

Dash runs ``background=True`` callbacks in another process and has the browser poll for progress
and results; inside a notebook that machinery breaks. nbdash runs each job on a thread of the kernel
and feeds everything back through the app's lock, so the notebook and the app's other callbacks keep
answering while a job runs.

Lifecycle of one job (the scheduler drives it; this module supplies the pieces):

1. The call becomes ready like any callback: its arguments are read, ``running`` props switch on and
   are pushed to front ends at once.
2. A :class:`Job` starts on its own daemon thread, in a *copy* of the context, so ``ctx`` works inside
   it. ``set_progress`` and ``set_props`` inside the job are applied immediately under the app's lock
   (each progress value lands in the tree in order; pushes to front ends are throttled to one per
   :data:`FLUSH_INTERVAL`, so a tight loop cannot flood the comm).
3. The result is applied under the lock like a normal callback's, then ``running`` switches off and
   ``progress_default`` (if given) is restored — also after ``PreventUpdate`` or an error.
4. Cancelling — a change of a ``cancel=`` input, a newer request for the same callback (latest wins),
   or closing the app — marks the job *abandoned*: its result will be discarded, and for a cancel the
   running/progress props are restored at once. Cancellation is cooperative: the job stops at its
   next ``set_progress`` (which raises :class:`JobCancelled`) or when it checks
   :func:`should_cancel` / ``ctx.cancelled``; a job that never checks runs to its end unobserved.
5. While a widget shows the app, results, progress and ``set_props`` the kernel applied but the page
   will discard (they crossed its newer change to the job's Inputs on the comm) are undone, and
   ``running`` stays on for the job that replaces it: :mod:`nbdash._window`.

Managers choose where jobs run and how results are cached: :class:`ThreadManager` (the default, no
extra package), :class:`DiskcacheManager` (Dash's API; kernel threads, ``cache_by`` results kept in a
``diskcache.Cache``) and ``CeleryManager`` (:mod:`nbdash._celery`: jobs run on Celery workers).
"""

from __future__ import annotations

import contextvars
import hashlib
import inspect
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ._context import current_call

if TYPE_CHECKING:
    from ._graph import Call
    from ._scheduler import _Prepared

__all__ = [
    "DiskcacheManager",
    "Job",
    "JobCancelled",
    "ThreadManager",
    "should_cancel",
]

FLUSH_INTERVAL = 0.015  # seconds between pushes of progress to front ends


class JobCancelled(BaseException):
    """Raised inside a background job (by ``set_progress``) once the job was cancelled.

    A ``BaseException`` — like ``asyncio.CancelledError`` — so ``except Exception`` in user code does
    not swallow it."""


@dataclass
class JobHooks:
    """What a manager needs to run one job: run it here, report progress / set_props, finish.

    ``request`` is the job in JSON form, for managers that run it elsewhere (Celery workers):
    ``module``/``qualname`` of the function, the request ``entries``, the argument ``indices`` and
    the ``ctx`` fields. ``capture_output()`` (called on the thread that relays a remote job's
    prints) is the context manager under which what that thread writes to ``sys.stdout`` /
    ``sys.stderr`` goes where the callback's own prints would go (the app's console), or None: they
    stay on the kernel's streams."""

    run_local: Callable[[], Any]
    progress: Callable[[Any], None]
    set_props: Callable[[Any, dict[str, Any]], None]
    finish: Callable[[Any], None]
    request: dict[str, Any]
    capture_output: Callable[[], Any] = lambda: None


@dataclass(eq=False)
class Job:
    """One running background call."""

    call: Call
    prepared: _Prepared
    cancel_event: threading.Event = field(default_factory=threading.Event)
    abandoned: bool = False
    thread: threading.Thread | None = None
    cache_key: str | None = None

    def cancel(self) -> None:
        self.abandoned = True
        self.cancel_event.set()

    @property
    def cancelled(self) -> bool:
        return self.cancel_event.is_set()


def should_cancel() -> bool:
    """True inside a background job that has been cancelled (check it in long loops); False
    elsewhere."""
    state = current_call()
    event = state.extras.get("cancel_event") if state is not None else None
    return bool(event is not None and event.is_set())


class ThreadManager:
    """Runs background jobs on kernel threads. With ``cache_by`` (zero-argument functions) results
    are kept in memory and reused for identical calls (Dash's ``cache_by`` semantics)."""

    def __init__(self, cache_by: list[Callable[[], Any]] | None = None, expire: float | None = None) -> None:
        self.cache_by = list(cache_by) if cache_by is not None else None
        self.expire = expire
        self._memory: dict[str, Any] = {}
        self._lock = threading.Lock()

    # -- caching ---------------------------------------------------------------------------------
    def build_cache_key(self, fn: Callable[..., Any], args: Any, ignore: Any, triggered: Any) -> str | None:
        """Dash's cache key: source of the function, its args (minus ignored ones), the trigger when
        it is not ignored, and the ``cache_by`` values. None when caching is off."""
        if self.cache_by is None:
            return None
        try:
            source = inspect.getsource(fn)
        except (OSError, TypeError):
            source = getattr(fn, "__qualname__", repr(fn))
        ignored = ignore if isinstance(ignore, (list, tuple)) else [ignore]
        if isinstance(args, dict):
            args = {k: v for k, v in args.items() if k not in ignored}
        else:
            args = [a for i, a in enumerate(args) if i not in ignored]
        parts: dict[str, Any] = {"args": args, "fn_source": source, "triggered": triggered}
        for index, item in enumerate(self.cache_by):
            parts[f"cache_key_{index}"] = item()
        return hashlib.sha256(str(parts).encode("utf-8")).hexdigest()

    def get_cached(self, key: str) -> tuple[bool, Any]:
        with self._lock:
            if key in self._memory:
                return True, self._memory[key]
        return False, None

    def store(self, key: str, value: Any) -> None:
        with self._lock:
            self._memory[key] = value

    # -- running -----------------------------------------------------------------------------------
    def check_function(self, func: Callable[..., Any]) -> None:
        """Raise if this manager cannot run ``func`` (threads run anything)."""

    def start(self, job: Job, hooks: JobHooks) -> None:
        """Run the job on a new thread of the kernel, in a copy of the current context."""
        work = run_in_context(lambda: hooks.finish(hooks.run_local()))
        thread = threading.Thread(target=work, name=f"nbdash-job-{job.call.spec.name}", daemon=True)
        job.thread = thread
        thread.start()


class DiskcacheManager(ThreadManager):
    """Dash's ``DiskcacheManager(cache, cache_by=None, expire=None)``: jobs run on kernel threads
    (no pickling of notebook functions); ``cache_by`` results are stored in the diskcache."""

    def __init__(self, cache: Any = None, cache_by: list[Callable[[], Any]] | None = None, expire: float | None = None) -> None:
        super().__init__(cache_by=cache_by, expire=expire)
        if cache is None:
            try:
                import diskcache
            except ImportError as exc:
                raise ImportError(
                    "DiskcacheManager needs the diskcache package: pip install diskcache "
                    "(or use nbdash's default thread manager by passing no manager)."
                ) from exc
            cache = diskcache.Cache()
        self.handle = cache

    def get_cached(self, key: str) -> tuple[bool, Any]:
        marker = object()
        value = self.handle.get(key, default=marker)
        return (False, None) if value is marker else (True, value)

    def store(self, key: str, value: Any) -> None:
        self.handle.set(key, value, expire=self.expire)


def run_in_context(target: Callable[[], None]) -> Callable[[], None]:
    """Wrap ``target`` to run in a copy of the current context (ctx and friends come along)."""
    context = contextvars.copy_context()
    return lambda: context.run(target)
