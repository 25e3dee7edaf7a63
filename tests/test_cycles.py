"""Callbacks that feed each other in a cycle: Dash's debug-mode "Circular Dependencies" check,
reported by nbdash as a warning where the app is displayed (nbdash/_cycles.py). The callbacks still
run, each at most once per chain, as in Dash."""

from __future__ import annotations

import warnings

import pytest

from nbdash import Dash, Input, Output, dcc, html
from nbdash.exceptions import CircularDependencyWarning
from nbdash.testing import AppDriver


def two_way_app() -> Dash:
    app = Dash(__name__)
    app.layout = html.Div([dcc.Input(id="a", value="x"), dcc.Input(id="b")])

    @app.callback(Output("b", "value"), Input("a", "value"))
    def a_to_b(value):
        return f"b<{value}"

    @app.callback(Output("a", "value"), Input("b", "value"), prevent_initial_call=True)
    def b_to_a(value):
        return f"a<{value}"

    return app


def test_a_cycle_between_two_callbacks_warns_naming_it_and_still_runs_once_per_chain():
    app = two_way_app()
    with pytest.warns(CircularDependencyWarning) as caught:
        driver = AppDriver(app, raise_errors=True).__enter__()
    try:
        text = str(caught[0].message)
        assert "Circular Dependencies: Dependency Cycle Found: b.value -> a.value -> b.value" in text
        assert "ONE callback" in text  # the fix
        driver.set("a", "value", "typed")
        assert driver.get("b", "value") == "b<typed"
        assert driver.get("a", "value") == "a<b<typed"  # b_to_a ran; a_to_b did not run again
    finally:
        driver.__exit__(None, None, None)


def test_the_warning_comes_once_per_cycle_and_app():
    app = two_way_app()
    with pytest.warns(CircularDependencyWarning):
        app._load()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        app._load()  # a re-display of the same app does not repeat it


def test_an_input_that_is_its_own_output_is_not_a_cycle():
    app = Dash(__name__)
    app.layout = html.Div([dcc.Slider(0, 10, id="s", value=3), dcc.Input(id="i", type="number", value=3), html.Div(id="o")])

    @app.callback(Output("s", "value"), Output("i", "value"), Input("s", "value"), Input("i", "value"))
    def sync(slider, box):
        return (box, box) if box != slider else (slider, slider)

    @app.callback(Output("o", "children"), Input("s", "value"))
    def show(value):
        return value

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with AppDriver(app, raise_errors=True) as d:
            d.set("i", "value", 7)
            assert d.get("o", "children") == 7


def test_a_cycle_through_a_self_updating_callback_is_found():
    app = Dash(__name__)
    app.layout = html.Div([dcc.Slider(0, 10, id="s", value=3), dcc.Input(id="i", value=3), html.Div(id="x")])
    app.callback(
        Output("s", "value"), Output("i", "value", allow_duplicate=True),
        Input("s", "value"), Input("i", "value"), prevent_initial_call=True,
    )(lambda s, i: (s, i))
    app.callback(Output("x", "children"), Input("s", "value"))(lambda s: s)
    app._load()
    with pytest.warns(CircularDependencyWarning, match=r"s\.value__output -> x\.children -> i\.value -> s\.value__output"):
        # added from a later cell: the live session's graph is rebuilt and checked
        app.callback(Output("i", "value", allow_duplicate=True), Input("x", "children"), prevent_initial_call=True)(
            lambda x: x
        )
