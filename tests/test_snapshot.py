"""The static snapshot every displayed app carries (nbdash/_snapshot.py): present and meaningful in a
saved executed notebook and in nbconvert's HTML, refreshed as the app changes, safe and small."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
from nbdash import Dash, Input, Output, dcc, html
from nbdash._snapshot import SNAPSHOT_CLASS, render_app, render_tree

ROOT = Path(__file__).resolve().parent.parent


def greeting_app() -> Dash:
    app = Dash(__name__)
    app.layout = html.Div([
        html.H3("Greeter", style={"color": "rgb(200, 0, 0)"}),
        dcc.Input(id="name", value="world"),
        html.Div(id="greeting"),
        dcc.Dropdown([{"label": "Five per cent", "value": 5}], 5, id="dd"),
        dcc.Checklist(["a", "b"], ["b"], id="c"),
        dcc.Graph(id="g", figure={"data": [{"type": "bar", "x": ["x", "y"], "y": [1, 3]}], "layout": {"title": {"text": "Bars"}}}),
        dcc.Store(id="store", data={"secret": "not drawn"}),
        html.Div("session 1234", style={"display": "none"}),
    ])

    @app.callback(Output("greeting", "children"), Input("name", "value"))
    def greet(name: str) -> str:
        return f"Hello, {name}!"

    return app


def test_the_snapshot_shows_the_current_tree() -> None:
    app = greeting_app()
    snapshot = render_app(app)
    assert snapshot.startswith(f'<div class="{SNAPSHOT_CLASS}"')
    assert "Hello, world!" in snapshot  # the initial callback's output, not the bare layout
    assert '<h3 style="color:rgb(200, 0, 0);">Greeter</h3>' in snapshot
    assert 'value="world"' in snapshot and "Five per cent" in snapshot
    assert '<input type="checkbox" disabled checked> b' in snapshot
    assert ">Bars</text>" in snapshot and snapshot.count("<rect") == 3  # plot area + two bars
    assert "not drawn" not in snapshot and "session 1234" not in snapshot
    app.set_props("name", {"value": "nbdash"})
    assert "Hello, nbdash!" in render_app(app)


def test_the_snapshot_runs_nothing_and_fetches_nothing() -> None:
    tree = html.Div([
        html.Script("alert(1)"), html.A("bad", href="javascript:alert(1)"), html.A("ok", href="https://x.org"),
        html.Iframe(src="https://x.org"), html.Div("<b>not markup</b>", id="i", className="c",
                                                     style={"background": "url(https://x.org/a.png)"}),
    ])
    from nbdash._json import to_json

    snapshot = render_tree(to_json(tree))
    assert "<script" not in snapshot and "alert" not in snapshot and "iframe" not in snapshot
    assert '<a href="https://x.org">ok</a>' in snapshot and "<a>bad</a>" in snapshot
    assert "&lt;b&gt;not markup&lt;/b&gt;" in snapshot and "url(" not in snapshot
    assert 'id="i"' not in snapshot and 'class="c"' not in snapshot  # the live view alone answers to them


def _run(tmp_path: Path, cells: list[str]) -> nbformat.NotebookNode:
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    env = dict(os.environ, PYTHONPATH=f"{ROOT}{os.pathsep}{os.environ.get('PYTHONPATH', '')}")
    client = NotebookClient(nb, kernel_name="python3", timeout=60, resources={"metadata": {"path": str(tmp_path)}})
    client.km = client.create_kernel_manager()
    client.km.kernel_spec  # noqa: B018
    with client.setup_kernel(env=env):
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
    return nb


APP_CELL = """
from nbdash import Dash, html, dcc, Input, Output
app = Dash(__name__)
app.layout = html.Div([dcc.Input(id="name", value="world"), html.Div(id="greeting")])

@app.callback(Output("greeting", "children"), Input("name", "value"))
def greet(name):
    return f"Hello, {name}!"

app
"""


def test_a_saved_executed_notebook_and_its_nbconvert_html_show_the_app(tmp_path: Path) -> None:
    # the last cell waits for the snapshot refresh: a later change reaches the stored snapshot
    nb = _run(tmp_path, [APP_CELL, 'app.set_props("name", {"value": "saved"})', "import time; time.sleep(1.0)"])
    outputs = nb.cells[0].outputs
    widget, snapshot = outputs
    assert set(widget.data) == {"application/vnd.jupyter.widget-view+json"}
    assert snapshot.data["text/plain"] == "<nbdash.Dash 'app': 1 callback(s)>"
    html_text = snapshot.data["text/html"]
    assert SNAPSHOT_CLASS in html_text and "Hello, saved!" in html_text  # refreshed after set_props
    assert len(html_text) < 2000
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter().from_notebook_node(nb)
    assert "Hello, saved!" in body and SNAPSHOT_CLASS in body
