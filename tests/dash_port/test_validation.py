"""Dash's tests/integration/callbacks/test_validation.py, re-expressed with AppDriver."""

from __future__ import annotations

import pytest

from nbdash import Dash, Input, Output, State, html
from nbdash.exceptions import IncorrectTypeException, InvalidCallbackReturnValue
from nbdash.testing import AppDriver

from .helpers import text


def test_cbva001_callback_dep_types():
    """Dash: tests/integration/callbacks/test_validation.py::test_cbva001_callback_dep_types"""
    app = Dash(__name__)
    app.layout = html.Div([html.Div(c, id=f"{k}{i}") for i in (1, 2, 3) for k, c in (("in", "child"), ("state", "state"), ("out", None))])

    with pytest.raises(IncorrectTypeException) as err:

        @app.callback(Input("in1", "children"), Output("out1", "children"))
        def f2(i):
            return i

    assert "Outputs first,\nthen all Inputs, then all States." in err.value.args[0]
    assert "<Input `in1.children`>" in err.value.args[0]
    assert "<Output `out1.children`>" in err.value.args[0]

    @app.callback((Output("out1", "children"),), (Input("in1", "children"),), (State("state1", "children"),))
    def f1(i, s):
        return (i,)

    @app.callback(Output("out2", "children"), Input("in2", "children"), State("state2", "children"))
    def f3(i, s):
        return i

    @app.callback([Output("out3", "children")], [Input("in3", "children")], [State("state3", "children")])
    def f4(i, s):
        return [i]

    with AppDriver(app) as d:
        assert [text(d, f"out{i}") for i in (1, 2, 3)] == ["child"] * 3


def test_cbva002_callback_return_validation():
    """Dash: tests/integration/callbacks/test_validation.py::test_cbva002_callback_return_validation

    Dash calls the wrapped functions from ``callback_map`` directly; here the same three callbacks
    run in the app and each records ``InvalidCallbackReturnValue``."""
    app = Dash(__name__)
    app.layout = html.Div([html.Div(id=c) for c in "abcdef"])

    @app.callback(Output("b", "children"), [Input("a", "children")])
    def single(a):
        return {1}

    @app.callback([Output("c", "children"), Output("d", "children")], [Input("a", "children")])
    def multi(a):
        return [1, {2}]

    @app.callback([Output("e", "children"), Output("f", "children")], [Input("a", "children")])
    def multi2(a):
        return ["abc"]

    with AppDriver(app, raise_errors=False) as d:
        assert len(d.errors) == 3
        assert all(isinstance(e, InvalidCallbackReturnValue) for e in d.errors)
        assert [text(d, c) for c in "bcdef"] == [""] * 5


def test_cbva003_list_single_output():
    """Dash: tests/integration/callbacks/test_validation.py::test_cbva003_list_single_output"""
    app = Dash(__name__)
    app.layout = html.Div([html.Div("Hi", id="in"), html.Div(id="out1"), html.Div(id="out2")])

    @app.callback(Output("out1", "children"), Input("in", "children"))
    def o1(i):
        return "1: " + i

    @app.callback([Output("out2", "children")], [Input("in", "children")])
    def o2(i):
        return ("2: " + i,)

    with AppDriver(app) as d:
        assert text(d, "out1") == "1: Hi"
        assert text(d, "out2") == "2: Hi"


@pytest.mark.parametrize("named_out", [True, False])
@pytest.mark.parametrize("named_in,named_state", [(True, True), (False, False)])
def test_cbva004_named_args(named_out, named_in, named_state):
    """Dash: tests/integration/callbacks/test_validation.py::test_cbva004_named_args"""
    app = Dash(__name__)
    app.layout = html.Div([html.Div("Hi", id="in"), html.Div("gh", id="state"), html.Div(id="out1"), html.Div(id="out2")])

    def make_args(*a):
        args, kwargs = [], {}
        for ai, name, flag in zip(a, ["output", "inputs", "state"], [named_out, named_in, named_state]):
            if flag:
                kwargs[name] = ai
            else:
                args.append(ai)
        return args, kwargs

    args, kwargs = make_args(Output("out1", "children"), Input("in", "children"), State("state", "children"))

    @app.callback(*args, **kwargs)
    def o1(i, s):
        return "1: " + i + s

    args, kwargs = make_args([Output("out2", "children")], [Input("in", "children")], [State("state", "children")])

    @app.callback(*args, **kwargs)
    def o2(i, s):
        return ("2: " + i + s,)

    with AppDriver(app) as d:
        assert text(d, "out1") == "1: High"
        assert text(d, "out2") == "2: High"


def test_cbva005_tuple_args():
    """Dash: tests/integration/callbacks/test_validation.py::test_cbva005_tuple_args"""
    app = Dash(__name__)
    app.layout = html.Div([html.Div("Yo", id="in1"), html.Div("lo", id="in2"), html.Div(id="out1"), html.Div(id="out2")])

    @app.callback(Output("out1", "children"), (Input("in1", "children"), Input("in2", "children")))
    def f(i1, i2):
        return "1: " + i1 + i2

    @app.callback((Output("out2", "children"),), Input("in1", "children"), (State("in2", "children"),))
    def g(i1, i2):
        return ("2: " + i1 + i2,)

    with AppDriver(app) as d:
        assert text(d, "out1") == "1: Yolo"
        assert text(d, "out2") == "2: Yolo"
