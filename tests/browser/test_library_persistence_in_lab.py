"""Persistence of a library component (React island) in JupyterLab + Chromium.

`dbc.Input` sets no persistence defaults in Python; its JavaScript class declares
`dashPersistence = {persisted_props: ["value"], persistence_type: "local"}`. The island host posts
that to the kernel the first time it resolves the class (js/src/islands/persist.js), so with
`persistence=True` alone a user's edit survives a callback re-rendering the input's parent, as in Dash.
"""

from __future__ import annotations

import textwrap

from lab_driver import Notebook
from test_lab import wait_text
from test_persistence_in_lab import storage

APP = textwrap.dedent("""
    import dash_bootstrap_components as dbc
    from nbdash import Dash, html, Input, Output, callback

    app = Dash(__name__)

    def fields():
        return [dbc.Input(id="name", value="a", persistence=True), dbc.Input(id="plain", value="p")]

    app.layout = html.Div([
        html.Button("re-render", id="again"),
        html.Div(fields(), id="holder"),
        html.Div(id="out"),
    ])

    @callback(Output("holder", "children"), Input("again", "n_clicks"), prevent_initial_call=True)
    def again(n):
        return fields()

    @callback(Output("out", "children"), Input("name", "value"), Input("plain", "value"))
    def show(name, plain):
        return f"{name}|{plain}"

    app
""")

OUT = ".nbdash-root #out"


def test_a_dbc_input_edit_with_persistence_true_survives_its_parent_re_rendered(notebook: Notebook) -> None:
    page = notebook.page
    notebook.run(APP)
    wait_text(page, OUT, "a|p")
    page.locator(".nbdash-root #name").fill("alpaca")
    page.locator(".nbdash-root #plain").fill("gone")
    wait_text(page, OUT, "alpaca|gone")

    page.click(".nbdash-root #again")  # the parent gets the layout values again
    page.wait_for_timeout(300)
    wait_text(page, OUT, "alpaca|p")  # the persisted edit is kept, the other input is reset
    assert page.locator(".nbdash-root #name").input_value() == "alpaca"
    assert page.locator(".nbdash-root #plain").input_value() == "p"
    # the record Dash keeps for dbc's default persistence_type "local"
    assert storage(page, "localStorage") == {"_dash_persistence.name.value.true": ["alpaca", "a"]}
    state = notebook.run("print(app.get_props('name')['value'], app.get_props('plain')['value'])")
    assert state[0]["text"] == "alpaca p\n"


LIBRARIES = textwrap.dedent("""
    import dash_bootstrap_components as dbc
    import dash_mantine_components as dmc
    from nbdash import Dash, html, dash_table, Input, Output

    app = Dash()

    def fields():
        return [
            dbc.Input(id="name", value="a", persistence=True),
            dmc.TextInput(id="mt", value="m", persistence=True),
            dash_table.DataTable(id="t", data=[{"c": 2}, {"c": 1}, {"c": 3}], columns=[{"id": "c", "name": "C", "type": "numeric"}],
                                 sort_action="native", persistence=True),
        ]

    app.layout = dmc.MantineProvider(html.Div([
        html.Button("re-render", id="again"), html.Div(fields(), id="holder"), html.Div(id="out"),
    ]))

    @app.callback(Output("holder", "children"), Input("again", "n_clicks"), prevent_initial_call=True)
    def again(n):
        return fields()

    @app.callback(Output("out", "children"), Input("name", "value"), Input("mt", "value"), Input("t", "sort_by"))
    def show(name, mt, sort_by):
        return f"{name}|{mt}|" + ",".join(f"{s['column_id']} {s['direction']}" for s in sort_by or [])

    app
""")

CELLS = "() => [...document.querySelectorAll('.nbdash-root #t td')].map(e => e.textContent).join()"


def test_dbc_dmc_and_datatable_edits_with_persistence_survive_a_re_render_and_a_re_run_of_the_cell(notebook: Notebook) -> None:
    page = notebook.page
    notebook.run(LIBRARIES)
    wait_text(page, OUT, "a|m|")
    page.wait_for_selector(".nbdash-root #t td")
    page.locator(".nbdash-root #name").fill("alpaca")
    page.locator(".nbdash-root #mt").fill("mantine")
    page.click(".nbdash-root #t th[data-dash-column=c] .column-header--sort")  # sort_by: held back, then sent
    wait_text(page, OUT, "alpaca|mantine|c asc")

    page.click(".nbdash-root #again")  # a callback gives the three their layout values again
    page.wait_for_timeout(300)
    wait_text(page, OUT, "alpaca|mantine|c asc")
    assert page.evaluate(CELLS) == "1,2,3"
    assert page.locator(".nbdash-root #name").input_value() == "alpaca"
    assert page.locator(".nbdash-root #mt").input_value() == "mantine"
    assert set(storage(page, "localStorage")) == {
        "_dash_persistence.name.value.true", "_dash_persistence.mt.value.true", "_dash_persistence.t.sort_by.true",
    }

    # re-running the cell is nbdash's page load: the edits come back from localStorage
    notebook.rerun(-1)
    page.wait_for_selector(".nbdash-root[data-nbdash-live] #t td")
    wait_text(page, OUT, "alpaca|mantine|c asc")
    page.wait_for_function(f"() => ({CELLS})() === '1,2,3'")
    assert page.locator(".nbdash-root #name").input_value() == "alpaca"
    assert page.locator(".nbdash-root #mt").input_value() == "mantine"
