"""Callback registration: turning ``@callback(...)`` arguments into a validated :class:`CallbackSpec`.

Every signature Dash accepts is accepted here (spec §2.2): positional dependencies (also the legacy
``[Output…], [Input…], [State…]`` lists, flattened one level, Input and State interleaved), the
``output=`` / ``inputs=`` / ``state=`` keywords, nested dict/list groupings, a trailing positional
``bool`` meaning ``prevent_initial_call``, no-output callbacks. Mistakes are reported *at decoration
time* with Dash's exception names and wording, including the ones Dash's renderer only reports in
the browser (duplicate outputs, wildcard mismatches, a prevented callback without Inputs).

Where callbacks go (:class:`CallbackRegistry`, one per app):

* ``app.callback`` registers on that app.
* Module-level ``@callback`` registers on the most recently created app (the one a notebook cell
  just built); callbacks decorated before any app exists wait in a pending list and are claimed by
  the next app created. This keeps several apps in one kernel apart, which Dash's single global
  list cannot do.
* Re-running a cell re-registers the same function name with the same outputs: the new function
  *replaces* the old one in place (same firing order), instead of firing twice.
* Several callbacks may write one prop when all but (at most) one of them say
  ``allow_duplicate=True``; two that both write it plainly raise :class:`DuplicateCallback`, naming
  both and the fix (spec §5.15). Dash hashes only the Inputs into an
  ``allow_duplicate`` callback's id, so two such callbacks with the same Inputs collide there;
  nbdash keeps both (its internal key includes the function).
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ._component import validate_id
from ._grouping import flatten_grouping, make_grouping_by_index
from .dependencies import ALLSMALLER, MATCH, DashDependency, Input, Output, State, Wildcard, stringify_id
from .exceptions import (
    BackgroundCallbackError,
    CallbackException,
    DuplicateCallback,
    IncorrectTypeException,
    WildcardInLongCallback,
)

if TYPE_CHECKING:
    from ._app import Dash

__all__ = ["CallbackRegistry", "CallbackSpec", "build_spec", "callback"]


@dataclass(eq=False)
class CallbackSpec:
    """One registered callback, normalized. Identity (``is``) is the callback's identity."""

    func: Callable[..., Any]
    name: str
    outputs: list[Output]
    output_grouping: Any
    multi: bool
    inputs: list[Input]
    states: list[State]
    inputs_state_indices: Any
    prevent_initial_call: bool
    callback_id: str
    key: str
    running: list[tuple[Output, Any, Any]] = field(default_factory=list)
    background: dict[str, Any] | None = None
    on_error: Callable[[Exception], Any] | None = None
    optional: bool = False
    hidden: bool = False
    clientside: Any = None  # a ClientsideRef: the function runs as JavaScript (see _clientside)
    took: float = field(default=0.0, repr=False)  # seconds its last body ran (see _flights.SLOW, ASIDE)

    @property
    def no_output(self) -> bool:
        return not self.outputs

    @functools.cached_property
    def reads_multi(self) -> bool:
        """Whether an Input or State is ALL / ALLSMALLER (its arguments come from the input cache)."""
        return any(d.is_multi for d in (*self.inputs, *self.states))

    @functools.cached_property
    def inputs_hash(self) -> str:
        """sha256 of the Inputs, the suffix Dash gives allow_duplicate output props."""
        return hashlib.sha256(".".join(str(i) for i in self.inputs).encode("utf-8")).hexdigest()

    @functools.cached_property
    def first_single_output(self) -> Output | None:
        """The first Output that names one component (not ALL): MATCH invocations come from it."""
        return next((o for o in self.outputs if not o.is_multi), None)

    @functools.cached_property
    def match_keys(self) -> tuple[str, ...]:
        """Sorted MATCH keys of the first output (the keys one invocation is identified by)."""
        if not self.outputs or not isinstance(self.outputs[0].component_id, dict):
            return ()
        return tuple(sorted(k for k, v in self.outputs[0].component_id.items() if v is MATCH))

    @property
    def using_args_grouping(self) -> bool:
        return not _is_plain_index_list(self.inputs_state_indices, len(self.inputs) + len(self.states))

    @property
    def using_outputs_grouping(self) -> bool:
        if not self.multi:
            return False
        return not (
            isinstance(self.output_grouping, (list, tuple))
            and all(isinstance(o, Output) for o in self.output_grouping)
        )

    def __repr__(self) -> str:
        return f"<callback {self.name} → {self.callback_id}>"


def _is_plain_index_list(indices: Any, count: int) -> bool:
    if count == 1 and indices == 0:
        return True
    return isinstance(indices, (list, tuple)) and list(indices) == list(range(count))


# ---------------------------------------------------------------------------------------------
# Parsing the decorator's arguments
# ---------------------------------------------------------------------------------------------

_CALLBACK_OPTIONS = {
    "background", "manager", "interval", "progress", "progress_default", "running", "cancel",
    "cache_args_to_ignore", "cache_ignore_triggered", "on_error", "prevent_initial_call",
    "optional", "hidden", "api_endpoint", "websocket", "persistent", "mcp_enabled",
    "mcp_expose_docstring", "_allow_dynamic_callbacks", "output", "inputs", "state",
}


def _split_args(args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[list[Any], Any, list[Any]]:
    """Return (positional args flattened one level, prevent_initial_call, the raw positional args
    without a trailing bool), following Dash's rules."""
    args_list = list(args)
    prevent = kwargs.get("prevent_initial_call")
    if prevent is None and args_list and isinstance(args_list[-1], bool):
        prevent = args_list.pop()
    flat_args: list[Any] = []
    for arg in args_list:
        flat_args += list(arg) if isinstance(arg, (list, tuple)) else [arg]
    return flat_args, prevent, args_list


def _extract_outputs(flat_args: list[Any], kwargs: dict[str, Any]) -> Any:
    if "output" in kwargs:
        outputs = kwargs["output"]
        if isinstance(outputs, (list, tuple)):
            outputs = list(outputs)
        for dep in flatten_grouping(outputs):
            if not isinstance(dep, Output):
                raise ValueError(f"Invalid value provided where an Output dependency object was expected: {dep}")
        return outputs
    outputs = []
    while flat_args and all(isinstance(d, Output) for d in flatten_grouping(flat_args[0])):
        outputs.append(flat_args.pop(0))
    return outputs


def _extract_inputs(flat_args: list[Any], kwargs: dict[str, Any]) -> Any:
    if "inputs" in kwargs:
        inputs = kwargs["inputs"]
        state = kwargs.get("state")
        if isinstance(inputs, DashDependency):
            inputs = [inputs]
        if isinstance(state, DashDependency):
            state = [state]
        if isinstance(inputs, dict):
            if state and not isinstance(state, dict):
                raise ValueError(
                    "The input argument to app.callback was a dict, but the state argument was not.\n"
                    "input and state arguments must have the same type"
                )
            merged = dict(state or {})
            merged.update(inputs)
            return merged
        if isinstance(inputs, (list, tuple)):
            if state and not isinstance(state, (list, tuple)):
                raise ValueError(
                    "The input argument to app.callback was a list, but the state argument was not.\n"
                    "input and state arguments must have the same type"
                )
            return list(inputs) + list(state or [])
        raise ValueError(
            "The input argument to app.callback may be a dict, list, or tuple,\n"
            f"but received value of type {type(inputs)}"
        )
    if "state" in kwargs:
        raise ValueError("The state keyword argument may not be provided without the input keyword argument")
    groups = []
    while flat_args and all(isinstance(d, (Input, State)) for d in flatten_grouping(flat_args[0])):
        groups.append(flat_args.pop(0))
    return groups[0] if len(groups) == 1 else groups


def _check_leftovers(flat_args: list[Any], outputs: list[Any], inputs: list[Any], states: list[Any]) -> None:
    if not flat_args:
        return
    item = flat_args[0]
    if not isinstance(item, DashDependency):
        raise IncorrectTypeException(
            "Callback arguments must be `Output`, `Input`, or `State` objects,\n"
            "optionally wrapped in a list or tuple. We found (possibly after\n"
            f"unwrapping a list or tuple):\n{item!r}"
        )
    previous = (outputs + inputs + states)[-1] if (outputs or inputs or states) else None
    raise IncorrectTypeException(
        "In a callback definition, you must provide all Outputs first,\n"
        "then all Inputs, then all States. After this item:\n"
        f"{previous!r}\nwe found this item next:\n{item!r}"
    )


def _check_dependency(dep: DashDependency) -> None:
    if not isinstance(dep.component_property, str):
        raise IncorrectTypeException(f"component_property must be a string, found {dep.component_property!r}")
    cid = dep.component_id
    if isinstance(cid, dict):
        for key, value in cid.items():
            if not isinstance(key, str) or not key:
                raise IncorrectTypeException(f"Wildcard ID keys must be non-empty strings,\nfound {key!r} in id {cid!r}")
            if isinstance(value, Wildcard):
                if value not in dep.allowed_wildcards:
                    allowed = ", ".join(w.value for w in dep.allowed_wildcards)
                    raise IncorrectTypeException(
                        f"Callback wildcard ID error in {dep!r}:\n"
                        f"Allowed wildcards for {type(dep).__name__}s are:\n{allowed}"
                    )
            elif not isinstance(value, (str, int, float, bool)):
                raise IncorrectTypeException(
                    f"Callback wildcard ID error in {dep!r}:\n"
                    "Wildcard callback ID values must be either wildcards\n"
                    "or constants of one of these types:\nstring, number, boolean"
                )
    elif isinstance(cid, str):
        if not cid:
            raise IncorrectTypeException(f"Callback item missing ID: {dep!r}")
        validate_id(cid)  # Dash's exact wording
    else:
        raise IncorrectTypeException(f"component_id must be a string or dict, found {cid!r}")


def _check_wildcard_consistency(outputs: list[Output], inputs: list[Input], states: list[State]) -> None:
    """Renderer rules: every Output uses MATCH on the same keys; Input/State MATCH keys must be
    among the Outputs' MATCH keys when the Outputs have any (a fixed-id Output with a MATCH Input
    is allowed: the trigger picks the invocation); ALLSMALLER always needs MATCH on its key."""
    match_sets = [
        tuple(sorted(k for k, v in o.component_id.items() if v is MATCH)) if isinstance(o.component_id, dict) else ()
        for o in outputs
    ]
    if len(set(match_sets)) > 1:
        raise CallbackException(
            "Mismatched `MATCH` wildcards across `Output`s: every Output of a callback must use MATCH "
            f"on the same keys. Outputs: {outputs}"
        )
    out_keys = match_sets[0] if match_sets else ()
    for dep in (*inputs, *states):
        if not isinstance(dep.component_id, dict):
            continue
        for key, value in dep.component_id.items():
            needs_match = value is ALLSMALLER or (value is MATCH and out_keys)
            if needs_match and key not in out_keys:
                raise CallbackException(
                    "`Input` / `State` wildcards not in `Output`s: "
                    f"{dep!r} uses {value.value} on key {key!r}, which needs MATCH on the same key "
                    "in the callback's Outputs."
                )


def _check_duplicate_outputs(outputs: list[Output]) -> None:
    seen: dict[str, int] = {}
    for index, out in enumerate(outputs):
        key = str(out)
        if key in seen:
            raise DuplicateCallback(
                f"Duplicate callback Outputs: Output {index} ({key}) is already used by this callback."
            )
        seen[key] = index


def _running_list(running: Any) -> list[tuple[Output, Any, Any]]:
    if not running:
        return []
    items = [running] if isinstance(running, tuple) and running and isinstance(running[0], Output) else running
    result = []
    for item in items:
        if not (isinstance(item, (list, tuple)) and len(item) == 3 and isinstance(item[0], Output)):
            raise IncorrectTypeException(
                "running= takes a list of (Output(id, prop), value_while_running, value_after) tuples; "
                f"got {item!r}"
            )
        result.append((item[0], item[1], item[2]))
    return result


def _dep_list(value: Any, kind: type) -> list[Any]:
    if value is None:
        return []
    items = value if isinstance(value, (list, tuple)) else [value]
    for item in items:
        if not isinstance(item, kind):
            raise IncorrectTypeException(f"Expected {kind.__name__} objects, got {item!r}")
    return list(items)


def _background_options(kwargs: dict[str, Any]) -> dict[str, Any] | None:
    if not kwargs.get("background"):
        return None
    progress = kwargs.get("progress")
    progress_list = _dep_list(progress, Output)
    cancel = _dep_list(kwargs.get("cancel"), Input)
    for dep in (*progress_list, *cancel):
        if dep.has_wildcard():
            raise WildcardInLongCallback(
                "background callbacks does not support dependencies with pattern-matching ids\n"
                f" Received: {dep!r}"
            )
    default = kwargs.get("progress_default")
    if default is not None and progress is not None:
        defaults = default if isinstance(progress, (list, tuple)) else [default]
        if isinstance(progress, (list, tuple)) and (
            not isinstance(default, (list, tuple)) or len(default) != len(progress_list)
        ):
            raise Exception("Progress and progress default needs to be of same length")  # noqa: TRY002 - Dash's type
    else:
        defaults = None
    return {
        "manager": kwargs.get("manager"),
        "interval": kwargs.get("interval", 1000),
        "progress": progress_list,
        "progress_multi": isinstance(progress, (list, tuple)),
        "progress_default": defaults,
        "cancel": cancel,
        "cache_args_to_ignore": kwargs.get("cache_args_to_ignore", []),
        "cache_ignore_triggered": kwargs.get("cache_ignore_triggered", True),
    }


def create_callback_id(outputs: list[Output], multi: bool, inputs: list[Input], call_site: str) -> str:
    """Dash's callback id string (spec §1.5)."""

    def hash_inputs() -> str:
        return hashlib.sha256(".".join(str(i) for i in inputs).encode("utf-8")).hexdigest()

    def one(out: Output) -> str:
        text = out.component_id_str().replace(".", "\\.") + "." + out.component_property
        return text + (f"@{hash_inputs()}" if out.allow_duplicate else "")

    if not outputs:
        if not inputs:
            return hashlib.sha256(call_site.encode("utf-8")).hexdigest()
        return hash_inputs()
    if multi:
        return ".." + "...".join(one(o) for o in outputs) + ".."
    return one(outputs[0])


def _call_site() -> str:
    # walks the frames without inspect.stack(), which reads every frame's source (~14 ms a call)
    this_file = __file__
    frame = inspect.currentframe()
    frame = frame.f_back.f_back if frame is not None and frame.f_back is not None else None
    while frame is not None:
        filename = frame.f_code.co_filename
        if filename != this_file and "/nbdash/" not in filename.replace("\\", "/"):
            return f"{filename}:{frame.f_lineno}"
        frame = frame.f_back
    return "unknown"


def build_spec(func: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any], *, default_prevent: Any) -> CallbackSpec:
    """Parse decorator arguments + the decorated function into a validated CallbackSpec."""
    flat_args, prevent, raw_args = _split_args(args, kwargs)
    outputs_grouping = _extract_outputs(flat_args, kwargs)
    flat_outputs = flatten_grouping(outputs_grouping)
    multi = True
    if isinstance(outputs_grouping, list) and len(outputs_grouping) == 1:
        out0 = kwargs.get("output", raw_args[0] if raw_args else None)
        if not isinstance(out0, (list, tuple)):
            outputs_grouping = outputs_grouping[0]
    if isinstance(outputs_grouping, Output):
        multi = False
    elif isinstance(outputs_grouping, dict):
        multi = True
    inputs_grouping = _extract_inputs(flat_args, kwargs)
    flat_deps = flatten_grouping(inputs_grouping)
    inputs = [d for d in flat_deps if isinstance(d, Input)]
    states = [d for d in flat_deps if isinstance(d, State)]
    _check_leftovers(flat_args, flat_outputs, inputs, states)
    counters = {"input": 0, "state": 0}
    flat_indices = []
    for dep in flat_deps:
        if isinstance(dep, Input):
            flat_indices.append(counters["input"])
            counters["input"] += 1
        else:
            flat_indices.append(len(inputs) + counters["state"])
            counters["state"] += 1
    indices = make_grouping_by_index(inputs_grouping, flat_indices)
    for dep in (*flat_outputs, *inputs, *states):
        _check_dependency(dep)
    _check_duplicate_outputs(flat_outputs)
    _check_wildcard_consistency(flat_outputs, inputs, states)

    if prevent is None:
        prevent = default_prevent
    # Dash's validate_duplicate_output: an error only when neither the callback nor the app config
    # prevents the initial call (an explicit prevent_initial_call=False under a True config is fine)
    if any(o.allow_duplicate for o in flat_outputs) and not prevent and not default_prevent:
        raise DuplicateCallback(
            "allow_duplicate requires prevent_initial_call to be True. The order of the call is not "
            "guaranteed to be the same on every page load. To enable duplicate callback with initial "
            "call, set prevent_initial_call='initial_duplicate'  or globally in the config "
            "prevent_initial_callbacks='initial_duplicate'"
        )
    prevent_flag = prevent is True
    if prevent_flag and not inputs:
        raise CallbackException(
            f"A callback is missing Inputs: `{func.__name__}` has prevent_initial_call=True but no Input, "
            "so it could never fire. Add an Input, or drop prevent_initial_call to run it once on load."
        )
    for key in ("progress", "cancel", "progress_default", "manager") if not kwargs.get("background") else ():
        if kwargs.get(key) is not None:
            raise CallbackException(f"`{key}=` is only valid with background=True (callback `{func.__name__}`).")

    callback_id = create_callback_id(flat_outputs, multi, inputs, _call_site())
    name = getattr(func, "__name__", repr(func))
    module = getattr(func, "__module__", "")
    return CallbackSpec(
        func=func,
        name=name,
        outputs=flat_outputs,
        output_grouping=outputs_grouping if flat_outputs else None,
        multi=multi and bool(flat_outputs),
        inputs=inputs,
        states=states,
        inputs_state_indices=indices,
        prevent_initial_call=prevent_flag,
        callback_id=callback_id,
        key=f"{module}:{getattr(func, '__qualname__', name)}|{callback_id}",
        running=_running_list(kwargs.get("running")),
        background=_background_options(kwargs),
        on_error=kwargs.get("on_error"),
        optional=bool(kwargs.get("optional")),
        hidden=bool(kwargs.get("hidden")),
    )


# ---------------------------------------------------------------------------------------------
# Where specs live
# ---------------------------------------------------------------------------------------------


class CallbackRegistry:
    """The callbacks of one app, in registration order, with notebook re-run replacement."""

    def __init__(self) -> None:
        self._specs: list[CallbackSpec] = []
        self.version = 0

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(list(self._specs))

    def __len__(self) -> int:
        return len(self._specs)

    def add(self, spec: CallbackSpec) -> CallbackSpec:
        for index, old in enumerate(self._specs):
            if old.key == spec.key:
                self._specs[index] = spec
                self.version += 1
                return spec
        self._check_output_clash(spec)
        self._specs.append(spec)
        self.version += 1
        return spec

    def _check_output_clash(self, spec: CallbackSpec) -> None:
        """Two callbacks collide only when BOTH write a prop without ``allow_duplicate`` (Dash's
        renderer rule: a suffixed ``prop@hash`` id never equals the plain one)."""
        for new in spec.outputs:
            if new.allow_duplicate:
                continue
            for old_spec in self._specs:
                for old in old_spec.outputs:
                    if old == new and not old.allow_duplicate:
                        raise DuplicateCallback(
                            f"Duplicate callback outputs: Output {new} of callback `{spec.name}` is already "
                            f"in use by callback `{old_spec.name}`. To resolve this, set "
                            "`allow_duplicate=True` on duplicate outputs, or combine the outputs into one "
                            "callback function, distinguishing the trigger by using `dash.callback_context` "
                            "if necessary."
                        )


def check_background_cycles(specs: Any) -> None:
    """Dash's ``validate_background_callbacks`` (run when its server starts; here when the app
    loads): a background callback must not have an Input that another callback computes from the
    callback's own ``progress`` / ``running`` outputs — each progress step would re-trigger it."""
    def key(dep: Any) -> tuple[str, str]:
        return (stringify_id(dep.component_id), dep.component_property)

    inputs_of: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for spec in specs:
        for out in spec.outputs:
            inputs_of.setdefault(key(out), set()).update(key(i) for i in spec.inputs)
    for spec in specs:
        if not spec.background:
            continue
        side = {key(o) for o in spec.background.get("progress") or []} | {key(r[0]) for r in spec.running}
        own_inputs = {key(i) for i in spec.inputs}
        circular = sorted(out for out, feeding in inputs_of.items() if feeding & side and out in own_inputs)
        if circular:
            names = [f"{i}.{p}" for i, p in circular]
            raise BackgroundCallbackError(
                f"Background callback circular error!\n{names} is used as input for a background callback"
                " but also used as output from an input that is updated with progress or running argument."
            )


# ``inspect.signature(callback)`` lists Dash's keyword options, as ``dash.callback``'s does (Dash 4.4.1
# order and defaults); the function itself takes them through **kwargs (validated in build_spec).
_KEYWORD_DEFAULTS: tuple[tuple[str, Any], ...] = (
    ("background", False), ("interval", 1000), ("progress", None), ("progress_default", None),
    ("running", None), ("cancel", None), ("manager", None), ("cache_args_to_ignore", None),
    ("cache_ignore_triggered", True), ("on_error", None), ("api_endpoint", None), ("optional", False),
    ("hidden", None), ("websocket", False), ("persistent", False), ("mcp_enabled", None),
    ("mcp_expose_docstring", None),
)  # fmt: skip


def _with_dash_signature(func: Callable[..., Any]) -> Callable[..., Any]:
    func.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [inspect.Parameter("_args", inspect.Parameter.VAR_POSITIONAL)]
        + [inspect.Parameter(n, inspect.Parameter.KEYWORD_ONLY, default=v) for n, v in _KEYWORD_DEFAULTS]
        + [inspect.Parameter("_kwargs", inspect.Parameter.VAR_KEYWORD)]
    )
    return func


# Module-level @callback: Dash's API demands a decorator that works before/without an app.
_LOCK = threading.Lock()
_PENDING: list[Callable[[Dash], CallbackSpec]] = []  # spec factories, in registration order
_LATEST_APP: weakref.ref[Dash] | None = None


def set_latest_app(app: Dash) -> list[Callable[[Dash], CallbackSpec]]:
    """Record ``app`` as the target of module-level callbacks; hand it the pending ones (spec
    factories taking the app)."""
    global _LATEST_APP
    with _LOCK:
        _LATEST_APP = weakref.ref(app)
        pending = list(_PENDING)
        _PENDING.clear()
    return pending


@_with_dash_signature
def callback(*args: Any, **kwargs: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Module-level ``@callback`` (Dash's ``dash.callback``): registers on the latest app.

    Unlike ``app.callback``, the app-level ``prevent_initial_callbacks`` does not apply (Dash's rule).
    """

    def decorator(func: Callable[..., Any]) -> Callable[..., Any]:
        spec = build_spec(func, args, kwargs, default_prevent=False)  # validate now, loudly
        register_module_level(lambda app: spec)
        return func

    return decorator


def register_module_level(factory: Callable[[Dash], CallbackSpec]) -> None:
    """Register the spec ``factory(app)`` makes on the latest app, or keep it for the next app."""
    with _LOCK:
        app = _LATEST_APP() if _LATEST_APP is not None else None
        if app is None:
            _PENDING.append(factory)
            return
    app._register_spec(factory(app))
