"""dcc.Graph ``extendData`` in a real JupyterLab with Chromium: points streamed into a line trace.

The page's plot is read where plotly keeps it (``gd.data`` of the graph's plot div); what went over
the wire is recorded in the kernel by a second transport attached to the app, which receives the
very patch batches the widget sends. No timed assertions: every step waits for a condition.
"""

from __future__ import annotations

import json
import textwrap
from typing import Any

from lab_driver import Notebook
from test_lab import wait_text

PLOT = ".nbdash-root #graph .nbdash-graph-plot"

APP = textwrap.dedent("""
    import json
    from nbdash import Dash, html, dcc, Input, Output, State

    app = Dash(__name__)
    figure = {"data": [{"x": list(range(1000)), "y": [0] * 1000, "mode": "lines"}],
              "layout": {"width": 500, "height": 300, "margin": {"l": 40, "r": 10, "t": 10, "b": 30}}}
    app.layout = html.Div([
        dcc.Graph(id="graph", figure=figure),
        html.Button("add", id="add"),
        dcc.Interval(id="tick", interval=60, max_intervals=TICKS, disabled=DISABLED),
        html.Pre(id="seen"),
    ])

    @app.callback(Output("graph", "extendData"), Input("add", "n_clicks"), Input("tick", "n_intervals"),
                  prevent_initial_call=True)
    def stream(clicks, ticks):
        n = (clicks or 0) + (ticks or 0)
        return dict(x=[[999 + n]], y=[[n]]), [0], 1000

    @app.callback(Output("seen", "children"), Input("graph", "extendData"), State("graph", "figure"),
                  prevent_initial_call=True)
    def seen(points, fig):
        trace = fig["data"][0]
        return json.dumps([len(trace["x"]), trace["x"][-3:], trace["y"][-3:]])

    wire = []  # the graph's part of every patch batch sent to the page: (keys, JSON size)

    class Recorder:
        def send_patch(self, changes):
            if "graph" in changes:
                wire.append((sorted(changes["graph"]), len(json.dumps(changes["graph"]))))

        def send_error(self, error):
            pass

    app._attach(Recorder())
    app
""")


def app_code(ticks: int, disabled: bool) -> str:
    return APP.replace("TICKS", str(ticks)).replace("DISABLED", str(disabled))


def trace(page: Any) -> dict[str, Any]:
    """What plotly shows: x, y and their length for the first trace of the page's graph."""
    result: dict[str, Any] = page.evaluate(
        """(s) => { const gd = document.querySelector(s); const t = gd.data[0];
                    return {n: t.x.length, x: Array.from(t.x).slice(-3), y: Array.from(t.y).slice(-3),
                            first: t.x[0]}; }""",
        PLOT,
    )
    return result


def wait_plot(page: Any, last_x: int) -> None:
    """Wait until the plotted trace ends at ``last_x``."""
    page.wait_for_function(
        """([s, last]) => { const gd = document.querySelector(s);
                            if (!gd || !gd.data || !gd.data[0]) return false;
                            const x = gd.data[0].x; return x[x.length - 1] === last; }""",
        arg=[PLOT, last_x],
        timeout=60_000,
    )


def kernel(notebook: Notebook, expression: str) -> Any:
    return json.loads(str(notebook.run(f"print(json.dumps({expression}))")[0]["text"]))


def test_clicks_extend_the_plot_and_send_only_the_new_points(notebook: Notebook) -> None:
    page = notebook.page
    notebook.run(app_code(0, True))
    wait_plot(page, 999)
    for n in range(1, 4):
        page.click(".nbdash-root #add")
        wait_plot(page, 999 + n)
        # plotly shows the new point, with the window kept at 1000 points (max_points)
        last_x, last_y = [997 + n, 998 + n, 999 + n], [max(n - 2, 0), max(n - 1, 0), n]
        assert trace(page) == {"n": 1000, "x": last_x, "y": last_y, "first": n}
        # a callback chained on extendData reads the figure with the point in it (as in Dash)
        wait_text(page, ".nbdash-root #seen", json.dumps([1000, last_x, last_y]))

    wire = kernel(notebook, "wire")
    assert [keys for keys, _ in wire] == [["_nbdash_amend"]] * 3  # never the figure (~20 kB here)
    assert max(size for _, size in wire) < 100, wire
    figure = kernel(notebook, "app.get_props('graph')['figure']['data'][0]")
    assert (len(figure["x"]), figure["x"][0], figure["x"][-1], figure["y"][-3:]) == (1000, 3, 1002, [1, 2, 3])


def test_an_interval_stream_survives_a_page_reload(notebook: Notebook) -> None:
    page = notebook.page
    notebook.run(app_code(12, False))
    wait_plot(page, 999 + 12)  # every tick's point is on the page, in order
    shown = trace(page)
    assert shown == {"n": 1000, "x": [1009, 1010, 1011], "y": [10, 11, 12], "first": 12}
    wire = kernel(notebook, "wire")
    assert {tuple(keys) for keys, _ in wire} == {("_nbdash_amend",)} and max(size for _, size in wire) < 200

    notebook.reopen()  # the kernel keeps the app: the reloaded page shows the extended figure
    wait_plot(page, 999 + 12)
    assert trace(page) == shown
    page.click(".nbdash-root #add")  # and goes on from there
    wait_plot(page, 999 + 13)
    assert trace(page)["n"] == 1000


def test_a_graph_in_a_hidden_tab_shows_points_added_meanwhile(notebook: Notebook) -> None:
    page = notebook.page
    notebook.run(textwrap.dedent("""
        from nbdash import Dash, html, dcc, Input, Output

        app = Dash(__name__)
        app.layout = html.Div([
            html.Button("add", id="add"),
            dcc.Tabs(id="tabs", value="a", children=[
                dcc.Tab(label="A", value="a", id="tab-a", children=html.P("first tab")),
                dcc.Tab(label="B", value="b", id="tab-b", children=dcc.Graph(
                    id="graph", figure={"data": [{"x": [0], "y": [0]}], "layout": {"width": 400, "height": 250}})),
            ]),
        ])

        @app.callback(Output("graph", "extendData"), Input("add", "n_clicks"), prevent_initial_call=True)
        def add(n):
            return dict(x=[[n]], y=[[n * n]])

        app
    """))
    page.wait_for_selector(".nbdash-root #add")
    for _ in range(3):
        page.click(".nbdash-root #add")
    notebook.run("import time\nwhile app.get_props('graph')['figure']['data'][0]['x'][-1] != 3: time.sleep(0.01)")
    page.locator(".nbdash-root").get_by_text("B", exact=True).click()  # scoped: the hidden snapshot has its own "B"
    wait_plot(page, 3)
    assert page.evaluate("(s) => document.querySelector(s).data[0].y", PLOT) == [0, 1, 4, 9]
