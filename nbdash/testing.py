"""Drive an app headless, as a user would, and look at what happened.

``AppDriver`` is nbdash's public test harness (our own tests use it, and so can yours)::

    from nbdash.testing import AppDriver, ABSENT

    with AppDriver(app, raise_errors=True) as d:   # load: layout, initial callbacks, wait until idle
        d.click("btn")                             # n_clicks None→1→2… (+ n_clicks_timestamp)
        d.set("num", "value", 12)                  # a user changing one prop (equality-filtered)
        d.get("out", "children")                   # current value (components as objects)
        d.props("out")                             # explicit props, JSON form
        d.history("run", "disabled")               # every value since load; ABSENT while unset
        d.calls                                    # [CallRecord(name, triggered), ...]
        d.errors                                   # exceptions callbacks raised

It is a front end like the widget: it attaches to the app, so every patch batch the app would send
to a browser is also recorded (``d.patches``). Actions enter through the app's lock exactly like
browser events. ``wait=False`` performs the action on another thread and returns at once; use
``wait_idle()`` to wait for it (and for background jobs).

With ``raise_errors=True`` the first exception a callback raised during an action is re-raised from
that action (the original exception, with the user's traceback); ``d.errors`` keeps them all.
"""

from __future__ import annotations

import queue
import threading
import time
from typing import Any

from ._app import Dash
from ._json import to_json
from ._scheduler import UNSET, CallRecord
from .dependencies import stringify_id
from .exceptions import CallbackError

__all__ = ["ABSENT", "AppDriver", "CallRecord"]


class _Absent:
    """Marker for "the prop was not set" in :meth:`AppDriver.history`."""

    _instance: _Absent | None = None

    def __new__(cls) -> _Absent:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "ABSENT"

    def __bool__(self) -> bool:
        return False


ABSENT = _Absent()


class AppDriver:
    """A headless front end for one app."""

    def __init__(self, app: Dash, *, raise_errors: bool = True) -> None:
        self.app = app
        self.raise_errors = raise_errors
        self.calls: list[CallRecord] = []
        self.errors: list[BaseException] = []
        self.patches: list[dict[str, dict[str, Any]]] = []
        self._history: dict[tuple[str, str], list[Any]] = {}
        self._pending_errors: list[BaseException] = []
        self._threads: list[threading.Thread] = []
        self._queue: queue.Queue[Any] = queue.Queue()
        self._worker: threading.Thread | None = None
        self._worker_lock = threading.Lock()
        self._loaded = False

    # -- lifecycle -------------------------------------------------------------------------------
    def __enter__(self) -> AppDriver:
        self.load()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def load(self) -> AppDriver:
        """(Re)load the app like a page load: fresh layout copy, initial callbacks, until idle."""
        if not self._loaded:
            self.app._observers.append(self)
            self.app._attach(self)
            self._loaded = True
        with self.app._lock:
            self._history.clear()
            self._pending_errors.clear()
            self.app._load(mount=True)
        self.wait_idle()
        return self

    def close(self) -> None:
        try:
            self.wait_idle()
        finally:
            self._detach()

    def _detach(self) -> None:
        if self._loaded:
            self.app._detach(self)
            if self in self.app._observers:
                self.app._observers.remove(self)
            self._loaded = False

    # -- observer / transport hooks (called by the app) -----------------------------------------
    def on_call(self, record: CallRecord) -> None:
        self.calls.append(record)

    def on_error(self, error: CallbackError, original: BaseException) -> None:
        self.errors.append(original)
        self._pending_errors.append(original)

    def on_prop(self, id_str: str, prop: str, value: Any, old: Any) -> None:
        key = (id_str, prop)
        if key not in self._history:
            self._history[key] = [ABSENT if old is UNSET else to_json(old)]
        self._history[key].append(to_json(value))

    def send_patch(self, changes: dict[str, dict[str, Any]]) -> None:
        self.patches.append(changes)

    def send_error(self, error: CallbackError) -> None:
        """Errors are collected through :meth:`on_error`."""

    # -- actions ---------------------------------------------------------------------------------
    def click(self, component_id: Any, *, wait: bool = True) -> None:
        """Click a component: ``n_clicks`` +1 and ``n_clicks_timestamp`` now, like a browser click;
        the click bubbles to every ancestor html element with an id, as in the DOM."""

        def act() -> None:
            entry = self._entry(component_id)
            if not entry.component._accepts("n_clicks"):
                raise TypeError(f"{entry.component._describe()} has no `n_clicks` prop: it cannot be clicked")
            targets = [entry] + self._clickable_ancestors(entry)
            for target in targets:
                props = target.component._props
                if props.get("disable_n_clicks"):
                    continue
                change = {"n_clicks": (props.get("n_clicks") or 0) + 1}
                if target.component._accepts("n_clicks_timestamp"):  # not every library has one
                    change["n_clicks_timestamp"] = int(time.time() * 1000)
                self._submit_change(target.id, change)

        self._act(act, wait)

    def _submit_change(self, component_id: Any, change: dict[str, Any]) -> None:
        self.app._submit(lambda scheduler: scheduler.user_change(component_id, change))

    def set(self, component_id: Any, prop: str, value: Any, *, wait: bool = True) -> None:
        """A user changing one prop of a component (ignored if equal to the current value)."""
        self.set_props(component_id, {prop: value}, wait=wait)

    def set_props(self, component_id: Any, props: dict[str, Any], *, wait: bool = True) -> None:
        """A user changing several props of one component at once (one event)."""

        def act() -> None:
            entry = self._entry(component_id)
            for name, value in props.items():  # unknown prop: Dash's constructor TypeError
                entry.component._check_prop(name, value)
            self.app._submit(lambda scheduler: scheduler.user_change(entry.id, dict(props)))

        self._act(act, wait)

    def wait_idle(self, timeout: float = 10.0) -> None:
        """Wait until actions started with ``wait=False`` and background jobs are done."""
        deadline = time.monotonic() + timeout
        while self._queue.unfinished_tasks:
            if time.monotonic() > deadline:
                raise TimeoutError(f"the app was still busy after {timeout} s")
            time.sleep(0.001)
        for thread in list(self._threads):
            thread.join(max(0.0, deadline - time.monotonic()))
            if thread.is_alive():
                raise TimeoutError(f"the app was still busy after {timeout} s")
        self._threads = [t for t in self._threads if t.is_alive()]
        waiter = getattr(self.app, "_wait_background", None)
        if waiter is not None:
            waiter(max(0.0, deadline - time.monotonic()))
        self._raise_pending()

    # -- reading -----------------------------------------------------------------------------------
    def get(self, component_id: Any, prop: str) -> Any:
        """The prop's current value (None if unset); components come back as component objects."""
        with self.app._lock:
            return self._entry(component_id).component._props.get(prop)

    def props(self, component_id: Any) -> dict[str, Any]:
        """The component's explicitly set props in JSON form (components as type/namespace/props)."""
        with self.app._lock:
            entry = self._entry(component_id)
            return {k: to_json(v) for k, v in entry.component._props.items()}

    def history(self, component_id: Any, prop: str) -> list[Any]:
        """Every value the prop held since load, in order (JSON form); ABSENT while it was unset."""
        with self.app._lock:
            values = self._history.get((stringify_id(component_id), prop))
            if values:
                return list(values)
            props = self._entry(component_id).component._props
            return [to_json(props[prop])] if prop in props else [ABSENT]

    def exists(self, component_id: Any) -> bool:
        with self.app._lock:
            return self.app.session.tree.has(component_id)

    def triggered(self, name: str) -> list[list[str]]:
        """The ``triggered`` prop ids of every call of the named callback, in order."""
        return [record.triggered for record in self.calls if record.name == name]

    # -- internals ---------------------------------------------------------------------------------
    def _entry(self, component_id: Any) -> Any:
        entry = self.app.session.tree.entry(component_id)
        if entry is None:
            raise LookupError(
                f"No component with id {stringify_id(component_id)!r} in the current layout "
                f"(ids: {', '.join(sorted(self.app.session.tree.ids())[:30])})"
            )
        return entry

    def _clickable_ancestors(self, entry: Any) -> list[Any]:
        tree = self.app.session.tree
        found = []
        for comp in reversed(tree.ancestors(entry)):
            if "id" in comp._props and comp._namespace == "dash_html_components":
                found.append(tree.entry(comp._props["id"]))
        return [e for e in found if e is not None]

    def _act(self, action: Any, wait: bool) -> None:
        if wait:
            with self.app._lock:
                self._pending_errors.clear()
                action()
            self.wait_idle()
            return
        with self._worker_lock:
            self._queue.put(action)
            if self._worker is None:
                self._worker = threading.Thread(target=self._work, name="nbdash-driver", daemon=True)
                self._threads.append(self._worker)
                self._worker.start()

    def _work(self) -> None:
        """Perform queued actions in arrival order (like a browser's event queue); exit when idle."""
        while True:
            with self._worker_lock:
                try:
                    action = self._queue.get_nowait()
                except queue.Empty:
                    self._worker = None
                    return
            try:
                action()
            except BaseException as exc:  # noqa: BLE001 - surfaced by wait_idle
                self._pending_errors.append(exc)
            finally:
                self._queue.task_done()

    def _raise_pending(self) -> None:
        if self.raise_errors and self._pending_errors:
            first = self._pending_errors[0]
            self._pending_errors.clear()
            raise first
        self._pending_errors.clear()
