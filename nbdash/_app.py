"""``Dash``: an app = a layout + a callback registry + (once loaded) a live session.

The app object keeps Dash's constructor and decorator signatures so docs examples run unchanged.
What Dash splits between a Flask server and a browser lives here, in the kernel:

* ``app.layout`` is validated when set (a component, a list of components, or a function returning
  one — called anew on every load, like Dash's per-page-load layouts).
* :class:`Session` is the running app: a :class:`~nbdash._tree.Tree` (a copy of the layout), the
  :class:`~nbdash._graph.Graph` of callbacks and the :class:`~nbdash._scheduler.Scheduler`. Loading
  the app (displaying it) creates a fresh session and runs the initial callbacks. Several views of
  one app share its session.
* ``nbdash.testing.AppDriver`` runs its own session on a *headless twin* of the app
  (:meth:`Dash._headless_twin`): the same layout, callbacks, config and lock, but its own session,
  front ends and ``errors``. Driving an app headless never changes what its displayed views show,
  and errors raised under a driver go to the driver, not to the views' error panel or ``app.errors``.
* Every event enters through :meth:`Dash._submit`, under the app's one re-entrant lock, whichever
  thread delivers it; events from the page are *posted* (:meth:`Dash._post`) and run on the app's
  worker threads (:mod:`nbdash._dispatch`), so the kernel's shell thread stays free. The lock is
  released only while a callback body runs (:mod:`nbdash._flights`: latest request wins). After
  each turn the changed props go to every attached transport as one patch batch
  (``{id: {prop: json_value}}``).
* A callback that raises never breaks the app: its outputs stay, the error (user's traceback, nbdash
  frames removed) is appended to ``app.errors`` and reported to attached front ends.
"""

from __future__ import annotations

import copy
import threading
import time
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from ._assets import configure as configure_assets
from ._async import resolve as resolve_awaitable  # async def callbacks
from ._background import FLUSH_INTERVAL, ThreadManager
from ._cycles import warn_cycles
from ._dispatch import Dispatcher
from ._foreign import is_dash_component
from ._component import Component
from ._context import CallbackContext, current_call
from ._graph import Graph
from ._grouping import call_grouped
from ._interrupts import Interruptible
from ._json import normalize, to_json
from ._persistence import Persistence
from ._registry import CallbackRegistry, CallbackSpec, build_spec, check_background_cycles, set_latest_app
from ._scheduler import CallRecord, Scheduler, _prop_pair
from ._sources import WidgetWatcher
from ._tree import Tree
from .dependencies import stringify_id
from .exceptions import AppClosedError, CallbackError, NoLayoutException, NonExistentIdException, ObsoleteKwargException

if TYPE_CHECKING:
    from ._clientside import JsEngine, PageCalls

__all__ = ["Dash", "Session", "Transport"]

_DASH_KWARGS = frozenset(
    """server backend assets_folder pages_folder use_pages assets_url_path assets_ignore
    assets_path_ignore assets_external_path eager_loading include_assets_files include_pages_meta
    url_base_pathname requests_pathname_prefix routes_pathname_prefix serve_locally compress meta_tags
    index_string external_scripts external_stylesheets suppress_callback_exceptions
    prevent_initial_callbacks show_undo_redo extra_hot_reload_paths plugins title update_title
    background_callback_manager add_log_handler hooks routing_callback_inputs description on_error
    use_async health_endpoint csrf_token_name csrf_header_name websocket_callbacks
    websocket_allowed_origins websocket_inactivity_timeout websocket_heartbeat_interval
    websocket_batch_delay websocket_max_workers enable_mcp mcp_path""".split()
)


class Transport(Protocol):
    """What the app pushes to a front end (the widget, or the in-memory test transport)."""

    def send_patch(self, changes: dict[str, dict[str, Any]]) -> None: ...

    def send_error(self, error: CallbackError) -> None: ...

    # Optional: ``send_loading(props, loading)`` — (id string, prop) outputs started (True) or
    # stopped being computed (dcc.Loading); ``capture_output(callback_name)`` — a context manager
    # around each user function call, receiving what it prints; ``callbacks_changed()`` — a callback
    # was registered (under the app's lock). The app uses them when present.


class Observer(Protocol):
    """Optional hooks for tools that watch an app closely (``nbdash.testing``)."""

    def on_call(self, record: CallRecord) -> None: ...

    def on_error(self, error: CallbackError, original: BaseException) -> None: ...

    def on_prop(self, id_str: str, prop: str, value: Any, old: Any) -> None: ...


class _NoServer:
    """``app.server``: nbdash has no Flask server; say so the moment anyone uses it."""

    def __getattr__(self, name: str) -> Any:
        raise AttributeError(
            f"app.server.{name}: nbdash runs no web server — the app lives in the notebook's kernel and "
            "renders through a widget. Flask routes and server config have no equivalent here."
        )

    def __repr__(self) -> str:
        return "<nbdash: no web server>"


class Config(dict):  # type: ignore[type-arg]
    """``app.config``: Dash's settings that matter in a kernel, readable as attributes."""

    def __getattr__(self, key: str) -> Any:
        try:
            return self[key]
        except KeyError:
            raise AttributeError(key) from None

    def __setattr__(self, key: str, value: Any) -> None:
        self[key] = value


class Session:
    """A running app: tree + graph + scheduler, created by :meth:`Dash._load`."""

    def __init__(self, app: Dash, layout: Component) -> None:
        self.app = app
        # stored user edits replace layout values before anything reads them (Dash: at page load)
        self.persistence = Persistence()
        self.persistence.apply(layout, at_load=True)
        self.tree = Tree(layout)
        self.graph = Graph(list(app._registry))
        self.graph_version = app._registry.version
        warn_cycles(app._registry, app._cycles_reported)
        self.scheduler = Scheduler(app, self.tree, self.graph)
        self.scheduler.persistence = self.persistence
        self.widgets = WidgetWatcher(app._submit)
        self.tree.on_add = self.widgets.watch
        for entry in list(self.tree.strs.values()):
            self.widgets.watch(entry.component)

    def close(self) -> None:
        self.widgets.close()
        self.scheduler.jobs.cancel_all()
        self.scheduler.flights.clear()  # bodies still running: their results are dropped
        self.scheduler.requested.clear()  # their threads find nothing left to run here

    def refresh_graph(self) -> None:
        if self.graph_version != self.app._registry.version:
            self.graph = Graph(list(self.app._registry))
            self.scheduler.graph = self.graph
            self.graph_version = self.app._registry.version
            warn_cycles(self.app._registry, self.app._cycles_reported)


class Dash:
    """A Dash app that runs inside the kernel. Same constructor as ``dash.Dash``."""

    def __init__(self, name: str | None = None, **kwargs: Any) -> None:
        if "long_callback_manager" in kwargs:
            raise ObsoleteKwargException(
                "long_callback_manager is obsolete, use background_callback_manager instead"
            )
        unknown = set(kwargs) - _DASH_KWARGS
        if unknown:
            raise TypeError(f"Dash() got an unexpected keyword argument '{sorted(unknown)[0]}'")
        self.name = name
        self.title = kwargs.get("title", "Dash")
        self.config = Config(
            suppress_callback_exceptions=bool(kwargs.get("suppress_callback_exceptions", False)),
            prevent_initial_callbacks=kwargs.get("prevent_initial_callbacks", False),
            external_stylesheets=list(kwargs.get("external_stylesheets") or []),
        )
        configure_assets(self, kwargs)  # external_scripts, assets folder, app.css / app.scripts
        self.background_callback_manager = kwargs.get("background_callback_manager")
        self._on_error: Callable[[Exception], Any] | None = kwargs.get("on_error")
        self._layout: Any = None
        self._registry = CallbackRegistry()
        self._lock = threading.RLock()
        self._idle = threading.Condition(self._lock)  # notified when no background job is running
        self._idle_waiters = 0  # threads in _wait_background (turns skip the notify when none)
        self._cycles_reported: set[str] = set()  # callback cycles already warned about (_cycles)
        self._session: Session | None = None
        self._closed = False  # app.close() ran: no session is created implicitly (see `session`)
        self._transports: list[Transport] = []
        self._observers: list[Observer] = []
        self._extra_components: list[Any] = []  # Dash's: appended after the layout at each load
        self.errors: list[CallbackError] = []
        self.server = _NoServer()
        self._source: Dash | None = None  # the app a headless twin runs (see _headless_twin)
        self._twins: weakref.WeakSet[Dash] = weakref.WeakSet()  # this app's headless twins
        self._manager: ThreadManager | None = None
        self._dispatcher: Dispatcher | None = None  # event workers, created by the first _post
        self._interruptible = Interruptible()  # their user functions running now (kernel interrupts)
        self._last_flush = 0.0
        self._flush_timer: threading.Timer | None = None
        self._js: JsEngine | None = None  # clientside callbacks' engine, made at the first kernel-side call
        self._page_calls: PageCalls | None = None  # the displayed widget's: clientside calls run in a view
        for factory in set_latest_app(self):
            self._register_spec(factory(self))

    # ------------------------------------------------------------------------------------------
    # Layout
    # ------------------------------------------------------------------------------------------
    @property
    def layout(self) -> Any:
        return self._layout

    @layout.setter
    def layout(self, value: Any) -> None:
        if callable(value) and not isinstance(value, Component):
            self._check_layout(value(), source="the layout function's return value")
        else:
            self._check_layout(value, source="app.layout")
        self._layout = value

    @staticmethod
    def _check_layout(value: Any, *, source: str) -> None:
        if isinstance(value, Component) or is_dash_component(value):  # nbdash's, or any Dash library's
            return
        if isinstance(value, (list, tuple)) and all(
            isinstance(v, (Component, str, int, float)) or is_dash_component(v) for v in value
        ):
            return
        raise NoLayoutException(
            f"Layout must be a single dash component, a list of dash components, or a function that returns "
            f"a dash component. {source} is {value!r} (type {type(value).__name__})."
        )

    def _layout_root(self) -> Component:
        value = self._layout() if callable(self._layout) and not isinstance(self._layout, Component) else self._layout
        if value is None:
            raise NoLayoutException(
                "The layout was `None` at the time that the app was loaded.\n"
                "Make sure to set the `layout` attribute of your application (app.layout = html.Div(...)) "
                "before displaying it."
            )
        self._check_layout(value, source="app.layout")
        if isinstance(value, (list, tuple)):
            from .html import Div

            value = Div(list(value))
        if self._extra_components:  # components libraries add outside the layout (Dash's hook)
            from .html import Div

            value = Div([value, *self._extra_components])
        root = normalize(value)  # a copy, with figures & co. in the JSON form callbacks receive
        assert isinstance(root, Component)
        return root

    # ------------------------------------------------------------------------------------------
    # Callbacks
    # ------------------------------------------------------------------------------------------
    def callback(self, *args: Any, **kwargs: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """Register a callback on this app (Dash's ``app.callback``); returns the function unchanged."""

        def decorator(func: Callable[..., Any]) -> Callable[..., Any]:
            self._register_spec(build_spec(func, args, kwargs, default_prevent=self.config.prevent_initial_callbacks))
            return func

        return decorator

    def clientside_callback(self, clientside_function: Any, *args: Any, **kwargs: Any) -> None:
        """Register a clientside (JavaScript) callback, Dash's ``app.clientside_callback``: an inline
        source string or ``ClientsideFunction(namespace, function_name)`` from ``assets/*.js``, then
        the dependencies. See :mod:`nbdash._clientside`."""
        from ._clientside import build_clientside_spec

        spec = build_clientside_spec(
            weakref.ref(self), clientside_function, args, kwargs, default_prevent=self.config.prevent_initial_callbacks
        )
        self._register_spec(spec)

    def _js_engine(self) -> JsEngine:
        from ._clientside import JsEngine

        with self._lock:
            if self._js is None:
                self._js = JsEngine(self)
            return self._js

    def _register_spec(self, spec: CallbackSpec) -> None:
        if spec.background is not None:
            manager = spec.background["manager"] or self.background_callback_manager
            if manager is not None:
                manager.check_function(spec.func)
        with self._lock:
            self._registry.add(spec)
            if self._session is not None:
                self._session.refresh_graph()
            for transport in list(self._transports):  # the widget tells its views what is watched now
                changed = getattr(transport, "callbacks_changed", None)
                if changed is not None:
                    changed()

    @property
    def callback_map(self) -> dict[str, CallbackSpec]:
        return {spec.callback_id: spec for spec in self._registry}

    def _call_user_function(
        self, spec: CallbackSpec, entries: list[Any], leading: list[Any] | None = None, *, worker: bool | None = None
    ) -> Any:
        """Call the user's function with its argument grouping; ``leading`` args (``set_progress``)
        come first, as in Dash. ``worker``: whether this thread is one of the app's event workers
        (None: find out)."""
        if worker is None:
            dispatcher = self._dispatcher
            worker = dispatcher is not None and dispatcher.on_worker()
        if worker:  # a kernel interrupt can reach it (_interrupts)
            with self._interruptible.running():
                return self._call_captured(spec, entries, leading)
        return self._call_captured(spec, entries, leading)

    def _call_captured(self, spec: CallbackSpec, entries: list[Any], leading: list[Any] | None) -> Any:
        # nbdash: print() in callbacks → the app's console (no front end attached: nothing to capture)
        capture = self._capture_output(spec.name) if self._transports else None
        if capture is None:
            return resolve_awaitable(call_grouped(spec.func, spec.inputs_state_indices, entries, leading))
        with capture:
            return resolve_awaitable(call_grouped(spec.func, spec.inputs_state_indices, entries, leading))

    def _capture_output(self, name: str) -> Any:
        """What the callback ``name`` prints (on this thread) goes to the first attached front end
        with a console (``capture_output(name)``: a context manager); None: it stays on stdout."""
        for transport in list(self._transports):
            capture = getattr(transport, "capture_output", None)
            if capture is not None:
                return capture(name)
        return None

    # ------------------------------------------------------------------------------------------
    # Running
    # ------------------------------------------------------------------------------------------
    def _load(self, *, mount: bool = False) -> Session:
        """Start a fresh session: copy the layout, run the initial callbacks. ``mount``: apply the
        props components set on themselves when rendered (for front ends without a browser)."""
        with self._lock:
            self._closed = False  # an explicit load (a display, AppDriver) re-opens a closed app
            if self._session is not None:
                self._session.close()  # a reload ends the old session's jobs and widget watchers
            check_background_cycles(self._registry)  # Dash checks when its server starts
            self._session = Session(self, self._layout_root())
            self._session.scheduler.initial_calls(mount=mount)
            self._flush()
            return self._session

    def _headless_twin(self) -> Dash:
        """A twin of this app for a headless front end (``nbdash.testing.AppDriver``).

        It shares what defines the app — the callback registry (callbacks added or replaced later
        apply to it too), config, error handler, background manager and the one lock (turns of the
        twin and of the app never interleave) — and owns what running it produces: its session, its
        transports and observers, ``errors``. The layout is taken from the app at each load
        (:meth:`_follow_source`). The twin is never displayed."""
        with self._lock:
            twin = copy.copy(self)
            twin._source = self
            twin._session = None
            twin._closed = False
            twin._transports = []
            twin._observers = []
            twin.errors = []
            twin._idle = threading.Condition(self._lock)
            twin._idle_waiters = 0
            twin._last_flush = 0.0
            twin._flush_timer = None
            twin._dispatcher = None  # its own event workers (a Dispatcher runs turns of one app)
            twin._page_calls = None  # never displayed: clientside calls run in the kernel's V8
            twin._twins = weakref.WeakSet()
            self._twins.add(twin)
            return twin

    def _follow_source(self) -> None:
        """A headless twin picks up the layout (and title) its app has now."""
        source = self._source
        if source is not None:
            self._layout = source._layout
            self.title = source.title
            self.background_callback_manager = source.background_callback_manager
            self._on_error = source._on_error

    @property
    def session(self) -> Session:
        """The live session; loaded on first use. A closed app raises :class:`AppClosedError`
        instead of coming back to life behind the user's back (late job results, page events and
        ``set_props`` all end here)."""
        if self._session is None:
            if self._closed:
                raise AppClosedError(
                    f"{self!r} was closed (app.close(), or the cell showing it was re-run with a new app): it "
                    "takes no more events, set_props or get_props. Display it again (`app` as a cell's last "
                    "line, or app.run()) or load it with nbdash.testing.AppDriver(app) to start a new session."
                )
            return self._load()
        return self._session

    def _submit(self, action: Callable[[Scheduler], Any], *, throttle: bool = False) -> Any:
        """Run one event (a turn) under the app's lock and push the resulting patch batch.

        ``throttle`` (progress from background jobs): push at most once per FLUSH_INTERVAL; a
        timer sends whatever is left, so the last value always arrives."""
        with self._lock:
            session = self._session
            if session is None:
                session = self.session  # loads it (or raises for a closed app)
            session.refresh_graph()
            try:
                return action(session.scheduler)
            finally:
                if self._idle_waiters:
                    self._notify_idle()
                if throttle:
                    self._flush_soon()
                else:
                    self._flush()

    def _post(self, action: Callable[[], Any], on_error: Callable[[BaseException], Any] | None = None) -> None:
        """Run ``action()`` later, under the lock, on one of the app's event workers, in posting
        order (events from the page: the posting thread returns at once; see :mod:`nbdash._dispatch`)."""
        dispatcher = self._dispatcher
        if dispatcher is None or dispatcher.closed:
            dispatcher = self._dispatcher = Dispatcher(self)
        dispatcher.post(action, on_error)

    def _busy(self) -> bool:
        """Whether posted events, callback bodies or background jobs are still running."""
        dispatcher = self._dispatcher
        if dispatcher is not None and dispatcher.unfinished:
            return True
        session = self._session
        return session is not None and session.scheduler.busy()

    def _notify_idle(self) -> None:
        """Wake ``_wait_background`` waiters when nothing runs any more (takes the lock)."""
        with self._lock:
            if self._idle_waiters and not self._busy():
                self._idle.notify_all()

    def _flush_soon(self) -> None:
        wait = self._last_flush + FLUSH_INTERVAL - time.monotonic()
        if wait <= 0:
            self._flush()
        elif self._flush_timer is None:
            self._flush_timer = threading.Timer(wait, self._timed_flush)
            self._flush_timer.daemon = True
            self._flush_timer.start()

    def _timed_flush(self) -> None:
        with self._lock:
            self._flush_timer = None
            self._flush()

    def _flush(self) -> None:
        self._last_flush = time.monotonic()
        session = self._session
        if session is None:
            return
        scheduler = session.scheduler
        if scheduler.changes:
            changes = scheduler.take_changes()
            if self._transports:
                batch = {id_str: {p: to_json(v) for p, v in props.items()} for id_str, props in changes.items()}
                for transport in list(self._transports):
                    transport.send_patch(batch)
        if scheduler.loaded:
            self._send_loading(scheduler.take_loaded(), False)  # nbdash: outputs whose computation ended

    def _loading_wanted(self) -> bool:
        """Whether an attached front end shows loading state (the scheduler tracks it only then)."""
        for transport in self._transports:  # a loop, not any(genexpr): this runs for every batch
            if hasattr(transport, "send_loading"):
                return True
        return False

    def _send_loading(self, prop_ids: list[str], loading: bool) -> None:
        """Tell front ends that know about loading state (``send_loading``) that these outputs
        (``id.prop``) started (``True``) or stopped being computed."""
        if not self._transports:
            return
        senders = [t.send_loading for t in self._transports if hasattr(t, "send_loading")]
        if senders:
            pairs = [_prop_pair(p) for p in prop_ids]
            for send in senders:
                send(pairs, loading)

    # ------------------------------------------------------------------------------------------
    # Background jobs
    # ------------------------------------------------------------------------------------------
    def _default_manager(self) -> ThreadManager:
        """The manager used when neither the callback nor the app names one: kernel threads."""
        if self._manager is None:
            self._manager = ThreadManager()
        return self._manager

    def _wait_background(self, timeout: float) -> None:
        """Block until no posted event, callback body or background job of the live session is
        running (results applied)."""
        deadline = time.monotonic() + timeout
        with self._idle:
            while self._busy():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"callbacks or background jobs were still running after {timeout} s")
                self._idle_waiters += 1
                try:
                    self._idle.wait(remaining)
                finally:
                    self._idle_waiters -= 1

    def close(self, timeout: float = 5.0) -> None:
        """Stop the live session: cancel running jobs, wait for their threads (up to ``timeout`` s),
        close the app's widget (its views and comm) and detach every other front end.

        The app stays closed: late background results are dropped, events from the page are
        refused, ``set_props`` / ``get_props`` raise :class:`AppClosedError`. Displaying it again (or
        ``AppDriver(app)``) starts a new session. Sessions that headless drivers run on the app
        end too."""
        for twin in list(self._twins):
            twin.close(timeout)
        with self._lock:
            self._closed = True
            session, self._session = self._session, None
            if session is not None:
                session.close()
            if self._dispatcher is not None:
                self._dispatcher.close()
            threads = list(session.scheduler.jobs.threads) if session is not None else []
            if self._flush_timer is not None:
                self._flush_timer.cancel()
                self._flush_timer = None
            transports, self._transports = list(self._transports), []
        for transport in transports:
            closing = getattr(transport, "app_closed", None)  # the widget closes its comm
            if closing is not None:
                closing()
        deadline = time.monotonic() + timeout
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))

    def set_props(self, component_id: Any, props: dict[str, Any]) -> None:
        """Change props of the live app from any cell (inside a callback: same as ``set_props``).

        Outside callbacks this acts like the user changing the props: values equal to the current
        ones are ignored, changed ones fire the callbacks that listen to them.
        """
        if current_call() is not None:
            CallbackContext.set_props(component_id, props)
            return
        self._require_id(component_id)
        self._submit(lambda scheduler: scheduler.user_change(component_id, dict(props)))

    def get_props(self, component_id: Any) -> dict[str, Any]:
        """The explicitly set props of a component in the live app."""
        with self._lock:
            entry = self._require_id(component_id)
            return dict(entry.component._props)

    def _require_id(self, component_id: Any) -> Any:
        entry = self.session.tree.entry(component_id)
        if entry is None:
            known = ", ".join(sorted(self.session.tree.ids())[:30])
            raise NonExistentIdException(
                f"No component with id {stringify_id(component_id)!r} in the current layout. Known ids: [{known}]"
            )
        return entry

    # ------------------------------------------------------------------------------------------
    # Hooks for transports and observers
    # ------------------------------------------------------------------------------------------
    def _attach(self, transport: Transport) -> None:
        with self._lock:
            self._transports.append(transport)

    def _detach(self, transport: Transport) -> None:
        with self._lock:
            if transport in self._transports:
                self._transports.remove(transport)

    def _record_call(self, record: CallRecord) -> None:
        for observer in list(self._observers):
            observer.on_call(record)

    def _record_error(self, error: CallbackError, original: BaseException) -> None:
        self.errors.append(error)
        for observer in list(self._observers):
            observer.on_error(error, original)
        for transport in list(self._transports):
            transport.send_error(error)

    def _notify_prop(self, id_str: str, prop: str, value: Any, old: Any) -> None:
        if not self._observers:
            return
        for observer in list(self._observers):
            observer.on_prop(id_str, prop, value, old)

    # ------------------------------------------------------------------------------------------
    # Display
    # ------------------------------------------------------------------------------------------
    def run(self, *args: Any, jupyter_mode: str | None = None, **kwargs: Any) -> None:
        """Show the app. In a notebook or Voila it renders inline; elsewhere there is nothing to show."""
        try:
            from IPython import get_ipython
        except ImportError:
            shell = None
        else:
            shell = get_ipython()
        if shell is None or not hasattr(shell, "kernel"):
            raise RuntimeError(
                "nbdash renders apps inside Jupyter (JupyterLab, Notebook 7, VS Code, Colab, Voila): run this "
                "in a notebook cell. For headless use, drive the app with nbdash.testing.AppDriver."
            )
        from IPython.display import display

        display(self)

    run_server = run

    def _ipython_display_(self) -> None:
        """``app`` as a cell's last expression, ``display(app)``, ``app.run()``: the live widget and,
        as a second output, a static snapshot that saved notebooks show (:mod:`nbdash._snapshot`)."""
        from ._snapshot import display_app

        display_app(self)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> Any:
        """Rich display in Jupyter: the app's widget (one per app, see :mod:`nbdash._widget`)."""
        from ._widget import widget_for

        return widget_for(self)._repr_mimebundle_(include=include, exclude=exclude)

    def __repr__(self) -> str:
        name = self.name if self.name not in (None, "__main__") else "app"
        return f"<nbdash.Dash {name!r}: {len(self._registry)} callback(s)>"
