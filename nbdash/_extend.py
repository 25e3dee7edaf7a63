"""dcc.Graph's ``extendData`` / ``prependData``: new points for a figure's traces, without the figure.

What Dash does (dash-core-components 4.x, ``fragments/Graph.react.js`` ``amendTraces`` and
``components/Graph.react.js``): every new value of the prop goes to ``Plotly.extendTraces`` (or
``prependTraces``), prepends first, after the graph has plotted a ``figure`` that arrived with it.
A value is one update, in one of these shapes:

* ``{attr: [[points for trace 0], [points for trace 1], ...]}`` — traces ``0..n-1``;
* ``[update]``, ``[update, trace_indices]`` or ``[update, trace_indices, max_points]`` (a tuple
  from Python) — ``trace_indices`` may be ``None`` (then ``0..n-1``) and negative (from the end);
  ``max_points`` keeps the last (prepend: first) N points of each extended array; it is a number or
  ``{attr: [N per trace index]}``.

A list of several updates is not a shape Dash knows (plotly.js throws); nbdash says so.
plotly.js extends ``gd.data`` in place, and that is the very ``figure`` object in the renderer's
store, so a later ``State(graph, "figure")`` sees the new points; the prop keeps its last value
and the same value returned again extends again.

nbdash: the kernel owns the figure. When a callback (or ``set_props``) sets one of these props, the
scheduler calls :func:`amend_graph` once the component's props of that update are applied (so a
``figure`` returned alongside is replaced first, then extended, as in Dash). It applies the points
to the stored ``figure`` — a new figure object, the stored one is never mutated — without firing
callbacks on ``figure`` (Dash's in-place change fires none either), so ``State(graph, "figure")``,
a second view and a reloaded page all see them. The wire carries only the new points: the patch
holds no ``figure`` and no ``extendData`` but a private ``_nbdash_amend`` list of operations
``[kind, update, indices, max_points]`` (``kind``: ``"prepend"`` / ``"extend"``, indices resolved),
which the browser applies to its own copy of the figure with the same rules (``amendFigure`` in
``js/src/components/graph.js``); when the same patch batch already sends the figure, the figure
sent is the amended one and no operations go. A figure attribute stored as a plotly typed array
(``{"dtype", "bdata"}``, what plotly.py makes of numpy data) is decoded to a list first on both
sides (plotly.js itself would refuse to extend it).

Errors (a shape plotly.js would throw on, a trace index out of range, an attribute the trace does
not have) are :class:`InvalidCallbackReturnValue` naming the graph, the prop and the fix; nothing
is applied.
"""

from __future__ import annotations

import array
import base64
import math
import sys
from typing import TYPE_CHECKING, Any

from .exceptions import InvalidCallbackReturnValue

if TYPE_CHECKING:
    from ._component import Component
    from ._tree import Entry, Tree

AMEND_KEY = "_nbdash_amend"
PROPS = ("prependData", "extendData")  # Dash amends in this order
_KIND = {"prependData": "prepend", "extendData": "extend"}
_EXAMPLE = (
    "For example `(dict(x=[[x1]], y=[[y1]]), [0], 100)` adds one point to trace 0 and keeps its last 100 "
    "points; `dict(y=[[1, 2], [3]])` adds two points to trace 0 and one to trace 1."
)
# plotly's typed-array dtypes → array module codes (little-endian data, as plotly.js reads it)
_DTYPES = {"i1": "b", "u1": "B", "u1c": "B", "i2": "h", "u2": "H", "i4": "i", "u4": "I", "f4": "f", "f8": "d"}

Op = list[Any]  # [kind, update, indices | None, max_points]


class _Bad(Exception):
    """A problem with one value; becomes an InvalidCallbackReturnValue naming graph and prop."""


def _where(component: Component, prop: str) -> str:
    graph_id = component._props.get("id")
    named = f" `{graph_id}`" if graph_id is not None else ""
    return f"`{prop}` of dcc.Graph{named}"


def _error(component: Component, prop: str, problem: str) -> InvalidCallbackReturnValue:
    return InvalidCallbackReturnValue(f"Invalid value for {_where(component, prop)}: {problem}")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def parse(component: Component, prop: str, value: Any) -> Op | None:
    """The operation one value of ``prop`` asks for (indices not yet resolved), or None for no
    value / nothing to add. Raises :class:`InvalidCallbackReturnValue` for a shape Dash cannot use."""
    try:
        return _parse(prop, value)
    except _Bad as bad:
        raise _error(component, prop, str(bad)) from None


def _parse(prop: str, value: Any) -> Op | None:
    if value is None:
        return None
    indices: Any = None
    max_points: Any = None
    if isinstance(value, dict):
        update = value
    elif isinstance(value, (list, tuple)):
        if not value:
            return None
        if not isinstance(value[0], dict):
            if isinstance(value[0], (list, tuple)) and value[0] and isinstance(value[0][0], dict):
                raise _Bad(
                    "it takes one update, not a list of updates. Put every trace in one dict: "
                    "`(dict(y=[[1], [2]]), [0, 1])` extends traces 0 and 1. " + _EXAMPLE
                )
            raise _Bad(f"expected a dict of new points or `[dict, trace_indices, max_points]`, got a list "
                       f"starting with {_short(value[0])}. " + _EXAMPLE)
        if len(value) > 3:
            raise _Bad(f"a list has at most 3 items `[dict, trace_indices, max_points]`, got {len(value)}. " + _EXAMPLE)
        update = value[0]
        indices = value[1] if len(value) > 1 else None
        max_points = value[2] if len(value) > 2 else None
    else:
        raise _Bad(f"expected a dict of new points or `[dict, trace_indices, max_points]`, got {_short(value)}. "
                   + _EXAMPLE)
    if not update:
        return None
    counts = set()
    for attr, per_trace in update.items():
        if not isinstance(per_trace, (list, tuple)):
            raise _Bad(f"`{attr}` must be a list with one list of new points per trace, got {_short(per_trace)}. "
                       + _EXAMPLE)
        for item in per_trace:
            if not isinstance(item, (list, tuple)):
                raise _Bad(f"`{attr}` must hold one list of new points per trace, got {_short(item)} in it "
                           f"(one point for trace 0 is `{attr}=[[value]]`). " + _EXAMPLE)
        counts.add(len(per_trace))
    if indices is not None:
        if not isinstance(indices, (list, tuple)) or not all(_is_int(i) for i in indices):
            raise _Bad(f"trace_indices must be a list of ints such as `[0]`, got {_short(indices)}. " + _EXAMPLE)
        indices = list(indices)
        if counts != {len(indices)}:
            raise _Bad(f"every attribute needs one list of points per trace index ({len(indices)} for "
                       f"{indices}); got {', '.join(f'{len(v)} for `{k}`' for k, v in update.items())}.")
    elif len(counts) > 1:
        raise _Bad("every attribute needs the same number of lists (one per trace); got "
                   + ", ".join(f"{len(v)} for `{k}`" for k, v in update.items()) + ".")
    if max_points is not None:
        n = len(indices) if indices is not None else next(iter(counts))
        if isinstance(max_points, dict):
            for attr in update:
                limits = max_points.get(attr)
                if not isinstance(limits, (list, tuple)) or len(limits) != n or not all(
                        m is None or (_is_number(m) and m >= 0) for m in limits):
                    raise _Bad(f"max_points as a dict needs, for every attribute of the update, a list of {n} "
                               f"numbers (one per trace); `{attr}` has {_short(limits)}.")
            max_points = {attr: [None if m is None else int(m) for m in max_points[attr]] for attr in update}
        elif _is_number(max_points) and max_points >= 0:
            max_points = int(max_points)
        else:
            raise _Bad(f"max_points must be a number >= 0 (or a dict of them per attribute), got {_short(max_points)}.")
    return [_KIND[prop], {k: [list(p) for p in v] for k, v in update.items()}, indices, max_points]


def _short(value: Any) -> str:
    text = repr(value)
    text = text if len(text) <= 60 else text[:57] + "..."
    return f"{type(value).__name__} {text}"


# ----------------------------------------------------------------------------------------------
# Applying operations to a figure (the same rules as amendFigure in js/src/components/graph.js)
# ----------------------------------------------------------------------------------------------
def resolve(figure: Any, op: Op) -> Op:
    """``op`` with its trace indices explicit and non-negative for this figure; raises _Bad."""
    data = figure.get("data") if isinstance(figure, dict) else None
    if not isinstance(data, list):
        raise _Bad("the graph's figure has no traces (`figure['data']`) to add points to.")
    kind, update, indices, max_points = op
    if indices is None:
        indices = list(range(len(next(iter(update.values())))))
    resolved = []
    for i in indices:
        if not -len(data) <= i < len(data):
            raise _Bad(f"trace index {i} is out of range: the figure has {len(data)} trace(s).")
        resolved.append(i % len(data))
    return [kind, update, resolved, max_points]


def apply_ops(figure: dict[str, Any], ops: list[Op]) -> dict[str, Any]:
    """A new figure with the resolved operations applied in order; ``figure`` is not changed
    (containers on the way to a changed array are copied). Raises _Bad."""
    new = dict(figure)
    data = new["data"] = list(figure["data"])
    copied: set[int] = set()
    for kind, update, indices, max_points in ops:
        for attr, per_trace in update.items():
            path = attr.split(".")
            for h, index in enumerate(indices):
                if index not in copied:
                    data[index] = dict(data[index]) if isinstance(data[index], dict) else data[index]
                    copied.add(index)
                parent = data[index]
                for step in path[:-1]:  # copy on the way down ("marker.color")
                    child = parent.get(step) if isinstance(parent, dict) else None
                    if not isinstance(child, dict):
                        parent = None
                        break
                    parent[step] = child = dict(child)
                    parent = child
                target = parent.get(path[-1]) if isinstance(parent, dict) else None
                if isinstance(target, dict) and "bdata" in target:
                    target = _decode(target, attr)
                if not isinstance(target, list):
                    what = "does not have" if target is None else f"has a non-array `{attr}` ({_short(target)}) in"
                    raise _Bad(f"trace {index} {what} `{attr}`: plotly.js can only add points to an existing "
                               f"array. Give the trace an empty one in the figure (e.g. `go.Scatter(x=[], y=[])`).")
                limit = max_points if not isinstance(max_points, dict) else max_points[attr][h]
                points = per_trace[h]
                if kind == "extend":
                    values = target + points
                    if limit is not None and limit < len(values):
                        values = values[len(values) - limit:]
                else:
                    values = points + target
                    if limit is not None and limit < len(values):
                        values = values[:limit]
                assert isinstance(parent, dict)
                parent[path[-1]] = values
    return new


def _decode(spec: dict[str, Any], attr: str) -> list[Any]:
    """A plotly typed array (``{"dtype", "bdata", "shape"?}``) as (nested) lists."""
    code = _DTYPES.get(spec.get("dtype", ""))
    if code is None or not isinstance(spec.get("bdata"), str):
        raise _Bad(f"`{attr}` is stored as a typed array of dtype {spec.get('dtype')!r}, which cannot be extended.")
    values = array.array(code)
    values.frombytes(base64.b64decode(spec["bdata"]))
    if sys.byteorder == "big":
        values.byteswap()
    flat = values.tolist()
    shape = spec.get("shape")
    dims = [int(d) for d in (shape.split(",") if isinstance(shape, str) else shape or [])]
    if len(dims) == 2:
        rows, cols = dims
        return [flat[r * cols:(r + 1) * cols] for r in range(rows)]
    return flat


# ----------------------------------------------------------------------------------------------
# The scheduler's hook and the layout's
# ----------------------------------------------------------------------------------------------
def amend_graph(tree: Tree, entry: Entry, applied: list[str], changes: dict[str, dict[str, Any]]) -> None:
    """After ``applied`` props of a dcc.Graph were set: add the points of ``extendData`` /
    ``prependData`` to the stored figure and put the wire form in ``changes`` (the pending patch
    batch). Raises InvalidCallbackReturnValue (nothing applied)."""
    pending = changes.get(entry.id_str)
    if pending is not None and "figure" in applied:
        pending.pop(AMEND_KEY, None)  # the new figure replaces what this batch's earlier points did
    amended = [p for p in PROPS if p in applied]
    if not amended:
        return
    component = entry.component
    if pending is not None:
        for prop in amended:  # views do not need the values: the operations (or figure) carry them
            pending.pop(prop, None)
        if not pending:
            del changes[entry.id_str]
    ops = fold(component, amended)
    if not ops:
        return
    figure = component._props["figure"]
    tree.set_prop(entry, "figure", figure)  # recorded as a write: caches of wide ALL states re-read it
    pending = changes.setdefault(entry.id_str, {})
    if "figure" in pending:
        pending["figure"] = figure
    else:
        pending.setdefault(AMEND_KEY, []).extend(ops)


def fold(component: Component, props: list[str] | tuple[str, ...] = PROPS) -> list[Op]:
    """Apply the values of ``props`` (Dash's order) to ``component``'s figure in place of the old
    figure object; return the resolved operations. Raises InvalidCallbackReturnValue."""
    from ._json import normalize

    store = component._props
    parsed = [(p, parse(component, p, store.get(p))) for p in PROPS if p in props]
    todo = [(p, op) for p, op in parsed if op is not None]
    if not todo:
        return []
    figure = store.get("figure")
    if figure is not None and type(figure) is not dict:
        figure = normalize(figure)
    ops = []
    for prop, op in todo:
        try:
            resolved = resolve(figure, op)
            figure = apply_ops(figure, [resolved])
        except _Bad as bad:
            raise _error(component, prop, str(bad)) from None
        ops.append(resolved)
    store["figure"] = figure
    return ops
