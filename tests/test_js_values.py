"""Values as the browser delivers them (issue 10 §2): every prop value a callback or ``ctx`` reads
behaves as if it had crossed the browser as JSON with JavaScript number semantics, as in Dash."""

from __future__ import annotations

import math

import pytest

from nbdash import Dash, Input, Output, Patch, State, ctx, dcc, html, set_props
from nbdash._json import js_number, normalize
from nbdash.testing import AppDriver


@pytest.mark.parametrize(("value", "expected"), [
    (2.0, 2), (-0.0, 0), (0.5, 0.5), (1e20, 10**20), (1e21, 1e21), (-1e21, -1e21), (1.5e300, 1.5e300),
    (2**53 - 1, 2**53 - 1), (2**53 + 1, 2**53), (-(2**53) - 1, -(2**53)), (10**21, 1e21), (10**400, None),
    (math.nan, None), (math.inf, None), (-math.inf, None), (True, True), (False, False), (7, 7),
    ("2.0", "2.0"), (None, None),
])  # fmt: skip
def test_numbers_round_trip_like_javascript(value: object, expected: object) -> None:
    got = js_number(value)
    assert got == expected and type(got) is type(expected)


def test_containers_become_json_containers() -> None:
    stored = normalize({"t": (1.0, 2.5), "n": [3.0, {"x": -0.0}]})
    assert stored == {"t": [1, 2.5], "n": [3, {"x": 0}]}
    assert type(stored["t"][0]) is int and type(stored["n"][1]["x"]) is int


def test_dict_keys_come_back_in_javascript_object_order() -> None:
    stored = normalize({"b": 1, "10": 2, "2": 3, "a": 4, "02": 5, 7: 6})
    assert list(stored) == ["2", "7", "10", "b", "a", "02"]
    assert list(normalize({"z": 1, "y": 2})) == ["z", "y"]


def test_numpy_values_arrive_as_javascript_numbers() -> None:
    np = pytest.importorskip("numpy")
    assert normalize([np.float64(2.0), np.int64(3), np.float32(0.5)]) == [2, 3, 0.5]
    assert [type(v) for v in normalize(np.array([2.0, 2.5]))] == [int, float]


def hours_app() -> Dash:
    app = Dash("hours")
    app.layout = html.Div([dcc.Input(id="secs", type="number", value=7200), html.Div(id="h"), html.Div(id="label")])

    @app.callback(Output("h", "title"), Input("secs", "value"))
    def to_hours(secs):  # noqa: ANN001, ANN202
        return secs / 3600

    @app.callback(Output("label", "children"), Input("h", "title"))
    def label(hours):  # noqa: ANN001, ANN202
        return f"{hours} h ({type(hours).__name__})"

    return app


def test_a_float_one_callback_wrote_reaches_the_next_as_an_int() -> None:
    with AppDriver(hours_app()) as d:
        assert d.get("label", "children") == "2 h (int)"  # Dash shows "2 h", not "2.0 h"
        d.set("secs", "value", 5400)
        assert d.get("label", "children") == "1.5 h (float)"


def test_tuples_arrive_as_lists_and_ctx_sees_the_same_values() -> None:
    app = Dash("ctx")
    app.layout = html.Div([html.Button(id="b"), dcc.Store(id="s"), html.Div(id="o"), html.Div(id="w")])
    seen = {}

    @app.callback(Output("s", "data"), Input("b", "n_clicks"), prevent_initial_call=True)
    def write(n):  # noqa: ANN001, ANN202
        return {"pair": (1.0, 2.0), "nested": [(3.0,)]}

    @app.callback(Output("o", "children"), Input("s", "data"), State("s", "data"), prevent_initial_call=True)
    def read(data, state):  # noqa: ANN001, ANN202
        seen["arg"], seen["state"] = data, state
        seen["triggered"] = ctx.triggered[0]["value"]
        seen["inputs"] = ctx.inputs["s.data"]
        return "ok"

    with AppDriver(app) as d:
        d.click("b")
    expected = {"pair": [1, 2], "nested": [[3]]}
    assert seen == {"arg": expected, "state": expected, "triggered": expected, "inputs": expected}
    assert type(seen["arg"]["pair"][0]) is int


def test_layout_values_set_props_and_patches_arrive_as_javascript_numbers() -> None:
    app = Dash("paths")
    app.layout = html.Div([
        dcc.Slider(id="sl", min=0, max=10, value=4.0), html.Button(id="b"), html.Div(id="side"),
        dcc.Store(id="st", data={"v": [1.5]}), html.Div(id="o"), html.Div(id="o2"),
    ])
    seen = []

    @app.callback(Output("o", "children"), Input("sl", "value"))
    def show(value):  # noqa: ANN001, ANN202
        seen.append(("layout", value, type(value)))
        return str(value)

    @app.callback(Output("st", "data"), Input("b", "n_clicks"), prevent_initial_call=True)
    def patch_and_side(n):  # noqa: ANN001, ANN202
        set_props("side", {"title": 3.0})
        patch = Patch()
        patch["v"].append(2.0)
        return patch

    @app.callback(Output("o2", "children"), Input("st", "data"), Input("side", "title"), prevent_initial_call=True)
    def after(data, title):  # noqa: ANN001, ANN202
        seen.append(("after", data["v"], title, type(data["v"][1]), type(title)))
        return "ok"

    with AppDriver(app) as d:
        assert seen[0] == ("layout", 4, int)
        d.click("b")
        assert seen[-1] == ("after", [1.5, 2], 3, int, int)
        assert d.app.get_props("side")["title"] == 3  # the driver's own session


def test_events_from_the_page_are_read_the_same_way() -> None:
    with AppDriver(hours_app()) as d:
        d.set("secs", "value", 3600.0)  # a number input as JavaScript holds it
        assert d.get("secs", "value") == 3600 and type(d.get("secs", "value")) is int
        assert d.get("label", "children") == "1 h (int)"
