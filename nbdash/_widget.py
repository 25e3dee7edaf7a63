"""The inline front end: one anywidget per app, speaking :mod:`nbdash._protocol` over its comm.

``Dash._repr_mimebundle_`` asks :func:`widget_for` for the app's widget and returns that widget's
bundle, so ``app`` as a cell's last expression, ``display(app)`` and ``app.run()`` all show it.
The widget is the app's *transport* (``app._attach``): after every callback turn the app hands it
one patch batch, which goes to the browser as one ``patch`` message; a raising callback's
:class:`~nbdash.exceptions.CallbackError` goes as an ``error`` message (the error panel).

Loading state (``dcc.Loading`` spinners, ``data-dash-is-loading``): the scheduler reports outputs
as they start being computed, before their callbacks run, and as they stop, at the flush that
sends their new values. :class:`_LoadingState` tells the views: a ``loading`` message naming the
outputs, then one saying they stopped, right after the patch. Outputs whose callbacks finish within
:attr:`AppWidget.loading_grace` (10 ms) are never announced — a spinner shorter than a frame shows
nothing, and two fewer messages keep a click as fast as a bare comm round trip; anything slower
(a slow callback, a background job) is announced from a helper thread while it still runs.

Life cycle:

* **Created** on the app's first display: the app is loaded if it has no session yet (layout copy,
  mount effects, initial callbacks — the same load ``nbdash.testing`` does, so ``ctx.triggered`` on
  the first calls is the same in the browser and headless). The ES module (``static/widget.js``,
  built from ``js/``) renders the tree the widget was created with (``_nbdash_first``, in the
  widget's initial state: no round trip, which matters when the kernel is busy with the next cells
  of a Run All) and replaces it with the tree the kernel answers its ``hello`` with.
* **Pushed files.** After the cell that first displays it, the widget sends, unasked, React and the
  component libraries its tree uses (and their usual first chunks), announced in
  ``_nbdash_first["push"]`` — once per kernel across apps (:mod:`nbdash._preload`); anything else
  the page asks for (``need``).
* **Views.** Every view (each output area showing the widget, a reloaded page) says ``hello`` and
  gets the *current* tree; all views share the app's one session, and every patch reaches all of
  them. The most recent view leads (see :mod:`nbdash._protocol`).
* **Re-display** of the same app returns the same widget. **Re-running a cell** that displayed a
  different app closes that app's widget (its comm closes, its transport is detached) and the app's
  session (``app.close()``: background jobs cancelled) unless another cell still shows it; which
  cell is displaying comes from the ``cellId`` JupyterLab and Notebook 7 put in the execute
  request's metadata.
* If the app is re-loaded behind the widget's back (``app._load()``), the next patch is sent as a
  full tree instead, so views never apply a patch to a tree they do not have.
* **Callbacks registered while the app is displayed** (``callbacks_changed``): the views get an
  ``inputs`` message (the props callbacks watch, :mod:`nbdash._page`) within :attr:`AppWidget.inputs_delay`,
  so a library prop a new callback watches is sent at once rather than held back.

Callback output: while a user function runs on behalf of the page — an event from a view, and the
background jobs that event starts — what it prints on its own thread through ``sys.stdout`` /
``sys.stderr`` goes to the app's console panel as ``console`` messages, not to whichever cell ran
last (:func:`capture_output`). Callbacks a cell sets off (displaying the app, ``app.set_props``,
``AppDriver``) print in that cell, like any code it runs. The capture is a ``ContextVar``
read by a pass-through proxy installed once over each stream, so other threads, the kernel and other
cells print as usual. Text is sent at the end of each call, and while a call runs at most every
:data:`CONSOLE_INTERVAL` seconds (a print loop never floods the comm).

Threads: comm messages (``hello``, ``event``, ``need``, ``bye``) are handled on the kernel's shell
thread, between cell executions; an ``event`` is validated there and posted to the app's event
workers (:mod:`nbdash._dispatch`). Patches and errors are sent by whichever thread ran the turn,
under the app's lock; loading announcements by the widget's announcer thread (which never takes the
app's lock). ipykernel's iopub socket may be used from any thread.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Any

import anywidget
import traitlets

from ._clientside import PageCalls, accept_page_results, page_manifest
from ._interrupts import describe, forward_kernel_interrupts, recover
from ._json import to_json
from ._page import PageSupport
from ._persistence import defaults_from_view, validate_records
from ._protocol import (
    MAX_EVENT_CHANGES,
    PROTOCOL_VERSION,
    InvalidEvent,
    find_entry,
    short,
    validate_ack,
    validate_events,
)
from ._streams import install as install_streams
from ._window import ResultWindow, refused_pairs
from .exceptions import AppClosedError, CallbackError

if TYPE_CHECKING:
    from ._app import Dash, Session
    from ._scheduler import Scheduler

__all__ = ["AppWidget", "widget_for"]

STATIC = Path(__file__).parent / "static"
#: Seconds between console messages while a callback keeps printing.
CONSOLE_INTERVAL = 0.1
#: Most text one console message carries; the rest of a burst is replaced by a note.
MAX_CONSOLE_CHARS = 64_000
_MAX_VIEW_ID = 64
_MAX_VIEWS = 100
_log = logging.getLogger("nbdash")


class AppWidget(anywidget.AnyWidget):
    """The widget showing one app. Use :func:`widget_for` (one widget per app) rather than this."""

    # The bundle as trait defaults, not paths: anywidget turns a path into a class-level FileContents
    # whose `changed` signal holds a strong reference to every widget ever created (a closed app
    # could never be freed: issue 11 §5, measured in bench/bench_rerun.py).
    _esm = traitlets.Unicode((STATIC / "widget.js").read_text(encoding="utf-8")).tag(sync=True)
    _css = traitlets.Unicode((STATIC / "widget.css").read_text(encoding="utf-8")).tag(sync=True)

    #: Seconds an output must stay loading before the views hear of it (0: at once).
    loading_grace = 0.010
    #: Seconds between a callback registered on a displayed app and the ``inputs`` message telling
    #: the views (one message for a cell registering many).
    inputs_delay = 0.005

    #: The tree when the widget was created, in its initial state (``{protocol, tree}``): a view
    #: renders it at once instead of waiting for the answer to its ``hello`` — during a Run All
    #: the kernel answers only after the cells queued behind the display have run. The answer's
    #: tree then replaces it; the first ``hello`` empties this (reloaded pages ask afresh).
    _nbdash_first = traitlets.Dict().tag(sync=True)

    def __init__(self, app: Dash) -> None:
        self.app = app
        # displaying is an explicit load (it also re-opens a closed app); no turn between the first
        # tree and attaching: no patch is missed
        #: libraries, stylesheets and watched props for the views (nbdash._page)
        page = PageSupport(app)
        with app._lock:
            # clientside calls (the load's initial ones too) run in this widget's views; until the
            # first view says hello they wait for it (nbdash._clientside.PageCalls)
            self.page_calls = app._page_calls = PageCalls(self)
            session = app._session if app._session is not None else app._load(mount=True)
            push = page.push_plan(session.tree)  # sent at the first display, announced here
            super().__init__(_nbdash_first={
                "protocol": PROTOCOL_VERSION, "tree": to_json(session.tree.root), **page.tree_extras(),
                "clientside": page_manifest(app),  # a view runs clientside callbacks from its first frame
                **({"push": push} if push else {}),
            })
            self._page = page
            self._push = push
            #: ids of the connected views, in the order they said hello; the last one leads.
            self.views: list[str] = []
            #: the last refused events, newest last (each was also sent to the browser as a warning).
            self.warnings: deque[str] = deque(maxlen=100)
            self._origin: dict[str, Any] | None = None
            self._tree_sent_for: Session | None = None
            self._loading = _LoadingState(self._send_loading_message, self.loading_grace)
            self._inputs_timer: threading.Timer | None = None  # an `inputs` message on its way
            self.on_msg(self._on_message)
            self._session: Session = session
            _window_for(session)
            app._attach(self)

    # -- display ---------------------------------------------------------------------------------
    def __repr__(self) -> str:
        return repr(self.app)

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        _displays.shown(self, _current_cell())
        if self._push:
            _after_cell(self._send_pushes)
        return super()._repr_mimebundle_(**kwargs)

    def _send_pushes(self) -> None:
        """React, the tree's libraries and their known first chunks, once, before the page asks
        (:mod:`nbdash._preload`). Sent when the cell that displayed the app ends, right after the
        display message (a page renders the view first, and the bytes follow at once instead of
        after a request), and in any case before the answer to a hello or a need."""
        push, self._push = self._push, []
        for name in push:
            meta, buffers = self._page.answer(name, push=True)
            self.send({**meta, "type": "asset", "name": name, "push": True}, buffers=buffers)
        if push:
            self._page.note("pushed")

    def close(self) -> None:
        """Close the comm (every view disappears) and detach from the app."""
        app = getattr(self, "app", None)  # also called by __del__, maybe on a half-built widget
        if app is not None:
            app._detach(self)
            _displays.forget(self)
            if app._page_calls is self.page_calls:
                app._page_calls = None
            self.page_calls.close()  # unanswered clientside calls: the kernel's V8
        loading = getattr(self, "_loading", None)
        if loading is not None:
            loading.close()
        layout = self._trait_values.get("layout")  # DOMWidget's Layout child has a comm of its own
        super().close()
        if layout is not None and getattr(layout, "comm", None) is not None:
            layout.close()

    def app_closed(self) -> None:
        """The app was closed (``app.close()``): its views go with it (the comm closes)."""
        self.close()

    @property
    def leader(self) -> str | None:
        return self.views[-1] if self.views else None

    # -- transport (called by the app, under its lock, on the thread that ran the turn) -------------
    def send_patch(self, changes: dict[str, dict[str, Any]]) -> None:
        if self.app._session is not self._session:
            self._send_tree(None)  # the app was re-loaded: the views' trees are stale
            return
        origin, self._origin = self._origin, None
        inputs = self._page.inputs_changed()
        if inputs is not None:
            self.send(inputs)
        message: dict[str, Any] = {"type": "patch", "changes": changes, "origin": origin}
        n, results = _window_for(self._session).sent(changes, origin)  # what views may discard (nbdash._window)
        message["n"] = n
        if results:
            message["results"] = results
        persist = self._session.persistence.take_ops()  # records for the views' browser storage
        if persist is not None:
            message["persist"] = persist
        with self._loading.lock:  # never between an announcement and what it announces
            self.send(message)

    def callbacks_changed(self) -> None:
        """A callback was registered (any thread): the views learn the props callbacks watch now
        within :attr:`inputs_delay`, not with the next patch — until then a library component's
        change of a newly watched prop would wait in the page (held back for 0.3 s)."""
        if self._inputs_timer is not None:
            return  # one on its way: it reads the registry when it goes
        timer = self._inputs_timer = threading.Timer(self.inputs_delay, self._send_inputs)
        timer.daemon = True
        timer.start()

    def _send_inputs(self) -> None:
        with self.app._lock:  # as send_patch, which sends the same message first if it comes first
            self._inputs_timer = None
            if self.comm is None or self.app._session is not self._session:
                return  # closed, or the app was re-loaded: the next tree carries the inputs
            message = self._page.inputs_changed()
            if message is not None:
                self.send(message)

    def send_loading(self, props: list[tuple[str, str]], loading: bool) -> None:
        if self.app._session is not self._session:
            return  # the views' tree is stale; the next patch replaces it, with its loading state
        if loading:
            self._loading.start(props)
        else:
            self._loading.stop(props)

    def _send_loading_message(self, props: list[tuple[str, str]], loading: bool) -> None:
        self.send({"type": "loading", "props": [list(p) for p in props], "loading": loading})

    def capture_output(self, callback: str) -> contextlib.AbstractContextManager[None] | None:
        """Around one user-function call (any thread): if the page set it off, its prints go to this
        app's console panel (None: a cell did; they print there)."""
        if not _from_view.get():
            return None
        return capture_output(lambda chunks: self.send({"type": "console", "callback": callback, "chunks": chunks}))

    def send_error(self, error: CallbackError) -> None:
        self.send(
            {"type": "error", "callback": error.callback, "message": str(error), "traceback": error.traceback}
        )

    # -- messages from the views (shell thread) ----------------------------------------------------
    def _on_message(self, _widget: Any, content: Any, buffers: list[bytes]) -> None:
        if not isinstance(content, dict) or ("type" not in content and "kind" in content):
            return  # not ours (anywidget's own commands carry `kind`)
        kind = content.get("type")
        handlers = {
            "hello": self._on_hello, "event": self._on_event, "need": self._on_need, "bye": self._on_bye,
            "persistence_defaults": self._on_persistence_defaults, "clientside_result": self._on_clientside_result,
        }
        handler = handlers.get(kind) if isinstance(kind, str) else None
        if handler is None:
            self._warn(f"unknown message type {short(kind)}; expected one of {', '.join(handlers)}", _view_of(content))
            return
        try:
            handler(content)
        except AppClosedError:
            self._warn(f"{short(kind)} ignored: the app is closed (app.close(), or its cell was re-run); re-run the "
                       "cell that displays it", _view_of(content))
        except Exception as exc:  # noqa: BLE001 - never let a bad message break the kernel's comm handling
            self.send({
                "type": "error",
                "callback": "nbdash",
                "message": f"nbdash failed to handle a {kind!r} message: {exc!r}. This is a bug in nbdash; "
                "the app keeps running. Please report it with the traceback below.",
                "traceback": traceback.format_exc(),
            })
        except BaseException as exc:  # noqa: BLE001 - an interrupt between callbacks (_interrupts)
            stopped = recover(self.app)
            self._warn(f"{kind} interrupted by {describe(exc)} while nbdash was applying it; the turn ended "
                       f"there{' and ' + ', '.join(stopped) + ' stopped loading' if stopped else ''}. "
                       "The app keeps running.", _view_of(content))

    def _on_hello(self, message: dict[str, Any]) -> None:
        view = _view_of(message)
        if view is None:
            self._warn("hello without a `view` id (a short string); ignored", None)
            return
        if message.get("protocol") != PROTOCOL_VERSION:
            self.send({
                "type": "mismatch",
                "view": view,
                "protocol": PROTOCOL_VERSION,
                "message": f"This page's nbdash front end speaks protocol {short(message.get('protocol'))} but the "
                f"kernel's nbdash speaks protocol {PROTOCOL_VERSION}. Re-run the cell that displays the app "
                "(after restarting the kernel if you upgraded nbdash) so the page loads the matching front end.",
            })
            return
        self._page.note("hello")
        self._send_pushes()  # before the tree: the page asks for what was announced but not received
        if view in self.views:
            self.views.remove(view)
        self.views.append(view)
        del self.views[:-_MAX_VIEWS]  # reloaded pages never say bye
        if "persisted" in message:
            self._take_records(message["persisted"], view)
        self._send_tree(view)
        self.page_calls.view_joined(view)  # clientside calls waiting for a view, after its tree
        if self._nbdash_first:
            self._nbdash_first = {}

    def _take_records(self, reported: Any, view: str) -> None:
        """A view's browser persistence records (see :mod:`nbdash._persistence`): they replace the
        kernel's copy; the first view of a freshly loaded session corrects what they change."""
        try:
            records = validate_records(reported)
        except ValueError as exc:
            self._warn(f"persistence records ignored: {exc}", view)
            return
        with self.app._lock:
            session = self._live_session()
            fresh = self._tree_sent_for is not session  # else the session's tree is the current state
            session.persistence.adopt(records, fresh=fresh)
            if fresh:
                self._restore(session, session.persistence.corrections)

    def _on_persistence_defaults(self, message: dict[str, Any]) -> None:
        """A library component's ``dashPersistence``, reported by the page (see :mod:`nbdash._persistence`)."""
        try:
            learned = defaults_from_view(message)
        except (TypeError, ValueError) as exc:
            self._warn(f"persistence defaults ignored: {exc}", _view_of(message))
            return
        if learned is None:
            return
        namespace, type_, _ = learned
        with self.app._lock:
            session = self._live_session()
            self._restore(session, lambda live: session.persistence.late_defaults(live, namespace, type_))

    def _restore(self, session: Session, fixes_of: Callable[[dict[str, Any]], dict[str, dict[str, Any]]]) -> None:
        """Set stored values as changes from the components themselves (not recorded as new edits)."""

        def action(scheduler: Scheduler) -> None:
            persistence = session.persistence
            fixes = fixes_of({k: e.component for k, e in scheduler.tree.strs.items()})
            persistence.recording = False  # restored values are not new edits
            try:
                for id_str, props in fixes.items():
                    scheduler.user_change(id_str, props)
            finally:
                persistence.recording = True

        self.app._submit(action)

    def _on_event(self, message: dict[str, Any]) -> None:
        forward_kernel_interrupts(lambda: list(_displays.by_app))  # its callbacks run on workers
        view, seq = _view_of(message), message.get("seq")
        origin = {"view": view, "seq": seq} if view is not None and isinstance(seq, int) else None
        with self.app._lock:
            session = self._live_session()
            window = _window_for(session)
            try:
                ack = validate_ack(message, window.number)
            except InvalidEvent as exc:
                self._warn(f"event ignored: {exc}", view)
                return
            try:
                changes = validate_events(session.tree, message)
            except InvalidEvent as exc:
                self._warn(f"event ignored: {exc}", view)
                if view is not None and isinstance(seq, int) and ack is not None and _gone(session, message):
                    self._refused_event(view, seq, ack, refused_pairs(message, MAX_EVENT_CHANGES))
                return
            refused = accept_page_results(self.app, message.get("clientside"))  # nbdash._clientside
            if refused is not None:
                self._warn(refused, view)

            def action(scheduler: Scheduler) -> bool:
                if self._origin is None:  # the oldest event whose echo is not sent yet
                    self._origin = origin
                if view is not None and isinstance(seq, int) and scheduler.window is not None:
                    scheduler.window.event(scheduler, view, seq, ack, changes)  # revert what the view discards
                if len(changes) == 1:
                    changed = scheduler.user_change(*changes[0])
                else:
                    changed = scheduler.user_changes(changes)  # one turn: a click counted by ancestors too
                if not changed and scheduler.requested:
                    scheduler.run()  # a reverted call asked again (nbdash._window)
                if scheduler.window is not None and scheduler.window.restarting:
                    scheduler.window.settle(scheduler)  # reverted background results (nbdash._window)
                return changed

            token = _from_view.set(True)  # copied into the worker's context and the jobs it starts
            try:  # on an event worker (nbdash._dispatch): this thread goes back to the kernel at once
                self.app._post(lambda: self.app._submit(action), self._event_failed)
            finally:
                _from_view.reset(token)

    def _refused_event(self, view: str, seq: int, ack: int, pairs: list[Any]) -> None:
        """An event for a component no longer in the layout (the view's user typed into it as a
        callback removed it) is refused, but its view counts it as sent (js/src/window.js): results
        it will discard because of it are undone here too, in order with the view's other events
        (nbdash._window). Nothing else of it is applied; other refused events change nothing."""
        if not pairs:
            return

        def action(scheduler: Scheduler) -> None:
            if scheduler.window is not None:
                scheduler.window.event(scheduler, view, seq, ack, [], pairs)
                if scheduler.requested:
                    scheduler.run()
                if scheduler.window.restarting:
                    scheduler.window.settle(scheduler)

        self.app._post(lambda: self.app._submit(action), self._event_failed)

    def _event_failed(self, exc: BaseException) -> None:
        """A posted event raised on its worker: refused as on the shell thread (see _on_message)."""
        if isinstance(exc, AppClosedError):  # closed while the event waited for a worker
            self._warn("event ignored: the app is closed (app.close(), or its cell was re-run); re-run the "
                       "cell that displays it", None)
            return
        if not isinstance(exc, Exception):  # an interrupt between callbacks (_interrupts)
            stopped = recover(self.app)
            self._warn(f"event interrupted by {describe(exc)} while nbdash was applying it; the turn ended there"
                       f"{' and ' + ', '.join(stopped) + ' stopped loading' if stopped else ''}. The app keeps running.",
                       None)
            return
        self.send({
            "type": "error",
            "callback": "nbdash",
            "message": f"nbdash failed to handle an 'event' message: {exc!r}. This is a bug in nbdash; "
            "the app keeps running. Please report it with the traceback below.",
            "traceback": "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)),
        })

    def _on_clientside_result(self, message: dict[str, Any]) -> None:
        refused = self.page_calls.answer(message)  # nbdash._clientside.PageCalls
        if refused is not None:
            self._warn(refused, _view_of(message))

    def _on_need(self, message: dict[str, Any]) -> None:
        self._send_pushes()
        asset = message.get("asset")
        label = asset.rsplit("/", 1)[-1][:100] if isinstance(asset, str) else "?"
        self._page.note(f"need {label} received")
        meta, buffers = self._page.answer(asset)  # a library's error is shown where the page needed it
        self.send({**meta, "type": "asset", "name": asset if isinstance(asset, str) else ""}, buffers=buffers)
        self._page.note(f"need {label} sent")
        if "error" in meta and not self._page.known(asset):
            self._warn(f"unknown asset {short(asset)} requested: {meta['error']}", _view_of(message))

    def _on_bye(self, message: dict[str, Any]) -> None:
        view = _view_of(message)
        if view is None or view not in self.views:
            return
        was_leader = view == self.leader
        self.views.remove(view)
        with self.app._lock:
            window = self._session.scheduler.window
            if window is not None:
                window.forget_view(view)
        if was_leader and self.views:
            self.send({"type": "leader", "leader": self.leader})
        self.page_calls.view_left(view)  # its unanswered clientside calls go elsewhere

    # -- helpers -----------------------------------------------------------------------------------
    def _live_session(self) -> Session:
        """The app's session, loading the app (with mount effects, as a page load) if it has none;
        a closed app raises :class:`AppClosedError` (a late page message never revives it)."""
        app = self.app
        if app._session is not None:
            return app._session
        if app._closed:
            app.session  # noqa: B018 - raises AppClosedError with the explanation
        return app._load(mount=True)

    def _send_tree(self, view: str | None) -> None:
        """The full tree, for one view (or every view: ``None``). ``fresh`` is true the first time a
        session's tree is sent: that view restores browser-side state (``dcc.Store`` storage)."""
        with self.app._lock:
            self._live_session()  # a load runs callback bodies, which release the app's lock: not
            # while this thread holds the loading lock, which a turn on another thread may want
        with self.app._lock, self._loading.lock:  # no turn or announcement between state and send
            self._session = self._live_session()
            n = _window_for(self._session).tree_sent(view)
            tree = to_json(self._session.tree.root)
            loading = self._session.scheduler.loading_props()
            self._loading.reset(loading)
            fresh = self._tree_sent_for is not self._session
            self._tree_sent_for = self._session
            message: dict[str, Any] = {
                "type": "tree", "protocol": PROTOCOL_VERSION, "view": view, "tree": tree, "leader": self.leader,
                "fresh": fresh, "loading": [list(p) for p in loading], **self._page.tree_extras(),
                "clientside": page_manifest(self.app), "n": n,
            }
            persist = self._session.persistence.take_ops()
            if persist is not None:
                message["persist"] = persist
            self.send(message)

    def _warn(self, message: str, view: str | None) -> None:
        self.warnings.append(message)
        _log.info("%r: %s", self.app, message)
        if self.comm is not None:
            self.send({"type": "warning", "message": message, "view": view})


class _LoadingState:
    """Which outputs the views are told are being computed, told ``grace`` seconds late.

    ``start`` / ``stop`` come from the thread running a turn (under the app's lock). Outputs that
    stop before the grace period ends are never mentioned; the rest are announced by this object's
    daemon thread, started on first use, while their callbacks still run. ``lock`` serializes every
    loading message with the widget's patches, so a view never sees "loading" after the value.

    The thread must not wake up on the turn's critical path (it would compete for the GIL while the
    callback runs): for :data:`HOT` seconds after a turn it polls every ``grace`` seconds, so a
    ``start`` only has to set a deadline; only the first turn after a quiet spell wakes it.
    """

    #: Seconds the announcer keeps polling after the last turn before it sleeps until notified.
    HOT = 2.0

    def __init__(self, send: Callable[[list[tuple[str, str]], bool], None], grace: float) -> None:
        self.send = send
        self.grace = grace
        self.lock = threading.RLock()
        self.told: set[tuple[str, str]] = set()
        self.pending: dict[tuple[str, str], None] = {}
        self._deadline: float | None = None
        self._last_start = 0.0
        self._asleep = False
        self._wake = threading.Condition(self.lock)
        self._thread: threading.Thread | None = None
        self._closed = False

    def start(self, props: list[tuple[str, str]]) -> None:
        with self.lock:
            fresh = [p for p in props if p not in self.told]
            if self.grace <= 0:
                self._tell(fresh)
                return
            self.pending.update(dict.fromkeys(fresh))
            self._last_start = now = time.monotonic()
            if self.pending and self._deadline is None:
                self._deadline = now + self.grace
                if self._thread is None:
                    self._thread = threading.Thread(target=self._run, name="nbdash-loading", daemon=True)
                    self._thread.start()
                elif self._asleep:
                    self._wake.notify()

    def stop(self, props: list[tuple[str, str]]) -> None:
        with self.lock:
            for p in props:
                self.pending.pop(p, None)
            done = [p for p in props if p in self.told]
            self.told.difference_update(done)
            if done:
                self.send(done, False)

    def reset(self, loading: list[tuple[str, str]]) -> None:
        """A full tree listing ``loading`` went to the views."""
        with self.lock:
            self.told = set(loading)
            self.pending.clear()

    def close(self) -> None:
        with self.lock:
            self._closed = True
            self._wake.notify()

    def _tell(self, props: list[tuple[str, str]]) -> None:
        if props:
            self.told.update(props)
            self.send(props, True)

    def _run(self) -> None:
        with self.lock:
            while not self._closed:
                now = time.monotonic()
                if self._deadline is not None and now >= self._deadline:
                    self._deadline = None
                    props, self.pending = list(self.pending), {}
                    try:
                        self._tell(props)
                    except Exception:  # noqa: BLE001 - the comm closed: nothing left to tell
                        return
                elif self._deadline is not None:
                    self._wake.wait(self._deadline - now)
                elif now - self._last_start < self.HOT:
                    self._wake.wait(self.grace)  # poll: the next start need not wake us
                else:
                    self._asleep = True
                    self._wake.wait()
                    self._asleep = False


# ------------------------------------------------------------------------------------------------
# Callback output → console messages
# ------------------------------------------------------------------------------------------------
Chunks = list[list[str]]  # [[stream name, text], ...]


class _Output:
    """What one callback call prints: buffered, sent as ``[[stream, text], ...]`` chunks."""

    def __init__(self, send: Callable[[Chunks], None]) -> None:
        self.send = send
        self.chunks: Chunks = []
        self.size = 0
        self.dropped = 0
        self.last = time.monotonic()
        self.lock = threading.Lock()  # threads the callback starts with its context write here too

    def write(self, stream: str, text: str) -> None:
        with self.lock:
            if self.size + len(text) > MAX_CONSOLE_CHARS:
                self.dropped += len(text)
            elif self.chunks and self.chunks[-1][0] == stream:
                self.chunks[-1][1] += text
                self.size += len(text)
            else:
                self.chunks.append([stream, text])
                self.size += len(text)
            due = "\n" in text and time.monotonic() - self.last >= CONSOLE_INTERVAL
        if due:
            self.flush()

    def flush(self) -> None:
        with self.lock:
            chunks, self.chunks, self.size = self.chunks, [], 0
            if self.dropped:
                chunks.append(["stderr", f"\n[nbdash: {self.dropped:,} characters of output dropped; a console message "
                                         f"carries at most {MAX_CONSOLE_CHARS:,} every {CONSOLE_INTERVAL} s]\n"])
                self.dropped = 0
            self.last = time.monotonic()
        if chunks:
            self.send(chunks)


_output: ContextVar[_Output | None] = ContextVar("nbdash_callback_output", default=None)
#: True while a turn set off by a view runs (and in the background jobs it starts).
_from_view: ContextVar[bool] = ContextVar("nbdash_from_view", default=False)


@contextlib.contextmanager
def capture_output(send: Callable[[Chunks], None]) -> Iterator[None]:
    """Within the block, what this thread (this context) prints is passed to ``send`` as chunks."""
    install_streams(_output)
    output = _Output(send)
    token = _output.set(output)
    try:
        yield
    finally:
        _output.reset(token)
        output.flush()


def _gone(session: Session, message: dict[str, Any]) -> bool:
    """Whether a refused event names one component, by a string id no longer in the layout."""
    id_str = message.get("id")
    return (
        "changes" not in message and isinstance(id_str, str) and isinstance(message.get("props"), dict)
        and find_entry(session.tree, id_str) is None
    )


def _window_for(session: Session) -> ResultWindow:
    """The session's result window (nbdash._window), created when a widget first shows it."""
    scheduler = session.scheduler
    if scheduler.window is None:
        scheduler.window = ResultWindow()
    return scheduler.window


def _view_of(message: dict[str, Any]) -> str | None:
    view = message.get("view")
    return view if isinstance(view, str) and 0 < len(view) <= _MAX_VIEW_ID else None


# ------------------------------------------------------------------------------------------------
# Which widget each app has, and which cells show it
# ------------------------------------------------------------------------------------------------
class _Displays:
    """The kernel-wide record of app widgets (like ipywidgets' own registry of live widgets).

    ``cells`` maps a notebook cell id to the execution that last displayed something in it and the
    widgets it displayed. When a new execution of that cell displays, widgets shown only by the
    cell's previous execution are closed: that is "re-running the cell replaces the app".
    """

    def __init__(self) -> None:
        self.by_app: dict[Dash, AppWidget] = {}
        self.cells: dict[str, tuple[str, list[AppWidget]]] = {}

    def widget(self, app: Dash) -> AppWidget:
        widget = self.by_app.get(app)
        if widget is None or widget.comm is None:
            widget = self.by_app[app] = AppWidget(app)
        return widget

    def shown(self, widget: AppWidget, where: tuple[str, str] | None) -> None:
        if where is None:
            return
        cell, execution = where
        previous_execution, previous = self.cells.get(cell, ("", []))
        if previous_execution == execution:
            if widget not in previous:
                previous.append(widget)
            return
        self.cells[cell] = (execution, [widget])
        for old in previous:
            if old is not widget and not self._shown_elsewhere(old):
                old.close()
                old.app.close()  # the replaced app's running jobs and session end with it

    def forget(self, widget: AppWidget) -> None:
        if self.by_app.get(widget.app) is widget:
            del self.by_app[widget.app]
        for cell, (_, widgets) in list(self.cells.items()):
            if widget in widgets:
                widgets.remove(widget)
                if not widgets:
                    del self.cells[cell]

    def _shown_elsewhere(self, widget: AppWidget) -> bool:
        return any(widget in widgets for _, widgets in self.cells.values())


_displays = _Displays()


_after_cell_calls: list[Callable[[], None]] = []


def _after_cell(call: Callable[[], None]) -> None:
    """Run ``call`` when the cell being executed ends (IPython's ``post_execute``: after its display
    messages went out), or at once outside IPython."""
    try:
        from IPython import get_ipython

        shell = get_ipython()
    except ImportError:  # pragma: no cover - IPython comes with ipywidgets
        shell = None
    if shell is None:
        call()
        return
    if not _after_cell_calls:
        shell.events.register("post_execute", _run_after_cell)
    _after_cell_calls.append(call)


def _run_after_cell() -> None:
    from IPython import get_ipython

    calls = list(_after_cell_calls)
    _after_cell_calls.clear()
    shell = get_ipython()
    if shell is not None:
        with contextlib.suppress(ValueError):
            shell.events.unregister("post_execute", _run_after_cell)
    for call in calls:
        try:
            call()
        except Exception:  # noqa: BLE001 - a closed comm: the page asks instead
            _log.debug("nbdash: pushing library files failed", exc_info=True)


def widget_for(app: Dash) -> AppWidget:
    """The app's widget, created (and the app loaded) on first use; the same object afterwards."""
    return _displays.widget(app)


def _current_cell() -> tuple[str, str] | None:
    """(cell id, execute request id) of the cell being executed, when the front end says."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with ipywidgets
        return None
    kernel = getattr(get_ipython(), "kernel", None)
    if kernel is None:
        return None
    try:
        parent = kernel.get_parent("shell")
    except Exception:  # noqa: BLE001 - older kernels: no per-channel parents
        parent = getattr(kernel, "_parent_header", None)
    if not isinstance(parent, dict):
        return None
    cell = (parent.get("metadata") or {}).get("cellId")
    msg_id = (parent.get("header") or {}).get("msg_id")
    if isinstance(cell, str) and isinstance(msg_id, str):
        return cell, msg_id
    return None
