"""One click on nested elements is ONE event: the page's multi-component ``event`` message.

In Dash 4.4.1 a click on a button inside divs with ids makes one callback call with every clicked
element in ``ctx.triggered`` (measured in Chromium). The page sends such a click as
``{"type": "event", "changes": [[id, props], ...]}`` (js/src/html.js ``countClick``); the kernel
validates it whole (nbdash._protocol.validate_events) and applies it as one turn
(``Scheduler.user_changes``). The browser half: tests/browser/test_click_bubbling.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from nbdash import Dash, Input, Output, ctx, dcc, html
from nbdash._protocol import MAX_EVENT_CHANGES
from widget_page import Browser, close_widgets


@pytest.fixture(autouse=True)
def _no_leftover_widgets() -> Iterator[None]:
    yield
    close_widgets()


def nested_app(calls: list[list[str]]) -> Dash:
    app = Dash(__name__)
    app.layout = html.Div(id="outer", children=[
        html.Div(id="inner", children=[html.Button("Go", id="btn")]),
        dcc.Input(id="name", value="x"),
        html.Div(id="out"),
    ])

    @app.callback(
        Output("out", "children"),
        Input("btn", "n_clicks"), Input("inner", "n_clicks"), Input("outer", "n_clicks"),
        prevent_initial_call=True,
    )
    def show(b: int | None, i: int | None, o: int | None) -> str:
        calls.append([t["prop_id"] for t in ctx.triggered])
        return f"{b}/{i}/{o}"

    return app


def click(seq: int, n: int, ids: tuple[str, ...] = ("btn", "inner", "outer")) -> dict[str, Any]:
    stamp = 1_700_000_000_000 + seq
    return {"type": "event", "view": "v1", "seq": seq,
            "changes": [[i, {"n_clicks": n, "n_clicks_timestamp": stamp}] for i in ids]}


def test_a_click_counted_by_ancestors_runs_their_callback_once_with_all_triggered() -> None:
    calls: list[list[str]] = []
    b = Browser(nested_app(calls))
    b.hello()
    before = len(b.comm.sent)
    b.post(click(1, 1))
    sent = b.comm.sent[before:]
    assert calls == [["btn.n_clicks", "inner.n_clicks", "outer.n_clicks"]]
    patches = [m for m in sent if m["type"] == "patch"]
    assert len(patches) == 1
    assert patches[0]["changes"]["out"] == {"children": "1/1/1"}
    assert patches[0]["origin"] == {"view": "v1", "seq": 1}  # the page's echo suppression names this event
    props = {i: b.app.get_props(i) for i in ("btn", "inner", "outer")}
    assert all(p["n_clicks"] == 1 and p["n_clicks_timestamp"] == 1_700_000_000_001 for p in props.values())
    # the next click, on the inner div only (outside the button): one call, two triggered
    b.post(click(2, 2, ("inner", "outer")))
    assert calls[-1] == ["inner.n_clicks", "outer.n_clicks"] and len(calls) == 2
    assert b.app.get_props("out")["children"] == "1/2/2"


def test_the_single_component_form_still_works() -> None:
    calls: list[list[str]] = []
    b = Browser(nested_app(calls))
    b.hello()
    b.event("btn", {"n_clicks": 1})
    assert calls == [["btn.n_clicks"]]


@pytest.mark.parametrize(("changes", "says"), [
    ([["btn", {"n_clicks": 1}], ["ghost", {"n_clicks": 1}]], "'ghost'"),
    ([["btn", {"n_clicks": 1}], ["name", {"n_clicks": -1}]], "name"),
    ([["btn", {"n_clicks": 1}], ["inner", {"n_clicks": -3}]], "inner"),
    ([["btn", {"n_clicks": 1}], ["btn", {"n_clicks": 2}]], "twice"),
    ([["btn", {"n_clicks": 1}], ["inner"]], "[id, props] pair"),
    ([["btn", {"n_clicks": 1}], "inner"], "[id, props] pair"),
    ([], "non-empty list"),
    ({"btn": {"n_clicks": 1}}, "non-empty list"),
    ([["btn", {"n_clicks": 1}]] * (MAX_EVENT_CHANGES + 1), "limit"),
])
def test_an_invalid_entry_refuses_the_whole_event(changes: Any, says: str) -> None:
    calls: list[list[str]] = []
    b = Browser(nested_app(calls))
    b.hello()
    b.post({"type": "event", "view": "v1", "seq": 1, "changes": changes})
    warning = b.comm.sent[-1]
    assert warning["type"] == "warning" and says in warning["message"], warning
    assert calls == []
    assert b.app.get_props("btn").get("n_clicks") is None  # nothing of it was applied
    assert b.app.get_props("inner").get("n_clicks") is None


def test_both_forms_in_one_message_are_refused() -> None:
    calls: list[list[str]] = []
    b = Browser(nested_app(calls))
    b.hello()
    message = click(1, 1)
    message.update(id="btn", props={"n_clicks": 1})
    b.post(message)
    assert b.comm.sent[-1]["type"] == "warning" and "one form" in b.comm.sent[-1]["message"]
    assert calls == [] and b.app.get_props("outer").get("n_clicks") is None


def test_unchanged_entries_do_not_trigger() -> None:
    """Values equal to the stored ones are filtered per prop, as for single events: only the
    components whose props changed are triggered."""
    calls: list[list[str]] = []
    b = Browser(nested_app(calls))
    b.hello()
    b.post(click(1, 1))
    b.post({"type": "event", "view": "v1", "seq": 2, "changes": [
        ["btn", {"n_clicks": 1}], ["inner", {"n_clicks": 2}]]})
    assert calls[-1] == ["inner.n_clicks"] and len(calls) == 2


def test_fuzzed_multi_component_events_apply_whole_or_not_at_all() -> None:
    """Multi-component events built from the protocol fuzzer's event shapes (tests/test_fuzz_protocol):
    each is refused with one warning and every targeted component left exactly as before, or
    applied; nothing escapes, and the app still answers a click afterwards."""
    import json
    import random

    from test_fuzz_protocol import Seeded, _state, _targets, fuzz_app

    app = fuzz_app()
    b = Browser(app)
    b.hello()
    targets = _targets(app)
    counts = {"refused": 0, "applied": 0}
    props_set: list[Any] = []
    app.session.scheduler.on_prop.append(lambda *change: props_set.append(change))
    r = random.Random(10)
    for _ in range(1_500):
        seeded = Seeded(r.getrandbits(32), targets)
        changes: list[Any] = []
        for _ in range(r.randint(1, 4)):
            single = seeded.message()
            if isinstance(single, dict) and "props" in single:
                changes.append([single.get("id"), single["props"]] if r.random() > 0.03 else [single.get("id")])
        message = {"type": "event", "view": "v1", "seq": r.randint(0, 10**6), "changes": changes}
        ids = [c[0] for c in changes if isinstance(c, list) and c and isinstance(c[0], str)]
        before_state, props_set[:] = [_state(app, i) for i in ids], []
        before = len(b.comm.sent)
        b.post(message)
        replies = b.comm.sent[before:]
        assert all("bug in nbdash" not in json.dumps(m, default=str) for m in replies)
        if any(m["type"] == "warning" and "event ignored" in m["message"] for m in replies):
            counts["refused"] += 1
            assert len(replies) == 1 and props_set == [] and [_state(app, i) for i in ids] == before_state
        elif any(m["type"] == "patch" for m in replies):
            counts["applied"] += 1
        del b.comm.sent[:]
    assert counts["refused"] > 300 and counts["applied"] > 30, counts
    clicks = app.get_props("btn").get("n_clicks") or 0
    sent = b.event("btn", {"n_clicks": clicks + 1, "n_clicks_timestamp": 1})
    assert [m for m in sent if m["type"] == "patch"][-1]["changes"]["chain1"]["children"].startswith(f"{clicks + 1}:")
