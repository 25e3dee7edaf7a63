"""Dash's check for circular dependencies between callbacks, reported as a Python warning.

Dash (with ``validate_callbacks``, i.e. ``app.run(debug=True)``) builds a graph whose nodes are
``id.prop`` strings, with an edge from every Input to every Output of each callback, and reports the
first cycle in its dev tools as *Circular Dependencies*: ``Dependency Cycle Found: a.children ->
b.children -> a.children``. The callbacks still run; the scheduler's chain rule makes each run at
most once per chain (``_scheduler`` rule 0), so a cycle shows up as updates that stop half-way.

A callback whose Input is also one of its own Outputs (two synchronised sliders in one callback) is
legal: that output becomes a separate node ``<id.prop>__output``, and every *other* callback that
reads the prop also depends on that node, so a cycle running through it is still found.

nbdash has no dev tools: it warns where the user works, with a
``nbdash.exceptions.CircularDependencyWarning``
when a session starts or its callbacks change, once per cycle and app, whatever ``debug`` says
(a notebook user sees it under the cell that displays the app or adds the callback). Pattern ids
are nodes by their pattern string (``{"index":["MATCH"],"type":"x"}.value``), so a cycle through
pattern-matching callbacks is found when the same pattern closes it; Dash expands patterns over
placeholder values, which also finds cycles between overlapping but different patterns.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .exceptions import CircularDependencyWarning

if TYPE_CHECKING:
    from ._registry import CallbackSpec

OUTPUT_TAG = "__output"


def _node(dep: object) -> str:
    return f"{dep.component_id_str()}.{dep.component_property}"  # type: ignore[attr-defined]


def find_cycle(specs: Iterable[CallbackSpec]) -> list[str] | None:
    """The first cycle of ``id.prop`` nodes (first node repeated at the end), or None."""
    edges: dict[str, list[str]] = {}
    cb_in: list[list[str]] = []
    cb_out: list[list[str]] = []
    doubled: list[str] = []

    def add(source: str, target: str) -> None:
        edges.setdefault(source, [])
        edges.setdefault(target, [])
        if target not in edges[source]:
            edges[source].append(target)

    for spec in specs:
        inputs = [_node(dep) for dep in spec.inputs]
        outputs = []
        for dep in spec.outputs:
            name = _node(dep)
            if name in inputs:
                doubled.append(name)
                name += OUTPUT_TAG
            edges.setdefault(name, [])
            outputs.append(name)
            for source in inputs:
                add(source, name)
        cb_in.append(inputs)
        cb_out.append(outputs)
    for original in doubled:
        tagged = original + OUTPUT_TAG
        for inputs, outputs in zip(cb_in, cb_out):
            if original in inputs and tagged not in outputs:
                for name in outputs:
                    add(tagged, name)
    return _first_cycle(edges)


def _first_cycle(edges: dict[str, list[str]]) -> list[str] | None:
    done: set[str] = set()
    for start in edges:
        if start in done:
            continue
        path: list[str] = [start]
        on_path = {start}
        stack = [iter(edges[start])]
        while stack:
            target = next(stack[-1], None)
            if target is None:  # every edge of path[-1] explored: it is on no cycle through here
                stack.pop()
                finished = path.pop()
                on_path.discard(finished)
                done.add(finished)
                continue
            if target in on_path:
                return path[path.index(target):] + [target]
            if target not in done:
                path.append(target)
                on_path.add(target)
                stack.append(iter(edges[target]))
    return None


def message(cycle: list[str]) -> str:
    return (
        "Circular Dependencies: Dependency Cycle Found: " + " -> ".join(cycle) + ". The callbacks still run, "
        "but each at most once per chain, so the cycle stops half-way. To keep several props in step, "
        "update them from ONE callback that has them as both Inputs and Outputs (tell which changed with "
        "ctx.triggered_id)."
    )


def warn_cycles(specs: Iterable[CallbackSpec], reported: set[str]) -> None:
    """Warn about the first cycle of ``specs`` unless it is in ``reported`` (which is updated)."""
    cycle = find_cycle(specs)
    if cycle is None:
        return
    key = " -> ".join(cycle)
    if key in reported:
        return
    reported.add(key)
    warnings.warn(message(cycle), CircularDependencyWarning, stacklevel=2)
