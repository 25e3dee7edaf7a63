"""Protocol fuzzing: whatever a page posts on the comm, the kernel answers sanely (issue 11 §6).

Hypothesis generates messages for the app's real widget (over ``widget_page``'s fake comm, entering
through ipywidgets' own handler): arbitrary JSON values, messages of every known ``type`` with
random fields, and events aimed at the app's real components — real ids (string and pattern ids)
with their writable props and some that are not, values of every JSON shape, NaN/Infinity, huge
and negative numbers, deep nesting (up to 3,000 levels) and component-shaped dicts with good and bad
props, of loaded libraries and of modules the kernel must never import because a page named them. At least :data:`MESSAGES` messages per run (a few seconds).

For every message: nothing escapes the handler, no reply says "This is a bug in nbdash", and when
an event is refused the app's tree is exactly as before (nothing half-applied). Afterwards the app
still works: a click runs its chain of callbacks and the ALL aggregator.
"""

from __future__ import annotations

import json
import math
import random
import sys
from collections.abc import Iterator
from typing import Any

import pytest
import reprlib

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from nbdash import ALL, Dash, Input, Output, State, dcc, html
from nbdash._protocol import PROTOCOL_VERSION, writable_props
from widget_page import Browser, close_widgets

#: Messages per run (asserted): examples × (drawn + seeded messages per example).
MESSAGES = 5_000
_EXAMPLES = 50
_DRAWN = 1  # messages Hypothesis draws itself per example (rich, but ~10 ms each to generate)
_SEEDED = 100  # messages per example from a generator seeded by Hypothesis (cheap, same shapes)


@pytest.fixture(autouse=True)
def _no_leftover_widgets() -> Iterator[None]:
    yield
    close_widgets()


def fuzz_app() -> Dash:
    app = Dash(__name__)
    app.layout = html.Div([
        html.Button("go", id="btn"),
        dcc.Input(id="inp", value="a"),
        dcc.Textarea(id="ta"),
        dcc.Dropdown(["a", "b"], "a", id="dd"),
        dcc.Checklist(["x", "y"], [], id="cl"),
        dcc.RadioItems(["x", "y"], "x", id="ri"),
        dcc.Slider(0, 10, 1, value=1, id="sl"),
        dcc.RangeSlider(0, 10, 1, value=[1, 2], id="rs"),
        dcc.Store(id="store"),
        dcc.Graph(id="graph"),
        dcc.Upload(id="up"),
        dcc.Interval(id="iv", disabled=True),
        dcc.Tabs([dcc.Tab(label="one", value="t1")], id="tabs", value="t1"),
        dcc.DatePickerSingle(id="date"),
        dcc.DatePickerRange(id="range"),
        dcc.Location(id="loc"),
        html.Div([html.Button(str(i), id={"type": "item", "index": i}) for i in range(3)]),
        html.Div(id="chain1"), html.Div(id="chain2"), html.Div(id="total"), html.Div(id="echo"),
    ])

    @app.callback(Output("chain1", "children"), Input("btn", "n_clicks"), State("inp", "value"))
    def first(n: Any, value: Any) -> str:
        return f"{n}:{value}"

    @app.callback(Output("chain2", "children"), Input("chain1", "children"))
    def second(text: Any) -> str:
        return f"<{text}>"

    @app.callback(Output("total", "children"), Input({"type": "item", "index": ALL}, "n_clicks"))
    def total(clicks: list[Any]) -> int:
        return sum(c for c in clicks if isinstance(c, int))

    @app.callback(Output("echo", "children"),
                  [Input(i, p) for i, p in (("store", "data"), ("dd", "value"), ("graph", "relayoutData"),
                                            ("sl", "value"), ("date", "date"), ("up", "contents"))])
    def echo(*values: Any) -> str:
        return json.dumps(values, default=str)[:200]

    return app


# -- strategies ------------------------------------------------------------------------------------
def _nest(depth: int) -> Any:
    value: Any = "deep"
    for i in range(depth):
        value = [value] if i % 2 else {"k": value}
    return value


scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=20),
)
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=8,
)
components = st.fixed_dictionaries({
    "type": st.sampled_from(["Div", "Script", "Span", "Dropdown", "Nope", 3]),
    "namespace": st.sampled_from(["dash_html_components", "dash_core_components", "elsewhere", "antigravity", "dash_table"]),
    "props": st.one_of(
        st.dictionaries(st.sampled_from(["children", "id", "style", "bogus", "data-x", "options"]), json_values,
                        max_size=3),
        json_values,
    ),
})
values = st.one_of(
    json_values, components, st.lists(components, max_size=2),
    st.integers(min_value=90, max_value=3_000).map(_nest),
)


@st.composite
def aimed_events(draw: st.DrawFn, targets: list[tuple[str, list[str]]]) -> dict[str, Any]:
    """An event for a real component: its writable props (mostly) and others, any values."""
    id_str, writable = draw(st.sampled_from(targets))
    names = st.sampled_from(writable + ["children", "id", "n_clicks", "value", "bogus"]) if writable else st.text(max_size=10)
    props = draw(st.dictionaries(names, values, max_size=3))
    if draw(st.booleans()) and writable:  # mostly well-typed values for counters/timestamps
        prop = draw(st.sampled_from(writable))
        props[prop] = draw(st.integers(min_value=0, max_value=10**6)) if "n_" in prop or "timestamp" in prop else props.get(prop, 1)
    message = {"type": "event", "view": "v1", "seq": draw(st.integers(0, 10**6)), "ack": draw(st.integers(0, 3)),
               "id": id_str, "props": props}  # fmt: skip
    if draw(st.integers(0, 9)) == 0:
        message[draw(st.sampled_from(["id", "props", "view", "seq", "ack"]))] = draw(json_values)
    return message


def structured(draw_type: Any) -> Any:
    return st.fixed_dictionaries(
        {"type": draw_type},
        optional={"view": st.one_of(st.text(max_size=70), json_values), "protocol": st.one_of(st.just(PROTOCOL_VERSION), json_values),
                  "id": json_values, "props": json_values, "seq": json_values, "asset": json_values, "kind": json_values},
    )


def messages(targets: list[tuple[str, list[str]]]) -> Any:
    return st.one_of(
        json_values,  # not even a dict
        structured(st.one_of(st.sampled_from(["hello", "event", "need", "bye", "tree", "patch"]), json_values)),
        aimed_events(targets),
        aimed_events(targets),
        aimed_events(targets),
    )


_NESTS = [_nest(depth) for depth in (50, 99, 100, 101, 500, 2_000, 2_900)]  # never mutated: shared


class Seeded:
    """The same message shapes as the strategies above, from a ``random.Random`` whose seed
    Hypothesis draws: thousands of messages per second instead of a hundred."""

    KEYS = ["", "k", "type", "props", "namespace", "id", "n_clicks", "\u0000", "x" * 40]

    def __init__(self, seed: int, targets: list[tuple[str, list[str]]]) -> None:
        self.r = random.Random(seed)
        self.targets = targets

    def scalar(self) -> Any:
        r = self.r
        return r.choice([
            None, True, False, 0, -1, 2**64, -(2**70), 1.5, float("nan"), float("inf"), -float("inf"), 1e308,
            "", "a", "<script>x</script>", "\ud800", "{", r.random(), r.randint(-10**9, 10**9),
        ])

    def json(self, budget: int = 6) -> Any:
        r = self.r
        roll = r.random()
        if budget <= 0 or roll < 0.5:
            return self.scalar()
        if roll < 0.7:
            return [self.json(budget - 2) for _ in range(r.randint(0, 3))]
        if roll < 0.9:
            return {r.choice(self.KEYS): self.json(budget - 2) for _ in range(r.randint(0, 3))}
        return self.component(budget - 2)

    def component(self, budget: int = 4) -> dict[str, Any]:
        r = self.r
        props: Any = ({r.choice(["children", "id", "style", "bogus", "data-x", "options", "value"]): self.json(budget)
                       for _ in range(r.randint(0, 3))} if r.random() < 0.8 else self.json(budget))
        return {"type": r.choice(["Div", "Script", "Span", "Dropdown", "Nope", 3]),
                "namespace": r.choice(["dash_html_components", "dash_core_components", "elsewhere", "antigravity", "dash_table"]), "props": props}

    def value(self) -> Any:
        r = self.r
        roll = r.random()
        if roll < 0.08:
            return _NESTS[r.randrange(len(_NESTS))]
        if roll < 0.2:
            return self.component()
        return self.json()

    def message(self) -> Any:
        r = self.r
        roll = r.random()
        if roll < 0.05:
            return self.json()
        if roll < 0.2:
            message = {"type": r.choice(["hello", "event", "need", "bye", "tree", None, 7, ["hello"]])}
            for key in r.sample(["view", "protocol", "id", "props", "seq", "asset", "kind"], r.randint(0, 4)):
                message[key] = PROTOCOL_VERSION if key == "protocol" and r.random() < 0.5 else self.json()
            return message
        id_str, writable = r.choice(self.targets)
        names = writable + ["children", "id", "n_clicks", "value", "bogus"]
        props = {r.choice(names): self.value() for _ in range(r.randint(0, 3))}
        if writable and r.random() < 0.5:
            prop = r.choice(writable)
            props[prop] = r.randint(0, 10**6) if ("n_" in prop or "timestamp" in prop) else self.json(2)
        message = {"type": "event", "view": "v1", "seq": r.randint(0, 10**6), "ack": r.randint(0, 3), "id": id_str,
                   "props": props}  # fmt: skip
        if r.random() < 0.1:
            message[r.choice(["id", "props", "view", "seq", "ack"])] = self.json()
        return message


def _targets(app: Dash) -> list[tuple[str, list[str]]]:
    found = []
    for id_str, entry in app.session.tree.strs.items():
        comp = entry.component
        found.append((id_str, sorted(writable_props(comp._namespace, comp._type))))
    found.append(("nope", ["value"]))
    found.append(('{"index":1.0,"type":"item"}', ["n_clicks"]))  # a float index as JavaScript prints it
    return found


_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxstring, _REPR.maxother = 6, 200, 200


def _short(value: Any) -> str:
    return _REPR.repr(value)


def _state(app: Dash, id_: Any) -> Any:
    """The targeted component's state by identity: which value object each prop holds (stored
    values are replaced, never mutated, so any change shows without walking big values)."""
    entry = app.session.tree.strs.get(id_) if isinstance(id_, str) else None
    return None if entry is None else {p: id(v) for p, v in entry.component._props.items()}


# -- the test ----------------------------------------------------------------------------------------
def test_fuzzed_messages_never_break_the_kernel_or_half_apply() -> None:
    app = fuzz_app()
    b = Browser(app)
    b.hello()
    targets = _targets(app)
    counts = {"messages": 0, "refused": 0, "applied": 0}
    props_set: list[Any] = []  # every prop the scheduler stores, anywhere in the tree
    app.session.scheduler.on_prop.append(lambda *change: props_set.append(change))

    # no shrinking: a failure is reported at once with the message (bounded repr), never minutes later
    @settings(max_examples=_EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate], print_blob=False)
    @given(st.lists(messages(targets), min_size=_DRAWN, max_size=_DRAWN), st.integers(0, 2**32))
    def run(drawn: list[Any], seed: int) -> None:
        seeded = Seeded(seed, targets)
        for message in drawn + [seeded.message() for _ in range(_SEEDED)]:
            target = message.get("id") if isinstance(message, dict) else None
            before_state, props_set[:] = _state(app, target), []
            before = len(b.comm.sent)
            try:
                b.post(message)  # raises if anything escapes ipywidgets' handler
            except BaseException as exc:
                raise AssertionError(f"{type(exc).__name__} escaped for {_short(message)}") from None
            counts["messages"] += 1
            replies = b.comm.sent[before:]
            for reply in replies:
                assert "bug in nbdash" not in json.dumps(reply, default=str), (_short(message), reply)
            refused = [r for r in replies if r.get("type") == "warning" and "event ignored" in r.get("message", "")]
            if refused:
                counts["refused"] += 1
                assert props_set == [] and _state(app, target) == before_state, _short(message)
                assert len(replies) == 1, replies
            elif any(r.get("type") == "patch" for r in replies):
                counts["applied"] += 1
            for reply in replies:
                if reply.get("type") == "patch":  # what reaches the page is plain JSON
                    json.dumps(reply, allow_nan=False)
            del b.comm.sent[:]  # keep memory flat

    run()
    assert "antigravity" not in sys.modules  # a namespace from the page never makes the kernel import it
    assert counts["messages"] >= MESSAGES
    assert counts["refused"] > MESSAGES // 10 and counts["applied"] > MESSAGES // 50, counts

    # the app still works: a click runs the chain, an item click the ALL aggregator
    clicks = app.get_props("btn").get("n_clicks") or 0
    sent = b.event("btn", {"n_clicks": clicks + 1, "n_clicks_timestamp": 1})
    changes = [m for m in sent if m["type"] == "patch"][-1]["changes"]
    value = app.get_props("inp")["value"]
    assert changes["chain1"] == {"children": f"{clicks + 1}:{value}"}
    assert changes["chain2"] == {"children": f"<{clicks + 1}:{value}>"}
    item = app.get_props({"type": "item", "index": 2}).get("n_clicks") or 0
    sent = b.event('{"index":2,"type":"item"}', {"n_clicks": item + 1})
    totals = [m["changes"]["total"]["children"] for m in sent if m["type"] == "patch" and "total" in m["changes"]]
    expected = sum(app.get_props({"type": "item", "index": i}).get("n_clicks") or 0 for i in range(3))
    assert totals == [expected]
    assert not math.isnan(float(expected))
