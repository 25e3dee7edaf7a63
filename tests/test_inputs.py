"""ALL / ALLSMALLER arguments stay exact while the scheduler caches them (nbdash/_inputs.py).

A wide ALL input is read from a per-dependency cache that replays only the tree writes since the
last read. These tests pin what a user must never notice: every call sees the current values, in
layout order, whatever changed them (a click, another callback, ``set_props``, ``app.set_props``, a
layout change), and a callback mutating its arguments or ``ctx.inputs_list`` changes nothing else.
"""

from __future__ import annotations

import threading

from nbdash import ALL, ALLSMALLER, MATCH, Dash, Input, Output, State, ctx, dcc, html, set_props
from nbdash.testing import AppDriver


def items_app(n: int = 5) -> tuple[Dash, list]:
    app = Dash(__name__)
    app.layout = html.Div(
        [html.Button(id={"type": "item", "index": i}) for i in range(n)]
        + [html.Button(id="poke"), html.Div(id="total"), html.Div(id="poked")]
    )
    seen: list = []

    @app.callback(Output("total", "children"), Input({"type": "item", "index": ALL}, "n_clicks"))
    def total(clicks):
        seen.append(list(clicks))
        clicks.append("mutated")  # the callback's own list: must not leak into the next call
        ctx.inputs_list[0][0]["value"] = "mutated too"
        return sum(c or 0 for c in clicks if isinstance(c, int))

    return app, seen


def test_each_call_sees_current_values_in_layout_order():
    app, seen = items_app()
    with AppDriver(app, raise_errors=True) as d:
        d.click({"type": "item", "index": 2})
        d.click({"type": "item", "index": 2})
        d.click({"type": "item", "index": 4})
        assert seen == [
            [None] * 5,
            [None, None, 1, None, None],
            [None, None, 2, None, None],
            [None, None, 2, None, 1],
        ]
        assert d.get("total", "children") == 3


def test_values_changed_by_other_callbacks_set_props_and_cells_are_seen():
    app, seen = items_app(3)

    @app.callback(Output({"type": "item", "index": 0}, "n_clicks"), Input("poke", "n_clicks"), prevent_initial_call=True)
    def poke(n):
        set_props({"type": "item", "index": 1}, {"n_clicks": 10 * n})
        return 100 * n

    with AppDriver(app, raise_errors=True) as d:
        d.click("poke")
        assert seen[-1] == [100, 10, None]
        d.app.set_props({"type": "item", "index": 2}, {"n_clicks": 7})
        d.wait_idle()
        assert seen[-1] == [100, 10, 7]
        assert d.get("total", "children") == 117


def test_container_values_are_fresh_copies_each_call():
    app = Dash(__name__)
    app.layout = html.Div(
        [dcc.Store(id={"type": "store", "index": i}, data=[i]) for i in range(3)]
        + [html.Button(id="go"), html.Div(id="out")]
    )

    @app.callback(
        Output("out", "children"),
        Input("go", "n_clicks"),
        State({"type": "store", "index": ALL}, "data"),
    )
    def grab(n, stores):
        stores[0].append("mutated")  # the value itself, not just the list holding it
        return repr(stores)

    with AppDriver(app, raise_errors=True) as d:
        d.click("go")
        d.click("go")
        assert d.get("out", "children") == "[[0, 'mutated'], [1], [2]]"
        assert d.get({"type": "store", "index": 0}, "data") == [0]


def test_layout_changes_add_and_remove_items():
    app = Dash(__name__)
    app.layout = html.Div(
        [html.Button(id="add"), html.Button(id="drop"), html.Div(id="items", children=[]), html.Div(id="out")]
    )

    @app.callback(Output("items", "children"), Input("add", "n_clicks"), Input("drop", "n_clicks"), State("items", "children"))
    def edit(add, drop, children):
        children = children or []
        if ctx.triggered_id == "drop" and children:
            return children[1:]
        index = len(children) + (drop or 0) * 100
        return children + [dcc.Input(id={"type": "field", "index": index}, value=f"v{index}")]

    @app.callback(Output("out", "children"), Input({"type": "field", "index": ALL}, "value"))
    def show(values):
        return ",".join(values)

    with AppDriver(app, raise_errors=True) as d:
        assert d.get("out", "children") == "v0"
        d.click("add")
        d.set({"type": "field", "index": 1}, "value", "typed")
        assert d.get("out", "children") == "v0,typed"
        d.click("drop")
        assert d.get("out", "children") == "typed"
        d.click("add")
        assert d.get("out", "children") == "typed,v101"


def test_allsmaller_and_match_pins_are_cached_apart():
    app = Dash(__name__)
    app.layout = html.Div(
        [dcc.Input(id={"type": "n", "index": i}, value=i) for i in range(4)]
        + [html.Div(id={"type": "sum", "index": i}) for i in range(4)]
    )

    @app.callback(
        Output({"type": "sum", "index": MATCH}, "children"),
        Input({"type": "n", "index": MATCH}, "value"),
        Input({"type": "n", "index": ALLSMALLER}, "value"),
    )
    def running(own, smaller):
        return own + sum(smaller)

    with AppDriver(app, raise_errors=True) as d:
        assert [d.get({"type": "sum", "index": i}, "children") for i in range(4)] == [0, 1, 3, 6]
        d.set({"type": "n", "index": 1}, "value", 10)
        # index 1 re-runs through MATCH, 2 and 3 through ALLSMALLER; index 0 reads nothing that changed
        assert [d.get({"type": "sum", "index": i}, "children") for i in range(4)] == [0, 10, 12, 15]
        d.set({"type": "n", "index": 3}, "value", 5)
        assert [d.get({"type": "sum", "index": i}, "children") for i in range(4)] == [0, 10, 12, 17]


def test_a_background_job_keeps_the_values_it_started_with():
    app = Dash(__name__)
    app.layout = html.Div(
        [html.Button(id={"type": "item", "index": i}) for i in range(3)] + [html.Button(id="go"), html.Div(id="out")]
    )
    started, release = threading.Event(), threading.Event()

    @app.callback(
        Output("out", "children"),
        Input("go", "n_clicks"),
        State({"type": "item", "index": ALL}, "n_clicks"),
        background=True,
        prevent_initial_call=True,
    )
    def slow(n, clicks):
        started.set()
        assert release.wait(10)
        return repr((clicks, [e.get("value") for e in ctx.states_list[0]]))

    with AppDriver(app, raise_errors=True) as d:
        d.click({"type": "item", "index": 0})
        d.click("go", wait=False)
        assert started.wait(10)
        d.click({"type": "item", "index": 1}, wait=False)  # changes an item while the job runs
        release.set()
        d.wait_idle(timeout=10)
        assert d.get("out", "children") == "([1, None, None], [1, None, None])"
        assert d.get({"type": "item", "index": 1}, "n_clicks") == 1


def test_ctx_triggered_finds_the_item_in_a_wide_all_list():
    app = Dash(__name__)
    app.layout = html.Div(
        [dcc.Input(id={"type": "f", "index": i}, value=f"v{i}") for i in range(50)]
        + [dcc.Input(id="plain", value="p"), html.Div(id="out")]
    )

    @app.callback(
        Output("out", "children"),
        Input({"type": "f", "index": ALL}, "value"),
        Input("plain", "value"),
        prevent_initial_call=True,
    )
    def show(values, plain):
        return repr(ctx.triggered)

    with AppDriver(app, raise_errors=True) as d:
        d.set({"type": "f", "index": 37}, "value", "typed")
        assert d.get("out", "children") == repr([{"prop_id": '{"index":37,"type":"f"}.value', "value": "typed"}])
        d.set("plain", "value", "q")
        assert d.get("out", "children") == repr([{"prop_id": "plain.value", "value": "q"}])


def test_entries_a_job_detaches_do_not_follow_later_reads():
    """The cache hands out its own entry list (updated in place by the next read); what outlives a
    turn — a background job's arguments — is detached first (nbdash/_inputs.py)."""
    from nbdash._inputs import detached

    app, _ = items_app(3)
    session = app._load()
    scheduler, tree = session.scheduler, session.tree
    dep = next(spec for spec in app._registry if spec.name == "total").inputs[0]
    entries = session.graph.resolve(tree, dep, None)
    first = scheduler.multi_inputs.read(dep, None, entries)
    kept = detached([first])[0]
    assert kept.values == [None, None, None] and kept == first and kept is not first
    app.set_props({"type": "item", "index": 1}, {"n_clicks": 5})
    again = scheduler.multi_inputs.read(dep, None, entries)
    assert again.values == [None, 5, None] and again[1]["value"] == 5
    assert kept.values == [None, None, None] and "value" not in kept[1]
