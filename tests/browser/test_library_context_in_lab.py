"""React context reaches library components through the html/dcc containers between them and their
provider, in JupyterLab + Chromium.

Inside a library island, html components are React elements of the island and natively drawn dcc
components (Loading, Tabs, ...) mount in a slot; a library component under such a slot (also
several levels down, in a tab shown later, or in children a callback returns) renders as a React
portal of the nearest island around it, not as a React root of its own, so context providers —
``dmc.MantineProvider``, dbc.Tabs' — reach it as they do in Dash.
"""

from __future__ import annotations

import textwrap

from lab_driver import Notebook
from test_lab import wait_text
from test_libraries_in_lab import shot

APP = textwrap.dedent("""
    import dash_mantine_components as dmc
    import dash_bootstrap_components as dbc
    from nbdash import Dash, html, dcc, Input, Output

    app = Dash()
    app.layout = html.Div([
        dmc.MantineProvider(html.Div([
            html.Div(dmc.Select(id="direct", data=["x", "y"], value="x", w=200)),
            dcc.Loading(html.Div(dmc.Button("in loading", id="loaded"), id="in-loading")),
            dcc.Tabs([dcc.Tab(html.Div(dmc.Badge("tab one", id="tab1")), label="one"),
                      dcc.Tab(html.Div(dmc.Badge("tab two", id="tab2")), label="two")], id="tabs"),
            dcc.Loading(html.Div(dbc.Card(dcc.Loading(html.Div(
                dmc.Select(id="deep", data=["p", "q"], value="p", w=200), id="deep-box"))))),
            html.Button("swap", id="swap"),
            dcc.Loading(html.Div(id="swapped")),
        ]), id="provider"),
        dbc.Tabs([dbc.Tab(html.Div(dbc.Button("in dbc tab", id="dbc-a")), label="A", tab_id="a"),
                  dbc.Tab(dcc.Loading(html.Div(dbc.Button("in dbc tab, in loading", id="dbc-b"))), label="B", tab_id="b")],
                 id="dbc-tabs", active_tab="a"),
        html.Div(id="out"),
    ])

    @app.callback(Output("out", "children"), Input("direct", "value"), Input("deep", "value"), Input("loaded", "n_clicks"))
    def out(direct, deep, clicks):
        return f"direct={direct} deep={deep} clicks={clicks}"

    @app.callback(Output("swapped", "children"), Input("swap", "n_clicks"), prevent_initial_call=True)
    def swap(n):
        return html.Div([dmc.Button(f"swapped {n}", id="swapped-button"), dmc.Badge("badge", id="swapped-badge")])

    app
""")

# an island is its own React root when its element is a createRoot container
OWN_ROOT = """(sel) => {
  const island = document.querySelector(sel).closest('.nbdash-island');
  return Object.keys(island).some(k => k.startsWith('__reactContainer$'));
}"""
ERRORS = "[...document.querySelectorAll('.nbdash-root .nbdash-render-error')].map(e => e.textContent)"


def test_library_components_under_native_containers_see_their_providers_context(notebook: Notebook) -> None:
    page = notebook.page
    notebook.run(APP)
    wait_text(page, ".nbdash-root #out", "direct=x deep=p clicks=None")
    page.wait_for_selector(".nbdash-root #in-loading #loaded.mantine-Button-root")
    page.wait_for_selector(".nbdash-root #deep-box .mantine-Select-root")
    page.wait_for_selector(".nbdash-root #dbc-a.btn")
    assert page.evaluate(ERRORS) == []  # no "MantineProvider was not found"
    # Mantine's styles, not nbdash's look for native buttons: the provider's primary blue
    assert page.evaluate("getComputedStyle(document.querySelector('.nbdash-root #loaded')).backgroundColor") == "rgb(34, 139, 230)"
    # the provider is a React root; what sits under a native dcc container inside it is a portal of it
    assert page.evaluate(OWN_ROOT, ".nbdash-root .mantine-Select-root") is True  # #direct, in the provider's island
    for inner in ("#loaded", "#deep-box .mantine-Select-root"):
        assert page.evaluate(OWN_ROOT, f".nbdash-root {inner}") is False, inner

    # they work: a Select two native containers and a dbc.Card down, a Button inside dcc.Loading
    page.click(".nbdash-root #deep")
    page.click("[role=option]:has-text('q')")  # Mantine's dropdown: a portal through the provider's context
    wait_text(page, ".nbdash-root #out", "direct=x deep=q clicks=None")
    page.click(".nbdash-root #loaded")
    wait_text(page, ".nbdash-root #out", "direct=x deep=q clicks=1")
    page.click(".nbdash-root #direct")
    page.click("[role=option]:has-text('y')")
    wait_text(page, ".nbdash-root #out", "direct=y deep=q clicks=1")

    # a tab's content mounted when it is shown, and children a callback returns
    page.click(".nbdash-root #tabs [role=tab]:has-text('two')")
    page.wait_for_selector(".nbdash-root #tab2.mantine-Badge-root", state="visible")
    page.click(".nbdash-root #swap")
    page.wait_for_selector(".nbdash-root #swapped #swapped-button.mantine-Button-root")
    page.wait_for_selector(".nbdash-root #swapped #swapped-badge.mantine-Badge-root")
    assert page.evaluate(OWN_ROOT, ".nbdash-root #swapped-button") is False

    # dbc.Tabs: its tabs' content under a native dcc.Loading
    page.click(".nbdash-root #dbc-tabs .nav-link:has-text('B')")
    page.wait_for_selector(".nbdash-root #dbc-b.btn", state="visible")
    assert page.evaluate(ERRORS) == []
    shot(page, "context")
