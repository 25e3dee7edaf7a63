"""Dash's tests/async_tests/ (test_async_callbacks.py, test_async_background_callbacks.py):
the basic-callback tests again with ``async def`` callbacks, re-expressed with AppDriver.
(test_async_cbsc009 needs dash_test_components and is not ported.)"""

from __future__ import annotations

import asyncio
import json
import threading
import time

import numpy as np
import pytest
from dash import dash_table

from nbdash import Dash, Input, Output, State, callback, dcc, html, no_update, set_props
from nbdash.exceptions import PreventUpdate
from nbdash.testing import AppDriver

from .helpers import dash_path, peek, text, until


def type_keys(d, component_id, keys, start=""):
    for i in range(len(keys)):
        d.set(component_id, "value", start + keys[: i + 1])


def test_async_cbsc001_simple_callback():
    """Dash: tests/async_tests/test_async_callbacks.py::test_async_cbsc001_simple_callback"""
    app = Dash(__name__)
    app.layout = html.Div([dcc.Input(id="input", value="initial value"), html.Div(html.Div([1.5, None, "string", html.Div(id="output-1")]))])
    calls = []

    @app.callback(Output("output-1", "children"), [Input("input", "value")])
    async def update_output(value):
        await asyncio.sleep(0)
        calls.append(value)
        return value

    with AppDriver(app) as d:
        assert text(d, "output-1") == "initial value"
        d.set("input", "value", "")
        type_keys(d, "input", "hello world")
        assert text(d, "output-1") == "hello world"
        assert len(calls) == 2 + len("hello world")
        assert d.errors == []


def test_async_cbsc002_callbacks_generating_children():
    """Dash: tests/async_tests/test_async_callbacks.py::test_async_cbsc002_callbacks_generating_children"""
    app = Dash(__name__, suppress_callback_exceptions=True)
    app.layout = html.Div([dcc.Input(id="input", value="initial value"), html.Div(id="output")])
    calls = []

    @app.callback(Output("output", "children"), [Input("input", "value")])
    async def pad_output(_):
        return html.Div([dcc.Input(id="sub-input-1", value="sub input initial value"), html.Div(id="sub-output-1")])

    @app.callback(Output("sub-output-1", "children"), [Input("sub-input-1", "value")])
    async def update_input(value):
        calls.append(value)
        return value

    with AppDriver(app) as d:
        assert text(d, "sub-output-1") == "sub input initial value"
        assert len(calls) == 1
        assert dash_path(d, "sub-input-1") == ["components", "props", "children", 1, "props", "children", "props", "children", 0]
        assert dash_path(d, "sub-output-1") == ["components", "props", "children", 1, "props", "children", "props", "children", 1]
        d.set("sub-input-1", "value", "sub input initial valuedeadbeef")
        assert text(d, "sub-output-1") == "sub input initial valuedeadbeef"


def test_async_cbsc003_callback_with_unloaded_async_component():
    """Dash: tests/async_tests/test_async_callbacks.py::test_async_cbsc003_callback_with_unloaded_async_component"""
    app = Dash()
    app.layout = html.Div(
        dcc.Tabs([dcc.Tab([html.Button(id="btn", children="Update Input"), html.Div(id="output", children=["Hello"])]), dcc.Tab(dash_table.DataTable(id="other-table"))])
    )

    @app.callback(Output("output", "children"), [Input("btn", "n_clicks")])
    async def update_out(n_clicks):
        if n_clicks is None:
            raise PreventUpdate
        return "Bye"

    with AppDriver(app) as d:
        assert text(d, "output") == "Hello"
        d.click("btn")
        assert text(d, "output") == "Bye"


def test_async_cbsc004_callback_using_unloaded_async_component():
    """Dash: tests/async_tests/test_async_callbacks.py::test_async_cbsc004_callback_using_unloaded_async_component"""
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
    async def update_out(n_clicks, data):
        return json.dumps(data) + " - " + str(n_clicks)

    @app.callback(Output("output2", "children"), [Input("btn", "n_clicks")], [State("table", "derived_viewport_data")])
    async def update_out2(n_clicks, data):
        return json.dumps(data) + " - " + str(n_clicks)

    with AppDriver(app) as d:
        assert (text(d, "output"), text(d, "output2")) == ('[{"a": "b"}] - None', "null - None")
        d.click("btn")
        assert (text(d, "output"), text(d, "output2")) == ('[{"a": "b"}] - 1', "null - 1")


@pytest.mark.parametrize("engine", ["json", "orjson"])
def test_async_cbsc005_children_types(engine):
    """Dash: tests/async_tests/test_async_callbacks.py::test_async_cbsc005_children_types"""
    app = Dash()
    app.layout = html.Div([html.Button(id="btn"), html.Div("init", id="out")])
    outputs = [[None, ""], ["a string", "a string"], [123, "123"], [123.45, "123.45"], [[6, 7, 8], "678"], [["a", "list", "of", "strings"], "alistofstrings"], [["strings", 2, "numbers"], "strings2numbers"], [["a string", html.Div("and a div")], "a string\nand a div"]]

    @app.callback(Output("out", "children"), [Input("btn", "n_clicks")])
    async def set_children(n):
        if n is None or n > len(outputs):
            return no_update
        return outputs[n - 1][0]

    with AppDriver(app) as d:
        assert text(d, "out") == "init"
        for _children, expected in outputs:
            d.click("btn")
            assert text(d, "out") == expected


@pytest.mark.parametrize("engine", ["json", "orjson"])
def test_async_cbsc006_array_of_objects(engine):
    """Dash: tests/async_tests/test_async_callbacks.py::test_async_cbsc006_array_of_objects"""
    app = Dash()
    app.layout = html.Div([html.Button(id="btn"), dcc.Dropdown(id="dd"), html.Div(id="out")])

    @app.callback(Output("dd", "options"), [Input("btn", "n_clicks")])
    async def set_options(n):
        return [{"label": f"opt{i}", "value": i} for i in range(n or 0)]

    @app.callback(Output("out", "children"), [Input("dd", "options")])
    async def set_out(opts):
        return len(opts)

    with AppDriver(app) as d:
        assert text(d, "out") == "0"
        for i in range(5):
            d.click("btn")
            assert text(d, "out") == str(i + 1)
            d.set("dd", "value", i)


@pytest.mark.parametrize("refresh", [False, True])
def test_async_cbsc007_parallel_updates(refresh):
    """Dash: tests/async_tests/test_async_callbacks.py::test_async_cbsc007_parallel_updates"""
    app = Dash()
    app.layout = html.Div([dcc.Location(id="loc", refresh=refresh), html.Button("Update path", id="btn"), dash_table.DataTable(id="t", columns=[{"name": "a", "id": "a"}]), html.Div(id="out")])

    @app.callback(Output("t", "data"), [Input("loc", "pathname")])
    async def set_data(path):
        return [{"a": (path or repr(path)) + ":a"}]

    @app.callback(Output("out", "children"), [Input("loc", "pathname"), Input("t", "data")])
    async def set_out(path, data):
        return json.dumps(data) + " - " + (path or repr(path))

    @app.callback(Output("loc", "pathname"), [Input("btn", "n_clicks")])
    async def set_path(n):
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


def test_async_cbsc008_wildcard_prop_callbacks():
    """Dash: tests/async_tests/test_async_callbacks.py::test_async_cbsc008_wildcard_prop_callbacks"""
    app = Dash(__name__)
    app.layout = html.Div(
        [dcc.Input(id="input", value="initial value"), html.Div(html.Div([1.5, None, "string", html.Div(id="output-1", **{"data-cb": "initial value", "aria-cb": "initial value"})]))]
    )
    calls = []

    @app.callback(Output("output-1", "data-cb"), [Input("input", "value")])
    async def update_data(value):
        calls.append(value)
        return value

    @app.callback(Output("output-1", "children"), [Input("output-1", "data-cb")])
    async def update_text(data):
        return data

    with AppDriver(app) as d:
        assert text(d, "output-1") == "initial value"
        d.set("input", "value", "")
        type_keys(d, "input", "hello world")
        assert (text(d, "output-1"), d.get("output-1", "data-cb")) == ("hello world", "hello world")
        assert len(calls) == 2 + len("hello world")


def test_async_cbsc010_event_properties():
    """Dash: tests/async_tests/test_async_callbacks.py::test_async_cbsc010_event_properties"""
    app = Dash(__name__)
    app.layout = html.Div([html.Button("Click Me", id="button"), html.Div(id="output")])
    calls = []

    @app.callback(Output("output", "children"), [Input("button", "n_clicks")])
    async def update_output(n_clicks):
        if not n_clicks:
            raise PreventUpdate
        calls.append(n_clicks)
        return "Click"

    with AppDriver(app) as d:
        assert text(d, "output") == "" and calls == []
        d.click("button")
        assert text(d, "output") == "Click" and len(calls) == 1


def test_async_cbsc011_one_call_for_multiple_outputs_initial():
    """Dash: tests/async_tests/test_async_callbacks.py::test_async_cbsc011_one_call_for_multiple_outputs_initial"""
    app = Dash(__name__)
    app.layout = html.Div([html.Div([dcc.Input(value=f"Input {i}", id=f"input-{i}") for i in range(10)]), html.Div(id="container"), dcc.RadioItems()])
    calls = []

    @app.callback(Output("container", "children"), [Input(f"input-{i}", "value") for i in range(10)])
    async def dynamic_output(*args):
        calls.append(args)
        return json.dumps(args)

    with AppDriver(app) as d:
        assert len(calls) == 1
        assert text(d, "container") == json.dumps([f"Input {i}" for i in range(10)])


def test_async_cbsc012_one_call_for_multiple_outputs_update():
    """Dash: tests/async_tests/test_async_callbacks.py::test_async_cbsc012_one_call_for_multiple_outputs_update"""
    app = Dash(__name__, suppress_callback_exceptions=True)
    app.layout = html.Div([html.Button(id="display-content", children="Display Content"), html.Div(id="container"), dcc.RadioItems()])
    calls = []

    @app.callback(Output("container", "children"), Input("display-content", "n_clicks"))
    async def display_output(n_clicks):
        if not n_clicks:
            return ""
        return html.Div([html.Div([dcc.Input(value=f"Input {i}", id=f"input-{i}") for i in range(10)]), html.Div(id="dynamic-output")])

    @app.callback(Output("dynamic-output", "children"), [Input(f"input-{i}", "value") for i in range(10)])
    async def dynamic_output(*args):
        calls.append(args)
        return json.dumps(args)

    with AppDriver(app) as d:
        d.click("display-content")
        assert len(calls) == 1
        assert text(d, "dynamic-output") == json.dumps([f"Input {i}" for i in range(10)])


def test_async_cbsc013_multi_output_out_of_order():
    """Dash: tests/async_tests/test_async_callbacks.py::test_async_cbsc013_multi_output_out_of_order"""
    app = Dash(__name__)
    app.layout = html.Div([html.Button("Click", id="input", n_clicks=0), html.Div(id="output1"), html.Div(id="output2")])
    calls = []

    @app.callback(Output("output1", "children"), Output("output2", "children"), Input("input", "n_clicks"))
    async def update_output(n_clicks):
        calls.append(n_clicks)
        if n_clicks == 1:
            await asyncio.sleep(0.05)
        return n_clicks, n_clicks + 1

    with AppDriver(app) as d:
        d.click("input", wait=False)
        d.click("input", wait=False)
        d.wait_idle()
        assert (text(d, "output1"), text(d, "output2")) == ("2", "3")
        assert len(calls) == 3


def test_async_cbsc014_multiple_properties_update_at_same_time_on_same_component():
    """Dash: tests/async_tests/test_async_callbacks.py::test_async_cbsc014_multiple_properties_update_at_same_time_on_same_component"""
    seen = []
    app = Dash(__name__)
    app.layout = html.Div(
        [html.Div(id="container"), html.Button("Click 1", id="button-1", n_clicks=0, n_clicks_timestamp=-1), html.Button("Click 2", id="button-2", n_clicks=0, n_clicks_timestamp=-1)]
    )

    @app.callback(Output("container", "children"), Input("button-1", "n_clicks"), Input("button-1", "n_clicks_timestamp"), Input("button-2", "n_clicks"), Input("button-2", "n_clicks_timestamp"))
    async def update_output(n1, t1, n2, t2):
        seen.append((t1, t2))
        return f"{n1}, {n2}"

    day_ago_ms = (time.time() - 24 * 60 * 60) * 1000
    with AppDriver(app) as d:
        assert text(d, "container") == "0, 0" and seen == [(-1, -1)]
        d.click("button-1")
        t1 = seen[-1][0]
        assert text(d, "container") == "1, 0" and t1 > day_ago_ms and seen[-1][1] == -1
        d.click("button-2")
        assert text(d, "container") == "1, 1" and seen[-1][0] == t1
        prev2 = seen[-1][1]
        d.click("button-2")
        assert text(d, "container") == "1, 2" and seen[-1][1] > prev2 > t1 and len(seen) == 4


def test_async_cbsc016_extra_components_callback():
    """Dash: tests/async_tests/test_async_callbacks.py::test_async_cbsc016_extra_components_callback"""
    app = Dash(__name__)
    app._extra_components.append(dcc.Store(id="extra-store", data=123))
    app.layout = html.Div([dcc.Input(id="input", value="initial value"), html.Div(id="output-1")])
    seen = []

    @app.callback(Output("output-1", "children"), [Input("input", "value"), Input("extra-store", "data")])
    async def update_output(value, data):
        seen.append(data)
        return value

    with AppDriver(app) as d:
        d.set("input", "value", "A")
        assert text(d, "output-1") == "A" and seen[-1] == 123


def test_async_cbsc018_callback_ndarray_output():
    """Dash: tests/async_tests/test_async_callbacks.py::test_async_cbsc018_callback_ndarray_output"""
    app = Dash(__name__)
    app.layout = html.Div([dcc.Store(id="output"), html.Button("click", id="clicker")])

    @app.callback(Output("output", "data"), Input("clicker", "n_clicks"))
    async def on_click(_):
        return np.array([[1, 2, 3], [4, 5, 6]], np.int32)

    with AppDriver(app) as d:
        assert d.errors == []
        assert d.props("output")["data"] == [[1, 2, 3], [4, 5, 6]]


def test_async_cbsc019_callback_running():
    """Dash: tests/async_tests/test_async_callbacks.py::test_async_cbsc019_callback_running"""
    app = Dash(__name__)
    app.layout = html.Div([html.Div("off", id="running"), html.Button("start", id="start"), html.Div(id="output")])
    during = []

    @app.callback(Output("output", "children"), Input("start", "n_clicks"), running=[[Output("running", "children"), html.B("on", id="content"), "off"]], prevent_initial_call=True)
    async def on_click(_):
        during.append(text(d, "running"))
        return "done"

    with AppDriver(app) as d:
        d.click("start")
        assert during == ["on"]
        assert (text(d, "output"), text(d, "running")) == ("done", "off")


def test_async_cbsc020_callback_running_non_existing_component():
    """Dash: tests/async_tests/test_async_callbacks.py::test_async_cbsc020_callback_running_non_existing_component"""
    app = Dash(__name__, suppress_callback_exceptions=True)
    app.layout = html.Div([html.Button("start", id="start"), html.Div(id="output")])

    @app.callback(Output("output", "children"), Input("start", "n_clicks"), running=[[Output("non_existent_component", "children"), html.B("on", id="content"), "off"]], prevent_initial_call=True)
    async def on_click(_):
        return "done"

    with AppDriver(app) as d:
        d.click("start")
        assert text(d, "output") == "done"


def test_async_cbsc021_callback_running_non_existing_component():
    """Dash: tests/async_tests/test_async_callbacks.py::test_async_cbsc021_callback_running_non_existing_component"""
    app = Dash(__name__)
    app.layout = html.Div([html.Button("start", id="start"), html.Div(id="output")])

    @app.callback(Output("output", "children"), Input("start", "n_clicks"), running=[[Output("non_existent_component", "children"), html.B("on", id="content"), "off"]], prevent_initial_call=True)
    async def on_click(_):
        return "done"

    with AppDriver(app, raise_errors=False) as d:
        d.click("start")
        assert text(d, "output") == "done"
        assert len(d.errors) == 2
        assert all('Component id: "non_existent_component"' in str(e) for e in d.errors)


def test_001ab_arbitrary():
    """Dash: tests/async_tests/test_async_background_callbacks.py::test_001ab_arbitrary"""
    gate, gate2 = threading.Event(), threading.Event()
    app = Dash(__name__)
    app.layout = html.Div([html.Button("start", id="start"), html.Div(id="secondary"), html.Div(id="no-output"), html.Div("initial", id="output"), html.Button("start-no-output", id="start-no-output")])

    @callback(Output("output", "children"), Input("start", "n_clicks"), prevent_initial_call=True, background=True, interval=500)
    async def on_click(_):
        set_props("secondary", {"children": "first"})
        set_props("secondary", {"style": {"background": "red"}})
        await asyncio.to_thread(gate.wait, 5)
        set_props("secondary", {"children": "second"})
        return "completed"

    @callback(Input("start-no-output", "n_clicks"), prevent_initial_call=True, background=True)
    async def on_click2(_):
        set_props("no-output", {"children": "started"})
        await asyncio.to_thread(gate2.wait, 5)
        set_props("no-output", {"children": "completed"})

    with AppDriver(app) as d:
        assert text(d, "output") == "initial"
        d.click("start", wait=False)
        until(lambda: text(d, "secondary") == "first")
        until(lambda: peek(d, "secondary", "style") == {"background": "red"})
        assert text(d, "output") == "initial"
        gate.set()
        d.wait_idle()
        assert (text(d, "secondary"), text(d, "output")) == ("second", "completed")
        d.click("start-no-output", wait=False)
        until(lambda: text(d, "no-output") == "started")
        gate2.set()
        d.wait_idle()
        assert text(d, "no-output") == "completed"


def test_002ab_basic():
    """Dash: tests/async_tests/test_async_background_callbacks.py::test_002ab_basic"""
    app = Dash(__name__)
    app.layout = html.Div([dcc.Input(id="input", value="initial value"), html.Div(html.Div([1.5, None, "string", html.Div(id="output-1")]))])

    @app.callback(Output("output-1", "children"), [Input("input", "value")], interval=500, background=True)
    async def update_output(value):
        await asyncio.sleep(0.001)
        return value

    with AppDriver(app) as d:
        assert text(d, "output-1") == "initial value"
        d.set("input", "value", "", wait=False)
        for i in range(len("hello world")):
            d.set("input", "value", "hello world"[: i + 1], wait=False)
        d.wait_idle()
        assert text(d, "output-1") == "hello world"
        assert d.errors == []
