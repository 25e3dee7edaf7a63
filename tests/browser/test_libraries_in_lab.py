"""Component libraries in JupyterLab + Chromium: each rendered by its own bundle from its wheel, in a
React island (js/src/islands/), events through the kernel's callbacks, no server and no CDN.

DataTable (edit → `data`, `active_cell`, native sort, `data` from a callback inside dcc.Loading),
dash-ag-grid (`rowData` from a callback, `cellClicked`, `selectedRows`), dash-bootstrap-components
(Button, Card with html children, Row/Col with Bootstrap's stylesheet from the assets folder, and
JupyterLab's own UI not restyled), dash-mantine-components (Select in a MantineProvider; a component
without one fails in place), dash-daq (BooleanSwitch, Gauge), dash-cytoscape (`tapNodeData`).
Bootstrap's CSS comes from the npm `bootstrap` package in js/node_modules (`npm ci` in js/).
"""

from __future__ import annotations

import json
import shutil
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lab_driver import Notebook
from test_lab import wait_text

BOOTSTRAP = Path(__file__).resolve().parents[2] / "js" / "node_modules" / "bootstrap" / "dist" / "css" / "bootstrap.min.css"
SHOTS = Path(__file__).resolve().parents[2] / "tmp" / "screenshots"


@pytest.fixture
def assets(notebook: Notebook) -> Iterator[Path]:
    """An ``assets/`` folder next to the test's notebook, removed afterwards (the Lab server, and so
    its root folder, is shared by every browser test)."""
    folder = notebook.server.root / "assets"
    folder.mkdir(exist_ok=True)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"libraries_{name}.png"), full_page=True)


# Run first in the notebook: records every event the kernel receives from the page.
RECORD_EVENTS = textwrap.dedent("""
    from nbdash._widget import AppWidget
    EVENTS = []
    _on_event = AppWidget._on_event
    def _recorded(self, message):
        EVENTS.append(message)
        return _on_event(self, message)
    AppWidget._on_event = _recorded
""")


def events_received(notebook: Notebook) -> list[dict[str, Any]]:
    outputs = notebook.run("import json; print(json.dumps(EVENTS))")
    return list(json.loads(outputs[0]["text"]))


DATATABLE = textwrap.dedent("""
    import time
    from nbdash import Dash, html, dcc, dash_table, Input, Output, State

    app = Dash()
    app.layout = html.Div([
        dcc.Loading(dash_table.DataTable(
            id="t", data=[{"city": "Montreal", "pop": 4}, {"city": "Toronto", "pop": 6}, {"city": "Ottawa", "pop": 1}],
            columns=[{"id": "city", "name": "City"}, {"id": "pop", "name": "Pop", "type": "numeric"}],
            editable=True, sort_action="native"), id="ld"),
        html.Div(id="cities"), html.Div(id="cell"), html.Button("replace", id="replace"),
        html.Button("read", id="read"), html.Div(id="state"),
    ])

    @app.callback(Output("cities", "children"), Input("t", "data"))
    def cities(data):
        return ", ".join(row["city"] for row in data)

    @app.callback(Output("cell", "children"), Input("t", "active_cell"), prevent_initial_call=True)
    def cell(active):
        return f"{active['row']}:{active['column_id']}"

    @app.callback(Output("t", "data"), Input("replace", "n_clicks"), prevent_initial_call=True)
    def replace(n):
        time.sleep(0.6)
        return [{"city": "Rome", "pop": 5}, {"city": "Berlin", "pop": 4}]

    @app.callback(Output("state", "children"), Input("read", "n_clicks"), State("t", "sort_by"), prevent_initial_call=True)
    def read(n, sort_by):
        return repr(sort_by)

    app
""")


def test_datatable_edit_active_cell_sort_and_data_from_a_callback_inside_loading(notebook: Notebook) -> None:
    page = notebook.page
    notebook.run(RECORD_EVENTS)
    notebook.run(DATATABLE)
    wait_text(page, ".nbdash-root #cities", "Montreal, Toronto, Ottawa")
    page.wait_for_selector(".nbdash-root #t td[data-dash-column=city]")

    # active_cell → callback
    page.click(".nbdash-root #t tr:nth-child(3) td[data-dash-column=city]")  # row 1 (after the header row)
    wait_text(page, ".nbdash-root #cell", "1:city")
    # edit a cell → data → callback
    page.keyboard.type("Quebec")
    page.keyboard.press("Enter")
    wait_text(page, ".nbdash-root #cities", "Montreal, Quebec, Ottawa")

    # native sort: the table re-sorts itself; sort_by is not an Input: held back, yet State reads it
    page.click(".nbdash-root #t th[data-dash-column=pop] .column-header--sort")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.nbdash-root #t td[data-dash-column=city]')].map(e => e.textContent).join() === 'Ottawa,Montreal,Quebec'"
    )
    page.click(".nbdash-root #read")
    page.wait_for_function("() => document.querySelector('.nbdash-root #state').textContent.includes('pop')")
    assert "'asc'" in page.text_content(".nbdash-root #state")

    # data from a callback, with dcc.Loading's spinner over the table meanwhile
    page.click(".nbdash-root #replace")
    page.wait_for_selector(".nbdash-root #ld.nbdash-loading-cover .nbdash-spinner")
    wait_text(page, ".nbdash-root #cities", "Rome, Berlin")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.nbdash-root #t td[data-dash-column=city]')].map(e => e.textContent).join() === 'Berlin,Rome'"
    )  # still sorted by pop (the table's own sort_by)
    page.wait_for_function("() => !document.querySelector('.nbdash-root #ld.nbdash-loading-cover .nbdash-spinner')")
    shot(page, "datatable")

    # the comm carried the watched props at once, the table's derived_* props at most held back
    table_events = [e for e in events_received(notebook) if e["id"] == "t"]
    props = [p for e in table_events if e["id"] == "t" for p in e["props"]]
    assert "active_cell" in props and "data" in props and "sort_by" in props
    # not one per setProps (the table also sets its derived_* props with each interaction): each of the table's
    # three interactions and the data a callback replaced send at most their watched props at once plus
    # one flush of what was held back (after 0.3 s, on the next event or when the pointer leaves the view)
    assert len(table_events) <= 8, [(e["seq"], sorted(e["props"])) for e in table_events]


AGGRID = textwrap.dedent("""
    import dash_ag_grid as dag
    from nbdash import Dash, html, Input, Output

    app = Dash()
    app.layout = html.Div([
        html.Button("load", id="load"),
        dag.AgGrid(id="g", columnDefs=[{"field": "country"}, {"field": "pop", "valueFormatter": {"function": "millions(params.value)"}}], rowData=[],
                   dashGridOptions={"rowSelection": {"mode": "multiRow"}, "animateRows": False},
                   getRowId="params.data.country", style={"height": 250}),
        html.Div(id="clicked"), html.Div(id="selected"),
    ])

    @app.callback(Output("g", "rowData"), Input("load", "n_clicks"), prevent_initial_call=True)
    def load(n):
        return [{"country": "USA", "pop": 331}, {"country": "France", "pop": 68}, {"country": "Japan", "pop": 125}]

    @app.callback(Output("clicked", "children"), Input("g", "cellClicked"), prevent_initial_call=True)
    def clicked(cell):
        return f"{cell['value']} row {cell['rowIndex']} col {cell['colId']}"

    @app.callback(Output("selected", "children"), Input("g", "selectedRows"), prevent_initial_call=True)
    def selected(rows):
        return ", ".join(sorted(r["country"] for r in rows or []))

    app
""")


def test_ag_grid_row_data_from_a_callback_cell_clicked_and_selected_rows(notebook: Notebook, assets: Path) -> None:
    page = notebook.page
    (assets / "grid_functions.js").write_text(
        "var dagfuncs = (window.dashAgGridFunctions = window.dashAgGridFunctions || {});\n"
        "dagfuncs.millions = (value) => `${value} M`;\n"
    )
    notebook.run(AGGRID)
    page.wait_for_selector(".nbdash-root #g .ag-header-cell")
    page.click(".nbdash-root #load")
    page.wait_for_selector(".nbdash-root #g .ag-row[row-id=France] .ag-cell[col-id=country]")
    assert page.text_content(".nbdash-root #g .ag-row[row-id=France] .ag-cell[col-id=pop]") == "68 M"  # assets/*.js
    page.click(".nbdash-root #g .ag-row[row-id=France] .ag-cell[col-id=country]")
    wait_text(page, ".nbdash-root #clicked", "France row 1 col country")
    page.click(".nbdash-root #g .ag-row[row-id=Japan] .ag-selection-checkbox input")
    wait_text(page, ".nbdash-root #selected", "Japan")
    page.click(".nbdash-root #g .ag-row[row-id=USA] .ag-selection-checkbox input")
    wait_text(page, ".nbdash-root #selected", "Japan, USA")
    shot(page, "aggrid")


DBC = textwrap.dedent("""
    import time
    import dash_bootstrap_components as dbc
    from nbdash import Dash, html, dcc, Input, Output

    app = Dash()
    app.layout = html.Div([
        dbc.Button("Go", id="go", color="primary"),
        dbc.Card(dbc.CardBody([html.H5("Title", id="title", className="card-title"), html.P("start", id="body"),
                               dcc.Input(id="name", value="Ada")]), id="card"),
        dbc.Row([dbc.Col(html.Div("left", id="left"), width=6), dbc.Col(html.Div("right", id="right"), width=6)], id="row"),
        html.Div(id="typed"),
        dbc.Tabs([dbc.Tab(html.P("first tab", id="p1"), label="One", tab_id="one"),
                  dbc.Tab(html.P("second tab", id="p2"), label="Two", tab_id="two")], id="tabs", active_tab="one"),
        html.Div(id="tab-shown"),
        dbc.Button("slow", id="slow"), dbc.Spinner(html.Div("idle", id="spun"), id="spinner"),
    ])

    @app.callback(Output("tab-shown", "children"), Input("tabs", "active_tab"))
    def tab_shown(tab):
        return f"tab {tab}"

    @app.callback(Output("spun", "children"), Input("slow", "n_clicks"), prevent_initial_call=True)
    def slow(n):
        time.sleep(1.0)
        return f"done {n}"

    @app.callback(Output("body", "children"), Output("go", "color"), Input("go", "n_clicks"), prevent_initial_call=True)
    def go(n):
        return [html.Span(f"clicked {n}", id="clicked"), html.B(" bold")], "success"

    @app.callback(Output("typed", "children"), Input("name", "value"))
    def typed(value):
        return f"hi {value}"

    app
""")

LAB_STYLES = """() => {
  const s = (sel, props) => { const e = document.querySelector(sel); if (!e) return null; const c = getComputedStyle(e); return props.map(p => c.getPropertyValue(p)); };
  return {
    body: s('body', ['font-family', 'background-color', 'color', 'line-height']),
    toolbar: s('.jp-NotebookPanel-toolbar', ['font-size', 'padding-top', 'background-color']),
    toolbarButton: s('.jp-NotebookPanel-toolbar button', ['padding-left', 'border-radius', 'font-size']),
    prompt: s('.jp-InputPrompt', ['font-family', 'color']),
    menu: s('.lm-MenuBar-itemLabel', ['font-size', 'padding-left']),
  };
}"""


def test_dbc_button_card_with_html_children_row_col_with_bootstrap_and_jupyterlab_untouched(notebook: Notebook, assets: Path) -> None:
    page = notebook.page
    shutil.copy(BOOTSTRAP, assets / "bootstrap.min.css")
    before = page.evaluate(LAB_STYLES)
    notebook.run(DBC)
    page.wait_for_selector(".nbdash-root #go.btn.btn-primary")
    wait_text(page, ".nbdash-root #typed", "hi Ada")
    page.wait_for_function("() => getComputedStyle(document.querySelector('.nbdash-root #go')).borderRadius === '6px'")

    # html children of a library component are its DOM children: Bootstrap's child selectors apply
    assert page.evaluate("document.querySelector('.nbdash-root #card > .card-body > #title.card-title') !== null")
    left, right = page.locator(".nbdash-root #left").bounding_box(), page.locator(".nbdash-root #right").bounding_box()
    row = page.locator(".nbdash-root #row").bounding_box()
    assert left["y"] == right["y"] and right["x"] > left["x"] + row["width"] * 0.4  # side by side, half each
    assert page.evaluate("getComputedStyle(document.querySelector('.nbdash-root #row > .col-6')).paddingLeft") == "12px"

    page.click(".nbdash-root #go")
    wait_text(page, ".nbdash-root #clicked", "clicked 1")
    page.wait_for_selector(".nbdash-root #go.btn-success")
    assert page.text_content(".nbdash-root #body") == "clicked 1 bold"
    page.fill(".nbdash-root #name", "Grace")  # a native dcc.Input inside the dbc.Card
    wait_text(page, ".nbdash-root #typed", "hi Grace")
    page.click(".nbdash-root #go")
    wait_text(page, ".nbdash-root #clicked", "clicked 2")

    # dbc.Tabs reads its tabs' layout through their componentPath (getLayout)
    wait_text(page, ".nbdash-root #tab-shown", "tab one")
    assert page.is_visible(".nbdash-root #p1") and not page.is_visible(".nbdash-root #p2")
    page.click(".nbdash-root #tabs .nav-link:has-text('Two')")
    wait_text(page, ".nbdash-root #tab-shown", "tab two")
    page.wait_for_selector(".nbdash-root #p2", state="visible")
    # dbc.Spinner follows the kernel's loading state of its children
    page.click(".nbdash-root #slow")
    page.wait_for_selector(".nbdash-root .spinner-border", state="attached")
    wait_text(page, ".nbdash-root #spun", "done 1")
    page.wait_for_selector(".nbdash-root .spinner-border", state="detached")

    # Bootstrap styles the app, not JupyterLab
    assert page.evaluate(LAB_STYLES) == before
    app_font = page.evaluate("getComputedStyle(document.querySelector('.nbdash-app')).fontFamily")
    assert app_font.startswith("system-ui") and "Segoe UI" in app_font
    assert page.evaluate("[...document.styleSheets].some(s => s.ownerNode.dataset.nbdashSheet === 'assets/bootstrap.min.css')")
    shot(page, "dbc")


def test_a_stylesheet_url_that_cannot_be_fetched_is_reported_and_a_second_app_runs_too(notebook: Notebook) -> None:
    page = notebook.page
    notebook.run(textwrap.dedent("""
        import dash_bootstrap_components as dbc
        from nbdash import Dash, html
        app = Dash(external_stylesheets=[dbc.themes.BOOTSTRAP])
        app.layout = html.Div([dbc.Button("still here", id="b")])
        app
    """))
    page.wait_for_selector(".nbdash-root #b.btn")
    page.wait_for_selector(".nbdash-root .nbdash-error--warning", timeout=15_000)
    text = page.text_content(".nbdash-root .nbdash-error--warning")
    assert "cdn.jsdelivr.net" in text and "assets/" in text
    # a second app on the page (its own copy of the widget module) shares the loaded libraries
    notebook.run(textwrap.dedent("""
        app2 = Dash()
        app2.layout = dbc.Card(dbc.CardBody(dbc.Badge("second", id="b2")))
        app2
    """))
    page.wait_for_selector(".nbdash-root .card #b2.badge", state="attached")


DMC = textwrap.dedent("""
    import dash_mantine_components as dmc
    from nbdash import Dash, html, Input, Output

    app = Dash()
    app.layout = html.Div([
        dmc.MantineProvider(html.Div([
            dmc.Select(id="pick", label="Letter", data=["alpha", "beta", "gamma"], value="alpha"),
            html.Div(id="picked"),
        ])),
        dmc.Button("orphan", id="orphan"),
        html.Button("native", id="native"), html.Div(id="count"),
    ])

    @app.callback(Output("picked", "children"), Input("pick", "value"))
    def picked(value):
        return f"picked {value}"

    @app.callback(Output("count", "children"), Input("native", "n_clicks"), prevent_initial_call=True)
    def count(n):
        return f"native {n}"

    app
""")


def test_dmc_select_in_a_provider_and_a_component_without_one_fails_in_place(notebook: Notebook) -> None:
    page = notebook.page
    notebook.run(DMC)
    wait_text(page, ".nbdash-root #picked", "picked alpha")
    page.click(".nbdash-root #pick")
    page.click("[role=option]:has-text('gamma')")  # Mantine's dropdown is a portal in <body>
    wait_text(page, ".nbdash-root #picked", "picked gamma")
    error = page.text_content(".nbdash-root .nbdash-render-error")
    assert "dash_mantine_components.Button" in error and "MantineProvider" in error
    page.click(".nbdash-root #native")  # the rest of the app works
    wait_text(page, ".nbdash-root #count", "native 1")
    shot(page, "dmc")


DAQ_CYTO = textwrap.dedent("""
    import dash_daq as daq
    import dash_cytoscape as cyto
    from nbdash import Dash, html, Input, Output

    app = Dash()
    app.layout = html.Div([
        daq.BooleanSwitch(id="switch", on=False),
        daq.Gauge(id="gauge", value=2, min=0, max=10, showCurrentValue=True, label="Level"),
        html.Div(id="state"),
        cyto.Cytoscape(
            id="graph", layout={"name": "preset", "fit": False}, style={"width": "300px", "height": "200px"},
            userZoomingEnabled=False, userPanningEnabled=False, zoom=1, pan={"x": 0, "y": 0},
            elements=[{"data": {"id": "a", "label": "Node A"}, "position": {"x": 60, "y": 60}},
                      {"data": {"id": "b", "label": "Node B"}, "position": {"x": 220, "y": 140}},
                      {"data": {"source": "a", "target": "b"}}],
        ),
        html.Div(id="tapped"),
    ])

    @app.callback(Output("gauge", "value"), Output("state", "children"), Input("switch", "on"))
    def switch(on):
        return (8 if on else 2), f"on={on}"

    @app.callback(Output("tapped", "children"), Input("graph", "tapNodeData"), prevent_initial_call=True)
    def tapped(data):
        return data["label"]

    app
""")


def test_daq_boolean_switch_and_gauge_and_cytoscape_tap_node(notebook: Notebook) -> None:
    page = notebook.page
    notebook.run(DAQ_CYTO)
    wait_text(page, ".nbdash-root #state", "on=False")
    page.wait_for_selector(".nbdash-root #gauge svg")
    gauge = page.text_content(".nbdash-root #gauge")
    page.click(".nbdash-root #switch button, .nbdash-root #switch [role=switch], .nbdash-root #switch > div")
    wait_text(page, ".nbdash-root #state", "on=True")
    page.wait_for_function("(before) => document.querySelector('.nbdash-root #gauge').textContent !== before", arg=gauge)
    assert gauge.endswith("2.0") and page.text_content(".nbdash-root #gauge").endswith("8.0")  # the current value

    page.wait_for_selector(".nbdash-root #graph canvas")
    page.locator(".nbdash-root #tapped").scroll_into_view_if_needed()
    page.wait_for_timeout(500)  # cytoscape lays out on the next frame
    box = page.locator(".nbdash-root #graph").bounding_box()
    page.mouse.click(box["x"] + 220, box["y"] + 140)
    wait_text(page, ".nbdash-root #tapped", "Node B")
    shot(page, "daq_cytoscape")


def test_an_app_without_libraries_loads_no_react(notebook: Notebook) -> None:
    page = notebook.page
    notebook.run("from nbdash import Dash, html\napp = Dash()\napp.layout = html.Div('plain', id='p')\napp")
    wait_text(page, ".nbdash-root #p", "plain")
    page.wait_for_timeout(300)
    assert page.evaluate("!window.React && !window.__nbdash_islands__?.react")


CONFIRM = textwrap.dedent("""
    from nbdash import Dash, html, dcc, Input, Output

    app = Dash()
    app.layout = html.Div([
        html.Button("delete", id="delete"),
        dcc.ConfirmDialog(id="confirm", message="Really delete?"),
        html.Div(id="result"),
    ])

    @app.callback(Output("confirm", "displayed"), Input("delete", "n_clicks"), prevent_initial_call=True)
    def ask(n):
        return True

    @app.callback(Output("result", "children"), Input("confirm", "submit_n_clicks"), prevent_initial_call=True)
    def deleted(n):
        return f"deleted {n}"

    app
""")


def test_dcc_components_nbdash_does_not_draw_render_from_dashs_own_dcc_bundle(notebook: Notebook) -> None:
    page = notebook.page
    messages: list[str] = []

    def accept(dialog: Any) -> None:
        messages.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)
    notebook.run(CONFIRM)
    page.wait_for_selector(".nbdash-root #delete")
    page.wait_for_function("() => !!window.dash_core_components?.ConfirmDialog")
    page.click(".nbdash-root #delete")
    wait_text(page, ".nbdash-root #result", "deleted 1")
    assert messages == ["Really delete?"]
