"""Dash's tests/integration/callbacks/test_callback_context.py, re-expressed with AppDriver."""

from __future__ import annotations

import json

import pytest

from nbdash import ALL, Dash, Input, Output, callback_context, ctx, dcc, html
from nbdash.exceptions import MissingCallbackContextException, PreventUpdate
from nbdash.testing import AppDriver

from .helpers import text


def test_cbcx001_modified_response():
    """Dash: tests/integration/callbacks/test_callback_context.py::test_cbcx001_modified_response

    The cookie half is not portable: there is no HTTP response in a kernel (README: ``ctx.response``
    cookies are accepted and ignored). Setting one must not break the callback."""
    app = Dash(__name__)
    app.layout = html.Div([dcc.Input(id="input", value="ab"), html.Div(id="output")])

    @app.callback(Output("output", "children"), [Input("input", "value")])
    def update_output(value):
        callback_context.response.set_cookie("dash_cookie", value + " - cookie")
        return value + " - output"

    with AppDriver(app) as d:
        assert text(d, "output") == "ab - output"
        d.set("input", "value", "abcd")
        assert text(d, "output") == "abcd - output"
        assert not d.errors


def test_cbcx002_triggered():
    """Dash: tests/integration/callbacks/test_callback_context.py::test_cbcx002_triggered"""
    app = Dash(__name__)
    btns = [f"btn-{x}" for x in range(1, 6)]
    app.layout = html.Div([html.Div([html.Button(btn, id=btn) for btn in btns]), html.Div(id="output")])

    @app.callback(Output("output", "children"), [Input(x, "n_clicks") for x in btns])
    def on_click(*args):
        if not callback_context.triggered:
            raise PreventUpdate
        trigger = callback_context.triggered[0]
        return "Just clicked {} for the {} time!".format(trigger["prop_id"].split(".")[0], trigger["value"])

    with AppDriver(app) as d:
        for i in range(1, 5):
            for btn in btns:
                d.click(btn)
                assert text(d, "output") == f"Just clicked {btn} for the {i} time!"


def test_cbcx003_no_callback_context():
    """Dash: tests/integration/callbacks/test_callback_context.py::test_cbcx003_no_callback_context"""
    for attr in ["inputs", "states", "triggered", "response"]:
        with pytest.raises(MissingCallbackContextException):
            getattr(callback_context, attr)


def test_cbcx004_triggered_backward_compat():
    """Dash: tests/integration/callbacks/test_callback_context.py::test_cbcx004_triggered_backward_compat"""
    app = Dash(__name__)
    app.layout = html.Div([html.Button("click!", id="btn"), html.Div(id="out")])

    @app.callback(Output("out", "children"), [Input("btn", "n_clicks")])
    def report_triggered(n):
        triggered = callback_context.triggered
        bool_val = "truthy" if triggered else "falsy"
        split_propid = json.dumps(triggered[0]["prop_id"].split("."))
        full_val = json.dumps(triggered)
        return f"triggered is {bool_val}, has prop/id {split_propid}, and full value {full_val}"

    with AppDriver(app) as d:
        assert text(d, "out") == (
            'triggered is falsy, has prop/id ["", ""], and full value [{"prop_id": ".", "value": null}]'
        )
        d.click("btn")
        assert text(d, "out") == (
            'triggered is truthy, has prop/id ["btn", "n_clicks"], and full value [{"prop_id": "btn.n_clicks", "value": 1}]'
        )


def test_cbcx005_grouped_clicks():
    """Dash: tests/integration/callbacks/test_callback_context.py::test_cbcx005_grouped_clicks

    A click bubbles to every ancestor element with an id; the events of one click are one call
    (measured in Dash 4.4.1 with Chromium: one call with the button and its ancestors triggered)."""
    calls = []
    app = Dash(__name__)
    app.layout = html.Div(
        [
            html.Button("Button 0", id="btn0"),
            html.Div(
                [
                    html.Button("Button 1", id="btn1"),
                    html.Div([html.Div(id="div3"), html.Button("Button 2", id="btn2")], id="div2"),
                ],
                id="div1",
            ),
        ],
        id="div0",
    )

    @app.callback(
        Output("div3", "children"),
        [Input("div1", "n_clicks"), Input("div2", "n_clicks"), Input("btn0", "n_clicks"), Input("btn1", "n_clicks"), Input("btn2", "n_clicks")],
        prevent_initial_call=True,
    )
    def update(div1, div2, btn0, btn1, btn2):
        calls.append(({t["prop_id"] for t in callback_context.triggered}, dict(div1=div1, div2=div2, btn0=btn0, btn1=btn1, btn2=btn2)))

    with AppDriver(app) as d:
        d.click("btn0")
        assert len(calls) == 1
        assert calls[-1] == ({"btn0.n_clicks"}, dict(div1=None, div2=None, btn0=1, btn1=None, btn2=None))
        d.click("div1")
        assert len(calls) == 2
        assert calls[-1] == ({"div1.n_clicks"}, dict(div1=1, div2=None, btn0=1, btn1=None, btn2=None))
        d.click("btn1")
        assert len(calls) == 3
        assert calls[-1] == ({"btn1.n_clicks", "div1.n_clicks"}, dict(div1=2, div2=None, btn0=1, btn1=1, btn2=None))
        d.click("div2")
        assert len(calls) == 4
        assert calls[-1] == ({"div1.n_clicks", "div2.n_clicks"}, dict(div1=3, div2=1, btn0=1, btn1=1, btn2=None))
        d.click("btn2")
        assert len(calls) == 5
        assert calls[-1] == (
            {"btn2.n_clicks", "div1.n_clicks", "div2.n_clicks"},
            dict(div1=4, div2=2, btn0=1, btn1=1, btn2=1),
        )


def test_cbcx006_initial_callback_predecessor():
    """Dash: tests/integration/callbacks/test_callback_context.py::test_cbcx006_initial_callback_predecessor"""
    contexts = []
    app = Dash(__name__)
    app.layout = html.Div(
        [
            html.Div(
                [
                    html.Div([html.Label("ID: input-number-1"), dcc.Input(id="input-number-1", type="number", value=0)]),
                    html.Div([html.Label("ID: input-number-2"), dcc.Input(id="input-number-2", type="number", value=0)]),
                    html.Div([html.Label("ID: sum-number"), dcc.Input(id="sum-number", type="number", value=0, disabled=True)]),
                ],
                style={"display": "block"},
            ),
            html.Div(id="results"),
        ]
    )

    @app.callback(Output("sum-number", "value"), [Input("input-number-1", "value"), Input("input-number-2", "value")])
    def update_sum_number(n1, n2):
        contexts.append([t["prop_id"] for t in callback_context.triggered])
        return n1 + n2

    @app.callback(
        Output("results", "children"),
        [Input("input-number-1", "value"), Input("input-number-2", "value"), Input("sum-number", "value")],
    )
    def update_results(n1, n2, nsum):
        contexts.append([t["prop_id"] for t in callback_context.triggered])
        return [f"{n1} + {n2} = {nsum}", html.Br(), f"ctx.triggered={callback_context.triggered}"]

    with AppDriver(app) as d:
        assert contexts == [["."], ["sum-number.value"]]
        d.set("input-number-1", "value", 1)
        assert len(contexts) == 4
        assert contexts[2] == ["input-number-1.value"]
        assert sorted(contexts[3]) == ["input-number-1.value", "sum-number.value"]
        d.set("input-number-2", "value", 1)
        assert len(contexts) == 6
        assert contexts[4] == ["input-number-2.value"]
        assert sorted(contexts[5]) == ["input-number-2.value", "sum-number.value"]


def test_cbcx007_triggered_id():
    """Dash: tests/integration/callbacks/test_callback_context.py::test_cbcx007_triggered_id"""
    app = Dash(__name__)
    btns = [f"btn-{x}" for x in range(1, 6)]
    app.layout = html.Div([html.Div([html.Button(btn, id=btn) for btn in btns]), html.Div(id="output")])

    @app.callback(Output("output", "children"), [Input(x, "n_clicks") for x in btns])
    def on_click(*args):
        if not ctx.triggered:
            raise PreventUpdate
        for btn in btns:
            if btn in ctx.triggered_prop_ids.values():
                assert btn == ctx.triggered_id
                return f"Just clicked {btn}"

    with AppDriver(app) as d:
        for _ in range(1, 5):
            for btn in btns:
                d.click(btn)
                assert text(d, "output") == f"Just clicked {btn}"


def test_cbcx008_triggered_id_pmc():
    """Dash: tests/integration/callbacks/test_callback_context.py::test_cbcx008_triggered_id_pmc"""
    app = Dash()
    app.layout = html.Div([html.Button("Click me", id={"type": "btn", "index": "myindex"}), html.Div(id="output")])

    @app.callback(Output("output", "children"), Input({"type": "btn", "index": ALL}, "n_clicks"))
    def func(n_clicks):
        if ctx.triggered:
            _triggered_id, dict_id = next(iter(ctx.triggered_prop_ids.items()))
            assert dict_id == ctx.triggered_id
            if dict_id == {"type": "btn", "index": "myindex"}:
                return dict_id["index"]

    with AppDriver(app) as d:
        d.click({"type": "btn", "index": "myindex"})
        assert text(d, "output") == "myindex"
