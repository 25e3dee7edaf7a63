"""Dash's tests/integration/callbacks/test_missing_inputs.py, re-expressed with AppDriver."""

from __future__ import annotations

from nbdash import ALL, MATCH, Dash, Input, Output, State, html
from nbdash.testing import AppDriver

from .helpers import text


def outputs_app(*extra, ids=("title",)) -> Dash:
    app = Dash(__name__, suppress_callback_exceptions=True)
    app.layout = html.Div([html.Div("Title", id="title"), html.Button("click", id="btn"), html.Div(id="content"), *extra])
    return app


def test_cbmi001_all_missing_inputs():
    """Dash: tests/integration/callbacks/test_missing_inputs.py::test_cbmi001_all_missing_inputs"""
    app = outputs_app(*[html.Div(f"output{i} init", id=f"out{i}") for i in (1, 2, 3)])

    @app.callback(Output("content", "children"), [Input("btn", "n_clicks")])
    def content(n):
        return [html.Div("A", id="a"), html.Div("B", id="b"), html.Div("C", id="c")] if n else "content init"

    @app.callback(Output("out1", "children"), [Input("a", "children"), Input("b", "children")], [State("c", "children"), State("title", "children")])
    def out1(a, b, c, title):
        assert c == "C"
        assert title == "Title"
        return a + b

    @app.callback(Output("out2", "children"), [Input("out1", "children")], [State("title", "children")])
    def out2(out1, title):
        return out1 + " - 2 - " + title

    @app.callback(Output("out3", "children"), [Input("out1", "children"), Input("title", "children")])
    def out3(out1, title):
        return out1 + " - 3 - " + title

    with AppDriver(app) as d:
        assert text(d, "out3") == "output1 init - 3 - Title"
        assert text(d, "out1") == "output1 init"
        assert text(d, "out2") == "output2 init"
        d.click("btn")
        assert text(d, "out1") == "AB"
        assert text(d, "out2") == "AB - 2 - Title"
        assert text(d, "out3") == "AB - 3 - Title"
        assert not d.errors


def test_cbmi002_follow_on_to_two_skipped_callbacks():
    """Dash: tests/integration/callbacks/test_missing_inputs.py::test_cbmi002_follow_on_to_two_skipped_callbacks"""
    app = Dash(__name__, suppress_callback_exceptions=True)
    app.layout = html.Div([html.Button("click", id="btn"), html.Div(id="content")] + [html.Div(f"output{i} init", id=f"out{i}") for i in (1, 2, 3)])

    @app.callback(Output("content", "children"), [Input("btn", "n_clicks")])
    def content(n):
        return [html.Div("A", id="a"), html.Div("B", id="b")] if n else "content init"

    @app.callback(Output("out1", "children"), [Input("a", "children")])
    def out1(a):
        return a

    @app.callback(Output("out2", "children"), [Input("b", "children")])
    def out2(b):
        return b

    @app.callback(Output("out3", "children"), [Input("out1", "children"), Input("out2", "children")])
    def out3(out1, out2):
        return out1 + out2

    with AppDriver(app) as d:
        for i in "123":
            assert text(d, "out" + i) == f"output{i} init"
        d.click("btn")
        assert [text(d, f"out{i}") for i in "123"] == ["A", "B", "AB"]
        assert not d.errors


def test_cbmi003_some_missing_inputs():
    """Dash: tests/integration/callbacks/test_missing_inputs.py::test_cbmi003_some_missing_inputs"""
    app = outputs_app(html.Div("output1 init", id="out1"), html.Div("output2 init", id="out2"))

    @app.callback(Output("content", "children"), [Input("btn", "n_clicks")])
    def content(n):
        return [html.Div("A", id="a"), html.Div("B", id="b")] if n else "content init"

    @app.callback(Output("out1", "children"), [Input("a", "children"), Input("title", "children")])
    def out1(a, title):
        return a + title

    @app.callback(Output("out2", "children"), [Input("out1", "children")])
    def out2(out1):
        return out1 + " - 2"

    with AppDriver(app, raise_errors=False) as d:
        assert text(d, "content") == "content init"
        assert [type(e).__name__ for e in d.errors] == ["ReferenceError"]
        assert "The id of this object is `a` and the property is `children`." in str(d.errors[0])
        d.click("btn")  # after the error the app still works, and no more errors
        assert text(d, "out2") == "ATitle - 2"
        assert len(d.errors) == 1


def test_cbmi004_some_missing_outputs():
    """Dash: tests/integration/callbacks/test_missing_inputs.py::test_cbmi004_some_missing_outputs"""
    app = Dash(__name__, suppress_callback_exceptions=True)
    app.layout = html.Div([html.Button("click", id="btn"), html.Div(id="content"), html.Div("output1 init", id="out1")])

    @app.callback(Output("content", "children"), [Input("btn", "n_clicks")])
    def content(n):
        return [html.Div("A", id="a"), html.Div("B", id="b")] if n else "content init"

    @app.callback([Output("out1", "children"), Output("b", "children")], [Input("a", "children")])
    def out1(a):
        return a, a

    with AppDriver(app) as d:
        assert text(d, "content") == "content init"
        assert text(d, "out1") == "output1 init"
        d.click("btn")
        assert text(d, "out1") == "A"
        assert text(d, "b") == "A"
        assert not d.errors


def items_content(app, tail=None):
    @app.callback(Output("content", "children"), [Input("btn", "n_clicks")])
    def content(n):
        out = [html.Div(f"item {i}", id={"i": i}) for i in range(n or 0)]
        if tail is None:
            return out or "content init"
        return (out + [tail()]) if out else "content init"


def test_cbmi005_all_multi_wildcards_with_output():
    """Dash: tests/integration/callbacks/test_missing_inputs.py::test_cbmi005_all_multi_wildcards_with_output"""
    app = outputs_app(html.Div("output1 init", id="out1"), html.Div("output2 init", id="out2"))
    items_content(app)

    @app.callback(Output("out1", "children"), [Input({"i": ALL}, "children")])
    def out1(items):
        return ", ".join(items) or "no items"

    @app.callback(Output("out2", "children"), [Input("out1", "children")])
    def out2(out1):
        return out1 + " - 2"

    with AppDriver(app) as d:
        assert text(d, "out2") == "no items - 2"
        assert text(d, "out1") == "no items"
        assert text(d, "content") == "content init"
        d.click("btn")
        assert (text(d, "out1"), text(d, "out2")) == ("item 0", "item 0 - 2")
        d.click("btn")
        assert (text(d, "out1"), text(d, "out2")) == ("item 0, item 1", "item 0, item 1 - 2")
        assert not d.errors


def test_cbmi006_all_multi_wildcards_no_outputs():
    """Dash: tests/integration/callbacks/test_missing_inputs.py::test_cbmi006_all_multi_wildcards_no_outputs"""
    app = outputs_app(html.Div("output2 init", id="out2"))
    items_content(app, tail=lambda: html.Div("output1 init", id="out1"))

    @app.callback(Output("out1", "children"), [Input({"i": ALL}, "children")])
    def out1(items):
        return ", ".join(items) or "no items"

    @app.callback(Output("out2", "children"), [Input("out1", "children")])
    def out2(out1):
        return out1 + " - 2"

    with AppDriver(app) as d:
        assert text(d, "out2") == "output2 init"
        assert text(d, "content") == "content init"
        d.click("btn")
        assert (text(d, "out1"), text(d, "out2")) == ("item 0", "item 0 - 2")
        d.click("btn")
        assert (text(d, "out1"), text(d, "out2")) == ("item 0, item 1", "item 0, item 1 - 2")
        assert not d.errors


def test_cbmi007_all_multi_wildcards_some_outputs():
    """Dash: tests/integration/callbacks/test_missing_inputs.py::test_cbmi007_all_multi_wildcards_some_outputs"""
    app = outputs_app(html.Div("output2 init", id="out2"), html.Div("output3 init", id="out3"))
    items_content(app, tail=lambda: html.Div("output1 init", id="out1"))

    @app.callback([Output("out1", "children"), Output("out3", "children")], [Input({"i": ALL}, "children")])
    def out1(items):
        out = ", ".join(items) or "no items"
        return out, out + " - 3"

    @app.callback(Output("out2", "children"), [Input("out1", "children")])
    def out2(out1):
        return out1 + " - 2"

    with AppDriver(app) as d:
        assert (text(d, "out2"), text(d, "out3")) == ("output2 init", "output3 init")
        assert text(d, "content") == "content init"
        d.click("btn")
        assert [text(d, f"out{i}") for i in "123"] == ["item 0", "item 0 - 2", "item 0 - 3"]
        d.click("btn")
        assert [text(d, f"out{i}") for i in "123"] == ["item 0, item 1", "item 0, item 1 - 2", "item 0, item 1 - 3"]
        assert not d.errors


def test_cbmi008_multi_wildcards_and_simple_all_missing():
    """Dash: tests/integration/callbacks/test_missing_inputs.py::test_cbmi008_multi_wildcards_and_simple_all_missing"""
    app = outputs_app(html.Div("output1 init", id="out1"), html.Div("output2 init", id="out2"))
    items_content(app, tail=lambda: html.Div("A", id="a"))

    @app.callback(Output("out1", "children"), [Input({"i": ALL}, "children"), Input("a", "children")])
    def out1(items, a):
        return a + " - " + (", ".join(items) or "no items")

    @app.callback(Output("out2", "children"), [Input("out1", "children")])
    def out2(out1):
        return out1 + " - 2"

    with AppDriver(app) as d:
        assert text(d, "content") == "content init"
        assert (text(d, "out1"), text(d, "out2")) == ("output1 init", "output2 init")
        d.click("btn")
        assert (text(d, "out1"), text(d, "out2")) == ("A - item 0", "A - item 0 - 2")
        d.click("btn")
        assert (text(d, "out1"), text(d, "out2")) == ("A - item 0, item 1", "A - item 0, item 1 - 2")
        assert not d.errors


def test_cbmi009_match_wildcards_all_missing():
    """Dash: tests/integration/callbacks/test_missing_inputs.py::test_cbmi009_match_wildcards_all_missing"""
    app = Dash(__name__, suppress_callback_exceptions=True)
    app.layout = html.Div(
        [
            html.Div("Title", id={"i": 0, "id": "title"}),
            html.Button("click", id="btn"),
            html.Div(id="content"),
        ]
        + [html.Div(f"output{i} init", id={"i": 0, "id": f"out{i}"}) for i in (1, 2, 3)]
    )

    @app.callback(Output("content", "children"), [Input("btn", "n_clicks")])
    def content(n):
        return [html.Div(v, id={"i": 0, "id": v.lower()}) for v in "ABC"] if n else "content init"

    @app.callback(
        Output({"i": MATCH, "id": "out1"}, "children"),
        [Input({"i": MATCH, "id": "a"}, "children"), Input({"i": MATCH, "id": "b"}, "children")],
        [State({"i": MATCH, "id": "c"}, "children"), State({"i": MATCH, "id": "title"}, "children")],
    )
    def out1(a, b, c, title):
        assert c == "C"
        assert title == "Title"
        return a + b

    @app.callback(Output({"i": MATCH, "id": "out2"}, "children"), [Input({"i": MATCH, "id": "out1"}, "children")], [State({"i": MATCH, "id": "title"}, "children")])
    def out2(out1, title):
        return out1 + " - 2 - " + title

    @app.callback(
        Output({"i": MATCH, "id": "out3"}, "children"),
        [Input({"i": MATCH, "id": "out1"}, "children"), Input({"i": MATCH, "id": "title"}, "children")],
    )
    def out3(out1, title):
        return out1 + " - 3 - " + title

    def out(name):
        return text(d, {"i": 0, "id": name})

    with AppDriver(app) as d:
        assert out("out3") == "output1 init - 3 - Title"
        assert out("out1") == "output1 init"
        assert out("out2") == "output2 init"
        d.click("btn")
        assert [out(f"out{i}") for i in "123"] == ["AB", "AB - 2 - Title", "AB - 3 - Title"]
        assert not d.errors
