"""Stand-ins for ``sys.stdout`` / ``sys.stderr`` that send what one context prints somewhere else.

``print()`` writes to the process-wide ``sys.stdout``, but nbdash needs what *one callback* prints
(on its thread, in its context) — for the app's console panel in the kernel (``_widget``), and
for the kernel from a Celery worker (``_celery``). A :class:`RoutedStream` replaces the stream
once; each write asks a ContextVar where this context's output goes: nowhere set means the
replaced stream, as if nbdash were not there. ``mirror`` also writes captured text to the replaced
stream (a worker's log keeps everything its jobs printed). Streams for different ContextVars stack.
"""

from __future__ import annotations

import sys
from contextvars import ContextVar
from typing import Any


class RoutedStream:
    """Replaces one of ``sys.stdout`` / ``sys.stderr`` (``name``) over the stream it wraps."""

    def __init__(self, name: str, wrapped: Any, route: ContextVar[Any], *, mirror: bool = False) -> None:
        self._name = name
        self._wrapped = wrapped
        self._route = route
        self._mirror = mirror

    def write(self, text: str) -> int:
        target = self._route.get()
        if target is None:
            return int(self._wrapped.write(text) or 0)
        target.write(self._name, str(text))
        if self._mirror:
            token = self._route.set(None)  # the replaced stream may log, and logging may print: once only
            try:
                self._wrapped.write(text)
            finally:
                self._route.reset(token)
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        if self._mirror or self._route.get() is None:
            self._wrapped.flush()

    def __getattr__(self, name: str) -> Any:  # encoding, isatty, fileno...: the real stream's
        return getattr(self._wrapped, name)


def install(route: ContextVar[Any], *, mirror: bool = False) -> None:
    """Put a :class:`RoutedStream` for ``route`` over ``sys.stdout`` and ``sys.stderr`` unless the
    current stream already is one (a cell may have replaced them since, e.g. with
    ``contextlib.redirect_stdout``)."""
    for name in ("stdout", "stderr"):
        current = getattr(sys, name)
        if current is not None and getattr(current, "_route", None) is not route:
            setattr(sys, name, RoutedStream(name, current, route, mirror=mirror))
