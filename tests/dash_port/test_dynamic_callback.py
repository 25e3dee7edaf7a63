"""Dash's tests/integration/callbacks/ test_dynamic_callback.py, test_global_dash_callback.py,
test_layout_paths_with_callbacks.py and test_callback_error.py, re-expressed with AppDriver."""

from __future__ import annotations

import nbdash
from nbdash import Dash, Input, Output, dcc, html, set_props
from nbdash.testing import AppDriver

from .helpers import dash_paths, needs_clientside, text


def test_dync001_dynamic_callback():
    """Dash: tests/integration/callbacks/test_dynamic_callback.py::test_dync001_dynamic_callback"""
    app = Dash()
    app.layout = html.Div(
        [html.Div(id="output"), html.Button("create", id="create"), html.Div("initial", id="output-2"), html.Button("dynamic", id="dynamic")]
    )

    @app.callback(Output("output", "children"), Input("create", "n_clicks"), _allow_dynamic_callbacks=True, prevent_initial_call=True)
    def on_click(n_clicks):
        @app.callback(Output("output-2", "children"), Input("dynamic", "n_clicks"), prevent_initial_call=True)
        def on_click2(n_clicks2):
            return f"Dynamic clicks {n_clicks2}"

        return f"creator {n_clicks}"

    with AppDriver(app) as d:
        d.click("dynamic")
        d.click("create")
        assert text(d, "output") == "creator 1"
        assert text(d, "output-2") == "initial"
        d.click("dynamic")
        assert text(d, "output-2") == "Dynamic clicks 2"


def test_dync002_dynamic_callback_without_element():
    """Dash: tests/integration/callbacks/test_dynamic_callback.py::test_dync002_dynamic_callback_without_element"""
    app = Dash()
    app.layout = html.Div([html.Button("Add callbacks", id="add-callbacks"), html.Div(id="output")])

    @app.callback(Output("output", "children"), Input("add-callbacks", "n_clicks"), _allow_dynamic_callbacks=True, prevent_initial_call=True)
    def on_add_callback(_):
        @app.callback(Output("no-exist", "children"), Input("invalid", "n_clicks"))
        def addition(_):
            return "additional"

        return html.Div("add callbacks")

    with AppDriver(app) as d:
        d.click("add-callbacks")
        assert text(d, "output") == "add callbacks"
        assert d.errors == []


@needs_clientside
def test_dash_callback_001():
    """Dash: tests/integration/callbacks/test_global_dash_callback.py::test_dash_callback_001"""
    app = Dash(__name__)
    app.layout = html.Div([dcc.Input(id="input")] + [html.Div(id=f"div-{i}") for i in range(1, 6)])

    @nbdash.callback(Output("div-1", "children"), Input("input", "value"))
    def update_1(value):
        return f"Input 1 - {value}"

    @nbdash.callback(Output("div-2", "children"), Input("input", "value"))
    def update_2(value):
        return f"Input 2 - {value}"

    @app.callback(Output("div-3", "children"), Input("input", "value"))
    def update_3(value):
        return f"Input 3 - {value}"

    app.clientside_callback("function (args) {return ('Input 4 - ' + args);}", Output("div-4", "children"), Input("input", "value"))
    nbdash.clientside_callback(  # type: ignore[attr-defined]
        "function (args) {return ('Input 5 - ' + args);}", Output("div-5", "children"), Input("input", "value")
    )

    with AppDriver(app) as d:
        d.set("input", "value", "dash.callback")
        for i in range(1, 6):
            assert text(d, f"div-{i}") == f"Input {i} - dash.callback"


def chapter_paths(chapter: str, nested: bool = False) -> dict[str, list]:
    base = ["components", "props", "children", 1, "props", "children"]
    if nested:
        base = base + [0, "props", "children"]
    names = ["header", "controls", "label", "graph"] if not nested else ["header", "label", "graph", "controls"]
    paths = {"toc": ["components", "props", "children", 0], "body": ["components", "props", "children", 1]}
    for i, name in enumerate(names):
        paths[f"{chapter}-{name}"] = base + ["props", "children", i]
    return paths


def test_cblp001_radio_buttons_callbacks_generating_children():
    """Dash: tests/integration/callbacks/test_layout_paths_with_callbacks.py::test_cblp001_radio_buttons_callbacks_generating_children"""
    app = Dash(__name__)
    app.layout = html.Div(
        [dcc.RadioItems(options=[{"label": f"Chapter {i}", "value": f"chapter{i}"} for i in range(1, 6)], value="chapter1", id="toc"), html.Div(id="body")]
    )
    chapters = {
        "chapter1": html.Div(
            [
                html.H1("Chapter 1", id="chapter1-header"),
                dcc.Dropdown(options=[{"label": i, "value": i} for i in ["NYC", "MTL", "SF"]], value="NYC", id="chapter1-controls"),
                html.Label(id="chapter1-label"),
                dcc.Graph(id="chapter1-graph"),
            ]
        ),
        "chapter2": html.Div(
            [
                html.H1("Chapter 2", id="chapter2-header"),
                dcc.RadioItems(options=[{"label": i, "value": i} for i in ["USA", "Canada"]], value="USA", id="chapter2-controls"),
                html.Label(id="chapter2-label"),
                dcc.Graph(id="chapter2-graph"),
            ]
        ),
        "chapter3": [
            html.Div(
                html.Div(
                    [
                        html.H3("Chapter 3", id="chapter3-header"),
                        html.Label(id="chapter3-label"),
                        dcc.Graph(id="chapter3-graph"),
                        dcc.RadioItems(options=[{"label": i, "value": i} for i in ["Summer", "Winter"]], value="Winter", id="chapter3-controls"),
                    ]
                )
            )
        ],
        "chapter4": "Just a string",
    }
    counts = {k: 0 for k in ["body"] + [f"chapter{c}-{w}" for c in (1, 2, 3) for w in ("graph", "label")]}

    @app.callback(Output("body", "children"), [Input("toc", "value")])
    def display_chapter(toc_value):
        counts["body"] += 1
        return chapters[toc_value]

    app.config.suppress_callback_exceptions = True

    def graph_callback(counter_id):
        def update_graph(value):
            counts[counter_id] += 1
            return {"data": [{"x": [f"Call Counter for: {counter_id}"], "y": [counts[counter_id]], "type": "bar"}], "layout": {"title": value}}

        return update_graph

    def label_callback(counter_id):
        def update_label(value):
            counts[counter_id] += 1
            return value

        return update_label

    for chapter in ["chapter1", "chapter2", "chapter3"]:
        app.callback(Output(f"{chapter}-graph", "figure"), [Input(f"{chapter}-controls", "value")])(graph_callback(f"{chapter}-graph"))
        app.callback(Output(f"{chapter}-label", "children"), [Input(f"{chapter}-controls", "value")])(label_callback(f"{chapter}-label"))

    def check_chapter(d, chapter, value):
        assert text(d, f"{chapter}-label") == value
        assert d.props(f"{chapter}-graph")["figure"]["layout"]["title"] == value

    def check_counts(names, count):
        for chapter in names:
            assert counts[f"{chapter}-graph"] == count and counts[f"{chapter}-label"] == count

    with AppDriver(app) as d:
        assert counts["body"] == 1 and counts["chapter1-graph"] == 1 and counts["chapter1-label"] == 1
        check_counts(("chapter2", "chapter3"), 0)
        assert dash_paths(d) == chapter_paths("chapter1")
        check_chapter(d, "chapter1", "NYC")

        d.set("toc", "value", "chapter2")
        assert counts["body"] == 2
        check_counts(("chapter2", "chapter1"), 1)
        assert dash_paths(d) == chapter_paths("chapter2")
        check_chapter(d, "chapter2", "USA")

        d.set("toc", "value", "chapter3")
        assert counts["body"] == 3
        check_counts(("chapter3", "chapter2", "chapter1"), 1)
        assert dash_paths(d) == chapter_paths("chapter3", nested=True)
        check_chapter(d, "chapter3", "Winter")

        d.set("toc", "value", "chapter4")
        assert text(d, "body") == "Just a string"
        assert dash_paths(d) == {"toc": ["components", "props", "children", 0], "body": ["components", "props", "children", 1]}

        d.set("toc", "value", "chapter1")
        assert dash_paths(d) == chapter_paths("chapter1")
        check_chapter(d, "chapter1", "NYC")


def test_cber001_error_handler():
    """Dash: tests/integration/callbacks/test_callback_error.py::test_cber001_error_handler"""

    def global_callback_error_handler(err):
        set_props("output-global", {"children": f"global: {err}"})

    app = Dash(on_error=global_callback_error_handler)
    app.layout = [
        html.Button("start", id="start-local"),
        html.Button("start-global", id="start-global"),
        html.Button("start-grouped", id="start-grouped"),
        html.Div(id="output"),
        html.Div(id="output-global"),
        html.Div(id="error-message"),
        html.Div("default-value", id="grouped-output"),
    ]

    def on_callback_error(err):
        set_props("error-message", {"children": f"message: {err}"})
        return f"callback: {err}"

    @app.callback(Output("output", "children"), Input("start-local", "n_clicks"), on_error=on_callback_error, prevent_initial_call=True)
    def on_start(_):
        raise Exception("local error")

    @app.callback(Output("output-global", "children"), Input("start-global", "n_clicks"), prevent_initial_call=True)
    def on_start_global(_):
        raise Exception("global error")

    @app.callback(output=dict(test=Output("grouped-output", "children")), inputs=dict(start=Input("start-grouped", "n_clicks")), prevent_initial_call=True)
    def on_start_grouped(start=0):
        raise Exception("grouped error")

    with AppDriver(app) as d:
        d.click("start-local")
        assert text(d, "output") == "callback: local error"
        assert text(d, "error-message") == "message: local error"
        d.click("start-global")
        assert text(d, "output-global") == "global: global error"
        d.click("start-grouped")
        assert text(d, "output-global") == "global: grouped error"
        assert text(d, "grouped-output") == "default-value"
        assert d.errors == []
