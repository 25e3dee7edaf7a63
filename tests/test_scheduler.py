"""Firing rules: which callbacks run, when, how often and with what ``ctx.triggered``.

Each test pins one behaviour of Dash 4.4.1 as described in /work/shared/spec/dash-semantics.md
(the "15 rules" summary, sections 3, 5, 6 and the appendix of empirical checks). Tests only use
the public API and the headless ``AppDriver``.
"""

from __future__ import annotations

import pytest

from nbdash import (
    ALL,
    ALLSMALLER,
    MATCH,
    Dash,
    Input,
    Output,
    Patch,
    State,
    callback,
    ctx,
    dcc,
    html,
    no_update,
    set_props,
)
from nbdash.exceptions import (
    CircularDependencyWarning,
    InvalidCallbackReturnValue,
    PreventUpdate,
    SchemaLengthValidationError,
    SchemaTypeValidationError,
)
from nbdash.testing import AppDriver


def make_app(*children, **kwargs) -> Dash:
    app = Dash(__name__, **kwargs)
    app.layout = html.Div(list(children))
    return app


def names(calls) -> list[str]:
    return [c.name for c in calls]


def since(d: AppDriver, start: int):
    return d.calls[start:]


# ==========================================================================================
# Rule 1 — waiting is transitive; upstream changes are merged into one call
# ==========================================================================================


def test_rule1_appendix_example_page_load():
    """A(x, btn) → y; B(y, x) → z: at load A has empty triggered, B runs once with y."""
    app = make_app(dcc.Input(id="x", value="x0"), html.Button(id="b"), html.Div(id="y"), html.Div(id="z"))
    seen = []

    @app.callback(Output("y", "children"), Input("x", "value"), Input("b", "n_clicks"))
    def A(x, n):
        seen.append(n)
        return f"{x}-{n}"

    @app.callback(Output("z", "children"), Input("y", "children"), Input("x", "value"))
    def B(y, x):
        return f"B:{y}"

    with AppDriver(app) as d:
        assert names(d.calls) == ["A", "B"]
        assert d.triggered("A") == [[]]
        assert d.triggered("B") == [["y.children"]]
        assert seen == [None]  # unset n_clicks arrives as None
        assert d.get("z", "children") == "B:x0-None"


def test_rule1_appendix_example_click():
    app = make_app(dcc.Input(id="x", value="x0"), html.Button(id="b"), html.Div(id="y"), html.Div(id="z"))

    @app.callback(Output("y", "children"), Input("x", "value"), Input("b", "n_clicks"))
    def A(x, n):
        return f"{x}-{n}"

    @app.callback(Output("z", "children"), Input("y", "children"), Input("x", "value"))
    def B(y, x):
        return f"B:{y}"

    with AppDriver(app) as d:
        start = len(d.calls)
        d.click("b")
        new = since(d, start)
        assert [(c.name, c.triggered) for c in new] == [("A", ["b.n_clicks"]), ("B", ["y.children"])]
        assert d.get("z", "children") == "B:x0-1"


def test_rule1_waiting_is_transitive_through_a_chain():
    """C(m, x) waits for A(x)→y→M(y)→m although only x changed, then runs once with both."""
    app = make_app(
        dcc.Input(id="x", value="0"), html.Div(id="y"), html.Div(id="m"), html.Div(id="z")
    )
    seen = []

    @app.callback(Output("y", "children"), Input("x", "value"), prevent_initial_call=True)
    def A(x):
        return f"y{x}"

    @app.callback(Output("m", "children"), Input("y", "children"), prevent_initial_call=True)
    def M(y):
        return f"m{y}"

    @app.callback(Output("z", "children"), Input("m", "children"), Input("x", "value"), prevent_initial_call=True)
    def C(m, x):
        seen.append((m, x))
        return "done"

    with AppDriver(app) as d:
        d.set("x", "value", "1")
        assert names(d.calls) == ["A", "M", "C"]
        assert d.triggered("C") == [["x.value", "m.children"]]
        assert seen == [("my1", "1")]


def test_rule1_state_never_makes_a_callback_wait():
    """S reads y only as State: it does not wait for A, runs once and sees y's old value."""
    app = make_app(dcc.Input(id="x", value="0"), html.Div(id="y", children="old"), html.Div(id="s"))
    seen = []

    @app.callback(Output("y", "children"), Input("x", "value"), prevent_initial_call=True)
    def A(x):
        return f"new{x}"

    @app.callback(Output("s", "children"), Input("x", "value"), State("y", "children"), prevent_initial_call=True)
    def S(x, y):
        seen.append(y)
        return y

    with AppDriver(app) as d:
        d.set("x", "value", "1")
        assert sorted(names(d.calls)) == ["A", "S"]
        assert seen == ["old"]


def test_rule1_diamond_downstream_runs_once_with_merged_triggered():
    app = make_app(dcc.Input(id="x", value="0"), html.Div(id="y1"), html.Div(id="y2"), html.Div(id="z"))

    @app.callback(Output("y1", "children"), Input("x", "value"), prevent_initial_call=True)
    def A1(x):
        return f"a{x}"

    @app.callback(Output("y2", "children"), Input("x", "value"), prevent_initial_call=True)
    def A2(x):
        return f"b{x}"

    @app.callback(Output("z", "children"), Input("y1", "children"), Input("y2", "children"), prevent_initial_call=True)
    def C(y1, y2):
        return f"{y1}{y2}"

    with AppDriver(app) as d:
        d.set("x", "value", "1")
        assert names(d.calls) == ["A1", "A2", "C"]
        assert d.triggered("C") == [["y1.children", "y2.children"]]
        assert d.get("z", "children") == "a1b1"


def _two_output_app(prevent: bool) -> Dash:
    app = make_app(html.Button(id="btn"), html.Div(id="a1"), html.Div(id="a2"), html.Div(id="c"))

    @app.callback(Output("a1", "children"), Output("a2", "children"), Input("btn", "n_clicks"),
                  prevent_initial_call=prevent)
    def U(n):
        return f"one{n}", f"two{n}"

    @app.callback(Output("c", "children"), Input("a2", "children"), Input("a1", "children"),
                  prevent_initial_call=prevent)
    def C(a2, a1):
        return f"{a1}|{a2}"

    return app


def test_rule1_two_output_upstream_orders_triggered_by_response_not_input_order():
    with AppDriver(_two_output_app(prevent=True)) as d:
        d.click("btn")
        assert names(d.calls) == ["U", "C"]
        assert d.triggered("C") == [["a1.children", "a2.children"]]
        assert d.get("c", "children") == "one1|two1"


def test_rule1_two_output_upstream_at_page_load():
    with AppDriver(_two_output_app(prevent=False)) as d:
        assert names(d.calls) == ["U", "C"]
        assert d.triggered("C") == [["a1.children", "a2.children"]]


def test_rule1_callback_waiting_for_prevented_upstream_runs_with_own_trigger():
    """cbmt002: out(a, b) waits for b's callback; b raises PreventUpdate; out still runs once."""
    app = make_app(dcc.Input(id="a", value="0"), html.Div(id="b"), html.Div(id="o"))

    @app.callback(Output("b", "children"), Input("a", "value"), prevent_initial_call=True)
    def make_b(a):
        raise PreventUpdate

    @app.callback(Output("o", "children"), Input("a", "value"), Input("b", "children"), prevent_initial_call=True)
    def out(a, b):
        return f"{a}{b}"

    with AppDriver(app) as d:
        d.set("a", "value", "1")
        assert names(d.calls) == ["make_b", "out"]
        assert d.triggered("out") == [["a.value"]]


def test_rule1_pure_downstream_not_run_when_upstream_returns_no_update():
    app = make_app(html.Button(id="btn"), html.Div(id="y"), html.Div(id="z"))

    @app.callback(Output("y", "children"), Input("btn", "n_clicks"), prevent_initial_call=True)
    def A(n):
        return no_update

    @app.callback(Output("z", "children"), Input("y", "children"), prevent_initial_call=True)
    def B(y):
        return "ran"

    with AppDriver(app) as d:
        d.click("btn")
        assert names(d.calls) == ["A"]
        assert d.get("z", "children") is None


# ==========================================================================================
# Rule 3 — triggered on initial calls
# ==========================================================================================


def test_rule3_initial_triggered_is_falsy_one_element_placeholder():
    app = make_app(dcc.Input(id="i", value="v"), html.Div(id="o"))
    seen = {}

    @app.callback(Output("o", "children"), Input("i", "value"))
    def f(v):
        t = ctx.triggered
        seen.update(
            truthy=bool(t), length=len(t), first=dict(t[0]), split=t[0]["prop_id"].split("."),
            tid=ctx.triggered_id,
        )
        return v

    with AppDriver(app) as d:
        assert d.triggered("f") == [[]]
        assert d.calls[0].initial is True
    assert seen == {
        "truthy": False, "length": 1, "first": {"prop_id": ".", "value": None}, "split": ["", ""], "tid": None,
    }


def test_rule3_initial_triggered_non_empty_when_input_came_from_another_initial_callback():
    app = make_app(dcc.Input(id="x", value="v"), html.Div(id="y"), html.Div(id="z"))
    seen = []

    @app.callback(Output("y", "children"), Input("x", "value"))
    def first(x):
        return "Y"

    @app.callback(Output("z", "children"), Input("y", "children"))
    def second(y):
        seen.append(list(ctx.triggered))
        return y

    with AppDriver(app) as d:
        assert d.triggered("first") == [[]]
        assert d.triggered("second") == [["y.children"]]
    assert seen == [[{"prop_id": "y.children", "value": "Y"}]]


# ==========================================================================================
# Rule 4 — equality filtering is one-sided
# ==========================================================================================


def test_rule4_user_setting_the_same_value_fires_nothing():
    app = make_app(dcc.Input(id="x", value="same"), dcc.Store(id="st", data={"k": [1, 2]}), html.Div(id="o"))

    @app.callback(Output("o", "children"), Input("x", "value"), Input("st", "data"), prevent_initial_call=True)
    def f(x, data):
        return "ran"

    with AppDriver(app) as d:
        d.set("x", "value", "same")
        d.set("st", "data", {"k": [1, 2]})
        assert d.calls == []
        d.set("x", "value", "other")
        assert d.triggered("f") == [["x.value"]]


def test_rule4_callback_returning_the_same_value_still_fires_downstream():
    app = make_app(html.Button(id="btn"), html.Div(id="y", children="same"), html.Div(id="z"))

    @app.callback(Output("y", "children"), Input("btn", "n_clicks"), prevent_initial_call=True)
    def A(n):
        return "same"

    @app.callback(Output("z", "children"), Input("y", "children"), prevent_initial_call=True)
    def B(y):
        return y

    with AppDriver(app) as d:
        d.click("btn")
        d.click("btn")
        assert d.triggered("B") == [["y.children"], ["y.children"]]


# ==========================================================================================
# Rule 5 — page-load pruning of the initial execution group
# ==========================================================================================


def _pruning_app(upstream: str) -> Dash:
    app = make_app(
        dcc.Input(id="x", value="x"), dcc.Input(id="other", value="o"),
        html.Div(id="y", children="y0"), html.Div(id="z1"), html.Div(id="z2"), html.Div(id="w"),
    )

    @app.callback(Output("y", "children"), Input("x", "value"))
    def A(x):
        if upstream == "no_update":
            return no_update
        if upstream == "prevent":
            raise PreventUpdate
        raise RuntimeError("upstream failed")

    @app.callback(Output("z1", "children"), Input("y", "children"))
    def B1(y):
        return "B1"

    @app.callback(Output("z2", "children"), Input("y", "children"), Input("other", "value"))
    def B2(y, other):
        return "B2"

    return app


@pytest.mark.parametrize("upstream", ["no_update", "prevent", "error"])
def test_rule5_page_load_pruning_skips_callbacks_fed_only_by_a_non_updating_initial_callback(upstream):
    with AppDriver(_pruning_app(upstream), raise_errors=False) as d:
        assert "B1" not in names(d.calls)
        assert d.get("z1", "children") is None
        assert d.triggered("B2") == [[]]
        assert d.get("z2", "children") == "B2"
        assert len(d.errors) == (1 if upstream == "error" else 0)


def test_rule5_page_load_pruning_is_one_level_deep():
    """The grandchild C(z1) is not pruned: B1 was dropped, not stored, so z1 is not a group output."""
    app = _pruning_app("no_update")

    @app.callback(Output("w", "children"), Input("z1", "children"))
    def C(z1):
        return "C"

    with AppDriver(app) as d:
        assert "B1" not in names(d.calls)
        assert d.triggered("C") == [[]]


# ==========================================================================================
# Rule 6 — prevent_initial_call (cbpi001 cases)
# ==========================================================================================


def test_rule6_prevented_callback_does_not_fire_at_load():
    app = make_app(dcc.Input(id="x", value="v"), html.Div(id="o"))

    @app.callback(Output("o", "children"), Input("x", "value"), prevent_initial_call=True)
    def f(x):
        return x

    with AppDriver(app) as d:
        assert d.calls == []
        d.set("x", "value", "w")
        assert d.triggered("f") == [["x.value"]]


def test_rule6_prevented_callback_still_fires_at_load_when_another_initial_callback_returns_its_input():
    app = make_app(dcc.Input(id="x", value="v"), html.Div(id="y"), html.Div(id="f"))

    @app.callback(Output("y", "children"), Input("x", "value"))
    def E(x):
        return "from E"

    @app.callback(Output("f", "children"), Input("y", "children"), prevent_initial_call=True)
    def F(y):
        return y

    with AppDriver(app) as d:
        assert names(d.calls) == ["E", "F"]
        assert d.triggered("F") == [["y.children"]]
        assert d.get("f", "children") == "from E"


def test_rule6_downstream_of_a_prevented_callback_still_fires_initially():
    app = make_app(dcc.Input(id="x", value="v"), html.Div(id="y", children="y0"), html.Div(id="z"))

    @app.callback(Output("y", "children"), Input("x", "value"), prevent_initial_call=True)
    def A(x):
        return x

    @app.callback(Output("z", "children"), Input("y", "children"))
    def B(y):
        return f"B:{y}"

    with AppDriver(app) as d:
        assert names(d.calls) == ["B"]
        assert d.triggered("B") == [[]]
        assert d.get("z", "children") == "B:y0"


def _insertion_app(prevent_inside: bool) -> Dash:
    app = make_app(html.Button(id="btn"), html.Div(id="container"), html.Div(id="out"))

    @app.callback(Output("container", "children"), Input("btn", "n_clicks"), prevent_initial_call=True)
    def insert(n):
        return html.Div([html.Div(id="cin", children=f"new{n}"), html.Div(id="cinner")])

    @app.callback(Output("cinner", "children"), Input("cin", "children"), prevent_initial_call=prevent_inside)
    def inside(v):
        return f"inside:{v}"

    @app.callback(Output("out", "children"), Input("cin", "children"), prevent_initial_call=True)
    def outside(v):
        return f"outside:{v}"

    return app


def test_rule6_inserted_input_with_output_outside_fires_despite_prevent_initial_call():
    with AppDriver(_insertion_app(prevent_inside=True)) as d:
        assert d.calls == []
        d.click("btn")
        assert d.triggered("outside") == [["cin.children"]]
        assert d.get("out", "children") == "outside:new1"


def test_rule6_inserted_output_and_input_with_prevent_initial_call_is_not_called():
    with AppDriver(_insertion_app(prevent_inside=True)) as d:
        d.click("btn")
        assert "inside" not in names(d.calls)
        assert d.get("cinner", "children") is None


# ==========================================================================================
# Rule 7 — returned children are new layout
# ==========================================================================================


def test_rule7_callback_with_output_inside_new_children_gets_an_initial_call():
    with AppDriver(_insertion_app(prevent_inside=False)) as d:
        d.click("btn")
        inside = [c for c in d.calls if c.name == "inside"]
        assert len(inside) == 1
        assert inside[0].triggered == [] and inside[0].initial is True
        assert d.get("cinner", "children") == "inside:new1"


def test_rule7_every_re_render_of_a_chunk_re_fires_its_internal_callbacks():
    with AppDriver(_insertion_app(prevent_inside=False)) as d:
        d.click("btn")
        d.click("btn")
        assert d.triggered("inside") == [[], []]
        assert d.get("cinner", "children") == "inside:new2"


def test_rule7_match_callback_fires_once_per_new_item():
    app = make_app(html.Button(id="btn"), html.Div(id="list"))

    @app.callback(Output("list", "children"), Input("btn", "n_clicks"), prevent_initial_call=True)
    def build(n):
        return [
            html.Div([dcc.Input(id={"type": "in", "index": i}, value=f"v{i}"), html.Div(id={"type": "out", "index": i})])
            for i in range(3)
        ]

    seen = []

    @app.callback(Output({"type": "out", "index": MATCH}, "children"), Input({"type": "in", "index": MATCH}, "value"))
    def echo(v):
        seen.append(v)
        return v.upper()

    with AppDriver(app) as d:
        assert d.calls == []
        d.click("btn")
        assert d.triggered("echo") == [[], [], []]
        assert seen == ["v0", "v1", "v2"]
        assert [d.get({"type": "out", "index": i}, "children") for i in range(3)] == ["V0", "V1", "V2"]


def _todo_app():
    app = make_app(html.Button(id="add"), html.Button(id="clear"), html.Div(id="items"), html.Div(id="total"))
    state = {"count": 0}

    @app.callback(Output("items", "children"), Input("add", "n_clicks"), Input("clear", "n_clicks"),
                  prevent_initial_call=True)
    def edit(add, clear):
        if ctx.triggered_id == "clear":
            state["count"] = 0
        else:
            state["count"] += 1
        return [dcc.Input(id={"type": "item", "index": i}, value=i * 10) for i in range(state["count"])]

    values = []

    @app.callback(Output("total", "children"), Input({"type": "item", "index": ALL}, "value"))
    def total(vals):
        values.append(vals)
        return sum(vals)

    return app, values


def item(i: int) -> str:
    return '{"index":%d,"type":"item"}.value' % i


def test_rule7_all_aggregator_fires_at_load_with_zero_matches():
    app, values = _todo_app()
    with AppDriver(app) as d:
        assert d.triggered("total") == [[]]
        assert values == [[]]
        assert d.get("total", "children") == 0


def test_rule7_all_aggregator_refires_on_insert_with_new_items_as_triggered():
    app, values = _todo_app()
    with AppDriver(app) as d:
        d.click("add")
        d.click("add")
        assert d.triggered("total")[1:] == [[item(0)], [item(0), item(1)]]
        assert values[1:] == [[0], [0, 10]]
        assert d.get("total", "children") == 10


def test_rule7_all_aggregator_refires_on_removal_with_empty_triggered_and_empty_list():
    app, values = _todo_app()
    with AppDriver(app) as d:
        d.click("add")
        d.click("add")
        start = len(d.calls)
        d.click("clear")
        totals = [c for c in since(d, start) if c.name == "total"]
        assert [c.triggered for c in totals] == [[]]
        assert values[-1] == []
        assert d.get("total", "children") == 0


# ==========================================================================================
# Rule 8 — missing components
# ==========================================================================================


def test_rule8_all_single_inputs_missing_is_silently_skipped():
    app = make_app(html.Div(id="o"))

    @app.callback(Output("o", "children"), Input("ghost1", "value"), Input("ghost2", "value"))
    def f(a, b):
        return "ran"

    with AppDriver(app, raise_errors=False) as d:
        assert d.calls == []
        assert d.errors == []
        assert app.errors == []


def test_rule8_some_single_inputs_missing_records_an_error_and_does_not_call():
    app = make_app(dcc.Input(id="x", value="v"), html.Div(id="o", children="keep"))

    @app.callback(Output("o", "children"), Input("x", "value"), Input("ghost", "value"))
    def f(x, g):
        return "ran"

    with AppDriver(app, raise_errors=False) as d:
        assert "f" not in names(d.calls)
        assert len(d.errors) == 1
        message = str(d.errors[0])
        assert "A nonexistent object was used in an `Input` of a Dash callback." in message
        assert "The id of this object is `ghost` and the property is `value`." in message
        assert d.get("o", "children") == "keep"


def test_rule8_callback_whose_output_is_absent_is_never_called():
    app = make_app(dcc.Input(id="x", value="v"))

    @app.callback(Output("ghost", "children"), Input("x", "value"))
    def f(x):
        return "ran"

    with AppDriver(app, raise_errors=False) as d:
        d.set("x", "value", "w")
        assert d.calls == []
        assert d.errors == []


def test_rule8_all_input_with_zero_matches_fires_with_empty_list():
    app = make_app(html.Div(id="o"))
    seen = []

    @app.callback(Output("o", "children"), Input({"type": "none", "index": ALL}, "value"))
    def f(vals):
        seen.append(vals)
        return len(vals)

    with AppDriver(app) as d:
        assert d.triggered("f") == [[]]
        assert seen == [[]]
        assert d.get("o", "children") == 0


def test_rule8_all_only_output_with_zero_matches_is_never_called():
    app = make_app(html.Button(id="btn"))

    @app.callback(Output({"type": "o", "index": ALL}, "children"), Input("btn", "n_clicks"))
    def f(n):
        return []

    with AppDriver(app, raise_errors=False) as d:
        d.click("btn")
        assert d.calls == []
        assert d.errors == []


# ==========================================================================================
# Rule 9 — cycles
# ==========================================================================================


def test_rule9_self_loop_runs_once_and_other_listener_once_with_the_new_value():
    app = make_app(html.Button(id="sl"), html.Div(id="out"))
    seen = []

    @app.callback(Output("sl", "n_clicks"), Input("sl", "n_clicks"), prevent_initial_call=True)
    def selfloop(n):
        return n + 100

    @app.callback(Output("out", "children"), Input("sl", "n_clicks"), prevent_initial_call=True)
    def listener(n):
        seen.append(n)
        return n

    with AppDriver(app) as d:
        d.click("sl")
        assert names(d.calls) == ["selfloop", "listener"]
        assert seen == [101]
        assert d.get("sl", "n_clicks") == 101


def test_rule9_two_callback_cycle_each_runs_at_most_once_per_chain():
    app = make_app(dcc.Input(id="a", value="a0"), dcc.Input(id="b", value="b0"))

    @app.callback(Output("a", "value"), Input("b", "value"), prevent_initial_call=True)
    def A(b):
        return f"a<{b}>"

    @app.callback(Output("b", "value"), Input("a", "value"), prevent_initial_call=True)
    def B(a):
        return f"b<{a}>"

    with pytest.warns(CircularDependencyWarning), AppDriver(app) as d:
        d.set("a", "value", "x")
        assert names(d.calls) == ["B", "A"]
        assert d.get("b", "value") == "b<x>"
        assert d.get("a", "value") == "a<b<x>>"
        start = len(d.calls)
        d.set("b", "value", "y")
        assert names(since(d, start)) == ["A", "B"]


def test_rule9_two_callback_cycle_at_page_load_runs_each_once():
    app = make_app(dcc.Input(id="a", value="a0"), dcc.Input(id="b", value="b0"))

    @app.callback(Output("a", "value"), Input("b", "value"))
    def A(b):
        return f"a<{b}>"

    @app.callback(Output("b", "value"), Input("a", "value"))
    def B(a):
        return f"b<{a}>"

    with pytest.warns(CircularDependencyWarning), AppDriver(app) as d:
        assert sorted(names(d.calls)) == ["A", "B"]


# ==========================================================================================
# Rule 10 — set_props
# ==========================================================================================


def test_rule10_set_props_merges_per_component():
    app = make_app(html.Button(id="btn"), html.Div(id="t", children="t0"))

    @app.callback(Input("btn", "n_clicks"), prevent_initial_call=True)
    def f(n):
        set_props("t", {"children": "1"})
        set_props("t", {"title": "T"})
        set_props("t", {"children": "2"})

    with AppDriver(app) as d:
        d.click("btn")
        assert d.get("t", "children") == "2"
        assert d.get("t", "title") == "T"


def test_rule10_set_props_is_applied_before_the_callbacks_own_outputs():
    app = make_app(html.Button(id="btn"), html.Div(id="o", children="o0"))

    @app.callback(Output("o", "children"), Input("btn", "n_clicks"), prevent_initial_call=True)
    def f(n):
        set_props("o", {"children": "side"})
        return "out"

    with AppDriver(app) as d:
        d.click("btn")
        assert d.get("o", "children") == "out"
        assert d.history("o", "children") == ["o0", "side", "out"]


def test_rule10_set_props_listeners_are_requested_before_output_listeners():
    app = make_app(html.Button(id="btn"), html.Div(id="o"), html.Div(id="s"), html.Div(id="lo"), html.Div(id="ls"))

    @app.callback(Output("o", "children"), Input("btn", "n_clicks"), prevent_initial_call=True)
    def f(n):
        set_props("s", {"children": "S"})
        return "O"

    @app.callback(Output("lo", "children"), Input("o", "children"), prevent_initial_call=True)
    def on_output(v):
        return v

    @app.callback(Output("ls", "children"), Input("s", "children"), prevent_initial_call=True)
    def on_side(v):
        return v

    with AppDriver(app) as d:
        d.click("btn")
        assert names(d.calls) == ["f", "on_side", "on_output"]


def test_rule10_set_props_triggers_listeners():
    app = make_app(html.Button(id="btn"), html.Div(id="s"), html.Div(id="o"))

    @app.callback(Input("btn", "n_clicks"), prevent_initial_call=True)
    def f(n):
        set_props("s", {"children": f"S{n}"})

    @app.callback(Output("o", "children"), Input("s", "children"), prevent_initial_call=True)
    def listener(s):
        return s

    with AppDriver(app) as d:
        d.click("btn")
        assert d.triggered("listener") == [["s.children"]]
        assert d.get("o", "children") == "S1"


def test_rule10_set_props_values_are_not_equality_filtered():
    app = make_app(html.Button(id="btn"), html.Div(id="s", children="same"), html.Div(id="o"))

    @app.callback(Input("btn", "n_clicks"), prevent_initial_call=True)
    def f(n):
        set_props("s", {"children": "same"})

    @app.callback(Output("o", "children"), Input("s", "children"), prevent_initial_call=True)
    def listener(s):
        return s

    with AppDriver(app) as d:
        d.click("btn")
        d.click("btn")
        assert d.triggered("listener") == [["s.children"], ["s.children"]]


def test_rule10_prevent_update_discards_set_props():
    app = make_app(html.Button(id="btn"), html.Div(id="s", children="s0"), html.Div(id="o"))

    @app.callback(Output("o", "children"), Input("btn", "n_clicks"), prevent_initial_call=True)
    def f(n):
        set_props("s", {"children": "changed"})
        raise PreventUpdate

    @app.callback(Output("s", "title"), Input("s", "children"), prevent_initial_call=True)
    def listener(s):
        return s

    with AppDriver(app) as d:
        d.click("btn")
        assert d.get("s", "children") == "s0"
        assert names(d.calls) == ["f"]


def test_rule10_no_update_keeps_set_props():
    app = make_app(html.Button(id="btn"), html.Div(id="s", children="s0"), html.Div(id="o", children="o0"))

    @app.callback(Output("o", "children"), Input("btn", "n_clicks"), prevent_initial_call=True)
    def f(n):
        set_props("s", {"children": "changed"})
        return no_update

    @app.callback(Output("s", "title"), Input("s", "children"), prevent_initial_call=True)
    def listener(s):
        return s

    with AppDriver(app) as d:
        d.click("btn")
        assert d.get("s", "children") == "changed"
        assert d.get("o", "children") == "o0"
        assert d.triggered("listener") == [["s.children"]]


def test_rule10_components_inserted_via_set_props_get_no_initial_callbacks():
    app = make_app(html.Button(id="btn"), html.Div(id="container"))

    @app.callback(Input("btn", "n_clicks"), prevent_initial_call=True)
    def insert(n):
        set_props("container", {"children": html.Div([html.Div(id="inner-in", children="v"), html.Div(id="inner-out")])})

    @app.callback(Output("inner-out", "children"), Input("inner-in", "children"))
    def inner(v):
        return v

    with AppDriver(app) as d:
        d.click("btn")
        assert d.exists("inner-out")
        assert names(d.calls) == ["insert"]
        assert d.get("inner-out", "children") is None


def test_rule10_set_props_on_a_missing_id_is_silently_skipped():
    app = make_app(html.Button(id="btn"), html.Div(id="o"))

    @app.callback(Output("o", "children"), Input("btn", "n_clicks"), prevent_initial_call=True)
    def f(n):
        set_props("ghost", {"children": "x"})
        return "ok"

    with AppDriver(app) as d:
        d.click("btn")
        assert d.get("o", "children") == "ok"
        assert d.errors == []


def test_rule10_set_props_loop_on_own_input_is_not_guarded():
    app = make_app(dcc.Store(id="cnt", data=0))
    calls = []

    @app.callback(Input("cnt", "data"), prevent_initial_call=True)
    def loop(n):
        calls.append(n)
        if n < 5 and len(calls) < 50:  # the callback's own guard (and a safety bound)
            set_props("cnt", {"data": n + 1})

    with AppDriver(app) as d:
        d.set("cnt", "data", 1)
        assert calls == [1, 2, 3, 4, 5]
        assert d.get("cnt", "data") == 5


def test_rule10_set_props_accepts_a_patch():
    app = make_app(html.Button(id="btn"), dcc.Store(id="st", data=[1]))

    @app.callback(Input("btn", "n_clicks"), prevent_initial_call=True)
    def f(n):
        p = Patch()
        p.append(n + 1)
        set_props("st", {"data": p})

    with AppDriver(app) as d:
        d.click("btn")
        assert d.get("st", "data") == [1, 2]


# ==========================================================================================
# Rule 11 — return shapes
# ==========================================================================================


def _shape_app(outputs, returned, *extra_children):
    app = make_app(html.Button(id="btn"), html.Div(id="o1", children="k1"), html.Div(id="o2", children="k2"),
                   *extra_children)

    @app.callback(outputs, Input("btn", "n_clicks"), prevent_initial_call=True)
    def f(n):
        return returned

    return app


def test_rule11_scalar_output_takes_a_list_as_the_value():
    with AppDriver(_shape_app(Output("o1", "children"), ["x"])) as d:
        d.click("btn")
        assert d.get("o1", "children") == ["x"]


def test_rule11_single_output_in_a_list_needs_a_one_element_list():
    with AppDriver(_shape_app([Output("o1", "children")], ["x"])) as d:
        d.click("btn")
        assert d.get("o1", "children") == "x"


def test_rule11_single_output_in_a_list_returning_a_bare_value_is_an_error():
    with AppDriver(_shape_app([Output("o1", "children")], "x")) as d:
        with pytest.raises(SchemaTypeValidationError):
            d.click("btn")
        assert d.get("o1", "children") == "k1"


def test_rule11_tuple_works_for_multi_output():
    with AppDriver(_shape_app([Output("o1", "children"), Output("o2", "children")], ("a", "b"))) as d:
        d.click("btn")
        assert (d.get("o1", "children"), d.get("o2", "children")) == ("a", "b")


def test_rule11_per_output_no_update():
    with AppDriver(_shape_app([Output("o1", "children"), Output("o2", "children")], [no_update, "b"])) as d:
        d.click("btn")
        assert (d.get("o1", "children"), d.get("o2", "children")) == ("k1", "b")


def test_rule11_bare_no_update_means_all_outputs_of_a_multi_output_callback():
    app = _shape_app([Output("o1", "children"), Output("o2", "children")], no_update)

    @app.callback(Output("btn", "title"), Input("o1", "children"), Input("o2", "children"), prevent_initial_call=True)
    def downstream(a, b):
        return "ran"

    with AppDriver(app) as d:
        d.click("btn")
        assert (d.get("o1", "children"), d.get("o2", "children")) == ("k1", "k2")
        assert names(d.calls) == ["f"]
        assert d.errors == []


def test_rule11_multi_output_wrong_type_is_schema_type_error():
    with AppDriver(_shape_app([Output("o1", "children"), Output("o2", "children")], "abc")) as d:
        with pytest.raises(SchemaTypeValidationError):
            d.click("btn")
        assert (d.get("o1", "children"), d.get("o2", "children")) == ("k1", "k2")


def test_rule11_multi_output_wrong_length_is_schema_length_error_with_dashs_message():
    with AppDriver(_shape_app([Output("o1", "children"), Output("o2", "children")], [1, 2, 3])) as d:
        with pytest.raises(SchemaLengthValidationError) as info:
            d.click("btn")
    assert str(info.value) == (
        "Schema: [<Output `o1.children`>, <Output `o2.children`>]\n"
        "Path: ()\n"
        "Expected length: 2\n"
        "Received value of length 3:\n"
        "    [1, 2, 3]"
    )
    assert isinstance(info.value, InvalidCallbackReturnValue)


def _all_output_app(returned):
    items = [html.Div(id={"type": "o", "index": i}, children=f"k{i}") for i in range(2)]
    return _shape_app(Output({"type": "o", "index": ALL}, "children"), returned, *items)


def test_rule11_all_output_takes_an_exact_length_list():
    with AppDriver(_all_output_app(["a", "b"])) as d:
        d.click("btn")
        assert [d.get({"type": "o", "index": i}, "children") for i in range(2)] == ["a", "b"]


def test_rule11_all_output_non_list_is_wildcard_multi_output_error():
    with AppDriver(_all_output_app("x")) as d:
        with pytest.raises(InvalidCallbackReturnValue) as info:
            d.click("btn")
    message = str(info.value)
    assert "output 0 is a wildcard multi-output." in message
    assert "Expected the output type to be a list or tuple but got:\n'x'." in message


def test_rule11_all_output_wrong_length_is_invalid_number_of_output_values():
    with AppDriver(_all_output_app(["only one"])) as d:
        with pytest.raises(InvalidCallbackReturnValue) as info:
            d.click("btn")
        assert [d.get({"type": "o", "index": i}, "children") for i in range(2)] == ["k0", "k1"]
    message = str(info.value)
    assert "Invalid number of output values for" in message
    assert "item 0.\nExpected 2, got 1" in message


def test_rule11_no_output_callback_must_return_none():
    app = make_app(html.Button(id="btn"))

    @app.callback(Input("btn", "n_clicks"), prevent_initial_call=True)
    def f(n):
        return 5

    with AppDriver(app) as d:
        with pytest.raises(InvalidCallbackReturnValue) as info:
            d.click("btn")
    assert str(info.value) == "No-output callback received return value: 5"


# ==========================================================================================
# Rule 14 — configuration traps
# ==========================================================================================


def test_rule14_app_level_prevent_initial_callbacks_skips_app_callback_but_not_module_callback():
    app = make_app(dcc.Input(id="x", value="v"), html.Div(id="o1"), html.Div(id="o2"),
                   prevent_initial_callbacks=True)

    @app.callback(Output("o1", "children"), Input("x", "value"))
    def via_app(x):
        return x

    @callback(Output("o2", "children"), Input("x", "value"))
    def via_module(x):
        return x

    with AppDriver(app) as d:
        assert names(d.calls) == ["via_module"]
        assert d.triggered("via_module") == [[]]


def test_rule14_initial_duplicate_fires_initially():
    # distinct Inputs, so the two callback ids differ in Dash too (rule 13)
    app = make_app(dcc.Input(id="x", value="v"), dcc.Input(id="x2", value="w"), html.Div(id="o"))

    @app.callback(Output("o", "children", allow_duplicate=True), Input("x", "value"),
                  prevent_initial_call="initial_duplicate")
    def one(x):
        return "one"

    @app.callback(Output("o", "children", allow_duplicate=True), Input("x2", "value"),
                  prevent_initial_call="initial_duplicate")
    def two(x):
        return "two"

    with AppDriver(app) as d:
        assert sorted(names(d.calls)) == ["one", "two"]
        assert d.get("o", "children") in ("one", "two")


def test_rule14_app_level_initial_duplicate_does_not_prevent_initial_calls():
    app = make_app(dcc.Input(id="x", value="v"), html.Div(id="o"), prevent_initial_callbacks="initial_duplicate")

    @app.callback(Output("o", "children"), Input("x", "value"))
    def f(x):
        return x

    with AppDriver(app) as d:
        assert d.triggered("f") == [[]]


def test_rule14_props_not_set_in_the_layout_arrive_as_none():
    app = make_app(html.Button(id="btn"), dcc.Interval(id="iv"), dcc.Input(id="inp"), html.Div(id="o"))
    seen = []

    @app.callback(Output("o", "children"), Input("btn", "n_clicks"), Input("iv", "n_intervals"),
                  Input("inp", "value"), State("btn", "n_clicks_timestamp"))
    def f(n, k, v, ts):
        seen.append((n, k, v, ts))
        return "ok"

    with AppDriver(app) as d:
        assert seen == [(None, None, None, None)]
        d.click("btn")
        assert seen[-1][0] == 1


def test_callback_without_inputs_fires_once_at_load_when_its_output_exists():
    app = make_app(html.Div(id="o"), html.Button(id="btn"))

    @app.callback(Output("o", "children"))
    def static():
        return "static"

    @app.callback(Output("ghost", "children"))
    def absent():
        return "never"

    with AppDriver(app) as d:
        assert d.triggered("static") == [[]]
        assert "absent" not in names(d.calls)
        d.click("btn")
        assert names(d.calls) == ["static"]
        assert d.get("o", "children") == "static"


def test_callback_without_inputs_or_outputs_fires_once_at_load():
    app = make_app(html.Div(id="o"))

    @app.callback()
    def setup():
        set_props("o", {"children": "set up"})

    with AppDriver(app) as d:
        assert d.triggered("setup") == [[]]
        assert d.get("o", "children") == "set up"


# ==========================================================================================
# Pattern matching
# ==========================================================================================


def test_allsmaller_values_follow_layout_order_not_sorted():
    children = []
    for i in (1, 0, 2):
        children.append(dcc.Input(id={"type": "v", "index": i}, value=f"v{i}"))
        children.append(html.Div(id={"type": "out", "index": i}))
    app = make_app(*children)
    seen = {}

    @app.callback(Output({"type": "out", "index": MATCH}, "children"), Input({"type": "v", "index": MATCH}, "value"),
                  State({"type": "v", "index": ALLSMALLER}, "value"))
    def f(v, smaller):
        seen[v] = smaller
        return len(smaller)

    with AppDriver(app) as d:
        assert seen == {"v1": ["v0"], "v0": [], "v2": ["v1", "v0"]}
        assert d.triggered("f") == [[], [], []]


def test_pattern_triggered_prop_ids_use_stringify_id_with_sorted_keys():
    buttons = [html.Button(id={"type": "btn", "index": i}) for i in range(3)]
    outs = [html.Div(id={"type": "out", "index": i}) for i in range(3)]
    app = make_app(*buttons, *outs)
    seen = []

    @app.callback(Output({"type": "out", "index": MATCH}, "children"), Input({"type": "btn", "index": MATCH}, "n_clicks"),
                  prevent_initial_call=True)
    def f(n):
        seen.append(ctx.triggered_id)
        return n

    with AppDriver(app) as d:
        d.click({"type": "btn", "index": 2})
        assert d.triggered("f") == [['{"index":2,"type":"btn"}.n_clicks']]
        assert seen == [{"type": "btn", "index": 2}]
        assert d.get({"type": "out", "index": 2}, "children") == 1
        assert d.get({"type": "out", "index": 1}, "children") is None


def test_match_without_match_output_is_identified_by_the_triggering_input():
    buttons = [html.Button(id={"type": "btn", "index": i}) for i in range(2)]
    app = make_app(*buttons, html.Div(id="log"))

    @app.callback(Output("log", "children"), Input({"type": "btn", "index": MATCH}, "n_clicks"),
                  prevent_initial_call=True)
    def f(n):
        return ctx.triggered_id["index"]

    with AppDriver(app) as d:
        d.click({"type": "btn", "index": 1})
        assert d.triggered("f") == [['{"index":1,"type":"btn"}.n_clicks']]
        assert d.get("log", "children") == 1


# ==========================================================================================
# Components' own prop changes
# ==========================================================================================


def test_click_changes_n_clicks_and_timestamp_together_one_call_both_triggered():
    app = make_app(html.Button(id="btn"), html.Div(id="o"))

    @app.callback(Output("o", "children"), Input("btn", "n_clicks"), Input("btn", "n_clicks_timestamp"),
                  prevent_initial_call=True)
    def f(n, ts):
        return n

    with AppDriver(app) as d:
        d.click("btn")
        assert len(d.calls) == 1
        assert sorted(d.calls[0].triggered) == ["btn.n_clicks", "btn.n_clicks_timestamp"]
        assert isinstance(d.get("btn", "n_clicks_timestamp"), int)


# ==========================================================================================
# Patch outputs
# ==========================================================================================


def test_patch_output_appends_to_a_list_prop_and_fires_downstream():
    app = make_app(html.Button(id="btn"), dcc.Store(id="st", data=[1, 2]), html.Div(id="o"))

    @app.callback(Output("st", "data"), Input("btn", "n_clicks"), prevent_initial_call=True)
    def add(n):
        p = Patch()
        p.append(n + 2)
        return p

    @app.callback(Output("o", "children"), Input("st", "data"), prevent_initial_call=True)
    def show(data):
        return len(data)

    with AppDriver(app) as d:
        d.click("btn")
        d.click("btn")
        assert d.get("st", "data") == [1, 2, 3, 4]
        assert d.triggered("show") == [["st.data"], ["st.data"]]
        assert d.get("o", "children") == 4


def test_patch_on_an_unset_prop_records_an_error():
    app = make_app(html.Button(id="btn"), dcc.Store(id="st"))

    @app.callback(Output("st", "data"), Input("btn", "n_clicks"), prevent_initial_call=True)
    def add(n):
        p = Patch()
        p.append(1)
        return p

    with AppDriver(app, raise_errors=False) as d:
        d.click("btn")
        assert len(d.errors) == 1
        assert "Cannot patch undefined" in str(d.errors[0])
        assert d.get("st", "data") is None


# ==========================================================================================
# dcc.Store-style chains
# ==========================================================================================


def test_store_chain_callback_writes_store_and_reader_fires():
    app = make_app(dcc.Input(id="x", value="a"), dcc.Store(id="st"), html.Div(id="o"))

    @app.callback(Output("st", "data"), Input("x", "value"))
    def save(x):
        return {"x": x}

    @app.callback(Output("o", "children"), Input("st", "data"))
    def show(data):
        return data["x"] if data else "empty"

    with AppDriver(app) as d:
        assert names(d.calls) == ["save", "show"]
        assert d.triggered("show") == [["st.data"]]
        assert d.get("o", "children") == "a"
        d.set("x", "value", "b")
        assert d.triggered("show")[-1] == ["st.data"]
        assert d.get("o", "children") == "b"


def test_store_modified_timestamp_with_state_data_fires_after_a_callback_updates_data():
    """cbmt006 pattern: the Store sets modified_timestamp when its data changes (spec §6.4)."""
    app = make_app(html.Button(id="btn"), dcc.Store(id="st"), html.Div(id="o"))

    @app.callback(Output("st", "data"), Input("btn", "n_clicks"), prevent_initial_call=True)
    def save(n):
        return {"n": n}

    @app.callback(Output("o", "children"), Input("st", "modified_timestamp"), State("st", "data"),
                  prevent_initial_call=True)
    def show(ts, data):
        return data["n"]

    with AppDriver(app) as d:
        d.click("btn")
        assert d.triggered("show") == [["st.modified_timestamp"]]
        assert d.get("o", "children") == 1


def test_store_with_data_sets_modified_timestamp_at_mount_and_merges_into_initial_call():
    app = make_app(dcc.Store(id="st", data={"k": 1}), html.Div(id="o"))

    @app.callback(Output("o", "children"), Input("st", "modified_timestamp"), State("st", "data"))
    def show(ts, data):
        return data["k"]

    with AppDriver(app) as d:
        assert d.triggered("show") == [["st.modified_timestamp"]]
        assert d.get("o", "children") == 1


def test_children_read_from_state_and_extended_stay_live_components():
    app = make_app(html.Button(id="add"), html.Div(id="list", children=[dcc.Input(id="in-0")]), html.Div(id="echo"))

    @app.callback(Output("list", "children"), Input("add", "n_clicks"), State("list", "children"),
                  prevent_initial_call=True)
    def add(n, children):
        assert children[0]["type"] == "Input"  # Dash's JSON form, as in Dash
        return children + [dcc.Input(id=f"in-{n}")]

    @app.callback(Output("echo", "children"), Input("in-0", "value"), prevent_initial_call=True)
    def echo(value):
        return value

    with AppDriver(app) as d:
        d.click("add")
        d.set("in-0", "value", "x")  # the re-sent first input is still a live component
        assert d.get("echo", "children") == "x"
        assert d.exists("in-1")


def test_patch_append_of_a_component_indexes_it():
    app = make_app(html.Button(id="add"), html.Div(id="list", children=[]))

    @app.callback(Output("list", "children"), Input("add", "n_clicks"), prevent_initial_call=True)
    def add(n):
        patch = Patch()
        patch.append(html.Div(f"item {n}", id=f"item-{n}"))
        return patch

    with AppDriver(app) as d:
        d.click("add")
        d.click("add")
        assert d.get("item-2", "children") == "item 2"
        assert [c["props"]["id"] for c in d.props("list")["children"]] == ["item-1", "item-2"]
