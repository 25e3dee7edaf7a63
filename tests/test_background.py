"""Background callbacks on threads: the five seed examples (seed 003) and the behaviours spec §7 pins.

Seed code is pasted with only its import lines changed. ``time.sleep`` inside jobs is scaled down by
the ``fast_sleep`` fixture so the suite stays quick; the ordering the seeds describe is unchanged.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from nbdash import Dash, Input, Output, State, ctx, html, no_update, set_props, should_cancel
from nbdash.testing import ABSENT, AppDriver

REAL_SLEEP = time.sleep


@pytest.fixture
def fast_sleep(monkeypatch: pytest.MonkeyPatch) -> None:
    """Jobs' ``time.sleep(s)`` takes s/50 of the time."""
    monkeypatch.setattr(time, "sleep", lambda seconds: REAL_SLEEP(seconds / 50))


@pytest.fixture
def in_tmp(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def wait_for(predicate: Any, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        REAL_SLEEP(0.001)


# ---------------------------------------------------------------------------------------------
# Seed 003: the five examples
# ---------------------------------------------------------------------------------------------


def seed_manager() -> Any:
    # The seed's set-up lines, unchanged except `dash` → `nbdash` (no REDIS_URL here → diskcache).
    import os

    from nbdash import CeleryManager, DiskcacheManager  # noqa: F401

    if "REDIS_URL" in os.environ:  # pragma: no cover - the seed's production branch
        from celery import Celery

        celery_app = Celery(__name__, broker=os.environ["REDIS_URL"], backend=os.environ["REDIS_URL"])
        return CeleryManager(celery_app)
    import diskcache

    cache = diskcache.Cache("./cache")
    return DiskcacheManager(cache)


def test_seed_simple_background_callback(in_tmp: Any, fast_sleep: None) -> None:
    from nbdash import Dash, Input, Output, callback, html

    background_callback_manager = seed_manager()
    app = Dash(__name__)
    app.layout = html.Div(
        [
            html.Div([html.P(id="paragraph_id", children=["Button not clicked"])]),
            html.Button(id="button_id", children="Run Job!"),
        ]
    )

    @callback(
        output=Output("paragraph_id", "children"),
        inputs=Input("button_id", "n_clicks"),
        background=True,
        manager=background_callback_manager,
    )
    def update_clicks(n_clicks):  # noqa: ANN001, ANN202
        time.sleep(2.0)
        return [f"Clicked {n_clicks} times"]

    with AppDriver(app) as d:
        assert d.get("paragraph_id", "children") == ["Clicked None times"]  # the initial call ran as a job
        d.click("button_id")
        assert d.get("paragraph_id", "children") == ["Clicked 1 times"]


def test_seed_disable_button_while_running(in_tmp: Any, fast_sleep: None) -> None:
    from nbdash import Dash, Input, Output, callback, html

    background_callback_manager = seed_manager()
    app = Dash(__name__, background_callback_manager=background_callback_manager)
    app.layout = html.Div(
        [
            html.Div([html.P(id="paragraph_id", children=["Button not clicked"])]),
            html.Button(id="button_id", children="Run Job!"),
        ]
    )

    @callback(
        output=Output("paragraph_id", "children"),
        inputs=Input("button_id", "n_clicks"),
        background=True,
        running=[
            (Output("button_id", "disabled"), True, False),
        ],
    )
    def update_clicks(n_clicks):  # noqa: ANN001, ANN202
        time.sleep(2.0)
        return [f"Clicked {n_clicks} times"]

    with AppDriver(app) as d:
        d.click("button_id", wait=False)
        wait_for(lambda: d.get("button_id", "disabled") is True and d.get("paragraph_id", "children") != ["Clicked 1 times"])
        d.wait_idle()
        assert d.get("paragraph_id", "children") == ["Clicked 1 times"]
        assert d.history("button_id", "disabled") == [ABSENT, True, False, True, False]


def _cancel_app(gate: threading.Event | None = None, finished: threading.Event | None = None) -> Dash:
    from nbdash import Dash, Input, Output, callback, html

    background_callback_manager = seed_manager()
    app = Dash(__name__, background_callback_manager=background_callback_manager)
    app.layout = html.Div(
        [
            html.Div([html.P(id="paragraph_id", children=["Button not clicked"])]),
            html.Button(id="button_id", children="Run Job!"),
            html.Button(id="cancel_button_id", children="Cancel Running Job!"),
        ]
    )

    @callback(
        output=Output("paragraph_id", "children"),
        inputs=Input("button_id", "n_clicks"),
        background=True,
        running=[
            (Output("button_id", "disabled"), True, False),
            (Output("cancel_button_id", "disabled"), False, True),
        ],
        cancel=[Input("cancel_button_id", "n_clicks")],
    )
    def update_clicks(n_clicks):  # noqa: ANN001, ANN202
        if gate is not None and n_clicks:
            gate.wait(5)  # a job that never checks for cancellation
            finished.set()
        else:
            time.sleep(2.0)
        return [f"Clicked {n_clicks} times"]

    return app


def test_seed_cancellable_callback(in_tmp: Any, fast_sleep: None) -> None:
    gate, finished = threading.Event(), threading.Event()
    app = _cancel_app(gate, finished)
    with AppDriver(app) as d:
        assert d.get("paragraph_id", "children") == ["Clicked None times"]
        d.click("button_id", wait=False)
        wait_for(lambda: d.get("button_id", "disabled") is True)
        assert d.get("cancel_button_id", "disabled") is False
        d.click("cancel_button_id")
        # running restored at once, although the job has not looked at the cancel request
        assert d.get("button_id", "disabled") is False
        assert d.get("cancel_button_id", "disabled") is True
        gate.set()
        assert finished.wait(5)
        REAL_SLEEP(0.05)
        d.wait_idle()
        assert d.get("paragraph_id", "children") == ["Clicked None times"]  # the abandoned result is discarded


def test_seed_progress_bar(in_tmp: Any, fast_sleep: None) -> None:
    from nbdash import Dash, Input, Output, callback, html

    background_callback_manager = seed_manager()
    app = Dash(__name__, background_callback_manager=background_callback_manager)
    app.layout = html.Div(
        [
            html.Div(
                [
                    html.P(id="paragraph_id", children=["Button not clicked"]),
                    html.Progress(id="progress_bar", value="0"),
                ]
            ),
            html.Button(id="button_id", children="Run Job!"),
            html.Button(id="cancel_button_id", children="Cancel Running Job!"),
        ]
    )

    @callback(
        output=Output("paragraph_id", "children"),
        inputs=Input("button_id", "n_clicks"),
        background=True,
        running=[
            (Output("button_id", "disabled"), True, False),
            (Output("cancel_button_id", "disabled"), False, True),
            (
                Output("paragraph_id", "style"),
                {"visibility": "hidden"},
                {"visibility": "visible"},
            ),
            (
                Output("progress_bar", "style"),
                {"visibility": "visible"},
                {"visibility": "hidden"},
            ),
        ],
        cancel=Input("cancel_button_id", "n_clicks"),
        progress=[Output("progress_bar", "value"), Output("progress_bar", "max")],
        prevent_initial_call=True,
    )
    def update_progress(set_progress, n_clicks):  # noqa: ANN001, ANN202
        total = 5
        for i in range(total + 1):
            set_progress((str(i), str(total)))
            time.sleep(1)

        return f"Clicked {n_clicks} times"

    with AppDriver(app) as d:
        assert d.get("paragraph_id", "children") == ["Button not clicked"]  # prevent_initial_call
        d.click("button_id")
        assert d.get("paragraph_id", "children") == "Clicked 1 times"
        assert d.history("progress_bar", "value") == ["0", "0", "1", "2", "3", "4", "5"]
        assert d.history("progress_bar", "style") == [ABSENT, {"visibility": "visible"}, {"visibility": "hidden"}]
        assert d.history("paragraph_id", "style") == [ABSENT, {"visibility": "hidden"}, {"visibility": "visible"}]


def test_seed_progress_bar_graph(in_tmp: Any, fast_sleep: None) -> None:
    import plotly.graph_objects as go

    from nbdash import Dash, Input, Output, callback, dcc, html

    background_callback_manager = seed_manager()

    def make_progress_graph(progress, total):  # noqa: ANN001, ANN202
        progress_graph = (
            go.Figure(data=[go.Bar(x=[progress])])
            .update_xaxes(range=[0, total])
            .update_yaxes(
                showticklabels=False,
            )
            .update_layout(height=100, margin=dict(t=20, b=40))
        )
        return progress_graph

    app = Dash(__name__, background_callback_manager=background_callback_manager)
    app.layout = html.Div(
        [
            html.Div(
                [
                    html.P(id="paragraph_id", children=["Button not clicked"]),
                    dcc.Graph(id="progress_bar_graph", figure=make_progress_graph(0, 10)),
                ]
            ),
            html.Button(id="button_id", children="Run Job!"),
            html.Button(id="cancel_button_id", children="Cancel Running Job!"),
        ]
    )

    @callback(
        output=Output("paragraph_id", "children"),
        inputs=Input("button_id", "n_clicks"),
        background=True,
        running=[
            (Output("button_id", "disabled"), True, False),
            (Output("cancel_button_id", "disabled"), False, True),
            (
                Output("paragraph_id", "style"),
                {"visibility": "hidden"},
                {"visibility": "visible"},
            ),
            (
                Output("progress_bar_graph", "style"),
                {"visibility": "visible"},
                {"visibility": "hidden"},
            ),
        ],
        cancel=[Input("cancel_button_id", "n_clicks")],
        progress=Output("progress_bar_graph", "figure"),
        progress_default=make_progress_graph(0, 10),
    )
    def update_progress(set_progress, n_clicks):  # noqa: ANN001, ANN202
        total = 10
        for i in range(total):
            time.sleep(0.5)
            set_progress(make_progress_graph(i, 10))

        return [f"Clicked {n_clicks} times"]

    with AppDriver(app) as d:
        d.click("button_id")
        assert d.get("paragraph_id", "children") == ["Clicked 1 times"]
        bars = [fig["data"][0]["x"] for fig in d.history("progress_bar_graph", "figure")]
        # layout, load job (0..9, default), click job (0..9, default)
        assert bars == [[0]] + ([[i] for i in range(10)] + [[0]]) * 2
        assert d.get("progress_bar_graph", "figure")["layout"]["height"] == 100


# ---------------------------------------------------------------------------------------------
# Behaviours of spec §7 and the issue
# ---------------------------------------------------------------------------------------------


def job_app(body: Any, **options: Any) -> Dash:
    app = Dash(__name__)
    app.layout = html.Div(
        [html.Button(id="run"), html.Button(id="stop"), html.Div(id="out", children="-"), html.Div(id="side"),
         html.Button(id="other"), html.Div(id="other-out")]
    )
    app.callback(
        Output("out", "children"), Input("run", "n_clicks"), background=True, prevent_initial_call=True,
        running=[(Output("run", "disabled"), True, False)], cancel=[Input("stop", "n_clicks")], **options,
    )(body)

    @app.callback(Output("other-out", "children"), Input("other", "n_clicks"), prevent_initial_call=True)
    def other(n):  # noqa: ANN001, ANN202
        return f"other {n}"

    return app


def test_job_that_checks_stops_at_its_next_check() -> None:
    stopped = threading.Event()

    def job(n):  # noqa: ANN001, ANN202
        while not should_cancel():
            REAL_SLEEP(0.001)
        stopped.set()
        return "finished"

    app = job_app(job)
    with AppDriver(app) as d:
        d.click("run", wait=False)
        wait_for(lambda: d.get("run", "disabled") is True)
        d.click("stop")
        assert stopped.wait(5)
        d.wait_idle()
        assert d.get("out", "children") == "-"
        assert d.get("run", "disabled") is False


def test_set_progress_raises_in_a_cancelled_job() -> None:
    reached: list[int] = []

    def job(set_progress, n):  # noqa: ANN001, ANN202
        for i in range(10_000):
            set_progress(str(i))
            reached.append(i)
            REAL_SLEEP(0.001)
        return "finished"

    app = job_app(job, progress=Output("side", "children"))
    with AppDriver(app) as d:
        d.click("run", wait=False)
        wait_for(lambda: len(reached) > 3)
        d.click("stop")
        assert d.get("out", "children") == "-"
        app.close()
        assert len(reached) < 10_000


def test_other_callbacks_answer_while_a_job_runs() -> None:
    gate = threading.Event()

    def job(n):  # noqa: ANN001, ANN202
        gate.wait(5)
        return f"job {n}"

    with AppDriver(job_app(job)) as d:
        d.click("run", wait=False)
        wait_for(lambda: d.get("run", "disabled") is True)
        d.click("other", wait=False)
        wait_for(lambda: d.get("other-out", "children") == "other 1")
        assert d.get("out", "children") == "-"
        gate.set()
        d.wait_idle()
        assert d.get("out", "children") == "job 1"


def test_latest_trigger_wins() -> None:
    gates = {1: threading.Event(), 2: threading.Event()}

    def job(n):  # noqa: ANN001, ANN202
        gates[n].wait(5)
        return f"Clicked {n} time(s)"

    with AppDriver(job_app(job)) as d:
        d.click("run", wait=False)
        wait_for(lambda: d.get("run", "disabled") is True)
        d.set("run", "n_clicks", 2, wait=False)
        wait_for(lambda: d.get("run", "n_clicks") == 2)
        gates[2].set()
        wait_for(lambda: d.get("out", "children") == "Clicked 2 time(s)")
        gates[1].set()
        d.wait_idle()
        REAL_SLEEP(0.05)
        assert d.get("out", "children") == "Clicked 2 time(s)"
        assert d.history("out", "children") == ["-", "Clicked 2 time(s)"]


def test_set_props_in_a_job_applies_immediately() -> None:
    gate = threading.Event()

    def job(n):  # noqa: ANN001, ANN202
        set_props("side", {"children": "halfway"})
        gate.wait(5)
        return "done"

    with AppDriver(job_app(job)) as d:
        d.click("run", wait=False)
        wait_for(lambda: d.get("side", "children") == "halfway")
        assert d.get("out", "children") == "-"
        gate.set()
        d.wait_idle()
        assert d.get("out", "children") == "done"


def test_ctx_works_inside_the_job() -> None:
    seen: dict[str, Any] = {}

    def job(n):  # noqa: ANN001, ANN202
        seen["id"] = ctx.triggered_id
        seen["inputs"] = dict(ctx.inputs)
        return no_update

    with AppDriver(job_app(job)) as d:
        d.click("run")
    assert seen == {"id": "run", "inputs": {"run.n_clicks": 1}}


def test_error_in_a_job_is_recorded_and_the_app_recovers() -> None:
    def job(n):  # noqa: ANN001, ANN202
        if n == 1:
            raise RuntimeError("job failed")
        return f"ok {n}"

    with AppDriver(job_app(job), raise_errors=False) as d:
        d.click("run")
        assert d.get("out", "children") == "-"
        assert d.get("run", "disabled") is False
        assert [str(e) for e in d.errors] == ["job failed"]
        assert "job failed" in str(d.app.errors[0]) and "def job" not in d.app.errors[0].traceback.split("nbdash")[0][:0]
        d.click("run")
        assert d.get("out", "children") == "ok 2"


def test_prevent_update_in_a_job_restores_running() -> None:
    from nbdash.exceptions import PreventUpdate

    def job(n):  # noqa: ANN001, ANN202
        raise PreventUpdate

    with AppDriver(job_app(job)) as d:
        d.click("run")
        assert d.history("run", "disabled") == [ABSENT, True, False]
        assert d.get("out", "children") == "-"


def test_downstream_callback_waits_for_the_job() -> None:
    gate = threading.Event()
    app = Dash(__name__)
    app.layout = html.Div([html.Button(id="run"), html.Div(id="mid"), html.Div(id="end"), html.Div(id="x", title="x")])

    @app.callback(Output("mid", "children"), Input("run", "n_clicks"), background=True, prevent_initial_call=True)
    def slow(n):  # noqa: ANN001, ANN202
        gate.wait(5)
        return f"mid {n}"

    @app.callback(Output("end", "children"), Input("mid", "children"), Input("run", "n_clicks"), prevent_initial_call=True)
    def end(mid, n):  # noqa: ANN001, ANN202
        return f"end {mid} {n}"

    with AppDriver(app) as d:
        d.click("run", wait=False)
        REAL_SLEEP(0.05)
        assert [c.name for c in d.calls] == ["slow"]  # `end` waits for the job (rule 1)
        gate.set()
        d.wait_idle()
        assert d.get("end", "children") == "end mid 1 1"
        assert d.triggered("end") == [["run.n_clicks", "mid.children"]]


def test_cache_by_reuses_results(in_tmp: Any) -> None:
    import diskcache

    from nbdash import DiskcacheManager

    runs: list[int] = []
    manager = DiskcacheManager(diskcache.Cache("./cache"), cache_by=[lambda: "v1"])
    app = Dash(__name__, background_callback_manager=manager)
    app.layout = html.Div([dcc_input := html.Div(id="in", title="a"), html.Div(id="out")])
    _ = dcc_input

    @app.callback(Output("out", "children"), Input("in", "title"), background=True)
    def compute(title):  # noqa: ANN001, ANN202
        runs.append(1)
        return title.upper()

    with AppDriver(app) as d:
        assert d.get("out", "children") == "A"
        d.set("in", "title", "b")
        d.set("in", "title", "a")
        assert d.get("out", "children") == "A"
    assert len(runs) == 2  # "a" came from the cache the second time


def test_no_thread_is_left_behind_after_close() -> None:
    before = threading.active_count()

    def job(set_progress, n):  # noqa: ANN001, ANN202
        for i in range(1000):
            set_progress(str(i))
            REAL_SLEEP(0.002)
        return "done"

    app = job_app(job, progress=Output("side", "children"))
    d = AppDriver(app, raise_errors=False).load()  # clicks still queued at close: AppClosedError
    for _ in range(5):
        d.click("run", wait=False)
    wait_for(lambda: d.get("run", "disabled") is True)
    app.close()
    d.close()
    wait_for(lambda: threading.active_count() <= before, timeout=5)


def test_stress_rapid_triggers_interleaved_with_normal_callbacks() -> None:
    before = threading.active_count()

    def job(n):  # noqa: ANN001, ANN202
        REAL_SLEEP(0.001)
        return f"job {n}"

    app = job_app(job)
    with AppDriver(app) as d:
        for i in range(1, 201):
            d.set("run", "n_clicks", i, wait=False)
            if i % 10 == 0:
                d.click("other", wait=False)
        d.wait_idle(timeout=30)
        # the serial model: the last trigger's job wins; every "other" click was answered
        assert d.get("out", "children") == "job 200"
        assert d.get("other-out", "children") == "other 20"
        assert d.get("run", "disabled") is False
    wait_for(lambda: threading.active_count() <= before, timeout=5)


def test_state_is_read_when_the_job_starts() -> None:
    app = Dash(__name__)
    app.layout = html.Div([html.Button(id="run"), html.Div(id="src", title="v1"), html.Div(id="out")])

    @app.callback(Output("out", "children"), Input("run", "n_clicks"), State("src", "title"),
                  background=True, prevent_initial_call=True)
    def job(n, title):  # noqa: ANN001, ANN202
        return title

    with AppDriver(app) as d:
        d.click("run")
        assert d.get("out", "children") == "v1"


def test_reloading_the_app_ends_the_old_sessions_jobs() -> None:
    before = threading.active_count()
    gate = threading.Event()
    runs: list[int] = []

    def job(set_progress, n):  # noqa: ANN001, ANN202
        runs.append(1)
        if len(runs) == 1:  # the first page's job: still running when the page reloads
            set_progress("old")
            gate.wait(5)
            set_progress("late")
            return "stale result"
        set_progress("new")
        return "fresh result"

    app = Dash(__name__)
    app.layout = html.Div([html.Button(id="run"), html.Div(id="side"), html.Div(id="out", children="-")])
    app.callback(Output("out", "children"), Input("run", "n_clicks"), background=True,
                 progress=Output("side", "children"))(job)
    app.session  # displayed: the initial job starts and waits  # noqa: B018
    wait_for(lambda: app.get_props("side").get("children") == "old")
    with AppDriver(app, raise_errors=True) as d:  # a fresh page load
        gate.set()
        d.wait_idle()
        REAL_SLEEP(0.05)
        assert d.history("side", "children") == [None, "new"]  # html.Div carries children=None
        assert d.get("out", "children") == "fresh result"
    app.close()
    wait_for(lambda: threading.active_count() <= before, timeout=5)  # no thread left behind
