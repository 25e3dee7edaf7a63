"""Dash's tests/unit/library/test_validate.py and test_background_callback_validation.py,
re-expressed through the app: Dash calls its private validators (``fail_callback_output``,
``validate_duplicate_output``, ``validate_background_callbacks``); here the same inputs go through
``app.callback`` and a running app, and must fail with the same exceptions."""

from __future__ import annotations

import pytest

from nbdash import Dash, Input, Output, html
from nbdash.exceptions import BackgroundCallbackError, DuplicateCallback, InvalidCallbackReturnValue
from nbdash.testing import AppDriver


@pytest.mark.parametrize(
    "val",
    [
        {0}, [{1}, 1], [1, {2}], html.Div({3}), html.Div([{4}]), html.Div(style={5}), html.Div([1, {6}]),
        html.Div([1, html.Div({7})]), [html.Div({8}), 1], [1, html.Div({9})], [html.Div(html.Div({10}))],
        [html.Div(html.Div({11})), 1], [1, html.Div(html.Div({12}))], {"a": {13}}, html.Div(style={"a": {14}}),
        html.Div(style=[{15}]), [1, html.Div(style=[{16}])],
    ],
)  # fmt: skip
def test_ddvl001_fail_handler_fails_correctly(val):
    """Dash: tests/unit/library/test_validate.py::test_ddvl001_fail_handler_fails_correctly"""
    multi = isinstance(val, list)
    n = len(val) if multi else 1
    app = Dash(__name__)
    app.layout = html.Div([html.Button(id="b")] + [html.Div(id=f"id{i}") for i in range(n)] + [html.Div(id="id")])
    outputs = [Output(f"id{i}", "children") for i in range(n)] if multi else Output("id", "children")

    @app.callback(outputs, Input("b", "n_clicks"), prevent_initial_call=True)
    def bad(_):
        return val

    with AppDriver(app, raise_errors=False) as d:
        d.click("b")
        assert len(d.errors) == 1 and isinstance(d.errors[0], InvalidCallbackReturnValue)


@pytest.mark.parametrize(
    "output, prevent_initial_call, config_prevent_initial_call, expect_error",
    [
        (Output("a", "children", allow_duplicate=True), True, False, False),
        (Output("a", "children", allow_duplicate=True), False, True, False),
        (Output("a", "children", allow_duplicate=True), True, True, False),
        (Output("a", "children", allow_duplicate=True), False, False, True),
        (Output("a", "children", allow_duplicate=True), "initial_duplicate", False, False),
        (Output("a", "children", allow_duplicate=True), False, "initial_duplicate", False),
        (Output("a", "children"), False, False, False),
    ],
)
def test_ddv002_allow_duplicate_validation(output, prevent_initial_call, config_prevent_initial_call, expect_error):
    """Dash: tests/unit/library/test_validate.py::test_ddv002_allow_duplicate_validation"""
    app = Dash(__name__, prevent_initial_callbacks=config_prevent_initial_call)
    app.layout = html.Div([html.Button(id="b"), html.Div(id="a")])

    def register():
        app.callback(output, Input("b", "n_clicks"), prevent_initial_call=prevent_initial_call)(lambda n: n)

    if expect_error:
        with pytest.raises(DuplicateCallback):
            register()
    else:
        register()


def test_circular_background_callback_progress():
    """Dash: tests/unit/library/test_background_callback_validation.py::test_circular_background_callback_progress"""
    app = Dash(__name__)
    app.layout = html.Div([html.Button(id="click"), html.Div(id="progress"), html.Div(id="side-progress"), html.Div(id="result")])

    @app.callback(Output("side-progress", "children"), Input("progress", "children"))
    def side(progress):
        return progress

    with pytest.raises(BackgroundCallbackError):

        @app.callback(
            Output("result", "children"),
            Input("click", "n_clicks"),
            Input("side-progress", "children"),
            background=True,
            progress=[Output("progress", "children")],
        )
        def job(set_progress, n, side_progress):
            return n

        AppDriver(app).load()  # Dash checks when the server starts: here at registration or load
