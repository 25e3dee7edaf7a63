"""``ctx`` / ``callback_context``: what the running callback can ask about its own call.

The state of one callback invocation is a :class:`CallState`, stored in a
:class:`contextvars.ContextVar`. The scheduler sets it around each call (``CallState.activate``),
so it is per call and per thread: a thread nbdash starts for a background job runs in a *copy* of
the triggering context, while a plain ``threading.Thread`` the user starts has no context — there,
as everywhere outside a callback, every attribute raises :class:`MissingCallbackContextException`
with Dash's message ``dash.callback_context.<name> is only available from a callback!``. (Dash
raises a bare ``LookupError`` in that thread case; nbdash names the problem instead.)

Shapes follow Dash exactly (spec §4):

* ``triggered`` — ``[{"prop_id": "btn.n_clicks", "value": 3}, ...]`` in arrival order; when nothing
  triggered (initial calls) it is the *falsy* one-element list ``[{"prop_id": ".", "value": None}]``
  so ``ctx.triggered[0]["prop_id"].split(".")`` still works.
* ``triggered_id`` — the first trigger's id (a dict for pattern ids, with attribute access), else None.
* ``inputs`` / ``states`` — ``{"<id>.<prop>": value}`` with ALL/ALLSMALLER deps expanded.
* ``inputs_list`` / ``states_list`` / ``outputs_list`` — one entry per declared dependency, a list of
  entries for multi-valued ones; ``outputs_list`` is a dict for a single output, ``[]`` without outputs.
* ``args_grouping`` — the input grouping with leaves ``{id, property, value, str_id, triggered}``.
"""

from __future__ import annotations

import contextvars
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ._grouping import make_grouping_by_index, map_grouping
from .dependencies import stringify_id
from .exceptions import MissingCallbackContextException

if TYPE_CHECKING:
    from ._registry import CallbackSpec

__all__ = ["AttributeDict", "CallState", "CallbackContext", "callback_context", "ctx", "set_props"]


class AttributeDict(dict):  # type: ignore[type-arg]
    """A dict whose keys can also be read as attributes (Dash's ``AttributeDict``)."""

    def __getattr__(self, key: str) -> Any:
        try:
            return self[key]
        except KeyError:
            raise AttributeError(key) from None

    def __setattr__(self, key: str, value: Any) -> None:
        self[key] = value


class FalsyList(list):  # type: ignore[type-arg]
    """A list that is falsy even when it has items (Dash's empty-``triggered`` placeholder)."""

    def __bool__(self) -> bool:
        return False


def _placeholder() -> FalsyList:
    return FalsyList([{"prop_id": ".", "value": None}])


def parse_id(id_str: str) -> Any:
    """Inverse of ``stringify_id`` for ids found in prop ids (dict ids become AttributeDicts)."""
    if id_str.startswith("{"):
        try:
            return AttributeDict(json.loads(id_str))
        except ValueError:
            return id_str
    return id_str


def split_prop_id(prop_id: str) -> tuple[str, str]:
    """``'{"a":"x.y"}.value'`` → (id string, prop): split at the LAST dot, as Dash does."""
    id_str, _, prop = prop_id.rpartition(".")
    return id_str, prop


@dataclass
class CallState:
    """Everything ``ctx`` reports for one callback invocation."""

    spec: CallbackSpec | None
    inputs_list: list[Any]
    states_list: list[Any]
    outputs_list: Any
    triggered_prop_ids_ordered: list[str]
    updated_props: dict[str, dict[str, Any]] = field(default_factory=dict)
    raw_ids: dict[str, Any] = field(default_factory=dict)
    extras: dict[str, Any] = field(default_factory=dict)
    on_set_props: Callable[[Any, dict[str, Any]], None] | None = None  # background jobs apply at once

    @contextmanager
    def activate(self) -> Iterator[CallState]:
        token = _CURRENT.set(self)
        try:
            yield self
        finally:
            _CURRENT.reset(token)


_CURRENT: contextvars.ContextVar[CallState | None] = contextvars.ContextVar("nbdash_callback_context", default=None)


def current_call() -> CallState | None:
    """The CallState of the callback running in this context, or None."""
    return _CURRENT.get()


def _require(name: str) -> CallState:
    state = _CURRENT.get()
    if state is None:
        raise MissingCallbackContextException(f"dash.callback_context.{name} is only available from a callback!")
    return state


def _fresh_entries(state: CallState, name: str) -> list[Any]:
    """``inputs_list`` / ``states_list`` as the user sees them: copies of the entries (made once
    per call), since ALL entries are shared with the scheduler's input cache (``_inputs``)."""
    key = "fresh_" + name
    fresh = state.extras.get(key)
    if fresh is None:
        fresh = state.extras[key] = [
            [dict(item) for item in entry] if isinstance(entry, list) else dict(entry) if isinstance(entry, dict) else entry
            for entry in getattr(state, name)
        ]
    return fresh  # type: ignore[no-any-return]


def _input_value(entries: list[Any], prop_id: str) -> Any:
    """The value of the input entry whose ``id.prop`` is ``prop_id`` (None if none). ALL lists built
    by the scheduler know where each id is (``EntryList.position``), so this does not stringify a
    thousand ids to find one."""
    id_str, prop = split_prop_id(prop_id)
    for entry in entries:
        if isinstance(entry, dict):
            if entry["property"] == prop and stringify_id(entry["id"]) == id_str:
                return entry.get("value")
            continue
        if not entry or entry[0]["property"] != prop:
            continue
        position = getattr(entry, "position", None)
        if position is not None:
            index = position.get(id_str)
            if index is not None:
                return entry[index].get("value")
            continue
        for item in entry:
            if stringify_id(item["id"]) == id_str:
                return item.get("value")
    return None


def _entries_to_dict(entries: list[Any]) -> AttributeDict:
    result = AttributeDict()
    for entry in entries:
        for item in entry if isinstance(entry, list) else [entry]:
            result[f"{stringify_id(item['id'])}.{item['property']}"] = item.get("value")
    return result


class CallbackContext:
    """The object behind ``ctx`` and ``callback_context``; every attribute reads the current call."""

    @property
    def triggered(self) -> list[dict[str, Any]]:
        state = _require("triggered")
        if not state.triggered_prop_ids_ordered:
            return _placeholder()
        return [{"prop_id": pid, "value": _input_value(state.inputs_list, pid)} for pid in state.triggered_prop_ids_ordered]

    @property
    def triggered_prop_ids(self) -> AttributeDict:
        state = _require("triggered_prop_ids")
        return AttributeDict(
            (pid, parse_id(split_prop_id(pid)[0])) for pid in state.triggered_prop_ids_ordered
        )

    @property
    def triggered_id(self) -> Any:
        state = _require("triggered_id")
        if not state.triggered_prop_ids_ordered:
            return None
        return parse_id(split_prop_id(state.triggered_prop_ids_ordered[0])[0])

    @property
    def inputs(self) -> AttributeDict:
        return _entries_to_dict(_require("inputs").inputs_list)

    @property
    def states(self) -> AttributeDict:
        return _entries_to_dict(_require("states").states_list)

    @property
    def inputs_list(self) -> list[Any]:
        return _fresh_entries(_require("inputs_list"), "inputs_list")

    @property
    def states_list(self) -> list[Any]:
        return _fresh_entries(_require("states_list"), "states_list")

    @property
    def outputs_list(self) -> Any:
        return _require("outputs_list").outputs_list

    @property
    def args_grouping(self) -> Any:
        state = _require("args_grouping")
        triggered = set(state.triggered_prop_ids_ordered)
        leaves = [_leaf(entry, triggered) for entry in (*state.inputs_list, *state.states_list)]
        spec = state.spec
        if spec is None:
            return leaves
        return map_grouping(lambda index: leaves[index], spec.inputs_state_indices)

    @property
    def outputs_grouping(self) -> Any:
        state = _require("outputs_grouping")
        spec = state.spec
        if spec is None or not spec.outputs:
            return []
        flat = state.outputs_list if isinstance(state.outputs_list, list) else [state.outputs_list]
        if not spec.multi:
            return flat[0]
        return make_grouping_by_index(spec.output_grouping, flat)

    @property
    def using_args_grouping(self) -> bool:
        state = _require("using_args_grouping")
        return bool(state.spec and state.spec.using_args_grouping)

    @property
    def using_outputs_grouping(self) -> bool:
        state = _require("using_outputs_grouping")
        return bool(state.spec and state.spec.using_outputs_grouping)

    @property
    def cancelled(self) -> bool:
        """nbdash: True once the running background job was cancelled (stop at the next check)."""
        event = _require("cancelled").extras.get("cancel_event")
        return bool(event is not None and event.is_set())

    @property
    def custom_data(self) -> AttributeDict:
        return AttributeDict(_require("custom_data").extras.get("custom_data", {}))

    @property
    def timing_information(self) -> dict[str, Any]:
        return _require("timing_information").extras.setdefault("timing", {})

    def record_timing(self, name: str, duration: float, description: str | None = None) -> None:
        timing = _require("record_timing").extras.setdefault("timing", {})
        if name in timing:
            raise KeyError(f'Duplicate resource name "{name}" found.')
        timing[name] = {"dur": round(duration * 1000), "desc": description}

    @property
    def response(self) -> _NoResponse:
        """Dash's HTTP response adapter. There is no HTTP response in a notebook: cookies and
        headers set on it are accepted and ignored, so code written for Dash still runs."""
        _require("response")
        return _NoResponse()

    # Request-only attributes: there is no HTTP request in a notebook, so they are empty.
    @property
    def cookies(self) -> dict[str, str]:
        _require("cookies")
        return {}

    @property
    def headers(self) -> dict[str, str]:
        _require("headers")
        return {}

    @property
    def args(self) -> dict[str, str]:
        _require("args")
        return {}

    @property
    def path(self) -> str:
        _require("path")
        return ""

    @property
    def remote(self) -> None:
        _require("remote")
        return None

    @property
    def origin(self) -> None:
        _require("origin")
        return None

    @property
    def websocket(self) -> None:
        _require("websocket")
        return None

    @staticmethod
    def set_props(component_id: Any, props: dict[str, Any]) -> None:
        """Set props of any component from inside a callback (applied before its outputs)."""
        state = _require("set_props")
        if not isinstance(props, dict):
            raise TypeError(f"set_props expects a dict of props, got {type(props).__name__}: {props!r}")
        if state.on_set_props is not None:
            state.on_set_props(component_id, props)
            return
        key = stringify_id(component_id)
        state.updated_props.setdefault(key, {}).update(props)
        state.raw_ids[key] = component_id

    def __bool__(self) -> bool:
        return True


def _leaf(entry: Any, triggered: set[str]) -> Any:
    if isinstance(entry, list):
        return [_leaf(item, triggered) for item in entry]
    str_id = stringify_id(entry["id"])
    ident = AttributeDict(entry["id"]) if isinstance(entry["id"], dict) else entry["id"]
    return AttributeDict(
        id=ident,
        property=entry["property"],
        value=entry.get("value"),
        str_id=str_id,
        triggered=f"{str_id}.{entry['property']}" in triggered,
    )


class _NoResponse:
    """Stand-in for the HTTP response: accepts Dash's cookie/header calls and does nothing."""

    def __init__(self) -> None:
        self.headers: dict[str, str] = {}

    def set_cookie(self, *args: Any, **kwargs: Any) -> None:
        """No cookies without HTTP; ignored."""

    def delete_cookie(self, *args: Any, **kwargs: Any) -> None:
        """No cookies without HTTP; ignored."""


callback_context = CallbackContext()
ctx = callback_context


def set_props(component_id: Any, props: dict[str, Any]) -> None:
    """Module-level ``set_props`` (Dash's name): only valid inside a callback."""
    CallbackContext.set_props(component_id, props)

