"""Dash's tests/unit/test_callback_unit.py (the decorator without a browser), re-expressed for
nbdash: ``dash.callback`` is ``nbdash.callback``; the decorated function stays callable as is.

README: "Module-level ``@callback`` registers on the most recently created ``Dash`` app" — so each
test starts with a fresh app for its callbacks to land on (Dash collects them in one global list)."""

from __future__ import annotations

import inspect

import pytest

import nbdash
from nbdash import Dash, Input, Output, State, callback, html
from nbdash.testing import AppDriver


@pytest.fixture(autouse=True)
def fresh_app() -> Dash:
    return Dash(__name__)


def test_callback_returns_callable():
    """Dash: tests/unit/test_callback_unit.py::test_callback_returns_callable"""
    assert callable(callback(Output("output", "children"), Input("input", "value")))


def test_callback_decorates_function():
    """Dash: tests/unit/test_callback_unit.py::test_callback_decorates_function"""

    @callback(Output("output", "children"), Input("input", "value"))
    def my_callback(value):
        return f"Value: {value}"

    assert callable(my_callback)
    assert my_callback.__name__ == "my_callback"
    assert my_callback("x") == "Value: x"


def test_callback_signature_includes_typed_options():
    """Dash: tests/unit/test_callback_unit.py::test_callback_signature_includes_typed_options"""
    expected = {
        "background", "interval", "progress", "progress_default", "running", "cancel", "manager",
        "cache_args_to_ignore", "cache_ignore_triggered", "on_error", "api_endpoint", "optional", "hidden",
    }  # fmt: skip
    assert expected.issubset(set(inspect.signature(callback).parameters))


def test_callback_with_multiple_inputs(fresh_app):
    """Dash: tests/unit/test_callback_unit.py::test_callback_with_multiple_inputs"""
    app = fresh_app

    @callback(Output("output", "children"), Input("input1", "value"), Input("input2", "value"))
    def multi_input_callback(val1, val2):
        return f"{val1} + {val2}"

    assert callable(multi_input_callback)
    app.layout = html.Div([nbdash.dcc.Input(id="input1", value="a"), nbdash.dcc.Input(id="input2", value="b"), html.Div(id="output")])
    with AppDriver(app) as d:
        assert d.get("output", "children") == "a + b"


def test_callback_with_state():
    """Dash: tests/unit/test_callback_unit.py::test_callback_with_state"""

    @callback(Output("output", "children"), Input("input", "value"), State("state", "value"))
    def callback_with_state(input_val, state_val):
        return f"{input_val} - {state_val}"

    assert callable(callback_with_state)
    assert callback_with_state(1, 2) == "1 - 2"


def test_callback_with_multiple_outputs():
    """Dash: tests/unit/test_callback_unit.py::test_callback_with_multiple_outputs"""

    @callback(Output("output1", "children"), Output("output2", "children"), Input("input", "value"))
    def multi_output_callback(value):
        return value, f"Copy: {value}"

    assert multi_output_callback("v") == ("v", "Copy: v")


def test_callback_preserves_docstring():
    """Dash: tests/unit/test_callback_unit.py::test_callback_preserves_docstring"""

    @callback(Output("output", "children"), Input("input", "value"))
    def documented_callback(value):
        """This is a documented callback."""
        return value

    assert documented_callback.__doc__ == "This is a documented callback."


def test_callback_with_prevent_initial_call():
    """Dash: tests/unit/test_callback_unit.py::test_callback_with_prevent_initial_call"""

    @callback(Output("output", "children"), Input("input", "value"), prevent_initial_call=True)
    def callback_no_initial(value):
        return value

    assert callable(callback_no_initial)


def test_callback_with_background_params():
    """Dash: tests/unit/test_callback_unit.py::test_callback_with_background_params"""
    assert callable(callback(Output("output", "children"), Input("input", "value"), background=False, interval=1000))


def test_callback_module_export():
    """Dash: tests/unit/test_callback_unit.py::test_callback_module_export"""
    assert hasattr(nbdash, "callback")
    assert nbdash.callback is callback
