"""The live component tree of one app, indexed by id.

The tree owns a *copy* of the layout (user objects are never mutated by callbacks). It indexes
every component that has an id, with its *path* — the tuple of steps from the root (prop names,
list indexes) — the way Dash's renderer does (``paths.strs`` / ``paths.objs``):

* string ids map to one component;
* dict (pattern) ids are grouped by their sorted key set; each group is an ordered list, and that
  order is the order ``ALL`` / ``ALLSMALLER`` values arrive in. Like Dash, when a subtree is
  replaced, items outside it keep their place, a new item that has the same id values *and* path as
  an old one takes the old one's position, and other new items are appended.

A library component (``nbdash._foreign.ForeignComponent``) is walked only where its class's children
props say (``a``, ``a.b``, ``a[]``, ``a[].b``, ``a{}``); its descendants' paths carry those steps.

Changing a prop that holds components (``children`` ...) re-indexes only that subtree and reports
what was added and removed, which the scheduler needs for the "new layout chunk" rules.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ._component import Component
from ._foreign import ForeignComponent, resolve
from ._json import EXACT_TYPES
from .dependencies import stringify_id
from .exceptions import DuplicateIdError

Path = tuple[Any, ...]


@dataclass
class Entry:
    """One indexed component: its id, where it is, and the object."""

    id: Any
    id_str: str
    path: Path
    component: Component
    keys: tuple[str, ...] = ()
    values: tuple[Any, ...] = ()


def walk(value: Any, path: Path) -> Iterator[tuple[Component, Path]]:
    """Pre-order (component, path) pairs inside a prop value, in document order."""
    if isinstance(value, Component):
        yield value, path
        if isinstance(value, ForeignComponent):  # exactly the places its class's children props name
            for steps, _container, _key, item in value._slots():
                if isinstance(item, (Component, list, tuple)):
                    yield from walk(item, (*path, *steps))
            return
        for name in type(value)._children_props:
            if name in value._props:
                yield from walk(value._props[name], (*path, name))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            if isinstance(item, (Component, list, tuple, dict)):
                yield from walk(item, (*path, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, (Component, list, tuple)):
                yield from walk(item, (*path, key))


def walk_prop(owner: Component | None, prop: Any, value: Any, path: Path) -> Iterator[tuple[Component, Path]]:
    """:func:`walk` over one prop value of ``owner`` (at ``path``): for a library component only the
    places its children props name inside that prop, otherwise anywhere in the value."""
    if isinstance(owner, ForeignComponent):
        for steps in type(owner)._children_paths:
            if steps[0] == ("key", prop):
                for sub, _container, _key, item in resolve({prop: value}, steps):
                    if isinstance(item, (Component, list, tuple)):
                        yield from walk(item, (*path, *sub))
    else:
        yield from walk(value, (*path, prop))


def has_component(value: Any) -> bool:
    if type(value) in EXACT_TYPES:
        return False
    if isinstance(value, Component):
        return True
    if isinstance(value, (list, tuple)):
        return any(has_component(v) for v in value if isinstance(v, (Component, list, tuple, dict)))
    if isinstance(value, dict):
        return any(has_component(v) for v in value.values() if isinstance(v, (Component, list, tuple)))
    return False


def loose_key(value: Any) -> Any:
    """A hashable key under which ids that may match each other collide: numbers and numeric
    strings by numeric value (Dash compares MATCH values that way), the rest by type and value."""
    if isinstance(value, bool):
        return ("b", value)
    if isinstance(value, (int, float)):
        return ("n", float(value))
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return ("s", value)
        if value.strip() and number == number and number not in (float("inf"), float("-inf")):
            return ("n", number)
        return ("s", value)
    return ("o", repr(value))


def _starts_with(path: Path, prefix: Path) -> bool:
    return path[: len(prefix)] == prefix


class Tree:
    """Components of one app by id, with Dash's path bookkeeping."""

    def __init__(self, root: Component) -> None:
        self.root = root
        self.strs: dict[str, Entry] = {}
        self.objs: dict[tuple[str, ...], list[Entry]] = {}
        self._by_values: dict[tuple[str, ...], dict[tuple[Any, ...], list[Entry]]] = {}
        self.version = 0  # bumped whenever the id index changes
        # Every set_prop as (id_str, prop) since write_base writes were dropped: readers that cache
        # what they read (``_inputs.MultiInputCache``) replay only what changed since their read.
        self.writes: list[tuple[str, str]] = []
        self.write_base = 0
        self.on_add: Any = None  # called with each component that enters the index
        seen: set[str] = set()
        for comp, path in walk(root, ()):
            if "id" in comp._props:
                id_str = stringify_id(comp._props["id"])
                if id_str in seen:
                    raise DuplicateIdError(f"Duplicate component id found in the initial layout: `{id_str}`")
                seen.add(id_str)
                self._add(comp, path, None)

    # -- lookup ----------------------------------------------------------------------------------
    def entry(self, id_: Any) -> Entry | None:
        return self.strs.get(id_ if isinstance(id_, str) else stringify_id(id_))

    def component(self, id_: Any) -> Component | None:
        found = self.entry(id_)
        return found.component if found else None

    def has(self, id_: Any) -> bool:
        return self.entry(id_) is not None

    def pattern_group(self, keys: tuple[str, ...]) -> list[Entry]:
        return self.objs.get(keys, [])

    def pattern_lookup(self, keys: tuple[str, ...], loose_values: tuple[Any, ...]) -> list[Entry]:
        """Entries of a key group whose values equal ``loose_values`` under :func:`loose_key`
        (a superset of the exact matches; callers filter)."""
        index = self._by_values.get(keys)
        if index is None:
            index = {}
            for entry in self.objs.get(keys, []):
                index.setdefault(tuple(loose_key(v) for v in entry.values), []).append(entry)
            self._by_values[keys] = index
        return index.get(loose_values, [])

    def has_prop_id(self, prop_id: str) -> bool:
        return prop_id.rpartition(".")[0] in self.strs

    def __len__(self) -> int:
        return len(self.strs)

    def ids(self) -> list[str]:
        return list(self.strs)

    @property
    def write_count(self) -> int:
        """How many props were ever set (the sequence number of the next write)."""
        return self.write_base + len(self.writes)

    def writes_since(self, seq: int) -> list[tuple[str, str]]:
        """The ``(id_str, prop)`` writes from sequence number ``seq`` on (``seq >= write_base``)."""
        return self.writes[seq - self.write_base:]

    # -- mutation --------------------------------------------------------------------------------
    def set_prop(self, entry: Entry, prop: str, value: Any) -> tuple[Path, Any] | None:
        """Store one prop value. For a component-holding prop, re-index that subtree and return
        ``(chunk_path, old_value)``; otherwise None."""
        comp = entry.component
        old = comp._props.get(prop)
        comp._props[prop] = value
        writes = self.writes
        writes.append((entry.id_str, prop))
        if len(writes) > 4096:  # readers older than this rebuild from scratch
            self.write_base += len(writes)
            writes.clear()
        if prop not in type(comp)._children_props:
            return None
        chunk = (*entry.path, prop)
        if (type(old) not in EXACT_TYPES and has_component(old)) or (type(value) not in EXACT_TYPES and has_component(value)):
            self._reindex(chunk, value, old)
        return chunk, old

    def _walk_chunk(self, value: Any, chunk: Path) -> Iterator[tuple[Component, Path]]:
        """:func:`walk` over a value placed at ``chunk`` (a component's path + one prop name)."""
        owner = self._component_at(chunk[:-1]) if chunk else None
        if isinstance(owner, ForeignComponent):
            return walk_prop(owner, chunk[-1], value, chunk[:-1])
        return walk(value, chunk)

    def _component_at(self, path: Path) -> Any:
        value: Any = self.root
        for step in path:
            try:
                value = value._props.get(step) if isinstance(value, Component) else value[step]
            except (KeyError, IndexError, TypeError):
                return None
        return value

    def ancestors(self, entry: Entry) -> list[Component]:
        """Components on the way from the root down to ``entry`` (root first, entry excluded)."""
        found: list[Component] = []
        value: Any = self.root
        for step in entry.path:
            if isinstance(value, Component):
                found.append(value)
                value = value._props.get(step)
            else:
                value = value[step]
        return found

    def _reindex(self, chunk: Path, new_value: Any, old_value: Any) -> None:
        self._by_values.clear()
        self.version += 1
        for id_str in [k for k, e in self.strs.items() if _starts_with(e.path, chunk)]:
            del self.strs[id_str]
        old_groups = {keys: list(items) for keys, items in self.objs.items()}
        for keys in list(self.objs):
            kept = [e for e in self.objs[keys] if not _starts_with(e.path, chunk)]
            if kept:
                self.objs[keys] = kept
            else:
                del self.objs[keys]
        for comp, path in self._walk_chunk(new_value, chunk):
            if "id" in comp._props:
                self._add(comp, path, old_groups)

    def _add(self, comp: Component, path: Path, old_groups: dict[tuple[str, ...], list[Entry]] | None) -> None:
        id_ = comp._props["id"]
        id_str = stringify_id(id_)
        if isinstance(id_, dict):
            keys = tuple(sorted(id_))
            values = tuple(id_[k] for k in keys)
            entry = Entry(id_, id_str, path, comp, keys, values)
            self._by_values.pop(keys, None)
            group = self.objs.setdefault(keys, [])
            old = old_groups.get(keys, []) if old_groups else []
            index = next((i for i, e in enumerate(old) if e.values == values and e.path == path), -1)
            if index == -1:
                group.append(entry)
            else:
                group.insert(index, entry)
        else:
            entry = Entry(id_, id_str, path, comp)
        self.strs[id_str] = entry
        if self.on_add is not None:
            self.on_add(comp)

    def components_in(self, value: Any, chunk: Path) -> list[Entry]:
        """Entries (with ids) found inside a prop value placed at ``chunk``, in document order."""
        found = []
        for comp, path in self._walk_chunk(value, chunk):
            if "id" in comp._props:
                id_ = comp._props["id"]
                keys = tuple(sorted(id_)) if isinstance(id_, dict) else ()
                values = tuple(id_[k] for k in keys) if keys else ()
                found.append(Entry(id_, stringify_id(id_), path, comp, keys, values))
        return found
