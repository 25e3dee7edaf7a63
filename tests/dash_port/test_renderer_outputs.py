"""Dash's tests/integration/renderer/ test_multi_output.py, test_state_and_input.py,
test_dependencies.py and test_descendant_listening.py, re-expressed with AppDriver."""

from __future__ import annotations

import pytest

from nbdash import Dash, Input, Output, Patch, State, dcc, html
from nbdash.exceptions import CircularDependencyWarning, PreventUpdate
from nbdash.testing import AppDriver

from .helpers import text


def test_rdmo001_single_input_multi_outputs_on_multiple_components():
    """Dash: tests/integration/renderer/test_multi_output.py::test_rdmo001_single_input_multi_outputs_on_multiple_components"""
    app = Dash(__name__)
    n_outputs = 50
    app.layout = html.Div([html.Button("click me", id="btn")] + [html.Div(id=f"output-{i}") for i in range(n_outputs)])
    calls = []

    @app.callback([Output(f"output-{i}", "children") for i in range(n_outputs)], [Input("btn", "n_clicks")])
    def update_output(n_clicks):
        if n_clicks is None:
            raise PreventUpdate
        calls.append(n_clicks)
        return [f"{i}={i + n_clicks}" for i in range(n_outputs)]

    with AppDriver(app) as d:
        for click in range(1, 20):
            d.click("btn")
            assert [text(d, f"output-{i}") for i in range(n_outputs)] == [f"{i}={i + click}" for i in range(n_outputs)]
            assert len(calls) == click


def test_rdmo002_multi_outputs_on_single_component():
    """Dash: tests/integration/renderer/test_multi_output.py::test_rdmo002_multi_outputs_on_single_component"""
    app = Dash(__name__)
    app.layout = html.Div([dcc.Input(id="input", value="dash"), html.Div(html.Div(id="output"), id="output-container")])
    calls = []

    @app.callback([Output("output", "children"), Output("output", "style"), Output("output", "className")], [Input("input", "value")])
    def update_output(value):
        calls.append(value)
        return [value, {"fontFamily": value}, value]

    with AppDriver(app) as d:
        assert text(d, "output-container") == "dash"
        assert d.props("output") == {"id": "output", "children": "dash", "style": {"fontFamily": "dash"}, "className": "dash"}
        assert len(calls) == 1
        value = "dash"
        for key in " hello":
            value += key
            d.set("input", "value", value)
        assert d.props("output") == {"id": "output", "children": "dash hello", "style": {"fontFamily": "dash hello"}, "className": "dash hello"}
        assert len(calls) == 7


def test_rdmo003_single_output_as_multi():
    """Dash: tests/integration/renderer/test_multi_output.py::test_rdmo003_single_output_as_multi"""
    app = Dash(__name__)
    app.layout = html.Div([dcc.Input(id="input", value=""), html.Div(html.Div(id="output"), id="output-container")])

    @app.callback([Output("output", "children")], [Input("input", "value")])
    def update_output(value):
        return ["out" + value]

    with AppDriver(app) as d:
        d.set("input", "value", "house")
        assert text(d, "output") == "outhouse"


def test_rdmo004_multi_output_circular_dependencies():
    """Dash: tests/integration/renderer/test_multi_output.py::test_rdmo004_multi_output_circular_dependencies

    Dash's dev tools show "Circular Dependencies"; nbdash warns CircularDependencyWarning (README)."""
    app = Dash(__name__)
    app.layout = html.Div([dcc.Input(id="a"), dcc.Input(id="b"), html.P(id="c")])

    @app.callback(Output("a", "value"), [Input("b", "value")])
    def set_a(b):
        return ((b or "") + "X")[:100]

    @app.callback([Output("b", "value"), Output("c", "children")], [Input("a", "value")])
    def set_bc(a):
        return [a, a]

    with pytest.warns(CircularDependencyWarning, match="Circular Dependencies"), AppDriver(app) as d:
        assert text(d, "c") == "X"  # each callback runs at most once: no infinite loop


def test_rdmo005_set_props_behavior():
    """Dash: tests/integration/renderer/test_multi_output.py::test_rdmo005_set_props_behavior

    The half without an id is not reachable headless (the driver addresses components by id)."""
    app = Dash(__name__)
    app.layout = html.Div([dcc.Input(id="id", value=""), html.Div(id="container", children=dcc.Input(value=""))])
    with AppDriver(app) as d:
        d.set("id", "value", "hello input with ID")
        assert d.get("id", "value") == "hello input with ID"
        assert d.errors == []


def test_rdsi001_state_and_inputs():
    """Dash: tests/integration/renderer/test_state_and_input.py::test_rdsi001_state_and_inputs"""
    app = Dash(__name__)
    app.layout = html.Div([dcc.Input(value="Initial Input", id="input"), dcc.Input(value="Initial State", id="state"), html.Div(id="output")])
    calls = []

    @app.callback(Output("output", "children"), [Input("input", "value")], [State("state", "value")])
    def update_output(input, state):
        calls.append(1)
        return f'input="{input}", state="{state}"'

    with AppDriver(app) as d:
        assert text(d, "output") == 'input="Initial Input", state="Initial State"'
        d.set("input", "value", "Initial Inputx")
        assert len(calls) == 2
        assert text(d, "output") == 'input="Initial Inputx", state="Initial State"'
        d.set("state", "value", "Initial Statez")
        assert len(calls) == 2
        assert text(d, "output") == 'input="Initial Inputx", state="Initial State"'
        d.set("input", "value", "Initial Inputxy")
        assert len(calls) == 3
        assert text(d, "output") == 'input="Initial Inputxy", state="Initial Statez"'


def test_rdsi002_event_properties_state_and_inputs():
    """Dash: tests/integration/renderer/test_state_and_input.py::test_rdsi002_event_properties_state_and_inputs"""
    app = Dash(__name__)
    app.layout = html.Div(
        [html.Button("Click Me", id="button"), dcc.Input(value="Initial Input", id="input"), dcc.Input(value="Initial State", id="state"), html.Div(id="output")]
    )
    calls = []

    @app.callback(Output("output", "children"), [Input("input", "value"), Input("button", "n_clicks")], [State("state", "value")])
    def update_output(input, n_clicks, state):
        calls.append(1)
        return f'input="{input}", state="{state}"'

    with AppDriver(app) as d:
        assert text(d, "output") == 'input="Initial Input", state="Initial State"'
        d.click("button")
        assert len(calls) == 2
        assert text(d, "output") == 'input="Initial Input", state="Initial State"'
        d.set("input", "value", "Initial Inputx")
        assert len(calls) == 3
        assert text(d, "output") == 'input="Initial Inputx", state="Initial State"'
        d.set("state", "value", "Initial Statez")
        assert len(calls) == 3
        d.click("button")
        assert len(calls) == 4
        assert text(d, "output") == 'input="Initial Inputx", state="Initial Statez"'


def test_rddp001_dependencies_on_components_that_dont_exist():
    """Dash: tests/integration/renderer/test_dependencies.py::test_rddp001_dependencies_on_components_that_dont_exist"""
    app = Dash(__name__, suppress_callback_exceptions=True)
    app.layout = html.Div([dcc.Input(id="input", value="initial value"), html.Div(id="output-1")])
    counts = {"1": 0, "2": 0}

    @app.callback(Output("output-1", "children"), [Input("input", "value")])
    def update_output(value):
        counts["1"] += 1
        return value

    @app.callback(Output("output-2", "children"), [Input("input", "value")])
    def update_output_2(value):
        counts["2"] += 1
        return value

    with AppDriver(app) as d:
        assert text(d, "output-1") == "initial value"
        assert counts == {"1": 1, "2": 0}
        d.set("input", "value", "initial valuea")
        assert text(d, "output-1") == "initial valuea"
        assert counts == {"1": 2, "2": 0}
        assert d.errors == []


def test_dcl001_descendant_tabs():
    """Dash: tests/integration/renderer/test_descendant_listening.py::test_dcl001_descendant_tabs"""
    app = Dash()
    app.layout = html.Div(
        [
            html.Button("Enable Tabs", id="button", n_clicks=0),
            html.Button("Add Tabs", id="add_button", n_clicks=0),
            dcc.Store(id="store-data", data=None),
            dcc.Tabs(
                [dcc.Tab(label="Tab A", value="tab-a", id="tab-a", disabled=True), dcc.Tab(label="Tab B", value="tab-b", id="tab-b", disabled=True)],
                id="tabs",
                value="tab-a",
            ),
        ]
    )

    @app.callback(Output("store-data", "data"), Input("button", "n_clicks"))
    def update_store_data(clicks):
        return {"data": "available"} if clicks > 0 else None

    @app.callback(Output("tabs", "children"), Input("add_button", "n_clicks"), prevent_initial_call=True)
    def add_tabs(n):
        children = Patch()
        children.append(dcc.Tab(label=f"{n}", value=f"{n}", id=f"test-{n}"))
        return children

    @app.callback(Output("tab-a", "disabled"), Output("tab-b", "disabled"), Input("store-data", "data"))
    def toggle_tabs(store_data):
        return (False, False) if store_data is not None and "data" in store_data else (True, True)

    with AppDriver(app) as d:
        assert text(d, "button") == "Enable Tabs"
        assert d.get("tab-a", "disabled") is True
        d.click("button")
        assert d.get("tab-a", "disabled") is False
        d.click("add_button")
        assert d.exists("test-1")
        assert not d.get("test-1", "disabled")
