"""Dash's tests/integration/callbacks/test_missing_outputs.py, re-expressed with AppDriver."""

from __future__ import annotations

import threading

import pytest

import nbdash
from nbdash import ALL, MATCH, Dash, Input, Output, dcc, html, no_update
from nbdash.testing import AppDriver

from .helpers import needs_concurrency, peek, text, until


@pytest.mark.parametrize("with_simple", (False, True))
def test_cbmo001_all_output(with_simple):
    """Dash: tests/integration/callbacks/test_missing_outputs.py::test_cbmo001_all_output"""
    app = Dash(__name__)
    app.layout = html.Div([html.Button("items", id="items"), html.Button("values", id="values"), html.Div(id="content"), html.Div("Output init", id="output")])

    @app.callback(Output("content", "children"), [Input("items", "n_clicks")])
    def set_content(n1):
        return [html.Div(id={"i": i}) for i in range((n1 or 0) % 4)]

    if with_simple:

        @app.callback([Output({"i": ALL}, "children"), Output("output", "children")], [Input("values", "n_clicks"), Input({"i": ALL}, "id")])
        def content_and_output(n2, content_ids):
            content = [n2 or 0] * len(content_ids)
            return content, sum(content)

    else:

        @app.callback(Output({"i": ALL}, "children"), [Input("values", "n_clicks")])
        def content_inner(n2):
            n1 = len(nbdash.callback_context.outputs_list)
            if not n1:
                raise ValueError("should not be called with no outputs!")
            return [n2 or 0] * n1

        @app.callback(Output("output", "children"), [Input({"i": ALL}, "children")])
        def out2(contents):
            return sum(contents)

    actions = [
        ["values", "", "0"], ["items", "1", "1"], ["values", "2", "2"], ["items", "2\n2", "4"], ["values", "3\n3", "6"],
        ["items", "3\n3\n3", "9"], ["values", "4\n4\n4", "12"], ["items", "", "0"], ["values", "", "0"], ["items", "5", "5"],
    ]  # fmt: skip
    with AppDriver(app) as d:
        assert text(d, "content") == ""
        assert text(d, "output") == "0"
        for button, content, output in actions:
            d.click(button)
            assert (text(d, "content"), text(d, "output")) == (content, output), button
        assert not d.errors


@pytest.mark.parametrize("with_simple", (False, True))
def test_cbmo002_all_and_match_output(with_simple):
    """Dash: tests/integration/callbacks/test_missing_outputs.py::test_cbmo002_all_and_match_output"""
    app = Dash(__name__)
    app.layout = html.Div([html.Button("items", id="items"), html.Button("values", id="values"), html.Div(id="content")])

    @app.callback(Output("content", "children"), [Input("items", "n_clicks")])
    def set_content(n1):
        return [
            html.Div(
                [
                    html.Div([html.Div(id={"i": i, "j": j}) for i in range(((n1 or 0) + j) % 4)], id=f"content{j}"),
                    html.Div(id={"j": j}),
                    html.Hr(),
                ]
            )
            for j in range(4)
        ]

    if with_simple:

        @app.callback(
            [Output({"i": ALL, "j": MATCH}, "children"), Output({"j": MATCH}, "children")],
            [Input("values", "n_clicks"), Input({"i": ALL, "j": MATCH}, "id")],
        )
        def content_and_output(n2, content_ids):
            content = [n2 or 0] * len(content_ids)
            return content, sum(content)

    else:

        @app.callback(Output({"i": ALL, "j": MATCH}, "children"), [Input("values", "n_clicks")])
        def content_inner(n2):
            n1 = len(nbdash.callback_context.outputs_list)
            if not n1:
                raise ValueError("should not be called with no outputs!")
            return [n2 or 0] * n1

        @app.callback(Output({"j": MATCH}, "children"), [Input({"i": ALL, "j": MATCH}, "children")])
        def out2(contents):
            return sum(contents)

    actions = [
        ["values", [["", "0"], ["1", "1"], ["1\n1", "2"], ["1\n1\n1", "3"]]],
        ["items", [["1", "1"], ["1\n1", "2"], ["1\n1\n1", "3"], ["", "0"]]],
        ["values", [["2", "2"], ["2\n2", "4"], ["2\n2\n2", "6"], ["", "0"]]],
        ["items", [["2\n2", "4"], ["2\n2\n2", "6"], ["", "0"], ["2", "2"]]],
        ["values", [["3\n3", "6"], ["3\n3\n3", "9"], ["", "0"], ["3", "3"]]],
        ["items", [["3\n3\n3", "9"], ["", "0"], ["3", "3"], ["3\n3", "6"]]],
        ["values", [["4\n4\n4", "12"], ["", "0"], ["4", "4"], ["4\n4", "8"]]],
        ["items", [["", "0"], ["4", "4"], ["4\n4", "8"], ["4\n4\n4", "12"]]],
        ["values", [["", "0"], ["5", "5"], ["5\n5", "10"], ["5\n5\n5", "15"]]],
        ["items", [["5", "5"], ["5\n5", "10"], ["5\n5\n5", "15"], ["", "0"]]],
    ]
    with AppDriver(app) as d:
        assert text(d, "content0") == ""
        assert text(d, {"j": 0}) == "0"
        for button, spec in actions:
            d.click(button)
            got = [[text(d, f"content{j}"), text(d, {"j": j})] for j in range(4)]
            assert got == spec, button
        assert not d.errors


def test_cbmo003_multi_all():
    """Dash: tests/integration/callbacks/test_missing_outputs.py::test_cbmo003_multi_all"""
    app = Dash(__name__)
    app.layout = html.Div(
        [html.Button("items", id="items"), html.Button("values", id="values"), html.Div(id="content1"), html.Hr(), html.Div(id="content2"), html.Hr(), html.Div("Output init", id="output")]
    )

    @app.callback([Output("content1", "children"), Output("content2", "children")], [Input("items", "n_clicks")])
    def content(n1):
        return [html.Div(id={"i": i}) for i in range(((n1 or 0) + 2) % 4)], [html.Div(id={"j": j}) for j in range((n1 or 0) % 3)]

    @app.callback([Output({"i": ALL}, "children"), Output({"j": ALL}, "children")], [Input("values", "n_clicks")])
    def content_inner(n2):
        n1i = len(nbdash.callback_context.outputs_list[0])
        n1j = len(nbdash.callback_context.outputs_list[1])
        if not n1i + n1j:
            raise ValueError("should not be called with no outputs!")
        return [n2 or 0] * n1i, [(n2 or 0) + 2] * n1j

    @app.callback(Output("output", "children"), [Input({"i": ALL}, "children"), Input({"j": ALL}, "children")])
    def out2(ci, cj):
        return sum(ci) + sum(cj)

    actions = [
        ["values", "1\n1", "", "2"], ["items", "1\n1\n1", "3", "6"], ["values", "2\n2\n2", "4", "10"], ["items", "", "4\n4", "8"],
        ["values", "", "5\n5", "10"], ["items", "3", "", "3"], ["values", "4", "", "4"], ["items", "4\n4", "6", "14"],
        ["values", "5\n5", "7", "17"], ["items", "5\n5\n5", "7\n7", "29"], ["values", "6\n6\n6", "8\n8", "34"],
        ["items", "", "", "0"], ["values", "", "", "0"], ["items", "7", "9", "16"],
    ]  # fmt: skip
    with AppDriver(app) as d:
        assert (text(d, "content1"), text(d, "content2"), text(d, "output")) == ("0\n0", "", "0")
        for button, c1, c2, output in actions:
            d.click(button)
            assert (text(d, "content1"), text(d, "content2"), text(d, "output")) == (c1, c2, output), button
        assert not d.errors


@needs_concurrency
def test_cbmo004_removing_element_while_waiting_to_update():
    """Dash: tests/integration/callbacks/test_missing_outputs.py::test_cbmo004_removing_element_while_waiting_to_update"""
    app = Dash(__name__, suppress_callback_exceptions=True)
    app.layout = html.Div([dcc.RadioItems(id="toc", options=[{"label": i, "value": i} for i in ["1", "2"]], value="1"), html.Div(id="body")])
    counts = {"body": 0, "button-output": 0}
    release = threading.Event()

    @app.callback(Output("body", "children"), Input("toc", "value"))
    def update_body(chapter):
        counts["body"] += 1
        if chapter == "1":
            return [html.Div("Chapter 1", id="ch1-title"), html.Button("clicking this button takes forever", id="button"), html.Div(id="button-output")]
        return "Chapter 2"

    @app.callback(Output("button-output", "children"), Input("button", "n_clicks"))
    def this_callback_takes_forever(n_clicks):
        if not n_clicks:
            return "Initial Value"
        release.wait(5)
        counts["button-output"] += 1
        return "New value!"

    def chapter2(d):
        assert text(d, "body") == "Chapter 2"
        assert peek(d, "toc", "value") == "2"

    with AppDriver(app) as d:
        assert text(d, "ch1-title") == "Chapter 1"
        assert counts["body"] == 1
        d.click("button", wait=False)
        d.set("toc", "value", "2", wait=False)
        try:
            until(lambda: peek(d, "body", "children") == "Chapter 2", timeout=1)
            chapter2(d)
            assert counts["button-output"] == 0
        finally:
            release.set()
        d.wait_idle()
        assert counts["button-output"] == 1
        chapter2(d)
        assert not d.errors


def test_cbmo005_no_update_single_to_multi():
    """Dash: tests/integration/callbacks/test_missing_outputs.py::test_cbmo005_no_update_single_to_multi"""
    app = Dash(__name__)
    app.layout = html.Div(
        [
            dcc.Input(id="input-box", type="text", value=""),
            html.Button("Submit", id="button"),
            html.Div(id="output-1", children="Output 1 will be displayed here"),
            html.Div(id="output-2", children="Output 2 will be displayed here"),
        ]
    )

    @app.callback(Output("output-1", "children"), Output("output-2", "children"), Input("button", "n_clicks"), Input("input-box", "value"))
    def update_outputs(n_clicks, value):
        if n_clicks is None:
            return no_update
        return "Hello", "world!"

    with AppDriver(app) as d:
        assert d.errors == []
        assert text(d, "output-1") == "Output 1 will be displayed here"
