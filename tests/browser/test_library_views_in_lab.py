"""One app with library components shown twice on a page (two outputs of one widget), in JupyterLab +
Chromium: what a user does in either view reaches the kernel once and shows in both.

Every view has its own mirror, island store and React roots; the libraries' bundles run once per
page (a second view asks the kernel for none of them again). A library event in one view fires its
callbacks once (the patch carries the new value to the other view, which re-renders but sends
nothing back that the kernel does not already have), and props a view holds back (not watched by
any callback: DataTable's ``sort_by``) still reach the kernel, so ``State`` reads them from a click
in the other view.
"""

from __future__ import annotations

import json
import textwrap
from typing import Any

from lab_driver import Notebook
from test_lab import wait_text
from test_libraries_in_lab import shot

# Run first in the notebook: records the events and the asset requests the kernel receives.
RECORD = textwrap.dedent("""
    from nbdash._widget import AppWidget
    EVENTS, NEEDS = [], []
    _on_event, _on_need = AppWidget._on_event, AppWidget._on_need
    def _event(self, message):
        EVENTS.append(message)
        return _on_event(self, message)
    def _need(self, message):
        NEEDS.append(message.get("asset"))
        return _on_need(self, message)
    AppWidget._on_event, AppWidget._on_need = _event, _need
""")

APP = textwrap.dedent("""
    import collections
    import dash_ag_grid as dag
    import dash_bootstrap_components as dbc
    from nbdash import Dash, html, dash_table, Input, Output, State

    CALLS = collections.Counter()
    app = Dash()
    app.layout = html.Div([
        dash_table.DataTable(
            id="t", data=[{"city": "Montreal", "pop": 4}, {"city": "Toronto", "pop": 6}, {"city": "Ottawa", "pop": 1}],
            columns=[{"id": "city", "name": "City"}, {"id": "pop", "name": "Pop", "type": "numeric"}],
            editable=True, sort_action="native"),
        html.Div(id="cities"),
        dbc.Button("Go", id="go"), html.Div(id="went"),
        dag.AgGrid(id="g", columnDefs=[{"field": "country"}, {"field": "pop"}],
                   rowData=[{"country": "USA", "pop": 331}, {"country": "France", "pop": 68}],
                   getRowId="params.data.country", dashGridOptions={"animateRows": False}, style={"height": 160}),
        html.Div(id="clicked"),
        html.Button("read", id="read"), html.Div(id="sorted"),
    ])

    @app.callback(Output("cities", "children"), Input("t", "data"), prevent_initial_call=True)
    def cities(data):
        CALLS["cities"] += 1
        return f"{CALLS['cities']}: " + ", ".join(row["city"] for row in data)

    @app.callback(Output("went", "children"), Input("go", "n_clicks"), prevent_initial_call=True)
    def went(n):
        CALLS["went"] += 1
        return f"{CALLS['went']}: n_clicks={n}"

    @app.callback(Output("clicked", "children"), Input("g", "cellClicked"), prevent_initial_call=True)
    def clicked(cell):
        CALLS["clicked"] += 1
        return f"{CALLS['clicked']}: {cell['value']}"

    @app.callback(Output("sorted", "children"), Input("read", "n_clicks"), State("t", "sort_by"), prevent_initial_call=True)
    def read(n, sort_by):
        return f"read {n}: " + ", ".join(f"{s['column_id']} {s['direction']}" for s in sort_by or [])

    app
""")

CITIES = "[...document.querySelectorAll('.nbdash-root')][{view}].querySelectorAll('#t td[data-dash-column=city]')"


def kernel(notebook: Notebook, expr: str) -> Any:
    return json.loads(notebook.run(f"import json; print(json.dumps({expr}))")[0]["text"])


def wait_both(page: Any, selector: str, text: str) -> None:
    """Both views show ``text`` at ``selector`` (the failure says what they show instead)."""
    try:
        page.wait_for_function(
            "([sel, text]) => { const els = [...document.querySelectorAll(sel)]; return els.length === 2 && els.every(e => e.textContent === text); }",
            arg=[selector, text],
        )
    except Exception as exc:  # re-raised with what the views show
        shown = page.evaluate("(sel) => [...document.querySelectorAll(sel)].map(e => e.textContent)", selector)
        raise AssertionError(f"{selector}: expected {text!r} in both views, they show {shown}") from exc


def table_order(page: Any, view: int) -> str:
    return str(page.evaluate(f"[...{CITIES.format(view=view)}].map(e => e.textContent).join()"))


def edit_city(view: Any, row: int, text: str) -> None:
    view.locator(f"#t tr:nth-child({row + 2}) td[data-dash-column=city]").click()
    view.page.wait_for_timeout(600)  # a user's pause: the new active_cell reaches the other view meanwhile
    view.page.keyboard.type(text)
    # the keys went to this view's table, not to the other view's (which got the new active_cell)
    assert view.evaluate("root => root.contains(document.activeElement)"), "the other view took the focus"
    view.page.keyboard.press("Enter")


def test_library_events_from_either_of_two_views(notebook: Notebook) -> None:
    page = notebook.page
    notebook.run(RECORD)
    notebook.run(APP)
    first = page.locator(".nbdash-root").nth(0)
    first.locator("#g .ag-row[row-id=France] .ag-cell[col-id=country]").wait_for()
    first.locator("#t td[data-dash-column=city]").first.wait_for()
    needs_one_view = kernel(notebook, "NEEDS")

    # the first view is used before the second one opens
    edit_city(first, 1, "Quebec")
    wait_text(page, ".nbdash-root #cities", "1: Montreal, Quebec, Ottawa")
    first.locator("#go").click()
    wait_text(page, ".nbdash-root #went", "1: n_clicks=1")

    # a second view of the same app: the page has the bundles already, and the current state shows
    notebook.run("app")
    page.wait_for_function("() => document.querySelectorAll('.nbdash-root').length === 2")
    second = page.locator(".nbdash-root").nth(1)
    second.locator("#g .ag-row[row-id=France] .ag-cell[col-id=country]").wait_for()
    page.wait_for_function(f"() => [...{CITIES.format(view=1)}].map(e => e.textContent).join() === 'Montreal,Quebec,Ottawa'")
    assert second.locator("#go.btn").count() == 1
    assert kernel(notebook, "NEEDS") == needs_one_view, "the second view asked for files the page already had"

    # view 1 → both views, each callback once
    edit_city(first, 2, "Gatineau")
    wait_both(page, ".nbdash-root #cities", "2: Montreal, Quebec, Gatineau")
    page.wait_for_function(f"() => [...{CITIES.format(view=1)}].map(e => e.textContent).join() === 'Montreal,Quebec,Gatineau'")
    first.locator("#go").click()
    wait_both(page, ".nbdash-root #went", "2: n_clicks=2")
    first.locator("#g .ag-row[row-id=France] .ag-cell[col-id=country]").click()
    wait_both(page, ".nbdash-root #clicked", "1: France")

    # view 2 → both views, each callback once
    edit_city(second, 0, "Laval")
    wait_both(page, ".nbdash-root #cities", "3: Laval, Quebec, Gatineau")
    page.wait_for_function(f"() => [...{CITIES.format(view=0)}].map(e => e.textContent).join() === 'Laval,Quebec,Gatineau'")
    second.locator("#go").click()
    wait_both(page, ".nbdash-root #went", "3: n_clicks=3")
    second.locator("#g .ag-row[row-id=USA] .ag-cell[col-id=pop]").click()
    wait_both(page, ".nbdash-root #clicked", "2: 331")

    # a held-back prop (sort_by: no callback has it as an Input) from view 2 reaches the kernel
    # when the pointer leaves view 2: a click in view 1 right after reads it as State
    second.locator("#t th[data-dash-column=pop] .column-header--sort").click()
    page.wait_for_function(f"() => [...{CITIES.format(view=1)}].map(e => e.textContent).join() === 'Gatineau,Laval,Quebec'")
    first.locator("#read").click()
    wait_both(page, ".nbdash-root #sorted", "read 1: pop asc")
    page.wait_for_function(f"() => [...{CITIES.format(view=0)}].map(e => e.textContent).join() === 'Gatineau,Laval,Quebec'")

    page.wait_for_timeout(700)  # anything held back by either view has gone out by now
    assert kernel(notebook, "dict(CALLS)") == {"cities": 3, "went": 3, "clicked": 2}
    assert kernel(notebook, "NEEDS") == needs_one_view
    assert table_order(page, 0) == table_order(page, 1) == "Gatineau,Laval,Quebec"
    shot(page, "two_views")


WATCHED = """() => [...(window.__nbdash_api__?.all ?? [])].some(s => {
  const node = s.renderer.mirror.get('t');
  return node && s.isWatched(node, 'active_cell');
})"""


def test_a_callback_added_to_a_displayed_app_hears_library_props_at_once(notebook: Notebook) -> None:
    page = notebook.page
    notebook.run(RECORD)
    notebook.run(textwrap.dedent("""
        from nbdash import Dash, html, dash_table, Input, Output
        app = Dash()
        app.layout = html.Div([
            dash_table.DataTable(id="t", data=[{"city": "Montreal"}, {"city": "Toronto"}], columns=[{"id": "city", "name": "City"}]),
            html.Div(id="cell"),
        ])
        app
    """))
    page.wait_for_selector(".nbdash-root #t td[data-dash-column=city]")
    assert not page.evaluate(WATCHED)  # no callback has active_cell as an Input: the page holds it back

    # a later cell adds one: the page hears of it now, not with the next patch
    notebook.run(textwrap.dedent("""
        @app.callback(Output("cell", "children"), Input("t", "active_cell"), prevent_initial_call=True)
        def cell(active):
            return f"row {active['row']}"
    """))
    page.wait_for_function(WATCHED, timeout=5_000)
    page.wait_for_timeout(600)  # the table's mount-time derived_* props, held back, have gone by now
    events_before = len(kernel(notebook, "EVENTS"))
    page.click(".nbdash-root #t tr:nth-child(3) td[data-dash-column=city]")
    wait_text(page, ".nbdash-root #cell", "row 1")
    # the click went as one event, at once: active_cell was not held back for a quiet spell
    events = kernel(notebook, "EVENTS")[events_before:]
    assert "active_cell" in events[0]["props"], [sorted(e["props"]) for e in events]
