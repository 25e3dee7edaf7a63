"""Dash's tests/integration/callbacks/test_multiple_callbacks.py, re-expressed with AppDriver."""

from __future__ import annotations

import threading
import time

import pytest
from dash import dash_table

from nbdash import Dash, Input, Output, State, callback_context, dcc, html
from nbdash.exceptions import PreventUpdate
from nbdash.testing import AppDriver

from .helpers import needs_foreign, text, until


def test_cbmt001_called_multiple_times_and_out_of_order():
    """Dash: tests/integration/callbacks/test_multiple_callbacks.py::test_cbmt001_called_multiple_times_and_out_of_order"""
    app = Dash(__name__)
    app.layout = html.Div([html.Button("Click", id="input", n_clicks=0), html.Div(id="output")])
    calls = []

    @app.callback(Output("output", "children"), [Input("input", "n_clicks")])
    def update_output(n_clicks):
        calls.append(n_clicks)
        if n_clicks == 1:
            time.sleep(0.2)
        return n_clicks

    with AppDriver(app) as d:
        for _ in range(3):
            d.click("input", wait=False)
        d.wait_idle()
        assert len(calls) == 4
        assert text(d, "output") == "3"
        assert d.errors == []


def test_cbmt002_canceled_intermediate_callback():
    """Dash: tests/integration/callbacks/test_multiple_callbacks.py::test_cbmt002_canceled_intermediate_callback"""
    app = Dash(__name__)
    app.layout = html.Div([dcc.Input(id="a", value="x"), html.Div("b", id="b"), html.Div("c", id="c"), html.Div(id="out")])

    @app.callback(Output("out", "children"), [Input("a", "value"), Input("b", "children"), Input("c", "children")])
    def set_out(a, b, c):
        return f"{a}/{b}/{c}"

    @app.callback(Output("b", "children"), [Input("a", "value")])
    def set_b(a):
        raise PreventUpdate

    @app.callback(Output("c", "children"), [Input("a", "value")])
    def set_c(a):
        return a

    with AppDriver(app) as d:
        assert text(d, "out") == "x/b/x"
        chars = "x"
        for i in list(range(10)) * 2:
            chars += str(i)
            d.set("a", "value", chars)
            assert text(d, "out") == f"{chars}/b/{chars}"


@needs_foreign
def test_cbmt003_chain_with_table():
    """Dash: tests/integration/callbacks/test_multiple_callbacks.py::test_cbmt003_chain_with_table"""
    app = Dash(__name__)
    app.layout = html.Div(
        [html.Div(id="a1"), html.Div(id="a2"), html.Div(id="b1"), html.H1(id="b2"), html.Button("Update", id="button"), dash_table.DataTable(id="table")]
    )

    @app.callback([Output("a2", "children"), Output("a1", "children")], [Input("button", "n_clicks")])
    def a12(n):
        return f"a2: {n!s}", f"a1: {n!s}"

    @app.callback(Output("b1", "children"), [Input("a1", "children")])
    def b1(a1):
        return f"b1: '{a1!s}'"

    @app.callback(Output("b2", "children"), [Input("a2", "children"), Input("table", "selected_cells")])
    def b2(a2, selected_cells):
        return f"b2: '{a2!s}', {selected_cells!s}"

    with AppDriver(app) as d:
        for n in (None, 1, 2):
            if n:
                d.click("button")
            assert [text(d, i) for i in ("a1", "a2", "b1", "b2")] == [f"a1: {n}", f"a2: {n}", f"b1: 'a1: {n}'", f"b2: 'a2: {n}', None"]


@pytest.mark.parametrize("MULTI", [False, True])
def test_cbmt004_chain_with_sliders(MULTI):
    """Dash: tests/integration/callbacks/test_multiple_callbacks.py::test_cbmt004_chain_with_sliders"""
    app = Dash(__name__)
    app.layout = html.Div(
        [
            html.Button("Button", id="button"),
            html.Div([html.Label(id="label1"), dcc.Slider(id="slider1", min=0, max=10, value=0)]),
            html.Div([html.Label(id="label2"), dcc.Slider(id="slider2", min=0, max=10, value=0)]),
        ]
    )
    if MULTI:

        @app.callback([Output("slider1", "value"), Output("slider2", "value")], [Input("button", "n_clicks")])
        def update_slider_vals(n):
            if not n:
                raise PreventUpdate
            return n, n

    else:

        @app.callback(Output("slider1", "value"), [Input("button", "n_clicks")])
        def update_slider1_val(n):
            if not n:
                raise PreventUpdate
            return n

        @app.callback(Output("slider2", "value"), [Input("button", "n_clicks")])
        def update_slider2_val(n):
            if not n:
                raise PreventUpdate
            return n

    @app.callback(Output("label1", "children"), [Input("slider1", "value")])
    def update_slider1_label(val):
        return f"Slider1 value {val}"

    @app.callback(Output("label2", "children"), [Input("slider2", "value")])
    def update_slider2_label(val):
        return f"Slider2 value {val}"

    with AppDriver(app) as d:
        # the labels' only inputs are outputs of a prevented initial call: they do not fire
        assert (text(d, "label1"), text(d, "label2")) == ("", "")
        d.click("button")
        assert (text(d, "label1"), text(d, "label2")) == ("Slider1 value 1", "Slider2 value 1")
        d.click("button")
        assert (text(d, "label1"), text(d, "label2")) == ("Slider1 value 2", "Slider2 value 2")


def test_cbmt005_multi_converging_chain():
    """Dash: tests/integration/callbacks/test_multiple_callbacks.py::test_cbmt005_multi_converging_chain"""
    app = Dash(__name__)
    app.layout = html.Div(
        [html.Button("Button 1", id="b1"), html.Button("Button 2", id="b2"), dcc.Slider(id="slider1", min=-5, max=5), dcc.Slider(id="slider2", min=-5, max=5), html.Div(id="out")]
    )
    calls = []

    @app.callback([Output("slider1", "value"), Output("slider2", "value")], [Input("b1", "n_clicks"), Input("b2", "n_clicks")])
    def update_sliders(button1, button2):
        if not callback_context.triggered:
            raise PreventUpdate
        return (-1, -1) if callback_context.triggered[0]["prop_id"] == "b1.n_clicks" else (1, 1)

    @app.callback(Output("out", "children"), [Input("slider1", "value"), Input("slider2", "value")])
    def update_graph(s1, s2):
        calls.append((s1, s2))
        return f"x={s1}, y={s2}"

    with AppDriver(app) as d:
        d.click("b1")
        assert text(d, "out") == "x=-1, y=-1"
        d.click("b2")
        assert text(d, "out") == "x=1, y=1"
        assert calls[-2:] == [(-1, -1), (1, 1)]  # converging: one call per click


def test_cbmt006_derived_props():
    """Dash: tests/integration/callbacks/test_multiple_callbacks.py::test_cbmt006_derived_props"""
    app = Dash(__name__)
    app.layout = html.Div([html.Div(id="output"), html.Button("click", id="btn"), dcc.Store(id="store")])

    @app.callback(Output("output", "children"), [Input("store", "modified_timestamp")], [State("store", "data")])
    def on_data(ts, data):
        return data

    @app.callback(Output("store", "data"), [Input("btn", "n_clicks")])
    def on_click(n_clicks):
        return n_clicks or 0

    with AppDriver(app) as d:
        assert text(d, "output") == "0"
        d.click("btn")
        assert text(d, "output") == "1"
        d.click("btn")
        assert text(d, "output") == "2"


def test_cbmt007_early_preventupdate_inputs_above_below():
    """Dash: tests/integration/callbacks/test_multiple_callbacks.py::test_cbmt007_early_preventupdate_inputs_above_below"""
    app = Dash(__name__, suppress_callback_exceptions=True)
    app.layout = html.Div(id="content")

    @app.callback(Output("content", "children"), [Input("content", "style")])
    def content(_):
        return html.Div(
            [
                html.Div(42, id="above-in"), html.Div(id="above-dummy"), html.Hr(), html.Div(0, id="above-out"),
                html.Div(0, id="below-out"), html.Hr(), html.Div(id="below-dummy"), html.Div(44, id="below-in"),
            ]
        )  # fmt: skip

    for pos in ("above", "below"):

        @app.callback(Output(f"{pos}-dummy", "children"), [Input(f"{pos}-dummy", "style")])
        def dummy(_):
            raise PreventUpdate

        @app.callback(Output(f"{pos}-out", "children"), [Input(f"{pos}-in", "children")])
        def out(v):
            return v

    with AppDriver(app) as d:
        assert text(d, "above-out") == "42"
        assert text(d, "below-out") == "44"


def test_cbmt008_direct_chain():
    """Dash: tests/integration/callbacks/test_multiple_callbacks.py::test_cbmt008_direct_chain"""
    app = Dash(__name__)
    app.layout = html.Div([dcc.Input(id="input-1", value="input 1"), dcc.Input(id="input-2"), html.Div("test", id="output")])
    counts = {"output": 0, "input-2": 0}

    @app.callback(Output("input-2", "value"), Input("input-1", "value"))
    def update_input(input1):
        counts["input-2"] += 1
        return f"<<{input1}>>"

    @app.callback(Output("output", "children"), Input("input-1", "value"), Input("input-2", "value"))
    def update_output(input1, input2):
        counts["output"] += 1
        return f"{input1} + {input2}"

    with AppDriver(app) as d:
        assert d.get("input-2", "value") == "<<input 1>>"
        assert text(d, "output") == "input 1 + <<input 1>>"
        assert counts == {"output": 1, "input-2": 1}
        d.set("input-1", "value", "input 1x")
        assert d.get("input-2", "value") == "<<input 1x>>"
        assert text(d, "output") == "input 1x + <<input 1x>>"
        assert counts == {"output": 2, "input-2": 2}
        d.set("input-2", "value", "<<input 1x>>y")
        assert text(d, "output") == "input 1x + <<input 1x>>y"
        assert d.get("input-1", "value") == "input 1x"
        assert counts == {"output": 3, "input-2": 2}


def test_cbmt009_branched_chain():
    """Dash: tests/integration/callbacks/test_multiple_callbacks.py::test_cbmt009_branched_chain"""
    app = Dash(__name__)
    app.layout = html.Div(
        [dcc.Input(id="grandparent", value="input 1"), dcc.Input(id="parent-a"), dcc.Input(id="parent-b"), html.Div(id="child-a"), html.Div(id="child-b")]
    )
    counts = {"parent-a": 0, "parent-b": 0, "child-a": 0, "child-b": 0}

    @app.callback(Output("parent-a", "value"), Input("grandparent", "value"))
    def update_parenta(value):
        counts["parent-a"] += 1
        return f"a: {value}"

    @app.callback(Output("parent-b", "value"), Input("grandparent", "value"))
    def update_parentb(value):
        time.sleep(0.02)
        counts["parent-b"] += 1
        return f"b: {value}"

    @app.callback(Output("child-a", "children"), Input("parent-a", "value"), Input("parent-b", "value"))
    def update_childa(parenta_value, parentb_value):
        time.sleep(0.05)
        counts["child-a"] += 1
        return f"{parenta_value} + {parentb_value}"

    @app.callback(Output("child-b", "children"), Input("parent-a", "value"), Input("parent-b", "value"), Input("grandparent", "value"))
    def update_childb(parenta_value, parentb_value, grandparent_value):
        counts["child-b"] += 1
        return f"{parenta_value} + {parentb_value} + {grandparent_value}"

    with AppDriver(app) as d:
        assert text(d, "child-a") == "a: input 1 + b: input 1"
        assert text(d, "child-b") == "a: input 1 + b: input 1 + input 1"
        assert (d.get("parent-a", "value"), d.get("parent-b", "value")) == ("a: input 1", "b: input 1")
        assert counts == {"parent-a": 1, "parent-b": 1, "child-a": 1, "child-b": 1}


def test_cbmt010_shared_grandparent():
    """Dash: tests/integration/callbacks/test_multiple_callbacks.py::test_cbmt010_shared_grandparent"""
    app = Dash(__name__)
    app.layout = html.Div([html.Div("id", id="session-id"), dcc.Dropdown(id="dropdown-1"), dcc.Dropdown(id="dropdown-2"), html.Div(id="output")])
    options = [{"value": "a", "label": "a"}]
    counts = {"dropdown_1": 0, "dropdown_2": 0}

    @app.callback(Output("dropdown-1", "options"), [Input("dropdown-1", "value"), Input("session-id", "children")])
    def dropdown_1(value, session_id):
        counts["dropdown_1"] += 1
        return options

    @app.callback(Output("dropdown-2", "options"), Input("dropdown-2", "value"), Input("session-id", "children"))
    def dropdown_2(value, session_id):
        counts["dropdown_2"] += 1
        return options

    @app.callback(Output("output", "children"), Input("dropdown-1", "value"), Input("dropdown-2", "value"))
    def set_output(v1, v2):
        return (v1 or "b") + (v2 or "b")

    with AppDriver(app) as d:
        assert text(d, "output") == "bb"
        assert counts == {"dropdown_1": 1, "dropdown_2": 1}
        assert not d.errors


def test_cbmt011_callbacks_triggered_on_generated_output():
    """Dash: tests/integration/callbacks/test_multiple_callbacks.py::test_cbmt011_callbacks_triggered_on_generated_output"""
    app = Dash(__name__, suppress_callback_exceptions=True)
    counts = {"tab1": 0, "tab2": 0}
    app.layout = html.Div(
        [
            dcc.Dropdown(id="outer-controls", options=[{"label": i, "value": i} for i in ["a", "b"]], value="a"),
            dcc.RadioItems(options=[{"label": "Tab 1", "value": 1}, {"label": "Tab 2", "value": 2}], value=1, id="tabs"),
            html.Div(id="tab-output"),
        ]
    )

    @app.callback(Output("tab-output", "children"), Input("tabs", "value"))
    def display_content(value):
        return html.Div([html.Div(id=f"tab-{value}-output")])

    @app.callback(Output("tab-1-output", "children"), Input("outer-controls", "value"))
    def display_tab1_output(value):
        counts["tab1"] += 1
        return f'Selected "{value}" in tab 1'

    @app.callback(Output("tab-2-output", "children"), Input("outer-controls", "value"))
    def display_tab2_output(value):
        counts["tab2"] += 1
        return f'Selected "{value}" in tab 2'

    with AppDriver(app) as d:
        assert text(d, "tab-output") == 'Selected "a" in tab 1'
        assert counts == {"tab1": 1, "tab2": 0}
        d.set("tabs", "value", 2)
        assert text(d, "tab-output") == 'Selected "a" in tab 2'
        assert text(d, "tab-2-output") == 'Selected "a" in tab 2'
        assert counts == {"tab1": 1, "tab2": 1}
        assert not d.errors


@pytest.mark.parametrize("generate", [False, True])
def test_cbmt012_initialization_with_overlapping_outputs(generate):
    """Dash: tests/integration/callbacks/test_multiple_callbacks.py::test_cbmt012_initialization_with_overlapping_outputs"""
    app = Dash(__name__, suppress_callback_exceptions=generate)
    block = html.Div([html.Div(id=f"input-{i}", children=f"input-{i}") for i in range(1, 6)] + [html.Div(id=f"output-{i}") for i in range(1, 5)])
    counts = {"container": 0, **{f"output-{i}": 0 for i in range(1, 5)}}
    if generate:
        app.layout = html.Div([html.Div(id="input"), html.Div(id="container")])

        @app.callback(Output("container", "children"), Input("input", "children"))
        def set_content(_):
            counts["container"] += 1
            return block

    else:
        app.layout = block

    def generate_callback(outputid):
        def cb(*args):
            counts[outputid] += 1
            return "{}, {}".format(*args)

        return cb

    for i in range(1, 5):
        app.callback(Output(f"output-{i}", "children"), Input(f"input-{i}", "children"), Input(f"input-{i + 1}", "children"))(generate_callback(f"output-{i}"))

    with AppDriver(app) as d:
        for i in range(1, 5):
            assert text(d, f"output-{i}") == f"input-{i}, input-{i + 1}"
            assert counts[f"output-{i}"] == 1
        assert counts["container"] == (1 if generate else 0)


def test_cbmt013_chained_callback_should_be_blocked():
    """Dash: tests/integration/callbacks/test_multiple_callbacks.py::test_cbmt013_chained_callback_should_be_blocked"""
    all_options = {"America": ["New York City", "San Francisco", "Cincinnati"], "Canada": ["Montreal", "Toronto", "Ottawa"]}
    app = Dash(__name__)
    app.layout = html.Div(
        [
            dcc.RadioItems(id="countries-radio", options=[{"label": k, "value": k} for k in all_options], value="America"),
            html.Hr(),
            dcc.RadioItems(id="cities-radio"),
            html.Hr(),
            html.Div(id="display-selected-values"),
        ]
    )
    counts = {"opts": 0, "city": 0, "out": 0}
    gate = threading.Event()
    gate.set()

    @app.callback(Output("cities-radio", "options"), Input("countries-radio", "value"))
    def set_cities_options(selected_country):
        counts["opts"] += 1
        return [{"label": i, "value": i} for i in all_options[selected_country]]

    @app.callback(Output("cities-radio", "value"), Input("cities-radio", "options"))
    def set_cities_value(available_options):
        counts["city"] += 1
        return available_options[0]["value"]

    @app.callback(Output("display-selected-values", "children"), Input("countries-radio", "value"), Input("cities-radio", "value"))
    def set_display_children(selected_country, selected_city):
        assert selected_city in all_options[selected_country]  # never out of sync
        counts["out"] += 1
        gate.wait(5)
        return f"{selected_city} is a city in {selected_country}"

    new_york_text = "New York City is a city in America"
    with AppDriver(app) as d:
        assert text(d, "display-selected-values") == new_york_text
        assert counts == {"opts": 1, "city": 1, "out": 1}
        gate.clear()
        d.set("countries-radio", "value", "Canada", wait=False)
        try:
            until(lambda: counts["out"] == 2, timeout=3)
            assert counts["opts"] == 2 and counts["city"] == 2
            assert text(d, "display-selected-values") == new_york_text
        finally:
            gate.set()
        d.wait_idle()
        assert text(d, "display-selected-values") == "Montreal is a city in Canada"
        assert counts == {"opts": 2, "city": 2, "out": 2}
        assert d.errors == []
