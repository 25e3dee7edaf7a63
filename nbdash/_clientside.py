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

**Running, in the page.** The widget sends the functions (the inline sources and the asset scripts)
once per page; a user change whose listeners are all clientside runs them in the page
(``js/src/clientside/``) and tells the kernel the results, which the kernel uses instead of running
the function again (:func:`page_manifest`, :func:`accept_page_results`). A clientside call that a
page-started turn reaches otherwise is sent to the leading view and answered by it
(:class:`PageCalls`). Where no view can answer (the first display's initial calls, turns a cell
starts, AppDriver), the kernel's engine runs the call.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import sys
import threading
import time
import warnings
import weakref
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any

from ._context import _CURRENT, CallbackContext
from ._json import to_json
from ._outputs import no_update
from .dependencies import DashDependency, Input, Output, State
from .exceptions import DashException, IncorrectTypeException, PreventUpdate

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
    options = {k: kwargs[k] for k in ("output", "inputs", "state", "prevent_initial_call", "hidden") if k in kwargs}
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
        payload = {
            **self.ref.to_json(),
            "inputs": to_json(state.inputs_list),
            "state": to_json(state.states_list),
            "outputs": state.outputs_list if spec.outputs else [],
            "multi": spec.multi,
            "changedPropIds": list(state.triggered_prop_ids_ordered),
            "script": self.ref.script(),  # a view without the inline function defines it first
        }
        engine = app._js_engine()
        result = engine.take_precomputed(spec.callback_id, payload) or _in_page(app, payload) or engine.run(self.ref, payload)
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


def _in_page(app: Dash, payload: dict[str, Any]) -> dict[str, Any] | None:
    """The result of running the call in a view of the app (see :class:`PageCalls`), or None."""
    for transport in list(app._transports):
        calls = getattr(transport, "page_calls", None)
        if calls is not None:
            result = calls.run(app, payload)
            if result is not None:
                return result  # type: ignore[no-any-return]
    return None


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
    """``(relative path, source)`` of the app's ``assets/**/*.js`` in Dash's order (sorted walk),
    skipping ``assets_ignore`` matches; none with ``include_assets_files=False``."""
    options = getattr(app, "_asset_options", {})
    if not options.get("include_assets_files", True):
        return []
    folder = options.get("assets_folder", "assets")
    if not os.path.isabs(folder):
        folder = os.path.join(_root_path(app.name), folder)
    ignore = options.get("assets_ignore", "")
    ignore_re = re.compile(ignore) if ignore else None
    scripts: list[tuple[str, str]] = []
    if not os.path.isdir(folder):
        return scripts
    for current, dirs, files in sorted(os.walk(folder)):
        dirs.sort()
        for name in sorted(files):
            if not name.endswith(".js"):
                continue
            path = os.path.join(current, name)
            rel = os.path.relpath(path, folder).replace(os.sep, "/")
            if ignore_re is not None and ignore_re.search(name):
                continue
            with open(path, encoding="utf-8") as handle:
                scripts.append((rel, handle.read()))
    return scripts


def _root_path(name: str | None) -> str:
    """Dash's ``get_root_path``: the folder of module ``name`` (``__main__`` in a notebook: cwd)."""
    module = sys.modules.get(name or "__main__")
    filename = getattr(module, "__file__", None)
    if module is None or not filename or name in (None, "__main__") and "ipykernel" in sys.modules:
        return os.getcwd()
    return os.path.dirname(os.path.abspath(filename))


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

    def take_precomputed(self, callback_id: str, payload: dict[str, Any]) -> dict[str, Any] | None:
        """The page's result for this call, if it reported one with the same inputs, states and
        triggers (then the function does not run again here)."""
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
                message = f"the clientside function's Promise did not settle within {PROMISE_TIMEOUT:.0f} s"
                return {"status": "error", "error": {"message": message, "stack": message}}
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
    scripts: list[list[str]] = []
    # the app's assets/*.js reach the page with its other assets when nbdash has that loader
    # (nbdash/_assets.py); without it, with this manifest
    if any(s.clientside.source is None for s in clientside) and importlib.util.find_spec("nbdash._assets") is None:
        for rel, source in asset_scripts(app):
            key = "asset:" + rel + ":" + hashlib.sha256(source.encode("utf-8")).hexdigest()[:16]
            scripts.append([key, source])
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
# Calls the kernel starts, run by a view (the page has the DOM)
# ---------------------------------------------------------------------------------------------
#
# A clientside call the kernel's turn makes (downstream of a server callback, a set_props from a
# cell...) is sent to the app's leading view when the turn runs on an event worker
# (nbdash/_dispatch.py), so the kernel's shell thread is free to receive the answer: the view runs
# the function with the page's DOM and answers with the result. If the view goes before answering,
# the next leading view gets the call; with no view, no answer within PAGE_TIMEOUT, or a function
# the page does not have, the kernel's engine runs it. Turns on the shell thread (a cell, the first
# display) cannot wait for a comm message and use the engine.

PAGE_TIMEOUT = 10.0  # seconds a view may take to answer a call


class PageCalls:
    """The calls one widget has sent to its views and not had answered yet."""

    def __init__(self, widget: Any) -> None:
        self.widget = widget
        self._lock = threading.Lock()
        self._next = 0
        self._waiting: dict[int, tuple[threading.Event, list[Any]]] = {}
        self.timeout = PAGE_TIMEOUT

    def run(self, app: Dash, payload: dict[str, Any]) -> dict[str, Any] | None:
        """The page's result for ``payload``, or None (the kernel's engine runs it)."""
        dispatcher = getattr(app, "_dispatcher", None)
        if dispatcher is None or not dispatcher.on_worker() or not self.widget.views:
            return None
        with self._lock:
            self._next += 1
            number = self._next
            done, box = self._waiting[number] = (threading.Event(), [])
        try:
            deadline = time.monotonic() + self.timeout
            view = None
            while time.monotonic() < deadline:
                leader = self.widget.leader
                if leader is None:
                    return None
                if leader != view:  # first send, or the view it went to has gone: the next takes over
                    view = leader
                    self.widget.send({"type": "clientside", "call": number, "view": view, "payload": payload})
                if done.wait(0.05):
                    result = box[0]
                    return None if result.get("missing") else result  # type: ignore[no-any-return]
            return None
        finally:
            with self._lock:
                self._waiting.pop(number, None)

    def answer(self, message: dict[str, Any]) -> str | None:
        """A view's ``clientside_result`` (untrusted: checked whole). Returns a warning when refused."""
        number = message.get("call")
        item = {"callback": "", "inputs": [], "changedPropIds": [], "result": message.get("result")}
        problem = "`call` must be an integer" if not isinstance(number, int) else _check_page_results([item])
        if problem is not None:
            return f"clientside result ignored: {problem}"
        with self._lock:
            waiting = self._waiting.get(number)
        if waiting is not None and not waiting[0].is_set():
            result = dict(message["result"])
            if message.get("missing") is True:
                result["missing"] = True
            waiting[1].append(result)
            waiting[0].set()
        return None
