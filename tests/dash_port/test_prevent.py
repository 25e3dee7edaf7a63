"""Dash's tests/integration/callbacks/test_prevent_initial.py and test_prevent_update.py,
re-expressed with AppDriver. The clientside flavors need clientside callbacks (issue 13)."""

from __future__ import annotations

import json
from copy import copy

import pytest

from nbdash import MATCH, Dash, Input, Output, State, dcc, html, no_update
from nbdash.exceptions import PreventUpdate
from nbdash.testing import AppDriver

from .helpers import needs_clientside, text

_flavors = [
    {"clientside": False, "content": False, "global": False},
    {"clientside": True, "content": False, "global": False},
    {"clientside": False, "content": True, "global": False},
    {"clientside": True, "content": True, "global": True},
    {"clientside": False, "content": False, "global": True},
]
flavors = [pytest.param(f, marks=needs_clientside) if f["clientside"] else f for f in _flavors]


def make_app(flavor):
    return Dash(__name__, **({"prevent_initial_callbacks": True} if flavor["global"] else {}))


def content_callback(app, flavor, layout):
    kwargs = {"prevent_initial_call": False} if flavor["global"] else {}
    if flavor["content"]:
        app.layout = html.Div(id="content")

        @app.callback(Output("content", "children"), [Input("content", "style")], **kwargs)
        def set_content(_):
            return layout

    else:
        app.layout = layout


def const_callback(app, flavor, val, outputs, inputs, prevent_initial_call=False):
    kwargs = {"prevent_initial_call": prevent_initial_call} if prevent_initial_call != flavor["global"] else {}
    if flavor["clientside"]:
        app.clientside_callback("function() { return " + json.dumps(val) + "; }", outputs, inputs, **kwargs)
    else:

        @app.callback(outputs, inputs, **kwargs)
        def f(*args):
            return val


def concat_callback(app, flavor, outputs, inputs, prevent_initial_call=False):
    kwargs = {"prevent_initial_call": prevent_initial_call} if prevent_initial_call != flavor["global"] else {}
    multi_out = isinstance(outputs, (list, tuple))
    if flavor["clientside"]:
        ret = ("[" + ",".join(["out"] * len(outputs)) + "]") if multi_out else "out"
        app.clientside_callback(
            "function() { var out = ''; for (var i = 0; i < arguments.length; i++) { out += String(arguments[i]); } return " + ret + "; }",
            outputs,
            inputs,
            **kwargs,
        )
    else:

        @app.callback(outputs, inputs, **kwargs)
        def f(*args):
            out = "".join(str(arg) for arg in args)
            return [out] * len(outputs) if multi_out else out


@pytest.mark.parametrize("flavor", flavors)
def test_cbpi001_prevent_initial_call(flavor):
    """Dash: tests/integration/callbacks/test_prevent_initial.py::test_cbpi001_prevent_initial_call"""
    app = make_app(flavor)
    layout = html.Div([html.Button("click", id="btn")] + [html.Div(c, id=c.lower()) for c in "ABCDEF"])
    content_callback(app, flavor, layout)
    const_callback(app, flavor, "Click", Output("a", "children"), [Input("btn", "n_clicks")], prevent_initial_call=True)
    concat_callback(app, flavor, Output("b", "children"), [Input("a", "children")])
    concat_callback(app, flavor, Output("c", "children"), [Input("a", "children")], prevent_initial_call=True)

    @app.callback(Output("d", "children"), [Input("d", "style")])
    def d(_):
        raise PreventUpdate

    concat_callback(app, flavor, Output("e", "children"), [Input("a", "children"), Input("d", "children")])
    concat_callback(
        app, flavor, Output("f", "children"), [Input("a", "children"), Input("b", "children"), Input("d", "children")], prevent_initial_call=True
    )

    with AppDriver(app) as drv:
        assert [text(drv, c) for c in "fedcba"] == ["AAD", "AD", "D", "C", "A", "A"]
        drv.click("btn")
        assert [text(drv, c) for c in "fedcba"] == ["ClickClickD", "ClickD", "D", "Click", "Click", "Click"]


@pytest.mark.parametrize("flavor", flavors)
def test_cbpi002_pattern_matching(flavor):
    """Dash: tests/integration/callbacks/test_prevent_initial.py::test_cbpi002_pattern_matching"""
    app = make_app(flavor)
    layout = html.Div([html.Button("click", id={"i": 0, "j": "btn"})] + [html.Div(c, id={"i": 0, "j": c.lower()}) for c in "ABCDEF"])
    content_callback(app, flavor, layout)

    def pm(j):
        return {"i": MATCH, "j": j}

    const_callback(app, flavor, "Click", Output(pm("a"), "children"), [Input(pm("btn"), "n_clicks")], prevent_initial_call=True)
    concat_callback(app, flavor, Output(pm("b"), "children"), [Input(pm("a"), "children")])
    concat_callback(app, flavor, Output(pm("c"), "children"), [Input(pm("a"), "children")], prevent_initial_call=True)

    @app.callback(Output(pm("d"), "children"), [Input(pm("d"), "style")])
    def d(_):
        raise PreventUpdate

    concat_callback(app, flavor, Output(pm("e"), "children"), [Input(pm("a"), "children"), Input(pm("d"), "children")])
    concat_callback(
        app, flavor, Output(pm("f"), "children"), [Input(pm("a"), "children"), Input(pm("b"), "children"), Input(pm("d"), "children")], prevent_initial_call=True
    )

    with AppDriver(app) as drv:
        assert [text(drv, {"i": 0, "j": c}) for c in "fedcba"] == ["AAD", "AD", "D", "C", "A", "A"]
        drv.click({"i": 0, "j": "btn"})
        assert [text(drv, {"i": 0, "j": c}) for c in "fedcba"] == ["ClickClickD", "ClickD", "D", "Click", "Click", "Click"]


@pytest.mark.parametrize("flavor", flavors)
def test_cbpi003_multi_outputs(flavor):
    """Dash: tests/integration/callbacks/test_prevent_initial.py::test_cbpi003_multi_outputs"""
    app = make_app(flavor)
    layout = html.Div([html.Button("click", id="btn")] + [html.Div(c, id=c.lower()) for c in "ABCDEFG"])
    content_callback(app, flavor, layout)
    const_callback(app, flavor, ["Blue", "Cheese"], [Output("a", "children"), Output("b", "children")], [Input("btn", "n_clicks")], prevent_initial_call=True)
    concat_callback(app, flavor, [Output("c", "children"), Output("d", "children")], [Input("a", "children"), Input("b", "children")], prevent_initial_call=True)
    concat_callback(app, flavor, [Output("e", "children"), Output("f", "children")], [Input("a", "children")], prevent_initial_call=True)
    concat_callback(app, flavor, Output("g", "children"), [Input("f", "children")])

    with AppDriver(app) as drv:
        assert [text(drv, c) for c in "gfedcba"] == ["F", "F", "E", "D", "C", "B", "A"]
        drv.click("btn")
        assert [text(drv, c) for c in "gfedcba"] == ["Blue", "Blue", "Blue", "BlueCheese", "BlueCheese", "Cheese", "Blue"]


def test_cbpi004_positional_arg():
    """Dash: tests/integration/callbacks/test_prevent_initial.py::test_cbpi004_positional_arg"""
    app = Dash(__name__)
    app.layout = html.Div([html.Button("click", id="btn"), html.Div(id="out")])

    @app.callback(Output("out", "children"), Input("btn", "n_clicks"), True)
    def f(n):
        return n

    with AppDriver(app) as d:
        assert text(d, "out") == ""
        d.click("btn")
        assert text(d, "out") == "1"


def test_cbpu001_aborted_callback():
    """Dash: tests/integration/callbacks/test_prevent_update.py::test_cbpu001_aborted_callback"""
    app = Dash(__name__)
    app.layout = html.Div([dcc.Input(id="input", value="initial input"), html.Div("initial output", id="output1"), html.Div("initial output", id="output2")])
    counts = {"1": 0, "2": 0}

    @app.callback(Output("output1", "children"), [Input("input", "value")])
    def callback1(value):
        counts["1"] += 1
        if counts["1"] > 2:
            return no_update
        raise PreventUpdate("testing callback does not update")

    @app.callback(Output("output2", "children"), [Input("output1", "children")], prevent_initial_call=True)
    def callback2(value):
        counts["2"] += 1
        return value

    with AppDriver(app) as d:
        value = "initial input"
        for i, key in enumerate("xyz"):
            value += key
            d.set("input", "value", value)
            assert counts["1"] == i + 2
        assert d.get("input", "value") == "initial inputxyz"
        assert counts["2"] == 0
        assert text(d, "output1") == "initial output"
        assert text(d, "output2") == "initial output"
        assert not d.errors


def test_cbpu002_multi_output_no_update():
    """Dash: tests/integration/callbacks/test_prevent_update.py::test_cbpu002_multi_output_no_update"""
    app = Dash(__name__)
    app.layout = html.Div([html.Button("B", "btn"), html.P("initial1", "n1"), html.P("initial2", "n2"), html.P("initial3", "n3")])

    @app.callback([Output("n1", "children"), Output("n2", "children"), Output("n3", "children")], [Input("btn", "n_clicks")])
    def show_clicks(n):
        return [no_update if n and n > 4 else n, no_update if n and n > 2 else n, copy(no_update)]

    with AppDriver(app) as d:
        for _ in range(10):
            d.click("btn")
        assert (text(d, "n1"), text(d, "n2"), text(d, "n3")) == ("4", "2", "initial3")


def test_cbpu003_no_update_chains():
    """Dash: tests/integration/callbacks/test_prevent_update.py::test_cbpu003_no_update_chains"""
    app = Dash(__name__)
    app.layout = html.Div(
        [dcc.Input(id="a_in", value="a"), dcc.Input(id="b_in", value="b"), html.P("", id="a_out"), html.P("", id="a_out_short"), html.P("", id="b_out"), html.P("", id="ab_out")]
    )

    @app.callback([Output("a_out", "children"), Output("a_out_short", "children")], [Input("a_in", "value")])
    def a_out(a):
        return a, a if len(a) < 3 else no_update

    @app.callback(Output("b_out", "children"), [Input("b_in", "value")])
    def b_out(b):
        return b

    @app.callback(Output("ab_out", "children"), [Input("a_out_short", "children")], [State("b_out", "children")])
    def ab_out(a, b):
        return a + " " + b

    def texts(d):
        return [text(d, i) for i in ("a_out", "b_out", "a_out_short", "ab_out")]

    with AppDriver(app) as d:
        d.set("b_in", "value", "bb")
        d.set("a_in", "value", "aa")
        assert texts(d) == ["aa", "bb", "aa", "aa bb"]
        d.set("b_in", "value", "bbb")
        d.set("a_in", "value", "aaa")
        assert texts(d) == ["aaa", "bbb", "aa", "aa bb"]  # a_out_short got no_update: ab_out not triggered
        d.set("b_in", "value", "bbbb")
        d.set("a_in", "value", "aa")
        assert texts(d) == ["aa", "bbbb", "aa", "aa bbbb"]  # a new value for a_out_short, equal or not
