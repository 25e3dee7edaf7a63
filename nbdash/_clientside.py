"""Clientside callbacks: ``app.clientside_callback`` / ``clientside_callback`` as nodes of the one
callback graph, run by a JavaScript engine.

**Registration.** ``clientside_callback(function, *dependencies, **options)`` takes what Dash's
``register_clientside_callback`` takes: an inline JavaScript source string or a
``ClientsideFunction(namespace, function_name)`` (nbdash's or ``dash.ClientsideFunction``), then the
dependencies in Dash's *flat* forms (positional, the legacy ``[Output…], [Input…], [State…]`` lists,
``output=`` / ``inputs=`` / ``state=``, a trailing ``bool`` for ``prevent_initial_call``). Dict or
nested groupings are refused as Dash refuses them (clientside functions take positional arguments
only). Every check of ``@callback`` applies (duplicate outputs, wildcard rules, allow_duplicate).
As in Dash, an inline source becomes ``dash_clientside["_dashprivate_clientside_funcs"][sha256(source)]``.
``running=`` is ignored, as Dash ignores it for clientside callbacks (with a warning saying so).

The result is an ordinary :class:`~nbdash._registry.CallbackSpec` whose ``clientside`` field is the
:class:`ClientsideRef` and whose ``func`` is a :class:`ClientsideCall`. So the scheduler treats it
exactly like a server callback: initial calls, waiting for upstream callbacks, chains mixing both
kinds, merged triggers and call counts follow the same rules, because it is the same graph.

**Running, in the kernel.** :class:`ClientsideCall` turns the call's context (``inputs_list``,
``states_list``, ``outputs_list``, triggered prop ids) into Dash's callback payload and hands it to
the app's :class:`JsEngine`: an embedded V8 (the ``mini-racer`` package) holding the runtime
``nbdash/static/clientside.js`` (built from ``js/src/clientside/``, the same code the page uses), the
app's ``assets/*.js`` files and the inline sources. The outcome maps onto the server-callback ones:
``throw dash_clientside.PreventUpdate`` → :class:`PreventUpdate`; ``no_update`` / ``undefined`` →
``no_update``; another throw → :class:`ClientsideError` (recorded like a server callback's error,
with the JavaScript stack; only that update stops); ``set_props`` calls → ``ctx.set_props``;
``console.log`` lines → ``print`` (the app's console panel). Promises are awaited. There is no DOM
in the kernel's V8: ``window`` is its global object.

**Running, in the page.** As in Dash, clientside calls run in the browser, with the page's DOM.
The widget's first-render state and every tree message carry :func:`page_manifest` (the inline
functions' scripts, the callbacks a view may run alone); the app's ``assets/*.js`` reach the page
with its other assets (``_assets.py``). A user change whose listeners are all clientside runs them
in the page at once and tells the kernel the results, which the kernel's turn takes instead of
running the function again (:func:`accept_page_results`). Every other clientside call a kernel turn
reaches — the initial calls at the first display, steps downstream of a server callback, a turn a
cell's ``app.set_props`` starts — goes to the app's leading view and stays in flight until it
answers (:class:`PageCalls`: parked until the first view says hello; the next view or the kernel's
engine, with a warning, when a view leaves or does not answer). The kernel's engine runs calls
itself only where no view exists: AppDriver's headless twin, an app never displayed, an app whose
views have all closed.
"""

from __future__ import annotations

import hashlib
import json
import threading
import warnings
import weakref
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING, Any

from ._context import _CURRENT, CallbackContext
from ._json import to_json
from ._outputs import no_update
from .dependencies import DashDependency
from .exceptions import AppClosedError, DashException, IncorrectTypeException, PreventUpdate

if TYPE_CHECKING:
    from ._app import Dash
    from ._registry import CallbackSpec

__all__ = [
    "INLINE_NAMESPACE",
    "ClientsideCall",
    "ClientsideError",
    "ClientsideRef",
    "JsEngine",
    "asset_scripts",
    "build_clientside_spec",
    "clientside_callback",
]

INLINE_NAMESPACE = "_dashprivate_clientside_funcs"
PROMISE_TIMEOUT = 30.0  # seconds a clientside Promise may take in the kernel's engine


class ClientsideError(DashException):
    """A clientside function threw (or its Promise rejected). ``js_stack`` is JavaScript's stack."""

    def __init__(self, message: str, js_stack: str) -> None:
        super().__init__(message)
        self.js_stack = js_stack
        # shown like a Python traceback: the frames, then the error itself on the last line
        frames = [line for line in js_stack.splitlines() if line.strip().startswith("at ")]
        head = "JavaScript stack (most recent call first):\n" + "".join(line + "\n" for line in frames) if frames else ""
        self.nbdash_traceback = head + message + "\n"


@dataclass(frozen=True)
class ClientsideRef:
    """Where a clientside function lives: ``dash_clientside[namespace][function_name]``; ``source``
    is the inline JavaScript (None for a function from the app's assets)."""

    namespace: str
    function_name: str
    source: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"namespace": self.namespace, "function_name": self.function_name}

    def script(self) -> str | None:
        """Dash's ``_inline_clientside_template``: defines the inline function on the page."""
        if self.source is None:
            return None
        return (
            "(function() {\n"
            "    var clientside = window.dash_clientside = window.dash_clientside || {};\n"
            f'    var ns = clientside["{self.namespace}"] = clientside["{self.namespace}"] || {{}};\n'
            f'    ns["{self.function_name}"] = {self.source};\n'
            "})();\n"
        )


def make_ref(clientside_function: Any) -> ClientsideRef:
    if isinstance(clientside_function, str):
        digest = hashlib.sha256(clientside_function.encode("utf-8")).hexdigest()
        return ClientsideRef(INLINE_NAMESPACE, digest, clientside_function)
    namespace = getattr(clientside_function, "namespace", None)
    function_name = getattr(clientside_function, "function_name", None)
    if not isinstance(namespace, str) or not isinstance(function_name, str):
        raise IncorrectTypeException(
            "clientside_callback takes the JavaScript function first: an inline source string "
            "(\"function(n) { return n; }\") or ClientsideFunction(namespace, function_name); "
            f"got {clientside_function!r}"
        )
    return ClientsideRef(namespace, function_name)


# ---------------------------------------------------------------------------------------------
# Registration
# ---------------------------------------------------------------------------------------------


def _check_flat(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Dash's ``handle_callback_args`` takes dependencies flat (one list level): anything else is
    reported with ``validate_callback``'s wording."""
    items: list[Any] = []
    for index, arg in enumerate(args):
        if isinstance(arg, bool) and index == len(args) - 1:
            continue
        items += list(arg) if isinstance(arg, (list, tuple)) else [arg]
    for key in ("output", "inputs", "state"):
        value = kwargs.get(key)
        if value is not None:
            items += list(value) if isinstance(value, (list, tuple)) else [value]
    for item in items:
        if not isinstance(item, DashDependency):
            raise IncorrectTypeException(
                "Callback arguments must be `Output`, `Input`, or `State` objects,\n"
                "optionally wrapped in a list or tuple. We found (possibly after\n"
                f"unwrapping a list or tuple):\n{item!r}\n"
                "(clientside callbacks take their dependencies flat: no dict or nested groupings.)"
            )


def build_clientside_spec(
    app_ref: Callable[[], Dash | None] | None,
    clientside_function: Any,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    *,
    default_prevent: Any,
) -> CallbackSpec:
    """A validated spec for a clientside callback (``app_ref``: the app, once known)."""
    from ._registry import build_spec

    ref = make_ref(clientside_function)
    _check_flat(args, kwargs)
    if kwargs.get("running") is not None:
        warnings.warn(
            "clientside_callback ignores running= (Dash does not apply it to clientside callbacks): "
            "set the props from the function with dash_clientside.set_props instead.",
            UserWarning,
            stacklevel=3,
        )
    options: dict[str, Any] = {k: kwargs[k] for k in ("output", "inputs", "state", "prevent_initial_call", "hidden") if k in kwargs}
    call = ClientsideCall(ref)
    spec = build_spec(call, args, options, default_prevent=default_prevent)
    spec.clientside = ref
    spec.name = ref.function_name if ref.source is None else f"clientside_{ref.function_name[:8]}"
    spec.key = f"clientside|{spec.callback_id}"
    call.app_ref = app_ref
    return spec


def clientside_callback(clientside_function: Any, *args: Any, **kwargs: Any) -> None:
    """Module-level ``clientside_callback`` (Dash's ``dash.clientside_callback``): registers on the
    latest app, or on the next app created (the app-level ``prevent_initial_callbacks`` does not
    apply, as in Dash)."""
    from ._registry import register_module_level

    build_clientside_spec(None, clientside_function, args, kwargs, default_prevent=False)  # validate now
    register_module_level(
        lambda app: build_clientside_spec(weakref.ref(app), clientside_function, args, kwargs, default_prevent=False)
    )


# ---------------------------------------------------------------------------------------------
# One call, in the kernel
# ---------------------------------------------------------------------------------------------


class ClientsideCall:
    """The ``func`` of a clientside spec: runs the JavaScript function in the app's engine with the
    current call's context, and returns the value the scheduler expects from a Python callback."""

    def __init__(self, ref: ClientsideRef) -> None:
        self.ref = ref
        self.app_ref: Callable[[], Dash | None] | None = None
        self.__name__ = ref.function_name
        self.__qualname__ = ref.function_name
        self.__module__ = "clientside"

    def __call__(self, *args: Any) -> Any:
        state = _CURRENT.get()
        app = self.app_ref() if self.app_ref is not None else None
        if state is None or state.spec is None or app is None:
            raise RuntimeError("a clientside callback runs only inside its app's callback turn")
        spec = state.spec
        payload = call_payload(self.ref, spec, state)
        engine = app._js_engine()
        result = engine.take_precomputed(spec.callback_id, payload) or engine.run(self.ref, payload)
        return apply_result(spec, result)


def call_payload(ref: ClientsideRef, spec: CallbackSpec, state: Any) -> dict[str, Any]:
    """Dash's clientside payload for one call (``state``: the call's :class:`CallState`)."""
    return {
        **ref.to_json(),
        "inputs": to_json(state.inputs_list),
        "state": to_json(state.states_list),
        "outputs": state.outputs_list if spec.outputs else [],
        "multi": spec.multi,
        "changedPropIds": list(state.triggered_prop_ids_ordered),
        "script": ref.script(),  # a view without the inline function defines it first
    }


def apply_result(spec: CallbackSpec, result: dict[str, Any]) -> Any:
    """Inside the call's context: print the call's console lines, apply its ``set_props`` calls,
    and give what a Python callback would (raising PreventUpdate / ClientsideError)."""
    for line in result.get("logs", ()):
        print(line)
    for update in result.get("set_props", ()):
        CallbackContext.set_props(update["id"], update["props"])
    status = result.get("status")
    if status == "prevent":
        raise PreventUpdate
    if status != "ok":
        error = result.get("error") or {}
        raise ClientsideError(str(error.get("message", "clientside error")), str(error.get("stack", "")))
    return shape_return(spec, result.get("outputs") or [])


def shape_return(spec: CallbackSpec, outputs: list[Any]) -> Any:
    """The engine's per-output ``[present, value]`` pairs as the return value a Python callback
    would give for the same updates (``no_update`` where nothing is applied)."""
    if spec.no_output:
        return None

    def one(pair: Any) -> Any:
        return pair[1] if pair and pair[0] else no_update

    values: list[Any] = []
    for index, out in enumerate(spec.outputs):
        item = outputs[index] if index < len(outputs) else [False, None]
        if out.is_multi:
            values.append([one(p) for p in item] if isinstance(item, list) and item and isinstance(item[0], list) else [])
        else:
            values.append(one(item))
    return values if spec.multi else values[0]


# ---------------------------------------------------------------------------------------------
# The engine
# ---------------------------------------------------------------------------------------------


def asset_scripts(app: Dash) -> list[tuple[str, str]]:
    """``(name under assets/, source)`` of the app's asset scripts: the same listing the page gets
    (:func:`nbdash._assets.walk_assets`: ``assets_folder``, ``assets_ignore``,
    ``assets_path_ignore``, Dash's order); none with ``include_assets_files=False``."""
    from ._assets import walk_assets

    config = app.config
    if not config.get("include_assets_files", True):
        return []
    found = walk_assets(config.get("assets_folder", ""), config.get("assets_ignore", ""), config.get("assets_path_ignore", []))
    return [(name, path.read_text(encoding="utf-8")) for kind, name, path in found if kind == "js"]


def _same_json(a: Any, b: Any) -> bool:
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


_RUNTIME: str | None = None


def _runtime_source() -> str:
    global _RUNTIME  # noqa: PLW0603 - a read-only cache of a packaged file
    if _RUNTIME is None:
        _RUNTIME = resources.files("nbdash").joinpath("static/clientside.js").read_text(encoding="utf-8")
    return _RUNTIME


class JsEngine:
    """One app's V8 context: the runtime, the app's asset scripts, its inline functions. Created at
    the first clientside call; calls are serialized by a lock. ``reload()`` forgets the context
    (the next call re-reads the assets folder)."""

    def __init__(self, app: Dash) -> None:
        self._app = weakref.ref(app)
        self._lock = threading.Lock()
        self._ctx: Any = None
        self._inline: set[str] = set()
        #: results views computed for events not handled yet, by callback id (accept_page_results);
        #: each is taken by the call whose payload it matches
        self.precomputed: dict[str, list[dict[str, Any]]] = {}
        self.precomputed_order: deque[dict[str, Any]] = deque()
        self.results_lock = threading.Lock()

    def take_precomputed(self, callback_id: str, payload: dict[str, Any], *, peek: bool = False) -> dict[str, Any] | None:
        """The page's result for this call, if it reported one with the same inputs, states and
        triggers (then the function does not run again here). ``peek``: leave it to be taken."""
        if not self.precomputed:
            return None
        with self.results_lock:
            candidates = self.precomputed.get(callback_id)
            if not candidates:
                return None
            for index, item in enumerate(candidates):
                if (
                    item["changedPropIds"] == payload["changedPropIds"]
                    and _same_json(item["inputs"], payload["inputs"])
                    and _same_json(item.get("state") or [], payload["state"] or [])
                ):
                    if peek:
                        return item["result"]  # type: ignore[no-any-return]
                    del candidates[index]
                    if not candidates:
                        del self.precomputed[callback_id]
                    self.precomputed_order.remove(item)
                    return item["result"]  # type: ignore[no-any-return]
        return None

    def reload(self) -> None:
        with self._lock:
            self._ctx = None
            self._inline.clear()

    def _context(self) -> Any:
        if self._ctx is not None:
            return self._ctx
        try:
            from py_mini_racer import MiniRacer
        except ImportError:
            raise ImportError(
                "Clientside callbacks run in the kernel (AppDriver, calls the kernel makes itself) in an "
                "embedded JavaScript engine: install it with `pip install mini-racer`."
            ) from None
        # Made on a thread without a running asyncio loop, so mini-racer runs its own loop thread:
        # with the kernel's loop it would refuse to wait for Promises on the kernel's thread.
        made: list[Any] = []
        maker = threading.Thread(target=lambda: made.append(MiniRacer()), name="nbdash-v8-init")
        maker.start()
        maker.join()
        if not made:
            raise RuntimeError("mini-racer could not start a V8 context (see the traceback printed above)")
        ctx = made[0]
        ctx.eval(_runtime_source())
        app = self._app()
        for rel, source in asset_scripts(app) if app is not None else []:
            try:
                ctx.eval(source)
            except Exception as exc:  # noqa: BLE001 - a broken asset file is reported, the app goes on
                warnings.warn(f"assets/{rel} raised while loading into the clientside engine: {exc}", stacklevel=2)
        self._ctx = ctx
        return ctx

    def _ensure_inline(self, ctx: Any, ref: ClientsideRef) -> None:
        script = ref.script()
        if script is None or ref.function_name in self._inline:
            return
        ctx.eval(script)
        self._inline.add(ref.function_name)

    def run(self, ref: ClientsideRef, payload: dict[str, Any]) -> dict[str, Any]:
        """One call: Dash's payload in, ``{status, outputs, error, set_props, logs}`` out."""
        with self._lock:
            ctx = self._context()
            from py_mini_racer import JSEvalException, JSPromiseError

            try:
                self._ensure_inline(ctx, ref)  # an inline source that does not compile fails its own calls only
            except JSEvalException as exc:
                message = str(exc).strip().splitlines()
                text = message[-1] if message else "SyntaxError"
                return {"status": "error", "error": {"message": text, "stack": str(exc)}}
            try:
                text = ctx.eval(f"__nbdash_clientside_run({json.dumps(json.dumps(payload))})")
                if not text:  # the function returned a Promise
                    text = ctx.eval("__nbdash_clientside_wait()").get(timeout=PROMISE_TIMEOUT)
            except JSPromiseError as exc:
                return {"status": "error", "error": {"message": str(exc), "stack": str(exc)}}
            except TimeoutError:
                late = f"the clientside function's Promise did not settle within {PROMISE_TIMEOUT:.0f} s"
                return {"status": "error", "error": {"message": late, "stack": late}}
        return json.loads(text)  # type: ignore[no-any-return]


# ---------------------------------------------------------------------------------------------
# The page's share: what it may run alone, and the results it reports
# ---------------------------------------------------------------------------------------------
#
# A clientside callback can run in the page without the kernel when everything it touches has a
# plain string id (no pattern matching to resolve) — then the page knows its inputs, states and
# outputs from its own mirror. A changed prop is *local* when every callback listening to it is
# such a callback: a user change of local props only is computed in the page at once (the DOM
# updates without a round trip), and the event then tells the kernel the results. The kernel runs
# its normal turn and, for each clientside call whose payload (inputs, states, triggers) equals one
# the page reported, takes the page's result instead of running the function again; so call
# counts, chains into server callbacks and the kernel's prop values are exactly those of a kernel
# run. Calls the page did not report (initial calls, calls downstream of a server callback, calls
# whose inputs differ) run in the kernel's engine.

MAX_PAGE_RESULTS = 256
MAX_KEPT_RESULTS = 1024  # page results waiting for their turn (events are handled on worker threads)


def page_manifest(app: Dash) -> dict[str, Any] | None:
    """What a view needs to run clientside callbacks (``None``: the app has none): the scripts that
    define the functions (``[key, source]``, run once per page), the callbacks it may run alone, and
    the local triggers (``"id.prop"`` → indexes into ``callbacks``) and the string-id props other
    callbacks listen to (``kernel``: an event touching one goes to the kernel unrun)."""
    specs = list(app._registry)
    clientside = [s for s in specs if s.clientside is not None]
    if not clientside:
        return None
    scripts: list[list[str]] = []  # the app's assets/*.js reach the page with its other assets (_assets.py)
    seen: set[str] = set()
    for spec in clientside:
        script = spec.clientside.script()
        if script is not None and spec.clientside.function_name not in seen:
            seen.add(spec.clientside.function_name)
            scripts.append(["inline:" + spec.clientside.function_name, script])

    def plain(spec: CallbackSpec) -> bool:
        return all(isinstance(d.component_id, str) for d in (*spec.outputs, *spec.inputs, *spec.states))

    listeners: dict[str, list[CallbackSpec]] = {}
    for spec in specs:
        for dep in spec.inputs:
            if isinstance(dep.component_id, str):
                listeners.setdefault(f"{dep.component_id}.{dep.component_property}", []).append(spec)
    local = [s for s in clientside if plain(s)]
    index = {id(s): i for i, s in enumerate(local)}
    triggers = {
        prop_id: [index[id(s)] for s in group]
        for prop_id, group in listeners.items()
        if all(id(s) in index for s in group)
    }
    callbacks = [
        {
            "callback": s.callback_id,
            **s.clientside.to_json(),
            "inputs": [[d.component_id, d.component_property] for d in s.inputs],
            "state": [[d.component_id, d.component_property] for d in s.states],
            "outputs": [[d.component_id, d.component_property + (f"@{s.inputs_hash}" if d.allow_duplicate else "")] for d in s.outputs],
            "multi": s.multi,
        }
        for s in local
    ]
    kernel = sorted(prop_id for prop_id in listeners if prop_id not in triggers)
    return {"scripts": scripts, "callbacks": callbacks, "triggers": triggers, "kernel": kernel}


def accept_page_results(app: Dash, raw: Any) -> str | None:
    """Keep the results a view reports with an event (untrusted: checked whole) for the turn that
    event starts. Returns a warning text when refused (the kernel then runs the calls itself)."""
    if raw is None:
        return None
    problem = _check_page_results(raw)
    if problem is not None:
        return f"clientside results ignored (the kernel runs those callbacks itself): {problem}"
    engine = app._js_engine()
    with engine.results_lock:
        for item in raw:
            engine.precomputed.setdefault(item["callback"], []).append(item)
            engine.precomputed_order.append(item)
        while len(engine.precomputed_order) > MAX_KEPT_RESULTS:  # never taken (a turn that went otherwise)
            old = engine.precomputed_order.popleft()
            kept = engine.precomputed.get(old["callback"], [])
            if old in kept:
                kept.remove(old)
    return None


def _check_page_results(raw: Any) -> str | None:
    from ._protocol import MAX_EVENT_BYTES

    if not isinstance(raw, list) or len(raw) > MAX_PAGE_RESULTS:
        return f"`clientside` must be a list of at most {MAX_PAGE_RESULTS} results"
    try:
        size = len(json.dumps(raw, separators=(",", ":")))
    except (TypeError, ValueError, RecursionError):
        return "`clientside` is not plain JSON"
    if size > MAX_EVENT_BYTES:
        return f"`clientside` is {size:,} bytes of JSON; the limit is {MAX_EVENT_BYTES:,}"
    for item in raw:
        if not isinstance(item, dict) or not isinstance(item.get("callback"), str):
            return "each result needs a `callback` id string"
        if not isinstance(item.get("inputs"), list) or not isinstance(item.get("changedPropIds"), list):
            return "each result needs `inputs` and `changedPropIds` lists"
        result = item.get("result")
        if not isinstance(result, dict) or result.get("status") not in ("ok", "prevent", "error"):
            return "each result needs a `result` with status ok / prevent / error"
        if not isinstance(result.get("outputs", []), list):
            return "`result.outputs` must be a list"
        side = result.get("set_props", [])
        if not isinstance(side, list) or not all(
            isinstance(s, dict) and isinstance(s.get("id"), (str, dict)) and isinstance(s.get("props"), dict) for s in side
        ):
            return "`result.set_props` must be a list of {id, props} objects"
        error = result.get("error", {})
        if not isinstance(error, dict) or not all(isinstance(v, str) for v in error.values()):
            return "`result.error` must be {message, stack} strings"
    return None


# ---------------------------------------------------------------------------------------------
# Calls the kernel's turns make, run by a view (the page has the DOM)
# ---------------------------------------------------------------------------------------------
#
# In Dash every clientside call runs in the browser. So while the app has a view, a clientside
# call a kernel turn reaches — the initial calls at the first display, a step downstream of a server
# callback, a turn a cell's app.set_props starts — is sent to the leading view, which runs it with
# the page's DOM and answers with the result. The call is asynchronous, like a background job: the
# scheduler keeps it *in flight* (nbdash/_flights.py), so callbacks downstream wait for it (Dash's
# readiness), a newer request for it supersedes it (its late answer is dropped), and the turn that
# started it ends meanwhile — the shell thread stays free to receive the answer, which finishes the
# call on an event worker and carries the turn on (its downstream server callbacks).
#
# Where it runs:
# * a widget created and never shown yet (the first display: its view says hello when the page
#   renders it, which during a Run All is after the queued cells) keeps the call *parked* and sends
#   it to the first view that says hello, right after that view's tree;
# * a view that does not answer within ``PageCalls.timeout`` (a reloaded page never says bye) or
#   leaves: the call goes to the next view not tried yet, else the kernel's V8 runs it; both with a
#   warning naming the callback;
# * a function the page does not define (an asset script still loading): the kernel's V8;
# * no view any more (all said bye), an app never displayed, AppDriver's headless twin: the kernel's
#   V8 runs the call synchronously in the turn, as before — deterministic headless runs.
#
# A call a view already ran itself for a user event (its result reported with the event, see
# accept_page_results) is not sent again: the turn takes that result.

PAGE_TIMEOUT = 10.0  # seconds a view may take to answer a call


@dataclass
class _PageCall:
    number: int
    scheduler: Any
    call: Any
    state: Any
    prepared: Any
    payload: dict[str, Any]
    view: str | None = None  # the view it was sent to (None: parked, waiting for a view)
    tried: list[str] = field(default_factory=list)
    timer: threading.Timer | None = None


class PageCalls:
    """The clientside calls one widget runs through its views (see above)."""

    def __init__(self, widget: Any) -> None:
        self.widget = widget
        self._lock = threading.Lock()
        self._next = 0
        self.waiting: dict[int, _PageCall] = {}
        self.timeout = PAGE_TIMEOUT
        #: a view said hello at least once (before: calls are parked for the first one)
        self.viewed = False
        self.closed = False

    def _views(self) -> list[str]:
        return list(getattr(self.widget, "views", ()))

    def start(self, scheduler: Any, call: Any, prepared: Any) -> bool:
        """Under the app's lock, from :meth:`Scheduler._execute`: send ``call`` to a view (or park
        it) and return True — its answer finishes it later — or return False: the turn runs it now
        (the kernel's V8, or a result the page reported with the event)."""
        views = self._views()
        if self.closed or not views and self.viewed:
            return False
        spec = call.spec
        state = scheduler.call_state(call, prepared)
        payload = call_payload(spec.clientside, spec, state)
        if scheduler.app._js_engine().take_precomputed(spec.callback_id, payload, peek=True) is not None:
            return False
        if spec.reads_multi:  # the payload holds copies: the input cache may move on
            from ._inputs import release_entries

            release_entries(prepared)
        with self._lock:
            self._next += 1
            pending = self.waiting[self._next] = _PageCall(self._next, scheduler, call, state, prepared, payload)
        if views:
            scheduler.app._flush()  # what the turn changed so far is on the page (its DOM) first
            self._send(pending, views[-1])
        return True

    def view_joined(self, view: str) -> None:
        """A view said hello (after its tree was sent): parked calls, and calls whose view is gone,
        go to it."""
        self.viewed = True
        views = set(self._views())
        with self._lock:
            moving = [p for p in self.waiting.values() if p.view is None or p.view not in views]
        for pending in moving:
            self._send(pending, view)

    def view_left(self, view: str) -> None:
        """A view said bye: its unanswered calls go to the next view, or to the kernel's V8."""
        with self._lock:
            orphans = [p for p in self.waiting.values() if p.view == view]
        for pending in orphans:
            self._next_view(pending, f"view {view} closed before answering")

    def close(self) -> None:
        """The widget closes: unanswered calls run in the kernel's V8 (if the app lives on)."""
        self.closed = True
        with self._lock:
            left = list(self.waiting.values())
        for pending in left:
            self._fallback(pending, None)

    def _send(self, pending: _PageCall, view: str) -> None:
        session = pending.scheduler.app._session
        if session is None or session.scheduler is not pending.scheduler:
            self._take(pending.number)  # its session ended (re-loaded, closed): nothing to run
            return
        with self._lock:
            if self.waiting.get(pending.number) is not pending:
                return
            if pending.timer is not None:
                pending.timer.cancel()
            pending.view = view
            pending.tried.append(view)
            timer = pending.timer = threading.Timer(self.timeout, self._timed_out, (pending, view))
            timer.daemon = True
        self.widget.send({"type": "clientside", "call": pending.number, "view": view, "payload": pending.payload})
        timer.start()

    def _timed_out(self, pending: _PageCall, view: str) -> None:
        if pending.view == view:
            self._next_view(pending, f"view {view} did not answer within {self.timeout:g} s")

    def _next_view(self, pending: _PageCall, reason: str) -> None:
        untried = [v for v in reversed(self._views()) if v not in pending.tried]
        if untried:
            self._warn(pending, f"{reason}; sent to view {untried[0]}")
            self._send(pending, untried[0])
        else:
            self._fallback(pending, f"{reason}, and no other view can run it")

    def _fallback(self, pending: _PageCall, reason: str | None) -> None:
        """Run the call in the kernel's V8 (this thread, outside the app's lock) and finish it."""
        if not self._take(pending.number):
            return
        app = pending.scheduler.app
        if app._closed or app._session is None or app._session.scheduler is not pending.scheduler:
            return  # the session it belongs to is gone: nothing to finish
        if reason is not None:
            self._warn(pending, f"{reason}: the kernel's JavaScript engine ran it (no DOM there)")
        result = app._js_engine().run(pending.call.spec.clientside, pending.payload)
        self._finish(pending, result)

    def _take(self, number: int) -> _PageCall | None:
        with self._lock:
            pending = self.waiting.pop(number, None)
        if pending is not None and pending.timer is not None:
            pending.timer.cancel()
        return pending

    def _warn(self, pending: _PageCall, text: str) -> None:
        warn = getattr(self.widget, "_warn", None)
        if warn is not None:
            warn(f"clientside callback {pending.call.spec.name}: {text}", None)

    def _finish(self, pending: _PageCall, result: dict[str, Any]) -> None:
        """Apply the result on one of the app's event workers (the turn goes on from there)."""
        scheduler, call = pending.scheduler, pending.call
        app = scheduler.app

        def apply(current: Any) -> None:
            if current is not scheduler:
                return  # re-loaded meanwhile
            if scheduler.flights.get(call.uid) is not call:
                scheduler.run()  # superseded by a newer request: its result is dropped
                return
            del scheduler.flights[call.uid]
            token = _CURRENT.set(pending.state)
            try:
                outcome: Any = ("value", apply_result(call.spec, result))
            except PreventUpdate:
                outcome = ("prevent", None)
            except Exception as exc:  # noqa: BLE001 - one failing call stops only its update
                outcome = ("error", exc)
            finally:
                _CURRENT.reset(token)
            scheduler.finish(call, pending.state, pending.prepared, outcome)
            scheduler.run()

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, AppClosedError):  # closed meanwhile: nothing to apply
                self._warn(pending, f"its result could not be applied: {exc!r}")

        app._post(lambda: app._submit(apply), failed)

    def answer(self, message: dict[str, Any]) -> str | None:
        """A view's ``clientside_result`` (untrusted: checked whole). Returns a warning when refused."""
        number = message.get("call")
        item: dict[str, Any] = {"callback": "", "inputs": [], "changedPropIds": [], "result": message.get("result")}
        problem = "`call` must be an integer" if not isinstance(number, int) else _check_page_results([item])
        if problem is not None or not isinstance(number, int):
            return f"clientside result ignored: {problem}"
        with self._lock:
            pending = self.waiting.get(number)
            if pending is None or message.get("view") not in pending.tried:
                return None  # answered already, or by a view it was never sent to
        if message.get("missing") is True:  # the page has no such function (yet)
            self._fallback(pending, None)
            return None
        if self._take(number) is not None:
            self._finish(pending, dict(message["result"]))
        return None
