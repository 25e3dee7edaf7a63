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
