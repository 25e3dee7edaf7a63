"""Callback arguments read from the live tree, with a cache that keeps wide ALL inputs cheap.

A callback argument is Dash's request entry ``{"id", "property", "value"}`` (no ``"value"`` while
the prop is unset); an ``ALL`` / ``ALLSMALLER`` dependency gives a list of them in layout order.
That list travels as an :class:`EntryList`: a real ``list`` of the entries (what ``ctx.inputs_list``
shows, what is pickled for other processes) that also carries the plain values the user's function
receives, so nothing walks the entries a second time to extract them.

Reading an ALL dependency over *n* components from scratch costs *n* dict builds on every call —
about 0.2 µs each, 200 µs for 1,000 items, for a callback whose trigger changed one of them.
:class:`MultiInputCache` keeps, per (dependency, MATCH pin), the entries and values it built last
time, and on the next read replays only the tree writes made since then (``Tree.writes``, a log of
``(id_str, prop)``). A read of a 1,000-item input is then one list copy (the values the function
gets, which it may keep or mutate) plus the changed entries.

The entry list a read returns is the cache's own, updated in place by later reads of the same
dependency — unless it is still *lent*: a callback body runs with the app's lock released
(:mod:`nbdash._flights`), so another thread may read the same dependency meanwhile. A read marks the
list lent until the call is done with it (:func:`release_entries`); a read or catch-up that finds
its list still lent first replaces it with a copy, so the running call's entries never change under
it. On the fast path the call is done before the next read, and nothing is copied. What outlives a
call is copied: a background job detaches its entries when it starts (:func:`detached`),
``ctx.inputs_list`` / ``ctx.states_list`` hand out copies (``_context._fresh_entries``).

What the cache never shares between calls: values that are containers (lists, dicts, components)
are re-read and freshly converted on every call, as the uncached path does, so a callback that
mutates its arguments cannot alter the cache or the tree; components backed by a widget (whose
traits change outside the tree) are never cached. A re-indexed layout (``Tree.version``) resolves
to new entry lists and rebuilds the cache.
"""

from __future__ import annotations

from typing import Any

from ._json import EXACT_TYPES, to_json
from ._sources import Widget
from ._tree import Entry, Tree
from .dependencies import DashDependency


class EntryList(list):  # type: ignore[type-arg]
    """The entries of one ALL / ALLSMALLER dependency, with ``values``: the values alone, in order
    (a fresh list the callback may keep or mutate). Built by :meth:`MultiInputCache.read`."""

    __slots__ = ("values", "position", "owner")
    values: list[Any]
    position: dict[str, int]  # id string → index (shared, read-only): finds one entry without a scan
    owner: Any  # the _Cached that handed it out (None: a copy nobody updates)


def entry_of(entry: Entry, prop: str) -> dict[str, Any]:
    """The request entry of one component's prop."""
    props = entry.component._props
    if prop in props:
        return {"id": entry.id, "property": prop, "value": to_json(props[prop])}
    return {"id": entry.id, "property": prop}


class _Cached:
    """What one dependency read last time (see the module docstring)."""

    __slots__ = ("dep", "entries", "items", "values", "position", "volatile", "seq", "lent")

    def __init__(self, dep: DashDependency, entries: list[Entry], seq: int) -> None:
        prop = dep.component_property
        self.dep = dep
        self.entries = entries  # the resolved list object: a new one means the layout changed
        self.items = EntryList(entry_of(e, prop) for e in entries)
        self.values = [item.get("value") for item in self.items]
        self.position = self.items.position = {e.id_str: i for i, e in enumerate(entries)}
        self.volatile = [i for i, e in enumerate(entries) if _is_volatile(e, prop)]
        self.seq = seq
        self.lent = False  # ``items`` is held by a call that has not finished

    def _unlend(self) -> None:
        """The lent list stays with its call; the cache goes on with a copy."""
        copy = EntryList(self.items)
        copy.position = self.position
        self.items = copy
        self.lent = False

    def catch_up(self, tree: Tree) -> None:
        """Apply the writes logged since the last read to this dependency's entries."""
        prop = self.dep.component_property
        if self.lent:
            self._unlend()
        for id_str, written in tree.writes_since(self.seq):
            if written != prop:
                continue
            index = self.position.get(id_str)
            if index is None:
                continue
            entry = self.entries[index]
            self.items[index] = item = entry_of(entry, prop)
            self.values[index] = item.get("value")
            if _is_volatile(entry, prop) and index not in self.volatile:
                self.volatile.append(index)
        self.seq = tree.write_count

    def read(self) -> EntryList:
        if self.lent:
            self._unlend()
        result = self.items  # shared: see the module docstring
        self.lent = True
        result.owner = self
        result.values = list(self.values)
        if self.volatile:
            prop, values = self.dep.component_property, result.values
            for index in self.volatile:  # fresh copies of containers, as from scratch
                result[index] = item = entry_of(self.entries[index], prop)
                values[index] = item.get("value")
        return result


def release_entries(prepared: Any) -> None:
    """A call is done with its arguments: the cache may update its ALL lists in place again."""
    for entries in (prepared.inputs, prepared.states):
        for entry in entries:
            if type(entry) is EntryList:
                owner = getattr(entry, "owner", None)
                if owner is not None and owner.items is entry:
                    owner.lent = False


def detached(entries: list[Any]) -> list[Any]:
    """``entries`` (a call's inputs or states) with every ALL list copied, for a call that outlives
    its turn (a background job): later reads of the cache do not reach the copy."""
    out = []
    for entry in entries:
        if isinstance(entry, EntryList):
            copy = EntryList(entry)
            copy.values = list(entry.values)
            copy.position = entry.position
            copy.owner = None
            entry = copy
        out.append(entry)
    return out


def _is_volatile(entry: Entry, prop: str) -> bool:
    if isinstance(entry.component, Widget):
        return True
    value = entry.component._props.get(prop)
    return type(value) not in EXACT_TYPES and not isinstance(value, float)


class MultiInputCache:
    """Per-session cache of ALL / ALLSMALLER dependency reads (one per scheduler)."""

    def __init__(self, tree: Tree) -> None:
        self.tree = tree
        self._cached: dict[tuple[int, Any], _Cached] = {}

    def read(self, dep: DashDependency, ref: Any, entries: list[Entry]) -> EntryList:
        """The entries of ``dep`` (resolved to ``entries`` for the pin ``ref``), current."""
        key = (id(dep), ref)
        cached = self._cached.get(key)
        tree = self.tree
        if cached is None or cached.dep is not dep or cached.entries is not entries or cached.seq < tree.write_base:
            if len(self._cached) > 256:  # pins of MATCH values come and go; keep it bounded
                self._cached.clear()
            cached = self._cached[key] = _Cached(dep, entries, tree.write_count)
        elif cached.seq != tree.write_count:
            cached.catch_up(tree)
        return cached.read()
