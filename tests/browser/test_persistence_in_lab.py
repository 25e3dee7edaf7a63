"""Persistence of user edits in JupyterLab + Chromium (see nbdash/_persistence.py for the design).

An edit survives a callback re-rendering its parent; `local` edits come back when the app is loaded
again (page reload, then the cell re-run: a new app), `session` ones only in the same tab, `memory`
ones not at all; an edit is dropped when the app gives the component a new value.
"""

from __future__ import annotations

import json
import textwrap
from typing import Any

from lab_driver import Notebook
from test_lab import wait_text
from test_store_reload import views

APP = textwrap.dedent("""
    from nbdash import Dash, html, dcc, Input, Output, callback, ctx

    app = Dash(__name__)

    def fields(name="a"):
        return [
            dcc.Input(id="name", value=name, persistence=True),
            dcc.Input(id="tabbed", value="s", persistence=True, persistence_type="session"),
            dcc.Input(id="mem", value="m", persistence=True, persistence_type="memory"),
            dcc.Checklist(["x", "y", "z"], ["x"], id="picks", persistence=True),
            dcc.Tabs([dcc.Tab(label="One", value="one"), dcc.Tab(label="Two", value="two")],
                     id="tabs", value="one", persistence=True),
        ]

    app.layout = html.Div([
        html.Button("re-render", id="again"),
        html.Button("new value", id="renew"),
        html.Div(fields(), id="holder"),
        html.Div(id="out"),
    ])

    @callback(Output("holder", "children"), Input("again", "n_clicks"), Input("renew", "n_clicks"),
              prevent_initial_call=True)
    def again(n, renewed):
        return fields(name="b" if ctx.triggered_id == "renew" else "a")

    @callback(Output("out", "children"), Input("name", "value"), Input("tabbed", "value"), Input("mem", "value"),
              Input("picks", "value"), Input("tabs", "value"))
    def show(*values):
        return "|".join(str(v) for v in values)

    app
""")

OUT = ".nbdash-root #out"


def rerun_app(notebook: Notebook) -> str:
    """Run the app's cell again and wait for the new app's view; return its selector."""
    page, old = notebook.page, views(notebook.page)
    notebook.rerun(0)
    page.wait_for_function(
        "(old) => { const r = document.querySelectorAll('.nbdash-root');"
        " return r.length === 1 && !old.includes(r[0].dataset.nbdashView) && !!r[0].querySelector('#out'); }",
        arg=old,
    )
    return f".nbdash-root[data-nbdash-view='{views(page)[0]}']"


def edit(page: Any) -> None:
    for box, text in (("#name", "alpaca"), ("#tabbed", "tab"), ("#mem", "gone")):
        page.locator(f".nbdash-root {box}").fill(text)
    page.check(".nbdash-root #picks label:has-text('z') input")
    page.click(".nbdash-root #tabs >> text=Two")
    wait_text(page, OUT, "alpaca|tab|gone|['x', 'z']|two")


def storage(page: Any, kind: str) -> dict[str, Any]:
    raw = page.evaluate(
        "(kind) => { const s = window[kind], out = {}; for (let i = 0; i < s.length; i++) { const k = s.key(i);"
        " if (k.startsWith('_dash_persistence.')) out[k] = s.getItem(k); } return out; }",
        kind,
    )
    return {k: json.loads(v) for k, v in raw.items()}


def test_edits_survive_a_re_render_and_come_back_per_persistence_type(notebook: Notebook) -> None:
    page = notebook.page
    notebook.run(APP)
    wait_text(page, OUT, "a|s|m|['x']|one")
    edit(page)
    page.click(".nbdash-root #again")  # the parent is re-rendered with the same layout values
    page.wait_for_timeout(300)
    wait_text(page, OUT, "alpaca|tab|gone|['x', 'z']|two")
    assert page.locator(".nbdash-root #name").input_value() == "alpaca"
    # Dash's records, in the browser's storage
    assert storage(page, "localStorage") == {
        "_dash_persistence.name.value.true": ["alpaca", "a"],
        "_dash_persistence.picks.value.true": [["x", "z"], ["x"]],
        "_dash_persistence.tabs.value.true": ["two", "one"],
    }
    assert storage(page, "sessionStorage") == {"_dash_persistence.tabbed.value.true": ["tab", "s"]}

    notebook.reopen()  # page.reload(), then the cell re-run: a new app, loaded from its layout
    root = rerun_app(notebook)
    # local and session edits are applied before the initial callbacks; memory is gone
    wait_text(page, f"{root} #out", "alpaca|tab|m|['x', 'z']|two")
    assert page.locator(f"{root} #name").input_value() == "alpaca"
    assert page.locator(f"{root} #mem").input_value() == "m"
    state = notebook.run("print(app.get_props('name')['value'], app.get_props('tabs')['value'])")
    assert state[0]["text"] == "alpaca two\n"

    # A new tab: same localStorage, its own empty sessionStorage (outputs cleared first, so the tab
    # does not show the running app before the re-run).
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs')")
    page.wait_for_function("() => !document.querySelector('.nbdash-root')")
    other = page.context.new_page()
    notebook.reopen(other)
    page.close()
    root = rerun_app(notebook)
    wait_text(other, f"{root} #out", "alpaca|s|m|['x', 'z']|two")
    assert other.locator(f"{root} #tabbed").input_value() == "s"
    assert notebook.run("print(app.get_props('tabbed')['value'])")[0]["text"] == "s\n"


def test_a_new_layout_value_drops_the_edit(notebook: Notebook) -> None:
    page = notebook.page
    notebook.run(APP)
    wait_text(page, OUT, "a|s|m|['x']|one")
    page.locator(".nbdash-root #name").fill("alpaca")
    wait_text(page, OUT, "alpaca|s|m|['x']|one")
    page.click(".nbdash-root #renew")  # the app gives `name` the value "b" now
    wait_text(page, OUT, "b|s|m|['x']|one")
    assert page.locator(".nbdash-root #name").input_value() == "b"
    page.wait_for_function("() => localStorage.getItem('_dash_persistence.name.value.true') === null")
    page.click(".nbdash-root #again")  # back to "a": the old edit does not return
    wait_text(page, OUT, "a|s|m|['x']|one")


def test_a_local_edit_comes_back_after_a_kernel_restart(notebook: Notebook) -> None:
    """The restarted kernel has no copy of the browser's records: the new app loads with the layout
    value, then the view's hello brings the record and the kernel applies it (callbacks run again)."""
    page = notebook.page
    notebook.run(APP)
    wait_text(page, OUT, "a|s|m|['x']|one")
    page.locator(".nbdash-root #name").fill("alpaca")
    wait_text(page, OUT, "alpaca|s|m|['x']|one")
    page.evaluate("async () => { await window.__panel().sessionContext.session.kernel.restart(); }")
    page.wait_for_function(
        "() => { const k = window.__panel().sessionContext.session.kernel;"
        " return k.status === 'idle' && k.connectionStatus === 'connected'; }"
    )
    root = rerun_app(notebook)
    wait_text(page, f"{root} #out", "alpaca|s|m|['x']|one")
    assert page.locator(f"{root} #name").input_value() == "alpaca"
    assert notebook.run("print(app.get_props('name')['value'])")[0]["text"] == "alpaca\n"
