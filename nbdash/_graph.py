"""The callback graph: which callbacks a prop feeds, which a component's outputs need, and what a
pending callback could still change downstream.

Built from an app's registered specs, rebuilt when they change. Lookups resolve *lazily* against
the live :class:`~nbdash._tree.Tree`, because pattern-matching dependencies mean different things
as components come and go (Dash's renderer works the same way: ``dependencies.js`` /
``dependencies_ts.ts``).

A :class:`Call` is one requested invocation of a callback: the spec, the *reference id* that pins its
MATCH / ALLSMALLER wildcards (from the output component it was found by, or the input that
triggered it), the prop ids that triggered it (``changed``, in arrival order), whether it is an
initial call, its execution group and the chain of callbacks that led to it (``predecessors``).

Matching follows Dash exactly: a wildcard id matches components with the same key set; literal
values compare strictly (``1`` is not ``"1"``, ``True`` is not ``1``); MATCH against a reference
compares with Dash's id-value ordering (numbers and numeric strings < booleans < other strings), and
ALLSMALLER selects values strictly below the reference, in layout order.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any

from ._registry import CallbackSpec
from ._tree import Entry, Tree, loose_key
from .dependencies import ALL, ALLSMALLER, MATCH, DashDependency, Wildcard, json_text, stringify_id

DIRECT = 2  # the front end changed the prop
INDIRECT = 1  # a layout chunk brought the prop in

Ref = tuple[tuple[str, ...], tuple[Any, ...], tuple[Any, ...]]  # keys, values, pattern values


# ---------------------------------------------------------------------------------------------
# Value matching
# ---------------------------------------------------------------------------------------------


def _is_numeric(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return math.isfinite(value)
    if isinstance(value, str) and value.strip():
        try:
            return math.isfinite(float(value))
        except ValueError:
            return False
    return False


def id_value_order(a: Any, b: Any) -> int:
    """Dash's ``idValSort``: -1, 0 or 1."""
    if _is_numeric(a):
        if _is_numeric(b):
            fa, fb = float(a), float(b)
            return (fa > fb) - (fa < fb)
        return -1
    if _is_numeric(b):
        return 1
    a_bool, b_bool = isinstance(a, bool), isinstance(b, bool)
    if a_bool != b_bool:
        return -1 if a_bool else 1
    try:
        return (a > b) - (a < b)
    except TypeError:
        return 0


def strict_equal(a: Any, b: Any) -> bool:
    """JavaScript ``===`` on id values."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    return type(a) is type(b) and a == b


def id_match(keys: tuple[str, ...], values: tuple[Any, ...], pattern: tuple[Any, ...], ref: Ref | None = None) -> bool:
    for key, value, wanted in zip(keys, values, pattern):
        if isinstance(wanted, Wildcard):
            if ref is None or wanted is ALL:
                continue
            ref_keys, ref_values, ref_pattern = ref
            if key not in ref_keys:
                continue
            index = ref_keys.index(key)
            ref_wanted = ref_pattern[index]
            expected = -1 if wanted is ALLSMALLER else 1 if ref_wanted is ALLSMALLER else 0
            if id_value_order(value, ref_values[index]) != expected:
                return False
        elif not strict_equal(value, wanted):
            return False
    return True


def _pinned_values(keys: tuple[str, ...], pattern: tuple[Any, ...], ref: Ref | None) -> tuple[Any, ...] | None:
    """If every key's value is fixed (a literal, or MATCH pinned to an equal reference value), the
    loose lookup key of those values; otherwise None (a scan is needed)."""
    pinned = []
    for key, wanted in zip(keys, pattern):
        if not isinstance(wanted, Wildcard):
            pinned.append(loose_key(wanted))
            continue
        if wanted is not MATCH or ref is None or key not in ref[0]:
            return None
        index = ref[0].index(key)
        if ref[2][index] is ALLSMALLER:
            return None
        pinned.append(loose_key(ref[1][index]))
    return tuple(pinned)


def any_vals(pattern: tuple[Any, ...], values: tuple[Any, ...]) -> str:
    """JSON list of the values at MATCH positions ('' when there are none) — Dash's ``anyVals``."""
    matched = [json_text(v) for p, v in zip(pattern, values) if p is MATCH]
    return "[" + ",".join(matched) + "]" if matched else ""


def graph_prop(dep: DashDependency, spec: CallbackSpec) -> str:
    """The prop name the graph files an output under: allow_duplicate outputs carry a per-callback
    ``@`` suffix (so, as in Dash, they do not hold back callbacks that read the clean prop, and
    several callbacks writing one prop are each found by their own output)."""
    if dep.allow_duplicate:
        return f"{dep.component_property}@{spec.inputs_hash[:16]}.{spec.key}"
    return dep.component_property


def _split(dep: DashDependency) -> tuple[tuple[str, ...], tuple[Any, ...]]:
    cid = dep.component_id
    assert isinstance(cid, dict)
    keys = tuple(sorted(cid))
    return keys, tuple(cid[k] for k in keys)


# ---------------------------------------------------------------------------------------------
# Requested invocations
# ---------------------------------------------------------------------------------------------


@dataclass(eq=False)
class Call:
    """One requested invocation of a callback (Dash's resolved callback)."""

    spec: CallbackSpec
    ref: Ref | None
    any_vals: str
    changed: dict[str, int] = field(default_factory=dict)
    initial: bool = False
    group: object | None = None
    predecessors: tuple[CallbackSpec, ...] = ()
    #: nbdash._window: the applied-seq map when its arguments were read, and the record that set it off
    based: dict[str, int] | None = None
    parent: Any = None

    @property
    def uid(self) -> tuple[str, str]:
        """Identity for merging duplicate requests (Dash's ``getUniqueIdentifier``)."""
        return (self.spec.key, self.any_vals)

    def clone(self, **changes: Any) -> Call:
        new = Call(self.spec, self.ref, self.any_vals, dict(self.changed), self.initial, self.group, self.predecessors,
                   None, self.parent)
        for name, value in changes.items():
            setattr(new, name, value)
        return new

    def __repr__(self) -> str:
        return f"<Call {self.spec.name}{self.any_vals} changed={list(self.changed)}{' initial' if self.initial else ''}>"


@dataclass
class _Pattern:
    values: tuple[Any, ...]
    specs: list[CallbackSpec]


class Graph:
    """Index of an app's callbacks by the props they read and write."""

    def __init__(self, specs: list[CallbackSpec]) -> None:
        self.specs = specs
        self._cache: dict[tuple[int, Ref | None], tuple[DashDependency, list[Entry]]] = {}
        self._cache_version: tuple[int, int] = (0, -1)
        self._memo_table: dict[Any, Any] = {}
        self._memo_stamp: tuple[int, int] = (0, -1)
        self.input_map: dict[str, dict[str, list[CallbackSpec]]] = {}
        self.input_patterns: dict[tuple[str, ...], dict[str, list[_Pattern]]] = {}
        self.output_map: dict[str, dict[str, list[CallbackSpec]]] = {}
        self.output_patterns: dict[tuple[str, ...], dict[str, list[_Pattern]]] = {}
        for spec in specs:
            for input_dep in spec.inputs:
                self._file(input_dep, input_dep.component_property, spec, self.input_map, self.input_patterns)
            for output_dep in spec.outputs:
                self._file(output_dep, graph_prop(output_dep, spec), spec, self.output_map, self.output_patterns)

    @staticmethod
    def _file(dep: DashDependency, prop: str, spec: CallbackSpec, flat: dict, patterns: dict) -> None:
        if isinstance(dep.component_id, dict):
            keys, values = _split(dep)
            group = patterns.setdefault(keys, {}).setdefault(prop, [])
            for pattern in group:
                if pattern.values == values:
                    if spec not in pattern.specs:
                        pattern.specs.append(spec)
                    return
            group.append(_Pattern(values, [spec]))
        else:
            specs = flat.setdefault(dep.component_id, {}).setdefault(prop, [])
            if spec not in specs:
                specs.append(spec)

    # -- resolution ------------------------------------------------------------------------------
    def resolve(self, tree: Tree, dep: DashDependency, ref: Ref | None) -> list[Entry]:
        """Components ``dep`` names in the current layout (pinned by ``ref``), in layout order."""
        cid = dep.component_id
        if not isinstance(cid, dict):
            found = tree.strs.get(cid)
            return [found] if found is not None else []
        if self._cache_version != (id(tree), tree.version):
            self._cache.clear()
            self._cache_version = (id(tree), tree.version)
        key = (id(dep), ref)
        cached = self._cache.get(key)
        if cached is None:  # the dep is kept in the value so its id() cannot be reused meanwhile
            cached = self._cache[key] = (dep, self._resolve_pattern(tree, dep, ref))
        return cached[1]

    @staticmethod
    def _resolve_pattern(tree: Tree, dep: DashDependency, ref: Ref | None) -> list[Entry]:
        keys, pattern = _split(dep)
        pinned = _pinned_values(keys, pattern, ref)
        candidates = tree.pattern_lookup(keys, pinned) if pinned is not None else tree.pattern_group(keys)
        return [e for e in candidates if id_match(keys, e.values, pattern, ref)]

    def outputs_of(self, tree: Tree, call: Call) -> list[list[Entry]]:
        return [self.resolve(tree, dep, call.ref) for dep in call.spec.outputs]

    def outputs_found(self, tree: Tree, call: Call) -> int:
        """How many components ``call``'s outputs resolve to in the current layout (memoized)."""
        memo = self._memo(tree)
        key = ("found", call.spec.key, call.ref)
        found = memo.get(key)
        if found is None:
            found = memo[key] = sum(len(entries) for entries in self.outputs_of(tree, call))
        return found  # type: ignore[no-any-return]

    def _memo(self, tree: Tree) -> dict[Any, Any]:
        """Per-layout memo: valid while the tree's id index is unchanged (and for this graph)."""
        stamp = (id(tree), tree.version)
        if self._memo_stamp != stamp:
            self._memo_table.clear()
            self._memo_stamp = stamp
        return self._memo_table

    def output_prop_ids(self, tree: Tree, call: Call, *, graph: bool = True) -> list[str]:
        memo = self._memo(tree)
        key = ("out", graph, call.spec.key, call.any_vals, call.ref)
        ids = memo.get(key)
        if ids is None:
            ids = []
            for dep in call.spec.outputs:
                prop = graph_prop(dep, call.spec) if graph else dep.component_property
                ids.extend(f"{e.id_str}.{prop}" for e in self.resolve(tree, dep, call.ref))
            memo[key] = ids
        return ids  # type: ignore[no-any-return]

    def input_prop_ids(self, tree: Tree, call: Call) -> list[str]:
        memo = self._memo(tree)
        key = ("in", call.spec.key, call.any_vals, call.ref)
        ids = memo.get(key)
        if ids is None:
            ids = []
            for dep in call.spec.inputs:
                ids.extend(f"{e.id_str}.{dep.component_property}" for e in self.resolve(tree, dep, call.ref))
            memo[key] = ids
        return ids  # type: ignore[no-any-return]

    # -- callbacks by input / by output ----------------------------------------------------------
    def by_input(self, tree: Tree, id_: Any, prop: str, change: int = DIRECT, *, id_str: str | None = None) -> list[Call]:
        """Calls that ``id.prop`` feeds (Dash's ``getCallbacksByInput``); ``id_str`` saves
        stringifying the id when the caller knows it."""
        matches: list[Call] = []
        if isinstance(id_, dict):
            if id_str is None:
                id_str = stringify_id(id_)
            # Pattern matching depends only on the layout and the callbacks: the resolved calls'
            # (spec, ref, MATCH values) are memoized per layout, fresh Call objects built each time.
            memo = self._memo(tree)
            key = ("by", id_str, prop)
            recipes = memo.get(key)
            if recipes is None:
                keys = tuple(sorted(id_))
                values = tuple(id_[k] for k in keys)
                for pattern in self.input_patterns.get(keys, {}).get(prop, []):
                    if id_match(keys, values, pattern.values):
                        ref = (keys, values, pattern.values)
                        trigger_vals = any_vals(pattern.values, values)
                        for spec in pattern.specs:
                            self._add_resolved(tree, spec, ref, trigger_vals, matches)
                memo[key] = [(c.spec, c.ref, c.any_vals) for c in matches]
            else:
                matches = [Call(spec, ref, vals) for spec, ref, vals in recipes]
        else:
            for spec in self.input_map.get(id_, {}).get(prop, []):
                self._add_resolved(tree, spec, None, "", matches)
        if not matches:
            return matches
        prop_id = f"{id_str if id_str is not None else stringify_id(id_)}.{prop}"
        for call in matches:
            call.changed[prop_id] = change
        return matches

    def _add_resolved(self, tree: Tree, spec: CallbackSpec, ref: Ref | None, trigger_vals: str, out: list[Call]) -> None:
        if not spec.match_keys:
            out.append(Call(spec, ref, trigger_vals))
            return
        single = spec.first_single_output
        seen: set[str] = set()
        if single is not None:
            self._add_from_outputs(spec, single, self.resolve(tree, single, ref), seen, out)
            return
        match_keys = spec.match_keys
        combos: set[str] = set()
        for dep in spec.outputs:
            unique = []
            for entry in self.resolve(tree, dep, ref):
                combo = json.dumps([entry.id.get(k) for k in match_keys])
                if combo not in combos:
                    combos.add(combo)
                    unique.append(entry)
            self._add_from_outputs(spec, dep, unique, seen, out)

    @staticmethod
    def _add_from_outputs(spec: CallbackSpec, dep: DashDependency, entries: list[Entry], seen: set[str], out: list[Call]) -> None:
        keys, pattern = _split(dep)
        for entry in entries:
            values = tuple(entry.id[k] for k in keys)
            vals = any_vals(pattern, values)
            if vals not in seen:
                seen.add(vals)
                out.append(Call(spec, (keys, values, pattern), vals))

    def by_output(self, entry: Entry, prop: str) -> Call | None:
        """The callback (first registered) that writes ``entry.prop``, resolved for that component."""
        if isinstance(entry.id, dict):
            for pattern in self.output_patterns.get(entry.keys, {}).get(prop, []):
                if id_match(entry.keys, entry.values, pattern.values):
                    ref = (entry.keys, entry.values, pattern.values)
                    return Call(pattern.specs[0], ref, any_vals(pattern.values, entry.values))
            return None
        specs = self.output_map.get(entry.id_str, {}).get(prop)
        return Call(specs[0], None, "") if specs else None

    def output_props_of(self, entry: Entry) -> list[str]:
        if isinstance(entry.id, dict):
            return list(self.output_patterns.get(entry.keys, {}))
        return list(self.output_map.get(entry.id_str, {}))

    def input_props_of(self, entry: Entry) -> list[str]:
        if isinstance(entry.id, dict):
            return list(self.input_patterns.get(entry.keys, {}))
        return list(self.input_map.get(entry.id_str, {}))

    # -- readiness -------------------------------------------------------------------------------
    def downstream_outputs(self, tree: Tree, call: Call) -> set[str]:
        """Every prop id ``call`` could change, directly or through any chain of callbacks."""
        memo = self._memo(tree)
        key = ("down", call.spec.key, call.any_vals, call.ref)
        cached = memo.get(key)
        if cached is not None:
            return cached  # type: ignore[no-any-return]
        touched: set[str] = set()
        frontier = [call]
        while frontier:
            fresh: list[tuple[Entry, str]] = []
            for current in frontier:
                for dep in current.spec.outputs:
                    prop = graph_prop(dep, current.spec)
                    for entry in self.resolve(tree, dep, current.ref):
                        pid = f"{entry.id_str}.{prop}"
                        if pid not in touched:
                            touched.add(pid)
                            fresh.append((entry, prop))
            frontier = [
                c for found, prop in fresh for c in self.by_input(tree, found.id, prop, INDIRECT, id_str=found.id_str)
            ]
        memo[key] = touched
        return touched

    def ready(self, tree: Tree, candidates: list[Call], pending: list[Call]) -> list[Call]:
        """Candidates none of whose Inputs (own Outputs excepted) a pending call could still change."""
        if not candidates:
            return []
        blocked: set[str] = set()
        for call in pending:
            blocked |= self.downstream_outputs(tree, call)
        ready = []
        for call in candidates:
            inputs = self.input_prop_ids(tree, call)
            if any(pid in blocked for pid in inputs):
                own = self.output_prop_ids(tree, call)
                if any(pid in blocked and pid not in own for pid in inputs):
                    continue
            ready.append(call)
        return ready
