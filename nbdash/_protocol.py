"""The wire protocol between an app's widget (kernel) and its views (browser), and event validation.

Everything travels as *custom comm messages* (JSON content, optional binary buffers) on the app's
one widget comm — never as synced traits: they are lighter, stateless, and stay out of the saved
widget state (jupyter-facts §3). Kernel → front-end messages reach every view of the widget, so
messages meant for one view name it (``view``) and the others ignore them.

Front end → kernel::

    {"type": "hello", "protocol": 4, "view": "v1a2b",              a view connected; send it the tree
     "persisted": {"local": {key: text}, "session": {...}}}        (optional: the page's persistence records)
    {"type": "event", "view": "v1a2b", "seq": 7, "ack": 12,        a user changed props of one component
     "id": "btn",                                                  (ack: `n` of the last patch or tree
     "props": {"n_clicks": 3, "n_clicks_timestamp": 1732345678901}}  the view had received; nbdash._window)
    {"type": "event", "view": "v1a2b", "seq": 8, "changes": [      one user action changed several: a
      ["btn", {"n_clicks": 4, ...}], ["box", {"n_clicks": 1, ...}]]}  click counted by ancestors too
    {..., "clientside": [{"callback": "out.children",             (optional on an event) results of the
      "inputs": [...], "state": [...], "changedPropIds": [...],     clientside callbacks the view ran
      "result": {"status": "ok", "outputs": [[true, 1]],            itself for it (nbdash/_clientside.py)
                 "set_props": []}}]}
    {"type": "clientside_result", "call": 3, "view": "v1a2b",       a view's answer to a `clientside`
     "missing": false, "result": {...}}                             call (nbdash._clientside.PageCalls)
    {"type": "need", "asset": "plotly"}                            plotly.js is not on this page yet;
                                                                    also "react", "library:<namespace>",
                                                                    "chunk:<nbdash-asset url>", "file:<hash>"
                                                                    (nbdash._page lists them)
    {"type": "bye", "view": "v1a2b"}                               the view was removed
    {"type": "persistence_defaults", "namespace": "dash_ag_grid",  a library class's dashPersistence
     "component": "AgGrid", "persisted_props": [...],               (nbdash._persistence)
     "persistence_type": "local"}

Kernel → front end::

    {"type": "tree", "protocol": 4, "view": "v1a2b" | None,        the full tree (Dash's JSON shape) for
     "tree": {...}, "leader": "v1a2b", "fresh": true,               one view (None: every view, reload),
     "loading": [["out", "children"]],                              with the outputs being computed now,
     "inputs": [["btn", "n_clicks"], [{"i": ["ALL"]}, "value"]],    the props callbacks watch (nbdash._page)
     "assets": {"scope": "s1a2b3c4", "css": [{"url": ...} |        and the app's stylesheets and scripts
                {"file": "<hash>", "name": "assets/a.css"}],        (nbdash._assets)
                "js": [...]},
     "children_props": {"dash_bootstrap_components":                library types holding components in
                        {"AccordionItem": ["title"]}},              props other than children,
     "clientside": {...} | None, "n": 12}                           and what clientside callbacks it may run
    {"type": "inputs", "inputs": [...]}                            callbacks changed: the watched props
    {"type": "patch", "changes": {"out": {"children": "clicked 3"}},
     "origin": {"view": "v1a2b", "seq": 7} | None, "n": 13,        at most one per callback turn; `n`
     "results": [[5, null, {"v1a2b": 7}, [["btn", "n_clicks"]],     numbers patches and trees; `results`:
                  [["out", "children"]]]]}                         the callback results it carries, for
                                                                    the view's discard rule (nbdash._window)
    {"type": "loading", "props": [["out", "children"]],            outputs started (true: before the
     "loading": true | false}                                       callbacks run) or stopped (false:
                                                                    right after their patch) loading
    {"type": "error", "callback": "f", "message": "...", "traceback": "..."}   a callback raised
    {"type": "console", "callback": "f",                           what a callback printed (stdout /
     "chunks": [["stdout", "hi\\n"], ["stderr", "oops\\n"]]}         stderr), for the console panel
    {"type": "warning", "message": "...", "view": "v1a2b" | None}  an event was refused, and why
    {"type": "asset", "name": "plotly"} + buffers=[plotly.min.js]  answer to "need" (a library adds "files"
                                                                    and "children_props"; a refusal has
                                                                    "error" and no buffers)
    {"type": "mismatch", "protocol": 3, "message": "..."}          answer to a hello from another version
    {"type": "clientside", "call": 3, "view": "v1a2b",             run this clientside call (Dash's
     "payload": {...}}                                              callback payload) and answer

* ``tree`` and ``patch`` may carry ``"persist": {"local" | "session": {key: text | None}}``: persistence
  records the kernel wrote (None: deleted) for the views to store (:mod:`nbdash._persistence`).
* ``changes`` maps Dash id strings (:func:`~nbdash.dependencies.stringify_id`) to changed props with
  JSON values; a component-holding prop (``children``...) carries the whole new subtree.
* ``origin`` names the event a patch answers, so the view that sent it does not overwrite what the
  user typed since (its DOM is ahead of the echo); other views apply everything, which keeps several
  views of one app in sync.
* The *leader* is the most recent view to connect. Only the leader runs things that must happen
  once per app, not once per view: ``dcc.Interval`` ticks and restoring ``dcc.Store`` data from
  browser storage.

A multi-component event is applied as one turn (:meth:`Scheduler.user_changes`): a callback
listening to several of its components runs once, with all of them in ``ctx.triggered``, as one
click on nested elements does in Dash. It is an addition, not a change of shape (the single-component
form is unchanged, and the page's bundle always comes from the kernel's package), so the protocol
version stays.

Events are untrusted input (anything on the page can post to the comm). :func:`validate_event`
checks the *whole* event before anything is applied, so an event is taken whole or refused whole:
each component's id is in the live layout (a multi-component event: a non-empty list of at most
:data:`MAX_EVENT_CHANGES` distinct ids, every entry checked as a single event and the whole refused
if one is invalid), every prop is one a user can change on that kind of component
(:data:`WRITABLE`), counters are non-negative integers, timestamps are finite numbers, values are
plain JSON (no NaN/Infinity) nested at most :data:`MAX_DEPTH` deep, a value shaped like a component
(``{"type", "namespace", "props"}`` of a known library, which nbdash stores as that component, as
Dash's renderer does) has props that component accepts and a valid id, every value converts to its
stored form, and the props encode to at most :data:`MAX_EVENT_BYTES` (``dcc.Upload``:
:data:`MAX_UPLOAD_BYTES`). Anything else raises :class:`InvalidEvent` naming the component and the
prop; the widget sends its message back as a ``warning`` and logs it. The returned props are
already in stored form, so applying them cannot fail half-way. A large plain table (a DataTable's
whole ``data``, sent with every cell edit) is checked by :mod:`nbdash._records` at C speed, with
the same outcome; the generic walk gives the precise error when it is refused.
"""

from __future__ import annotations

import json
import math
import reprlib
import sys
from typing import Any, Final

from ._component import validate_id
from ._foreign import ForeignComponent
from ._foreign import _PACKAGES
from ._json import _component_class, normalize
from ._records import event_table
from ._tree import Entry, Tree

__all__ = [
    "MAX_DEPTH",
    "MAX_EVENT_BYTES",
    "MAX_EVENT_CHANGES",
    "MAX_UPLOAD_BYTES",
    "PROTOCOL_VERSION",
    "WRITABLE",
    "InvalidEvent",
    "validate_event",
    "validate_ack",
    "validate_events",
    "validate_foreign_event",
]

#: Bump whenever a message changes shape; both sides compare it at connect.
#: 4: events carry ``ack``, patches and trees ``n``, patches ``results`` (nbdash._window).
PROTOCOL_VERSION: Final = 4

#: Largest accepted event (props encoded as JSON), except uploads. Dash sets no limit; what bounds
#: a page's message here is Jupyter's kernel websocket (tornado's default ``websocket_max_message_size``
#: is 10 MiB), so this leaves room for the message envelope: a DataTable sends its whole ``data``
#: with every cell edit (10,000 rows x 100 short columns is about 7 MiB).
MAX_EVENT_BYTES: Final = 8 << 20
#: Most components one event may change (a click counted by an element and its ancestors: the
#: nesting depth of elements with ids).
MAX_EVENT_CHANGES: Final = 256
#: Largest accepted ``dcc.Upload`` event (base64 file contents).
MAX_UPLOAD_BYTES: Final = 64 << 20
#: Deepest accepted nesting of lists/dicts in an event's value (Graph's relayoutData or a Store's
#: data are a few levels deep; deeper values would strain every recursive walk over prop values).
MAX_DEPTH: Final = 100

_HTML = "dash_html_components"
_DCC = "dash_core_components"
_CLICKS = frozenset({"n_clicks", "n_clicks_timestamp"})
_BLUR = frozenset({"n_blur", "n_blur_timestamp"})
_CONFIRM = frozenset(
    {"submit_n_clicks", "submit_n_clicks_timestamp", "cancel_n_clicks", "cancel_n_clicks_timestamp", "displayed"}
)

#: Props the browser may set, per (namespace, type). Every html element: its click counter.
WRITABLE: Final[dict[tuple[str, str], frozenset[str]]] = {
    (_DCC, "Input"): frozenset({"value", "n_submit", "n_submit_timestamp"}) | _BLUR,
    (_DCC, "Textarea"): frozenset({"value"}) | _BLUR | _CLICKS,
    (_DCC, "Button"): _BLUR | _CLICKS,
    (_DCC, "Slider"): frozenset({"value", "drag_value"}),
    (_DCC, "RangeSlider"): frozenset({"value", "drag_value"}),
    (_DCC, "Dropdown"): frozenset({"value", "search_value"}),
    (_DCC, "Checklist"): frozenset({"value"}),
    (_DCC, "RadioItems"): frozenset({"value"}),
    (_DCC, "DatePickerSingle"): frozenset({"date"}),
    (_DCC, "DatePickerRange"): frozenset({"start_date", "end_date"}),
    (_DCC, "Upload"): frozenset({"contents", "filename", "last_modified"}),
    (_DCC, "Graph"): frozenset(
        {"clickData", "clickAnnotationData", "hoverData", "selectedData", "relayoutData", "restyleData"}
    ),
    (_DCC, "Tabs"): frozenset({"value"}),
    (_DCC, "Store"): frozenset({"data", "modified_timestamp", "clear_data"}),
    (_DCC, "Interval"): frozenset({"n_intervals"}),
    (_DCC, "Location"): frozenset({"pathname", "search", "hash", "href"}),
    (_DCC, "Clipboard"): frozenset({"n_clicks"}),
    (_DCC, "ConfirmDialog"): _CONFIRM,
    (_DCC, "ConfirmDialogProvider"): _CONFIRM,
    (_DCC, "Geolocation"): frozenset({"local_date", "timestamp", "position", "position_error", "update_now"}),
}

_COUNTERS = frozenset(
    {"n_clicks", "n_submit", "n_blur", "n_intervals", "submit_n_clicks", "cancel_n_clicks"}
)


class InvalidEvent(ValueError):
    """An event the kernel refuses; the message says what was wrong (sent back as a warning)."""


_SHORT = reprlib.Repr()
_SHORT.maxlevel, _SHORT.maxstring, _SHORT.maxother, _SHORT.maxlist, _SHORT.maxdict = 3, 60, 60, 5, 5


def short(value: Any) -> str:
    """A bounded repr of an untrusted value (any size or depth) for messages and logs."""
    return _SHORT.repr(value)


def writable_props(namespace: str, type_: str) -> frozenset[str]:
    """Props a user can change on a component of this kind (empty: none)."""
    if namespace == _HTML:
        return _CLICKS
    return WRITABLE.get((namespace, type_), frozenset())


def validate_event(tree: Tree, message: dict[str, Any]) -> tuple[Entry, dict[str, Any]]:
    """Check an ``event`` message against the live tree; return the component's entry and its props.

    Raises :class:`InvalidEvent` naming the problem (unknown id, a prop the component does not let
    users change, a wrong value type, too large)."""
    id_str, props = message.get("id"), message.get("props")
    if not isinstance(id_str, str):
        raise InvalidEvent(f"event without a string `id` (got {type(id_str).__name__})")
    entry = find_entry(tree, id_str)
    if entry is None:
        raise InvalidEvent(f"event for id {short(id_str)}, which is not in the current layout")
    if not isinstance(props, dict) or not props:
        raise InvalidEvent(f"event for {id_str!r} without a non-empty `props` object")
    comp = entry.component
    if isinstance(comp, ForeignComponent):
        return entry, validate_foreign_event(comp, id_str, props)
    allowed = writable_props(comp._namespace, comp._type)
    refused = sorted(p for p in props if p not in allowed)
    if refused:
        raise InvalidEvent(
            f"event sets {', '.join(map(short, refused))} on {id_str!r} ({comp._type}), which the browser may not "
            f"change; writable props of {comp._type}: {', '.join(sorted(allowed)) or 'none'}"
        )
    where = f"{id_str!r} ({comp._type})"
    tables = _check_props(where, props, MAX_UPLOAD_BYTES if comp._type == "Upload" else MAX_EVENT_BYTES)
    stored = {}
    for prop, value in props.items():
        table = tables.get(prop, value)
        if table is not value:  # a large plain table already in stored form (a known copy)
            stored[prop] = table
            continue
        try:
            stored[prop] = normalize(value)
        except (TypeError, ValueError, RecursionError) as exc:
            raise InvalidEvent(f"event sets {where}.{prop} to a value nbdash cannot store ({exc})") from None
    return entry, stored


def validate_ack(message: dict[str, Any], latest: int) -> int | None:
    """An event's ``ack`` (the ``n`` of the last patch or tree its view had received, see
    :mod:`nbdash._window`): an integer from 0 to ``latest``, the last ``n`` the kernel sent; None when
    the event has none (it then takes no part in the discard rule)."""
    if "ack" not in message:
        return None
    ack = message["ack"]
    if isinstance(ack, bool) or not isinstance(ack, int) or not 0 <= ack <= latest:
        raise InvalidEvent(f"event whose `ack` is {short(ack)}; it must be the `n` of a patch or tree this "
                           f"kernel sent (an integer from 0 to {latest})")
    return ack


def validate_events(tree: Tree, message: dict[str, Any]) -> list[tuple[Entry, dict[str, Any]]]:
    """Check an ``event`` message of either form (``id`` + ``props``, or ``changes``); return each
    component's entry and stored props, in the event's order. Every entry is checked as a single
    event (:func:`validate_event`); one invalid entry refuses the whole event."""
    if "changes" not in message:
        return [validate_event(tree, message)]
    changes = message["changes"]
    if "id" in message or "props" in message:
        raise InvalidEvent("event with both `changes` and `id`/`props`; send one form")
    if not isinstance(changes, list) or not changes:
        raise InvalidEvent(f"event whose `changes` is not a non-empty list of [id, props] pairs (got {short(changes)})")
    if len(changes) > MAX_EVENT_CHANGES:
        raise InvalidEvent(f"event changes {len(changes):,} components; the limit is {MAX_EVENT_CHANGES}")
    result: list[tuple[Entry, dict[str, Any]]] = []
    seen: set[str] = set()
    for i, change in enumerate(changes):
        if not isinstance(change, list) or len(change) != 2:
            raise InvalidEvent(f"event's changes[{i}] is not an [id, props] pair (got {short(change)})")
        try:
            entry, props = validate_event(tree, {"id": change[0], "props": change[1]})
        except InvalidEvent as exc:
            raise InvalidEvent(f"{exc} (changes[{i}]; the whole event was refused)") from None
        if entry.id_str in seen:
            raise InvalidEvent(f"event changes {entry.id_str!r} twice (changes[{i}]); send each component once")
        seen.add(entry.id_str)
        result.append((entry, props))
    return result


def _check_props(where: str, props: dict[str, Any], limit: int) -> dict[str, Any]:
    """Every prop value of one component's event: counters, timestamps, plain finite JSON data
    within the depth limit, and the whole within ``limit`` bytes of JSON. Returns the props whose
    values are large plain tables (:mod:`nbdash._records`: checked at C speed; they hold nothing
    shaped like a component) with the value to store for each (see ``event_table``)."""
    tables: dict[str, Any] = {}
    bound = 0  # an upper bound of the tables' JSON length: the exact one is needed only past the limit
    for prop, value in props.items():
        _check_value(where, prop, value)
        table = event_table(value)
        if table is None:
            _check_data(f"{where}.{prop}", value)
        else:
            size, tables[prop] = table
            bound += size
    try:
        if tables:
            small = {p: v for p, v in props.items() if p not in tables}
            size = len(json.dumps(small, separators=(",", ":"), allow_nan=False))
            size += bound + sum(len(json.dumps(p)) + 2 for p in tables)  # "prop":value,
            if size <= limit:
                return tables
        size = len(json.dumps(props, separators=(",", ":"), allow_nan=False))
    except (TypeError, ValueError, RecursionError) as exc:
        raise InvalidEvent(f"event for {where} has props that are not plain JSON ({exc})") from None
    if size > limit:
        raise InvalidEvent(f"event for {where} is {size:,} bytes of JSON; the limit is {limit:,}")
    return tables


def find_entry(tree: Tree, id_str: str) -> Entry | None:
    """The entry for an id string from the browser. A dict id whose numbers JavaScript printed
    differently (``1`` for Python's ``1.0``) is matched by value within its key group."""
    entry = tree.entry(id_str)
    if entry is not None or not id_str.startswith("{"):
        return entry
    try:
        parsed = json.loads(id_str)
    except ValueError:
        return None
    if not isinstance(parsed, dict):
        return None
    keys = tuple(sorted(parsed))
    values = tuple(parsed[k] for k in keys)
    for candidate in tree.pattern_group(keys):
        if candidate.values == values:
            return candidate
    return None


def _check_value(where: str, prop: str, value: Any) -> None:
    if prop in _COUNTERS:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise InvalidEvent(f"event sets {where}.{prop} to {short(value)}; it must be a non-negative integer")
    elif prop.endswith("_timestamp") and (
        isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value)
    ):
        raise InvalidEvent(f"event sets {where}.{prop} to {short(value)}; it must be a number (finite, ms since epoch)")


def _check_data(where: str, value: Any) -> None:
    """Walk a value from the page (iteratively: no depth can exhaust the stack) and refuse what
    the kernel would choke on later: non-JSON types, NaN/Infinity, non-string keys, nesting deeper
    than :data:`MAX_DEPTH`, component-shaped dicts that are not valid components."""
    stack: list[tuple[Any, Any, int]] = [(value, None, 0)]  # (item, (parent path, key) | None, depth)
    while stack:
        item, trail, depth = stack.pop()
        if item is None or isinstance(item, (str, bool, int)):
            continue
        if isinstance(item, float):
            if not math.isfinite(item):
                raise InvalidEvent(f"event sets {where}{_path(trail)} to {item!r}; JSON numbers must be finite")
            continue
        if depth >= MAX_DEPTH:
            raise InvalidEvent(
                f"event sets {where} to a value nested more than {MAX_DEPTH} levels deep (at {short(_path(trail))})"
            )
        if isinstance(item, list):
            stack.extend((v, (trail, i), depth + 1) for i, v in enumerate(item))
        elif isinstance(item, dict):
            for key in item:
                if not isinstance(key, str):
                    raise InvalidEvent(f"event sets {where}{_path(trail)} to an object with a non-string key {short(key)}")
            if len(item) == 3 and set(item) == {"type", "namespace", "props"}:
                _check_component(where, _path(trail), item)
            stack.extend((v, (trail, k), depth + 1) for k, v in item.items())
        else:
            raise InvalidEvent(f"event sets {where}{_path(trail)} to a {type(item).__name__}, which is not JSON data")


def _path(trail: Any) -> str:
    """``[0]['k']`` from the (parent, key) chain the walk keeps (built only for messages)."""
    keys = []
    while trail is not None:
        trail, key = trail
        keys.append(f"[{key}]" if isinstance(key, int) else f"[{short(key)}]")
    return "".join(reversed(keys))


def _library_loaded(namespace: str) -> bool:
    """Whether a component library is imported already. Page input never makes the kernel import a
    module (a component dict's namespace names one): its components must be of loaded libraries."""
    if namespace in (_HTML, _DCC):
        return True
    registry = getattr(sys.modules.get("dash.development.base_component"), "ComponentRegistry", None)
    package = _PACKAGES.get(namespace) or (registry.namespace_to_package.get(namespace) if registry else None)
    return isinstance(package, str) and package in sys.modules


def _safe_class(item: dict[str, Any]) -> Any:
    try:
        return _component_class(item)
    except (ImportError, TypeError, ValueError):
        return None


def _check_component(where: str, path: str, item: dict[str, Any]) -> None:
    """A dict of Dash's component shape becomes that component when stored: check it is one."""
    if not isinstance(item["type"], str) or not isinstance(item["namespace"], str) or not isinstance(item["props"], dict):
        return  # not a component: stored as a plain dict
    at = f"{where}{path}"
    if not _library_loaded(item["namespace"]):
        raise InvalidEvent(f"event sets {at} to a component of the library {short(item['namespace'])}, which this "
                           "kernel has not loaded (the page can only send back components of loaded libraries)")
    try:
        cls = _component_class(item)
    except (ImportError, TypeError, ValueError) as exc:  # e.g. a library too old for this Dash
        raise InvalidEvent(f"event sets {at} to a {short(item['namespace'])}.{short(item['type'])} component: {exc}") from None
    if cls is None:
        return
    props = item["props"]
    for name, prop_value in props.items():
        if not cls._accepts(name):
            raise InvalidEvent(
                f"event sets {at} to a {item['type']} component with an unknown prop {name!r}; "
                f"{item['type']} accepts: {', '.join(sorted(cls._prop_names))}"
            )
        if name == "id":
            try:
                validate_id(prop_value)
            except (TypeError, ValueError) as exc:
                raise InvalidEvent(f"event sets {at} to a {item['type']} component with a bad id: {exc}") from None
        elif (
            name not in cls._children_props
            and isinstance(prop_value, dict)
            and set(prop_value) == {"type", "namespace", "props"}
            and isinstance(prop_value["namespace"], str)
            and _library_loaded(prop_value["namespace"])
            and _safe_class(prop_value) is not None
        ):
            raise InvalidEvent(f"event sets {at} to a {item['type']} component holding a component in {name!r}, "
                               "which only `children`-like props may hold")


# -- library components (nbdash._foreign) ----------------------------------------------------------------
def validate_foreign_event(comp: ForeignComponent, id_str: str, props: dict[str, Any]) -> dict[str, Any]:
    """Check the props a library component's ``setProps`` sent; return them (a copy) or raise.

    The browser may set any prop the component's class declares except ``id`` (libraries report
    many props of their own: DataTable's ``active_cell``, AG Grid's ``cellClicked``...). Values must
    be plain JSON within :data:`MAX_EVENT_BYTES`, counters and ``*_timestamp`` props as for html/dcc,
    and never contain a component: the browser does not get to add components to the layout."""
    declared = frozenset(p for p in comp._prop_names if not p.endswith("*")) - {"id"}
    refused = sorted(p for p in props if p not in declared)
    if refused:
        raise InvalidEvent(
            f"event sets {', '.join(map(repr, refused))} on {id_str!r} ({comp._namespace}.{comp._type}), which "
            f"{comp._type} does not declare"
            + ("; `id` never changes from the browser" if "id" in refused else "")
        )
    where = f"{id_str!r} ({comp._namespace}.{comp._type})"
    tables = _check_props(where, props, MAX_EVENT_BYTES)  # JSON, finite, depth-bounded: _holds_component cannot recurse far
    for prop, value in props.items():
        if prop not in tables and _holds_component(value):
            raise InvalidEvent(
                f"event sets {id_str!r}.{prop} to a value holding a component; the browser may not add components"
            )
    return {**props, **tables}


def _holds_component(value: Any, depth: int = 0) -> bool:
    if depth > 200:
        raise InvalidEvent("event value nested more than 200 levels deep")
    if isinstance(value, dict):
        if "namespace" in value and "type" in value and "props" in value:
            return True
        return any(_holds_component(v, depth + 1) for v in value.values())
    if isinstance(value, list):
        return any(_holds_component(v, depth + 1) for v in value)
    return False
