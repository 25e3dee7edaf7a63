"""Library files the kernel pushes with an app's first display (nbdash/_preload.py), in JupyterLab +
Chromium: the page runs React and the bundles without asking (`need`), runs a learned chunk on
arrival (webpack then finds its modules and loads nothing), runs nothing twice, a second app on the page gets only
what the page lacks, a reloaded page asks as before, an announced push that never comes is asked
for once the view's hello is answered, and the grid and table the first tree drew are taken over
by the kernel's tree (js/src/islands/park.js), not drawn again.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

from lab_driver import Notebook

SHOTS = Path(__file__).resolve().parents[2] / "tmp" / "screenshots"
COMMUNITY = "nbdash-asset://dash_ag_grid/async-community.js"

# Run first: records what the page asks for, and gives this kernel a learned record in which
# earlier sessions asked for AG Grid's community chunk (as a previous kernel would have left it).
SETUP = textwrap.dedent(f"""
    import json, pathlib, tempfile
    import dash_ag_grid as dag, dash_bootstrap_components as dbc
    from nbdash import Dash, html, dash_table, _preload
    from nbdash._widget import AppWidget, widget_for

    NEEDS = []
    _on_need = AppWidget._on_need
    def _recorded(self, message):
        NEEDS.append(message.get("asset"))
        return _on_need(self, message)
    AppWidget._on_need = _recorded

    _record = pathlib.Path(tempfile.mkdtemp()) / "chunks.json"
    _earlier = _preload.Preloads(_preload.ChunkRecord(_record))
    _earlier.plan(["dash_ag_grid"])
    _earlier.asked("chunk:{COMMUNITY}")
    _preload.preloads = _preload.Preloads(_preload.ChunkRecord(_record))  # this kernel reads it
""")

APP = textwrap.dedent("""
    rows = [{{"city": f"City {{i}}", "pop": i}} for i in range(20)]
    {name} = Dash()
    {name}.layout = html.Div([
        dash_table.DataTable(id="t{n}", data=rows, columns=[{{"id": "city", "name": "City"}}, {{"id": "pop", "name": "Pop"}}], page_size=5),
        dag.AgGrid(id="g{n}", rowData=rows, columnDefs=[{{"field": "city"}}, {{"field": "pop"}}], style={{"height": 250}}),
        {extra}
    ])
    {name}
""")

RAN = """() => [...document.querySelectorAll('script[data-nbdash-asset]')].map(s => s.dataset.nbdashAsset)"""


def needs(notebook: Notebook) -> list[str]:
    return list(json.loads(notebook.run("print(json.dumps(NEEDS))")[0]["text"]))


def wait_table_and_grid(page: Any, n: int) -> None:
    page.wait_for_selector(f".nbdash-root #t{n} td[data-dash-column=city]", timeout=60_000)
    page.wait_for_selector(f".nbdash-root #g{n} .ag-cell[col-id=city]", timeout=60_000)


def test_pushed_bundles_and_chunks_run_once_and_a_second_app_or_a_reloaded_page_gets_what_it_lacks(notebook: Notebook) -> None:
    page = notebook.page
    notebook.run(SETUP)
    notebook.run(APP.format(name="app", n=1, extra=""))
    wait_table_and_grid(page, 1)
    announced = json.loads(notebook.run("print(json.dumps(widget_for(app)._page.sent))")[0]["text"])
    assert list(announced)[:4] == ["react", "library:dash_ag_grid", f"chunk:{COMMUNITY}", "library:dash_table"]
    asked = needs(notebook)
    # pushed: never asked for; DataTable's chunks (not learned in this kernel's record) still are
    assert not {"react", "library:dash_ag_grid", "library:dash_table", f"chunk:{COMMUNITY}"} & set(asked)
    assert "chunk:nbdash-asset://dash/dash_table/async-table.js" in asked
    ran = page.evaluate(RAN)
    assert ran.count("nbdash-asset://dash_ag_grid/dash_ag_grid.min.js") == 1 and ran.count("nbdash-asset://dash/deps/react@18.3.1.min.js") == 1
    assert page.evaluate("window.__nbdash_islands__.pushed.size") == 0  # every pushed file was used
    assert ran.count(COMMUNITY) == 1  # the pushed chunk ran on arrival, once; webpack found its modules

    # a second app on the page: only the library the page lacks crosses the comm
    notebook.run(APP.format(name="app2", n=2, extra='dbc.Button("b", id="b2", color="primary"),'))
    wait_table_and_grid(page, 2)
    page.wait_for_selector(".nbdash-root #b2.btn")
    sent2 = json.loads(notebook.run("print(json.dumps(widget_for(app2)._page.sent))")[0]["text"])
    assert list(sent2) == ["library:dash_bootstrap_components"]
    assert needs(notebook) == asked
    ran = page.evaluate(RAN)
    assert ran.count("nbdash-asset://dash_ag_grid/dash_ag_grid.min.js") == 1
    assert ran.count("nbdash-asset://dash_bootstrap_components/_components/dash_bootstrap_components.min.js") == 1
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "libraries_pushed_table_grid.png"), full_page=True)

    # a reloaded page got none of the pushes: it asks, as before
    notebook.reopen()
    wait_table_and_grid(notebook.page, 1)
    again = needs(notebook)[len(asked):]
    assert {"react", "library:dash_ag_grid", "library:dash_table"} <= set(again)


def test_an_announced_push_that_never_comes_is_asked_for(notebook: Notebook) -> None:
    page = notebook.page
    notebook.run(SETUP + textwrap.dedent("""
        _send = AppWidget._send_pushes
        def _lossy(self):
            self._push = [n for n in self._push if n != "library:dash_table"]  # announced, never sent
            return _send(self)
        AppWidget._send_pushes = _lossy
    """))
    notebook.run(APP.format(name="app", n=1, extra=""))
    wait_table_and_grid(page, 1)
    asked = needs(notebook)
    assert "library:dash_table" in asked and "react" not in asked and "library:dash_ag_grid" not in asked
    assert page.evaluate(RAN).count("nbdash-asset://dash/dash_table/bundle.js") == 1


SLOW_HELLO = textwrap.dedent("""
    import time
    from nbdash import Input, Output
    _hello = AppWidget._on_hello
    def _slow_hello(self, message):
        time.sleep(2.0)  # the page draws the first tree's grid and table before the kernel's tree arrives
        return _hello(self, message)
    AppWidget._on_hello = _slow_hello
""")

CLICKED = textwrap.dedent("""
    @app.callback(Output("clicked", "children"), Input("g1", "cellClicked"), prevent_initial_call=True)
    def clicked(cell):
        return f"{cell['value']} {cell['colId']}"
""")


def test_the_kernels_tree_takes_over_the_first_trees_grid_and_table_without_drawing_them_again(notebook: Notebook) -> None:
    page = notebook.page
    notebook.run(SETUP + SLOW_HELLO)
    code = APP.format(name="app", n=1, extra='html.Div(id="clicked"),').replace("\n    app\n", "\n") + CLICKED + "app\n"
    notebook.page.evaluate("""() => new Promise((resolve) => { const t = setInterval(() => {
        const cell = document.querySelector('.nbdash-root #g1 .ag-cell[col-id=city]');
        const table = document.querySelector('.nbdash-root #t1 td[data-dash-column=city]');
        if (cell && table) { cell.closest('.ag-root-wrapper').dataset.first = 'yes'; table.dataset.first = 'yes'; clearInterval(t); }
      }, 20); resolve(); })""")
    notebook.run(code)
    page.wait_for_selector(".nbdash-root[data-nbdash-live]", timeout=60_000)
    wait_table_and_grid(page, 1)
    # the first tree's grid and table (drawn while the kernel slept) are the live view's
    assert page.evaluate("document.querySelector('.nbdash-root #g1 .ag-root-wrapper').dataset.first") == "yes"
    assert page.evaluate("document.querySelector('.nbdash-root #t1 td[data-dash-column=city]').dataset.first") == "yes"
    # drawn once: the grid's and the table's React components were not mounted again
    assert page.evaluate("performance.getEntriesByName('nbdash: dash_ag_grid.AgGrid committed').length") == 1
    assert page.evaluate("performance.getEntriesByName('nbdash: dash.DataTable committed').length") == 1
    # and they talk to the kernel through the live view
    page.click(".nbdash-root #g1 .ag-row[row-index='2'] .ag-cell[col-id=city]")
    page.wait_for_function("() => document.querySelector('.nbdash-root #clicked')?.textContent === 'City 2 city'")
