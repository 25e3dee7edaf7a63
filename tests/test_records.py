"""Large plain tables (nbdash/_records.py): the C-speed paths give exactly what the generic ones give.

Every fast path is checked against the generic walk it replaces, on tables Hypothesis draws with the
values that need care (integral floats, NaN, big ints, bools, array-index and component keys, text
needing JSON escapes): the stored form, the JSON form, equality, and a page event's validation
(accepted or refused with the same message, the same stored values, the size limit at its byte)."""

from __future__ import annotations

import json
import math
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from widget_page import Browser, close_widgets

from nbdash import Dash, Input, Output, State, _records, dash_table, html
from nbdash._json import NotSerializable, deep_equal, normalize, to_json
from nbdash._protocol import InvalidEvent, validate_event
from nbdash.testing import AppDriver

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # DataTable's "will be removed" notice

ROWS = _records.MIN_ROWS

special = st.sampled_from([math.nan, math.inf, -math.inf, 2.0, -0.0, 1e21, 3.0e300, 2**53 + 1, -(2**60), True, False,
                           None, 'q"', "\\", "é", "\n", "\u2028", 1.5])
scalars = st.one_of(special, special, special,
    st.none(), st.booleans(), st.integers(-(2**60), 2**60), st.integers(-1000, 1000),
    st.floats(allow_nan=True, allow_infinity=True), st.floats(-1e6, 1e6).map(lambda f: round(f, 2)),
    st.sampled_from([2.0, -0.0, 0.5, 1e21, 2**53 + 1]), st.text(max_size=8), st.sampled_from(["a", 'q"', "\\", "é", "\n"]),
)
keys = st.sampled_from(["a", "b", "name", "0", "12", "type", "namespace", "props", "é", 'k"'])
plain_keys = st.sampled_from(["a", "b", "name", "value"])
plain_values = st.one_of(st.none(), st.booleans(), st.integers(-1000, 1000), st.text(max_size=6),
                         st.floats(-1e6, 1e6).filter(lambda f: not f.is_integer()))


plain_tables = st.lists(st.dictionaries(plain_keys, plain_values, max_size=4), min_size=ROWS, max_size=ROWS + 8)
#: No shrinking: a failing table is printed as drawn (shrinking 40-row examples takes minutes).
EXAMPLES = settings(max_examples=60, deadline=None, derandomize=True, database=None,
                    phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))


def tables(key: Any = keys, value: Any = scalars) -> Any:
    """Plain tables with, about half the time, up to three rows drawn from ``key`` / ``value`` (the
    values and keys that need care) or shaped like a component, placed anywhere."""
    plain = plain_tables
    component = st.fixed_dictionaries({"type": st.just("Div"), "namespace": st.just("dash_html_components"),
                                       "props": st.one_of(scalars, st.just({"children": "x"}))})
    row = st.one_of(st.dictionaries(key, value, min_size=1, max_size=4), component)
    odd = st.lists(st.tuples(st.integers(0, ROWS), row), min_size=1, max_size=3)

    def place(drawn: tuple[list[Any], list[Any]]) -> list[Any]:
        rows, extra = drawn
        for at, row in extra:
            rows.insert(at, row)
        return rows

    return st.tuples(plain, st.one_of(st.just([]), odd)).map(place)


def generic_normalize(rows: list[Any]) -> Any:
    return normalize(tuple(rows))  # a tuple takes the generic walk (same result: tuples become lists)


def same_json(a: Any, b: Any) -> bool:
    """Equal including types and key order (what JSON text and JavaScript would show)."""
    return json.dumps(a) == json.dumps(b)


@EXAMPLES
@given(tables())
def test_stored_form_is_the_generic_one(rows: list[dict[str, Any]]) -> None:
    try:
        expected = generic_normalize(rows)
    except NotSerializable as exc:  # e.g. a row shaped like a component whose props are not an object
        with pytest.raises(NotSerializable, match=re.escape(str(exc))):
            normalize(rows)
        return
    stored = normalize(rows)
    assert same_json(stored, expected)
    assert [type(v) for r in stored for v in r.values()] == [type(v) for r in expected for v in r.values()]
    assert stored is not rows and all(a is not b for a, b in zip(stored, rows))


@EXAMPLES
@given(plain_tables)
def test_plain_tables_take_the_fast_path_and_their_json_is_a_copy(rows: list[dict[str, Any]]) -> None:
    stored = normalize(rows)
    assert _records.is_known(stored)
    again = to_json(stored)
    assert again == stored and again is not stored and all(a is not b for a, b in zip(again, stored))
    again[0]["a"] = "mutated"  # a callback mutating its argument never reaches the stored table
    assert stored[0].get("a") != "mutated"


@EXAMPLES
@given(plain_tables, st.data())
def test_equality_is_the_generic_one(rows: list[dict[str, Any]], data: st.DataObject) -> None:
    stored = normalize(rows)
    other = [dict(r) for r in rows]
    if data.draw(st.booleans()):
        i = data.draw(st.integers(0, len(other) - 1))
        other[i] = {**other[i], data.draw(plain_keys): data.draw(scalars)}
    if data.draw(st.booleans()):
        other = [{k: float(v) if type(v) is int else v for k, v in r.items()} for r in other]  # 2 vs 2.0
    generic = to_json(tuple(stored)) == to_json(tuple(other))
    assert deep_equal(stored, other) is generic
    assert deep_equal(other, stored) is generic


def table_app(rows: list[dict[str, Any]]) -> Dash:
    app = Dash("records")
    app.layout = html.Div([dash_table.DataTable(id="t", data=rows), html.Div(id="o"), html.Button(id="b")])
    return app


def _validate(app: Dash, props: dict[str, Any], generic: bool, monkeypatch: pytest.MonkeyPatch) -> Any:
    with monkeypatch.context() as m:
        if generic:
            m.setattr(_records, "MIN_ROWS", 10**9)
        try:
            _entry, stored = validate_event(app.session.tree, {"id": "t", "props": props})
        except InvalidEvent as exc:
            return ("refused", str(exc))
        return ("accepted", json.dumps(normalize(stored["data"])))


@EXAMPLES
@given(tables())
def test_page_events_are_validated_as_by_the_generic_walk(rows: list[dict[str, Any]]) -> None:
    app = table_app([{"a": 1}])
    with pytest.MonkeyPatch.context() as monkeypatch:
        fast = _validate(app, {"data": rows}, False, monkeypatch)
        slow = _validate(app, {"data": rows}, True, monkeypatch)
    assert fast == slow
    checked = _records.event_table(rows)
    if checked is not None:  # the size bound really bounds: no oversized event slips through
        assert checked[0] >= len(json.dumps(rows, separators=(",", ":")))


def test_event_refusals_name_the_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    app = table_app([{"a": 1}])
    base = [{"a": i, "b": f"r{i}"} for i in range(ROWS)]
    cases = {
        "must be finite": [*base[:-1], {"a": math.nan}],
        "non-string key": [*base[:-1], {1: "x"}],
        "holding a component": [*base[:-1], {"type": "Div", "namespace": "dash_html_components", "props": 1}],
        "nested more than": [*base[:-1], {"a": json.loads("[" * 150 + "]" * 150)}],
    }
    for needle, rows in cases.items():
        outcome, message = _validate(app, {"data": rows}, False, monkeypatch)
        assert outcome == "refused" and needle in message, (needle, message)


def test_the_size_limit_holds_to_the_byte(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tables whose JSON is just under / just over the event limit: the bound never lets an
    oversized event through, and an event under the limit is never refused."""
    from nbdash._protocol import MAX_EVENT_BYTES

    app = table_app([{"a": 1}])
    row = {"a": 1.2345678901234567, "b": "x" * 40, "c": 123456}
    rows = [dict(row) for _ in range(MAX_EVENT_BYTES // 90)]
    exact = len(json.dumps({"data": rows}, separators=(",", ":")))
    pad = MAX_EVENT_BYTES - exact  # make the event exactly the limit, then one byte more
    rows[0]["b"] += "y" * pad
    assert len(json.dumps({"data": rows}, separators=(",", ":"))) == MAX_EVENT_BYTES
    assert _validate(app, {"data": rows}, False, monkeypatch)[0] == "accepted"
    rows[0]["b"] += "y"
    outcome, message = _validate(app, {"data": rows}, False, monkeypatch)
    assert outcome == "refused" and "the limit is" in message


def test_a_table_edit_from_the_page_reaches_the_callback_as_dash_delivers_it() -> None:
    rows = [{"id": i, "name": f"row {i}", "x": i + 0.5} for i in range(200)]
    app = Dash("edit")
    app.layout = html.Div([dash_table.DataTable(id="t", data=rows, editable=True), html.Div(id="o")])
    seen: list[Any] = []

    @app.callback(Output("o", "children"), Input("t", "data"))
    def show(data):  # noqa: ANN001, ANN202
        seen.append(data)
        data[0]["name"] = "mutated by the callback"  # must not reach the tree
        return data[5]["name"]

    browser = Browser(app)
    try:
        browser.hello()
        edited = json.loads(json.dumps(rows))
        edited[5]["name"] = "edited"
        edited[7]["x"] = 3.0  # JavaScript never prints 3.0; a page that does gets Dash's value: 3
        sent = browser.event("t", {"data": edited})
        patch = [m for m in sent if m.get("type") == "patch"][-1]
        assert patch["changes"]["o"] == {"children": "edited"}
        assert seen[-1][7]["x"] == 3 and type(seen[-1][7]["x"]) is int
        stored = app.get_props("t")["data"]
        assert stored[0]["name"] == "row 0" and stored[5]["name"] == "edited"
        assert patch["changes"]["t"]["data"] == stored  # the echo for other views
        before = len(seen)
        browser.event("t", {"data": json.loads(json.dumps(stored))}, seq=2)  # the same rows again: no change
        assert len(seen) == before
    finally:
        close_widgets()
        app.close()


def test_state_and_driver_read_fresh_copies_of_a_stored_table() -> None:
    rows = [{"id": i, "v": i * 2} for i in range(100)]
    app = Dash("state")
    app.layout = html.Div([dash_table.DataTable(id="t", data=rows), html.Button(id="b"), html.Div(id="o")])

    @app.callback(Output("o", "children"), Input("b", "n_clicks"), State("t", "data"), prevent_initial_call=True)
    def total(_n, data):  # noqa: ANN001, ANN202
        data.append({"id": -1, "v": 10**6})  # mutating the argument changes nothing stored
        return sum(r["v"] for r in data)

    with AppDriver(app) as d:
        d.click("b")
        d.click("b")
        assert d.props("o")["children"] == sum(i * 2 for i in range(100)) + 10**6
        assert len(app.get_props("t")["data"]) == 100
