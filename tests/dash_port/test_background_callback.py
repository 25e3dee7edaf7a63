"""Dash's tests/background_callback/test_basic_long_callback0NN.py, re-expressed with AppDriver.

Dash runs each app (tests/background_callback/app*.py) under a diskcache or Celery manager with
``time.sleep`` inside the jobs; here the jobs run on nbdash's default thread manager (a
``DiskcacheManager`` where Dash's test is about caching) and wait on ``threading.Event`` gates
instead of sleeping, so each state the Dash test waits for is observed deterministically and fast.
"""

from __future__ import annotations

import json
import threading

import diskcache
import pytest

from nbdash import ALL, Dash, DiskcacheManager, Input, Output, State, callback, ctx, dcc, html, no_update, set_props
from nbdash.exceptions import PreventUpdate
from nbdash.testing import AppDriver

from .helpers import needs_clientside, peek, text, until


class Gate:
    """Steps a job waits for: ``gate.step()`` inside the job, ``gate.release()`` from the test."""

    def __init__(self, open_: bool = False) -> None:
        self.event = threading.Event()
        if open_:
            self.event.set()

    def step(self) -> None:
        assert self.event.wait(5), "the test never released the job"

    def release(self) -> None:
        self.event.set()

    def close(self) -> None:
        self.event.clear()


def shows(d, component_id, value, timeout=3.0):
    until(lambda: text(d, component_id) == value, timeout)


def test_lcbc001_fast_input():
    """Dash: tests/background_callback/test_basic_long_callback001.py::test_lcbc001_fast_input"""
    app = Dash(__name__)
    app.layout = html.Div([dcc.Input(id="input", value="initial value"), html.Div(html.Div([1.5, None, "string", html.Div(id="output-1")]))])

    @app.callback(Output("output-1", "children"), [Input("input", "value")], interval=500, background=True)
    def update_output(value):
        return value

    with AppDriver(app) as d:
        assert text(d, "output-1") == "initial value"
        d.set("input", "value", "", wait=False)
        typed = ""
        for key in "hello world":
            typed += key
            d.set("input", "value", typed, wait=False)
        d.wait_idle()
        assert text(d, "output-1") == "hello world"
        assert d.errors == []


def test_lcbc002_long_callback_running():
    """Dash: tests/background_callback/test_basic_long_callback002.py::test_lcbc002_long_callback_running"""
    gate = Gate()
    app = Dash(__name__)
    app.layout = html.Div([html.Button(id="button-1", children="Click Here", n_clicks=0), html.Div(id="status", children="Finished"), html.Div(id="result", children="Not clicked")])

    @app.callback(Output("result", "children"), [Input("button-1", "n_clicks")], running=[(Output("status", "children"), "Running", "Finished")], interval=500, prevent_initial_call=True, background=True)
    def update_output(n_clicks):
        gate.step()
        return f"Clicked {n_clicks} time(s)"

    with AppDriver(app) as d:
        assert (text(d, "result"), text(d, "status")) == ("Not clicked", "Finished")
        d.click("button-1", wait=False)
        shows(d, "status", "Running")
        gate.release()
        d.wait_idle()
        assert (text(d, "result"), text(d, "status")) == ("Clicked 1 time(s)", "Finished")
        gate.close()
        d.click("button-1", wait=False)
        d.click("button-1", wait=False)
        shows(d, "status", "Running")
        gate.release()
        d.wait_idle()
        assert (text(d, "result"), text(d, "status")) == ("Clicked 3 time(s)", "Finished")
        assert d.errors == []


def cancel_app(gate, progress=False):
    app = Dash(__name__)
    app.layout = html.Div(
        [
            dcc.Input(id="input", value="hello, world" if progress else "initial value"),
            html.Button(id="run-button", children="Run"),
            html.Button(id="cancel-button", children="Cancel"),
            html.Div(id="status", children="Finished"),
            html.Div(id="result", children="No results"),
        ]
    )
    if progress:

        @app.callback(
            Output("result", "children"),
            [Input("run-button", "n_clicks"), State("input", "value")],
            progress=Output("status", "children"),
            progress_default="Finished",
            cancel=[Input("cancel-button", "n_clicks")],
            interval=500,
            prevent_initial_call=True,
            background=True,
        )
        def update_progress(set_progress, n_clicks, value):
            for i in range(4):
                set_progress(f"Progress {i}/4")
                if i == 2:
                    gate.step()
            return f"Processed '{value}'"

    else:

        @app.callback(
            Output("result", "children"),
            [Input("run-button", "n_clicks"), State("input", "value")],
            running=[(Output("status", "children"), "Running", "Finished")],
            cancel=[Input("cancel-button", "n_clicks")],
            interval=500,
            prevent_initial_call=True,
            background=True,
        )
        def update_output(n_clicks, value):
            gate.step()
            return f"Processed '{value}'"

    return app


def test_lcbc003_long_callback_running_cancel():
    """Dash: tests/background_callback/test_basic_long_callback003.py::test_lcbc003_long_callback_running_cancel"""
    gate = Gate(open_=True)
    with AppDriver(cancel_app(gate)) as d:
        assert (text(d, "result"), text(d, "status")) == ("No results", "Finished")
        d.click("run-button")
        assert (text(d, "result"), text(d, "status")) == ("Processed 'initial value'", "Finished")
        d.set("input", "value", "hello world")
        gate.close()
        d.click("run-button", wait=False)
        shows(d, "status", "Running")
        d.click("cancel-button")
        shows(d, "status", "Finished")
        assert text(d, "result") == "Processed 'initial value'"
        gate.release()  # the abandoned job's result is discarded
        d.wait_idle()
        assert text(d, "result") == "Processed 'initial value'"
        gate.close()
        d.click("run-button", wait=False)
        shows(d, "status", "Running")
        gate.release()
        d.wait_idle()
        assert (text(d, "result"), text(d, "status")) == ("Processed 'hello world'", "Finished")


def test_lcbc004_long_callback_progress():
    """Dash: tests/background_callback/test_basic_long_callback004.py::test_lcbc004_long_callback_progress"""
    gate = Gate()
    with AppDriver(cancel_app(gate, progress=True)) as d:
        assert (text(d, "status"), text(d, "result")) == ("Finished", "No results")
        d.click("run-button", wait=False)
        shows(d, "status", "Progress 2/4")
        d.click("cancel-button")
        shows(d, "status", "Finished")
        assert text(d, "result") == "No results"
        gate.release()
        d.wait_idle()
        assert (text(d, "status"), text(d, "result")) == ("Finished", "No results")
        for _ in range(2):  # without caching, a second run reruns the job and shows progress
            gate.close()
            d.click("run-button", wait=False)
            shows(d, "status", "Progress 2/4")
            gate.release()
            d.wait_idle()
            assert (text(d, "status"), text(d, "result")) == ("Finished", "Processed 'hello, world'")


def caching_app(tmp_path, multi=False):
    key = {"value": 0}
    runs = []
    manager = DiskcacheManager(diskcache.Cache(str(tmp_path)), cache_by=[lambda: key["value"]])
    app = Dash(__name__, background_callback_manager=manager)
    app.cache_key = key  # type: ignore[attr-defined]
    app.runs = runs  # type: ignore[attr-defined]
    if not multi:
        app.layout = html.Div([dcc.Input(id="input", value="AAA"), html.Button(id="run-button", children="Run"), html.Div(id="status", children="Finished"), html.Div(id="result", children="No results")])

        @app.callback(
            Output("result", "children"),
            [Input("run-button", "n_clicks"), State("input", "value")],
            progress=Output("status", "children"),
            progress_default="Finished",
            interval=500,
            cache_args_to_ignore=0,
            background=True,
        )
        def update_output(set_progress, _n_clicks, value):
            runs.append(("1", value))
            for i in range(4):
                set_progress(f"Progress {i}/4")
            return f"Result for '{value}'"

        return app
    app.layout = html.Div(
        [
            dcc.Input(id="input1", value="AAA"),
            html.Button(id="run-button1", children="Run"),
            html.Div(id="status1", children="Finished"),
            html.Div(id="result1", children="No results"),
            html.Hr(),
            dcc.Input(id="input2", value="aaa"),
            html.Button(id="run-button2", children="Run"),
            html.Div(id="status2", children="Finished"),
            html.Div(id="result2", children="No results"),
        ]
    )

    @app.callback(
        Output("result1", "children"),
        [Input("run-button1", "n_clicks"), State("input1", "value")],
        progress=Output("status1", "children"),
        progress_default="Finished",
        interval=500,
        cache_args_to_ignore=[0],
        background=True,
    )
    def update_output1(set_progress, _n_clicks, value):
        runs.append(("1", value))
        for i in range(4):
            set_progress(f"Progress {i}/4")
        return f"Result for '{value}'"

    @app.callback(
        Output("result2", "children"),
        dict(button=Input("run-button2", "n_clicks"), value=State("input2", "value")),
        progress=Output("status2", "children"),
        progress_default="Finished",
        interval=500,
        cache_args_to_ignore=["button"],
        prevent_initial_call=True,
        background=True,
    )
    def update_output2(set_progress, button, value):
        runs.append(("2", value))
        for i in range(4):
            set_progress(f"Progress {i}/4")
        return f"Result for '{value}'"

    return app


def test_lcbc005_long_callback_caching(tmp_path):
    """Dash: tests/background_callback/test_basic_long_callback005.py::test_lcbc005_long_callback_caching"""
    app = caching_app(tmp_path)
    with AppDriver(app) as d:
        assert (text(d, "status"), text(d, "result")) == ("Finished", "Result for 'AAA'")
        assert "Progress 2/4" in d.history("status", "children")
        for value, ran in [("BBB", True), ("AAA", False), ("BBB", False)]:
            before = len(app.runs)
            d.set("input", "value", value)
            d.click("run-button")
            assert (text(d, "status"), text(d, "result")) == ("Finished", f"Result for '{value}'")
            assert (len(app.runs) > before) == ran, value  # a cache hit does not run the job
        d.set("input", "value", "AAA")
        app.cache_key["value"] = 1  # a new cache key: cache miss
        before = len(app.runs)
        d.click("run-button")
        assert (text(d, "status"), text(d, "result")) == ("Finished", "Result for 'AAA'")
        assert len(app.runs) == before + 1


def test_lcbc006_long_callback_caching_multi(tmp_path):
    """Dash: tests/background_callback/test_basic_long_callback006.py::test_lcbc006_long_callback_caching_multi"""
    app = caching_app(tmp_path, multi=True)

    def run(n, value=None):
        if value is not None:
            d.set(f"input{n}", "value", value)
        before = len(app.runs)
        d.click(f"run-button{n}")
        return len(app.runs) > before

    with AppDriver(app) as d:
        assert (text(d, "status1"), text(d, "result1")) == ("Finished", "Result for 'AAA'")
        assert (text(d, "status2"), text(d, "result2")) == ("Finished", "No results")
        assert run(2)
        assert text(d, "result2") == "Result for 'aaa'"
        assert run(1, "BBB") and text(d, "result1") == "Result for 'BBB'"
        assert (text(d, "status2"), text(d, "result2")) == ("Finished", "Result for 'aaa'")
        assert not run(1, "AAA") and text(d, "result1") == "Result for 'AAA'"
        assert not run(1, "BBB") and text(d, "result1") == "Result for 'BBB'"
        assert run(2, "BBB") and text(d, "result2") == "Result for 'BBB'"  # no hit across callbacks
        assert not run(2, "aaa") and text(d, "result2") == "Result for 'aaa'"
        d.set("input1", "value", "AAA")
        app.cache_key["value"] = 1
        assert run(1) and text(d, "result1") == "Result for 'AAA'"
        assert run(2) and text(d, "result2") == "Result for 'aaa'"
        assert (text(d, "status1"), text(d, "status2")) == ("Finished", "Finished")


def test_lcbc007_validation_layout():
    """Dash: tests/background_callback/test_basic_long_callback007.py::test_lcbc007_validation_layout"""
    gate = Gate()
    app = Dash(__name__)
    app.layout = html.Div([html.Button(id="show-layout-button", children="Show"), html.Div(id="dynamic-layout")])
    section = [
        dcc.Input(id="input", value="hello, world"),
        html.Button(id="run-button", children="Run"),
        html.Button(id="cancel-button", children="Cancel"),
        html.Div(id="status", children="Finished"),
        html.Div(id="result", children="No results"),
    ]
    app.validation_layout = html.Div([html.Button(id="show-layout-button", children="Show"), html.Div(id="dynamic-layout"), *section])

    @app.callback(Output("dynamic-layout", "children"), Input("show-layout-button", "n_clicks"))
    def make_layout(n_clicks):
        return html.Div(section) if n_clicks is not None else []

    @app.callback(
        Output("result", "children"),
        [Input("run-button", "n_clicks"), State("input", "value")],
        progress=Output("status", "children"),
        progress_default="Finished",
        cancel=[Input("cancel-button", "n_clicks")],
        interval=500,
        prevent_initial_call=True,
        background=True,
    )
    def update_output(set_progress, n_clicks, value):
        for i in range(4):
            set_progress(f"Progress {i}/4")
            if i == 2:
                gate.step()
        return f"Processed '{value}'"

    with AppDriver(app) as d:
        d.click("show-layout-button")
        assert (text(d, "status"), text(d, "result")) == ("Finished", "No results")
        d.click("run-button", wait=False)
        shows(d, "status", "Progress 2/4")
        d.click("cancel-button")
        shows(d, "status", "Finished")
        gate.release()
        d.wait_idle()
        assert text(d, "result") == "No results"
        for _ in range(2):
            gate.close()
            d.click("run-button", wait=False)
            shows(d, "status", "Progress 2/4")
            gate.release()
            d.wait_idle()
            assert (text(d, "status"), text(d, "result")) == ("Finished", "Processed 'hello, world'")


def test_lcbc008_long_callbacks_error():
    """Dash: tests/background_callback/test_basic_long_callback008.py::test_lcbc008_long_callbacks_error"""
    app = Dash(__name__)
    app.layout = html.Div(
        [
            html.Div([html.P(id="output", children=["Button not clicked"])]),
            html.Button(id="button", children="Run Job!"),
            html.Div(id="output-status"),
            *[html.Div(id=f"output{i}") for i in (1, 2, 3)],
            html.Button("multi-output", id="multi-output"),
        ]
    )

    @app.callback(output=Output("output", "children"), inputs=Input("button", "n_clicks"), running=[(Output("button", "disabled"), True, False)], prevent_initial_call=True, background=True)
    def job(n_clicks):
        if n_clicks == 2:
            raise Exception("bad error")
        if n_clicks == 4:
            raise PreventUpdate
        return f"Clicked {n_clicks} times"

    @app.callback(
        output=[Output("output-status", "children")] + [Output(f"output{i}", "children") for i in range(1, 4)],
        inputs=[Input("multi-output", "n_clicks")],
        running=[(Output("multi-output", "disabled"), True, False)],
        prevent_initial_call=True,
        background=True,
    )
    def long_multi(n_clicks):
        return [f"Updated: {n_clicks}"] + list(range(1, n_clicks + 1)) + [no_update for _ in range(n_clicks + 1, 4)]

    with AppDriver(app, raise_errors=False) as d:
        d.click("button")
        assert text(d, "output") == "Clicked 1 times"
        d.click("button")
        assert len(d.errors) == 1 and "bad error" in str(d.errors[0])
        assert d.get("button", "disabled") is False  # running switched back off after the error
        d.click("button")
        assert text(d, "output") == "Clicked 3 times"
        d.click("button")
        assert text(d, "output") == "Clicked 3 times"
        d.click("button")
        assert text(d, "output") == "Clicked 5 times"
        for i in range(1, 4):
            d.click("multi-output")
            assert text(d, "output-status") == f"Updated: {i}"
            assert [text(d, f"output{j}") for j in (1, 2, 3)] == [str(x) for x in range(1, i + 1)] + [""] * (3 - i)
            assert d.history("multi-output", "disabled")[-2:] == [True, False]


def short_interval_app(gate, side=False):
    app = Dash(__name__)
    app.layout = html.Div(
        [html.Button(id="run-button", children="Run"), html.Button(id="cancel-button", children="Cancel"), html.Div(id="status", children="Finished"), html.Div(id="result", children="No results"), html.Div(id="side-status")]
    )

    @callback(
        Output("result", "children"),
        [Input("run-button", "n_clicks")],
        background=True,
        progress=Output("status", "children"),
        progress_default="Finished",
        cancel=[Input("cancel-button", "n_clicks")],
        interval=0,
        prevent_initial_call=True,
    )
    def update_output(set_progress, n_clicks):
        for i in range(4):
            set_progress(f"Progress {i}/4")
            gate[i].step()
        return f"Clicked '{n_clicks}'"

    if side:

        @callback(Output("side-status", "children"), [Input("status", "children")], prevent_initial_call=True)
        def update_side(progress):
            return f"Side {progress}"

    return app


def test_lcbc009_short_interval():
    """Dash: tests/background_callback/test_basic_long_callback009.py::test_lcbc009_short_interval"""
    gates = [Gate() for _ in range(4)]
    with AppDriver(short_interval_app(gates)) as d:
        d.click("run-button", wait=False)
        gates[0].release()
        gates[1].release()
        shows(d, "status", "Progress 2/4")
        gates[2].release()
        gates[3].release()
        d.wait_idle()
        assert (text(d, "status"), text(d, "result")) == ("Finished", "Clicked '1'")
        assert text(d, "status") == "Finished"  # progress is not running any more


def test_lcbc010_side_updates():
    """Dash: tests/background_callback/test_basic_long_callback010.py::test_lcbc010_side_updates"""
    gates = [Gate() for _ in range(4)]
    with AppDriver(short_interval_app(gates, side=True)) as d:
        d.click("run-button", wait=False)
        for i in range(1, 4):
            gates[i - 1].release()
            shows(d, "side-status", f"Side Progress {i}/4")
        gates[3].release()
        d.wait_idle()


def test_lcbc011_long_pattern_matching():
    """Dash: tests/background_callback/test_basic_long_callback011.py::test_lcbc011_long_pattern_matching"""
    app = Dash(__name__)
    app.layout = html.Div([html.Button(id={"type": "run-button", "index": i}, children=f"Run {i + 1}") for i in range(3)] + [html.Div(id="result", children="No results")])

    @callback(Output("result", "children"), [Input({"type": "run-button", "index": ALL}, "n_clicks")], background=True, prevent_initial_call=True)
    def update_output(n_clicks):
        return f"Clicked '{max(x for x in n_clicks if x is not None)}'"

    with AppDriver(app) as d:
        for i in range(1, 4):
            for _ in range(i):
                d.click({"type": "run-button", "index": i - 1})
            assert text(d, "result") == f"Clicked '{i}'"


def test_lcbc012_long_callback_ctx():
    """Dash: tests/background_callback/test_basic_long_callback012.py::test_lcbc012_long_callback_ctx"""
    app = Dash(__name__)
    app.layout = html.Div([html.Button(id={"type": "run-button", "index": i}, children=f"Run {i + 1}") for i in range(3)] + [html.Div(id="result", children="No results"), html.Div(id="running")])

    @callback(Output("result", "children"), [Input({"type": "run-button", "index": ALL}, "n_clicks")], background=True, prevent_initial_call=True, running=[(Output("running", "children"), "on", "off")])
    def update_output(n_clicks):
        triggered = json.loads(ctx.triggered[0]["prop_id"].split(".")[0])
        return json.dumps(dict(triggered=triggered, value=n_clicks[triggered["index"]]))

    with AppDriver(app) as d:
        d.click({"type": "run-button", "index": 0})
        assert text(d, "running") == "off"
        assert json.loads(text(d, "result"))["triggered"]["index"] == 0


def test_lcbc013_unordered_state_input():
    """Dash: tests/background_callback/test_basic_long_callback013.py::test_lcbc013_unordered_state_input"""
    app = Dash(__name__)
    app.layout = html.Div([html.Div(id="output"), html.Button("click", id="click"), dcc.Store(data="stored", id="stored")])

    @callback(Output("output", "children"), State("stored", "data"), Input("click", "n_clicks"), background=True, prevent_initial_call=True)
    def update_output(stored, n_clicks):
        return stored

    with AppDriver(app) as d:
        d.click("click")
        assert text(d, "output") == "stored"


@needs_clientside
def test_lcbc014_progress_delete():
    """Dash: tests/background_callback/test_basic_long_callback014.py::test_lcbc014_progress_delete"""
    from nbdash import clientside_callback  # type: ignore[attr-defined]

    app = Dash(__name__)
    app.layout = html.Div([html.Button("Start", id="start"), html.Div(id="output"), html.Div(id="progress-output"), html.Div(0, id="progress-counter")])
    clientside_callback(
        "function(_, previous) { return parseInt(previous) + 1;}",
        Output("progress-counter", "children"),
        Input("progress-output", "children"),
        State("progress-counter", "children"),
        prevent_initial_call=True,
    )

    @app.callback(Output("output", "children"), Input("start", "n_clicks"), progress=Output("progress-output", "children"), interval=200, background=True, prevent_initial_call=True)
    def on_bg_progress(set_progress, _):
        set_progress("start")
        set_progress("stop")
        return "done"

    with AppDriver(app) as d:
        d.click("start")
        assert text(d, "output") == "done"
        assert text(d, "progress-counter") == "2"


def test_lcbc015_diff_outputs_same_func():
    """Dash: tests/background_callback/test_basic_long_callback015.py::test_lcbc015_diff_outputs_same_func"""
    app = Dash(__name__)
    app.layout = html.Div([html.Button("click 1", id="button-1"), html.Button("click 2", id="button-2"), html.Div(id="output-1"), html.Div(id="output-2")])

    def gen_callback(index):
        @app.callback(Output(f"output-{index}", "children"), Input(f"button-{index}", "n_clicks"), background=True, prevent_initial_call=True)
        def callback_name(_):
            return f"Clicked on {index}"

    for i in (1, 2):
        gen_callback(i)
    with AppDriver(app) as d:
        for i in (1, 2):
            d.click(f"button-{i}")
            assert text(d, f"output-{i}") == f"Clicked on {i}"


@pytest.mark.xfail(strict=True, reason="README: Not supported: multi-page apps (`use_pages`, `dash.register_page`)")
def test_lcbc016_multi_page_cancel():
    """Dash: tests/background_callback/test_basic_long_callback016.py::test_lcbc016_multi_page_cancel"""
    import nbdash

    app = Dash(__name__, use_pages=True, pages_folder="")
    nbdash.register_page("one", "/", layout=html.Div([html.Button("start", id="start1"), html.Div("idle", id="progress1"), html.Div("initial", id="output1")]))  # type: ignore[attr-defined]
    with AppDriver(app) as d:
        assert text(d, "output1") == "initial"


def test_lcbc017_long_callback_set_props():
    """Dash: tests/background_callback/test_basic_long_callback017.py::test_lcbc017_long_callback_set_props"""
    gate, gate2 = Gate(), Gate()
    app = Dash(__name__)
    app.layout = html.Div([html.Button("start", id="start"), html.Div(id="secondary"), html.Div(id="no-output"), html.Div("initial", id="output"), html.Button("start-no-output", id="start-no-output")])

    @callback(Output("output", "children"), Input("start", "n_clicks"), prevent_initial_call=True, background=True, interval=500)
    def on_click(_):
        set_props("secondary", {"children": "first"})
        set_props("secondary", {"style": {"background": "red"}})
        gate.step()
        set_props("secondary", {"children": "second"})
        return "completed"

    @callback(Input("start-no-output", "n_clicks"), prevent_initial_call=True, background=True)
    def on_click_no_output(_):
        set_props("no-output", {"children": "started"})
        gate2.step()
        set_props("no-output", {"children": "completed"})

    with AppDriver(app) as d:
        d.click("start", wait=False)
        shows(d, "secondary", "first")
        until(lambda: peek(d, "secondary", "style") == {"background": "red"})
        assert text(d, "output") == "initial"
        gate.release()
        d.wait_idle()
        assert (text(d, "secondary"), text(d, "output")) == ("second", "completed")
        d.click("start-no-output", wait=False)
        shows(d, "no-output", "started")
        gate2.release()
        d.wait_idle()
        assert text(d, "no-output") == "completed"


def test_lcbc018_background_callback_on_error():
    """Dash: tests/background_callback/test_basic_long_callback018.py::test_lcbc018_background_callback_on_error"""

    def global_error_handler(err):
        set_props("global-output", {"children": f"global: {err}"})

    app = Dash(__name__, on_error=global_error_handler)
    app.layout = [html.Button("callback on_error", id="start-cb-onerror"), html.Div(id="cb-output"), html.Button("global on_error", id="start-global-onerror"), html.Div(id="global-output")]

    def callback_on_error(err):
        set_props("cb-output", {"children": f"callback: {err}"})

    @app.callback(Output("cb-output", "children"), Input("start-cb-onerror", "n_clicks"), prevent_initial_call=True, background=True, on_error=callback_on_error)
    def on_click(_):
        raise Exception("callback error")

    @app.callback(Output("global-output", "children"), Input("start-global-onerror", "n_clicks"), prevent_initial_call=True, background=True)
    def on_click_global(_):
        raise Exception("global error")

    with AppDriver(app) as d:
        d.click("start-cb-onerror")
        assert "callback error" in text(d, "cb-output")
        d.click("start-global-onerror")
        assert "global error" in text(d, "global-output")
