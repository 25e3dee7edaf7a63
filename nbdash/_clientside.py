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

**Running, in the page.** The widget sends the same runtime's inputs (the inline sources and the
asset scripts) once; a user change whose listeners are all clientside runs them in the page
(``js/src/clientside/``) and tells the kernel the results, which the kernel uses instead of running
the function again (see :meth:`JsEngine.take_precomputed`).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import threading
import warnings
import weakref
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
        self.nbdash_traceback = js_stack if js_stack.endswith("\n") else js_stack + "\n"


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
        }
        result = app._js_engine().run(self.ref, payload)
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
        ctx = MiniRacer()
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
                promise = ctx.eval(f"__nbdash_clientside_run({json.dumps(json.dumps(payload))})")
                text = promise.get(timeout=PROMISE_TIMEOUT)
            except JSPromiseError as exc:
                return {"status": "error", "error": {"message": str(exc), "stack": str(exc)}}
            except TimeoutError:
                message = f"the clientside function's Promise did not settle within {PROMISE_TIMEOUT:.0f} s"
                return {"status": "error", "error": {"message": message, "stack": message}}
        return json.loads(text)  # type: ignore[no-any-return]
