"""Dash's tests/integration/renderer/ test_children_reorder.py and test_component_as_prop.py
(the tests that do not need dash_test_components), re-expressed with AppDriver."""

from __future__ import annotations

import uuid

from nbdash import ALL, MATCH, Dash, Input, Output, State, dcc, html
from nbdash.testing import AppDriver

from .helpers import needs_clientside, text


def section(idx: int) -> html.Div:
    return html.Div(
        id={"type": "section-container", "id": idx},
        children=[
            html.H1(f"I am section {idx}"),
            html.Button("SWAP", id={"type": "swap-btn", "id": idx}, n_clicks=0),
            dcc.Dropdown(["A", "B", "C"], id={"type": "dropdown", "id": idx}, multi=True, value=[]),
        ],
    )


def test_roc001_reorder_children():
    """Dash: tests/integration/renderer/test_children_reorder.py::test_roc001_reorder_children"""
    app = Dash()
    app.layout = html.Div(id="main-app", children=[section(i) for i in range(2)])

    @app.callback(Output("main-app", "children"), Input({"type": "swap-btn", "id": ALL}, "n_clicks"), State("main-app", "children"), prevent_initial_call=True)
    def swap_button_action(n_clicks, children):
        if any(n > 0 for n in n_clicks):
            return children[::-1]

    def first_heading(d):
        return text(d, "main-app").split("SWAP")[0]

    with AppDriver(app) as d:
        for i in range(2):
            assert first_heading(d) == f"I am section {i}"
            dd = {"type": "dropdown", "id": i}
            for chosen in (["A"], ["A", "B"], ["A", "B", "C"]):
                d.set(dd, "value", chosen)
                assert d.get(dd, "value") == chosen
            d.click({"type": "swap-btn", "id": i})
        assert first_heading(d) == "I am section 0"
        assert d.get({"type": "dropdown", "id": 0}, "value") == ["A", "B", "C"]
        assert d.get({"type": "dropdown", "id": 1}, "value") == ["A", "B", "C"]


def opt(u):
    return {"label": [html.Button("click me", id={"type": "button", "index": u}), html.Span(id={"type": "text", "index": u})], "value": u}


def test_rdcap002_component_as_props_dynamic_id():
    """Dash: tests/integration/renderer/test_component_as_prop.py::test_rdcap002_component_as_props_dynamic_id"""
    app = Dash(__name__)
    n = 3
    uids = [str(uuid.uuid4()) for _ in range(n)]
    app.layout = html.Div([html.Button("add options", id="add-option"), dcc.Checklist([opt(u) for u in uids], id="options")])

    @app.callback(Output("options", "options"), Input("add-option", "n_clicks"), State("options", "options"), prevent_initial_call=True)
    def add_option(_, options):
        uids.append(str(uuid.uuid4()))
        return [*options, opt(uids[-1])]

    @app.callback(Output({"type": "text", "index": MATCH}, "children"), Input({"type": "button", "index": MATCH}, "n_clicks"))
    def demo(n_clicks):
        return n_clicks

    with AppDriver(app) as d:
        d.click("add-option")
        assert len(uids) == n + 1
        for u in uids:
            assert text(d, {"type": "text", "index": u}) == ""
            d.click({"type": "button", "index": u})
            assert text(d, {"type": "text", "index": u}) == "1"


@needs_clientside
def test_rdcap003_side_effect_regression():
    """Dash: tests/integration/renderer/test_component_as_prop.py::test_rdcap003_side_effect_regression"""
    app = Dash(__name__)
    app.layout = html.Div([html.Button("3<->2", id="a"), dcc.Checklist(id="b"), html.Div(0, id="counter")])
    app.clientside_callback(
        "function(_, prev) {return parseInt(prev) + 1}", Output("counter", "children"), Input("b", "value"), State("counter", "children"), prevent_initial_call=True
    )

    @app.callback(Output("b", "options"), Input("a", "n_clicks"))
    def opts(n):
        return [str(i) for i in range(3 - (n or 0) % 2)]

    with AppDriver(app) as d:
        assert text(d, "counter") == "0"
        d.click("a")
        assert len(d.get("b", "options")) == 2
        assert text(d, "counter") == "0"
        d.click("a")
        assert len(d.get("b", "options")) == 3
        assert text(d, "counter") == "0"
        d.set("b", "value", ["0"])
        assert text(d, "counter") == "1"


@needs_clientside
def test_rdcap004_side_effect_same_component():
    """Dash: tests/integration/renderer/test_component_as_prop.py::test_rdcap004_side_effect_same_component"""
    options = [{"label": v, "value": k} for k, v in [("aa1", "aa1"), ("aa2", "aa2"), ("aa3", "aa3"), ("bb1", "best value"), ("bb2", "better value"), ("bb3", "bye")]]
    app = Dash(__name__)
    app.layout = html.Div([html.Div(["Single dynamic Dropdown", dcc.Dropdown(id="my-dynamic-dropdown")]), html.Button("Reset", id="button", n_clicks=0), html.Div(0, id="counter")])
    app.clientside_callback(
        "function(_, prev) {return parseInt(prev) + 1}",
        Output("counter", "children"),
        Input("my-dynamic-dropdown", "value"),
        State("counter", "children"),
        prevent_initial_call=True,
    )

    @app.callback(Output("my-dynamic-dropdown", "options"), Input("my-dynamic-dropdown", "search_value"))
    def update_options(search_value):
        return options if search_value is None else [o for o in options if search_value in o["label"]]

    @app.callback(Output("my-dynamic-dropdown", "value"), Input("button", "n_clicks"))
    def on_button(n_clicks):
        return None

    with AppDriver(app) as d:
        assert text(d, "counter") == "1"
        d.set("my-dynamic-dropdown", "search_value", "a")
        assert text(d, "counter") == "1"
