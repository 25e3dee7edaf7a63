"""dcc.Graph ``extendData`` / ``prependData``: the kernel side (nbdash/_extend.py).

What a user sees headless: the shapes Dash accepts, clear errors for the others, the stored figure
gaining the points (``State(graph, "figure")`` sees them, as in Dash), and patches that carry only
the new points. The browser half is tests/browser/test_graph_extend.py; ``amendFigure`` (the
browser's copy of the rules) is checked against the same cases in js/test/graph_extend.test.js.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import plotly.graph_objects as go
import pytest

from nbdash import ALL, Dash, Input, Output, State, dcc, html, set_props
from nbdash._extend import AMEND_KEY, apply_ops
from nbdash.exceptions import InvalidCallbackReturnValue
from nbdash.testing import AppDriver

CASES = json.loads((Path(__file__).resolve().parents[1] / "js" / "test" / "amend_cases.json").read_text())
LINE = {"data": [{"x": [0, 1, 2, 3, 4], "y": [0, 0.5, 1, 0.5, 0]}]}
TWO = {"data": [{"x": [0, 1], "y": [0, 1]}, {"x": [0], "y": [5]}]}


def graph_app(values: list[Any], figure: Any = LINE, prop: str = "extendData", **graph: Any) -> Dash:
    """A graph and a button; click n returns ``values[n - 1]`` into ``prop``. ``#seen`` shows the
    figure's data a callback chained on the prop reads through State."""
    app = Dash(__name__)
    app.layout = html.Div([dcc.Graph(id="g", figure=figure, **graph), html.Button(id="b"), html.Pre(id="seen")])

    @app.callback(Output("g", prop), Input("b", "n_clicks"), prevent_initial_call=True)
    def add(n: int) -> Any:
        return values[n - 1]

    @app.callback(Output("seen", "children"), Input("g", prop), State("g", "figure"), prevent_initial_call=True)
    def seen(_: Any, figure: dict[str, Any]) -> str:
        return json.dumps(figure["data"])

    return app


def data(d: AppDriver) -> list[dict[str, Any]]:
    figure: dict[str, Any] = d.get("g", "figure")
    return figure["data"]


def graph_patches(d: AppDriver) -> list[dict[str, Any]]:
    return [p["g"] for p in d.patches if "g" in p]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_rules_match_the_browser(case: dict[str, Any]) -> None:
    before = json.dumps(case["figure"])
    assert apply_ops(case["figure"], case["ops"]) == case["expected"]
    assert json.dumps(case["figure"]) == before  # never in place


# -- shapes ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(("value", "expected"), [
    (dict(x=[[5]], y=[[9]]), {"x": [0, 1, 2, 3, 4, 5], "y": [0, 0.5, 1, 0.5, 0, 9]}),
    ((dict(y=[[9]]),), {"y": [0, 0.5, 1, 0.5, 0, 9]}),
    ((dict(y=[[9]]), [0]), {"y": [0, 0.5, 1, 0.5, 0, 9]}),
    ([dict(y=[[9]]), [-1], 3], {"y": [0.5, 0, 9]}),
    ((dict(y=[[9]]), None, 2), {"y": [0, 9]}),
    ((dict(x=[[5]], y=[[9]]), [0], dict(x=[2], y=[None])), {"x": [4, 5], "y": [0, 0.5, 1, 0.5, 0, 9]}),
    ((dict(y=[np.array([7.0, 8.0])]), [0], 4.9), {"y": [0.5, 0, 7.0, 8.0]}),  # numpy points, max floored
    ((dict(y=[[9]]), (0,), 3), {"y": [0.5, 0, 9]}),
])  # fmt: skip
def test_the_shapes_dash_accepts(value: Any, expected: dict[str, Any]) -> None:
    with AppDriver(graph_app([value])) as d:
        d.click("b")
        (trace,) = data(d)
        assert {k: trace[k] for k in expected} == expected


def test_several_traces_and_default_indices() -> None:
    with AppDriver(graph_app([dict(y=[[2], [6, 7]]), (dict(x=[[9]]), [1])], figure=TWO)) as d:
        d.click("b")
        assert [t["y"] for t in data(d)] == [[0, 1, 2], [5, 6, 7]]
        d.click("b")
        assert [t["x"] for t in data(d)] == [[0, 1], [0, 9]]


def test_prepend_keeps_the_first_points() -> None:
    with AppDriver(graph_app([(dict(x=[[-2, -1]]), [0], 6)], prop="prependData")) as d:
        d.click("b")
        assert data(d)[0]["x"] == [-2, -1, 0, 1, 2, 3]
        assert d.get("g", "prependData") == [{"x": [[-2, -1]]}, [0], 6]


def test_a_plotly_figure_with_numpy_data_extends() -> None:
    fig = go.Figure(go.Scatter(x=np.arange(3), y=np.array([1.0, 2.0, 3.0])))
    with AppDriver(graph_app([(dict(x=[[3]], y=[[4.0]]), [0], 3)], figure=fig)) as d:
        d.click("b")
        assert (data(d)[0]["x"], data(d)[0]["y"]) == ([1, 2, 3], [2.0, 3.0, 4.0])


@pytest.mark.parametrize("value", [None, {}, [], (dict(), [0])])
def test_nothing_to_add_is_no_change(value: Any) -> None:
    with AppDriver(graph_app([value])) as d:
        d.click("b")
        assert data(d) == LINE["data"]
        assert all(AMEND_KEY not in p and "figure" not in p for p in graph_patches(d))


# -- errors ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("value", "message"), [
    ("points", "expected a dict of new points or `[dict, trace_indices, max_points]`, got str 'points'"),
    ([(dict(y=[[1]]), [0]), (dict(y=[[2]]), [1])], "it takes one update, not a list of updates"),
    (dict(y=[1]), "one point for trace 0 is `y=[[value]]`"),
    (dict(y=5), "`y` must be a list with one list of new points per trace"),
    ((dict(y=[[1]]), 0), "trace_indices must be a list of ints such as `[0]`"),
    ((dict(y=[[1]]), [0, 1]), "one list of points per trace index (2 for [0, 1]); got 1 for `y`"),
    (dict(x=[[1]], y=[[1], [2]]), "the same number of lists (one per trace); got 1 for `x`, 2 for `y`"),
    ((dict(y=[[1]]), [0], -1), "max_points must be a number >= 0"),
    ((dict(y=[[1]]), [0], dict(x=[1])), "`y` has NoneType None"),
    ((dict(y=[[1]]), [0], 3, "extra"), "at most 3 items"),
    ((dict(y=[[1]]), [1]), "trace index 1 is out of range: the figure has 1 trace(s)"),
    ((dict(z=[[1]]), [0]), "trace 0 does not have `z`"),
])  # fmt: skip
def test_bad_shapes_name_the_graph_the_prop_and_the_fix(value: Any, message: str) -> None:
    app = graph_app([value, dict(y=[[9]])])
    with AppDriver(app) as d:
        with pytest.raises(InvalidCallbackReturnValue) as info:
            d.click("b")
        text = str(info.value)
        assert text.startswith("Invalid value for `extendData` of dcc.Graph `g`: ")
        assert message in text
        assert data(d) == LINE["data"]  # nothing applied
        assert all(AMEND_KEY not in p for p in graph_patches(d))
        d.click("b")  # the app goes on
        assert data(d)[0]["y"][-1] == 9
        assert "Callback error updating g.extendData" in str(d.callback_errors[0])
    assert app.errors == []


def test_missing_attribute_error_says_to_give_the_trace_an_empty_array() -> None:
    with AppDriver(graph_app([dict(x=[[1]])], figure={"data": [{"type": "scatter"}]})) as d:
        with pytest.raises(InvalidCallbackReturnValue, match=r"Give the trace an empty one in the figure"):
            d.click("b")


# -- what the kernel stores, as Dash's store holds it -------------------------------------------------
def test_state_figure_sees_the_points_and_the_prop_keeps_its_last_value() -> None:
    # Dash's test_grva005 "trace_will_allow_repeated_extend": the same value twice extends twice.
    value = dict(y=[[0.1, 0.2]])
    with AppDriver(graph_app([value, value], figure={"data": [{"y": [0, 0, 0]}]})) as d:
        d.click("b")
        d.click("b")
        assert json.loads(d.get("seen", "children")) == [{"y": [0, 0, 0, 0.1, 0.2, 0.1, 0.2]}]
        assert d.get("g", "extendData") == value  # not reset after applying


def test_changing_figure_this_way_fires_no_figure_callbacks() -> None:
    app = graph_app([dict(y=[[1]])])
    fired: list[Any] = []

    @app.callback(Output("b", "title"), Input("g", "figure"), prevent_initial_call=True)
    def on_figure(figure: Any) -> str:
        fired.append(figure)
        return "x"

    with AppDriver(app) as d:
        d.click("b")
        assert data(d)[0]["y"][-1] == 1 and fired == []


@pytest.mark.parametrize("order", ["figure first", "extendData first"])
def test_a_figure_returned_with_points_is_drawn_then_extended(order: str) -> None:
    app = Dash(__name__)
    app.layout = html.Div([dcc.Graph(id="g", figure=LINE), html.Button(id="b")])
    new = {"data": [{"x": [10], "y": [100]}]}
    points = (dict(x=[[11]], y=[[101]]), [0])
    outputs = [Output("g", "figure"), Output("g", "extendData")]
    if order != "figure first":
        outputs.reverse()

    @app.callback(*outputs, Input("b", "n_clicks"), prevent_initial_call=True)
    def both(n: int) -> Any:
        return (new, points) if order == "figure first" else (points, new)

    with AppDriver(app) as d:
        d.click("b")
        assert data(d) == [{"x": [10, 11], "y": [100, 101]}]
        (patch,) = graph_patches(d)
        assert patch == {"figure": {"data": [{"x": [10, 11], "y": [100, 101]}]}}  # the figure sent is the final one


def test_prepend_then_extend_in_one_update() -> None:
    app = Dash(__name__)
    app.layout = html.Div([dcc.Graph(id="g", figure={"data": [{"y": [1]}]}), html.Button(id="b")])

    @app.callback(Output("g", "extendData"), Output("g", "prependData"), Input("b", "n_clicks"),
                  prevent_initial_call=True)
    def both(n: int) -> Any:
        return (dict(y=[[2]]), [0], 2), dict(y=[[0]])

    with AppDriver(app) as d:
        d.click("b")
        assert data(d) == [{"y": [1, 2]}]  # [0, 1] then extended and cut to the last 2 (Dash's order)


def test_wide_all_states_see_the_new_points() -> None:
    app = Dash(__name__)
    graphs = [dcc.Graph(id={"type": "g", "i": i}, figure={"data": [{"y": [i]}]}) for i in range(2)]
    app.layout = html.Div([*graphs, html.Button(id="b"), html.Button(id="show"), html.Pre(id="out")])

    @app.callback(Output({"type": "g", "i": 1}, "extendData"), Input("b", "n_clicks"), prevent_initial_call=True)
    def add(n: int) -> Any:
        return dict(y=[[n]])

    @app.callback(Output("out", "children"), Input("show", "n_clicks"), State({"type": "g", "i": ALL}, "figure"))
    def show(_: Any, figures: list[Any]) -> str:
        return json.dumps([f["data"][0]["y"] for f in figures])

    with AppDriver(app) as d:
        assert json.loads(d.get("out", "children")) == [[0], [1]]
        d.click("b")
        d.click("show")
        assert json.loads(d.get("out", "children")) == [[0], [1, 1]]


def test_set_props_extends_too() -> None:
    app = Dash(__name__)
    app.layout = html.Div([dcc.Graph(id="g", figure=LINE), html.Button(id="b")])

    @app.callback(Input("b", "n_clicks"), prevent_initial_call=True)
    def add(n: int) -> None:
        set_props("g", {"extendData": (dict(y=[[7]]), [0], 2)})

    with AppDriver(app) as d:
        d.click("b")
        assert data(d)[0]["y"] == [0, 7]


def test_points_given_in_the_layout_are_added_once() -> None:
    app = Dash(__name__)
    layout_graph = dcc.Graph(id="g", figure={"data": [{"y": [1]}]}, extendData=dict(y=[[2]]))
    app.layout = html.Div([layout_graph, html.Button(id="b")])
    with AppDriver(app) as d:
        assert data(d) == [{"y": [1, 2]}]
        assert d.get("g", "extendData") is None
        d.load()  # a reload starts again from the layout
        assert data(d) == [{"y": [1, 2]}]
    assert layout_graph.figure == {"data": [{"y": [1]}]}  # the user's objects are not changed


# -- the wire ---------------------------------------------------------------------------------------
def test_patches_carry_only_the_new_points() -> None:
    big = {"data": [{"x": list(range(20_000)), "y": [0.5] * 20_000}]}
    values = [(dict(x=[[20_000 + n]], y=[[n / 10]]), [0], 20_000) for n in range(3)]
    with AppDriver(graph_app(values, figure=big)) as d:
        for _ in values:
            d.click("b")
        patches = graph_patches(d)
        assert patches == [{AMEND_KEY: [["extend", {"x": [[20_000 + n]], "y": [[n / 10]]}, [0], 20_000]]} for n in range(3)]
        assert max(len(json.dumps(p)) for p in patches) < 100  # the figure is ~200 kB
        assert data(d)[0]["x"][-3:] == [20_000, 20_001, 20_002] and len(data(d)[0]["x"]) == 20_000


def test_several_amends_in_one_batch_all_reach_the_views() -> None:
    # Two callbacks of one turn (one patch batch) extend the same graph: both operations are sent,
    # in order, with resolved indices.
    app = Dash(__name__)
    app.layout = html.Div([dcc.Graph(id="g", figure=TWO), html.Button(id="b"), html.Div(id="mid")])

    @app.callback(Output("g", "extendData", allow_duplicate=True), Output("mid", "children"), Input("b", "n_clicks"),
                  prevent_initial_call=True)
    def first(n: int) -> Any:
        return (dict(y=[[2]]), [-2]), "go"

    @app.callback(Output("g", "extendData", allow_duplicate=True), Input("mid", "children"),
                  prevent_initial_call=True)
    def second(_: Any) -> Any:
        return dict(y=[[3], [6]])

    with AppDriver(app) as d:
        d.click("b")
        (patch,) = graph_patches(d)
        assert patch == {AMEND_KEY: [["extend", {"y": [[2]]}, [0], None], ["extend", {"y": [[3], [6]]}, [0, 1], None]]}
        assert [t["y"] for t in data(d)] == [[0, 1, 2, 3], [5, 6]]


def test_a_figure_after_points_in_one_batch_drops_the_stale_points() -> None:
    app = Dash(__name__)
    app.layout = html.Div([dcc.Graph(id="g", figure=LINE), html.Button(id="b"), html.Div(id="mid")])

    @app.callback(Output("g", "extendData"), Output("mid", "children"), Input("b", "n_clicks"),
                  prevent_initial_call=True)
    def first(n: int) -> Any:
        return dict(y=[[9]]), "go"

    @app.callback(Output("g", "figure"), Input("mid", "children"), prevent_initial_call=True)
    def second(_: Any) -> Any:
        return LINE  # the same figure as before the points: a view must not keep them

    with AppDriver(app) as d:
        d.click("b")
        (patch,) = graph_patches(d)
        assert patch == {"figure": LINE}
        assert data(d) == LINE["data"]
