"""Dash's tests/integration/callbacks/test_basic_callback.py, re-expressed with AppDriver."""

from __future__ import annotations

import json
import time

import numpy as np
import pytest
from dash import dash_table

from nbdash import Dash, Input, Output, State, callback_context, dcc, html, no_update
from nbdash.exceptions import PreventUpdate
from nbdash.testing import AppDriver

from .helpers import dash_path, needs_foreign, needs_mixed_duplicates, text


def type_keys(d: AppDriver, component_id: str, keys: str, start: str = "") -> None:
    """Typing into a text box: one value change per key."""
    value = start
    for key in keys:
        value += key
        d.set(component_id, "value", value)


def test_cbsc001_simple_callback():
    """Dash: tests/integration/callbacks/test_basic_callback.py::test_cbsc001_simple_callback"""
    app = Dash(__name__)
    app.layout = html.Div(
        [dcc.Input(id="input", value="initial value"), html.Div(html.Div([1.5, None, "string", html.Div(id="output-1")]))]
    )
    calls = []

    @app.callback(Output("output-1", "children"), [Input("input", "value")])
    def update_output(value):
        calls.append(value)
        return value

    with AppDriver(app) as d:
        assert text(d, "output-1") == "initial value"
        d.set("input", "value", "")
        type_keys(d, "input", "hello world")
        assert text(d, "output-1") == "hello world"
        assert len(calls) == 2 + len("hello world")
        assert d.errors == []


def test_cbsc002_callbacks_generating_children():
    """Dash: tests/integration/callbacks/test_basic_callback.py::test_cbsc002_callbacks_generating_children"""
    app = Dash(__name__, suppress_callback_exceptions=True)
    app.layout = html.Div([dcc.Input(id="input", value="initial value"), html.Div(id="output")])
    calls = []

    @app.callback(Output("output", "children"), [Input("input", "value")])
    def pad_output(value):
        return html.Div([dcc.Input(id="sub-input-1", value="sub input initial value"), html.Div(id="sub-output-1")])

    @app.callback(Output("sub-output-1", "children"), [Input("sub-input-1", "value")])
    def update_input(value):
        calls.append(value)
        return value

    with AppDriver(app) as d:
        assert text(d, "sub-output-1") == "sub input initial value"
        assert len(calls) == 1
        assert dash_path(d, "input") == ["components", "props", "children", 0]
        assert dash_path(d, "output") == ["components", "props", "children", 1]
        assert dash_path(d, "sub-input-1") == ["components", "props", "children", 1, "props", "children", "props", "children", 0]
        assert dash_path(d, "sub-output-1") == ["components", "props", "children", 1, "props", "children", "props", "children", 1]
        d.set("sub-input-1", "value", "sub input initial valuedeadbeef")
        assert text(d, "sub-output-1") == "sub input initial valuedeadbeef"
        assert d.errors == []


def test_cbsc003_callback_with_unloaded_async_component():
    """Dash: tests/integration/callbacks/test_basic_callback.py::test_cbsc003_callback_with_unloaded_async_component"""
    app = Dash()
    app.layout = html.Div(
        dcc.Tabs(
            [
                dcc.Tab([html.Button(id="btn", children="Update Input"), html.Div(id="output", children=["Hello"])]),
                dcc.Tab(dash_table.DataTable(id="other-table")),
            ]
        )
    )

    @app.callback(Output("output", "children"), [Input("btn", "n_clicks")])
    def update_out(n_clicks):
        if n_clicks is None:
            raise PreventUpdate
        return "Bye"

    with AppDriver(app) as d:
        assert text(d, "output") == "Hello"
        d.click("btn")
        assert text(d, "output") == "Bye"


@needs_foreign
def test_cbsc004_callback_using_unloaded_async_component():
    """Dash: tests/integration/callbacks/test_basic_callback.py::test_cbsc004_callback_using_unloaded_async_component"""
    app = Dash()
    app.layout = html.Div(
        [
            dcc.Tabs([dcc.Tab("boo!"), dcc.Tab(dash_table.DataTable(id="table", columns=[{"id": "a", "name": "A"}], data=[{"a": "b"}]))]),
            html.Button("Update Input", id="btn"),
            html.Div("Hello", id="output"),
            html.Div(id="output2"),
        ]
    )

    @app.callback(Output("output", "children"), [Input("btn", "n_clicks")], [State("table", "data")])
    def update_out(n_clicks, data):
        return json.dumps(data) + " - " + str(n_clicks)

    @app.callback(Output("output2", "children"), [Input("btn", "n_clicks")], [State("table", "derived_viewport_data")])
    def update_out2(n_clicks, data):
        return json.dumps(data) + " - " + str(n_clicks)

    with AppDriver(app) as d:
        assert text(d, "output") == '[{"a": "b"}] - None'
        assert text(d, "output2") == "null - None"
        d.click("btn")
        assert text(d, "output") == '[{"a": "b"}] - 1'
        assert text(d, "output2") == "null - 1"


@pytest.mark.parametrize("engine", ["json", "orjson"])
def test_cbsc005_children_types(engine):
    """Dash: tests/integration/callbacks/test_basic_callback.py::test_cbsc005_children_types"""
    app = Dash()
    app.layout = html.Div([html.Button(id="btn"), html.Div("init", id="out")])
    outputs = [
        [None, ""],
        ["a string", "a string"],
        [123, "123"],
        [123.45, "123.45"],
        [[6, 7, 8], "678"],
        [["a", "list", "of", "strings"], "alistofstrings"],
        [["strings", 2, "numbers"], "strings2numbers"],
        [["a string", html.Div("and a div")], "a string\nand a div"],
    ]

    @app.callback(Output("out", "children"), [Input("btn", "n_clicks")])
    def set_children(n):
        if n is None or n > len(outputs):
            return no_update
        return outputs[n - 1][0]

    with AppDriver(app) as d:
        assert text(d, "out") == "init"
        for _children, expected in outputs:
            d.click("btn")
            assert text(d, "out") == expected


@pytest.mark.parametrize("engine", ["json", "orjson"])
def test_cbsc006_array_of_objects(engine):
    """Dash: tests/integration/callbacks/test_basic_callback.py::test_cbsc006_array_of_objects"""
    app = Dash()
    app.layout = html.Div([html.Button(id="btn"), dcc.Dropdown(id="dd"), html.Div(id="out")])

    @app.callback(Output("dd", "options"), [Input("btn", "n_clicks")])
    def set_options(n):
        return [{"label": f"opt{i}", "value": i} for i in range(n or 0)]

    @app.callback(Output("out", "children"), [Input("dd", "options")])
    def set_out(opts):
        return len(opts)

    with AppDriver(app) as d:
        assert text(d, "out") == "0"
        for i in range(5):
            d.click("btn")
            assert text(d, "out") == str(i + 1)
            d.set("dd", "value", i)  # select "opt{i}"
            assert d.get("dd", "value") == i


@needs_foreign
@pytest.mark.parametrize("refresh", [False, True])
def test_cbsc007_parallel_updates(refresh):
    """Dash: tests/integration/callbacks/test_basic_callback.py::test_cbsc007_parallel_updates"""
    app = Dash()
    app.layout = html.Div(
        [
            dcc.Location(id="loc", refresh=refresh),
            html.Button("Update path", id="btn"),
            dash_table.DataTable(id="t", columns=[{"name": "a", "id": "a"}]),
            html.Div(id="out"),
        ]
    )

    @app.callback(Output("t", "data"), [Input("loc", "pathname")])
    def set_data(path):
        return [{"a": (path or repr(path)) + ":a"}]

    @app.callback(Output("out", "children"), [Input("loc", "pathname"), Input("t", "data")])
    def set_out(path, data):
        return json.dumps(data) + " - " + (path or repr(path))

    @app.callback(Output("loc", "pathname"), [Input("btn", "n_clicks")])
    def set_path(n):
        if not n:
            raise PreventUpdate
        return f"/{n}"

    with AppDriver(app) as d:
        assert text(d, "out") == '[{"a": "/:a"}] - /'
        d.click("btn")
        assert text(d, "out") == '[{"a": "/1:a"}] - /1'
        if not refresh:
            d.click("btn")
            assert text(d, "out") == '[{"a": "/2:a"}] - /2'


def test_cbsc008_wildcard_prop_callbacks():
    """Dash: tests/integration/callbacks/test_basic_callback.py::test_cbsc008_wildcard_prop_callbacks"""
    app = Dash(__name__)
    app.layout = html.Div(
        [
            dcc.Input(id="input", value="initial value"),
            html.Div(
                html.Div([1.5, None, "string", html.Div(id="output-1", **{"data-cb": "initial value", "aria-cb": "initial value"})])
            ),
        ]
    )
    calls = []

    @app.callback(Output("output-1", "data-cb"), [Input("input", "value")])
    def update_data(value):
        calls.append(value)
        return value

    @app.callback(Output("output-1", "children"), [Input("output-1", "data-cb")])
    def update_text(data):
        return data

    with AppDriver(app) as d:
        assert text(d, "output-1") == "initial value"
        assert d.get("output-1", "data-cb") == "initial value"
        d.set("input", "value", "")
        type_keys(d, "input", "hello world")
        assert text(d, "output-1") == "hello world"
        assert d.get("output-1", "data-cb") == "hello world"
        assert len(calls) == 2 + len("hello world")
        assert d.errors == []


def test_cbsc010_event_properties():
    """Dash: tests/integration/callbacks/test_basic_callback.py::test_cbsc010_event_properties"""
    app = Dash(__name__)
    app.layout = html.Div([html.Button("Click Me", id="button"), html.Div(id="output")])
    calls = []

    @app.callback(Output("output", "children"), [Input("button", "n_clicks")])
    def update_output(n_clicks):
        if not n_clicks:
            raise PreventUpdate
        calls.append(n_clicks)
        return "Click"

    with AppDriver(app) as d:
        assert text(d, "output") == ""
        assert calls == []
        d.click("button")
        assert text(d, "output") == "Click"
        assert len(calls) == 1


def test_cbsc011_one_call_for_multiple_outputs_initial():
    """Dash: tests/integration/callbacks/test_basic_callback.py::test_cbsc011_one_call_for_multiple_outputs_initial"""
    app = Dash(__name__)
    app.layout = html.Div(
        [
            html.Div([dcc.Input(value=f"Input {i}", id=f"input-{i}") for i in range(10)]),
            html.Div(id="container"),
            dcc.RadioItems(),
        ]
    )
    calls = []

    @app.callback(Output("container", "children"), [Input(f"input-{i}", "value") for i in range(10)])
    def dynamic_output(*args):
        calls.append(args)
        return json.dumps(args)

    with AppDriver(app) as d:
        assert len(calls) == 1
        inputs = [f'"Input {i}"' for i in range(10)]
        assert text(d, "container") == f'[{", ".join(inputs)}]'
        assert d.errors == []


def test_cbsc012_one_call_for_multiple_outputs_update():
    """Dash: tests/integration/callbacks/test_basic_callback.py::test_cbsc012_one_call_for_multiple_outputs_update"""
    app = Dash(__name__, suppress_callback_exceptions=True)
    app.layout = html.Div(
        [html.Button(id="display-content", children="Display Content"), html.Div(id="container"), dcc.RadioItems()]
    )
    calls = []

    @app.callback(Output("container", "children"), Input("display-content", "n_clicks"))
    def display_output(n_clicks):
        if not n_clicks:
            return ""
        return html.Div(
            [html.Div([dcc.Input(value=f"Input {i}", id=f"input-{i}") for i in range(10)]), html.Div(id="dynamic-output")]
        )

    @app.callback(Output("dynamic-output", "children"), [Input(f"input-{i}", "value") for i in range(10)])
    def dynamic_output(*args):
        calls.append(args)
        return json.dumps(args)

    with AppDriver(app) as d:
        d.click("display-content")
        assert d.get("input-9", "value") == "Input 9"
        assert len(calls) == 1
        inputs = [f'"Input {i}"' for i in range(10)]
        assert text(d, "dynamic-output") == f'[{", ".join(inputs)}]'


def test_cbsc013_multi_output_out_of_order():
    """Dash: tests/integration/callbacks/test_basic_callback.py::test_cbsc013_multi_output_out_of_order"""
    app = Dash(__name__)
    app.layout = html.Div([html.Button("Click", id="input", n_clicks=0), html.Div(id="output1"), html.Div(id="output2")])
    calls = []

    @app.callback(Output("output1", "children"), Output("output2", "children"), Input("input", "n_clicks"))
    def update_output(n_clicks):
        calls.append(n_clicks)
        if n_clicks == 1:
            time.sleep(0.05)  # the first click's call is slower than the second's
        return n_clicks, n_clicks + 1

    with AppDriver(app) as d:
        d.click("input", wait=False)
        d.click("input", wait=False)
        d.wait_idle()
        assert text(d, "output1") == "2"
        assert text(d, "output2") == "3"
        assert len(calls) == 3
        assert d.errors == []


def test_cbsc014_multiple_properties_update_at_same_time_on_same_component():
    """Dash: tests/integration/callbacks/test_basic_callback.py::test_cbsc014_multiple_properties_update_at_same_time_on_same_component"""
    seen = []
    app = Dash(__name__)
    app.layout = html.Div(
        [
            html.Div(id="container"),
            html.Button("Click 1", id="button-1", n_clicks=0, n_clicks_timestamp=-1),
            html.Button("Click 2", id="button-2", n_clicks=0, n_clicks_timestamp=-1),
        ]
    )

    @app.callback(
        Output("container", "children"),
        Input("button-1", "n_clicks"),
        Input("button-1", "n_clicks_timestamp"),
        Input("button-2", "n_clicks"),
        Input("button-2", "n_clicks_timestamp"),
    )
    def update_output(n1, t1, n2, t2):
        seen.append((t1, t2))
        return f"{n1}, {n2}"

    day_ago_ms = (time.time() - 24 * 60 * 60) * 1000
    with AppDriver(app) as d:
        assert text(d, "container") == "0, 0"
        assert seen == [(-1, -1)]
        d.click("button-1")
        assert text(d, "container") == "1, 0"
        t1, t2 = seen[-1]
        assert t1 > day_ago_ms and t2 == -1 and len(seen) == 2
        d.click("button-2")
        assert text(d, "container") == "1, 1"
        assert seen[-1][0] == t1 and seen[-1][1] > day_ago_ms and len(seen) == 3
        prev2 = seen[-1][1]
        d.click("button-2")
        assert text(d, "container") == "1, 2"
        assert seen[-1][0] == t1 and seen[-1][1] > prev2 > t1 and len(seen) == 4


def test_cbsc015_input_output_callback():
    """Dash: tests/integration/callbacks/test_basic_callback.py::test_cbsc015_input_output_callback"""
    app = Dash(__name__)
    app.layout = html.Div([html.Div("0", id="input-text"), dcc.Input(id="input", type="number", value=0)])
    calls = []

    @app.callback(Output("input", "value"), Input("input", "value"))
    def circular_output(v):
        return v if not callback_context.triggered else v + 1

    @app.callback(Output("input-text", "children"), Input("input", "value"))
    def follower_output(v):
        calls.append(v)
        return str(v)

    with AppDriver(app) as d:
        d.set("input", "value", 2)  # typing "2" into the number box
        assert text(d, "input-text") == "3"
        assert len(calls) == 2
        assert d.errors == []


def test_cbsc016_extra_components_callback():
    """Dash: tests/integration/callbacks/test_basic_callback.py::test_cbsc016_extra_components_callback"""
    app = Dash(__name__)
    app._extra_components.append(dcc.Store(id="extra-store", data=123))
    app.layout = html.Div([dcc.Input(id="input", value="initial value"), html.Div(id="output-1")])
    seen = []

    @app.callback(Output("output-1", "children"), [Input("input", "value"), Input("extra-store", "data")])
    def update_output(value, data):
        seen.append(data)
        return value

    with AppDriver(app) as d:
        d.set("input", "value", "A")
        assert text(d, "output-1") == "A"
        assert seen[-1] == 123


def test_cbsc017_callback_directly_callable():
    """Dash: tests/integration/callbacks/test_basic_callback.py::test_cbsc017_callback_directly_callable"""
    app = Dash(__name__)
    app.layout = html.Div([dcc.Input(id="input", value="initial value"), html.Div(id="output-1")])

    @app.callback(Output("output-1", "children"), [Input("input", "value")])
    def update_output(value):
        return f"returning {value}"

    assert update_output("my-value") == "returning my-value"


def test_cbsc018_callback_ndarray_output():
    """Dash: tests/integration/callbacks/test_basic_callback.py::test_cbsc018_callback_ndarray_output"""
    app = Dash(__name__)
    app.layout = html.Div([dcc.Store(id="output"), html.Button("click", id="clicker")])

    @app.callback(Output("output", "data"), Input("clicker", "n_clicks"))
    def on_click(_):
        return np.array([[1, 2, 3], [4, 5, 6]], np.int32)

    with AppDriver(app) as d:
        assert d.errors == []
        assert d.props("output")["data"] == [[1, 2, 3], [4, 5, 6]]


def test_cbsc019_callback_running():
    """Dash: tests/integration/callbacks/test_basic_callback.py::test_cbsc019_callback_running"""
    app = Dash(__name__)
    app.layout = html.Div([html.Div("off", id="running"), html.Button("start", id="start"), html.Div(id="output")])
    during = []

    @app.callback(
        Output("output", "children"),
        Input("start", "n_clicks"),
        running=[[Output("running", "children"), html.B("on", id="content"), "off"]],
        prevent_initial_call=True,
    )
    def on_click(_):
        during.append(text(d, "running"))
        return "done"

    with AppDriver(app) as d:
        d.click("start")
        assert during == ["on"]
        assert text(d, "output") == "done"
        assert text(d, "running") == "off"
        assert [v if isinstance(v, str) else v["props"]["id"] for v in d.history("running", "children")] == ["off", "content", "off"]


def test_cbsc020_callback_running_non_existing_component():
    """Dash: tests/integration/callbacks/test_basic_callback.py::test_cbsc020_callback_running_non_existing_component"""
    app = Dash(__name__, suppress_callback_exceptions=True)
    app.layout = html.Div([html.Button("start", id="start"), html.Div(id="output")])

    @app.callback(
        Output("output", "children"),
        Input("start", "n_clicks"),
        running=[[Output("non_existent_component", "children"), html.B("on", id="content"), "off"]],
        prevent_initial_call=True,
    )
    def on_click(_):
        return "done"

    with AppDriver(app) as d:
        d.click("start")
        assert text(d, "output") == "done"


def test_cbsc021_callback_running_non_existing_component():
    """Dash: tests/integration/callbacks/test_basic_callback.py::test_cbsc021_callback_running_non_existing_component"""
    app = Dash(__name__)
    app.layout = html.Div([html.Button("start", id="start"), html.Div(id="output")])

    @app.callback(
        Output("output", "children"),
        Input("start", "n_clicks"),
        running=[[Output("non_existent_component", "children"), html.B("on", id="content"), "off"]],
        prevent_initial_call=True,
    )
    def on_click(_):
        return "done"

    with AppDriver(app, raise_errors=False) as d:
        d.click("start")
        assert text(d, "output") == "done"
        # Dash's dev tools show the error twice: setting running on, then off
        messages = [str(e) for e in d.errors]
        assert len(messages) == 2, messages
        for message in messages:
            for line in (
                "Component defined in running keyword not found in layout.",
                'Component id: "non_existent_component"',
                "This ID was used in the callback(s) for Output(s):",
                "output.children",
                "You can suppress this exception by setting",
                "`suppress_callback_exceptions=True`.",
            ):
                assert line in message


def test_cbsc022_no_output_callback_initial_call():
    """Dash: tests/integration/callbacks/test_basic_callback.py::test_cbsc022_no_output_callback_initial_call"""
    calls = []
    app = Dash(__name__)
    app.layout = html.Div([html.Button("Click", id="btn", n_clicks=0), html.Div(id="output")])

    @app.callback(Input("btn", "n_clicks"))
    def no_output_callback(n_clicks):
        calls.append(n_clicks)

    @app.callback(Output("output", "children"), Input("btn", "n_clicks"))
    def with_output_callback(n_clicks):
        return f"Clicks: {n_clicks}"

    with AppDriver(app) as d:
        assert text(d, "output") == "Clicks: 0"
        assert len(calls) == 1
        d.click("btn")
        assert text(d, "output") == "Clicks: 1"
        assert len(calls) == 2
        assert d.errors == []


def test_cbsc023_no_input_callback_initial_call():
    """Dash: tests/integration/callbacks/test_basic_callback.py::test_cbsc023_no_input_callback_initial_call"""
    app = Dash(__name__)
    app.layout = html.Div([dcc.Store(id="store", data="initial"), html.Div(id="output")])

    @app.callback(Output("output", "children"), State("store", "data"))
    def no_input_callback(data):
        return f"Data: {data}"

    with AppDriver(app) as d:
        assert text(d, "output") == "Data: initial"
        assert d.errors == []


def test_cbsc024_no_input_no_output_callback_initial_call():
    """Dash: tests/integration/callbacks/test_basic_callback.py::test_cbsc024_no_input_no_output_callback_initial_call"""
    calls = []
    app = Dash(__name__)
    app.layout = html.Div([html.Div(id="output", children="Waiting...")])

    @app.callback()
    def no_input_no_output_callback():
        calls.append(1)

    with AppDriver(app) as d:
        assert d.exists("output")
        assert len(calls) == 1
        assert d.errors == []


def test_cbsc025_multiple_no_input_no_output_callbacks():
    """Dash: tests/integration/callbacks/test_basic_callback.py::test_cbsc025_multiple_no_input_no_output_callbacks"""
    calls = {"first": 0, "second": 0, "third": 0}
    app = Dash(__name__)
    app.layout = html.Div([html.Div(id="output", children="Waiting...")])

    @app.callback()
    def first_callback():
        calls["first"] += 1

    @app.callback()
    def second_callback():
        calls["second"] += 1

    @app.callback()
    def third_callback():
        calls["third"] += 1

    with AppDriver(app) as d:
        assert calls == {"first": 1, "second": 1, "third": 1}
        assert d.errors == []


@needs_mixed_duplicates
def test_cbsc026_no_input_with_duplicate_outputs():
    """Dash: tests/integration/callbacks/test_basic_callback.py::test_cbsc026_no_input_with_duplicate_outputs"""
    calls = {"first": 0, "second": 0}
    app = Dash(__name__)
    app.layout = html.Div([dcc.Store(id="store", data="initial"), html.Div(id="output", children="Waiting...")])

    @app.callback(Output("output", "children"), State("store", "data"))
    def first_no_input_callback(data):
        calls["first"] += 1
        return f"First: {data}"

    @app.callback(
        Output("output", "children", allow_duplicate=True), State("store", "data"), prevent_initial_call="initial_duplicate"
    )
    def second_no_input_callback(data):
        calls["second"] += 1
        return f"Second: {data}"

    with AppDriver(app) as d:
        assert calls == {"first": 1, "second": 1}
        assert "initial" in text(d, "output")
        assert d.errors == []
