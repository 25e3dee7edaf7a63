"""Issue 11, headless: callbacks raising BaseExceptions, closed apps, whole-event validation, progress.

Everything here goes through the real widget over a fake comm (``widget_page``) or ``AppDriver``;
the real-kernel half is ``tests/test_kernel.py``, the fuzzing ``tests/test_fuzz_protocol.py``.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from typing import Any

import pandas as pd
import pytest

from nbdash import Dash, Input, Output, State, dcc, html
from nbdash._protocol import MAX_DEPTH
from nbdash.exceptions import AppClosedError, CallbackAborted, InvalidCallbackReturnValue
from nbdash.testing import AppDriver
from widget_page import Browser, close_widgets


@pytest.fixture(autouse=True)
def _no_leftover_widgets() -> Iterator[None]:
    yield
    close_widgets()


def raising_app(raise_what: Any) -> Dash:
    app = Dash(__name__)
    app.layout = html.Div([dcc.Input(id="in", value="a"), html.Div(id="out"), html.Div(id="chained")])

    @app.callback(Output("out", "children"), Input("in", "value"))
    def first(v: str) -> str:
        if v == "boom":
            raise raise_what
        return f"out {v}"

    @app.callback(Output("chained", "children"), Input("out", "children"))
    def second(v: str) -> str:
        return f"chained {v}"

    return app


# -- BaseException containment ---------------------------------------------------------------------
@pytest.mark.parametrize("raised", [SystemExit(3), KeyboardInterrupt(), GeneratorExit(), BaseException("odd")])
def test_a_base_exception_in_a_callback_is_that_calls_error_only(raised: BaseException) -> None:
    app = raising_app(raised)
    b = Browser(app)
    b.hello()
    sent = b.event("in", {"value": "boom"})
    errors = [m for m in sent if m["type"] == "error"]
    assert len(errors) == 1 and errors[0]["callback"] == "first"
    assert type(raised).__name__ in errors[0]["message"] + errors[0]["traceback"]
    assert "bug in nbdash" not in errors[0]["message"]
    assert isinstance(app.errors[-1].__cause__, CallbackAborted)
    assert app.errors[-1].__cause__.original is raised
    assert app.get_props("out")["children"] == "out a"  # outputs keep their values
    sent = b.event("in", {"value": "b"}, seq=2)  # and the app keeps working
    patch = [m for m in sent if m["type"] == "patch"][0]
    assert patch["changes"]["chained"] == {"children": "chained out b"}


def test_sys_exit_text_is_shown_as_the_user_wrote_it() -> None:
    app = raising_app(SystemExit(3))
    with AppDriver(app, raise_errors=False) as d:
        d.set("in", "value", "boom")
        assert isinstance(d.errors[-1], CallbackAborted)
        assert "sys.exit(3)" in str(d.errors[-1]) and "the kernel and the app keep running" in str(d.errors[-1])
        assert "raise raise_what" in d.callback_errors[-1].traceback  # the user's frame, nbdash's removed


def test_on_error_handlers_get_the_aborted_call_and_their_own_exit_is_contained() -> None:
    seen: list[BaseException] = []

    def handler(exc: Exception) -> str:
        seen.append(exc)
        sys.exit(9)

    app = raising_app(SystemExit(1))
    app._on_error = handler
    with AppDriver(app, raise_errors=False) as d:
        d.set("in", "value", "boom")
        assert isinstance(seen[0], CallbackAborted)
        assert "sys.exit(9)" in str(d.errors[-1])
        d.set("in", "value", "x")
        assert d.get("chained", "children") == "chained out x"


def test_a_background_job_raising_system_exit_ends_as_an_error_not_a_dead_thread() -> None:
    app = Dash(__name__)
    app.layout = html.Div([html.Button(id="go"), html.Div(id="out", children="-")])

    @app.callback(Output("out", "children"), Input("go", "n_clicks"), background=True,
                  running=[(Output("go", "disabled"), True, False)], prevent_initial_call=True)
    def job(n: int) -> str:
        if n == 1:
            sys.exit(2)
        return f"done {n}"

    with AppDriver(app, raise_errors=False) as d:
        d.click("go")
        assert "sys.exit(2)" in str(d.errors[-1])
        assert d.get("go", "disabled") is False and d.get("out", "children") == "-"
        d.click("go")
        assert d.get("out", "children") == "done 2"


# -- closed apps stay closed -----------------------------------------------------------------------
def test_a_closed_app_refuses_set_props_and_get_props_clearly() -> None:
    app = raising_app(ValueError("x"))
    app.set_props("in", {"value": "b"})
    app.close()
    with pytest.raises(AppClosedError, match="was closed"):
        app.set_props("in", {"value": "c"})
    with pytest.raises(AppClosedError, match="Display it again"):
        app.get_props("out")
    assert app._session is None  # nothing was re-created behind the user's back


def test_late_background_results_of_a_closed_app_are_dropped() -> None:
    gate, finished = threading.Event(), threading.Event()
    app = Dash(__name__)
    app.layout = html.Div([html.Button(id="go"), html.Div(id="out"), html.Div(id="side")])

    @app.callback(Output("out", "children"), Input("go", "n_clicks"), background=True, prevent_initial_call=True)
    def job(n: int) -> str:
        gate.wait(5)
        try:
            return "late"
        finally:
            finished.set()

    d = AppDriver(app, raise_errors=False).load()
    d.click("go", wait=False)
    deadline = time.monotonic() + 5
    while not d.app._session.scheduler.jobs.running and time.monotonic() < deadline:  # type: ignore[union-attr]
        time.sleep(0.005)
    app.close(timeout=0)
    gate.set()
    finished.wait(5)
    time.sleep(0.1)
    assert app._session is None and app._closed
    assert d.app._session is None  # the driver's session (AppDriver runs its own) closed with the app
    d._detach()


def test_late_page_events_to_a_closed_app_are_refused_with_a_logged_reason(caplog: pytest.LogCaptureFixture) -> None:
    app = raising_app(ValueError("x"))
    b = Browser(app)
    b.hello()
    widget = b.widget
    app._closed, app._session = True, None  # closed while a page message was in flight
    with caplog.at_level("INFO", logger="nbdash"):
        b.event("in", {"value": "late"})
    assert "the app is closed" in widget.warnings[-1]
    assert "the app is closed" in caplog.text
    assert app._session is None


def test_closing_an_app_closes_its_widget_and_displaying_it_again_reopens_it() -> None:
    app = raising_app(ValueError("x"))
    b = Browser(app)
    b.hello()
    app.close()
    assert b.comm.closed and b.widget.comm is None
    again = Browser(app)  # `app` as a cell's last line again
    reply = again.hello()
    assert reply["type"] == "tree" and not app._closed


# -- whole events: validated before anything is applied --------------------------------------------
def two_prop_app() -> tuple[Dash, list[Any]]:
    calls: list[Any] = []
    app = Dash(__name__)
    app.layout = html.Div([dcc.Store(id="store", data=1), html.Div(id="out")])

    @app.callback(Output("out", "children"), Input("store", "data"), Input("store", "modified_timestamp"))
    def show(data: Any, ts: Any) -> str:
        calls.append((data, ts))
        return f"{data} {ts}"

    return app, calls


@pytest.mark.parametrize(
    ("props", "says"),
    [
        ({"data": 2, "modified_timestamp": float("nan")}, "'store' (Store).modified_timestamp"),
        ({"data": 2, "modified_timestamp": float("inf")}, "finite"),
        ({"data": {"type": "Div", "namespace": "dash_html_components", "props": {"bogus": 1}}, "modified_timestamp": 5},
         "unknown prop 'bogus'"),
        ({"data": {"type": "Div", "namespace": "dash_html_components", "props": {"id": {"k": [1]}}}, "modified_timestamp": 5},
         "bad id"),
        ({"data": {"type": "Thing", "namespace": "antigravity", "props": {}}, "modified_timestamp": 5},
         "library 'antigravity', which this kernel has not loaded"),
        ({"data": [float("nan")], "modified_timestamp": 5}, "must be finite"),
    ],
)
def test_a_bad_prop_refuses_the_whole_event_and_nothing_is_applied(props: dict[str, Any], says: str) -> None:
    app, calls = two_prop_app()
    b = Browser(app)
    b.hello()
    before, n_calls = app.get_props("store"), len(calls)
    sent = b.event("store", props)
    assert [m["type"] for m in sent] == ["warning"]  # no error panel, no patch
    assert says in sent[0]["message"] and "(Store)" in sent[0]["message"]
    assert app.get_props("store") == before and len(calls) == n_calls


def test_values_nested_deeper_than_the_limit_are_refused_cleanly() -> None:
    app, calls = two_prop_app()
    b = Browser(app)
    b.hello()
    for depth in (MAX_DEPTH + 1, 2_000, 2_900, 50_000):
        value: Any = 1
        for _ in range(depth):
            value = [value]
        sent = b.event("store", {"data": value, "modified_timestamp": 5})
        assert [m["type"] for m in sent] == ["warning"], depth
        assert f"nested more than {MAX_DEPTH} levels" in sent[0]["message"] and "'store' (Store).data" in sent[0]["message"]
    value = 1
    for _ in range(MAX_DEPTH - 1):
        value = {"k": value}
    sent = b.event("store", {"data": value, "modified_timestamp": 5})
    assert [m["type"] for m in sent] == ["patch"]


def test_a_valid_component_shaped_value_is_stored_as_that_component() -> None:
    app, _ = two_prop_app()
    b = Browser(app)
    b.hello()
    shape = {"type": "Span", "namespace": "dash_html_components", "props": {"children": "hi", "id": "x"}}
    b.event("store", {"data": shape, "modified_timestamp": 7})
    assert isinstance(app.get_props("store")["data"], html.Span)


# -- set_progress and refusals ---------------------------------------------------------------------
def progress_app(progress: Any) -> tuple[Dash, threading.Event, list[Any]]:
    done = threading.Event()
    got: list[Any] = []
    app = Dash(__name__)
    app.layout = html.Div([html.Button(id="go"), html.Div(id="p1"), html.Div(id="p2"), html.Div(id="out")])

    @app.callback(Output("out", "children"), Input("go", "n_clicks"), background=True,
                  progress=progress, prevent_initial_call=True)
    def job(set_progress: Any, n: int) -> str:
        for value in got:
            set_progress(value)
        return "done"

    return app, done, got


@pytest.mark.parametrize(
    ("progress", "value", "expected"),
    [
        ([Output("p1", "children")], "39", {"p1": "39"}),  # Dash 4.4.1: "39", never "3"
        ([Output("p1", "children")], ["39"], {"p1": "39"}),
        (Output("p1", "children"), "39", {"p1": "39"}),
        ([Output("p1", "children"), Output("p2", "children")], ("a", "b"), {"p1": "a", "p2": "b"}),
    ],
)
def test_set_progress_values_reach_outputs_as_in_dash(progress: Any, value: Any, expected: dict[str, Any]) -> None:
    app, _, got = progress_app(progress)
    got.append(value)
    with AppDriver(app) as d:
        d.click("go")
        for id_, v in expected.items():
            history = d.history(id_, "children")
            assert v in history and "3" not in history, history


def test_set_progress_with_the_wrong_count_is_a_clear_error() -> None:
    app, _, got = progress_app([Output("p1", "children"), Output("p2", "children")])
    got.append("39")
    with AppDriver(app, raise_errors=False) as d:
        d.click("go")
        assert isinstance(d.errors[-1], InvalidCallbackReturnValue)
        assert "got 1 value(s) for 2 progress output(s)" in str(d.errors[-1])


def test_refusing_a_dataframe_says_how_to_return_one() -> None:
    app = Dash(__name__)
    app.layout = html.Div([html.Button(id="go"), html.Div(id="out")])

    @app.callback(Output("out", "children"), Input("go", "n_clicks"), State("go", "id"))
    def frame(n: Any, _id: str) -> Any:
        return pd.DataFrame({"a": [1]})

    with AppDriver(app, raise_errors=False) as d:
        message = str(d.errors[-1])
    assert "DataFrame" in message and "df.to_dict('records')" in message
    assert "pandas objects" not in message and "pandas Series/Index" in message


def test_a_kernel_interrupt_reaches_a_page_callback_running_on_an_event_worker() -> None:
    started = threading.Event()
    app = Dash(__name__)
    app.layout = html.Div([dcc.Input(id="in", value="a"), html.Div(id="out")])

    @app.callback(Output("out", "children"), Input("in", "value"))
    def spin(v: str) -> str:
        if v == "slow":
            started.set()
            while True:  # pure Python: an interrupt lands at the next bytecode
                time.sleep(0.005)
        return f"out {v}"

    b = Browser(app)
    b.hello()
    message = {"type": "event", "view": "v1", "seq": 1, "id": "in", "props": {"value": "slow"}}
    b.widget._handle_msg({"content": {"data": {"method": "custom", "content": message}}, "buffers": []})
    assert started.wait(5)  # the kernel's thread is back (the event runs on a worker), the body spins
    assert app._interruptible.interrupt() == 1  # what the kernel's SIGINT handler does
    deadline = time.monotonic() + 5
    while not app.errors and time.monotonic() < deadline:
        time.sleep(0.01)
    assert isinstance(app.errors[-1].__cause__, CallbackAborted)
    assert "KeyboardInterrupt" in str(app.errors[-1])
    assert app._interruptible.threads == set()
    b.event("in", {"value": "b"}, seq=2)
    deadline = time.monotonic() + 5
    while app.get_props("out").get("children") != "out b" and time.monotonic() < deadline:
        time.sleep(0.01)
    assert app.get_props("out")["children"] == "out b"
    assert app._session is not None and app._session.scheduler.loading_props() == []


def test_an_interrupt_inside_nbdash_mid_turn_leaves_the_app_working(monkeypatch: pytest.MonkeyPatch) -> None:
    """A KeyboardInterrupt that lands in nbdash's own code (not in a callback body) ends that turn
    (nbdash._interrupts.recover); the next event runs its callbacks on the same thread as before."""
    from nbdash._scheduler import Scheduler

    app = Dash(__name__)
    app.layout = html.Div([dcc.Input(id="in", value="a"), html.Div(id="out")])

    @app.callback(Output("out", "children"), Input("in", "value"))
    def echo(v: str) -> str:
        return f"out {v}"

    b = Browser(app)
    b.hello()
    step = Scheduler._step
    fired: list[int] = []

    def interrupted_once(self: Scheduler) -> bool:
        if not fired:
            fired.append(threading.get_ident())
            raise KeyboardInterrupt
        return step(self)

    monkeypatch.setattr(Scheduler, "_step", interrupted_once)
    b.event("in", {"value": "x"}, seq=1)
    deadline = time.monotonic() + 5
    while not b.widget.warnings and time.monotonic() < deadline:
        time.sleep(0.01)
    assert fired and "interrupted by KeyboardInterrupt" in b.widget.warnings[-1]
    b.event("in", {"value": "y"}, seq=2)
    deadline = time.monotonic() + 5
    while app.get_props("out").get("children") != "out y" and time.monotonic() < deadline:
        time.sleep(0.01)
    assert app.get_props("out")["children"] == "out y"
    assert not app.errors
