"""Plain tables: large lists of flat JSON records (DataTable's ``data``, AG Grid's ``rowData``) at C speed.

A *plain table* is a ``list`` of at least :data:`MIN_ROWS` ``dict`` rows (exact types, no
subclasses) whose keys are ``str`` and whose values are JSON scalars of exact types (``str``,
``int``, ``float``, ``bool``, ``None``). Dash apps move such tables whole: a DataTable's ``setProps``
sends all of ``data`` with every cell edit, and a callback returning rows stores them all. The
generic per-value walks of :mod:`nbdash._json` (stored form, JSON form, equality) and
:mod:`nbdash._protocol` (validation of page events) cost about 1 µs per value in Python: 100+ ms for
10,000 rows x 5 columns, on every edit. Here each of those questions is answered for the whole table
with a few C-level passes (``map``, ``set``, ``itertools.chain``, ``filter``), and the stored / JSON
forms are row copies (``dict.copy``, fresh containers as the generic walks make). Anything that is
not plainly such a table — or any value the fast path would have to change (an integral float that
JavaScript would print as an int, an int beyond 2**53, NaN, an array-index key, a row shaped like a
component) — returns ``None`` and takes the generic path, which gives the exact result or error.

* :func:`stored_form` — :func:`nbdash._json.normalize` of a plain table that is its own stored form:
  a copy, *remembered* as a known stored table.
* :func:`json_form` — :func:`nbdash._json.to_json` of a known stored table: a copy.
* :func:`equal` — :func:`nbdash._json.deep_equal` when both sides are plain tables: Python's ``==``
  on the rows, which is exactly the comparison of the two JSON forms then (no components, tuples or
  unconverted numbers can hide inside flat rows of exact scalar types).
* :func:`event_table` — the whole-event checks of :mod:`nbdash._protocol` for a table sent by the
  page: keys are strings, numbers finite, nothing shaped like a component, plus an upper bound of
  its JSON size (the exact size is computed only when the bound is over the event limit).

Known tables: the stored copies made here are remembered by identity (:data:`KNOWN` most recent,
held so their ids stay theirs). The kernel never mutates a stored value in place — a new value
replaces it (:mod:`nbdash._json`, ``Patch`` applies to a copy, ``extendData`` makes a new figure) — so
a known table stays plain, and reading it again (a callback's argument, the patch for the views, the
next edit's equality check) skips the classification passes.
"""

from __future__ import annotations

import json
import math
import threading
from itertools import chain
from typing import Any, Final

__all__ = ["MIN_ROWS", "equal", "event_table", "is_known", "json_form", "stored_form"]

#: Tables shorter than this take the generic paths (their per-value walks are cheap enough).
MIN_ROWS: Final = 32
#: How many stored tables are remembered (the current values of the largest props, typically; an
#: edit needs two: the old value and the new one). A remembered table that the tree replaced stays
#: alive until it is forgotten, so this bounds the memory kept: at most this many old tables.
KNOWN: Final = 4
#: JavaScript's ``Number.MAX_SAFE_INTEGER`` (ints beyond are rounded by the stored form).
_MAX_SAFE_INT: Final = 2**53 - 1
_SCALARS: Final = frozenset({str, int, float, bool, type(None)})
_COMPONENT_KEYS: Final = frozenset({"type", "namespace", "props"})

_known: dict[int, list[Any]] = {}
_known_lock = threading.Lock()


def _remember(rows: list[Any]) -> None:
    with _known_lock:
        _known[id(rows)] = rows
        while len(_known) > KNOWN:
            del _known[next(iter(_known))]


def is_known(value: Any) -> bool:
    """Whether ``value`` is a stored table made by :func:`stored_form` (still remembered)."""
    return _known.get(id(value)) is value


class _Table:
    """What the C-level passes found out about one plain table (see :func:`_table`)."""

    __slots__ = ("_by_type", "keys", "kinds", "rows", "values")

    def __init__(self, rows: list[dict[str, Any]], values: list[Any], kinds: set[type], keys: set[str]) -> None:
        self.rows, self.values, self.kinds, self.keys = rows, values, kinds, keys
        self._by_type: dict[type, list[Any]] | None = None

    def of_type(self, kind: type) -> list[Any]:
        """The values of one exact type, in order (one pass sorts all of them, on first use)."""
        by_type = self._by_type
        if by_type is None:
            by_type = self._by_type = {k: [] for k in self.kinds}
            if len(by_type) == 1:
                by_type[next(iter(by_type))] = self.values
            else:
                append = {k: found.append for k, found in by_type.items()}
                for v in self.values:
                    append[type(v)](v)
        return by_type.get(kind, [])

    @property
    def floats(self) -> list[float]:
        return self.of_type(float) if float in self.kinds else []

    @property
    def ints(self) -> list[int]:
        return self.of_type(int) if int in self.kinds else []

    def finite(self) -> bool:
        return all(map(math.isfinite, self.floats))

    def own_stored_form(self) -> bool:
        """Whether the stored form (:func:`nbdash._json.normalize`) would change nothing: no
        component-shaped rows, no array-index keys (JavaScript orders them first), ints within
        2**53, floats finite and not integral (NaN becomes null, 2.0 becomes 2)."""
        if _COMPONENT_KEYS <= self.keys or any(k[:1].isdigit() for k in self.keys):
            return False
        ints = self.ints
        if ints and (max(ints) > _MAX_SAFE_INT or min(ints) < -_MAX_SAFE_INT):
            return False
        return self.finite() and not any(map(float.is_integer, self.floats))

    def copy(self) -> list[dict[str, Any]]:
        """A copy of the rows (fresh containers), remembered as a known stored table."""
        copy = list(map(dict.copy, self.rows))
        _remember(copy)
        return copy

    def json_bound(self) -> int:
        """An upper bound of the length of the table's JSON (``separators=(",", ":")``)."""
        values, keys = self.values, self.keys
        items = len(values)
        size = 2 + 3 * len(self.rows) + items  # brackets, braces, commas
        size += items * (max(len(json.dumps(k)) for k in keys) + 1) if keys else 0  # "key":
        strings = self.of_type(str) if str in self.kinds else []
        text = "".join(strings)
        if text.isascii() and text.isprintable() and '"' not in text and "\\" not in text:
            size += len(text) + 2 * len(strings)
        else:
            size += len(json.dumps(strings, separators=(",", ":")))
        ints, floats = self.ints, self.floats
        if ints:
            size += len(ints) * max(len(str(max(ints))), len(str(min(ints))))
        size += 24 * len(floats)  # repr of a double: at most 24 characters
        return size + 5 * (items - len(strings) - len(ints) - len(floats))  # true / false / null


def _table(rows: Any) -> _Table | None:
    """The facts about ``rows`` if it is a plain table (see the module docstring), else None."""
    if type(rows) is not list or len(rows) < MIN_ROWS or set(map(type, rows)) != {dict}:
        return None
    values = list(chain.from_iterable(map(dict.values, rows)))
    kinds = set(map(type, values))
    if not kinds <= _SCALARS:
        return None
    keys = set(chain.from_iterable(rows))
    if not set(map(type, keys)) <= {str}:
        return None
    return _Table(rows, values, kinds, keys)


def stored_form(value: Any) -> list[dict[str, Any]] | None:
    """The stored form of a plain table that needs no conversion (a fresh copy, remembered; a known
    stored table itself), or None: not such a table, take the generic path."""
    if is_known(value):
        return value  # a stored table is never mutated in place, so it may be stored again as it is
    table = _table(value)
    if table is None or not table.own_stored_form():
        return None
    return table.copy()


def json_form(value: Any) -> list[dict[str, Any]] | None:
    """The JSON form of a known stored table (fresh rows), or None."""
    if is_known(value):
        return list(map(dict.copy, value))
    return None


def equal(a: Any, b: Any) -> bool | None:
    """Whether two values are equal as JSON when one is a known stored table and the other a plain
    table (None: not both, ask the generic comparison)."""
    if type(a) is not list or type(b) is not list:
        return None
    if is_known(a):
        other = b
    elif is_known(b):
        other = a
    else:
        return None
    if not is_known(other) and _table(other) is None:
        return None
    return a == b


def event_table(value: Any) -> tuple[int, Any] | None:
    """For a table sent by the page: if it passes every whole-event check (string keys, finite
    numbers, no component-shaped or component-holding row, two levels deep), an upper bound of the
    length of its JSON (``separators=(",", ":")``) and the value to store — its stored form when that
    changes nothing (a known copy, so the turn reads it without classifying it again), else the
    value itself (the turn normalizes it). None: the generic walk decides, with its precise error."""
    table = _table(value)
    if table is None or _COMPONENT_KEYS <= table.keys or not table.finite():
        return None
    return table.json_bound(), table.copy() if table.own_stored_form() else value
