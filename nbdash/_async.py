"""``async def`` callbacks: the coroutine a callback returns is run to completion.

Dash 3+ accepts ``async def`` callback functions (``dash[async]``) and awaits them in the server.
nbdash calls the function as it calls any callback; when it returns a coroutine (or any
awaitable), :func:`resolve` runs it to completion on the calling thread and hands back its value,
so outputs, ``PreventUpdate`` / ``no_update``, ``set_props`` and errors behave exactly as for a
plain function. ``ctx`` works inside: the coroutine runs in the caller's context.

The thread that calls a callback may already run an event loop — in a Jupyter kernel the main
thread does (ipykernel's), and a loop cannot be re-entered. Then the coroutine runs on a fresh
event loop in a short-lived helper thread, inside a copy of the caller's context, and the caller
waits for it (the callback still takes the time it takes, as a sync one would). Each call gets its
own event loop, as Dash's per-request handling does: do not keep loop-bound objects (aiohttp
sessions, asyncio locks) across calls.
"""

from __future__ import annotations

import asyncio
import contextvars
import inspect
import threading
from typing import Any

__all__ = ["resolve"]

#: Return types that are never awaitable: the common case skips ``inspect.isawaitable``'s ABC check.
_PLAIN = frozenset({str, int, float, bool, type(None), list, dict, tuple})


def resolve(result: Any) -> Any:
    """``result`` itself, or, if it is awaitable, the value it produces (its exception raised)."""
    if type(result) in _PLAIN or not inspect.isawaitable(result):
        return result
    coro = result if inspect.iscoroutine(result) else _wrap(result)
    try:
        asyncio.get_running_loop()
    except RuntimeError:  # no loop on this thread: run one here
        return asyncio.run(coro)
    return _run_on_helper_thread(coro)


async def _wrap(awaitable: Any) -> Any:
    return await awaitable


def _run_on_helper_thread(coro: Any) -> Any:
    context = contextvars.copy_context()
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = context.run(asyncio.run, coro)
        except BaseException as exc:  # noqa: BLE001 - re-raised on the calling thread
            outcome["error"] = exc

    thread = threading.Thread(target=target, name="nbdash-async-callback", daemon=True)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
