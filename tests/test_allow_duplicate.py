"""Several callbacks writing one prop (spec §5.15): one may write it plainly while the others say
``allow_duplicate=True``; only two plain writers collide."""

from __future__ import annotations

import pytest

from nbdash import ALL, Dash, Input, Output, Patch, State, dcc, html
from nbdash.exceptions import DuplicateCallback
from nbdash.testing import AppDriver


def test_the_dash_docs_duplicate_outputs_example_runs_plain_plus_allow_duplicate() -> None:
    """The shape of the Dash docs' "Duplicate Callback Outputs" example: a plain writer and an
    allow_duplicate one, both firing."""
    app = Dash("docs")
    app.layout = html.Div([
        html.Button("Draw Graph", id="draw-2"), html.Button("Reset Graph", id="reset-2"),
        dcc.Graph(id="duplicate-output-graph"),
    ])

    @app.callback(Output("duplicate-output-graph", "figure", allow_duplicate=True),
                  Input("draw-2", "n_clicks"), prevent_initial_call=True)
    def draw(n):  # noqa: ANN001, ANN202
        return {"data": [{"type": "bar", "y": [1, 2, n]}]}

    @app.callback(Output("duplicate-output-graph", "figure"), Input("reset-2", "n_clicks"))
    def reset(n):  # noqa: ANN001, ANN202
        return {"data": []}

    with AppDriver(app) as d:
        assert d.get("duplicate-output-graph", "figure") == {"data": []}
        d.click("draw-2")
        assert d.get("duplicate-output-graph", "figure")["data"][0]["y"] == [1, 2, 1]
        d.click("reset-2")
        assert d.get("duplicate-output-graph", "figure") == {"data": []}
        assert d.triggered("draw") == [["draw-2.n_clicks"]]


@pytest.mark.parametrize("plain_first", [True, False])
def test_registration_order_does_not_matter(plain_first: bool) -> None:
    app = Dash("order")
    app.layout = html.Div([html.Button(id="a"), html.Button(id="b"), html.Div(id="o")])

    def plain() -> None:
        app.callback(Output("o", "children"), Input("a", "n_clicks"), prevent_initial_call=True)(lambda n: f"a{n}")

    def duplicate() -> None:
        app.callback(Output("o", "children", allow_duplicate=True), Input("b", "n_clicks"),
                     prevent_initial_call=True)(lambda n: f"b{n}")

    for register in ((plain, duplicate) if plain_first else (duplicate, plain)):
        register()
    with AppDriver(app) as d:
        d.click("a")
        assert d.get("o", "children") == "a1"
        d.click("b")
        assert d.get("o", "children") == "b1"


def test_two_plain_writers_still_collide_naming_both() -> None:
    app = Dash("clash")
    app.layout = html.Div([html.Button(id="a"), html.Button(id="b"), html.Div(id="o")])
    app.callback(Output("o", "children", allow_duplicate=True), Input("b", "n_clicks"),
                 prevent_initial_call=True)(lambda n: n)

    @app.callback(Output("o", "children"), Input("a", "n_clicks"))
    def first_plain(n):  # noqa: ANN001, ANN202
        return n

    with pytest.raises(DuplicateCallback) as info:
        @app.callback(Output("o", "children"), Input("b", "n_clicks"))
        def second_plain(n):  # noqa: ANN001, ANN202
            return n

    assert "first_plain" in str(info.value) and "second_plain" in str(info.value)
    assert "allow_duplicate=True" in str(info.value)


def test_initial_duplicate_writers_all_run_on_load() -> None:
    app = Dash("initial")
    app.layout = html.Div([dcc.Store(id="store", data={"n": 1}), html.Div(id="o")])

    @app.callback(Output("o", "children"), Input("store", "data"))
    def plain(data):  # noqa: ANN001, ANN202
        return f"plain {data['n']}"

    @app.callback(Output("o", "children", allow_duplicate=True), Input("store", "data"),
                  prevent_initial_call="initial_duplicate")
    def dup(data):  # noqa: ANN001, ANN202
        return f"dup {data['n']}"

    with AppDriver(app) as d:
        assert [c.name for c in d.calls if c.initial] == ["plain", "dup"]
        assert d.history("o", "children")[1:] == ["plain 1", "dup 1"]


def test_patch_outputs_from_several_callbacks() -> None:
    app = Dash("patch")
    app.layout = html.Div([html.Button(id="add"), html.Button(id="clear"), html.Div(id="items", children=[])])

    @app.callback(Output("items", "children", allow_duplicate=True), Input("add", "n_clicks"),
                  prevent_initial_call=True)
    def add(n):  # noqa: ANN001, ANN202
        patch = Patch()
        patch.append(f"item {n}")
        return patch

    @app.callback(Output("items", "children"), Input("clear", "n_clicks"), prevent_initial_call=True)
    def clear(n):  # noqa: ANN001, ANN202
        return []

    with AppDriver(app) as d:
        d.click("add")
        d.click("add")
        assert d.get("items", "children") == ["item 1", "item 2"]
        d.click("clear")
        assert d.get("items", "children") == []
        d.click("add")
        assert d.get("items", "children") == ["item 3"]


def test_all_pattern_outputs_plain_and_duplicate() -> None:
    app = Dash("all")
    app.layout = html.Div(
        [html.Button(id="on"), html.Button(id="off")] + [html.Div(id={"type": "cell", "i": i}) for i in range(3)]
    )

    @app.callback(Output({"type": "cell", "i": ALL}, "children"), Input("on", "n_clicks"), prevent_initial_call=True)
    def on(n):  # noqa: ANN001, ANN202
        return [f"on {n}"] * 3

    @app.callback(Output({"type": "cell", "i": ALL}, "children", allow_duplicate=True), Input("off", "n_clicks"),
                  prevent_initial_call=True)
    def off(n):  # noqa: ANN001, ANN202
        return ["off"] * 3

    with AppDriver(app) as d:
        d.click("on")
        assert [d.get({"type": "cell", "i": i}, "children") for i in range(3)] == ["on 1"] * 3
        d.click("off")
        assert [d.get({"type": "cell", "i": i}, "children") for i in range(3)] == ["off"] * 3


def test_a_store_written_by_several_callbacks_feeds_its_readers_each_time() -> None:
    app = Dash("store")
    app.layout = html.Div([
        html.Button(id="inc"), html.Button(id="reset"), dcc.Input(id="set", type="number"),
        dcc.Store(id="count", data=0), html.Div(id="shown"),
    ])

    @app.callback(Output("count", "data"), Input("inc", "n_clicks"), State("count", "data"), prevent_initial_call=True)
    def inc(n, count):  # noqa: ANN001, ANN202
        return count + 1

    @app.callback(Output("count", "data", allow_duplicate=True), Input("reset", "n_clicks"), prevent_initial_call=True)
    def reset(n):  # noqa: ANN001, ANN202
        return 0

    @app.callback(Output("count", "data", allow_duplicate=True), Input("set", "value"), prevent_initial_call=True)
    def set_to(value):  # noqa: ANN001, ANN202
        return value

    @app.callback(Output("shown", "children"), Input("count", "data"))
    def show(count):  # noqa: ANN001, ANN202
        return f"count {count}"

    with AppDriver(app) as d:
        d.click("inc")
        d.click("inc")
        assert d.get("shown", "children") == "count 2"
        d.click("reset")
        assert d.get("shown", "children") == "count 0"
        d.set("set", "value", 7)
        d.click("inc")
        assert d.get("shown", "children") == "count 8"
        assert d.triggered("show")[-3:] == [["count.data"]] * 3
