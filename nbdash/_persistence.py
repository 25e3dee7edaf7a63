"""Persistence of user edits: ``persistence``, ``persisted_props``, ``persistence_type``, as Dash 4.4.1.

What Dash does (dash-renderer ``persistence.js``; dcc components' ``dashPersistence`` statics)
------------------------------------------------------------------------------------------------
A component persists when it has an ``id``, a truthy ``persistence`` and (from its props, else its
front-end defaults) ``persisted_props`` and ``persistence_type`` (``memory`` / ``local`` /
``session``; dcc components default to their value prop(s) and ``local``). Records live in a store
chosen by the type — a page-lifetime object for ``memory``, ``localStorage`` / ``sessionStorage``
otherwise — under the key ``_dash_persistence.<id string>.<persisted prop>.<JSON of persistence>``
with the JSON value ``[new, original]`` (``[new]`` when the original was undefined).

* **Recording** (``recordUiEdit``, run by every ``updateProps``: user edits, callback outputs,
  ``set_props`` / running side updates — Dash ≥ 3 records callback outputs too): for each persisted
  prop present in the new props, if the extracted new value differs from the current one
  (JavaScript ``!==``: lists and dicts always differ), store ``[new, original]`` where original is the
  stored record's original if there is one, else the current value. Nothing is recorded when the
  update itself changes ``persistence`` to another value.
* **Applying** (``applyPersistence``): to the whole layout at page load, and to the ``children`` a
  callback returns (recursing through ``children`` only): a record whose original equals the
  component's value replaces that value with the recorded one; a record whose original differs
  (the layout's value changed) is deleted. This is the "originalValue rule": an edit survives a
  re-render that gives the same value, and is dropped when the app gives a new one.
* **Pruning** (``prunePersistence``): a callback output that changes ``persistence``,
  ``persistence_type`` or ``persisted_props`` undoes the edits applied under the old settings and
  applies those stored under the new ones, for persisted props the output does not set itself.
* Transforms: DatePickerSingle / DatePickerRange compare dates by their day (``yyyy-MM-dd`` of the
  parsed date) and restore the recorded string; DataTable's ``columns.name`` keeps only the columns'
  names (a new ``deletable`` on the columns keeps the renamed names).

nbdash's equivalent: the kernel applies the rules
--------------------------------------------------
The kernel owns the tree and every callback reads its State from it, so the rules run in the
kernel, at the same points as in Dash, before anything reads the values:

* at load (:class:`~nbdash._app.Session`), on the layout copy, *before* the initial callbacks —
  so initial callbacks see persisted values with an empty ``triggered``, as in Dash;
* in :meth:`Scheduler.user_change` (record), and when outputs and side updates are applied (prune,
  apply to returned ``children`` before the chunk's callbacks run, record). The scheduler calls these
  hooks only for components that have (or are given) a ``persistence`` prop, and applies stored
  edits to returned ``children`` only while some record exists (:meth:`Persistence.affects`), so an
  app without persistence pays a dict lookup or two per prop set.

Where the records are: ``memory`` records belong to the app's session (:class:`Persistence`): they
survive callbacks re-rendering components and page reloads while the session runs, and are gone
when the app is loaded again (cell re-run, kernel restart) — that is nbdash's "page load".
``local`` / ``session`` records live in the browser's ``localStorage`` / ``sessionStorage`` under
Dash's keys and value format (``js/src/persistence.js``), and the kernel keeps a copy,
:data:`BROWSER`, for the whole kernel process so that a re-run cell applies them at load, before
its initial callbacks, exactly as Dash does on a page load. The copy and the browser stay in step:

* each view's ``hello`` carries its page's records (``persisted``); they replace the kernel's copy
  (the browser is authoritative: cleared storage, another tab's ``sessionStorage``), with the
  kernel's writes not yet sent kept on top (:meth:`Persistence.adopt`);
* every record the kernel writes or deletes goes to the views with the next ``tree`` / ``patch``
  message (``persist``), and each view writes it to its storage;
* when the hello comes from the first view of a freshly loaded session and its records give a
  different value than the kernel's copy gave at load (a kernel restart emptied the copy, a new tab
  has its own ``sessionStorage``), the kernel corrects those components, still unchanged since
  load, as changes from the components themselves: their callbacks run again with the corrected
  value in ``triggered`` (the one difference from Dash, where the first calls already see it).

The records and shown values were checked step by step against real Dash 4.4.1 in headless Chromium
(``tests/test_persistence.py``, the test naming Dash 4.4.1).

Records are data from the page, so they never set ``id``, the persistence props or props holding
components (``children``...), even if a layout lists them in ``persisted_props`` (Dash would; no
Dash component persists them by default), and page-reported defaults may not name them.

A plain page reload keeps the running session (the kernel's tree holds every edit, persisted or
not); re-running the app's cell is what reloads the app.

Library components: dcc defaults come from the component classes' ``_defaults``. A library's
``dashPersistence`` lives in its JavaScript, so the page tells the kernel: when the React-island host
first resolves a component class it posts ``defaultsMessage(namespace, type, Class)`` (from
``js/src/persistence.js``), a ``persistence_defaults`` message; the kernel registers the defaults
(:func:`register_defaults`, also callable from Python) for the rest of the kernel's life and applies
stored edits to that type's components now (:meth:`Persistence.late_defaults`, as component changes).
Later loads apply them before the initial callbacks. ``dash_table.DataTable`` ships with Dash, so its
defaults and its ``columns.name`` transform are built in. Other libraries' ``persistenceTransforms``
are JavaScript functions the kernel cannot run: their nested persisted props (``prop.part``) are
compared and stored whole.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Final

from ._component import Component
from ._json import to_json
from .dependencies import stringify_id

__all__ = [
    "BROWSER",
    "PREFIX",
    "BrowserCopy",
    "Persistence",
    "defaults_from_view",
    "register_defaults",
    "validate_records",
]

#: Prefix of every record key in browser storage (Dash's ``storePrefix``).
PREFIX: Final = "_dash_persistence."
#: Most characters of records a view may report in its hello (keys + values, both storages).
MAX_RECORD_CHARS: Final = 4 << 20
#: The three persistence props.
PROPS: Final = ("persistence", "persisted_props", "persistence_type")
#: Browser-backed persistence types (everything else behaves as ``memory``, as Dash's fallback).
BROWSER_TYPES: Final = ("local", "session")


class _Undefined:
    """JavaScript's ``undefined``: a prop not set at all (distinct from ``None`` = ``null``)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "undefined"


UNDEFINED: Final = _Undefined()

#: ``dashPersistence`` defaults of library components: (namespace, type) → defaults. Process-wide on
#: purpose: a page reports them once, and every later app of the kernel persists those components.
_LIBRARY_DEFAULTS: dict[tuple[str, str], dict[str, Any]] = {}


def register_defaults(namespace: str, type_: str, *, persisted_props: list[str], persistence_type: str = "local") -> None:
    """Declare a library component's ``dashPersistence`` (its persisted props and default type)."""
    if not isinstance(persisted_props, list) or not all(isinstance(p, str) for p in persisted_props):
        raise TypeError(f"{namespace}.{type_}: persisted_props must be a list of prop names, got {persisted_props!r}")
    if persistence_type not in ("memory", "local", "session"):
        raise ValueError(f"{namespace}.{type_}: persistence_type must be 'memory', 'local' or 'session', got {persistence_type!r}")
    _LIBRARY_DEFAULTS[(namespace, type_)] = {"persisted_props": list(persisted_props), "persistence_type": persistence_type}


# dash_table ships with Dash: its DataTable's defaultProps (persisted props and type) are Dash's own.
_LIBRARY_DEFAULTS[("dash_table", "DataTable")] = {
    "persisted_props": ["columns.name", "filter_query", "hidden_columns", "page_current", "selected_columns",
                        "selected_rows", "sort_by"],
    "persistence_type": "local",
}

_SCALARS: Final = frozenset({str, int, float, bool})

#: Props a record never sets: ids, the persistence props, props holding components (a record is
#: plain data from the page; it must not smuggle components into the tree).
_NEVER: Final = frozenset({"id", "children", *PROPS})

#: Namespaces whose components nbdash renders itself: their defaults are the classes' own.
_BUILT_IN: Final = ("dash_core_components", "dash_html_components", "nbdash")


def defaults_from_view(message: dict[str, Any]) -> tuple[str, str, dict[str, Any]] | None:
    """A view's ``persistence_defaults`` message (untrusted): the library component's namespace,
    type and ``dashPersistence``, registered if new. Returns them when they changed what the kernel
    knew (None: already known). Raises ``ValueError`` saying what is wrong."""
    namespace, type_ = message.get("namespace"), message.get("component")
    persisted_props: Any = message.get("persisted_props")
    persistence_type: Any = message.get("persistence_type")  # register_defaults checks both
    if not isinstance(namespace, str) or not isinstance(type_, str) or not namespace or not type_:
        raise ValueError("`namespace` and `component` must be non-empty strings")
    if namespace in _BUILT_IN:
        raise ValueError(f"{namespace} components are rendered by nbdash itself; their defaults are not taken from a page")
    if not isinstance(persisted_props, list) or len(persisted_props) > 100:
        raise ValueError(f"{namespace}.{type_}: `persisted_props` must be a list of at most 100 prop names")
    for name in persisted_props:
        if not isinstance(name, str) or _prop_of(name) in _NEVER or _prop_of(name).startswith("_"):
            raise ValueError(f"{namespace}.{type_}: {name!r} cannot be a persisted prop")
    register = {"persisted_props": persisted_props, "persistence_type": persistence_type}
    if _LIBRARY_DEFAULTS.get((namespace, type_)) == register:
        return None
    register_defaults(namespace, type_, persisted_props=persisted_props, persistence_type=persistence_type)
    return namespace, type_, _LIBRARY_DEFAULTS[(namespace, type_)]


# -- JavaScript value semantics ------------------------------------------------------------------------
def _truthy(value: Any) -> bool:
    """JavaScript truthiness of a JSON value (``[]`` and ``{}`` are truthy)."""
    if value is UNDEFINED or value is None or value is False:
        return False
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value == value and value != 0
    if isinstance(value, str):
        return value != ""
    return True


def _strict_ne(a: Any, b: Any) -> bool:
    """JavaScript ``a !== b`` for values that came through JSON: objects and arrays are always new."""
    if isinstance(a, (list, dict, tuple)) or isinstance(b, (list, dict, tuple)):
        return True
    return not _equals(a, b)


def _plain(value: Any) -> Any:
    """A prop value as JSON for :func:`_equals`, an absent prop (:data:`UNDEFINED`) staying absent."""
    return value if value is UNDEFINED else to_json(value)


def _equals(a: Any, b: Any) -> bool:
    """Ramda's ``equals`` over JSON values (deep; ``1 == 1.0``; ``true != 1``; ``null != undefined``)."""
    if a is UNDEFINED or b is UNDEFINED:
        return a is b
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_equals(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_equals(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


def _js_json(value: Any) -> str:
    """``JSON.stringify`` of a JSON value (compact; integral floats without ``.0``)."""
    return json.dumps(_js_numbers(value), separators=(",", ":"), ensure_ascii=False)


def _js_numbers(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_js_numbers(v) for v in value]
    if isinstance(value, dict):
        return {k: _js_numbers(v) for k, v in value.items()}
    return value


def _encode(record: list[Any]) -> str:
    return _js_json(record)


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def _decode(raw: str) -> list[Any] | None:
    """A stored record (``[new, original]`` / ``[new]``); None when it is not one."""
    if raw == "U":
        return None
    try:
        value = json.loads(raw, parse_constant=_refuse_constant)  # NaN / Infinity are not JSON
    except ValueError:
        return None
    return value if isinstance(value, list) and value else None


# -- transforms --------------------------------------------------------------------------------------
_DAY = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def _day(value: Any) -> Any:
    """DatePickerPersistence's ``extract``: the ``yyyy-MM-dd`` day of an ISO date string."""
    if value is None or value is UNDEFINED or not isinstance(value, str):
        return value
    found = _DAY.match(value)
    if not found:
        return value
    year, month, day = found.group(1), found.group(2) or "01", found.group(3) or "01"
    return f"{year}-{month}-{day}"


def _stored(stored: Any, _current: Any) -> Any:
    """The default ``apply``: the stored value replaces the prop."""
    return stored


def _names_of(columns: Any) -> Any:
    """DataTable ``columns.name`` ``extract``: the columns' names (Ramda's ``pluck('name')``)."""
    if not isinstance(columns, list):
        return columns
    return [c.get("name") if isinstance(c, dict) else None for c in columns]


def _with_names(names: Any, columns: Any) -> Any:
    """DataTable ``columns.name`` ``apply``: each column gets its stored name (``zipWith(assoc('name'))``:
    as many columns as both lists have)."""
    if not isinstance(names, list) or not isinstance(columns, list):
        return names
    return [{**c, "name": n} if isinstance(c, dict) else c for n, c in zip(names, columns)]


_Transform = tuple[Any, Any]  # (extract(value), apply(stored, current value))

#: ``persistenceTransforms`` of the components nbdash knows, by persisted prop (``prop`` or
#: ``prop.part``): the date pickers' (dcc ``DatePickerPersistence``) and DataTable's ``columns.name``.
_TRANSFORMS: Final[dict[tuple[str, str], dict[str, _Transform]]] = {
    ("dash_core_components", "DatePickerSingle"): {"date": (_day, _stored)},
    ("dash_core_components", "DatePickerRange"): {"start_date": (_day, _stored), "end_date": (_day, _stored)},
    ("dash_table", "DataTable"): {"columns.name": (_names_of, _with_names)},
}


def _transform(comp: Component, persisted_prop: str) -> _Transform:
    """Dash's ``getTransform``: the component's transform for a persisted prop, else the identity."""
    parts = persisted_prop.split(".")
    key = ".".join(parts[:2])
    found = _TRANSFORMS.get((comp._namespace, comp._type), {}).get(key)
    return found if found is not None else (_identity, _stored)


def _identity(value: Any) -> Any:
    return value


def _extracted(comp: Component, persisted_prop: str, value: Any) -> Any:
    """The JSON value compared and stored for a persisted prop (``extract``; undefined stays undefined)."""
    if value is UNDEFINED:
        return UNDEFINED
    return to_json(_transform(comp, persisted_prop)[0](to_json(value)))


# -- browser records ------------------------------------------------------------------------------------
class BrowserCopy:
    """The kernel's copy of the browser's ``local`` / ``session`` records (key → JSON text)."""

    def __init__(self) -> None:
        self.records: dict[str, dict[str, str]] = {kind: {} for kind in BROWSER_TYPES}

    def replace(self, reported: dict[str, dict[str, str]]) -> None:
        """A page reported its records (:func:`validate_records` output): they are the truth now."""
        for kind in BROWSER_TYPES:
            self.records[kind] = dict(reported.get(kind, {}))

    def clear(self) -> None:
        for kind in BROWSER_TYPES:
            self.records[kind].clear()


#: The kernel process's copy of the browser records: it outlives apps, so a re-run cell (a new app)
#: applies them at load. Process-wide on purpose (see the docstring), like :data:`_LIBRARY_DEFAULTS`.
BROWSER = BrowserCopy()


def validate_records(value: Any) -> dict[str, dict[str, str]]:
    """Records a view reported (untrusted): ``{"local"|"session": {key: text}}``, keys under
    :data:`PREFIX`, at most :data:`MAX_RECORD_CHARS` in all. Raises ``ValueError`` saying what is wrong."""
    if not isinstance(value, dict):
        raise ValueError(f"`persisted` must be an object with 'local' and 'session' records, got {type(value).__name__}")
    out: dict[str, dict[str, str]] = {}
    total = 0
    for kind, records in value.items():
        if kind not in BROWSER_TYPES:
            raise ValueError(f"`persisted` has an unknown storage {kind!r}; expected 'local' or 'session'")
        if not isinstance(records, dict):
            raise ValueError(f"`persisted.{kind}` must map keys to stored text")
        clean: dict[str, str] = {}
        for key, raw in records.items():
            if not isinstance(key, str) or not isinstance(raw, str) or not key.startswith(PREFIX):
                raise ValueError(f"`persisted.{kind}` holds an entry that is not a persistence record: {key!r}")
            total += len(key) + len(raw)
            if total > MAX_RECORD_CHARS:
                raise ValueError(f"`persisted` is larger than {MAX_RECORD_CHARS} characters")
            clean[key[len(PREFIX):]] = raw
        out[kind] = clean
    return out


# -- the rules ---------------------------------------------------------------------------------------
@dataclass
class _Settings:
    """What ``getProps`` finds on one component."""

    can_persist: bool
    id_str: str
    persistence: Any
    persisted_props: Any
    persistence_type: Any


def _settings(comp: Component, id_str: str | None) -> _Settings:
    props = comp._props
    defaults = _LIBRARY_DEFAULTS.get((comp._namespace, comp._type)) or getattr(type(comp), "_defaults", None) or {}

    def value(name: str) -> Any:
        own = props.get(name, UNDEFINED)
        return own if _truthy(own) else defaults.get(name, UNDEFINED)

    persisted_props = value("persisted_props")
    persistence_type = value("persistence_type")
    has_id = "id" in props and _truthy(props["id"])
    return _Settings(
        can_persist=has_id and _truthy(persisted_props) and _truthy(persistence_type),
        id_str=id_str or "",
        persistence=props.get("persistence", UNDEFINED),
        persisted_props=persisted_props,
        persistence_type=persistence_type,
    )


def _names(persisted_props: Any) -> list[str]:
    if isinstance(persisted_props, str):
        return [persisted_props]  # a string is iterable in ramda's forEach only as characters; be lenient
    if not isinstance(persisted_props, list):
        return []
    return [p for p in persisted_props if isinstance(p, str)]


def _prop_of(persisted_prop: str) -> str:
    return persisted_prop.split(".")[0]


@dataclass
class Persistence:
    """One session's persistence: its ``memory`` records and the browser records it uses/changes."""

    browser: BrowserCopy = field(default_factory=lambda: BROWSER)
    memory: dict[str, str] = field(default_factory=dict)
    #: browser record changes not yet sent to the views: kind → key → text (None: deleted)
    ops: dict[str, dict[str, str | None]] = field(default_factory=lambda: {k: {} for k in BROWSER_TYPES})
    #: browser-backed values applied at load: (id_str, prop) → (layout value, value applied, component)
    loaded: dict[tuple[str, str], tuple[Any, Any, Component]] = field(default_factory=dict)
    #: False while the kernel corrects values from a view's records (those are not edits)
    recording: bool = True

    # -- storage ---------------------------------------------------------------------------------
    def _kind(self, persistence_type: Any) -> str:
        return persistence_type if persistence_type in BROWSER_TYPES else "memory"

    def _records(self, kind: str) -> dict[str, str]:
        return self.memory if kind == "memory" else self.browser.records[kind]

    def _get(self, kind: str, key: str) -> list[Any] | None:
        raw = self._records(kind).get(key)
        return None if raw is None else _decode(raw)

    def _put(self, kind: str, key: str, record: list[Any]) -> None:
        raw = _encode(record)
        self._records(kind)[key] = raw
        if kind != "memory":
            self.ops[kind][key] = raw

    def _remove(self, kind: str, key: str) -> None:
        if self._records(kind).pop(key, None) is not None and kind != "memory":
            self.ops[kind][key] = None

    def adopt(self, reported: dict[str, dict[str, str]], *, fresh: bool) -> None:
        """A view reported its page's records (:func:`validate_records`): they replace the kernel's
        copy. Changes not yet sent are newer than the page's records and stay on top, except after a
        fresh load, when they were computed from the old copy (:meth:`corrections` redoes them)."""
        self.browser.replace(reported)
        for kind, changes in self.ops.items():
            if fresh:
                changes.clear()
                continue
            records = self.browser.records[kind]
            for key, raw in changes.items():
                if raw is None:
                    records.pop(key, None)
                else:
                    records[key] = raw

    def take_ops(self) -> dict[str, dict[str, str | None]] | None:
        """Browser record changes since the last call, keys with :data:`PREFIX` (None: none)."""
        if not any(self.ops.values()):
            return None
        ops = {kind: {PREFIX + k: v for k, v in changes.items()} for kind, changes in self.ops.items() if changes}
        for changes in self.ops.values():
            changes.clear()
        return ops

    @staticmethod
    def key(id_str: str, persisted_prop: str, persistence: Any) -> str:
        return f"{id_str}.{persisted_prop}.{_js_json(to_json(persistence))}"

    # -- applying (applyPersistence / modProp) ----------------------------------------------------
    def _mod_prop(
        self, comp: Component, kind: str, key: str, props: dict[str, Any], persisted_prop: str,
        update: dict[str, Any], *, undo: bool = False,
    ) -> None:
        record = self._get(kind, key)
        if record is None:
            if key in self._records(kind):
                self._remove(kind, key)  # not a record Dash could read: drop it
            return
        new, original = record[0], record[1] if len(record) > 1 else UNDEFINED
        from_value, to_value = (new, original) if undo else (original, new)
        prop = _prop_of(persisted_prop)
        if prop in _NEVER or prop in type(comp)._children_props:
            return  # not data a record may set (see _NEVER)
        current = props.get(prop, UNDEFINED)
        if _equals(from_value, _extracted(comp, persisted_prop, current)):
            apply = _transform(comp, persisted_prop)[1]
            base = update[prop] if prop in update else current
            update[prop] = apply(to_value, None if base is UNDEFINED else to_json(base))
        else:
            self._remove(kind, key)  # the app gives another value now: the edit is dropped

    def apply(self, value: Any, *, at_load: bool = False) -> list[tuple[Component, dict[str, Any]]]:
        """Apply stored edits inside a layout value (the component and its ``children``, recursively,
        as Dash's ``persistenceMods``), changing the components' props in place. Returns what changed."""
        changed: list[tuple[Component, dict[str, Any]]] = []
        for comp in _children_walk(value):
            s = _settings(comp, None)
            if not s.can_persist or not _truthy(s.persistence):
                continue
            s.id_str = stringify_id(comp._props["id"])
            kind = self._kind(s.persistence_type)
            update: dict[str, Any] = {}
            for persisted_prop in _names(s.persisted_props):
                self._mod_prop(comp, kind, self.key(s.id_str, persisted_prop, s.persistence),
                               comp._props, persisted_prop, update)
            if at_load and kind != "memory":
                for persisted_prop in _names(s.persisted_props):
                    prop = _prop_of(persisted_prop)
                    layout_value = comp._props.get(prop, UNDEFINED)
                    self.loaded[(s.id_str, prop)] = (layout_value, update.get(prop, layout_value), comp)
            for prop, new_value in update.items():
                comp._props[prop] = None if new_value is UNDEFINED else new_value
            if update:
                changed.append((comp, update))
        return changed

    # -- pruning (prunePersistence) -----------------------------------------------------------------
    def prune(self, comp: Component, id_str: str, new_props: dict[str, Any]) -> dict[str, Any]:
        """A callback output for one component: when it changes its persistence settings, undo the
        edits applied under the old ones and apply those stored under the new ones."""
        if not any(p in new_props for p in PROPS):
            return new_props
        s = _settings(comp, id_str)
        final_persistence = new_props.get("persistence", s.persistence)
        if not s.can_persist or not (_truthy(s.persistence) or _truthy(final_persistence)):
            return new_props
        final_type = new_props.get("persistence_type", s.persistence_type)
        final_props = new_props.get("persisted_props", s.persisted_props)
        changed = (
            _strict_ne(final_persistence, s.persistence) or _strict_ne(final_type, s.persistence_type)
            or "persisted_props" in new_props  # a new array from a callback is never the same object
        )
        if not changed:
            return new_props
        update: dict[str, Any] = {}
        current = comp._props
        depersisted: dict[str, Any] = current
        if _truthy(s.persistence):
            kind = self._kind(s.persistence_type)
            for persisted_prop in _names(s.persisted_props):
                if _prop_of(persisted_prop) not in new_props:
                    self._mod_prop(comp, kind, self.key(id_str, persisted_prop, s.persistence), current,
                                   persisted_prop, update, undo=True)
            depersisted = {**current, **update}
        if _truthy(final_persistence):
            kind = self._kind(final_type)
            for persisted_prop in _names(final_props):
                if _prop_of(persisted_prop) not in new_props:
                    self._mod_prop(comp, kind, self.key(id_str, persisted_prop, final_persistence), depersisted,
                                   persisted_prop, update)
        return {**new_props, **{k: None if v is UNDEFINED else v for k, v in update.items()}}

    # -- recording (recordUiEdit) ----------------------------------------------------------------
    def record(self, comp: Component, id_str: str, new_props: dict[str, Any]) -> None:
        """New values for props of one component (before they are stored): keep the persisted ones."""
        if not self.recording or not _truthy(comp._props.get("persistence", UNDEFINED)):
            return
        s = _settings(comp, id_str)
        if not s.can_persist or not _truthy(s.persistence):
            return
        if "persistence" in new_props and _strict_ne(new_props["persistence"], s.persistence):
            return  # the update changes `persistence` itself (Dash's isPersistenceMismatch)
        kind = self._kind(s.persistence_type)
        for persisted_prop in _names(s.persisted_props):
            prop = _prop_of(persisted_prop)
            if prop not in new_props or prop in _NEVER or prop in type(comp)._children_props:
                continue
            key = self.key(id_str, persisted_prop, s.persistence)
            current = comp._props.get(prop, UNDEFINED)
            original = _extracted(comp, persisted_prop, current)
            new = _extracted(comp, persisted_prop, new_props[prop])
            if not _strict_ne(original, new):
                continue
            stored = self._get(kind, key)
            if stored is not None:
                original = stored[1] if len(stored) > 1 else UNDEFINED
            self._put(kind, key, [new] if original is UNDEFINED else [new, original])

    # -- the scheduler's hooks ------------------------------------------------------------------------
    def affects(self, comp: Component, props: dict[str, Any]) -> bool:
        """Whether :meth:`on_output` could do anything for these outputs of ``comp`` (the cheap test
        the scheduler runs for every output): only a component that has ``persistence`` or is given
        it records or prunes, and stored edits apply to returned ``children`` only if there are any
        records at all. An app without persistence anywhere pays two dict lookups per output."""
        if "persistence" in comp._props or "persistence" in props:
            return True
        children = props.get("children")
        if children is None or type(children) in _SCALARS:
            return False
        return bool(self.memory or self.browser.records["local"] or self.browser.records["session"])

    def on_output(self, comp: Component, id_str: str, props: dict[str, Any], is_patch: Any) -> dict[str, Any]:
        """A callback's outputs for one component, before they are stored (Dash's ``applyProps``):
        prune, apply stored edits inside returned ``children``, record. Returns the props to store.
        Patch values are recorded by the caller once resolved (:meth:`record`)."""
        children = props.get("children")
        if isinstance(children, (Component, list, tuple)):
            self.apply(children)
        if not _truthy(comp._props.get("persistence", UNDEFINED)) and "persistence" not in props:
            return props  # the common case: nothing to prune or record
        props = self.prune(comp, id_str, props)
        plain = {p: v for p, v in props.items() if not is_patch(v)}
        if plain:
            self.record(comp, id_str, plain)
        return props

    def late_defaults(self, live: dict[str, Component], namespace: str, type_: str) -> dict[str, dict[str, Any]]:
        """A library's defaults arrived after its components were loaded (the page reports them when
        it first renders one): stored edits whose original is still the component's value apply
        now, as for a re-rendered component (id_str → props to set)."""
        out: dict[str, dict[str, Any]] = {}
        for id_str, comp in live.items():
            if comp._namespace != namespace or comp._type != type_:
                continue
            s = _settings(comp, id_str)
            if not s.can_persist or not _truthy(s.persistence):
                continue
            kind = self._kind(s.persistence_type)
            update: dict[str, Any] = {}
            for persisted_prop in _names(s.persisted_props):
                self._mod_prop(comp, kind, self.key(id_str, persisted_prop, s.persistence), comp._props,
                               persisted_prop, update)
            changed = {p: None if v is UNDEFINED else v for p, v in update.items()
                       if not _equals(_plain(v), _plain(comp._props.get(p, UNDEFINED)))}
            if changed:
                out[id_str] = changed
        return out

    # -- a view's records after a fresh load -------------------------------------------------------
    def corrections(self, live: dict[str, Component]) -> dict[str, dict[str, Any]]:
        """After :data:`BROWSER` took a fresh view's records: components (id_str → props) whose
        load-time value differs from what those records give, and which nothing changed since."""
        out: dict[str, dict[str, Any]] = {}
        for (id_str, prop), (layout_value, applied, comp) in self.loaded.items():
            if live.get(id_str) is not comp or not _equals(_plain(comp._props.get(prop, UNDEFINED)), _plain(applied)):
                continue
            probe = comp._copy()
            if layout_value is UNDEFINED:
                probe._props.pop(prop, None)
            else:
                probe._props[prop] = layout_value
            s = _settings(probe, id_str)
            kind = self._kind(s.persistence_type)
            update: dict[str, Any] = {}
            for persisted_prop in _names(s.persisted_props):
                if _prop_of(persisted_prop) == prop:
                    self._mod_prop(probe, kind, self.key(id_str, persisted_prop, s.persistence), probe._props,
                                   persisted_prop, update)
            wanted = update.get(prop, layout_value)
            wanted = None if wanted is UNDEFINED else wanted
            if not _equals(to_json(wanted), to_json(applied if applied is not UNDEFINED else None)):
                out.setdefault(id_str, {})[prop] = wanted
        self.loaded.clear()
        return out


def _children_walk(value: Any) -> Iterable[Component]:
    """Components reached from a value through ``children`` only (Dash's ``persistenceMods`` walk)."""
    if isinstance(value, Component):
        yield value
        value = value._props.get("children")
        if isinstance(value, Component):
            yield from _children_walk(value)
        elif isinstance(value, (list, tuple)):
            for item in value:
                if isinstance(item, Component):
                    yield from _children_walk(item)
    elif isinstance(value, (list, tuple)):  # a layout given as a list
        for item in value:
            if isinstance(item, Component):
                yield from _children_walk(item)

