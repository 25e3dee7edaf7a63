"""The app's widget, kernel side (nbdash/_widget.py, nbdash/_protocol.py), without a browser.

``widget_page.Browser`` drives the app's real widget over a fake comm, as a page would; the
browser half is tested in ``tests/browser/``.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from nbdash import Dash, Input, Output, State, dcc, html
from nbdash._protocol import MAX_EVENT_BYTES, PROTOCOL_VERSION
from nbdash._widget import AppWidget, widget_for
from nbdash.testing import AppDriver
from widget_page import Browser, close_widgets


@pytest.fixture(autouse=True)
def _no_leftover_widgets() -> Iterator[None]:
    yield
    close_widgets()


def patches(sent: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [m for m in sent if m.get("type") == "patch"]


def bundle(app: Dash) -> dict[str, Any]:
    """The rich-display data of ``app`` (what Jupyter puts in the cell's output)."""
    result: Any = app._repr_mimebundle_()  # (data, metadata), as anywidget returns it
    data: dict[str, Any] = result[0]
    return data


def counter_app() -> Dash:
    app = Dash(__name__)
    app.layout = html.Div([
        html.Button("Go", id="btn"),
        dcc.Input(id="name", value="x"),
        html.Div(id="out"),
    ])

    @app.callback(Output("out", "children"), Input("btn", "n_clicks"), State("name", "value"))
    def show(n: int | None, name: str) -> str:
        if n == 2:
            raise ValueError("two is not allowed")
        return f"{name}: {n}"

    return app


# -- connect ------------------------------------------------------------------------------------------
def test_hello_gets_the_full_tree_after_the_initial_callbacks() -> None:
    b = Browser(counter_app())
    reply = b.hello("v1")
    assert reply["type"] == "tree" and reply["protocol"] == PROTOCOL_VERSION and reply["view"] == "v1"
    assert reply["leader"] == "v1" and reply["fresh"] is True
    root = reply["tree"]
    assert (root["type"], root["namespace"]) == ("Div", "dash_html_components")
    button, box, out = root["props"]["children"]
    assert button == {"type": "Button", "namespace": "dash_html_components", "props": {"children": "Go", "id": "btn"}}
    assert box["props"] == {"value": "x", "id": "name"}
    assert out["props"]["children"] == "x: None"


def test_a_second_view_gets_the_current_state_and_leads() -> None:
    b = Browser(counter_app())
    b.hello("v1")
    b.event("btn", {"n_clicks": 1, "n_clicks_timestamp": 1})
    reply = b.hello("v2")
    assert reply["fresh"] is False and reply["leader"] == "v2" and reply["view"] == "v2"
    assert reply["tree"]["props"]["children"][2]["props"]["children"] == "x: 1"
    assert b.widget.views == ["v1", "v2"]


def test_protocol_mismatch_gets_a_message_that_says_what_to_do_and_no_tree() -> None:
    b = Browser(counter_app())
    reply = b.hello("v1", protocol=PROTOCOL_VERSION + 1)
    assert reply["type"] == "mismatch" and reply["view"] == "v1" and reply["protocol"] == PROTOCOL_VERSION
    assert "Re-run the cell" in reply["message"]
    assert b.comm.of_type("tree") == []


def test_the_leader_leaving_passes_the_lead_on() -> None:
    b = Browser(counter_app())
    b.hello("v1")
    b.hello("v2")
    b.post({"type": "bye", "view": "v2"})
    assert b.comm.sent[-1] == {"type": "leader", "leader": "v1"}
    b.post({"type": "bye", "view": "v1"})
    assert b.widget.views == []


# -- events and patches ---------------------------------------------------------------------------------
def test_an_event_runs_one_turn_and_sends_one_patch_naming_its_origin() -> None:
    b = Browser(counter_app())
    tree = b.hello()
    sent = b.event("btn", {"n_clicks": 1, "n_clicks_timestamp": 1700000000000}, seq=7)
    assert sent == [{  # a quick callback's outputs are never announced as loading (grace period)
        "type": "patch",
        "changes": {"btn": {"n_clicks": 1, "n_clicks_timestamp": 1700000000000}, "out": {"children": "x: 1"}},
        "origin": {"view": "v1", "seq": 7},
        "n": tree["n"] + 1,  # patches and trees are numbered (the views' `ack`)
        # the callback's result, for the view's discard rule (nbdash._window): no parent; based on the
        # origin event (seq 7: left out); its Input, index 0 of the tree's `inputs`; it wrote pair 2
        "results": [[None, {}, [0], [2]]],
    }]
    assert b.app.get_props("out")["children"] == "x: 1"


def test_changes_from_the_kernel_side_are_patches_without_origin() -> None:
    b = Browser(counter_app())
    tree = b.hello()
    b.app.set_props("name", {"value": "y"})
    assert b.comm.sent[-1] == {"type": "patch", "changes": {"name": {"value": "y"}}, "origin": None, "n": tree["n"] + 1}


def test_an_event_equal_to_the_current_state_sends_nothing() -> None:
    b = Browser(counter_app())
    b.hello()
    assert b.event("name", {"value": "x"}) == []


@pytest.mark.parametrize(
    ("message", "says"),
    [
        ({"id": "nope", "props": {"n_clicks": 1}}, "not in the current layout"),
        ({"id": 3, "props": {"n_clicks": 1}}, "without a string `id`"),
        ({"id": "btn", "props": {}}, "non-empty `props`"),
        ({"id": "btn", "props": "n_clicks"}, "non-empty `props`"),
        ({"id": "out", "props": {"children": "hacked"}}, "'children' on 'out' (Div), which the browser may not change"),
        ({"id": "name", "props": {"disabled": True}}, "writable props of Input: n_blur"),
        ({"id": "btn", "props": {"n_clicks": -1}}, "non-negative integer"),
        ({"id": "btn", "props": {"n_clicks": True}}, "non-negative integer"),
        ({"id": "btn", "props": {"n_clicks_timestamp": "now"}}, "must be a number"),
        ({"id": "name", "props": {"value": "x" * (MAX_EVENT_BYTES + 1)}}, f"the limit is {MAX_EVENT_BYTES:,}"),
    ],
)
def test_invalid_events_are_ignored_with_a_warning(message: dict[str, Any], says: str) -> None:
    b = Browser(counter_app())
    b.hello()
    before = b.app.get_props("out")
    b.post({"type": "event", "view": "v1", "seq": 1, **message})
    warning = b.comm.sent[-1]
    assert warning["type"] == "warning" and warning["view"] == "v1"
    assert says in warning["message"]
    assert b.comm.of_type("patch") == []
    assert b.app.get_props("out") == before
    assert b.widget.warnings[-1] == warning["message"]


def test_unknown_message_types_get_a_warning() -> None:
    b = Browser(counter_app())
    b.post({"type": "explode", "view": "v1"})
    assert b.comm.sent[-1]["type"] == "warning"
    assert "unknown message type 'explode'" in b.comm.sent[-1]["message"]


def test_dict_ids_match_when_javascript_spells_numbers_differently() -> None:
    app = Dash(__name__)
    app.layout = html.Div([html.Button("a", id={"type": "b", "index": 1.0}), html.Div(id="out")])

    @app.callback(Output("out", "children"), Input({"type": "b", "index": 1.0}, "n_clicks"))
    def show(n: int | None) -> str:
        return f"clicked {n}"

    b = Browser(app)
    b.hello()
    sent = b.event('{"index":1,"type":"b"}', {"n_clicks": 1})
    assert patches(sent)[0]["changes"]["out"] == {"children": "clicked 1"}


# -- loading state (dcc.Loading) --------------------------------------------------------------------------
def loading_messages(sent: list[dict[str, Any]]) -> list[tuple[bool, list[list[str]]]]:
    return [(m["loading"], m["props"]) for m in sent if m.get("type") == "loading"]


@pytest.fixture
def no_grace(monkeypatch: pytest.MonkeyPatch) -> None:
    """Announce loading outputs at once (the widget normally waits 10 ms for quick callbacks)."""
    monkeypatch.setattr(AppWidget, "loading_grace", 0)


@pytest.mark.real_grace
def test_a_slow_callbacks_outputs_are_announced_while_it_runs_and_end_with_its_patch() -> None:
    app = Dash(__name__)
    app.layout = html.Div([html.Button(id="btn"), html.Div(id="out")])
    told: list[list[dict[str, Any]]] = []

    @app.callback(Output("out", "children"), Input("btn", "n_clicks"), prevent_initial_call=True)
    def slow(n: int) -> str:
        deadline = time.monotonic() + 5
        while not b.comm.of_type("loading") and time.monotonic() < deadline:
            time.sleep(0.005)  # the announcer thread speaks after the grace period
        told.append(list(b.comm.sent))
        return "done"

    b = Browser(app)
    b.hello()
    sent = b.event("btn", {"n_clicks": 1})
    assert told[0][-1] == {"type": "loading", "props": [["out", "children"]], "loading": True}
    assert [m["type"] for m in sent] == ["loading", "patch", "loading"]
    assert sent[-1] == {"type": "loading", "props": [["out", "children"]], "loading": False}


def test_a_chain_marks_each_steps_outputs_loading_before_it_runs_and_all_loaded_with_the_patch(no_grace: None) -> None:
    app = Dash(__name__)
    app.layout = html.Div([dcc.Input(id="x", value="a"), html.Div(id="y"), html.Div(id="z")])
    seen: list[list[str]] = []

    @app.callback(Output("y", "children"), Input("x", "value"))
    def first(x: str) -> str:
        seen.append([m["props"][0][0] for m in b.comm.of_type("loading")])
        return x + "!"

    @app.callback(Output("z", "children"), Input("y", "children"))
    def second(y: str) -> str:
        seen.append([m["props"][0][0] for m in b.comm.of_type("loading")])
        return y + "?"

    b = Browser(app)
    b.hello()
    seen.clear()
    sent = b.event("x", {"value": "b"})
    assert seen == [["y"], ["y", "z"]]  # told before each callback ran
    assert [m["type"] for m in sent] == ["loading", "loading", "patch", "loading"]
    assert loading_messages(sent)[-1] == (False, [["y", "children"], ["z", "children"]])


def test_two_callbacks_writing_one_prop_keep_it_loading_until_both_are_done(no_grace: None) -> None:
    app = Dash(__name__)
    app.layout = html.Div([html.Button(id="btn"), html.Div(id="out")])

    @app.callback(Output("out", "children", allow_duplicate=True), Input("btn", "n_clicks"), prevent_initial_call=True)
    def one(n: int) -> str:
        return "one"

    @app.callback(Output("out", "children", allow_duplicate=True), Input("btn", "n_clicks"), prevent_initial_call=True)
    def two(n: int) -> str:
        return "two"

    b = Browser(app)
    b.hello()
    sent = b.event("btn", {"n_clicks": 1})
    assert loading_messages(sent) == [(True, [["out", "children"]]), (False, [["out", "children"]])]


def test_a_background_job_keeps_its_outputs_loading_until_it_finishes(no_grace: None) -> None:
    app = Dash(__name__)
    app.layout = html.Div([html.Button(id="btn"), html.Div(id="out")])
    release = threading.Event()

    @app.callback(Output("out", "children"), Input("btn", "n_clicks"), background=True, prevent_initial_call=True)
    def slow(n: int) -> str:
        release.wait(5)
        return f"done {n}"

    b = Browser(app)
    b.hello()
    sent = b.event("btn", {"n_clicks": 1})
    assert loading_messages(sent) == [(True, [["out", "children"]])]  # the turn ended; the job runs on
    late = b.hello("v2")  # a view connecting meanwhile learns what is loading
    assert late["loading"] == [["out", "children"]]
    b.event("btn", {"n_clicks": 2}, seq=2)  # supersedes the job: still loading, not told twice
    assert loading_messages(b.comm.sent) == [(True, [["out", "children"]])]
    release.set()
    app._wait_background(5)
    types = [m["type"] for m in b.comm.sent]
    assert types[-2:] == ["patch", "loading"] and b.comm.sent[-1]["loading"] is False
    assert app.get_props("out")["children"] == "done 2"


def test_a_cancelled_job_stops_loading(no_grace: None) -> None:
    app = Dash(__name__)
    app.layout = html.Div([html.Button(id="run"), html.Button(id="stop"), html.Div(id="out")])
    release = threading.Event()

    @app.callback(Output("out", "children"), Input("run", "n_clicks"), background=True,
                  cancel=[Input("stop", "n_clicks")], prevent_initial_call=True)  # fmt: skip
    def slow(n: int) -> str:
        release.wait(5)
        return "done"

    b = Browser(app)
    b.hello()
    b.event("run", {"n_clicks": 1})
    sent = b.event("stop", {"n_clicks": 1}, seq=2)
    assert loading_messages(sent) == [(False, [["out", "children"]])]
    release.set()
    app._wait_background(5)


# -- print() in callbacks → the console panel ------------------------------------------------------------
def test_what_a_callback_prints_goes_to_the_console_not_the_cell(capsys: pytest.CaptureFixture[str]) -> None:
    app = Dash(__name__)
    app.layout = html.Div([html.Button(id="btn"), html.Div(id="out")])
    elsewhere: list[str] = []

    @app.callback(Output("out", "children"), Input("btn", "n_clicks"), prevent_initial_call=True)
    def talk(n: int) -> str:
        print("clicked", n)
        print("careful", file=sys.stderr)
        worker = threading.Thread(target=lambda: print("from a thread of my own"))
        worker.start()
        worker.join()
        elsewhere.append("done")
        return "ok"

    b = Browser(app)
    b.hello()
    sent = b.event("btn", {"n_clicks": 1})
    console = [m for m in sent if m["type"] == "console"]
    assert console == [{"type": "console", "callback": "talk",
                        "chunks": [["stdout", "clicked 1\n"], ["stderr", "careful\n"]]}]  # fmt: skip
    printed = capsys.readouterr()
    assert printed.out == "from a thread of my own\n" and printed.err == ""  # only the callback's thread


def test_callbacks_a_cell_sets_off_print_in_that_cell(capsys: pytest.CaptureFixture[str]) -> None:
    app = Dash(__name__)
    app.layout = html.Div([dcc.Input(id="name", value="a"), html.Div(id="out")])

    @app.callback(Output("out", "children"), Input("name", "value"))
    def talk(name: str) -> str:
        print("computing", name)
        return name

    b = Browser(app)  # displayed: the initial call ran in the displaying cell
    b.hello()
    app.set_props("name", {"value": "b"})  # from a cell
    with AppDriver(app) as d:
        d.set("name", "value", "c")
    assert b.comm.of_type("console") == []
    assert capsys.readouterr().out == "computing a\ncomputing b\ncomputing a\ncomputing c\n"


def test_headless_prints_stay_on_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    app = Dash(__name__)
    app.layout = html.Div([html.Button(id="btn"), html.Div(id="out")])

    @app.callback(Output("out", "children"), Input("btn", "n_clicks"))
    def talk(n: int | None) -> str:
        print("headless", n)
        return "ok"

    with AppDriver(app) as d:
        d.click("btn")
    assert capsys.readouterr().out == "headless None\nheadless 1\n"


def test_a_background_job_prints_to_the_console_while_it_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("nbdash._widget.CONSOLE_INTERVAL", 0)
    app = Dash(__name__)
    app.layout = html.Div([html.Button(id="btn"), html.Div(id="out")])
    go_on = threading.Event()

    @app.callback(Output("out", "children"), Input("btn", "n_clicks"), background=True, prevent_initial_call=True)
    def job(n: int) -> str:
        print("started")
        go_on.wait(5)
        print("finished")
        return "done"

    b = Browser(app)
    b.hello()
    b.event("btn", {"n_clicks": 1})
    deadline = time.monotonic() + 5
    while not b.comm.of_type("console") and time.monotonic() < deadline:
        time.sleep(0.005)
    assert b.comm.of_type("console")[0]["chunks"] == [["stdout", "started\n"]]  # before the job ends
    go_on.set()
    app._wait_background(5)
    texts = "".join(t for m in b.comm.of_type("console") for _, t in m["chunks"])
    assert texts == "started\nfinished\n"


def test_a_print_loop_is_sent_in_few_messages_and_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("nbdash._widget.MAX_CONSOLE_CHARS", 1000)
    app = Dash(__name__)
    app.layout = html.Div([html.Button(id="btn"), html.Div(id="out")])

    @app.callback(Output("out", "children"), Input("btn", "n_clicks"), prevent_initial_call=True)
    def chatty(n: int) -> str:
        for i in range(1000):
            print(f"line {i}")
        return "ok"

    b = Browser(app)
    b.hello()
    console = [m for m in b.event("btn", {"n_clicks": 1}) if m["type"] == "console"]
    assert len(console) == 1  # all within one CONSOLE_INTERVAL
    (stdout, text), (stderr, note) = console[0]["chunks"]
    assert text.startswith("line 0\n") and len(text) <= 1000 and stderr == "stderr"
    assert "characters of output dropped" in note


# -- errors -----------------------------------------------------------------------------------------------
def test_a_raising_callback_is_reported_and_the_app_keeps_working() -> None:
    b = Browser(counter_app())
    b.hello()
    b.event("btn", {"n_clicks": 1})
    sent = b.event("btn", {"n_clicks": 2}, seq=2)
    error = next(m for m in sent if m["type"] == "error")
    assert error["callback"] == "show"
    assert "ValueError: two is not allowed" in error["message"]
    assert "ValueError: two is not allowed" in error["traceback"] and "nbdash/" not in error["traceback"]
    assert b.app.get_props("out")["children"] == "x: 1"  # the failed call's output stays
    sent = b.event("btn", {"n_clicks": 3}, seq=3)
    assert patches(sent)[-1]["changes"]["out"] == {"children": "x: 3"}


def test_a_bug_while_handling_a_message_shows_in_the_error_panel(monkeypatch: pytest.MonkeyPatch) -> None:
    b = Browser(counter_app())
    b.hello()

    def broken(*args: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr("nbdash._widget.validate_events", broken)
    b.event("btn", {"n_clicks": 1})
    error = b.comm.sent[-1]
    assert error["type"] == "error" and error["callback"] == "nbdash"
    assert "RuntimeError('boom')" in error["message"] and "RuntimeError: boom" in error["traceback"]


# -- display ------------------------------------------------------------------------------------------
def test_one_widget_per_app_and_redisplay_gives_the_same_widget() -> None:
    app, other = counter_app(), counter_app()
    assert widget_for(app) is widget_for(app)
    assert widget_for(other) is not widget_for(app)
    data = bundle(app)
    again = bundle(app)
    view = data["application/vnd.jupyter.widget-view+json"]
    assert view["model_id"] == widget_for(app).model_id
    assert again == data


def test_text_repr_is_deterministic() -> None:
    first = bundle(counter_app())
    second = bundle(counter_app())
    assert first["text/plain"] == second["text/plain"] == "<nbdash.Dash 'test_widget': 1 callback(s)>"
    assert "0x" not in repr(widget_for(counter_app()))


def test_displaying_loads_the_app_once_with_mount_effects() -> None:
    app = Dash(__name__)
    app.layout = html.Div([dcc.Store(id="store", data={"a": 1}), dcc.Location(id="url"), html.Div(id="out")])
    seen: list[Any] = []

    @app.callback(Output("out", "children"), Input("store", "modified_timestamp"), Input("url", "pathname"))
    def show(ts: int, path: str) -> str:
        seen.append((ts, path))
        return "ok"

    b = Browser(app)
    tree = b.hello()["tree"]
    store, url, _ = tree["props"]["children"]
    assert store["props"]["modified_timestamp"] > 0
    assert url["props"]["pathname"] == "/"
    assert len(seen) == 1  # one initial call, with the mount changes merged in (as in Dash)
    widget_for(app)._repr_mimebundle_()
    assert len(seen) == 1


def test_rerunning_a_cell_with_a_new_app_closes_the_old_widget(monkeypatch: pytest.MonkeyPatch) -> None:
    where = {"cell": ("cell-1", "run-1")}
    monkeypatch.setattr("nbdash._widget._current_cell", lambda: where["cell"])
    old_app = counter_app()
    old = Browser(old_app)
    old_app._repr_mimebundle_()
    assert old.widget in old_app._transports

    where["cell"] = ("cell-1", "run-2")
    new_app = counter_app()
    new = Browser(new_app)
    new_app._repr_mimebundle_()
    assert old.comm.closed and old.widget not in old_app._transports
    assert old_app._session is None  # its session (and background jobs) closed too
    assert not new.comm.closed
    assert widget_for(old_app) is not old.widget  # displaying the old app again makes a new widget


def test_a_widget_still_shown_in_another_cell_stays_open(monkeypatch: pytest.MonkeyPatch) -> None:
    where = {"cell": ("cell-1", "run-1")}
    monkeypatch.setattr("nbdash._widget._current_cell", lambda: where["cell"])
    app = counter_app()
    b = Browser(app)
    app._repr_mimebundle_()
    where["cell"] = ("cell-2", "run-2")
    app._repr_mimebundle_()
    where["cell"] = ("cell-1", "run-3")
    counter_app()._repr_mimebundle_()
    assert not b.comm.closed


def test_closing_detaches_the_widget_from_the_app() -> None:
    app = counter_app()
    b = Browser(app)
    b.widget.close()
    assert b.comm.closed and b.widget not in app._transports
    app.set_props("name", {"value": "still works"})
    assert app.get_props("name")["value"] == "still works"


def test_a_reloaded_session_is_sent_as_a_full_tree() -> None:
    app = counter_app()
    b = Browser(app)
    b.hello()
    b.event("btn", {"n_clicks": 1})
    app._load(mount=True)  # re-loads the app behind the widget's back: a fresh session
    tree = b.comm.sent[-1]
    assert tree["type"] == "tree" and tree["view"] is None
    assert tree["tree"]["props"]["children"][2]["props"]["children"] == "x: None"
    b.app.set_props("name", {"value": "y"})
    assert b.comm.sent[-1]["type"] == "patch"


# -- assets -------------------------------------------------------------------------------------------------
def test_plotly_js_is_sent_as_one_binary_buffer_on_request() -> None:
    b = Browser(counter_app())
    b.post({"type": "need", "asset": "plotly"})
    assert b.comm.sent[-1] == {"type": "asset", "name": "plotly"}
    (buffer,) = b.comm.buffers[-1]
    assert len(buffer) > 1_000_000 and b"plotly.js" in bytes(buffer[:2000])


def test_unknown_assets_get_a_warning() -> None:
    b = Browser(counter_app())
    b.post({"type": "need", "asset": "d3"})
    assert b.comm.sent[-1]["type"] == "warning" and "'d3'" in b.comm.sent[-1]["message"]


def test_widget_class_is_an_anywidget_with_the_built_bundle() -> None:
    widget = widget_for(counter_app())
    assert isinstance(widget, AppWidget)
    esm, css = str(widget._esm), str(widget._css)
    assert "render" in esm and len(esm) > 1000 and ".nbdash-root" in css
