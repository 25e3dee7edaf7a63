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
        d.callback_errors                          # the same as CallbackErrors (error-panel text)

It is a front end like the widget, with **its own session**: it runs a headless twin of the app
(``d.app``: the same layout, callbacks, config and lock as the app you pass, see
``Dash._headless_twin``), so driving an app never changes what its displayed views show, re-running a
driver cell never wipes what the user did in the app, and errors raised under the driver go to
``d.errors`` / ``d.callback_errors`` — not to the app's error panel or ``app.errors``. To change the
*displayed* app from a cell, use ``app.set_props`` / ``app.get_props``. Every patch batch the session
would send to a browser is recorded (``d.patches``). Actions enter through the (shared) lock exactly
like browser events. ``wait=False`` posts the action to the app's event workers, as the widget posts a
browser event, and returns at once: a second action is handled while the first one's callback still
runs (it supersedes it: latest request wins). ``wait_idle()`` waits for posted actions, callback
bodies and background jobs.

**Time.** The driver is a browser's components too: ``click`` stamps ``n_clicks_timestamp`` (in
the same event as ``n_clicks``; timestamps strictly increase, even for clicks within one
millisecond), and every ``dcc.Interval`` in the layout ticks while the driver is open, following
Dash's timer rules (``interval``, ``disabled``, ``max_intervals``; a callback resetting
``n_intervals`` or raising ``max_intervals`` after the last tick restarts it; see
:mod:`nbdash._interval`). Time comes from a clock (:mod:`nbdash._clock`):

* ``AppDriver(app)`` — real time: Intervals tick on a clock thread as in a page; use
  ``d.wait_for(lambda: d.get("n", "children") == "3", timeout=2)`` to wait for them;
* ``AppDriver(app, clock="manual")`` — time stands still until ``d.advance(seconds)``, which moves
  it forward tick by tick and waits for each tick's callbacks: deterministic and instant::

      with AppDriver(app, clock="manual") as d:
          d.advance(2.5)                     # an interval=1000 Interval ticks twice
          assert d.get("iv", "n_intervals") == 2

With ``raise_errors=True`` the first exception a callback raised during an action is re-raised from
that action (the original exception, with the user's traceback); ``d.errors`` keeps them all.
"""

from __future__ import annotations

import time
from typing import Any

from ._app import Dash
from ._clock import Clock, make_clock
from ._foreign import ForeignComponent
from ._interval import IntervalTimers
from ._mount import DropdownChecks
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

    def __init__(self, app: Dash, *, raise_errors: bool = True, clock: str | Clock = "real") -> None:
        #: the app this driver runs: a headless twin of ``app`` with its own session (never displayed)
        self.app = app._headless_twin()
        self.raise_errors = raise_errors
        self.calls: list[CallRecord] = []
        self.errors: list[BaseException] = []
        #: the errors as the app reports them (``CallbackError``: "Callback error updating ...")
        self.callback_errors: list[CallbackError] = self.app.errors
        self.patches: list[dict[str, dict[str, Any]]] = []
        self._history: dict[tuple[str, str], list[Any]] = {}
        self._pending_errors: list[BaseException] = []
        self._loaded = False
        self.clock = make_clock(clock)
        self._timers = IntervalTimers(self.clock, self._tick, self.app._lock)
        self._last_click_ms = 0
        self._dropdowns = DropdownChecks()
        self._id_count = 0
        self._picked: dict[str, Any] = {}  # id → the value the user set last (Dropdown checks)

    # -- lifecycle -------------------------------------------------------------------------------
    def __enter__(self) -> AppDriver:
        self.load()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def load(self) -> AppDriver:
        """(Re)load the app like a page load: fresh layout copy, initial callbacks, until idle."""
        self.app._follow_source()
        if not self._loaded:
            self.app._observers.append(self)
            self.app._attach(self)
            self._loaded = True
        with self.app._lock:
            self._history.clear()
            self._pending_errors.clear()
            self._timers.close()
            self._dropdowns = DropdownChecks()
            self.app._load(mount=True)
            entries = self.app.session.tree.strs.values()
            self._timers.sync(entries)
            self._dropdowns.sync(entries)
        self.wait_idle()
        return self

    def close(self) -> None:
        """Wait until idle and detach. The driver's session stays readable (``get``, ``history``)
        but stops following ipywidgets placed in the layout (those objects are shared with the
        displayed app: the driver stops reacting to their changes)."""
        try:
            self.wait_idle()
        finally:
            self._timers.close()
            self.clock.close()
            self._detach()
            session = self.app._session
            if session is not None:
                session.widgets.close()

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
        self._component_effects(changes)

    def send_error(self, error: CallbackError) -> None:
        """Errors are collected through :meth:`on_error`."""

    # -- actions ---------------------------------------------------------------------------------
    def click(self, component_id: Any, *, wait: bool = True) -> None:
        """Click a component: ``n_clicks`` +1 and ``n_clicks_timestamp`` now (where the component has
        one), like a browser click; the click bubbles to every ancestor html element with an id, and to
        library components with an id that count clicks, as in the DOM, all in one event (a callback on
        the element and its ancestors runs once, with all of them triggered). A component without
        ``n_clicks`` (a DataTable...) cannot be clicked: TypeError."""

        def act() -> None:
            entry = self._entry(component_id)
            if not entry.component._accepts("n_clicks"):
                raise TypeError(f"{entry.component._describe()} has no `n_clicks` prop: it cannot be clicked")
            changes = []
            for target in [entry] + self._clickable_ancestors(entry):
                props = target.component._props
                if props.get("disable_n_clicks"):
                    continue
                change = {"n_clicks": (props.get("n_clicks") or 0) + 1}
                if target.component._accepts("n_clicks_timestamp"):  # not every library has one
                    change["n_clicks_timestamp"] = self._click_time()
                changes.append((target.id, change))
            # one event: a callback on the element and its ancestors runs once (as in Dash)
            self.app._submit(lambda scheduler: scheduler.user_changes(changes))

        self._act(act, wait)

    def _click_time(self) -> int:
        """Now in ms, strictly after the previous click's timestamp (one ms apart at least)."""
        stamp = max(int(self.clock.wall() * 1000), self._last_click_ms + 1)
        self._last_click_ms = stamp
        return stamp

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
            if "value" in props:  # a Dropdown's pick (see _component_effects)
                self._picked[entry.id_str] = to_json(props["value"])
            self.app._submit(lambda scheduler: scheduler.user_change(entry.id, dict(props)))

        self._act(act, wait)

    def wait_idle(self, timeout: float = 10.0) -> None:
        """Wait until actions started with ``wait=False``, callback bodies still running (also
        superseded ones) and background jobs are done."""
        deadline = time.monotonic() + timeout
        waiter = getattr(self.app, "_wait_background", None)
        if waiter is not None:
            waiter(max(0.0, deadline - time.monotonic()))
        self._raise_pending()

    def advance(self, seconds: float) -> int:
        """Manual clock only: move time forward by ``seconds``, firing each Interval tick that falls
        due in time order and waiting for its callbacks before the next. Returns the ticks fired."""
        if not getattr(self.clock, "manual", False):
            raise RuntimeError('advance() needs a manual clock: AppDriver(app, clock="manual")')
        self.wait_idle()
        return self.clock.advance(seconds, after_fire=self.wait_idle)  # type: ignore[attr-defined]

    def wait_for(self, condition: Any, timeout: float = 5.0, interval: float = 0.005) -> None:
        """Wait until ``condition()`` is true (for real-time Interval ticks); TimeoutError if not."""
        deadline = time.monotonic() + timeout
        while True:
            with self.app._lock:
                if condition():
                    return
            if time.monotonic() > deadline:
                raise TimeoutError(f"condition still false after {timeout} s")
            time.sleep(interval)

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

    def _tick(self, id_str: str) -> None:
        """An Interval's timer fired (clock thread, or the thread calling ``advance``)."""
        entry = self.app.session.tree.strs.get(id_str)
        if entry is None:
            self._timers.remove(id_str)
            return
        n = entry.component._props.get("n_intervals") or 0
        self._submit_change(id_str, {"n_intervals": n + 1})

    def _component_effects(self, changes: dict[str, dict[str, Any]]) -> None:
        """After a patch (under the lock), what the browser's components do when their props
        change: Intervals re-check their timers; Dropdowns whose ``options`` / ``value`` changed
        check the value (:class:`nbdash._mount.DropdownChecks`; a correction is the component's own
        change, submitted right after this turn). If components may have come or gone, every
        Interval and Dropdown of the tree is re-read."""
        tree = self.app.session.tree
        if len(tree.strs) != self._id_count or any(
            isinstance(v, (dict, list)) for props in changes.values() for v in props.values()
        ):
            self._id_count = len(tree.strs)
            entries = list(tree.strs.values())
            self._timers.sync(entries)
            self._dropdowns.sync(entries)
        for id_str, props in changes.items():
            if id_str in self._timers:
                entry = tree.strs.get(id_str)
                if entry is None:
                    self._timers.remove(id_str)
                else:
                    self._timers.update(id_str, entry.component._props)
            elif id_str in self._dropdowns and ("options" in props or "value" in props):
                picked = self._picked.pop(id_str, ABSENT)
                if "options" not in props and picked == props["value"]:
                    entry = tree.strs.get(id_str)
                    if entry is not None:  # the user's own pick: valid by construction
                        self._dropdowns.picked(id_str, entry.component._props)
                    continue
                self._act(lambda id_str=id_str: self._check_dropdown(id_str), wait=False)

    def _check_dropdown(self, id_str: str) -> None:
        with self.app._lock:
            entry = self.app.session.tree.strs.get(id_str)
            if entry is None:
                return
            change = self._dropdowns.check(id_str, entry.component._props)
            if change:
                self._submit_change(id_str, change)

    def _clickable_ancestors(self, entry: Any) -> list[Any]:
        tree = self.app.session.tree
        found = []
        for comp in reversed(tree.ancestors(entry)):
            # html elements count every click inside them; so do library components that declare
            # n_clicks (their own click handler sees the bubbling DOM event: dbc.ListGroupItem...)
            clickable = comp._namespace == "dash_html_components" or (
                isinstance(comp, ForeignComponent) and comp._accepts("n_clicks")
            )
            if "id" in comp._props and clickable:
                found.append(tree.entry(comp._props["id"]))
        return [e for e in found if e is not None]

    def _act(self, action: Any, wait: bool) -> None:
        if wait:
            with self.app._lock:
                self._pending_errors.clear()
                action()
            self.wait_idle()
            return
        self.app._post(action, self._pending_errors.append)  # like the widget: the app's event workers

    def _raise_pending(self) -> None:
        if self.raise_errors and self._pending_errors:
            first = self._pending_errors[0]
            self._pending_errors.clear()
            raise first
        self._pending_errors.clear()
