"""Prop values between user code, the kernel's tree and the wire.

Three forms of a prop value:

* **as returned** by user code: anything Dash accepts — components, plotly figures, numpy arrays,
  pandas objects, dates, tuples...
* **stored** in the tree (:func:`normalize`): plain JSON data (dict/list/str/int/float/bool/None)
  except that components stay component objects (copied, so later user mutations cannot reach the
  live app). Dicts of Dash's component shape (what a callback reading ``children`` gets) become
  components again, as Dash's renderer treats them. Normalizing is where a non-serializable return value is caught, with Dash's
  ``InvalidCallbackReturnValue`` message pointing at the offending path.
* **given to callbacks / sent to the front end** (:func:`to_json`): pure JSON data; components
  become Dash's ``{"type", "namespace", "props"}`` dicts. Callbacks get fresh containers each call, so
  mutating an argument never changes the app's state — as with Dash, where every request is
  decoded anew.

Components of Dash itself and of every Dash library are adopted here (``nbdash._foreign``): Dash's
html/dcc objects become nbdash's, other libraries' become foreign nodes with Dash's JSON shape.

Numbers, numpy, pandas and dates go through plotly's JSON encoder (what Dash itself uses), only
for values that are not already plain JSON, so the common case stays a cheap recursive walk. Large
lists of flat records (a DataTable's ``data``) skip the walk: :mod:`nbdash._records` answers the
stored form, the JSON form and equality for the whole table at C speed, with the same results.

**Values as the browser delivers them.** In Dash every prop value a callback reads has crossed the
browser as JSON and come back parsed by JavaScript, whose numbers are doubles printed shortest-first:
``2.0`` comes back as ``2`` (an int), ``-0.0`` as ``0``, an int beyond 2**53 rounded to the nearest
double (and from 1e21 on printed as an exponent, so parsed back as a float), NaN and ±Infinity as
``null``; tuples arrive as lists; an object's array-index keys (``"0"``, ``"12"``) come first, in
ascending order, as JavaScript objects keep them. The stored form applies exactly that (:func:`js_number`), so every
read — callback arguments, ``ctx``, ``State``, ``app.get_props`` — sees what Dash's would. Plain
``str``/``bool``/``None`` and ints within ±2**53 are returned as they are (one type test).
"""

from __future__ import annotations

import json
import math
from typing import Any

from traitlets import HasTraits

from ._component import Component
from ._foreign import adopt, class_for, is_dash_component
from ._records import MIN_ROWS, equal as _table_equal, json_form as _table_json, stored_form as _table_stored

_PLAIN_SCALARS = (str, int, float, bool, type(None))
# Exact types that are their own stored and JSON form (no NaN check needed): the hot paths test
# ``type(v) in EXACT_TYPES`` (one set lookup) before any isinstance chain.
EXACT_TYPES = frozenset({str, int, bool, type(None)})
#: Ints JavaScript holds exactly (``Number.MAX_SAFE_INTEGER``); beyond, they round like doubles.
MAX_SAFE_INT = 2**53 - 1


class NotSerializable(TypeError):
    """A value that cannot become JSON; ``path`` says where inside the value it sits."""

    def __init__(self, value: Any, path: str) -> None:
        super().__init__(f"value of type `{type(value).__name__}` at {path or 'the top level'} is not JSON serializable")
        self.value = value
        self.path = path


def normalize(value: Any, path: str = "") -> Any:
    """Stored form of ``value``: JSON data with component objects kept (as copies), numbers as
    JavaScript hands them back (see the module docstring)."""
    kind = type(value)
    if kind in EXACT_TYPES:
        if kind is int and not -MAX_SAFE_INT <= value <= MAX_SAFE_INT:
            return js_number(value)
        return value
    if kind is float or isinstance(value, _PLAIN_SCALARS):
        return js_number(value)
    if isinstance(value, Component):
        new = value._copy()
        for name in type(value)._children_props:
            if name in new._props:
                new._props[name] = normalize(new._props[name], f"{path}.{name}" if path else name)
        for name, item in list(new._props.items()):
            kind = type(item)
            if name in type(value)._children_props or kind is str or kind is bool or item is None:
                continue
            new._props[name] = normalize(item, f"{path}.{name}" if path else name)
        return new
    if isinstance(value, dict):
        if len(value) == 3 and set(value) == {"type", "namespace", "props"}:
            cls = _component_class(value)
            if cls is not None:  # Dash's JSON of a component (e.g. children read from a State)
                return normalize(_rebuild(cls, value["props"]), path)
        out = {}
        indexed = False
        for key, item in value.items():
            if not isinstance(key, str):
                key = _key_string(key, path)
            if not indexed and key[:1].isdigit():
                indexed = _is_array_index(key)
            out[key] = normalize(item, f"{path}[{key!r}]")
        return _js_key_order(out) if indexed else out
    if isinstance(value, HasTraits):
        from ._sources import Widget

        return Widget(value)
    if isinstance(value, (list, tuple)):
        if type(value) is list and len(value) >= MIN_ROWS:
            table = _table_stored(value)  # a large plain table: C-speed checks and a row copy (_records)
            if table is not None:
                return table
        return [normalize(item, f"{path}[{i}]") for i, item in enumerate(value)]
    if is_dash_component(value):  # any Dash library's component: adopted as an nbdash node
        return normalize(adopt(value), path)
    return normalize(_via_plotly(value, path), path)


def to_json(value: Any) -> Any:
    """Pure JSON form: components become ``{"type","namespace","props"}``; containers are fresh."""
    if type(value) in EXACT_TYPES or isinstance(value, _PLAIN_SCALARS):
        return value
    if isinstance(value, Component):
        return {
            "props": {k: to_json(v) for k, v in value._props.items()},
            "type": value._type,
            "namespace": value._namespace,
        }
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        if type(value) is list and len(value) >= MIN_ROWS:
            table = _table_json(value)  # a stored plain table (_records): a row copy
            if table is not None:
                return table
        return [to_json(v) for v in value]
    return to_json(normalize(value))



def from_json(value: Any) -> Any:
    """Inverse of :func:`to_json` for data that crossed a process boundary: dicts of Dash's
    component shape with a known namespace become nbdash components again."""
    if isinstance(value, list):
        return [from_json(v) for v in value]
    if not isinstance(value, dict):
        return value
    cls = _component_class(value) if set(value) == {"type", "namespace", "props"} else None
    if cls is None:
        return {k: from_json(v) for k, v in value.items()}
    return _rebuild(cls, {k: from_json(v) for k, v in value["props"].items()})


def _rebuild(cls: type[Component], props: Any) -> Component:
    if not isinstance(props, dict):
        raise NotSerializable(props, "the props of a component dict")
    new = object.__new__(cls)
    object.__setattr__(new, "_props", dict(props))
    return new


def _component_class(value: dict[str, Any]) -> type[Component] | None:
    """nbdash's html/dcc class, or a library's node class (ImportError naming the pip package when
    the library is not installed); None when the dict is not a component after all."""
    namespace, type_ = value["namespace"], value["type"]
    if not isinstance(namespace, str) or not isinstance(type_, str):
        return None
    return class_for(namespace, type_)


def js_number(value: Any) -> Any:
    """A number as JavaScript parses it from JSON and prints it back: integral doubles below 1e21
    become ints (``2.0`` → ``2``, ``-0.0`` → ``0``), ints beyond ±2**53 round to the nearest double,
    NaN / ±Infinity become ``None`` (JSON ``null``). Other scalars (str, bool, None) are returned."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return value
    if isinstance(value, int):
        if -MAX_SAFE_INT <= value <= MAX_SAFE_INT:
            return int(value)
        try:
            value = float(value)
        except OverflowError:
            return None
    else:
        value = float(value)  # float subclasses (numpy.float64) become plain floats
    if not math.isfinite(value):
        return None
    if value.is_integer() and abs(value) < 1e21:
        return int(value)
    return value


def _is_array_index(key: str) -> bool:
    """Whether JavaScript treats this object key as an array index (``"0"`` … ``"4294967294"``)."""
    return key.isascii() and key.isdigit() and (len(key) == 1 or key[0] != "0") and int(key) < 2**32 - 1


def _js_key_order(obj: dict[str, Any]) -> dict[str, Any]:
    """The key order a JavaScript object gives back: array-index keys first, ascending, then the
    others in insertion order (``{"b": 1, "2": 2}`` comes back as ``{"2": 2, "b": 1}``)."""
    indices = sorted((k for k in obj if _is_array_index(k)), key=int)
    ordered = {k: obj[k] for k in indices}
    ordered.update((k, v) for k, v in obj.items() if k not in ordered)
    return ordered


def _key_string(key: Any, path: str) -> str:
    if isinstance(key, (int, float, bool)) or key is None:
        return json.dumps(key)
    raise NotSerializable(key, f"{path} (a dict key)")


def _via_plotly(value: Any, path: str) -> Any:
    """Encode an unusual value (figure, numpy, pandas, date...) the way Dash's backend would."""
    to_plotly = getattr(value, "to_plotly_json", None)
    if callable(to_plotly):
        return to_plotly()
    if isinstance(value, (set, frozenset, bytes, bytearray, complex)) or callable(value):
        raise NotSerializable(value, path)
    try:
        from plotly.io.json import to_json_plotly
    except ImportError as exc:  # pragma: no cover - plotly is a dependency
        raise NotSerializable(value, path) from exc
    try:
        return json.loads(to_json_plotly(value))
    except (TypeError, ValueError) as exc:
        raise NotSerializable(value, path) from exc


def deep_equal(a: Any, b: Any) -> bool:
    """Equality of two prop values as the front end sees them (JSON forms)."""
    if a is b:
        return True
    if type(a) is type(b) and type(a) in EXACT_TYPES:
        return bool(a == b)
    if isinstance(a, _PLAIN_SCALARS) and isinstance(b, _PLAIN_SCALARS):
        return type(a) is type(b) and a == b or (
            isinstance(a, (int, float)) and isinstance(b, (int, float))
            and not isinstance(a, bool) and not isinstance(b, bool) and a == b
        )
    if type(a) is list and type(b) is list and len(a) >= MIN_ROWS and len(b) >= MIN_ROWS:
        same = _table_equal(a, b)  # a stored plain table against another plain table (_records)
        if same is not None:
            return same
    return bool(to_json(a) == to_json(b))
