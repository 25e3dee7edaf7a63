"""Dash's tests/integration/callbacks/test_wildcards.py, re-expressed with AppDriver."""

from __future__ import annotations

import json
import threading

import pytest

import nbdash
from nbdash import ALL, MATCH, Dash, Input, Output, State, dcc, html, set_props
from nbdash.testing import AppDriver

from .apps import fibonacci_app, grouping_app, todo_app
from .helpers import needs_clientside, peek, text, until


def stringify_id(id_):
    return json.dumps(id_, sort_keys=True, separators=(",", ":")) if isinstance(id_, dict) else id_


@pytest.mark.parametrize("content_callback", (False, True))
def test_cbwc001_todo_app(content_callback):
    """Dash: tests/integration/callbacks/test_wildcards.py::test_cbwc001_todo_app"""
    app = todo_app(content_callback)
    with AppDriver(app) as d:
        assert text(d, "totals") == "0 of 0 items completed"
        assert app.counts == {"list": 1, "style": 0, "preceding": 0, "total": 1}

        def count():
            return len(d.get("list-container", "children") or [])

        def add(name):
            d.set("new-item", "value", name)
            d.click("add")

        def done(item):
            key = {"action": "done", "item": item}
            d.set(key, "value", [] if d.get(key, "value") else ["done"])

        def assert_item(item, label, is_done, prefix="", suffix=""):
            assert text(d, {"item": item}) == label
            expected = "" if is_done else prefix + " preceding items are done" + suffix
            assert text(d, {"item": item, "preceding": True}) == expected
            assert bool(d.get({"action": "done", "item": item}, "value")) == is_done

        for n, name in enumerate(["apples", "bananas", "carrots", "dates"], 1):
            add(name)
            assert text(d, "totals") == f"0 of {n} items completed - 0%"
            assert count() == n
        assert_item(0, "apples", False, "0 of 0", " DO THIS NEXT!")
        assert_item(1, "bananas", False, "0 of 1")
        assert_item(2, "carrots", False, "0 of 2")
        assert_item(3, "dates", False, "0 of 3")

        done(2)
        assert text(d, "totals") == "1 of 4 items completed - 25%"
        assert_item(0, "apples", False, "0 of 0", " DO THIS NEXT!")
        assert_item(1, "bananas", False, "0 of 1")
        assert_item(2, "carrots", True)
        assert_item(3, "dates", False, "1 of 3")

        done(0)
        assert text(d, "totals") == "2 of 4 items completed - 50%"
        assert_item(0, "apples", True)
        assert_item(1, "bananas", False, "1 of 1", " DO THIS NEXT!")
        assert_item(2, "carrots", True)
        assert_item(3, "dates", False, "2 of 3")

        d.click("clear-done")
        assert text(d, "totals") == "0 of 2 items completed - 0%"
        assert count() == 2
        assert_item(0, "bananas", False, "0 of 0", " DO THIS NEXT!")
        assert_item(1, "dates", False, "0 of 1")

        done(0)
        assert text(d, "totals") == "1 of 2 items completed - 50%"
        assert_item(0, "bananas", True)
        assert_item(1, "dates", False, "1 of 1", " DO THIS NEXT!")
        done(1)
        assert text(d, "totals") == "2 of 2 items completed - 100%"
        assert_item(0, "bananas", True)
        assert_item(1, "dates", True)

        d.click("clear-done")  # triggered by deleted components
        assert text(d, "totals") == "0 of 0 items completed"
        assert count() == 0


def fibonacci_steps(d):
    assert text(d, "sum") == "4 elements, sum: 4"
    for n, expected in [(5, 7), (6, 12), (7, 20), (6, 12), (5, 7), (4, 4), (3, 2), (2, 1), (1, 0), (0, 0)]:
        d.set("n", "value", n)
        assert text(d, "sum") == f"{n} elements, sum: {expected}"


@pytest.mark.parametrize("clientside", (False, pytest.param(True, marks=needs_clientside)))
def test_cbwc002_fibonacci_app(clientside):
    """Dash: tests/integration/callbacks/test_wildcards.py::test_cbwc002_fibonacci_app"""
    with AppDriver(fibonacci_app(clientside)) as d:
        fibonacci_steps(d)


def test_cbwc003_same_keys():
    """Dash: tests/integration/callbacks/test_wildcards.py::test_cbwc003_same_keys"""
    app = Dash(__name__, suppress_callback_exceptions=True)
    app.layout = html.Div([html.Button("Add Filter", id="add-filter", n_clicks=0), html.Div(id="container", children=[])])

    @app.callback(Output("container", "children"), [Input("add-filter", "n_clicks")], [State("container", "children")])
    def display_dropdowns(n_clicks, children):
        return children + [
            html.Div(
                [
                    dcc.Dropdown(id={"type": "dropdown", "index": n_clicks}, options=[{"label": i, "value": i} for i in ["NYC", "MTL", "LA", "TOKYO"]]),
                    html.Div(id={"type": "output", "index": n_clicks}),
                ]
            )
        ]

    @app.callback(Output({"type": "output", "index": MATCH}, "children"), [Input({"type": "dropdown", "index": MATCH}, "value")], [State({"type": "dropdown", "index": MATCH}, "id")])
    def display_output(value, id):
        return html.Div(f"Dropdown {id['index']} = {value}")

    with AppDriver(app) as d:
        assert text(d, "add-filter") == "Add Filter"
        d.set({"type": "dropdown", "index": 0}, "value", "LA")
        assert text(d, {"type": "output", "index": 0}) == "Dropdown 0 = LA"
        d.click("add-filter")
        d.set({"type": "dropdown", "index": 1}, "value", "MTL")
        assert text(d, {"type": "output", "index": 1}) == "Dropdown 1 = MTL"
        assert text(d, {"type": "output", "index": 0}) == "Dropdown 0 = LA"
        assert d.errors == []


def test_cbwc004_layout_chunk_changed_props():
    """Dash: tests/integration/callbacks/test_wildcards.py::test_cbwc004_layout_chunk_changed_props"""
    app = Dash(__name__)
    app.layout = html.Div(
        [dcc.Input(id={"type": "input", "index": 1}, value="input-1"), html.Div(id="container"), html.Div(id="output-outer"), html.Button("Show content", id="btn")]
    )

    @app.callback(Output("container", "children"), [Input("btn", "n_clicks")])
    def display_output(n):
        if n:
            return html.Div([dcc.Input(id={"type": "input", "index": 2}, value="input-2"), html.Div(id="output-inner")])
        return "No content initially"

    def trigger_info():
        triggered = nbdash.callback_context.triggered
        return "triggered is {} with prop_ids {}".format("Truthy" if triggered else "Falsy", ", ".join(t["prop_id"] for t in triggered))

    @app.callback(Output("output-inner", "children"), [Input({"type": "input", "index": ALL}, "value")])
    def update_dynamic_output_pattern(wc_inputs):
        return trigger_info()

    @app.callback(Output("output-outer", "children"), [Input({"type": "input", "index": ALL}, "value")])
    def update_output_on_page_pattern(value):
        return trigger_info()

    with AppDriver(app) as d:
        assert text(d, "container") == "No content initially"
        assert text(d, "output-outer") == "triggered is Falsy with prop_ids ."
        d.click("btn")
        assert text(d, "output-outer") == 'triggered is Truthy with prop_ids {"index":2,"type":"input"}.value'
        assert text(d, "output-inner") == "triggered is Falsy with prop_ids ."
        d.set({"type": "input", "index": 1}, "value", "input-1X")
        trigger_text = 'triggered is Truthy with prop_ids {"index":1,"type":"input"}.value'
        assert text(d, "output-outer") == trigger_text
        assert text(d, "output-inner") == trigger_text


def test_cbwc005_callbacks_count():
    """Dash: tests/integration/callbacks/test_wildcards.py::test_cbwc005_callbacks_count"""
    app = fibonacci_app(False)
    with AppDriver(app) as d:
        assert app.counts == {"fib": 4, "sum": 2}  # initial + triggered
        for n, fib, total in [(5, 9, 3), (6, 15, 4), (5, 20, 5), (4, 24, 6), (3, 27, 7), (2, 29, 8), (1, 30, 9), (0, 30, 10)]:
            d.set("n", "value", n)
            assert app.counts == {"fib": fib, "sum": total}, n


def test_cbwc006_grouping_callbacks():
    """Dash: tests/integration/callbacks/test_wildcards.py::test_cbwc006_grouping_callbacks"""
    app = grouping_app()

    def expected_args(items_text):
        return dict(
            items=dict(
                all=[
                    {"id": {"id": i}, "property": "children", "value": t, "str_id": stringify_id({"id": i}), "triggered": False}
                    for i, t in enumerate(items_text[:-1])
                ],
                new=dict(id="new-item", property="value", value=items_text[-1], str_id="new-item", triggered=False),
            ),
            triggers=[
                {"id": "add", "property": "n_clicks", "value": len(items_text), "str_id": "add", "triggered": True},
                {"id": "new-item", "property": "n_submit", "value": None, "str_id": "new-item", "triggered": False},
            ],
        )

    outputs = dict(
        list_container={"id": "list-container", "property": "children"},
        new_item={"id": "new-item", "property": "value"},
        totals={"id": "totals", "property": "children"},
        cc_args_grouping={"id": "cc-args-grouping", "property": "children"},
        cc_outputs_grouping={"id": "cc-outputs-grouping", "property": "children"},
    )
    with AppDriver(app) as d:
        assert text(d, "title") == "Dash To-Do list"
        added = []
        for name in ["apples", "bananas", "carrots"]:
            added.append(name)
            d.set("new-item", "value", name)
            d.click("add")
            assert text(d, "totals") == f"{len(added)} total item(s)"
            assert len(d.get("list-container", "children")) == len(added)
            assert text(d, "cc-args-grouping") == repr(expected_args(added))
            assert text(d, "cc-outputs-grouping") == repr(outputs)


def test_cbwc007_pmc_update_subtree_ordering():
    """Dash: tests/integration/callbacks/test_wildcards.py::test_cbwc007_pmc_update_subtree_ordering"""
    app = Dash(__name__)
    app.layout = html.Div(
        [
            html.Button("refresh options", id="refresh-options"),
            html.Br(),
            html.Div(
                [dcc.Dropdown(id={"type": "demo-options", "index": i}, placeholder=f"dropdown-{i}") for i in range(2)]
                + [dcc.Dropdown(id={"type": "demo-options", "index": 2}, options=[f"option2-{i}" for i in range(3)], placeholder="dropdown-2")],
                id="dropdown-container",
            ),
            html.Br(),
            html.Pre(id="selected-values"),
        ]
    )

    @app.callback(
        [Output({"type": "demo-options", "index": 0}, "options"), Output({"type": "demo-options", "index": 1}, "options")],
        Input("refresh-options", "n_clicks"),
        prevent_initial_call=True,
    )
    def refresh_options(_):
        return [[f"option0-{i}" for i in range(3)], [f"option1-{i}" for i in range(3)]]

    @app.callback(Output("selected-values", "children"), Input({"type": "demo-options", "index": ALL}, "value"))
    def update_selected_values(values):
        return str(values)

    def dd(i):
        return {"type": "demo-options", "index": i}

    with AppDriver(app) as d:
        d.set(dd(2), "value", "option2-2")
        assert text(d, "selected-values") == "[None, None, 'option2-2']"
        d.click("refresh-options")
        d.set(dd(1), "value", "option1-2")
        assert text(d, "selected-values") == "[None, 'option1-2', 'option2-2']"
        d.set(dd(0), "value", "option0-2")
        assert text(d, "selected-values") == "['option0-2', 'option1-2', 'option2-2']"


def test_cbwc008_running_match():
    """Dash: tests/integration/callbacks/test_wildcards.py::test_cbwc008_running_match"""
    app = Dash()
    app.layout = [
        html.Div([html.Button("Test1", id={"component": "button", "index": "1"}), html.Button("Test2", id={"component": "button", "index": "2"})], id="buttons"),
        html.Div(html.Div(id={"component": "output", "index": "1"}), id="output1"),
        html.Div(html.Div(id={"component": "output", "index": "2"}), id="output2"),
    ]
    gate = threading.Event()

    @app.callback(
        Output({"component": "output", "index": MATCH}, "children"),
        Input({"component": "button", "index": MATCH}, "n_clicks"),
        running=[
            (Output({"component": "button", "index": MATCH}, "children"), "running", "finished"),
            (Output({"component": "button", "index": ALL}, "disabled"), True, False),
        ],
        prevent_initial_call=True,
    )
    def on_click(_):
        gate.wait(5)
        return "done"

    def button(i):
        return {"component": "button", "index": str(i)}

    with AppDriver(app) as d:
        for i in (1, 2):
            gate.clear()
            d.click(button(i), wait=False)
            try:
                until(lambda i=i: peek(d, button(i), "children") == "running")
                assert peek(d, button(1), "disabled") and peek(d, button(2), "disabled")
            finally:
                gate.set()
            d.wait_idle()
            assert text(d, {"component": "output", "index": str(i)}) == "done"
            assert text(d, button(i)) == "finished"
            assert not d.get(button(1), "disabled") and not d.get(button(2), "disabled")


def test_cbwc009_match_input_fixed_output():
    """Dash: tests/integration/callbacks/test_wildcards.py::test_cbwc009_match_input_fixed_output"""
    app = Dash(__name__)
    app.layout = html.Div([html.Button("Alpha", id={"type": "btn", "index": "alpha"}), html.Button("Beta", id={"type": "btn", "index": "beta"}), html.Div("initial", id="out")])

    @app.callback(Output("out", "children"), Input({"type": "btn", "index": MATCH}, "n_clicks"), State({"type": "btn", "index": MATCH}, "id"), prevent_initial_call=True)
    def show_clicked(_, id_):
        return f"clicked {id_['index']}"

    with AppDriver(app) as d:
        assert text(d, "out") == "initial"
        d.click({"type": "btn", "index": "alpha"})
        assert text(d, "out") == "clicked alpha"
        d.click({"type": "btn", "index": "beta"})
        assert text(d, "out") == "clicked beta"
        assert d.errors == []


def test_cbwc010_match_input_no_output():
    """Dash: tests/integration/callbacks/test_wildcards.py::test_cbwc010_match_input_no_output"""
    app = Dash(__name__)
    app.layout = html.Div([html.Button("One", id={"type": "btn", "index": 1}), html.Button("Two", id={"type": "btn", "index": 2}), html.Div("initial", id="out")])

    @app.callback(Input({"type": "btn", "index": MATCH}, "n_clicks"), State({"type": "btn", "index": MATCH}, "id"), prevent_initial_call=True)
    def announce(_, id_):
        set_props("out", {"children": f"clicked index={id_['index']}"})

    with AppDriver(app) as d:
        assert text(d, "out") == "initial"
        d.click({"type": "btn", "index": 1})
        assert text(d, "out") == "clicked index=1"
        d.click({"type": "btn", "index": 2})
        assert text(d, "out") == "clicked index=2"
        assert d.errors == []
