"""Notebook behaviour of the app object: re-running cells, several apps in one kernel, errors that
leave the app working, on_error handlers (spec §3.6), app.set_props / get_props from a cell,
Dash() constructor and layout checks, and thread safety of events."""

from __future__ import annotations

import inspect
import os
import subprocess
import sys
import textwrap
import threading
import time

import pytest

import nbdash
from nbdash import Dash, Input, Output, State, callback, dcc, html, no_update, set_props
from nbdash.exceptions import (
    DuplicateCallback,
    NoLayoutException,
    NonExistentIdException,
    PreventUpdate,
)
from nbdash.testing import AppDriver

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NBDASH_DIR = os.path.dirname(os.path.abspath(nbdash.__file__))


def make_app(**kwargs) -> Dash:
    app = Dash(__name__, **kwargs)
    app.layout = html.Div([
        html.Button(id="btn"),
        html.Button(id="other"),
        dcc.Input(id="a", value="A"),
        html.Div(id="o", children="o0"),
        html.Div(id="o2", children="p0"),
        html.Div(id="s", children="s0"),
    ])
    return app


# ==========================================================================================
# Re-running cells
# ==========================================================================================

CELL_V1 = """
@callback(Output("o", "children"), Input("btn", "n_clicks"), prevent_initial_call=True)
def show(n):
    log.append("v1")
    return f"v1:{n}"
"""

CELL_V2 = CELL_V1.replace("v1", "v2")


def run_cell(source: str, ns: dict) -> None:
    exec(compile(source, "<cell>", "exec"), ns)


def cell_namespace(app: Dash) -> dict:
    return {"__name__": "__main__", "app": app, "callback": callback, "Input": Input, "Output": Output, "log": []}


def test_rerunning_an_unchanged_cell_replaces_the_callback():
    app = make_app()
    ns = cell_namespace(app)
    run_cell(CELL_V1, ns)
    run_cell(CELL_V1, ns)  # no DuplicateCallback
    with AppDriver(app) as d:
        d.click("btn")
        assert d.triggered("show") == [["btn.n_clicks"]]
    assert ns["log"] == ["v1"]


def test_rerunning_an_edited_cell_uses_the_new_function_once():
    app = make_app()
    ns = cell_namespace(app)
    run_cell(CELL_V1, ns)
    run_cell(CELL_V2, ns)
    with AppDriver(app) as d:
        d.click("btn")
        assert d.get("o", "children") == "v2:1"
    assert ns["log"] == ["v2"]


def test_rerunning_a_cell_with_app_callback_replaces_the_callback():
    app = make_app()
    ns = cell_namespace(app)
    source = CELL_V1.replace("@callback(", "@app.callback(")
    run_cell(source, ns)
    run_cell(source.replace("v1", "v2"), ns)
    with AppDriver(app) as d:
        d.click("btn")
        assert d.get("o", "children") == "v2:1"
    assert ns["log"] == ["v2"]


def test_rerunning_a_cell_after_the_app_was_loaded_replaces_the_live_callback():
    app = make_app()
    ns = cell_namespace(app)
    run_cell(CELL_V1, ns)
    with AppDriver(app) as d:
        d.click("btn")
        run_cell(CELL_V2, ns)
        d.click("btn")
        assert d.get("o", "children") == "v2:2"
    assert ns["log"] == ["v1", "v2"]


def test_a_different_function_writing_the_same_output_raises_duplicate_callback_naming_both():
    app = make_app()

    @app.callback(Output("o", "children"), Input("btn", "n_clicks"))
    def first_writer(n):
        return n

    with pytest.raises(DuplicateCallback) as info:
        @app.callback(Output("o", "children"), Input("other", "n_clicks"))
        def second_writer(n):
            return n

    assert "first_writer" in str(info.value)
    assert "second_writer" in str(info.value)


# ==========================================================================================
# Several apps in one kernel
# ==========================================================================================


def test_a_new_dash_starts_clean_and_module_callback_attaches_to_the_newest_app():
    app1 = make_app()

    @callback(Output("o", "children"), Input("btn", "n_clicks"))
    def for_app1(n):
        return "app1"

    app2 = make_app()
    assert app2.callback_map == {}

    @callback(Output("o", "children"), Input("btn", "n_clicks"))
    def for_app2(n):
        return "app2"

    with AppDriver(app1) as d1, AppDriver(app2) as d2:
        assert [c.name for c in d1.calls] == ["for_app1"]
        assert [c.name for c in d2.calls] == ["for_app2"]
        assert d1.get("o", "children") == "app1"
        assert d2.get("o", "children") == "app2"


def test_callbacks_decorated_before_any_app_exists_go_to_the_next_app():
    code = textwrap.dedent(
        """
        from nbdash import Dash, html, Input, Output, callback
        from nbdash.testing import AppDriver

        @callback(Output("o", "children"), Input("btn", "n_clicks"))
        def early(n):
            return f"early:{n}"

        app = Dash(__name__)
        app.layout = html.Div([html.Button(id="btn"), html.Div(id="o")])
        with AppDriver(app) as d:
            print(d.get("o", "children"))
            d.click("btn")
            print(d.get("o", "children"))
        print(len(app.callback_map), len(Dash().callback_map))
        """
    )
    env = dict(os.environ, PYTHONPATH=REPO)
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:3] == ["early:None", "early:1", "1 0"]


def test_two_apps_in_one_kernel_stay_independent():
    app1, app2 = make_app(), make_app()

    @app1.callback(Output("o", "children"), Input("btn", "n_clicks"), prevent_initial_call=True)
    def one(n):
        return f"one:{n}"

    @app2.callback(Output("o", "children"), Input("btn", "n_clicks"), prevent_initial_call=True)
    def two(n):
        return f"two:{n}"

    with AppDriver(app1) as d1, AppDriver(app2) as d2:
        d1.click("btn")
        d1.click("btn")
        d2.click("btn")
        assert d1.get("o", "children") == "one:2"
        assert d2.get("o", "children") == "two:1"
        assert [c.name for c in d1.calls] == ["one", "one"]
        assert [c.name for c in d2.calls] == ["two"]
        assert d1.app.get_props("btn")["n_clicks"] == 2
        assert d2.app.get_props("btn")["n_clicks"] == 1


# ==========================================================================================
# A failing callback
# ==========================================================================================


def _failing_app():
    app = make_app()

    @app.callback(Output("o", "children"), Input("btn", "n_clicks"), prevent_initial_call=True)
    def boom(n):
        raise ValueError("kaboom")

    @app.callback(Output("o2", "children"), Input("other", "n_clicks"), prevent_initial_call=True)
    def fine(n):
        return f"fine:{n}"

    return app, boom


def test_a_failing_callback_leaves_outputs_unchanged_and_the_app_working():
    app, _ = _failing_app()
    with AppDriver(app, raise_errors=False) as d:
        d.click("btn")
        assert d.get("o", "children") == "o0"
        assert len(d.callback_errors) == 1
        assert len(d.errors) == 1 and isinstance(d.errors[0], ValueError)
        d.click("other")
        assert d.get("o2", "children") == "fine:1"
        d.click("btn")
        assert len(d.callback_errors) == 2
        assert d.triggered("boom") == [["btn.n_clicks"], ["btn.n_clicks"]]
    assert app.errors == []  # errors under a driver are the driver's


def test_a_failing_callback_error_has_the_users_traceback_without_nbdash_frames():
    app, boom = _failing_app()
    with AppDriver(app, raise_errors=False) as d:
        d.click("btn")
    text = str(d.callback_errors[0])
    lines, start = inspect.getsourcelines(boom)
    raise_line = start + next(i for i, line in enumerate(lines) if 'raise ValueError("kaboom")' in line)
    assert "Callback error updating o.children" in text
    assert f'File "{__file__}", line {raise_line}, in boom' in text
    assert "ValueError: kaboom" in text
    assert NBDASH_DIR not in text


def test_raise_errors_reraises_the_original_exception_from_the_action():
    app = make_app()
    error = ValueError("the original")

    @app.callback(Output("o", "children"), Input("btn", "n_clicks"), prevent_initial_call=True)
    def boom(n):
        raise error

    with AppDriver(app, raise_errors=True) as d:
        with pytest.raises(ValueError) as info:
            d.click("btn")
        assert info.value is error
        assert d.get("o", "children") == "o0"


def test_set_props_before_an_unhandled_error_are_discarded():
    app = make_app()

    @app.callback(Output("o", "children"), Input("btn", "n_clicks"), prevent_initial_call=True)
    def boom(n):
        set_props("s", {"children": "side"})
        raise ValueError("kaboom")

    with AppDriver(app, raise_errors=False) as d:
        d.click("btn")
        assert d.get("s", "children") == "s0"


# ==========================================================================================
# on_error (spec §3.6)
# ==========================================================================================


def test_per_callback_on_error_return_value_becomes_the_output():
    app = make_app()
    received = []

    def handler(err):
        received.append(err)
        return "callback: local error"

    @app.callback(Output("o", "children"), Input("btn", "n_clicks"), prevent_initial_call=True, on_error=handler)
    def boom(n):
        raise ValueError("local")

    with AppDriver(app) as d:
        d.click("btn")
        assert d.get("o", "children") == "callback: local error"
        assert d.errors == []
    assert app.errors == []
    assert len(received) == 1 and isinstance(received[0], ValueError) and str(received[0]) == "local"


def test_app_on_error_that_only_sets_props_leaves_the_output_unchanged():
    def handler(err):
        set_props("s", {"children": f"global: {err}"})

    app = make_app(on_error=handler)

    @app.callback(Output("o", "children"), Input("btn", "n_clicks"), prevent_initial_call=True)
    def boom(n):
        raise ValueError("oops")

    @app.callback(Output("o2", "children"), Input("o", "children"), prevent_initial_call=True)
    def downstream(v):
        return v

    with AppDriver(app) as d:
        d.click("btn")
        assert d.get("o", "children") == "o0"
        assert d.get("s", "children") == "global: oops"
        assert "downstream" not in [c.name for c in d.calls]
    assert app.errors == []


def test_per_callback_on_error_takes_precedence_over_the_app_handler():
    app_calls = []
    app = make_app(on_error=lambda err: app_calls.append(err))

    @app.callback(Output("o", "children"), Input("btn", "n_clicks"), prevent_initial_call=True,
                  on_error=lambda err: "local")
    def boom(n):
        raise ValueError("x")

    with AppDriver(app) as d:
        d.click("btn")
        assert d.get("o", "children") == "local"
    assert app_calls == []


def test_on_error_keeps_set_props_made_before_the_error():
    app = make_app()

    @app.callback(Output("o", "children"), Input("btn", "n_clicks"), prevent_initial_call=True,
                  on_error=lambda err: None)
    def boom(n):
        set_props("s", {"children": "before"})
        raise ValueError("x")

    with AppDriver(app) as d:
        d.click("btn")
        assert d.get("s", "children") == "before"
        assert d.get("o", "children") == "o0"


def test_on_error_returning_a_value_for_a_multi_output_callback_is_validated():
    app = make_app()

    @app.callback(Output("o", "children"), Output("o2", "children"), Input("btn", "n_clicks"),
                  prevent_initial_call=True, on_error=lambda err: ["h1", no_update])
    def boom(n):
        raise ValueError("x")

    with AppDriver(app) as d:
        d.click("btn")
        assert (d.get("o", "children"), d.get("o2", "children")) == ("h1", "p0")


def test_prevent_update_is_never_passed_to_on_error():
    received = []
    app = make_app(on_error=lambda err: received.append(err))

    @app.callback(Output("o", "children"), Input("btn", "n_clicks"), prevent_initial_call=True,
                  on_error=lambda err: received.append(err))
    def stop(n):
        raise PreventUpdate

    with AppDriver(app) as d:
        d.click("btn")
        assert d.get("o", "children") == "o0"
    assert received == []
    assert app.errors == []


# ==========================================================================================
# app.set_props / app.get_props from a cell
# ==========================================================================================


def test_app_set_props_from_outside_callbacks_fires_listeners():
    app = make_app()
    calls = []

    @app.callback(Output("o", "children"), Input("a", "value"), State("s", "children"), prevent_initial_call=True)
    def echo(a, s):
        calls.append(a)
        return f"{a}/{s}"

    app.set_props("a", {"value": "from cell"})  # the live app (loaded on first use, as on display)
    assert calls == ["from cell"]
    assert app.get_props("o")["children"] == "from cell/s0"
    assert app.get_props("a")["value"] == "from cell"


def test_app_set_props_is_equality_filtered():
    app = make_app()
    calls = []

    @app.callback(Output("o", "children"), Input("a", "value"), prevent_initial_call=True)
    def echo(a):
        calls.append(a)
        return a

    app.set_props("a", {"value": "A"})
    assert calls == []
    app.set_props("a", {"value": "B"})
    app.set_props("a", {"value": "B"})
    assert calls == ["B"]


def test_app_get_props_returns_the_current_explicit_props():
    app = make_app()
    app.set_props("btn", {"n_clicks": 1})
    props = app.get_props("btn")
    assert props["id"] == "btn" and props["n_clicks"] == 1
    assert app.get_props("a") == {"id": "a", "value": "A"}


def test_the_drivers_app_has_the_same_set_props_and_get_props():
    app = make_app()
    with AppDriver(app) as d:
        d.click("btn")
        d.app.set_props("a", {"value": "B"})
        assert d.get("a", "value") == "B" and d.app.get_props("btn")["n_clicks"] == 1
    assert app.get_props("a")["value"] == "A" and "n_clicks" not in app.get_props("btn")


def test_app_set_props_on_a_missing_id_raises_non_existent_id():
    app = make_app()
    with pytest.raises(NonExistentIdException):
        app.set_props("ghost", {"children": "x"})


# ==========================================================================================
# Constructor and layout
# ==========================================================================================


def test_unknown_dash_keyword_raises_type_error():
    with pytest.raises(TypeError) as info:
        Dash(foo=1)
    assert str(info.value) == "Dash() got an unexpected keyword argument 'foo'"


def test_non_component_layout_raises_no_layout_exception():
    app = Dash(__name__)
    with pytest.raises(NoLayoutException):
        app.layout = 5


def test_layout_function_is_called_on_each_load():
    count = {"n": 0}

    def layout():
        count["n"] += 1
        return html.Div([dcc.Input(id="a", value=f"load{count['n']}"), html.Div(id="o")])

    app = Dash(__name__)
    app.layout = layout
    seen = []

    @app.callback(Output("o", "children"), Input("a", "value"))
    def echo(a):
        seen.append(a)
        return a

    with AppDriver(app) as d:
        first = count["n"]
        assert d.get("a", "value") == f"load{first}"
        d.set("a", "value", "typed")
        d.load()
        assert count["n"] == first + 1
        assert d.get("a", "value") == f"load{first + 1}"
        assert d.get("o", "children") == f"load{first + 1}"
    assert seen == [f"load{first}", "typed", f"load{first + 1}"]


# ==========================================================================================
# Thread safety
# ==========================================================================================


def test_events_from_several_threads_all_count_and_the_latest_call_wins():
    """Bodies run outside the app's lock (as on Dash's threaded server), so they may overlap; every
    click is counted, and the output holds the result of the newest call."""
    app = make_app()
    n_threads = 16
    lock = threading.Lock()
    state = {"count": 0}

    @app.callback(Output("o", "children"), Input("btn", "n_clicks"), prevent_initial_call=True)
    def count(n):
        time.sleep(0.002)
        with lock:
            state["count"] += 1
        return n

    with AppDriver(app) as d:
        barrier = threading.Barrier(n_threads)

        def worker():
            barrier.wait()
            d.click("btn")

        threads = [threading.Thread(target=worker) for _ in range(n_threads)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        d.wait_idle()
        assert d.get("btn", "n_clicks") == n_threads
        assert state["count"] == n_threads
        assert len(d.calls) == n_threads
        assert d.get("o", "children") == n_threads
        assert d.history("o", "children")[-1] == n_threads
        assert sorted(int(c.triggered == ["btn.n_clicks"]) for c in d.calls) == [1] * n_threads
