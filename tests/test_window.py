"""Zero stale results across the comm (issue 10 §1; nbdash/_window.py, js/src/window.js): a result the
kernel sent while the view's newer change to that callback's inputs was on its way is discarded by
the view, and the kernel reverts it, so what a view shows and the kernel's tree stay equal and no
later callback or State read sees the discarded value.

The page here is a Python mirror of js/src/window.js's rule (the JS half has its own unit tests in
js/test/window.test.js, and tests/browser/test_stale_window_in_lab.py runs the real one); kernel
messages reach it only when a test delivers them, so the crossing is forced, not timed."""

from __future__ import annotations

import json
import threading
import time
from typing import Any

import pytest
from widget_page import Browser, close_widgets

from nbdash import ALL, Dash, Input, Output, State, dcc, html, set_props
from nbdash._protocol import InvalidEvent, validate_ack
from nbdash.exceptions import PreventUpdate


@pytest.fixture(autouse=True)
def _close() -> Any:
    yield
    close_widgets()


class Page:
    """One view: numbers its events, delivers kernel messages when told, applies the discard rule."""

    def __init__(self, browser: Browser, view: str) -> None:
        self.b, self.view = browser, view
        self.seq, self.received = 0, 0
        self.changed: dict[tuple[str, str], int] = {}
        self.discarded: set[int] = set()
        self.count = 0  # records received
        self.inputs: list[Any] = []
        self.shown: dict[str, dict[str, Any]] = {}
        self.history: list[tuple[str, str, Any]] = []  # every value this view displayed
        self.read = 0  # kernel messages delivered so far
        browser.post({"type": "hello", "protocol": 4, "view": view})
        self.deliver()

    def send(self, id_: str, props: dict[str, Any]) -> None:
        self.seq += 1
        for prop in props:
            self.changed[(id_, prop)] = self.seq
        self.shown.setdefault(id_, {}).update(props)
        self.b.post({"type": "event", "view": self.view, "seq": self.seq, "ack": self.received, "id": id_, "props": props})

    def deliver(self, count: int | None = None) -> None:
        """Deliver the next ``count`` kernel messages (all by default)."""
        sent = self.b.comm.sent
        stop = len(sent) if count is None else self.read + count
        while self.read < stop:
            msg = sent[self.read]
            self.read += 1
            if msg["type"] == "tree":
                self.received = max(self.received, msg["n"])
                if msg["view"] in (None, self.view):
                    self.shown = _flatten(msg["tree"])
                    self.inputs = msg["inputs"]
            elif msg["type"] == "inputs":
                self.inputs = msg["inputs"]
            elif msg["type"] == "patch":
                self.received = max(self.received, msg["n"])
                self._patch(msg)

    def _patch(self, msg: dict[str, Any]) -> None:
        own = msg["origin"]["seq"] if msg["origin"] and msg["origin"]["view"] == self.view else None
        pairs = [(id_, prop) for id_, props in msg["changes"].items() for prop in props]
        dropped: set[int] = set()
        for up, based, inputs, written in msg.get("results", []):
            self.count += 1
            since = based.get(self.view, own or 0)
            wire = [self.inputs[x] if isinstance(x, int) else x for x in inputs]
            stale = any(seq > since and _fits(w, p, key) for w, p in wire for key, seq in self.changed.items())
            if (up is not None and self.count - up in self.discarded) or stale:
                self.discarded.add(self.count)
                dropped.update(written)
            else:
                dropped.difference_update(written)
        for k, (id_, prop) in enumerate(pairs):
            value = msg["changes"][id_][prop]
            if k in dropped:
                continue
            if own is not None and self.changed.get((id_, prop), 0) > own:
                continue  # the view's own newer change (echo suppression)
            self.shown.setdefault(id_, {})[prop] = value
            self.history.append((id_, prop, value))

    def value(self, id_: str, prop: str) -> Any:
        return self.shown.get(id_, {}).get(prop)


def _fits(wire: Any, prop: str, key: tuple[str, str]) -> bool:
    """Whether a changed (id string, prop) is this wire Input: the same pair, or a dict id fitting an
    ALL pattern (same keys, equal values where the pattern has no wildcard)."""
    id_str, changed = key
    if changed != prop:
        return False
    if isinstance(wire, str):
        return wire == id_str
    parsed = json.loads(id_str) if id_str.startswith("{") else None
    return isinstance(parsed, dict) and parsed.keys() == wire.keys() and all(
        isinstance(v, list) or parsed[k] == v for k, v in wire.items())


def _flatten(node: Any, out: dict[str, dict[str, Any]] | None = None) -> dict[str, dict[str, Any]]:
    out = {} if out is None else out
    if isinstance(node, list):
        for item in node:
            _flatten(item, out)
    elif isinstance(node, dict) and "props" in node:
        props = node["props"]
        if isinstance(props.get("id"), str):
            out[props["id"]] = {k: v for k, v in props.items() if not isinstance(v, (dict, list))}
        for value in props.values():
            _flatten(value, out)
    return out


def chain_app(log: list[Any]) -> Dash:
    app = Dash("window")
    app.layout = html.Div([dcc.Input(id="inp", value=""), html.Div(id="mid"), html.Div(id="out"),
                           html.Button(id="peek"), html.Div(id="seen")])

    @app.callback(Output("mid", "children"), Input("inp", "value"), prevent_initial_call=True)
    def upper(value):
        log.append(("upper", value))
        return value.upper()

    @app.callback(Output("out", "children"), Input("mid", "children"), prevent_initial_call=True)
    def down(mid):
        log.append(("down", mid))
        return f"got {mid}"

    @app.callback(Output("seen", "children"), Input("peek", "n_clicks"), State("mid", "children"),
                  prevent_initial_call=True)
    def peek(_, mid):
        return f"mid is {mid}"

    return app


def test_a_result_crossing_the_views_newer_change_is_discarded_by_the_view_and_reverted_in_the_kernel() -> None:
    log: list[Any] = []
    app = chain_app(log)
    b = Browser(app)
    page = Page(b, "v1")
    page.send("inp", {"value": "a"})  # the kernel answers: mid "A", out "got A" (one patch)
    page.send("inp", {"value": "ab"})  # typed before that patch arrived
    page.deliver()
    assert ("mid", "children", "A") not in page.history and ("out", "children", "got A") not in page.history
    assert page.value("mid", "children") == "AB" and page.value("out", "children") == "got AB"
    assert app.get_props("mid")["children"] == "AB" and app.get_props("out")["children"] == "got AB"
    patches = b.comm.of_type("patch")
    assert len(patches) == 2 and patches[0]["changes"]["mid"] == {"children": "A"}  # it did cross
    first, second = patches[0]["results"]
    assert first[0] is None and second[0] == 1  # down's parent is the record before it


def test_state_read_after_a_revert_sees_the_value_the_view_shows() -> None:
    log: list[Any] = []
    app = chain_app(log)
    b = Browser(app)
    page = Page(b, "v1")
    page.send("inp", {"value": "a"})
    page.deliver()
    page.send("inp", {"value": "ab"})  # the kernel applies "AB" ...
    page.send("peek", {"n_clicks": 1})  # ... the view clicks before receiving it: not an input of upper
    page.deliver()
    assert page.value("seen", "children") == "mid is AB"  # "AB" was not discarded: peek does not feed upper
    page.send("inp", {"value": "abc"})  # the kernel applies "ABC"
    page.send("inp", {"value": "abcd"})  # crossing: "ABC" is reverted before "abcd" applies
    page.send("peek", {"n_clicks": 2})  # reads mid: "ABCD" (never the reverted "ABC")
    page.deliver()
    assert "ABC" not in [v for i, p, v in page.history if i == "mid"]
    assert page.value("seen", "children") == "mid is ABCD"
    assert page.value("mid", "children") == app.get_props("mid")["children"] == "ABCD"


def test_another_view_keeps_the_result_and_follows_the_kernels_revert() -> None:
    log: list[Any] = []
    app = chain_app(log)
    b = Browser(app)
    v1 = Page(b, "v1")
    v2 = Page(b, "v2")
    v1.send("inp", {"value": "a"})
    v1.send("inp", {"value": "ab"})
    v1.deliver()
    v2.deliver()
    assert ("mid", "children", "A") not in v1.history
    assert ("mid", "children", "A") in v2.history  # v2 asked nothing newer: it shows the result, then follows
    for page in (v1, v2):
        assert page.value("mid", "children") == app.get_props("mid")["children"] == "AB"
        assert page.value("out", "children") == app.get_props("out")["children"] == "got AB"


def test_an_event_from_another_view_discards_nothing_in_this_one() -> None:
    log: list[Any] = []
    app = chain_app(log)
    b = Browser(app)
    v1, v2 = Page(b, "v1"), Page(b, "v2")
    v1.send("inp", {"value": "a"})
    v2.send("inp", {"value": "b"})  # v2 had not received "A" either: v2 discards it, v1 does not
    v1.deliver()
    v2.deliver()
    assert ("mid", "children", "A") in v1.history and ("mid", "children", "A") not in v2.history
    for page in (v1, v2):
        assert page.value("mid", "children") == app.get_props("mid")["children"] == "B"


def test_a_result_the_view_received_before_its_next_change_is_kept() -> None:
    log: list[Any] = []
    app = chain_app(log)
    b = Browser(app)
    page = Page(b, "v1")
    page.send("inp", {"value": "a"})
    page.deliver()
    page.send("inp", {"value": "ab"})
    page.deliver()
    assert [v for i, p, v in page.history if i == "mid"] == ["A", "AB"]
    assert [e for e in log if e[0] == "down"] == [("down", "A"), ("down", "AB")]


def test_a_call_in_flight_when_an_equal_valued_event_arrives_is_asked_again() -> None:
    """v2 changes inp to the value v1 already sent (the kernel has it: nothing is requested), while
    upper runs for v1: v2 will discard that result (it changed upper's input since), so the kernel
    drops it and asks again, as v2's page did."""
    gate, started, log = threading.Event(), threading.Event(), []
    app = Dash("equal")
    app.layout = html.Div([dcc.Input(id="inp", value=""), html.Div(id="mid")])

    @app.callback(Output("mid", "children"), Input("inp", "value"), prevent_initial_call=True)
    def upper(value):
        log.append(value)
        if len(log) == 1:
            started.set()
            gate.wait(5)
        return f"{value.upper()}{len(log)}"

    b = Browser(app)
    v1, v2 = Page(b, "v1"), Page(b, "v2")
    b.widget._handle_msg({"content": {"data": {"method": "custom", "content": {
        "type": "event", "view": "v1", "seq": 1, "ack": v1.received, "id": "inp", "props": {"value": "a"}}}}, "buffers": []})
    v1.seq, v1.changed[("inp", "value")] = 1, 1
    assert started.wait(5)
    v2.send("inp", {"value": "a"})  # handled while upper("a") runs for v1; equal: requests nothing
    gate.set()
    deadline = time.monotonic() + 5
    while app.get_props("mid").get("children") != "A2" and time.monotonic() < deadline:
        time.sleep(0.005)
    v1.deliver()
    v2.deliver()
    assert log == ["a", "a"]
    assert ("mid", "children", "A1") not in v1.history + v2.history
    for page in (v1, v2):
        assert page.value("mid", "children") == app.get_props("mid")["children"] == "A2"


def test_pattern_inputs_and_the_ack_field_are_validated() -> None:
    app = Dash("all")
    app.layout = html.Div([dcc.Input(id={"i": i, "t": "row"}, value=str(i)) for i in range(3)] + [html.Div(id="total")])

    @app.callback(Output("total", "children"), Input({"i": ALL, "t": "row"}, "value"), prevent_initial_call=True)
    def total(values):
        return ",".join(values)

    b = Browser(app)
    page = Page(b, "v1")
    row = '{"i":1,"t":"row"}'
    page.send(row, {"value": "x"})
    page.send(row, {"value": "xy"})
    page.deliver()
    assert ("total", "children", "0,x,2") not in page.history
    assert page.value("total", "children") == app.get_props("total")["children"] == "0,xy,2"
    result = b.comm.of_type("patch")[0]["results"][0]
    assert [page.inputs[i] for i in result[2]] == [[{"i": ["ALL"], "t": "row"}, "value"]]
    for bad in (-1, True, "3", 1.5, page.received + 1):
        with pytest.raises(InvalidEvent, match="ack"):
            validate_ack({"ack": bad}, page.received)
    assert validate_ack({}, 3) is None
    before = len(b.comm.sent)
    b.post({"type": "event", "view": "v1", "seq": 9, "ack": 10_000, "id": row, "props": {"value": "z"}})
    assert b.comm.sent[before:][0]["type"] == "warning" and "`ack`" in b.comm.sent[before]["message"]
    assert app.get_props(row)["value"] == "xy"  # refused whole


def test_a_reverted_call_the_event_does_not_request_itself_is_asked_again() -> None:
    """The ALL pattern matches any row; the view changes a row the ALL callback's pattern covers but
    whose value the kernel already has (another view set it): nothing requests the aggregator, yet the
    view discards its result, so the kernel reverts it and asks again — no update is lost."""
    app = Dash("again")
    app.layout = html.Div([dcc.Input(id={"i": i, "t": "row"}, value=str(i)) for i in range(2)] + [html.Div(id="total")])
    runs: list[list[str]] = []

    @app.callback(Output("total", "children"), Input({"i": ALL, "t": "row"}, "value"), prevent_initial_call=True)
    def total(values):
        runs.append(list(values))
        return ",".join(values) + f" #{len(runs)}"

    b = Browser(app)
    v1, v2 = Page(b, "v1"), Page(b, "v2")
    row0, row1 = '{"i":0,"t":"row"}', '{"i":1,"t":"row"}'
    v2.send(row1, {"value": "z"})  # the kernel has row1 = "z" and total "0,z #1"
    v1.send(row0, {"value": "a"})  # total "a,z #2", sent; v1 has not received it ...
    v1.send(row1, {"value": "z"})  # ... and sets row1 to "z" (equal to the kernel's: requests nothing)
    v1.deliver()
    v2.deliver()
    assert ("total", "children", "a,z #2") not in v1.history
    assert runs[-1] == ["a", "z"] and len(runs) == 3  # asked again after the revert
    for page in (v1, v2):
        assert page.value("total", "children") == app.get_props("total")["children"] == "a,z #3"


def test_patch_numbers_never_go_back_when_the_app_is_loaded_again() -> None:
    """A re-loaded app gets a new session and window; its views keep the numbers they have seen, so
    their `ack` stays valid and the discard rule keeps working."""
    log: list[Any] = []
    app = chain_app(log)
    b = Browser(app)
    page = Page(b, "v1")
    page.send("inp", {"value": "a"})
    page.deliver()
    before = page.received
    with app._lock:
        app._load()  # behind the widget's back: the next flush sends a full tree
    page.send("inp", {"value": "ab"})  # its ack is from the old session's numbering: still accepted
    page.deliver()
    assert not b.comm.of_type("warning")
    assert page.received > before
    page.send("inp", {"value": "abc"})
    page.send("inp", {"value": "abcd"})
    page.deliver()
    assert "ABC" not in [v for i, p, v in page.history if i == "mid"]
    assert page.value("mid", "children") == app.get_props("mid")["children"] == "ABCD"


def test_an_event_the_kernel_refuses_still_undoes_what_its_view_discards() -> None:
    """The view typed into an input that another view's click had just removed: the kernel refuses
    the event, but the view counted it as a change of that input, so it discards the result computed
    from the input's previous value; the kernel undoes that result too."""
    app = Dash("refused")
    app.layout = html.Div([html.Div(dcc.Input(id="inp", value=""), id="box"), html.Button(id="drop"), html.Div(id="mid")])

    @app.callback(Output("mid", "children"), Input("inp", "value"), prevent_initial_call=True)
    def upper(value):  # noqa: ANN001, ANN202
        return value.upper()

    @app.callback(Output("box", "children"), Input("drop", "n_clicks"), prevent_initial_call=True)
    def drop(_):  # noqa: ANN001, ANN202
        return "gone"

    b = Browser(app)
    v1, v2 = Page(b, "v1"), Page(b, "v2")
    v1.send("inp", {"value": "a"})  # "A" is sent; v1 has not received it
    v2.send("drop", {"n_clicks": 1})  # the input leaves the layout
    v1.send("inp", {"value": "ab"})  # refused: not in the layout any more
    assert any("not in the current layout" in m["message"] for m in b.comm.of_type("warning"))
    v1.deliver()
    v2.deliver()
    assert ("mid", "children", "A") not in v1.history and ("mid", "children", "A") in v2.history
    for page in (v1, v2):
        assert page.value("mid", "children") == app.get_props("mid").get("children")


def test_a_view_that_left_no_longer_travels_in_patches() -> None:
    log: list[Any] = []
    app = chain_app(log)
    b = Browser(app)
    v1, v2 = Page(b, "v1"), Page(b, "v2")
    v2.send("peek", {"n_clicks": 1})
    v1.send("inp", {"value": "a"})
    assert "v2" in b.comm.of_type("patch")[-1]["results"][0][1]  # v2's last event is part of `based`
    b.post({"type": "bye", "view": "v2"})
    v1.send("inp", {"value": "ab"})
    assert all("v2" not in r[1] for r in b.comm.of_type("patch")[-1]["results"])
    v1.deliver()
    assert v1.value("mid", "children") == app.get_props("mid")["children"] == "AB"


# -- background callbacks (background=True): their results, progress and set_props go through the window --


def idle(app: Dash, timeout: float = 5.0) -> None:
    """Wait until no job or body runs and every change (throttled progress too) has been sent."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with app._lock:
            session = app._session
            if not app._busy() and app._flush_timer is None and (session is None or not session.scheduler.changes):
                return
        time.sleep(0.002)
    raise AssertionError("the app did not become idle")


def sent(app: Dash, id_: str, prop: str, value: Any, timeout: float = 5.0) -> None:
    """Wait until the kernel has that value and has sent it (a running job's updates are throttled)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with app._lock:
            session = app._session
            if (app.get_props(id_).get(prop) == value and app._flush_timer is None
                    and (session is None or not session.scheduler.changes)):
                return
        time.sleep(0.002)
    raise AssertionError(f"{id_}.{prop} never became {value!r}")


class Gates:
    """One gate per input value a job waits on (a test opens it); all opened at the end."""

    def __init__(self) -> None:
        self.gates: dict[str, threading.Event] = {}
        self.started: list[str] = []

    def wait(self, value: str) -> None:
        self.started.append(value)
        self.gates.setdefault(value, threading.Event()).wait(5)

    def open(self, *values: str) -> None:
        for value in values:
            self.gates.setdefault(value, threading.Event()).set()

    def open_all(self) -> None:
        for gate in self.gates.values():
            gate.set()


@pytest.fixture
def gates() -> Any:
    g = Gates()
    yield g
    g.open_all()


def job_app(gates: Gates, log: list[Any]) -> Dash:
    """inp → slow (background, running, progress) → mid → down (normal) → out."""
    app = Dash("jobs")
    app.layout = html.Div([dcc.Input(id="inp", value=""), html.Div(id="mid"), html.Div(id="out"),
                           html.Button(id="go", disabled=False), html.Div(id="bar", children="idle"),
                           html.Div(id="side")])

    @app.callback(Output("mid", "children"), Input("inp", "value"), background=True,
                  running=[(Output("go", "disabled"), True, False)], progress=Output("bar", "children"),
                  progress_default="idle", prevent_initial_call=True)
    def slow(set_progress, value):
        log.append(("slow", value))
        set_progress(f"{value}: started")
        set_props("side", {"children": f"side {value}"})
        gates.wait(value)
        return value.upper()

    @app.callback(Output("out", "children"), Input("mid", "children"), prevent_initial_call=True)
    def down(mid):
        log.append(("down", mid))
        return f"got {mid}"

    return app


def shown(page: Page, id_: str) -> list[Any]:
    return [v for i, p, v in page.history if i == id_]


def test_a_job_result_crossing_the_views_newer_change_is_discarded_and_reverted(gates: Gates) -> None:
    """The job for "a" ends and its result (with `running` off and the progress default) is sent while
    the view's "ab" is on its way: the view drops it all, as Dash's renderer drops an outdated job's
    answer, and keeps `running` on until the new job ends; the kernel undoes it, downstream included."""
    log: list[Any] = []
    app = job_app(gates, log)
    b = Browser(app)
    page = Page(b, "v1")
    page.send("inp", {"value": "a"})
    sent(app, "side", "children", "side a")
    page.deliver()  # running on, "a: started"
    gates.open("a")
    idle(app)  # "A", running off, "idle", "got A": sent, not received
    assert app.get_props("out")["children"] == "got A"
    gates.open("ab")
    page.send("inp", {"value": "ab"})
    idle(app)
    page.deliver()
    assert "A" not in shown(page, "mid") and "got A" not in shown(page, "out")
    go = shown(page, "go")
    assert go[-1] is False and False not in go[:-1]  # never off between the two jobs
    bar = shown(page, "bar")
    assert bar[0] == "a: started" and bar[-1] == "idle" and "idle" not in bar[:-1]  # no progress default between
    for id_, prop in (("mid", "children"), ("out", "children"), ("go", "disabled"), ("bar", "children"), ("side", "children")):
        assert page.value(id_, prop) == app.get_props(id_)[prop]
    assert app.get_props("out")["children"] == "got AB" and app.get_props("go")["disabled"] is False
    assert [e for e in log if e[0] == "down"] == [("down", "A"), ("down", "AB")]


def test_a_jobs_progress_and_set_props_crossing_a_newer_change_are_discarded(gates: Gates) -> None:
    """Progress and set_props of the job for "a" were sent while the view's "ab" was on its way: the
    view never shows them (Dash drops an outdated job's polls); the job is replaced."""
    log: list[Any] = []
    app = job_app(gates, log)
    b = Browser(app)
    page = Page(b, "v1")
    page.send("inp", {"value": "a"})  # "a: started", "side a" applied and sent; not received
    sent(app, "side", "children", "side a")
    gates.open("ab")
    page.send("inp", {"value": "ab"})
    idle(app)
    page.deliver()
    assert "a: started" not in shown(page, "bar") and "side a" not in shown(page, "side")
    assert page.value("mid", "children") == app.get_props("mid")["children"] == "AB"
    assert page.value("side", "children") == app.get_props("side")["children"] == "side ab"
    assert page.value("bar", "children") == app.get_props("bar")["children"] == "idle"
    go = shown(page, "go")
    assert go[-1] is False and False not in go[:-1]
    gates.open("a")  # the replaced job ends: nothing of it is applied
    time.sleep(0.05)
    idle(app)
    assert app.get_props("mid")["children"] == "AB" and ("down", "A") not in log


def test_a_job_started_by_a_discarded_result_is_cancelled() -> None:
    """upper (normal) → mid → a background job: the view discards upper's "A", so the job it set off
    never ran in the view's terms; the kernel cancels it (its result never lands) and runs the one for
    "AB"."""
    gates = {"A": threading.Event(), "AB": threading.Event()}
    ran: list[str] = []
    app = Dash("chainjob")
    app.layout = html.Div([dcc.Input(id="inp", value=""), html.Div(id="mid"), html.Div(id="out"),
                           html.Button(id="go", disabled=False)])

    @app.callback(Output("mid", "children"), Input("inp", "value"), prevent_initial_call=True)
    def upper(value):
        return value.upper()

    @app.callback(Output("out", "children"), Input("mid", "children"), background=True,
                  running=[(Output("go", "disabled"), True, False)], prevent_initial_call=True)
    def job(mid):
        ran.append(mid)
        gates[mid].wait(5)
        return f"got {mid}"

    try:
        b = Browser(app)
        page = Page(b, "v1")
        page.send("inp", {"value": "a"})  # "A"; the job for "A" starts (running on)
        page.send("inp", {"value": "ab"})  # crossing: "A" reverted, its job cancelled
        gates["AB"].set()
        idle(app)
        page.deliver()
        assert sorted(ran) == ["A", "AB"]
        assert "A" not in shown(page, "mid") and "got A" not in shown(page, "out")
        gates["A"].set()
        time.sleep(0.05)
        idle(app)
        page.deliver()
        for id_, prop in (("mid", "children"), ("out", "children"), ("go", "disabled")):
            assert page.value(id_, prop) == app.get_props(id_)[prop]
        assert app.get_props("out")["children"] == "got AB" and app.get_props("go")["disabled"] is False
    finally:
        for gate in gates.values():
            gate.set()


def test_another_view_keeps_the_job_result_and_follows_the_revert(gates: Gates) -> None:
    log: list[Any] = []
    app = job_app(gates, log)
    b = Browser(app)
    v1, v2 = Page(b, "v1"), Page(b, "v2")
    v1.send("inp", {"value": "a"})
    gates.open("a", "ab")
    idle(app)
    v1.send("inp", {"value": "ab"})
    idle(app)
    v1.deliver()
    v2.deliver()
    assert "A" not in shown(v1, "mid") and "A" in shown(v2, "mid") and "got A" in shown(v2, "out")
    for page in (v1, v2):
        for id_, prop in (("mid", "children"), ("out", "children"), ("go", "disabled"), ("bar", "children")):
            assert page.value(id_, prop) == app.get_props(id_)[prop]
    assert app.get_props("out")["children"] == "got AB"


def test_an_equal_valued_event_of_another_view_replaces_the_running_job(gates: Gates) -> None:
    """v2 sets inp to the value the kernel has while the job for it runs (v1 sent it): nothing is
    requested, but v2's page made a newer request, so the job is replaced, as Dash's renderer marks the
    old job outdated; neither view sees the old job's result."""
    log: list[Any] = []
    app = job_app(gates, log)
    b = Browser(app)
    v1, v2 = Page(b, "v1"), Page(b, "v2")
    v1.send("inp", {"value": "a"})
    v2.send("inp", {"value": "a"})
    deadline = time.monotonic() + 5
    while len(gates.started) < 2 and time.monotonic() < deadline:
        time.sleep(0.002)
    assert log == [("slow", "a"), ("slow", "a")]  # the first job was replaced, not waited for
    gates.open("a")
    time.sleep(0.05)
    idle(app)
    v1.deliver()
    v2.deliver()
    assert log.count(("down", "A")) == 1
    for page in (v1, v2):
        assert page.value("mid", "children") == app.get_props("mid")["children"] == "A"
        assert page.value("go", "disabled") is app.get_props("go")["disabled"] is False


def test_a_job_the_view_did_not_cross_shows_normally(gates: Gates) -> None:
    log: list[Any] = []
    app = job_app(gates, log)
    b = Browser(app)
    page = Page(b, "v1")
    page.send("inp", {"value": "a"})
    sent(app, "side", "children", "side a")
    gates.open("a")
    idle(app)
    page.deliver()
    page.send("inp", {"value": "ab"})
    sent(app, "side", "children", "side ab")
    gates.open("ab")
    idle(app)
    page.deliver()
    assert shown(page, "mid") == ["A", "AB"] and shown(page, "out") == ["got A", "got AB"]
    assert shown(page, "go") == [True, False, True, False]
    assert shown(page, "bar") == ["a: started", "idle", "ab: started", "idle"]
    results = [r for m in b.comm.of_type("patch") for r in m.get("results", [])]
    assert len(results) >= 6 and not page.discarded  # per job: its update(s), its result; down's result


def test_without_a_widget_jobs_are_not_recorded(gates: Gates) -> None:
    from nbdash.testing import AppDriver

    log: list[Any] = []
    app = job_app(gates, log)
    gates.open("a")
    with AppDriver(app) as d:
        d.set("inp", "value", "a")
        assert d.get("out", "children") == "got A"
        session = d.app._session
        assert session is not None and session.scheduler.window is None


def test_a_discarded_job_result_that_does_not_run_again_turns_running_off() -> None:
    """upper (normal) → mid → a background job with `running`. The job for "A" ends and "got A" (with
    running off) is sent; the view's newer change arrives, upper prevents the update for it, so the
    job is not asked again: the view dropped its running off with its result, the kernel's revert put
    running back on, and the kernel sets it off again — what the view shows and the kernel agree."""
    app = Dash("settle")
    app.layout = html.Div([dcc.Input(id="inp", value=""), html.Div(id="mid"), html.Div(id="out", children="-"),
                           html.Button(id="go", disabled=False)])

    @app.callback(Output("mid", "children"), Input("inp", "value"), prevent_initial_call=True)
    def upper(value):
        if value == "skip":
            raise PreventUpdate
        return value.upper()

    @app.callback(Output("out", "children"), Input("mid", "children"), background=True,
                  running=[(Output("go", "disabled"), True, False)], prevent_initial_call=True)
    def job(mid):
        return f"got {mid}"

    b = Browser(app)
    page = Page(b, "v1")
    page.send("inp", {"value": "a"})
    idle(app)  # "A", running on, "got A", running off: sent, not received
    assert app.get_props("out")["children"] == "got A"
    page.send("inp", {"value": "skip"})
    idle(app)
    page.deliver()
    assert "A" not in shown(page, "mid") and "got A" not in shown(page, "out")
    for id_, prop in (("mid", "children"), ("out", "children"), ("go", "disabled")):
        assert page.value(id_, prop) == app.get_props(id_).get(prop)
    assert app.get_props("out")["children"] == "-" and app.get_props("go")["disabled"] is False


def test_a_job_result_undone_by_a_refused_event_turns_running_off() -> None:
    """v1 typed into an input that v2's click had just removed: the kernel refuses the event but undoes
    the job result v1 will discard (its running off included); the call cannot run again (its Input is
    gone), so running is turned off after the turn and every view ends with the kernel's values."""
    app = Dash("refusedjob")
    app.layout = html.Div([html.Div(dcc.Input(id="inp", value=""), id="box"), html.Button(id="drop"),
                           html.Div(id="mid"), html.Button(id="go", disabled=False)])

    @app.callback(Output("mid", "children"), Input("inp", "value"), background=True,
                  running=[(Output("go", "disabled"), True, False)], prevent_initial_call=True)
    def upper(value):
        return value.upper()

    @app.callback(Output("box", "children"), Input("drop", "n_clicks"), prevent_initial_call=True)
    def drop(_):
        return "gone"

    b = Browser(app)
    v1, v2 = Page(b, "v1"), Page(b, "v2")
    v1.send("inp", {"value": "a"})
    idle(app)  # "A" and running off sent; v1 has not received them
    v2.send("drop", {"n_clicks": 1})
    idle(app)
    v1.send("inp", {"value": "ab"})  # refused: not in the layout any more
    idle(app)
    assert any("not in the current layout" in m["message"] for m in b.comm.of_type("warning"))
    v1.deliver()
    v2.deliver()
    assert "A" not in shown(v1, "mid") and "A" in shown(v2, "mid")
    for page in (v1, v2):
        assert page.value("mid", "children") == app.get_props("mid").get("children")
        assert page.value("go", "disabled") is app.get_props("go")["disabled"] is False
