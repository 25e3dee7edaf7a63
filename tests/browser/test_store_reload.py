"""dcc.Store data kept in the browser across real page reloads, in JupyterLab (see conftest.py).

A `local` Store's data is in localStorage, a `session` Store's in the tab's sessionStorage. After
the page reloads, the kernel still runs the app; re-running its cell makes a new app whose Stores
start from the layout's data (None) and take the stored data back as they mount, as in Dash — also
a Store a callback inserts later into a running app shown by a reloaded (not fresh) view.
"""

from __future__ import annotations

import textwrap
from typing import Any

from lab_driver import Notebook
from test_lab import wait_text

STORES = textwrap.dedent("""
    from nbdash import Dash, html, dcc, Input, Output, State, callback

    app = Dash(__name__, suppress_callback_exceptions=True)
    app.layout = html.Div([
        dcc.Store(id="kept", storage_type="local"),
        dcc.Store(id="tab", storage_type="session"),
        html.Button("save", id="save"),
        html.Div(id="kept-out"),
        html.Div(id="tab-out"),
        html.Button("insert", id="insert"),
        html.Button("save late", id="save-late"),
        html.Div(id="slot"),
        html.Div(id="late-out"),
    ])

    @callback(Output("kept", "data"), Output("tab", "data"), Input("save", "n_clicks"), prevent_initial_call=True)
    def save(n):
        return {"n": n}, {"tab": n}

    @callback(Output("kept-out", "children"), Input("kept", "data"))
    def show_kept(data):
        return f"kept {data}"

    @callback(Output("tab-out", "children"), Input("tab", "data"))
    def show_tab(data):
        return f"tab {data}"

    @callback(Output("slot", "children"), Input("insert", "n_clicks"), prevent_initial_call=True)
    def insert(n):  # odd clicks insert a local Store, even clicks remove it
        return [dcc.Store(id="late", storage_type="local")] if n % 2 else []

    @callback(Output("late", "data"), Input("save-late", "n_clicks"), prevent_initial_call=True)
    def save_late(n):
        return {"late": n}

    @callback(Output("late-out", "children"), Input("late", "data"), State("insert", "n_clicks"))
    def show_late(data, inserts):
        return f"late {data} after insert {inserts}"

    app
""")


def views(page: Any) -> list[str]:
    return page.evaluate("() => [...document.querySelectorAll('.nbdash-root')].map(e => e.dataset.nbdashView)")


def rerun_app(notebook: Notebook) -> str:
    """Run the app's cell (the first) again and wait for the new app's view; return its selector."""
    page, old = notebook.page, views(notebook.page)
    notebook.rerun(0)
    page.wait_for_function(
        "(old) => { const r = document.querySelectorAll('.nbdash-root');"
        " return r.length === 1 && !old.includes(r[0].dataset.nbdashView) && !!r[0].querySelector('#kept-out'); }",
        arg=old,
    )
    return f".nbdash-root[data-nbdash-view='{views(page)[0]}']"


def kernel(notebook: Notebook, expression: str) -> str:
    return str(notebook.run(f"print({expression})")[0]["text"]).strip()


def test_local_store_survives_a_page_reload_and_session_store_stays_in_its_tab(notebook: Notebook) -> None:
    page = notebook.page
    notebook.run(STORES)
    wait_text(page, ".nbdash-root #kept-out", "kept None")
    page.click(".nbdash-root #save")
    wait_text(page, ".nbdash-root #kept-out", "kept {'n': 1}")
    wait_text(page, ".nbdash-root #tab-out", "tab {'tab': 1}")
    stamp = page.evaluate("() => localStorage.getItem('nbdash-store:kept-timestamp')")
    assert stamp and int(stamp) == int(kernel(notebook, "app.get_props('kept')['modified_timestamp']"))

    notebook.reopen()  # page.reload(): the kernel keeps running; the page has only its storage
    root = rerun_app(notebook)  # a new app: its Stores start with data None
    wait_text(page, f"{root} #kept-out", "kept {'n': 1}")  # from localStorage
    wait_text(page, f"{root} #tab-out", "tab {'tab': 1}")  # sessionStorage survives a reload of its tab
    # the stored timestamp comes back with the data, as in Dash
    assert kernel(notebook, "app.get_props('kept')['data'], app.get_props('kept')['modified_timestamp']") == f"{{'n': 1}} {stamp}"

    # A new tab: same localStorage, its own (empty) sessionStorage. The notebook is saved without
    # outputs first: a new tab that rendered the running app would (rightly) write the kernel's
    # current data into its own storage before the cell is re-run.
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs')")
    page.wait_for_function("() => !document.querySelector('.nbdash-root')")
    other = page.context.new_page()
    notebook.reopen(other)
    page.close()
    root = rerun_app(notebook)
    wait_text(other, f"{root} #kept-out", "kept {'n': 1}")
    wait_text(other, f"{root} #tab-out", "tab None")
    assert other.evaluate("() => sessionStorage.getItem('nbdash-store:tab')") is None


def test_a_store_a_callback_inserts_into_a_running_app_is_restored_after_a_reload(notebook: Notebook) -> None:
    page = notebook.page
    notebook.run(STORES)
    page.click(".nbdash-root #insert")
    wait_text(page, ".nbdash-root #late-out", "late None after insert 1")
    page.click(".nbdash-root #save-late")
    wait_text(page, ".nbdash-root #late-out", "late {'late': 1} after insert 1")
    page.click(".nbdash-root #insert")  # removed from the app; its data stays in localStorage
    page.wait_for_function("() => !document.querySelector('.nbdash-root #slot').hasChildNodes()")
    assert kernel(notebook, "app.get_props('slot')['children']") == "[]"
    stamp = page.evaluate("() => localStorage.getItem('nbdash-store:late-timestamp')")

    notebook.reopen()  # the same running app, shown again by the reloaded page (not a fresh session)
    page.wait_for_selector(".nbdash-root #insert")
    page.click(".nbdash-root #insert")  # inserts a Store with data None: it takes the stored data
    wait_text(page, ".nbdash-root #late-out", "late {'late': 1} after insert 3")
    assert kernel(notebook, "app.get_props('late')['modified_timestamp']") == stamp
    assert page.evaluate("() => localStorage.getItem('nbdash-store:late')") == '{"late":1}'
