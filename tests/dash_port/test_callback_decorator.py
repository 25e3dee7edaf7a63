"""Dash's tests/integration/callbacks/test_callback_decorator.py and test_callback_optional.py,
re-expressed with AppDriver (``dash.callback`` is ``nbdash.callback``)."""

from __future__ import annotations

import nbdash
from nbdash import Dash, Input, Output, State, callback, dcc, html, no_update
from nbdash.testing import AppDriver

from .helpers import text


def test_cb001_callback_and_dash_callback_equivalence():
    """Dash: tests/integration/callbacks/test_callback_decorator.py::test_cb001_callback_and_dash_callback_equivalence"""
    app = Dash(__name__)
    app.layout = html.Div([dcc.Input(id="input", value="initial"), html.Div(id="output-callback"), html.Div(id="output-dash-callback")])

    @callback(Output("output-callback", "children"), Input("input", "value"))
    def update_callback(value):
        return f"Callback: {value}"

    @nbdash.callback(Output("output-dash-callback", "children"), Input("input", "value"))
    def update_dash_callback(value):
        return f"Dash callback: {value}"

    with AppDriver(app) as d:
        assert text(d, "output-callback") == "Callback: initial"
        assert text(d, "output-dash-callback") == "Dash callback: initial"
        d.set("input", "value", "test")
        assert text(d, "output-callback") == "Callback: test"
        assert text(d, "output-dash-callback") == "Dash callback: test"
        assert not d.errors


def test_cb002_callback_multi_input():
    """Dash: tests/integration/callbacks/test_callback_decorator.py::test_cb002_callback_multi_input"""
    app = Dash(__name__)
    app.layout = html.Div([dcc.Input(id="input1", value="Hello"), dcc.Input(id="input2", value="World"), html.Div(id="output")])

    @callback(Output("output", "children"), Input("input1", "value"), Input("input2", "value"))
    def combine_inputs(val1, val2):
        return f"{val1} {val2}"

    with AppDriver(app) as d:
        assert text(d, "output") == "Hello World"
        d.set("input1", "value", "Goodbye")
        assert text(d, "output") == "Goodbye World"


def test_cb003_callback_with_state():
    """Dash: tests/integration/callbacks/test_callback_decorator.py::test_cb003_callback_with_state"""
    app = Dash(__name__)
    app.layout = html.Div(
        [dcc.Input(id="input1", value="stored"), dcc.Input(id="input2", value="trigger"), html.Button("Submit", id="button"), html.Div(id="output")]
    )

    @callback(Output("output", "children"), Input("button", "n_clicks"), State("input1", "value"), State("input2", "value"))
    def update_with_state(n_clicks, state1, state2):
        if n_clicks is None:
            return "Not clicked"
        return f"Click {n_clicks}: {state1} + {state2}"

    with AppDriver(app) as d:
        assert text(d, "output") == "Not clicked"
        d.click("button")
        assert text(d, "output") == "Click 1: stored + trigger"
        d.click("button")
        assert text(d, "output") == "Click 2: stored + trigger"


def test_cb004_callback_multi_output():
    """Dash: tests/integration/callbacks/test_callback_decorator.py::test_cb004_callback_multi_output"""
    app = Dash(__name__)
    app.layout = html.Div([dcc.Input(id="input", value="test"), html.Div(id="output1"), html.Div(id="output2"), html.Div(id="output3")])

    @callback(Output("output1", "children"), Output("output2", "children"), Output("output3", "children"), Input("input", "value"))
    def update_multiple(value):
        return f"First: {value}", f"Second: {value}", f"Third: {value}"

    with AppDriver(app) as d:
        assert [text(d, f"output{i}") for i in (1, 2, 3)] == ["First: test", "Second: test", "Third: test"]
        d.set("input", "value", "changed")
        assert [text(d, f"output{i}") for i in (1, 2, 3)] == ["First: changed", "Second: changed", "Third: changed"]


def test_cb005_callback_prevent_initial_call():
    """Dash: tests/integration/callbacks/test_callback_decorator.py::test_cb005_callback_prevent_initial_call"""
    app = Dash(__name__)
    app.layout = html.Div([dcc.Input(id="input", value="initial"), html.Div(id="output", children="default")])

    @callback(Output("output", "children"), Input("input", "value"), prevent_initial_call=True)
    def update_no_initial(value):
        return f"Updated: {value}"

    with AppDriver(app) as d:
        assert text(d, "output") == "default"
        d.set("input", "value", "initialx")
        assert text(d, "output") == "Updated: initialx"


def test_cb006_callback_global_and_app_callback_mix():
    """Dash: tests/integration/callbacks/test_callback_decorator.py::test_cb006_callback_global_and_app_callback_mix"""
    app = Dash(__name__)
    app.layout = html.Div([dcc.Input(id="input")] + [html.Div(id=f"output{i}") for i in range(1, 5)])

    @callback(Output("output1", "children"), Input("input", "value"))
    def update_1(value):
        return f"Callback global: {value}"

    @nbdash.callback(Output("output2", "children"), Input("input", "value"))
    def update_2(value):
        return f"Dash callback global: {value}"

    @app.callback(Output("output3", "children"), Input("input", "value"))
    def update_3(value):
        return f"App callback: {value}"

    @callback(Output("output4", "children"), Input("input", "value"))
    def update_4(value):
        return f"Callback global 2: {value}"

    with AppDriver(app) as d:
        d.set("input", "value", "test")
        assert text(d, "output1") == "Callback global: test"
        assert text(d, "output2") == "Dash callback global: test"
        assert text(d, "output3") == "App callback: test"
        assert text(d, "output4") == "Callback global 2: test"


def test_cb007_callback_with_no_update():
    """Dash: tests/integration/callbacks/test_callback_decorator.py::test_cb007_callback_with_no_update"""
    app = Dash(__name__)
    app.layout = html.Div([dcc.Input(id="input", value="0"), html.Div(id="output1"), html.Div(id="output2")])

    @callback(Output("output1", "children"), Output("output2", "children"), Input("input", "value"))
    def selective_update(value):
        num = int(value) if value and value.isdigit() else 0
        if num % 2 == 0:
            return f"Even: {num}", nbdash.no_update
        return nbdash.no_update, f"Odd: {num}"

    with AppDriver(app) as d:
        assert text(d, "output1") == "Even: 0"
        d.set("input", "value", "")
        d.set("input", "value", "1")
        assert text(d, "output2") == "Odd: 1"
        d.set("input", "value", "")
        d.set("input", "value", "2")
        assert text(d, "output1") == "Even: 2"


def optional_app() -> Dash:
    app = Dash(suppress_callback_exceptions=True)
    app.layout = html.Div(
        [html.Button(id="button1", children="Button 1"), html.Div(id="button-container"), html.Div(id="test-out"), html.Div(id="test-out2")]
    )

    @app.callback(
        Output("button-container", "children"), Input("button1", "n_clicks"), State("button-container", "children"), prevent_initial_call=True
    )
    def _(_, c):
        if not c:
            return html.Button(id="button2", children="Button 2")
        return no_update

    return app


def test_cbop001_optional_input():
    """Dash: tests/integration/callbacks/test_callback_optional.py::test_cbop001_optional_input"""
    app = optional_app()

    @app.callback(
        Output("test-out", "children"), Input("button1", "n_clicks"), Input("button2", "n_clicks", allow_optional=True), prevent_inital_call=True
    )
    def display(n, n2):
        return f"{n} - {n2}"

    with AppDriver(app) as d:
        assert text(d, "button1") == "Button 1"
        assert d.errors == []
        assert text(d, "test-out") == "None - None"
        d.click("button1")
        assert text(d, "test-out") == "1 - None"
        d.click("button2")
        assert text(d, "test-out") == "1 - 1"
        assert d.errors == []


def test_cbop002_optional_state():
    """Dash: tests/integration/callbacks/test_callback_optional.py::test_cbop002_optional_state"""
    app = optional_app()

    @app.callback(
        Output("test-out", "children"), Input("button1", "n_clicks"), State("button2", "n_clicks", allow_optional=True), prevent_inital_call=True
    )
    def display(n, n2):
        return f"{n} - {n2}"

    @app.callback(Output("test-out2", "children"), Input("button2", "n_clicks", allow_optional=True))
    def test(n):
        return n if n else no_update

    with AppDriver(app) as d:
        assert d.errors == []
        assert text(d, "test-out") == "None - None"
        d.click("button1")
        assert text(d, "test-out") == "1 - None"
        d.click("button2")
        assert text(d, "test-out2") == "1"
        assert text(d, "test-out") == "1 - None"
        d.click("button1")
        assert text(d, "test-out") == "2 - 1"
        assert d.errors == []
