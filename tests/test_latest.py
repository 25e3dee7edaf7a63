"""Latest request wins for every callback (issue 10 §1): bodies run outside the app's lock, a call
superseded by a newer request for the same callback is dropped, downstream runs once for the newest
value; a callback may start a thread that calls ``app.set_props`` and join it (issue 11 item 7)."""

from __future__ import annotations

import threading
import time

from nbdash import MATCH, Dash, Input, Output, State, dcc, html
from nbdash.testing import AppDriver
from widget_page import Browser, close_widgets


def wait_for(predicate, timeout: float = 5.0) -> None:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "condition not reached in time"
        time.sleep(0.001)


def slow_chain_app(gate: threading.Event, started: threading.Event, log: list) -> Dash:  # noqa: ANN001
    app = Dash("latest")
    app.layout = html.Div([dcc.Input(id="inp", value=""), html.Div(id="mid"), html.Div(id="out")])

    @app.callback(Output("mid", "children"), Input("inp", "value"), prevent_initial_call=True)
    def slow(value):  # noqa: ANN001, ANN202
        log.append(("slow", value))
        if value == "a":  # the first keystroke's call is still running when the second arrives
            started.set()
            gate.wait(5)
            log.append(("slow done", value))
        return value.upper()

    @app.callback(Output("out", "children"), Input("mid", "children"), prevent_initial_call=True)
    def down(mid):  # noqa: ANN001, ANN202
        log.append(("down", mid))
        return f"got {mid}"

    return app


def test_an_in_flight_call_superseded_by_a_newer_trigger_is_dropped_and_downstream_runs_once() -> None:
    gate, started, log = threading.Event(), threading.Event(), []
    app = slow_chain_app(gate, started, log)
    with AppDriver(app) as d:
        d.set("inp", "value", "a", wait=False)
        assert started.wait(5)
        d.set("inp", "value", "ab", wait=False)  # handled while "a" still runs
        wait_for(lambda: d.get("out", "children") == "got AB")
        assert ("slow done", "a") not in log
        gate.set()
        d.wait_idle()  # also waits for the superseded body
        assert ("slow done", "a") in log
        assert d.history("mid", "children")[1:] == ["AB"]  # "A" was never applied
        assert d.history("out", "children")[1:] == ["got AB"]
        assert [entry for entry in log if entry[0] == "down"] == [("down", "AB")]
        assert d.triggered("slow") == [["inp.value"], ["inp.value"]]  # Dash runs the slow body twice too
        assert d.triggered("down") == [["mid.children"]]
        assert [p["mid"] for p in d.patches if "mid" in p] == [{"children": "AB"}]


def test_the_superseded_result_is_not_applied_even_when_it_lands_last() -> None:
    gate, started, log = threading.Event(), threading.Event(), []
    app = slow_chain_app(gate, started, log)
    with AppDriver(app) as d:
        d.set("inp", "value", "a", wait=False)
        assert started.wait(5)
        d.set("inp", "value", "ab", wait=False)
        wait_for(lambda: d.get("mid", "children") == "AB")
        gate.set()
        d.wait_idle()
        assert d.get("mid", "children") == "AB" and d.get("out", "children") == "got AB"
        assert not d.errors


def test_a_call_superseded_before_its_body_started_never_runs() -> None:
    app = Dash("batch")
    app.layout = html.Div([dcc.Input(id="x"), dcc.Input(id="y"), html.Div(id="o1"), html.Div(id="o2")])
    gate, started, calls = threading.Event(), threading.Event(), []

    @app.callback(Output("o1", "children"), Input("x", "value"), prevent_initial_call=True)
    def first(x):  # noqa: ANN001, ANN202
        started.set()
        gate.wait(5)
        return x

    @app.callback(Output("o2", "children"), Input("x", "value"), Input("y", "value"), prevent_initial_call=True)
    def second(x, y):  # noqa: ANN001, ANN202
        calls.append((x, y))
        return f"{x}/{y}"

    with AppDriver(app) as d:
        d.set("x", "value", "x1", wait=False)  # one batch: first (blocks), then second
        assert started.wait(5)
        d.set("y", "value", "y1", wait=False)  # a newer request for `second` while it waits its turn
        wait_for(lambda: d.get("o2", "children") == "x1/y1")
        gate.set()
        d.wait_idle()
        assert calls == [("x1", "y1")]
        assert d.get("o1", "children") == "x1"
        assert d.triggered("second") == [["y.value"]]


def test_downstream_waits_for_an_upstream_call_in_flight() -> None:
    """A callback listening to the changed prop and to a slow upstream's output waits for it and
    runs once, with both triggers (spec §5.5-4), even when the upstream body runs on another thread."""
    app = Dash("wait")
    app.layout = html.Div([dcc.Input(id="x", value=0), html.Div(id="y"), html.Div(id="z")])
    started, gate = threading.Event(), threading.Event()

    @app.callback(Output("y", "children"), Input("x", "value"), prevent_initial_call=True)
    def up(x):  # noqa: ANN001, ANN202
        started.set()
        gate.wait(5)
        return x * 10

    @app.callback(Output("z", "children"), Input("y", "children"), Input("x", "value"), prevent_initial_call=True)
    def both(y, x):  # noqa: ANN001, ANN202
        return f"{x}:{y}"

    with AppDriver(app) as d:
        d.set("x", "value", 1, wait=False)
        assert started.wait(5)
        time.sleep(0.02)
        assert d.get("z", "children") is None  # still waiting for `up`
        gate.set()
        d.wait_idle()
        assert d.get("z", "children") == "1:10"
        assert d.triggered("both") == [["x.value", "y.children"]]


def test_match_calls_for_different_items_do_not_supersede_each_other() -> None:
    app = Dash("match")
    app.layout = html.Div([
        html.Div([dcc.Input(id={"t": "i", "n": n}), html.Div(id={"t": "o", "n": n})]) for n in range(2)
    ])
    gate, started = threading.Event(), threading.Event()

    @app.callback(Output({"t": "o", "n": MATCH}, "children"), Input({"t": "i", "n": MATCH}, "value"), prevent_initial_call=True)
    def echo(value):  # noqa: ANN001, ANN202
        if value == "slow":
            started.set()
            gate.wait(5)
        return value

    with AppDriver(app) as d:
        d.set({"t": "i", "n": 0}, "value", "slow", wait=False)
        assert started.wait(5)
        d.set({"t": "i", "n": 1}, "value", "fast", wait=False)
        wait_for(lambda: d.get({"t": "o", "n": 1}, "children") == "fast")
        gate.set()
        d.wait_idle()
        assert d.get({"t": "o", "n": 0}, "children") == "slow"  # not superseded: another item


def test_events_from_the_page_are_handled_while_a_callback_body_runs() -> None:
    """The widget posts events to the app's workers: the shell thread is free at once, and the
    newer keystroke supersedes the running call."""
    gate, started, log = threading.Event(), threading.Event(), []
    app = slow_chain_app(gate, started, log)
    page = Browser(app)
    try:
        page.hello()
        page.widget._handle_msg({"content": {"data": {"method": "custom", "content": {
            "type": "event", "view": "v1", "seq": 1, "id": "inp", "props": {"value": "a"}}}}, "buffers": []})
        assert started.wait(5)  # the shell thread returned while `slow("a")` runs
        page.event("inp", {"value": "ab"}, seq=2)
        wait_for(lambda: any(m.get("changes", {}).get("out") for m in page.comm.sent if m["type"] == "patch"))
        gate.set()
        app._wait_background(5)
        mids = [m["changes"]["mid"] for m in page.comm.sent if m["type"] == "patch" and "mid" in m["changes"]]
        assert mids == [{"children": "AB"}]
        assert not [m for m in page.comm.sent if m["type"] == "error"]
    finally:
        close_widgets()


def test_set_props_from_a_thread_the_callback_joins_does_not_hang() -> None:
    app = Dash("join")
    app.layout = html.Div([html.Button(id="b"), html.Div(id="side"), html.Div(id="o"), html.Div(id="echo")])
    target = [app]  # the app whose session the thread writes: the driver's own one while it drives

    @app.callback(Output("o", "children"), Input("b", "n_clicks"), prevent_initial_call=True)
    def start_and_join(n):  # noqa: ANN001, ANN202
        worker = threading.Thread(target=lambda: target[0].set_props("side", {"children": f"from thread {n}"}))
        worker.start()
        worker.join(5)
        return "joined" if not worker.is_alive() else "hung"

    @app.callback(Output("echo", "children"), Input("side", "children"), prevent_initial_call=True)
    def echo(side):  # noqa: ANN001, ANN202
        return f"echo {side}"

    with AppDriver(app) as d:
        target[0] = d.app
        d.click("b")
        assert d.get("o", "children") == "joined"
        assert d.get("side", "children") == "from thread 1"
        assert d.get("echo", "children") == "echo from thread 1"
        d.click("b", wait=False)  # the same from an event worker (the browser's path)
        d.wait_idle()
        assert d.get("o", "children") == "joined" and d.get("side", "children") == "from thread 2"
    target[0] = app
    page = Browser(app)
    try:
        page.hello()
        page.event("b", {"n_clicks": 3, "n_clicks_timestamp": 3})
        app._wait_background(5)
        assert app.get_props("side")["children"] == "from thread 3"
    finally:
        close_widgets()


def test_a_cell_can_set_props_while_a_callback_body_runs() -> None:
    app = Dash("cell")
    app.layout = html.Div([html.Button(id="b"), dcc.Input(id="x", value=1), html.Div(id="o"), html.Div(id="s")])
    started, gate = threading.Event(), threading.Event()

    @app.callback(Output("o", "children"), Input("b", "n_clicks"), State("x", "value"), prevent_initial_call=True)
    def slow(n, x):  # noqa: ANN001, ANN202
        started.set()
        gate.wait(5)
        return f"{n}:{x}"

    @app.callback(Output("s", "children"), Input("x", "value"))
    def show(x):  # noqa: ANN001, ANN202
        return f"x={x}"

    with AppDriver(app) as d:
        d.click("b", wait=False)
        assert started.wait(5)
        d.app.set_props("x", {"value": 2})  # (the driver's session) returns at once: `show` runs on this thread
        assert d.get("s", "children") == "x=2"
        gate.set()
        d.wait_idle()
        assert d.get("o", "children") == "1:1"  # State was read when the call started


def test_trivial_callbacks_stay_on_the_thread_that_runs_the_turn() -> None:
    app = Dash("inline")
    app.layout = html.Div([html.Button(id="b"), html.Div(id="o")])
    threads = []

    @app.callback(Output("o", "children"), Input("b", "n_clicks"))
    def f(n):  # noqa: ANN001, ANN202
        threads.append(threading.get_ident())
        return n

    with AppDriver(app) as d:
        d.click("b")
    assert threads == [threading.get_ident()] * 2


def test_slow_calls_of_one_batch_run_side_by_side() -> None:
    """Two slow callbacks fired by one change run at the same time, as the two requests would on
    Dash's threaded server (each waits for the other at a barrier: run one after the other, they
    would time out)."""
    app = Dash("side")
    app.layout = html.Div([dcc.Input(id="x", value=0), html.Div(id="a"), html.Div(id="b"), html.Div(id="ab")])
    barrier = threading.Barrier(2, timeout=5)

    def slow(x):  # noqa: ANN001, ANN202
        if x:
            barrier.wait()  # both bodies must be running now
        else:
            time.sleep(0.06)  # the initial call: long enough to run aside next time
        return x

    app.callback(Output("a", "children"), Input("x", "value"))(slow)
    app.callback(Output("b", "children"), Input("x", "value"))(lambda x: slow(x))

    @app.callback(Output("ab", "children"), Input("a", "children"), Input("b", "children"))
    def both(a, b):  # noqa: ANN001, ANN202
        return f"{a}+{b}"

    with AppDriver(app) as d:
        d.set("x", "value", 1)
        assert d.get("ab", "children") == "1+1"
        assert [c.triggered for c in d.calls if c.name == "both"][-1] in (
            ["a.children", "b.children"], ["b.children", "a.children"])
        assert len([c for c in d.calls if c.name == "both"]) == 2  # once on load, once for the change
        assert not d.errors
