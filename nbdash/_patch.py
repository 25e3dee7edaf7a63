"""Partial property updates: Dash's ``Patch``, recorded in Python and applied in the kernel.

A callback that returns a whole figure to add one point sends (and re-renders) the whole figure.
Dash's answer is ``Patch``: the callback returns a *description* of the change and whoever holds the
current value applies it. This module has both halves.

Recording — :class:`Patch`
    A write-only stand-in for the prop's current value. Indexing (``p["data"][0]``) or attribute
    access (``p.layout.title``) builds a location; assigning, deleting, the in-place operators and the
    list/dict methods each append one operation ``{"operation", "location", "params"}`` to a list
    shared by every view made from the same root. ``to_plotly_json()`` gives Dash's wire form::

        {"__dash_patch_update": "__dash_patch_update", "operations": [...]}

    The public API and that form are Dash 4.4.1's, so code written for ``dash.Patch`` works unchanged.
    Two deliberate improvements: an in-place operator on a stored view (``v = p["a"]; v += 1``) keeps
    ``v`` usable (Dash turns it into a private sentinel), and ``update()`` never mutates the caller's
    dict. Dunder names are never treated as keys (``p.__foo__`` raises ``AttributeError``), so
    protocol probes by ``copy``, ``pickle``, IPython or numpy cannot go astray.

Applying — :func:`apply_patch`
    What Dash's renderer does on receiving a patch (``dash-renderer/src/actions/patch.ts``, built on
    ramda): for each operation in order, resolve negative list indexes against the value as it is
    at that step, then rebuild the value with the change. The input is never mutated: only the
    containers on the modified path are copied, everything else is shared with the input, so
    patching one leaf of a large figure costs the depth of the path, not the size of the figure.

    Renderer behaviour followed on purpose: assigning (or appending, prepending, merging) under a
    path that does not exist creates it, with a list for an integer key and a dict otherwise (list
    gaps are filled with ``None``, as JSON renders JS holes); deleting something that does not exist
    is a no-op; ``Insert`` at an index that is still negative after counting from the end appends
    (ramda's ``insert``); ``Remove`` drops every deep-equal item; ``Merge`` is a shallow dict merge;
    ``Add`` follows JS ``+`` for numbers and strings (``"n=" + 1 == "n=1"``); ``None`` counts as ``0``
    in arithmetic; division by zero gives ``inf``/``nan``; integral float results become ``int`` (a
    JS number round-tripped through JSON is what a later Dash callback would see).

    Where the renderer would silently produce garbage (JS coercions such as spreading a list into a
    dict, appending to a string, ``undefined + 1``), :class:`PatchError` is raised instead, naming the
    operation, its location and a fix. A current value of ``None`` is "Cannot patch undefined".

Components inside a value are navigated like Dash's JSON form: ``p[0]["props"]["children"] = "x"``
on a list of components rebuilds the first component with the new ``children``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any, NoReturn

from ._component import Component
from ._json import EXACT_TYPES
from .exceptions import DashException

__all__ = ["PATCH_KEY", "Patch", "PatchError", "apply_patch", "is_patch"]

#: The marker key (and value) of a serialized patch.
PATCH_KEY = "__dash_patch_update"

Key = str | int

# ======================================================================================
# Recording
# ======================================================================================

#: Attribute names that are Patch internals (or that serializers probe), never patch keys.
_RESERVED_ATTRS = frozenset({"_location", "_operations", "tolist"})


def _record(name: str, location: list[Any], **params: Any) -> dict[str, Any]:
    return {"operation": name, "location": location, "params": params}


def _check_key(key: Any) -> None:
    if isinstance(key, slice):
        raise TypeError("a slice is not a valid index for patch")


class Patch:
    """A write-only proxy for a callback output's current value, recording changes to it.

    Return it from a callback instead of the full value; the kernel applies the recorded operations
    to the value it holds. ``Patch()`` stands for the whole value; ``p[key]`` / ``p.key`` for a part.
    """

    _location: list[Key]
    _operations: list[dict[str, Any]]

    def __init__(self, location: list[Key] | None = None, parent: Patch | None = None) -> None:
        if location is None:
            location = parent._location if parent is not None else []
        object.__setattr__(self, "_location", list(location))
        object.__setattr__(self, "_operations", parent._operations if parent is not None else [])

    # -- pickling / copying (explicit, so that __getattr__ is never asked for them) ------------
    def __getstate__(self) -> dict[str, Any]:
        return dict(vars(self))

    def __setstate__(self, state: dict[str, Any]) -> None:
        vars(self).update(state)

    # -- building locations ------------------------------------------------------------------------
    def __getitem__(self, key: Key) -> Patch:
        _check_key(key)
        return Patch(location=self._location + [key], parent=self)

    def __getattr__(self, name: str) -> Any:
        # Only called for names that are not real attributes. Typed Any (it returns a Patch):
        # with "-> Patch", mypy rejects the documented ``p.count += 1``.
        if name in _RESERVED_ATTRS or (name.startswith("__") and name.endswith("__")):
            raise AttributeError(name)
        return self[name]

    def _add_op(self, name: str, location: list[Key] | None = None, **params: Any) -> None:
        where = self._location if location is None else location
        self._operations.append(_record(name, list(where), **params))

    def _is_inplace_result(self, key: Key, value: Any) -> bool:
        """``p[k] += x`` ends with ``p[k] = <the view>``: the operation is already recorded."""
        return (
            isinstance(value, Patch)
            and value._operations is self._operations
            and value._location == self._location + [key]
        )

    # -- assignment and deletion -------------------------------------------------------------------
    def __setitem__(self, key: Key, value: Any) -> None:
        _check_key(key)
        if self._is_inplace_result(key, value):
            return
        self._add_op("Assign", self._location + [key], value=value)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in ("_location", "_operations"):
            object.__setattr__(self, name, value)
        else:
            self[name] = value

    def __delitem__(self, key: Key) -> None:
        _check_key(key)
        self._add_op("Delete", self._location + [key])

    def __delattr__(self, name: str) -> None:
        del self[name]

    # -- in-place operators ------------------------------------------------------------------------
    def __iadd__(self, other: Any) -> Patch:
        if isinstance(other, (list, tuple)):
            self.extend(other)
        else:
            self._add_op("Add", value=other)
        return self

    def __isub__(self, other: Any) -> Patch:
        self._add_op("Sub", value=other)
        return self

    def __imul__(self, other: Any) -> Patch:
        self._add_op("Mul", value=other)
        return self

    def __itruediv__(self, other: Any) -> Patch:
        self._add_op("Div", value=other)
        return self

    def __ior__(self, other: Any) -> Patch:
        self.update(other)
        return self

    # -- list and dict methods ---------------------------------------------------------------------
    def append(self, item: Any) -> None:
        """Add ``item`` at the end of the list."""
        self._add_op("Append", value=item)

    def prepend(self, item: Any) -> None:
        """Add ``item`` at the start of the list."""
        self._add_op("Prepend", value=item)

    def insert(self, index: int, item: Any) -> None:
        """Add ``item`` before position ``index`` of the list (negative counts from the end)."""
        self._add_op("Insert", value=item, index=index)

    def extend(self, items: list[Any] | tuple[Any, ...]) -> None:
        """Add every element of ``items`` at the end of the list."""
        if not isinstance(items, (list, tuple)):
            raise TypeError(f"Patch.extend() takes a list or tuple, not {type(items).__name__}: {items!r}")
        self._add_op("Extend", value=items)

    def remove(self, item: Any) -> None:
        """Remove every element equal to ``item`` from the list (not only the first, unlike list)."""
        self._add_op("Remove", value=item)

    def clear(self) -> None:
        """Empty the list (or dict, or string)."""
        self._add_op("Clear")

    def reverse(self) -> None:
        """Reverse the order of the list."""
        self._add_op("Reverse")

    def update(self, E: Any = None, **F: Any) -> None:
        """Shallow-merge a dict (and/or keyword arguments) into the dict."""
        self._add_op("Merge", value=dict(E or {}, **F))

    def sort(self, *args: Any, **kwargs: Any) -> NoReturn:
        """Not supported (reserved by Dash); use ``p["sort"]`` for a key called ``sort``."""
        raise KeyError("sort is reserved for future use, use brackets to access this key on your object")

    # -- the rest ----------------------------------------------------------------------------------
    def __iter__(self) -> Iterator[Any]:
        raise TypeError("Patch objects are write-only, you cannot iterate them.")

    def __contains__(self, item: Any) -> bool:
        raise TypeError("Patch objects are write-only, you cannot test what they contain.")

    def __repr__(self) -> str:
        return f"<write-only Patch object at {self._location!r}>"

    def to_plotly_json(self) -> dict[str, Any]:
        """Dash's serialized form of the recorded operations."""
        return {PATCH_KEY: PATCH_KEY, "operations": list(self._operations)}


def _is_foreign_patch(value: Any) -> bool:
    """A ``dash.Patch`` (from real Dash), recognised without importing dash."""
    cls = type(value)
    return cls.__name__ == "Patch" and cls.__module__.split(".")[0] == "dash" and hasattr(cls, "to_plotly_json")


def is_patch(value: Any) -> bool:
    """True for a :class:`Patch` (ours or ``dash.Patch``) or its serialized dict."""
    if type(value) in EXACT_TYPES:
        return False
    if isinstance(value, Patch) or _is_foreign_patch(value):
        return True
    return isinstance(value, Mapping) and PATCH_KEY in value


# ======================================================================================
# Applying
# ======================================================================================


class PatchError(DashException, ValueError):
    """A patch could not be applied to the current value.

    ``operation`` and ``location`` name the failing operation (``None`` when the patch as a whole
    was rejected, as for "Cannot patch undefined").
    """

    def __init__(self, msg: str, *, operation: str | None = None, location: list[Any] | None = None) -> None:
        super().__init__(msg)
        self.operation = operation
        self.location = location


class _Conflict(Exception):
    """Raised inside one operation; turned into a :class:`PatchError` with its context."""

    def __init__(self, reason: str, hint: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.hint = hint


class _Missing:
    """What is at a path that does not exist (JS ``undefined``)."""

    def __repr__(self) -> str:
        return "<missing>"


_MISSING: Any = _Missing()


def _describe(value: Any) -> str:
    if value is _MISSING:
        return "nothing (that path does not exist)"
    if value is None:
        return "None"
    if isinstance(value, Mapping) and "bdata" in value and "dtype" in value:
        return (
            "a plotly typed array (a {'dtype', 'bdata'} dict, which plotly makes from numpy arrays; "
            "build the figure from plain lists to patch its arrays)"
        )
    if isinstance(value, Component):
        return f"a component ({value._type})"
    name = type(value).__name__
    article = "an" if name[0] in "aeiou" else "a"
    return f"{article} {name} ({_short(value)})"


def _short(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _is_list(value: Any) -> bool:
    return isinstance(value, (list, tuple))


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float))  # bool included: JS coerces true/false to 1/0


# -- locations ----------------------------------------------------------------------------------


def _check_location(location: Any) -> list[Key]:
    if not _is_list(location):
        raise _Conflict(f"the location must be a list of keys, not {_short(location)}")
    for key in location:
        if isinstance(key, bool) or not isinstance(key, (str, int)):
            raise _Conflict(f"location keys must be str or int, not {_short(key)}")
    return list(location)


def _lookup(node: Any, key: Key) -> tuple[Key, Any]:
    """The slot ``key`` names in ``node`` and what is there (``_MISSING`` if absent).

    A dict takes an int key as is or, failing that, as its str (JS object keys are strings).
    Non-containers (and a str key on a list) have nothing at any key.
    """
    if isinstance(node, Component):
        node = _component_json(node)
    if _is_list(node):
        if isinstance(key, int) and 0 <= key < len(node):
            return key, node[key]
        return key, _MISSING
    if isinstance(node, Mapping):
        if key in node:
            return key, node[key]
        if isinstance(key, int):
            return str(key), node.get(str(key), _MISSING)
    return key, _MISSING


def _resolve_location(value: Any, location: list[Key]) -> list[Key]:
    """Turn negative list indexes into positions, each against the value at that step."""
    resolved: list[Key] = []
    node = value
    for key in location:
        if isinstance(key, int) and key < 0:
            if not _is_list(node):
                raise _Conflict(
                    f"the negative index {key} (after {resolved!r}) needs a list, but there is {_describe(node)}"
                )
            if key + len(node) < 0:
                raise _Conflict(f"index {key} (after {resolved!r}) is out of range for a list of length {len(node)}")
            key = key + len(node)
        resolved.append(key)
        node = _lookup(node, key)[1]
    return resolved


# -- components: navigated as their JSON form {"props", "type", "namespace"} ---------------------


def _component_json(node: Component) -> dict[str, Any]:
    return {"props": node._props, "type": node._type, "namespace": node._namespace}


def _component_with(node: Component, key: Key, value: Any) -> Component:
    if key != "props":
        raise _Conflict(f"only the 'props' of a component can be patched, not {key!r}")
    if not isinstance(value, Mapping):
        raise _Conflict(f"a component's 'props' must stay a dict, not {_describe(value)}")
    new = object.__new__(type(node))
    object.__setattr__(new, "_props", dict(value))
    return new


# -- structural-sharing rebuilds ---------------------------------------------------------------


def _container_for(node: Any, key: Key) -> Any:
    """The container to write ``key`` into: ``node`` itself, or a new one where nothing is."""
    if node is _MISSING or node is None:
        return [] if isinstance(key, int) else {}
    if _is_list(node):
        if not isinstance(key, int):
            raise _Conflict(f"cannot use the key {key!r} on a list; list positions are ints")
        return node
    if isinstance(node, (Mapping, Component)):
        return node
    raise _Conflict(f"cannot use the key {key!r} on {_describe(node)}")


def _with(container: Any, slot: Key, value: Any) -> Any:
    """A copy of ``container`` with ``slot`` set to ``value`` (lists grow, padded with ``None``)."""
    if isinstance(container, Component):
        return _component_with(container, slot, value)
    if _is_list(container):
        assert isinstance(slot, int)
        items = list(container)
        if slot >= len(items):
            items.extend([None] * (slot + 1 - len(items)))
        items[slot] = value
        return items
    new = dict(container)
    new[slot] = value
    return new


def _replace_at(node: Any, path: Sequence[Key], change: Callable[[Any], Any]) -> Any:
    """``node`` rebuilt with the value at ``path`` replaced by ``change(old)``; ``old`` may be
    ``_MISSING``. Missing intermediate containers are created (``assocPath``)."""
    if not path:
        return change(node)
    container = _container_for(node, path[0])
    slot, old = _lookup(container, path[0])
    return _with(container, slot, _replace_at(old, path[1:], change))


def _without(container: Any, key: Key) -> Any:
    if isinstance(container, Component):
        raise _Conflict(f"cannot delete {key!r} from a component; delete keys under 'props'")
    if _is_list(container):
        if not isinstance(key, int):
            raise _Conflict(f"cannot use the key {key!r} on a list; list positions are ints")
        if key >= len(container):
            return container
        return [item for i, item in enumerate(container) if i != key]
    slot, old = _lookup(container, key)
    if old is _MISSING:
        return container
    return {k: v for k, v in container.items() if k != slot}


def _delete_at(node: Any, path: Sequence[Key]) -> Any:
    """``node`` without the value at ``path``; unchanged (the same object) if there is none."""
    if not path or node is _MISSING or node is None:
        return node
    if not (_is_list(node) or isinstance(node, (Mapping, Component))):
        raise _Conflict(f"cannot use the key {path[0]!r} on {_describe(node)}")
    if len(path) == 1:
        return _without(node, path[0])
    container = _container_for(node, path[0])
    slot, old = _lookup(container, path[0])
    new_child = _delete_at(old, path[1:])
    return node if new_child is old else _with(container, slot, new_child)


# -- JS semantics helpers --------------------------------------------------------------------


def _js_number(value: Any) -> Any:
    """An arithmetic result as a JSON round trip through JS would give it back (3.0 -> 3)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _js_number_str(value: float) -> str:
    """ECMAScript ``Number.prototype.toString`` (shortest round-trip digits, JS notation rules)."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "0"
    sign = "-" if value < 0 else ""
    parts = Decimal(repr(abs(value))).normalize().as_tuple()
    digits = "".join(map(str, parts.digits))
    k = len(digits)
    n = k + int(parts.exponent)  # value == 0.<digits> * 10**n
    if k <= n <= 21:
        text = digits + "0" * (n - k)
    elif 0 < n <= 21:
        text = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        text = "0." + "0" * -n + digits
    else:
        exp = n - 1
        text = digits[0] + ("." + digits[1:] if k > 1 else "") + ("e+" if exp >= 0 else "e-") + str(abs(exp))
    return sign + text


def _js_str(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return _js_number_str(float(value))


def _js_equals(a: Any, b: Any) -> bool:
    """Deep equality like ramda's ``equals`` on JSON values (``True != 1``, ``nan == nan``)."""
    if hasattr(type(a), "to_plotly_json"):
        a = a.to_plotly_json()
    if hasattr(type(b), "to_plotly_json"):
        b = b.to_plotly_json()
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if _is_number(a) and _is_number(b):
        return a == b or (math.isnan(a) and math.isnan(b))
    if _is_list(a) and _is_list(b):
        return len(a) == len(b) and all(_js_equals(x, y) for x, y in zip(a, b))
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        return a.keys() == b.keys() and all(_js_equals(a[k], b[k]) for k in a)
    if _is_list(a) or _is_list(b) or isinstance(a, Mapping) or isinstance(b, Mapping):
        return False
    return bool(a == b)


# -- operations on the value at the location --------------------------------------------------

_Params = Mapping[str, Any]


def _param(params: _Params, name: str) -> Any:
    if name not in params:
        raise _Conflict(f"its params have no {name!r}")
    return params[name]


def _need_list(old: Any, what: str) -> list[Any] | tuple[Any, ...]:
    if not _is_list(old):
        raise _Conflict(
            f"{what} needs a list there, but there is {_describe(old)}",
            "Check the location, or set the whole value first (patch[...] = [...]).",
        )
    return old


def _assign(old: Any, params: _Params) -> Any:
    return _param(params, "value")


def _merge(old: Any, params: _Params) -> Any:
    value = _param(params, "value")
    if value is not None and not isinstance(value, Mapping):
        raise _Conflict(f"the value to merge must be a dict, not {_describe(value)}")
    if old is _MISSING or old is None:
        return dict(value or {})
    if not isinstance(old, Mapping):
        raise _Conflict(f"Merge needs a dict there, but there is {_describe(old)}", "Use assignment to replace it.")
    return {**old, **(value or {})}


def _extend(old: Any, params: _Params) -> Any:
    value = _param(params, "value")
    if isinstance(old, str) and isinstance(value, str):
        return old + value
    items = _need_list(old, "Extend")
    if not _is_list(value):
        raise _Conflict(f"the value to extend with must be a list, not {_describe(value)}")
    return [*items, *value]


def _insert(old: Any, params: _Params) -> Any:
    items = _need_list(old, "Insert")
    index = _param(params, "index")
    if isinstance(index, bool) or not isinstance(index, int):
        raise _Conflict(f"the index must be an int, not {_short(index)}")
    if index < 0:
        index += len(items)
    if not 0 <= index < len(items):  # ramda's insert: anything out of range appends
        index = len(items)
    return [*items[:index], _param(params, "value"), *items[index:]]


def _append(old: Any, params: _Params) -> Any:
    items = [] if old is _MISSING or old is None else _need_list(old, "Append")
    return [*items, _param(params, "value")]


def _prepend(old: Any, params: _Params) -> Any:
    items = [] if old is _MISSING or old is None else _need_list(old, "Prepend")
    return [_param(params, "value"), *items]


def _operands(old: Any, value: Any, name: str) -> tuple[Any, Any]:
    if old is _MISSING:
        raise _Conflict(
            f"{name} needs a value there, but there is {_describe(old)}",
            "Give it an initial value in the layout, or assign it first (patch[...] = 0).",
        )
    return (0 if old is None and _is_number(value) else old), value


def _add(old: Any, params: _Params) -> Any:
    left, right = _operands(old, _param(params, "value"), "Add")
    if _is_number(left) and _is_number(right):
        return _js_number(left + right)
    if isinstance(left, str) and isinstance(right, (str, int, float)):
        return left + _js_str(right)
    if isinstance(right, str) and _is_number(left):
        return _js_str(left) + right
    if _is_list(left) and _is_list(right):
        return [*left, *right]
    raise _Conflict(f"cannot add {_describe(right)} to {_describe(left)}")


def _arithmetic(name: str, compute: Callable[[Any, Any], Any]) -> Callable[[Any, _Params], Any]:
    def operate(old: Any, params: _Params) -> Any:
        left, right = _operands(old, _param(params, "value"), name)
        if not (_is_number(left) and _is_number(right)):
            raise _Conflict(f"{name} needs numbers, but has {_describe(left)} and {_describe(right)}")
        return _js_number(compute(left, right))

    return operate


def _js_divide(left: float, right: float) -> float:
    if right != 0:
        return left / right
    if left == 0 or math.isnan(left):
        return math.nan
    return math.copysign(math.inf, left) * math.copysign(1.0, right)


def _clear(old: Any, params: _Params) -> Any:
    if _is_list(old):
        return []
    if isinstance(old, Mapping):
        return {}
    if isinstance(old, str):
        return ""
    raise _Conflict(f"Clear needs a list, dict or str there, but there is {_describe(old)}")


def _reverse(old: Any, params: _Params) -> Any:
    if isinstance(old, str):
        return old[::-1]
    return list(reversed(_need_list(old, "Reverse")))


def _remove(old: Any, params: _Params) -> Any:
    value = _param(params, "value")
    return [item for item in _need_list(old, "Remove") if not _js_equals(item, value)]


_LEAF_OPERATIONS: dict[str, Callable[[Any, _Params], Any]] = {
    "Assign": _assign,
    "Merge": _merge,
    "Extend": _extend,
    "Insert": _insert,
    "Append": _append,
    "Prepend": _prepend,
    "Add": _add,
    "Sub": _arithmetic("Sub", lambda a, b: a - b),
    "Mul": _arithmetic("Mul", lambda a, b: a * b),
    "Div": _arithmetic("Div", _js_divide),
    "Clear": _clear,
    "Reverse": _reverse,
    "Remove": _remove,
}

OPERATIONS = frozenset({*_LEAF_OPERATIONS, "Delete"})


# -- the driver --------------------------------------------------------------------------------


def _operations_of(patch: Any) -> list[Any]:
    if isinstance(patch, Patch):
        return patch._operations
    if _is_foreign_patch(patch):
        patch = patch.to_plotly_json()
    if isinstance(patch, Mapping) and PATCH_KEY in patch:
        operations = patch.get("operations", [])
        if _is_list(operations):
            return list(operations)
        raise PatchError(f"A patch's 'operations' must be a list, not {_short(operations)}")
    raise TypeError(f"apply_patch() takes a Patch or its serialized dict, not {_short(patch)}")


def _apply_one(value: Any, operation: Any) -> Any:
    if not isinstance(operation, Mapping):
        raise _Conflict(f"an operation must be a dict, not {_short(operation)}")
    name = operation.get("operation")
    location = _resolve_location(value, _check_location(operation.get("location", [])))
    params = operation.get("params") or {}
    if name == "Delete":
        return _delete_at(value, location)
    if name not in _LEAF_OPERATIONS:
        raise _Conflict(f"Invalid Operation {name}", f"Known operations: {', '.join(sorted(OPERATIONS))}.")
    leaf = _LEAF_OPERATIONS[name]
    return _replace_at(value, location, lambda old: leaf(old, params))


def apply_patch(current: Any, patch: Any, *, none_is_undefined: bool = True) -> Any:
    """The value ``current`` becomes under ``patch`` (a :class:`Patch` or its serialized dict).

    ``current`` is not modified; the result shares every branch the patch does not touch.
    ``None`` is the renderer's ``undefined`` and cannot be patched; pass
    ``none_is_undefined=False`` for a prop explicitly set to ``None`` (JSON ``null``), which the
    renderer does patch (e.g. appending to ``html.Div().children`` gives a one-item list).

    Raises :class:`PatchError` naming the failing operation, its location and a fix.
    """
    operations = _operations_of(patch)
    if current is None and none_is_undefined:
        raise PatchError(
            "Cannot patch undefined: the property has no current value (None). A Patch changes an "
            "existing value; give the property an initial value in the layout, or return the full value.",
        )
    value = current
    for number, operation in enumerate(operations):
        try:
            value = _apply_one(value, operation)
        except _Conflict as failure:
            raise _error_for(number, operation, failure) from None
    return value


def _error_for(number: int, operation: Any, failure: _Conflict) -> PatchError:
    name = operation.get("operation") if isinstance(operation, Mapping) else None
    location = operation.get("location") if isinstance(operation, Mapping) else None
    where = f"at location {location!r}" if location else "at the root (location [])"
    message = f"Patch operation #{number} {name} {where} failed: {failure.reason}."
    if failure.hint:
        message += f"\n{failure.hint}"
    return PatchError(message, operation=name, location=list(location) if isinstance(location, (list, tuple)) else None)
