"""Dash's tests/integration/callbacks/test_arbitrary_callbacks.py, re-expressed with AppDriver."""

from __future__ import annotations

import pytest

import nbdash
from nbdash import Dash, Input, Output, html, set_props
from nbdash.testing import AppDriver

from .helpers import needs_clientside, text


def test_arb001_global_set_props():
    """Dash: tests/integration/callbacks/test_arbitrary_callbacks.py::test_arb001_global_set_props"""
    app = Dash()
    app.layout = html.Div([html.Div(id="output"), html.Div(id="secondary-output"), html.Button("click", id="clicker")])

    @app.callback(Output("output", "children"), Input("clicker", "n_clicks"), prevent_initial_call=True)
    def on_click(n_clicks):
        set_props("secondary-output", {"children": "secondary"})
        return f"Clicked {n_clicks} times"

    with AppDriver(app) as d:
        d.click("clicker")
        assert text(d, "output") == "Clicked 1 times"
        assert text(d, "secondary-output") == "secondary"


def test_arb002_no_output_callbacks():
    """Dash: tests/integration/callbacks/test_arbitrary_callbacks.py::test_arb002_no_output_callbacks"""
    app = Dash()
    counter = []
    app.layout = html.Div([html.Div(id="secondary-output"), html.Button("no-output", id="no-output"), html.Button("no-output2", id="no-output2"), html.Button("no-output3", id="no-output3")])

    @app.callback(Input("no-output", "n_clicks"), prevent_initial_call=True)
    def no_output1(_):
        set_props("secondary-output", {"children": "no-output"})

    @app.callback(Input("no-output2", "n_clicks"), prevent_initial_call=True)
    def no_output2(_):
        set_props("secondary-output", {"children": "no-output2"})

    @app.callback(Input("no-output3", "n_clicks"), prevent_initial_call=True)
    def no_output3(_):
        counter.append(1)

    with AppDriver(app) as d:
        d.click("no-output")
        assert text(d, "secondary-output") == "no-output"
        d.click("no-output2")
        assert text(d, "secondary-output") == "no-output2"
        d.click("no-output3")
        assert counter == [1]


@pytest.mark.xfail(strict=True, reason="README: Not supported: multi-page apps (`use_pages`, `dash.register_page`)")
def test_arb003_arbitrary_pages():
    """Dash: tests/integration/callbacks/test_arbitrary_callbacks.py::test_arb003_arbitrary_pages"""
    app = Dash(use_pages=True, pages_folder="")
    nbdash.register_page(  # type: ignore[attr-defined]
        "page", "/", layout=html.Div([html.Div(id="secondary-output"), html.Button("no-output", id="no-output"), html.Button("no-output2", id="no-output2")])
    )

    @app.callback(Input("no-output", "n_clicks"), prevent_initial_call=True)
    def no_output(_):
        set_props("secondary-output", {"children": "no-output"})

    @app.callback(Input("no-output2", "n_clicks"), prevent_initial_call=True)
    def no_output_2(_):
        set_props("secondary-output", {"children": "no-output2"})

    with AppDriver(app) as d:
        d.click("no-output")
        assert text(d, "secondary-output") == "no-output"
        d.click("no-output2")
        assert text(d, "secondary-output") == "no-output2"


def test_arb004_wildcard_set_props():
    """Dash: tests/integration/callbacks/test_arbitrary_callbacks.py::test_arb004_wildcard_set_props"""
    app = Dash()
    app.layout = html.Div([html.Button("click", id="click"), html.Div(html.Div(id={"id": "output", "index": 0}), id="output")])

    @app.callback(Input("click", "n_clicks"), prevent_initial_call=True)
    def on_click(n_clicks):
        set_props({"id": "output", "index": 0}, {"children": f"Clicked {n_clicks} times"})

    with AppDriver(app) as d:
        d.click("click")
        assert text(d, "output") == "Clicked 1 times"


def test_arb005_no_output_error():
    """Dash: tests/integration/callbacks/test_arbitrary_callbacks.py::test_arb005_no_output_error"""
    app = Dash()
    app.layout = html.Div([html.Button("start", id="start")])

    @app.callback(Input("start", "n_clicks"), prevent_initial_call=True)
    def on_click(clicked):
        return f"clicked {clicked}"

    with AppDriver(app, raise_errors=False) as d:
        d.click("start")
        assert len(d.errors) == 1
        assert "Callback error with no output from input start.n_clicks" in str(d.callback_errors[0] if hasattr(d, "callback_errors") else d.app.errors[0])


def test_arb006_multi_set_props():
    """Dash: tests/integration/callbacks/test_arbitrary_callbacks.py::test_arb006_multi_set_props"""
    app = Dash()
    app.layout = [html.Button("start", id="start"), html.Div("initial", id="output")]

    @app.callback(Input("start", "n_clicks"))
    def on_click(_):
        set_props("output", {"children": "changed"})
        set_props("output", {"style": {"background": "rgb(255,0,0)"}})

    with AppDriver(app) as d:
        d.click("start")
        assert text(d, "output") == "changed"
        assert d.get("output", "style") == {"background": "rgb(255,0,0)"}


@needs_clientside
def test_arb007_clientside_no_output():
    """Dash: tests/integration/callbacks/test_arbitrary_callbacks.py::test_arb007_clientside_no_output"""
    app = Dash()
    app.layout = [html.Button("start", id="start1"), html.Button("start2", id="start2"), html.Div(id="output")]
    for name in ("start1", "start2"):
        nbdash.clientside_callback(  # type: ignore[attr-defined]
            "function(_) { dash_clientside.set_props('output', {children: '%s'}) }" % name, Input(name, "n_clicks"), prevent_initial_call=True
        )
    with AppDriver(app) as d:
        d.click("start1")
        assert text(d, "output") == "start1"
        d.click("start2")
        assert text(d, "output") == "start2"


def test_arb008_set_props_chain_cb():
    """Dash: tests/integration/callbacks/test_arbitrary_callbacks.py::test_arb008_set_props_chain_cb"""
    app = Dash(suppress_callback_exceptions=True)
    app.layout = html.Div(
        [html.Button("origin button", id="origin-button"), html.Div(id="generated-button-container"), html.Div("initial text", id="generated-button-output")]
    )

    @app.callback(Input("origin-button", "n_clicks"))
    def generate_button(n_clicks):
        set_props("generated-button-container", {"children": html.Button("generated button", id="generated-button", n_clicks=0)})

    @app.callback(Output("generated-button-output", "children"), Input("generated-button", "n_clicks", allow_optional=True), prevent_initial_call=True)
    def update_output(n_clicks):
        return f"n_clicks: {n_clicks}"

    with AppDriver(app) as d:
        d.click("origin-button")
        for i in range(1, 5):
            d.click("generated-button")
            assert text(d, "generated-button-output") == f"n_clicks: {i}"
