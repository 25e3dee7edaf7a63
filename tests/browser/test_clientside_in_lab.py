"""Clientside callbacks in JupyterLab + Chromium (see conftest.py): functions reach the page once, a
user change whose listeners are all clientside updates the DOM in the page (also while the kernel is
busy running a cell), the kernel ends with the same values, a server -> clientside -> server chain
whose clientside step runs in the page (and in the next view when the leading one goes), initial
calls run in the page with its DOM (and the server callback downstream waits for them),
PreventUpdate / no_update, a Promise, a returned Patch and set_props with a dict id applied in the
page at once (also to a wildcard id), and a thrown error in the error panel with later updates
still working."""

from __future__ import annotations

import textwrap
from typing import Any

from lab_driver import Notebook
from test_lab import wait_text

APP = textwrap.dedent('''
    import os
    from nbdash import Dash, html, dcc, Input, Output, State, ClientsideFunction

    os.makedirs("assets_cs", exist_ok=True)
    with open("assets_cs/ui.js", "w") as f:
        f.write("""
    window.__ui_js_runs = (window.__ui_js_runs || 0) + 1;
    window.dash_clientside = Object.assign({}, window.dash_clientside, {ui: {
        shout: function(v) { return (v || '').toUpperCase() + '!'; },
        gate: function(n) {
            if (n % 3 === 0) { throw window.dash_clientside.PreventUpdate; }
            if (n % 3 === 1) { return [window.dash_clientside.no_update, 'kept ' + n]; }
            return ['gate ' + n, 'both ' + n];
        }
    }});
    """)

    app = Dash(__name__, assets_folder="assets_cs")
    app.layout = html.Div([
        html.Button("inc", id="inc"), html.Div(id="count"),
        dcc.Input(id="text", value="hi"), html.Div(id="loud"),
        html.Button("srv", id="srv"), html.Div(id="stage1"), html.Div(id="stage2"), html.Div(id="stage3"),
        html.Button("gate", id="gate"), html.Div(id="g1"), html.Div(id="g2"),
        html.Button("later", id="later"), html.Div(id="promised"),
        html.Button("err", id="err"), html.Div(id="errout"),
        html.Button("pat", id="pat"), html.Div(id="plog", children=["start"]),
        html.Div([html.Div(id={"type": "row", "i": 1}, children="r"), html.Div(id={"type": "row", "i": 2})], id="rowwrap"),
    ])

    app.clientside_callback(
        "function(n) { return 'count ' + (n || 0) + ' in ' + (typeof document); }",
        Output("count", "children"), Input("inc", "n_clicks"),
    )
    app.clientside_callback(ClientsideFunction("ui", "shout"), Output("loud", "children"), Input("text", "value"))

    @app.callback(Output("stage1", "children"), Input("srv", "n_clicks"), prevent_initial_call=True)
    def first(n):
        return f"server {n}"

    app.clientside_callback(
        "function(s) { return s + ' > client in ' + (typeof document); }", Output("stage2", "children"), Input("stage1", "children"),
        prevent_initial_call=True,
    )

    @app.callback(Output("stage3", "children"), Input("stage2", "children"), prevent_initial_call=True)
    def third(s):
        return s + " > server"

    app.clientside_callback(
        ClientsideFunction("ui", "gate"), Output("g1", "children"), Output("g2", "children"),
        Input("gate", "n_clicks"), prevent_initial_call=True,
    )
    app.clientside_callback(
        "function(n) { return new Promise(r => setTimeout(() => r('promised ' + n), 50)); }",
        Output("promised", "children"), Input("later", "n_clicks"), prevent_initial_call=True,
    )
    app.clientside_callback(
        "function(n) { if (n === 1) { throw new Error('clientside boom'); } return 'fine ' + n; }",
        Output("errout", "children"), Input("err", "n_clicks"), prevent_initial_call=True,
    )
    app.clientside_callback(
        """function(n) {
            dash_clientside.set_props({type: 'row', i: 1}, {children: new dash_clientside.Patch().extend([], '+' + n).build()});
            dash_clientside.set_props({type: 'row', i: ['ALL']}, {title: 'all ' + n});
            return new dash_clientside.Patch().append([], ' p' + n).build();
        }""",
        Output("plog", "children"), Input("pat", "n_clicks"), prevent_initial_call=True,
    )
    app
''')


def kernel(notebook: Notebook, expression: str) -> str:
    return str(notebook.run(f"print({expression})")[0]["text"]).strip()


def dismiss_build_dialog(page: Any) -> None:
    """JupyterLab may open "Build Recommended" for the dash package's lab extension (issue 9 removes
    it); it would catch the clicks."""
    dialog = page.locator(".jp-Dialog", has_text="Build Recommended")
    page.add_locator_handler(dialog, lambda d: d.locator("button", has_text="Cancel").click())


def start_busy_cell(page: Any, seconds: float) -> None:
    """Run a cell that keeps the kernel busy, without waiting for it."""
    page.evaluate(
        """(code) => { const app = window.jupyterapp, panel = window.__panel(), nb = panel.content;
            nb.activeCellIndex = nb.widgets.length - 1;
            app.commands.execute('notebook:insert-cell-below').then(() => {
                nb.activeCell.model.sharedModel.setSource(code);
                app.commands.execute('notebook:run-cell'); }); }""",
        f"import time; time.sleep({seconds})",
    )
    page.wait_for_function("() => window.__panel().sessionContext.session.kernel.status === 'busy'")


def test_clientside_callbacks_in_jupyterlab(notebook: Notebook) -> None:
    page = notebook.page
    dismiss_build_dialog(page)
    notebook.run(APP)
    root = page.locator(".nbdash-root")
    wait_text(page, "#count", "count 0 in object")  # the initial call ran in the page too
    wait_text(page, "#loud", "HI!")

    # inline string, in the page: typeof document is "object" there
    page.click("#inc")
    wait_text(page, "#count", "count 1 in object")
    assert kernel(notebook, "app.get_props('count')['children']") == "count 1 in object"

    # a namespace function from assets/: the DOM follows while the kernel is busy running a cell
    start_busy_cell(page, 6)
    page.fill("#text", "quick")
    wait_text(page, "#loud", "QUICK!")
    assert page.evaluate("() => window.__panel().sessionContext.session.kernel.status") == "busy"
    page.click("#inc")
    wait_text(page, "#count", "count 2 in object")
    # a returned Patch and set_props(<dict id>, {prop: Patch}) apply in the page at once
    page.click("#pat")
    wait_text(page, "#plog", "start p1")
    wait_text(page, "#rowwrap", "r+1")
    # set_props with a wildcard id: every matching row, in the page at once too
    page.wait_for_function(
        "() => [...document.querySelectorAll('.nbdash-root #rowwrap > div')].map(e => e.title).join() === 'all 1,all 1'"
    )
    assert page.evaluate("() => window.__panel().sessionContext.session.kernel.status") == "busy"
    page.wait_for_function("() => window.__panel().sessionContext.session.kernel.status === 'idle'", timeout=20_000)
    assert kernel(notebook, "app.get_props('loud')['children'], app.get_props('count')['children']") == "QUICK! count 2 in object"
    assert kernel(notebook, "app.get_props('plog')['children'], app.get_props({'type': 'row', 'i': 1})['children']") == "['start', ' p1'] r+1"
    assert kernel(notebook, "app.get_props({'type': 'row', 'i': 2})['title']") == "all 1"
    page.click("#pat")  # the kernel's values and the page's stay one
    wait_text(page, "#plog", "start p1 p2")
    wait_text(page, "#rowwrap", "r+1+2")
    assert kernel(notebook, "app.get_props('plog')['children'], app.get_props({'type': 'row', 'i': 1})['children']") == "['start', ' p1', ' p2'] r+1+2"

    # server -> clientside -> server: the kernel's turn has the page run the clientside step
    page.click("#srv")
    wait_text(page, "#stage3", "server 1 > client in object > server")

    # PreventUpdate / no_update (3 clicks: no_update on g1, both, prevented)
    page.click("#gate")
    wait_text(page, "#g2", "kept 1")
    assert page.text_content("#g1") == ""
    page.click("#gate")
    wait_text(page, "#g1", "gate 2")
    wait_text(page, "#g2", "both 2")
    page.click("#gate")
    page.click("#inc")  # something after the prevented update, to know the event was handled
    wait_text(page, "#count", "count 3 in object")
    assert (page.text_content("#g1"), page.text_content("#g2")) == ("gate 2", "both 2")
    assert kernel(notebook, "app.get_props('g1')['children'], app.get_props('g2')['children']") == "gate 2 both 2"

    # a Promise
    page.click("#later")
    wait_text(page, "#promised", "promised 1")

    # a thrown error: the error panel, and the next update still works
    page.click("#err")
    row = root.locator(".nbdash-errors .nbdash-error")
    row.first.wait_for()
    assert "errout.children" in row.first.text_content()
    assert "Error: clientside boom" in row.first.locator(".nbdash-error-message").text_content()
    assert page.text_content("#errout") == ""
    page.click("#err")
    wait_text(page, "#errout", "fine 2")
    assert kernel(notebook, "len(app.errors), app.get_props('errout')['children']") == "1 fine 2"
    page.screenshot(path="/tmp/clientside_lab.png")


def test_functions_reach_the_page_once(notebook: Notebook) -> None:
    page = notebook.page
    dismiss_build_dialog(page)
    notebook.run(APP)
    wait_text(page, "#loud", "HI!")
    notebook.run("app")  # a second view of the same app on the page
    page.wait_for_function("() => document.querySelectorAll('.nbdash-root').length === 2")
    # assets/*.js come with the app's other assets (nbdash/_assets.py, app_assets.js: one run per
    # page, keyed by content hash); the clientside manifest carries only the inline functions
    keys = page.evaluate("() => [...window.__nbdash_clientside_scripts__]")
    assert sorted(k.split(":")[0] for k in keys) == ["inline"] * 5
    assets = page.evaluate("() => [...window.__nbdash_scripts__.keys()]")
    assert len(assets) == 1 and assets[0].startswith("file:")
    assert page.evaluate("() => window.__ui_js_runs") == 1
    # both views follow a change made in one (the other gets the kernel's patch)
    page.locator(".nbdash-root #inc").first.click()
    page.wait_for_function(
        "() => [...document.querySelectorAll('.nbdash-root #count')].every(e => e.textContent === 'count 1 in object')"
    )
    # the leading view (the second) goes: the first takes over the calls the kernel's turns make
    page.evaluate("() => { const nb = window.__panel().content; nb.widgets[nb.widgets.length - 1].model.outputs.clear(); }")
    page.wait_for_function("() => document.querySelectorAll('.nbdash-root').length === 1")
    page.click("#srv")
    wait_text(page, "#stage3", "server 1 > client in object > server")


DOM_APP = textwrap.dedent('''
    from nbdash import Dash, html, Input, Output

    app = Dash(__name__)
    app.layout = html.Div([
        html.Span("read from the page", id="probe"), html.Div(id="seen"), html.Div(id="server"), html.Div(id="title"),
    ])
    # Dash runs clientside callbacks in the browser: these initial calls read and write the page
    app.clientside_callback(
        """function(_) {
            const el = document.getElementById('probe');
            return el.textContent + ' at ' + (window.innerWidth > 0 ? 'a real width' : 'no width');
        }""",
        Output("seen", "children"), Input("probe", "children"),
    )
    app.clientside_callback(
        "function(s) { document.title = 'nbdash: ' + s; return document.title; }",
        Output("title", "children"), Input("server", "children"),
    )

    @app.callback(Output("server", "children"), Input("seen", "children"))
    def server(seen):
        return f"server got {seen}"

    app
''')


def test_initial_calls_run_in_the_page_with_its_dom(notebook: Notebook) -> None:
    page = notebook.page
    dismiss_build_dialog(page)
    # JupyterLab rewrites document.title itself (the active tab's name), so record every title set
    page.evaluate("""() => { window.__titles = [];
        new MutationObserver(() => window.__titles.push(document.title))
            .observe(document.querySelector('title'), { childList: true, characterData: true, subtree: true }); }""")
    notebook.run(DOM_APP)
    wait_text(page, "#seen", "read from the page at a real width")
    # clientside -> server -> clientside, all initial: each step waited for the one before
    wait_text(page, "#title", "nbdash: server got read from the page at a real width")
    assert "nbdash: server got read from the page at a real width" in page.evaluate("() => window.__titles")
    assert kernel(notebook, "app.get_props('server')['children']") == "server got read from the page at a real width"
    assert kernel(notebook, "[e for e in app.errors]") == "[]"
    # a cell's app.set_props: the clientside step it reaches runs in the page as well, after the
    # turn's changes so far are on the page (the function reads the new text from the DOM)
    notebook.run("app.set_props('probe', {'children': 'changed by a cell'})")
    wait_text(page, "#seen", "changed by a cell at a real width")
    wait_text(page, "#title", "nbdash: server got changed by a cell at a real width")
    page.screenshot(path="/tmp/clientside_dom_lab.png")


FIRST_FRAME_APP = textwrap.dedent('''
    import time
    from IPython.display import display
    from nbdash import Dash, html, Input, Output

    app = Dash(__name__)
    app.layout = html.Div([html.Button("inc", id="inc"), html.Div(id="count")])
    app.clientside_callback(
        "function(n) { return 'count ' + (n || 0) + ' in ' + (typeof document); }",
        Output("count", "children"), Input("inc", "n_clicks"),
    )
    display(app)
    time.sleep(15)  # the kernel stays busy: the view has only the widget's first-render state
''')


def test_the_first_frame_runs_clientside_callbacks_before_the_kernel_answers(notebook: Notebook) -> None:
    page = notebook.page
    dismiss_build_dialog(page)
    page.evaluate(
        """(code) => { const app = window.jupyterapp, nb = window.__panel().content;
            nb.activeCell.model.sharedModel.setSource(code); app.commands.execute('notebook:run-cell'); }""",
        FIRST_FRAME_APP,
    )
    page.locator(".nbdash-root #inc").wait_for()
    # the clientside manifest came with the first-render state: the click runs in the page at once,
    # while the cell still runs and the view's hello has no answer yet
    page.click(".nbdash-root #inc")
    wait_text(page, "#count", "count 1 in object")
    assert page.locator(".nbdash-root[data-nbdash-live]").count() == 0  # still the first-render tree
    assert page.locator(".jp-InputPrompt", has_text="[*]").count() == 1  # the cell is still running
    # once the kernel answers: its tree, the initial call (superseded by the click) and the event
    page.locator(".nbdash-root[data-nbdash-live]").wait_for(timeout=60_000)
    wait_text(page, "#count", "count 1 in object")
    assert kernel(notebook, "app.get_props('count')['children'], len(app.errors)") == "count 1 in object 0"
