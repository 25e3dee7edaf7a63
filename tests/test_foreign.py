"""Dash's own components and every Dash component library in nbdash apps, kernel side
(nbdash/_foreign.py): layouts, callbacks, the tree index, events, errors, the headless driver.

Real DataTable (Dash), dash-bootstrap-components, dash-ag-grid, dash-mantine-components, dash-daq
and dash-cytoscape objects throughout; the browser half is libs-front's (tests/browser).
"""

from __future__ import annotations

import importlib
import json
import pickle
import sys
from collections.abc import Iterator
from typing import Any

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import dash_cytoscape as cyto
import dash_daq as daq
import dash_mantine_components as dmc
import plotly.utils
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from dash.development.base_component import Component as DashComponent

import nbdash
from nbdash import ALL, MATCH, Dash, Input, Output, Patch, State, ctx, dash_table, dcc, html
from nbdash import _foreign
from nbdash._foreign import (
    ForeignComponent,
    LibraryVersionError,
    children_props,
    class_for,
    dash_class,
    foreign_namespaces,
    foreign_types,
)
from nbdash._json import normalize, to_json
from nbdash._protocol import MAX_EVENT_BYTES
from nbdash.testing import AppDriver
from widget_page import Browser, close_widgets

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:dash.development.base_component")  # DataTable notice


@pytest.fixture(autouse=True)
def _no_leftover_widgets() -> Iterator[None]:
    yield
    close_widgets()


def dash_json(value: Any) -> Any:
    """What Dash itself sends the browser for a value (its JSON encoder over to_plotly_json)."""
    return json.loads(json.dumps(value, cls=plotly.utils.PlotlyJSONEncoder))


# -- a test library exercising every children-prop path form --------------------------------------------
class Panel(DashComponent):
    """A Dash component class as Dash's generator writes them, with every children-prop path form."""

    _children_props = ["header", "footer.title", "items[]", "rows[].cell", "slots{}", "tabs{}.label"]
    _base_nodes = ["header", "footer", "items", "rows", "slots", "tabs", "children"]
    _namespace = "nbdash_test_panels"
    _type = "Panel"

    def __init__(self, children: Any = None, **kwargs: Any) -> None:
        self._prop_names = ["children", "id", "header", "footer", "items", "rows", "slots", "tabs", "extra", "n_clicks"]
        self._valid_wildcard_attributes = []
        self.available_properties = list(self._prop_names)
        self.available_wildcard_properties = []
        super().__init__(children=children, **kwargs)


def panel_layout() -> Panel:
    return Panel(
        [html.Span(id="child")],
        id="panel",
        header=html.B("h", id="head"),
        footer={"title": html.I(id="foot"), "note": "no component here"},
        items=[html.Li(id="item-0"), dbc.Badge("b", id="item-1")],
        rows=[{"cell": html.Td(id="cell-0"), "other": 1}, {"cell": [html.Td(id="cell-1a"), html.Td(id="cell-1b")]}],
        slots={"left": html.Div(id="slot-left"), "right": dbc.Button("r", id="slot-right")},
        tabs={"a": {"label": html.Em(id="tab-a")}, "b": {"label": "text"}},
        extra={"not_a_slot": {"deep": 1}},
    )


# -- placement and JSON ------------------------------------------------------------------------------------
def library_components() -> list[Any]:
    return [
        dash_table.DataTable(id="table", data=[{"a": 1, "b": "x"}], columns=[{"name": "A", "id": "a"}], page_size=5),
        dbc.Card([dbc.CardHeader("Head"), dbc.CardBody([html.P("p", id="p"), dbc.Button("Go", id="go", color="primary")])],
                 id="card"),
        dag.AgGrid(id="grid", rowData=[{"x": 1}], columnDefs=[{"field": "x"}], dashGridOptions={"animateRows": False}),
        dmc.MantineProvider(dmc.Select(id="sel", data=["a", "b"], value="a", label=html.Span("Pick", id="pick"))),
        daq.BooleanSwitch(id="switch", on=False),
        daq.Gauge(id="gauge", value=3, min=0, max=10),
        cyto.Cytoscape(id="cy", elements=[{"data": {"id": "n1", "label": "N1"}}], layout={"name": "grid"}),
    ]


LIBRARY_COMPONENT_NAMES = ["DataTable", "dbc.Card", "AgGrid", "dmc.MantineProvider", "daq.BooleanSwitch", "daq.Gauge",
                           "Cytoscape"]


@pytest.mark.parametrize("index", range(len(LIBRARY_COMPONENT_NAMES)), ids=LIBRARY_COMPONENT_NAMES)
def test_a_library_component_in_a_layout_sends_dashs_own_json(index: int) -> None:
    component = library_components()[index]  # built in the test, not at collection (DataTable warns)
    app = Dash()
    app.layout = html.Div([component], id="root")
    with AppDriver(app) as d:
        sent = to_json(d.app.session.tree.root)["props"]["children"][0]
    assert sent == dash_json(component)


LIBRARY_MODULES = ["dash.html", "dash.dcc", "dash.dash_table", "dash_bootstrap_components", "dash_ag_grid",
                   "dash_mantine_components", "dash_daq", "dash_cytoscape"]


def test_every_component_class_of_every_library_adopts_to_dashs_json() -> None:
    """Each class that builds from an id alone (or from nothing): nbdash's JSON equals Dash's."""
    checked: list[str] = []
    for module_name in LIBRARY_MODULES:
        module = importlib.import_module(module_name)
        for name in dir(module):
            cls = getattr(module, name)
            if not (isinstance(cls, type) and issubclass(cls, DashComponent)) or cls is DashComponent:
                continue
            try:
                obj = cls(id=f"x-{name}")
            except (TypeError, ImportError):  # required props (dmc charts...), or dash_leaflet missing
                continue
            assert to_json(normalize(obj)) == dash_json(obj), f"{module_name}.{name}"
            checked.append(f"{module_name}.{name}")
    assert len(checked) > 350, checked


def test_the_tree_json_matches_dash_for_nesting_both_ways() -> None:
    layout = html.Div([
        dbc.Row([dbc.Col(html.Div([dbc.Badge("1", id="badge"), dcc.Graph(id="g", figure={"data": []})]), width=6)]),
        dash.html.Section([dbc.Alert(dash.dcc.Markdown("**m**", id="md"), id="alert")], id="sec"),
    ], id="root")
    app = Dash()
    app.layout = layout
    with AppDriver(app) as d:
        sent = to_json(d.app.session.tree.root)
    assert sent == dash_json(layout)


def test_dash_html_and_dcc_objects_become_nbdashs_own() -> None:
    app = Dash()
    app.layout = dash.html.Div([dash.dcc.Input(id="in", value="v"), dbc.Card(dash.html.P(id="p"), id="card")], id="root")
    with AppDriver(app) as d:
        tree = d.app.session.tree
        assert type(tree.root) is html.Div
        assert type(tree.component("in")) is dcc.Input and type(tree.component("p")) is html.P
        assert isinstance(tree.component("card"), ForeignComponent)
        assert d.get("in", "value") == "v"
        assert dash_class(tree.component("in")) is None and dash_class(tree.component("p")) is None
        assert dash_class(tree.component("card")) is dbc.Card


def test_a_library_component_may_be_the_whole_layout() -> None:
    app = Dash()
    app.layout = dbc.Container([html.H1("t"), dbc.Button("b", id="b")], id="c")
    with AppDriver(app) as d:
        assert d.exists("b") and foreign_namespaces(d.app.session.tree) == ["dash_bootstrap_components"]
    app.layout = [dbc.Button("x", id="x"), html.Div(id="y")]
    with AppDriver(app) as d:
        assert d.exists("x") and d.exists("y")


def test_adopting_copies_so_later_mutation_of_the_users_objects_changes_nothing() -> None:
    button = dbc.Button("one", id="b")
    app = Dash()
    app.layout = html.Div([button])
    with AppDriver(app) as d:
        button.children = "two"
        assert d.get("b", "children") == "one"


# -- children props: exactly where the class says ---------------------------------------------------------------
def test_every_children_prop_path_form_is_indexed_and_only_those() -> None:
    app = Dash()
    app.layout = html.Div([panel_layout()], id="root")
    with AppDriver(app) as d:
        tree = d.app.session.tree
        paths = {id_: tree.entry(id_).path for id_ in tree.ids()}
    base = ("children", 0)
    assert paths == {
        "root": (),
        "panel": base,
        "child": (*base, "children", 0),
        "head": (*base, "header"),
        "foot": (*base, "footer", "title"),
        "item-0": (*base, "items", 0),
        "item-1": (*base, "items", 1),
        "cell-0": (*base, "rows", 0, "cell"),
        "cell-1a": (*base, "rows", 1, "cell", 0),
        "cell-1b": (*base, "rows", 1, "cell", 1),
        "slot-left": (*base, "slots", "left"),
        "slot-right": (*base, "slots", "right"),
        "tab-a": (*base, "tabs", "a", "label"),
    }


def test_a_real_librarys_list_item_path_is_indexed() -> None:
    app = Dash()
    app.layout = html.Div([dbc.RadioItems(id="radio", value=1, options=[
        {"label": html.B("one", id="label-1"), "value": 1},
        {"label": "two", "value": 2, "input_id": "not-a-component"},
    ])])
    with AppDriver(app) as d:
        assert d.app.session.tree.entry("label-1").path == ("children", 0, "options", 0, "label")
        assert d.get("label-1", "children") == "one"


def test_a_component_outside_the_children_props_is_not_part_of_the_tree() -> None:
    node = normalize(Panel(id="p", extra={"stray": html.Div(id="stray")}))
    assert isinstance(node, ForeignComponent)
    assert list(node) == []  # by-id iteration visits children props only
    app = Dash()
    app.layout = html.Div([node])
    with AppDriver(app) as d:
        assert not d.exists("stray")


def test_a_callback_replacing_a_children_prop_reindexes_exactly_its_paths() -> None:
    app = Dash()
    app.layout = html.Div([html.Button(id="b"), panel_layout()])

    @app.callback(Output("panel", "footer"), Output("panel", "rows"), Input("b", "n_clicks"), prevent_initial_call=True)
    def swap(n: int) -> tuple[Any, Any]:
        return ({"title": dbc.Badge("new title", id="new-foot"), "note": html.Div(id="not-indexed")},
                [{"cell": html.Td(id="new-cell"), "other": html.Div(id="also-not-indexed")}])

    with AppDriver(app) as d:
        d.click("b")
        tree = d.app.session.tree
        assert tree.entry("new-foot").path == ("children", 1, "footer", "title")
        assert tree.entry("new-cell").path == ("children", 1, "rows", 0, "cell")
        for gone in ("foot", "cell-0", "cell-1a", "not-indexed", "also-not-indexed"):
            assert not d.exists(gone), gone
        assert d.exists("item-0") and d.exists("tab-a")  # other children props untouched


def test_children_props_are_reported_per_namespace() -> None:
    assert children_props("nbdash_test_panels")["Panel"] == Panel._children_props
    assert children_props("dash_bootstrap_components")["Checklist"] == ["options[].label"]
    assert children_props("dash_mantine_components")["Select"] == dmc.Select._children_props
    assert children_props("no_such_namespace") == {}


def test_library_children_props_lists_imported_libraries_only() -> None:
    found = _foreign.library_children_props()
    assert found["nbdash_test_panels"]["Panel"] == Panel._children_props
    assert found["dash_bootstrap_components"]["RadioItems"] == ["options[].label"]
    assert "dash_html_components" not in found and "dash_core_components" not in found
    assert all(paths for types in found.values() for paths in types.values())


def test_foreign_namespaces_and_types_of_a_tree() -> None:
    app = Dash()
    app.layout = html.Div(library_components())
    with AppDriver(app) as d:
        tree = d.app.session.tree
        assert foreign_namespaces(tree) == [
            "dash_ag_grid", "dash_bootstrap_components", "dash_cytoscape", "dash_daq", "dash_mantine_components",
            "dash_table",
        ]
        assert foreign_types(tree.root)["dash_bootstrap_components"] == ["Button", "Card", "CardBody", "CardHeader"]
        assert foreign_types(tree)["dash_daq"] == ["BooleanSwitch", "Gauge"]
        assert dash_class(tree.component("table")) is dash_table.DataTable
        assert dash_class(tree.component("grid")) is dag.AgGrid


# -- by-id access through library components ---------------------------------------------------------------------
def test_by_id_access_reaches_into_library_components() -> None:
    layout = html.Div([dbc.Card(dbc.CardBody([html.P("x", id="p")]), id="card"), panel_layout()])
    assert layout["p"].children == "x"
    assert layout["card"] is layout.children[0]
    assert layout["cell-1b"]._type == "Td" and layout["tab-a"]._type == "Em" and layout["slot-right"].children == "r"
    assert {"card", "p", "panel", "head", "foot", "cell-0", "slot-left"} <= set(layout)
    layout["p"] = html.P("new", id="p")
    assert layout["p"].children == "new"
    layout["slot-left"] = html.Div("replaced", id="slot-left")
    assert layout["slot-left"].children == "replaced"
    del layout["item-0"]
    assert "item-0" not in set(layout) and "item-1" in set(layout)


# -- callbacks ----------------------------------------------------------------------------------------------------
def test_library_props_as_inputs_states_and_outputs() -> None:
    app = Dash()
    app.layout = html.Div([
        dash_table.DataTable(id="table", data=[{"a": 1}], columns=[{"name": "a", "id": "a"}]),
        dbc.Button("Go", id="go"),
        dbc.Alert("", id="alert", color="info"),
        daq.Gauge(id="gauge", value=0, min=0, max=10),
    ])

    @app.callback(
        Output("alert", "children"), Output("alert", "color"), Output("gauge", "value"),
        Input("table", "active_cell"), Input("go", "n_clicks"), State("table", "data"),
    )
    def show(cell: Any, n: Any, data: list[dict[str, Any]]) -> tuple[str, str, int]:
        return f"cell={cell} n={n} rows={len(data)}", "success" if n else "info", n or 0

    with AppDriver(app) as d:
        assert d.get("alert", "children") == "cell=None n=None rows=1"
        d.set("table", "active_cell", {"row": 0, "column": 0, "column_id": "a"})
        assert d.get("alert", "children") == "cell={'row': 0, 'column': 0, 'column_id': 'a'} n=None rows=1"
        d.click("go")
        assert d.props("alert")["color"] == "success" and d.get("gauge", "value") == 1
        d.click("go")
        assert d.get("gauge", "value") == 2


def test_callbacks_return_library_components_nested_both_ways_and_new_ids_work() -> None:
    app = Dash()
    app.layout = html.Div([html.Button("make", id="make"), html.Div(id="slot"), html.Div(id="log")])

    @app.callback(Output("slot", "children"), Input("make", "n_clicks"), prevent_initial_call=True)
    def make(n: int) -> Any:
        return dbc.Card(dbc.CardBody([html.P(f"card {n}", id="text"), dbc.Button("inner", id="inner")]), id="card")

    @app.callback(Output("log", "children"), Input("inner", "n_clicks"), prevent_initial_call=True)
    def log(n: int) -> Any:
        return html.Div([dmc.Badge(f"inner {n}", id="badge")])

    with AppDriver(app) as d:
        assert not d.exists("inner")
        d.click("make")
        assert d.get("text", "children") == "card 1"
        assert isinstance(d.get("slot", "children"), ForeignComponent)
        d.click("inner")
        assert d.get("badge", "children") == "inner 1"
        d.click("make")  # the card is replaced: ids re-indexed, the inner button starts over
        assert d.get("inner", "n_clicks") is None
        assert d.props("slot")["children"] == dash_json(
            dbc.Card(dbc.CardBody([html.P("card 2", id="text"), dbc.Button("inner", id="inner")]), id="card"))


def test_children_read_from_a_state_come_back_as_components_when_returned() -> None:
    app = Dash()
    app.layout = html.Div([
        html.Button(id="copy"),
        html.Div(dbc.Card([dbc.CardBody(html.P("original", id="orig"))], id="card"), id="src"),
        html.Div(id="dst"),
    ])

    @app.callback(Output("dst", "children"), Input("copy", "n_clicks"), State("src", "children"),
                  prevent_initial_call=True)
    def copy(n: int, children: Any) -> Any:
        assert children["namespace"] == "dash_bootstrap_components"  # callbacks get Dash's JSON
        children["props"]["id"] = "card-copy"
        children["props"]["children"][0]["props"]["children"]["props"]["id"] = "copy-p"
        return children

    with AppDriver(app) as d:
        d.click("copy")
        assert isinstance(d.get("dst", "children"), ForeignComponent)
        assert d.get("copy-p", "children") == "original"


def test_dict_ids_and_pattern_matching_with_library_components() -> None:
    app = Dash()
    app.layout = html.Div([
        *[dbc.Button(f"b{i}", id={"type": "btn", "index": i}) for i in range(3)],
        *[dbc.Badge("", id={"type": "badge", "index": i}) for i in range(3)],
        dmc.Text(id="total"),
    ])

    @app.callback(Output({"type": "badge", "index": MATCH}, "children"), Input({"type": "btn", "index": MATCH}, "n_clicks"))
    def one(n: Any) -> str:
        return f"{ctx.triggered_id and ctx.triggered_id['index']}:{n}"

    @app.callback(Output("total", "children"), Input({"type": "btn", "index": ALL}, "n_clicks"))
    def total(clicks: list[Any]) -> str:
        return str(sum(c or 0 for c in clicks))

    with AppDriver(app) as d:
        d.click({"type": "btn", "index": 1})
        d.click({"type": "btn", "index": 1})
        d.click({"type": "btn", "index": 2})
        assert d.get({"type": "badge", "index": 1}, "children") == "1:2"
        assert d.get({"type": "badge", "index": 2}, "children") == "2:1"
        assert d.get("total", "children") == "3"


def test_an_input_may_name_a_library_component_object() -> None:
    button = dbc.Button("auto")  # no id: Dash generates one, as for its own components
    app = Dash()
    app.layout = html.Div([button, html.Div(id="out")])

    @app.callback(Output("out", "children"), Input(button, "n_clicks"))
    def show(n: Any) -> str:
        return str(n)

    with AppDriver(app) as d:
        d.click(button.id)
        assert d.get("out", "children") == "1"


def test_patch_outputs_into_library_props() -> None:
    app = Dash()
    app.layout = html.Div([
        html.Button(id="add"),
        dash_table.DataTable(id="table", data=[{"a": 0}], columns=[{"name": "a", "id": "a"}]),
        dag.AgGrid(id="grid", rowData=[{"x": 0}], columnDefs=[{"field": "x"}]),
        dbc.Card(dbc.CardBody([html.P("first")], id="body"), id="card"),
    ])

    @app.callback(Output("table", "data"), Output("grid", "rowData"), Output("body", "children"),
                  Input("add", "n_clicks"), prevent_initial_call=True)
    def add(n: int) -> tuple[Patch, Patch, Patch]:
        rows, grid, body = Patch(), Patch(), Patch()
        rows.append({"a": n})
        grid[0]["x"] = n * 10
        body.append(dbc.Button(f"btn {n}", id=f"btn-{n}"))
        return rows, grid, body

    with AppDriver(app) as d:
        d.click("add")
        d.click("add")
        assert d.get("table", "data") == [{"a": 0}, {"a": 1}, {"a": 2}]
        assert d.get("grid", "rowData") == [{"x": 20}]
        assert d.exists("btn-2") and d.get("btn-1", "children") == "btn 1"
        d.click("btn-2")
        assert d.get("btn-2", "n_clicks") == 1


def test_a_foreign_node_pickles_back_to_the_same_class_and_props() -> None:
    node = normalize(dbc.Card(dbc.CardBody(html.P("x", id="p")), id="card"))
    again = pickle.loads(pickle.dumps(node))
    assert type(again) is type(node) and to_json(again) == to_json(node)


# -- the headless driver ----------------------------------------------------------------------------------------------
def driver_app() -> Dash:
    app = Dash()
    app.layout = dmc.MantineProvider(html.Div([
        dbc.Button("Go", id="go"),
        dmc.Button("M", id="mbtn"),
        dmc.Select(id="sel", data=["a", "b"], value="a"),
        daq.BooleanSwitch(id="switch", on=False),
        cyto.Cytoscape(id="cy", elements=[{"data": {"id": "n1"}}], layout={"name": "grid"}),
        dag.AgGrid(id="grid", rowData=[{"x": 1}], columnDefs=[{"field": "x"}]),
        dash_table.DataTable(id="table", data=[{"a": 1}]),
        html.Div(id="out"),
    ]))

    @app.callback(Output("out", "children"),
                  Input("go", "n_clicks"), Input("mbtn", "n_clicks"), Input("sel", "value"), Input("switch", "on"),
                  Input("cy", "tapNodeData"), Input("grid", "cellClicked"))
    def show(*values: Any) -> str:
        return repr(values)

    return app


def test_the_driver_sets_and_clicks_library_components() -> None:
    with AppDriver(driver_app()) as d:
        d.click("go")
        d.click("mbtn")
        d.set("sel", "value", "b")
        d.set("switch", "on", True)
        d.set("cy", "tapNodeData", {"id": "n1"})
        d.set("grid", "cellClicked", {"value": 1, "colId": "x", "rowIndex": 0, "rowId": "0"})
        assert d.get("out", "children") == repr(
            (1, 1, "b", True, {"id": "n1"}, {"value": 1, "colId": "x", "rowIndex": 0, "rowId": "0"}))
        assert d.props("go")["n_clicks"] == 1 and "n_clicks_timestamp" not in d.props("go")  # dbc has none
        assert isinstance(d.props("mbtn")["n_clicks"], int)
        assert d.history("sel", "value") == ["a", "b"]


def test_a_click_bubbles_to_library_ancestors_that_count_clicks() -> None:
    app = Dash()
    app.layout = html.Div([
        dbc.ListGroup([dbc.ListGroupItem(html.Span("inner", id="span"), id="item")], id="group"),  # group: no n_clicks
        dbc.Card(dbc.Button("b", id="btn"), id="card"),
    ], id="root")
    with AppDriver(app) as d:
        d.click("span")
        assert (d.get("span", "n_clicks"), d.get("item", "n_clicks"), d.get("root", "n_clicks")) == (1, 1, 1)
        assert "n_clicks" not in d.props("group")
        d.click("btn")
        assert d.get("btn", "n_clicks") == 1 and d.get("root", "n_clicks") == 2 and "n_clicks" not in d.props("card")


def test_the_driver_refuses_props_a_library_component_does_not_have_as_dash_does() -> None:
    with AppDriver(driver_app()) as d:
        with pytest.raises(TypeError) as ours:
            d.set("go", "colour", "red")
        with pytest.raises(TypeError) as dashs:
            dbc.Button("Go", id="go", colour="red")
        assert str(ours.value) == str(dashs.value)
        assert "dash_bootstrap_components.Button` component (version" in str(ours.value)
        assert "unexpected keyword argument: `colour`" in str(ours.value) and "Allowed arguments: active" in str(ours.value)
        with pytest.raises(TypeError, match="DataTable.*has no `n_clicks` prop"):
            d.click("table")


# -- events from the page ------------------------------------------------------------------------------------------------
def event_app() -> Dash:
    app = Dash()
    app.layout = html.Div([
        dash_table.DataTable(id="table", data=[{"a": 1}], columns=[{"name": "a", "id": "a", "editable": True}]),
        dbc.Button("Go", id="go"),
        html.Div(id="out"),
    ])

    @app.callback(Output("out", "children"), Input("table", "data"), Input("go", "n_clicks"))
    def show(data: Any, n: Any) -> str:
        return f"{data} {n}"

    return app


def test_a_library_components_event_is_a_user_change() -> None:
    b = Browser(event_app())
    b.hello()
    sent = b.event("table", {"data": [{"a": 2}], "data_previous": [{"a": 1}], "data_timestamp": 1700000000000,
                             "derived_virtual_data": [{"a": 2}]}, seq=3)
    assert sent[-1]["type"] == "patch" and sent[-1]["origin"] == {"view": "v1", "seq": 3}
    assert sent[-1]["changes"]["out"] == {"children": "[{'a': 2}] None"}
    assert b.app.get_props("table")["derived_virtual_data"] == [{"a": 2}]
    assert b.event("table", {"data": [{"a": 2}]}) == []  # equal to the current value: nothing fires
    sent = b.event("go", {"n_clicks": 1})
    assert sent[-1]["changes"]["out"] == {"children": "[{'a': 2}] 1"}


@pytest.mark.parametrize(
    ("message", "says"),
    [
        ({"id": "go", "props": {"colour": "red"}}, "'colour' on 'go' (dash_bootstrap_components.Button), which Button"
                                                   " does not declare"),
        ({"id": "go", "props": {"id": "other"}}, "`id` never changes from the browser"),
        ({"id": "go", "props": {"n_clicks": -3}}, "non-negative integer"),
        ({"id": "table", "props": {"data_timestamp": "now"}}, "must be a number"),
        ({"id": "go", "props": {"children": {"type": "Div", "namespace": "dash_html_components", "props": {}}}},
         "holding a component"),
        ({"id": "table", "props": {"data": [{"a": "x" * MAX_EVENT_BYTES}]}}, f"the limit is {MAX_EVENT_BYTES:,}"),
    ],
)
def test_invalid_library_events_are_refused_whole(message: dict[str, Any], says: str) -> None:
    b = Browser(event_app())
    b.hello()
    before = b.app.get_props("table"), b.app.get_props("go")
    b.post({"type": "event", "view": "v1", "seq": 1, **message})
    warning = b.comm.sent[-1]
    assert warning["type"] == "warning" and says in warning["message"], warning
    assert b.comm.of_type("patch") == []
    assert (b.app.get_props("table"), b.app.get_props("go")) == before


# -- errors ------------------------------------------------------------------------------------------------------------------
def test_a_component_of_a_library_that_is_not_installed_names_the_pip_package() -> None:
    with pytest.raises(ImportError, match="`dash_leaflet` component.*pip install dash-leaflet"):
        class_for("dash_leaflet", "Map")
    app = Dash()
    app.layout = html.Div(id="root")

    @app.callback(Output("root", "children"), Input("root", "id"))
    def bad(_: str) -> Any:
        return {"type": "Map", "namespace": "dash_leaflet", "props": {}}

    with AppDriver(app, raise_errors=False) as d:  # a callback error like any other; the app goes on
        assert "pip install dash-leaflet" in str(d.errors[0])
    assert _foreign.pip_name("dash_bootstrap_components") == "dash-bootstrap-components"
    assert _foreign.pip_name("dash_table") == "dash"


def test_a_component_dict_never_makes_the_kernel_import_an_unknown_module() -> None:
    assert "antigravity" not in sys.modules
    value = {"type": "X", "namespace": "antigravity", "props": {}}
    assert normalize(value) == value and class_for("antigravity", "X") is None
    assert "antigravity" not in sys.modules


def test_a_page_event_naming_a_missing_library_is_refused() -> None:
    app = Dash()
    app.layout = html.Div([dcc.Store(id="store", data=1), dbc.Button(id="go")])
    b = Browser(app)
    b.hello()
    b.post({"type": "event", "view": "v1", "seq": 1, "id": "store",
            "props": {"data": {"type": "Map", "namespace": "dash_leaflet", "props": {}}}})
    warning = b.comm.sent[-1]
    assert warning["type"] == "warning" and "dash_leaflet" in warning["message"], warning  # never imported
    assert "dash_leaflet" not in sys.modules
    assert b.app.get_props("store")["data"] == 1


def test_a_layout_naming_a_library_that_is_not_installed_fails_to_load_naming_the_package() -> None:
    app = Dash()
    app.layout = html.Div([{"type": "Map", "namespace": "dash_leaflet", "props": {"id": "g"}}])
    with pytest.raises(ImportError, match="pip install dash-leaflet"):
        AppDriver(app).load()


def test_nbdash_dash_table_without_dash_says_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "dash.dash_table", None)  # as if dash were not installed
    monkeypatch.delitem(sys.modules, "nbdash.dash_table")
    with pytest.raises(ImportError, match="pip install dash$"):
        importlib.import_module("nbdash.dash_table")


def test_component_dicts_of_installed_libraries_become_components() -> None:
    node = normalize({"type": "Gauge", "namespace": "dash_daq", "props": {"id": "g", "value": 2}})
    assert isinstance(node, ForeignComponent) and dash_class(node) is daq.Gauge
    assert normalize({"type": "NoSuchThing", "namespace": "dash_daq", "props": {}}) == {
        "type": "NoSuchThing", "namespace": "dash_daq", "props": {}}


def test_a_library_needing_another_dash_says_which_versions(monkeypatch: pytest.MonkeyPatch) -> None:
    _foreign.node_class.cache_clear()
    monkeypatch.setattr(_foreign, "_installed_dash", lambda: "2.9.0")
    try:
        app = Dash()
        app.layout = html.Div([dbc.Button("x", id="x")])
        with pytest.raises(LibraryVersionError) as info:
            AppDriver(app).load()
        required = _foreign._dash_requirement("dash-bootstrap-components").specifier
        assert str(info.value).startswith(
            f"dash-bootstrap-components requires dash{required}, but dash 2.9.0 is installed.")
        assert isinstance(info.value, ImportError)
    finally:
        _foreign.node_class.cache_clear()
    monkeypatch.undo()
    _foreign.check_dash_requirement(dbc.Button)  # the real installed versions agree


def test_dash_table_comes_from_dash() -> None:
    assert dash_table.DataTable is dash.dash_table.DataTable
    assert dash_table.FormatTemplate is dash.dash_table.FormatTemplate
    from nbdash import dash_table as again

    assert again is importlib.import_module("nbdash.dash_table") and "dash_table" in nbdash.__all__


def test_a_library_component_in_a_non_children_prop_is_refused_like_dash() -> None:
    with pytest.raises(TypeError, match="detected a Component for a prop other than `children`"):
        html.Div(title=dbc.Badge("x"))


# -- property: any mix of nbdash, Dash and library components → Dash's JSON and Dash's paths --------------------
def crawl(node: Any, path: tuple[Any, ...], found: dict[str, tuple[Any, ...]]) -> None:
    """Ids and paths as dash-renderer's ``crawlLayout`` finds them in Dash's JSON (``props`` steps
    left out, as nbdash paths leave them out): ``children``, then each children-prop path of the
    component's class, where ``[]`` is every list item and ``{}`` every dict value."""
    if isinstance(node, list):
        for index, item in enumerate(node):
            crawl(item, (*path, index), found)
        return
    if not isinstance(node, dict) or "namespace" not in node:
        return
    props = node["props"]
    if isinstance(props.get("id"), str):
        found[props["id"]] = path
    specs = ["children", *children_props(node["namespace"]).get(node["type"], [])]
    for spec in dict.fromkeys(specs):
        places: list[tuple[tuple[Any, ...], Any]] = [((), props)]
        for part in spec.split("."):
            name = part.split("[")[0].split("{")[0]
            places = [((*p, name), v[name]) for p, v in places if isinstance(v, dict) and name in v]
            for marker in part[len(name):].replace("]", "]|").replace("}", "}|").split("|")[:-1]:
                if marker == "[]":
                    places = [((*p, i), x) for p, v in places if isinstance(v, list) for i, x in enumerate(v)]
                else:
                    places = [((*p, k), x) for p, v in places if isinstance(v, dict) for k, x in v.items()]
        for place, value in places:
            crawl(value, (*path, *place), found)


def build_tree(shape: Any, counter: list[int]) -> Any:
    """A component tree from a hypothesis shape; every component gets a fresh id."""
    kind, parts = shape
    counter[0] += 1
    ident = f"c{counter[0]}"
    kids = [build_tree(p, counter) for p in parts]
    if kind == "text":
        return f"t{counter[0]}"
    if kind == "nb_div":
        return html.Div(kids, id=ident)
    if kind == "dash_section":
        return dash.html.Section(kids, id=ident)
    if kind == "dbc_card":
        return dbc.Card(kids, id=ident)
    if kind == "dmc_stack":
        return dmc.Stack(kids, id=ident)
    if kind == "dbc_badge":
        return dbc.Badge(kids[0] if kids else "b", id=ident)
    if kind == "radio":
        return dbc.RadioItems(id=ident, options=[{"label": k, "value": i} for i, k in enumerate(kids)])
    assert kind == "panel"
    parts_of = [kids[i:i + 1] for i in range(6)]  # each child in exactly one children prop
    return Panel(parts_of[0], id=ident, items=parts_of[1], rows=[{"cell": k, "n": 1} for k in parts_of[2]],
                 slots={f"s{i}": k for i, k in enumerate(parts_of[3])},
                 tabs={"t": {"label": parts_of[4][0] if parts_of[4] else None}},
                 footer={"title": parts_of[5][0] if parts_of[5] else None, "note": "n"})


SHAPES = st.recursive(
    st.tuples(st.just("text"), st.just([])),
    lambda inner: st.tuples(
        st.sampled_from(["nb_div", "dash_section", "dbc_card", "dmc_stack", "dbc_badge", "radio", "panel"]),
        st.lists(inner, max_size=6),
    ),
    max_leaves=25,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SHAPES, SHAPES)
def test_any_mix_of_components_sends_dashs_json_and_indexes_dashs_paths(shape: Any, replacement: Any) -> None:
    layout = html.Div([html.Button(id="swap"), html.Div(build_tree(shape, [0]), id="slot")])
    app = Dash()
    app.layout = layout

    @app.callback(Output("slot", "children"), Input("swap", "n_clicks"), prevent_initial_call=True)
    def swap(n: int) -> Any:
        return build_tree(replacement, [1000])  # a new subtree: re-indexed in place of the old one

    def check(expected: Any) -> None:
        tree = d.app.session.tree
        assert to_json(tree.root) == expected
        found: dict[str, tuple[Any, ...]] = {}
        crawl(expected, (), found)
        assert {id_: tree.entry(id_).path for id_ in tree.ids()} == found

    with AppDriver(app) as d:
        check(dash_json(layout))
        d.click("swap")
        expected = dash_json(layout)
        expected["props"]["children"][0]["props"]["n_clicks"] = 1
        expected["props"]["children"][1]["props"]["children"] = dash_json(build_tree(replacement, [1000]))
        expected["props"]["children"][0]["props"]["n_clicks_timestamp"] = d.get("swap", "n_clicks_timestamp")
        check(expected)


# -- other ways values enter the app -------------------------------------------------------------------------------
def test_set_props_in_callbacks_and_from_cells_take_library_components() -> None:
    app = Dash()
    app.layout = html.Div([html.Button(id="b"), html.Div(id="side"), html.Div(id="out")])

    @app.callback(Output("out", "children"), Input("b", "n_clicks"), prevent_initial_call=True)
    def go(n: int) -> str:
        nbdash.set_props("side", {"children": dbc.Alert(html.Span("from set_props", id="inner"), id="alert")})
        return "done"

    with AppDriver(app) as d:
        d.click("b")
        assert d.get("inner", "children") == "from set_props" and d.exists("alert")
        d.app.set_props("side", {"children": dmc.Text("from a cell", id="text")})  # the driver's own session
        assert d.get("text", "children") == "from a cell" and not d.exists("alert")
        assert dash_class(d.app.get_props("side")["children"]) is dmc.Text  # get_props: component objects


def test_a_background_callback_returns_library_components() -> None:
    app = Dash()
    app.layout = html.Div([html.Button(id="b"), html.Div(id="out")])

    @app.callback(Output("out", "children"), Input("b", "n_clicks"), background=True, prevent_initial_call=True)
    def slow(n: int) -> Any:
        return dbc.ListGroup([dbc.ListGroupItem(f"item {n}", id="item")], id="group")

    with AppDriver(app) as d:
        d.click("b")
        assert d.get("item", "children") == "item 1"


def test_library_components_cross_a_process_boundary_as_json() -> None:
    from nbdash._json import from_json

    node = normalize(dbc.Card(dbc.CardBody([html.P("x", id="p"), daq.Gauge(id="g", value=1)]), id="card"))
    again = from_json(json.loads(json.dumps(to_json(node))))
    assert type(again) is type(node) and to_json(again) == to_json(node)
    assert dash_class(again.children.children[1]) is daq.Gauge


def test_an_app_without_library_components_never_imports_dash() -> None:
    """``dash`` is a dependency, but importing it costs ~0.5 s: nbdash leaves it alone until a
    Dash component exists (in a fresh interpreter: pytest's own dash plugin has imported it here)."""
    import subprocess

    code = """
import sys
from nbdash import Dash, html, dcc, Input, Output
from nbdash.testing import AppDriver
from nbdash._foreign import library_children_props, foreign_namespaces
import nbdash._widget
app = Dash()
app.layout = html.Div([html.Button(id="b"), dcc.Store(id="s", data={"type": "X", "namespace": "y", "props": {}}),
                       html.Div(id="o")])
app.callback(Output("o", "children"), Input("b", "n_clicks"))(lambda n: n)
with AppDriver(app) as d:
    d.click("b")
    assert foreign_namespaces(d.app.session.tree) == [] and library_children_props() == {}
print("dash" in sys.modules)
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert result.stdout.strip() == "False", result.stderr
