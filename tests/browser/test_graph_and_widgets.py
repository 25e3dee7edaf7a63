"""dcc.Graph's event props, an embedded plotly FigureWidget and ``running=`` props, in a real
JupyterLab with Chromium (same set-up as test_lab.py: a fresh notebook and kernel per test).

The graph tests act on the plot with the mouse the way a user does (hover a marker, drag a box,
double-click, click a legend item) and read back what the callbacks received: each callback shows
its argument as JSON in a ``<pre>``. The shapes asserted are Dash's (``filterEventData`` and
``bindEvents`` in dash-core-components' ``fragments/Graph.react.js``).
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

from lab_driver import Notebook
from test_lab import wait_text

GRAPH = textwrap.dedent("""
    import json
    import plotly.graph_objects as go
    from nbdash import Dash, html, dcc, Input, Output, callback

    app = Dash(__name__)
    fig = go.Figure([
        go.Scatter(x=[1, 2, 3], y=[4, 1, 2], mode="markers", marker={{"size": 30}}, name="first",
                   customdata=["a", "b", "c"]),
        go.Scatter(x=[1, 2, 3], y=[2, 3, 4], mode="markers", marker={{"size": 30}}, name="second"),
    ])
    fig.update_layout(width=600, height=380, margin=dict(l=40, r=10, t=10, b=40), dragmode={dragmode!r},
                      showlegend=True)
    app.layout = html.Div([
        dcc.Graph(id="graph", figure=fig, clear_on_unhover=True),
        html.Pre(id="clickData"), html.Pre(id="hoverData"), html.Pre(id="selectedData"), html.Pre(id="relayoutData"), html.Pre(id="restyleData"),
    ])
    calls = {{}}

    def show(prop):
        @callback(Output(prop, "children"), Input("graph", prop))
        def shown(value):
            calls[prop] = calls.get(prop, 0) + 1
            return json.dumps({{"n": calls[prop], "value": value}}, sort_keys=True)

    for prop in ("clickData", "hoverData", "selectedData", "relayoutData", "restyleData"):
        show(prop)

    app
""")

POINTS = ".nbdash-root #graph .scatterlayer .trace:first-child .point"


def open_graph(notebook: Notebook, dragmode: str = "zoom") -> Any:
    page = notebook.page
    notebook.run(GRAPH.format(dragmode=dragmode))
    page.wait_for_selector(POINTS, timeout=60_000)
    page.locator(".nbdash-root #graph").scroll_into_view_if_needed()
    wait_received(page, "hoverData", lambda v: v is None)
    return page


def received(page: Any, prop: str) -> dict[str, Any]:
    """What the callback listening to ``graph.<prop>`` last received: {"n": calls, "value": ...}."""
    return json.loads(page.text_content(f".nbdash-root #{prop}") or "null") or {"n": 0, "value": None}


def wait_received(page: Any, prop: str, check: Any) -> Any:
    """Wait until the value the callback last received passes ``check``; return it."""
    page.wait_for_function(
        "(id) => { const e = document.querySelector(`.nbdash-root #${id}`); return !!e && !!e.textContent; }", arg=prop
    )
    for _ in range(600):
        shown = received(page, prop)
        if check(shown["value"]):
            return shown["value"]
        page.wait_for_timeout(50)
    raise AssertionError(f"{prop} never passed the check; last received {received(page, prop)!r}")


def center(page: Any, selector: str, nth: int = 0) -> tuple[float, float]:
    box = page.locator(selector).nth(nth).bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def plot_area(page: Any) -> dict[str, float]:
    """The plotting area (the drag layer over the axes) in page coordinates."""
    box: dict[str, float] = page.locator(".nbdash-root #graph .nsewdrag").first.bounding_box()
    return box


def test_hovering_a_point_sends_hover_data_and_leaving_clears_it(notebook: Notebook) -> None:
    page = open_graph(notebook)
    x, y = center(page, POINTS, 1)
    page.mouse.move(x - 30, y - 30)
    page.mouse.move(x, y, steps=4)
    hover = wait_received(page, "hoverData", lambda v: v is not None)
    assert set(hover) == {"points"}  # Dash keeps only the points (no event, xvals, yvals)
    (point,) = hover["points"]
    assert {k: point[k] for k in ("curveNumber", "pointNumber", "pointIndex", "x", "y", "customdata")} == {
        "curveNumber": 0, "pointNumber": 1, "pointIndex": 1, "x": 2, "y": 1, "customdata": "b",
    }  # fmt: skip
    assert set(point["bbox"]) >= {"x0", "x1", "y0", "y1"}
    assert all(not isinstance(v, (dict, list)) for k, v in point.items() if k != "bbox")  # no plotly internals
    hovers = received(page, "hoverData")["n"]

    area = plot_area(page)
    page.mouse.move(x, area["y"] + area["height"] + 150, steps=4)  # down, off the plot (no point below)
    wait_received(page, "hoverData", lambda v: v is None)  # clear_on_unhover=True
    assert received(page, "hoverData")["n"] == hovers + 1


def test_clicking_the_same_point_twice_fires_twice(notebook: Notebook) -> None:
    page = open_graph(notebook)
    x, y = center(page, POINTS, 2)
    page.mouse.move(x, y)
    page.mouse.click(x, y)
    first = wait_received(page, "clickData", lambda v: v is not None)
    assert set(first) == {"points", "timestamp"}  # Dash stamps clicks so a repeat is a change
    assert [(p["x"], p["y"], p["customdata"]) for p in first["points"]] == [(3, 2, "c")]
    page.mouse.click(x, y)
    page.wait_for_function("() => JSON.parse(document.querySelector('.nbdash-root #clickData').textContent).n === 3")
    second = received(page, "clickData")["value"]
    assert second["points"] == first["points"] and second["timestamp"] >= first["timestamp"]


def test_a_box_select_sends_selected_data_and_a_double_click_clears_it(notebook: Notebook) -> None:
    page = open_graph(notebook, dragmode="select")
    area = plot_area(page)
    x0, y0 = center(page, POINTS, 1)  # (2, 1) of the first trace; (2, 3) of the second is above it
    page.mouse.move(x0 - 40, y0 + 25)
    page.mouse.down()
    page.mouse.move(x0, y0, steps=4)
    page.mouse.move(x0 + 40, y0 - 25, steps=4)
    page.mouse.up()
    selected = wait_received(page, "selectedData", lambda v: v is not None)
    assert set(selected) == {"points", "range"}
    assert [(p["curveNumber"], p["pointIndex"], p["x"], p["y"], p.get("customdata")) for p in selected["points"]] == [
        (0, 1, 2, 1, "b")
    ]
    assert all(not isinstance(v, (dict, list)) for p in selected["points"] for v in p.values())
    (x_low, x_high), (y_low, y_high) = selected["range"]["x"], selected["range"]["y"]
    assert x_low < 2 < x_high and y_low < 1 < y_high < 3

    page.mouse.dblclick(area["x"] + area["width"] * 0.9, area["y"] + area["height"] * 0.1)
    wait_received(page, "selectedData", lambda v: v is None)  # plotly_deselect


def test_a_zoom_drag_and_a_double_click_autoscale_send_relayout_data(notebook: Notebook) -> None:
    page = open_graph(notebook, dragmode="zoom")
    area = plot_area(page)
    left, top = area["x"] + area["width"] * 0.25, area["y"] + area["height"] * 0.25
    page.mouse.move(left, top)
    page.mouse.down()
    page.mouse.move(left + 60, top + 40, steps=4)
    page.mouse.move(left + area["width"] * 0.5, top + area["height"] * 0.5, steps=4)
    page.mouse.up()
    zoomed = wait_received(page, "relayoutData", lambda v: bool(v) and "xaxis.range[0]" in v)
    assert set(zoomed) == {"xaxis.range[0]", "xaxis.range[1]", "yaxis.range[0]", "yaxis.range[1]"}
    assert 1 < zoomed["xaxis.range[0]"] < zoomed["xaxis.range[1]"] < 3  # the middle of x in [1, 3]
    assert 1 < zoomed["yaxis.range[0]"] < zoomed["yaxis.range[1]"] < 4  # the middle of y in [1, 4]

    page.mouse.dblclick(area["x"] + area["width"] / 2, area["y"] + area["height"] / 2)
    reset = wait_received(page, "relayoutData", lambda v: bool(v) and "xaxis.range[0]" not in v)
    assert reset == {"xaxis.autorange": True, "yaxis.autorange": True}


def test_a_legend_click_sends_restyle_data(notebook: Notebook) -> None:
    page = open_graph(notebook)
    page.locator(".nbdash-root #graph .legend .traces").nth(1).locator(".legendtoggle").click()
    restyle = wait_received(page, "restyleData", lambda v: v is not None)
    assert restyle == [{"visible": ["legendonly"]}, [1]]
    page.wait_for_function(
        "() => document.querySelector('.nbdash-root #graph .js-plotly-plot').data[1].visible === 'legendonly'"
    )
    page.locator(".nbdash-root #graph .legend .traces").nth(1).locator(".legendtoggle").click()
    wait_received(page, "restyleData", lambda v: v == [{"visible": [True]}, [1]])


FIGURE_WIDGET = textwrap.dedent("""
    import plotly.graph_objects as go
    from nbdash import Dash, html, Input, Output, callback

    fw = go.FigureWidget(go.Scatter(x=[1, 2, 3], y=[1, 2, 3], name="line"))
    fw.update_layout(width=500, height=320, title_text="before")
    app = Dash(__name__)
    app.layout = html.Div([html.Button("update", id="btn"), fw, html.Div(id="out")])

    @callback(Output("out", "children"), Input("btn", "n_clicks"), prevent_initial_call=True)
    def update(n):
        fw.layout.title.text = f"title {n}"
        fw.data[0].y = [3 * n, 2 * n, n]
        return f"clicked {n}"

    app
""")


def test_a_figure_widget_in_the_layout_renders_in_place_and_follows_callback_changes(notebook: Notebook) -> None:
    page = notebook.page
    notebook.run(FIGURE_WIDGET)
    page.wait_for_selector(".nbdash-root .nbdash-widget .js-plotly-plot .main-svg", timeout=60_000)
    plot = ".nbdash-root .nbdash-widget .js-plotly-plot"
    wait_text(page, f"{plot} .gtitle", "before")
    assert page.is_visible(f"{plot} .scatterlayer .trace")
    box = page.locator(f"{plot} .main-svg").first.bounding_box()
    assert box["width"] > 100 and box["height"] > 100  # laid out, not collapsed
    # in place: between the button and the output div, inside the app's root
    order = page.evaluate(
        """() => { const root = document.querySelector('.nbdash-root');
            const els = [root.querySelector('#btn'), root.querySelector('.nbdash-widget'), root.querySelector('#out')];
            return els.every(Boolean) && !!(els[0].compareDocumentPosition(els[1]) & Node.DOCUMENT_POSITION_FOLLOWING)
                && !!(els[1].compareDocumentPosition(els[2]) & Node.DOCUMENT_POSITION_FOLLOWING); }"""
    )
    assert order

    page.click(".nbdash-root #btn")
    wait_text(page, ".nbdash-root #out", "clicked 1")
    wait_text(page, f"{plot} .gtitle", "title 1")
    page.wait_for_function(f"() => document.querySelector('{plot}').data[0].y.join() === '3,2,1'")

    page.click(".nbdash-root #btn")  # the app keeps working, and the widget keeps following
    wait_text(page, ".nbdash-root #out", "clicked 2")
    wait_text(page, f"{plot} .gtitle", "title 2")
    page.wait_for_function(f"() => document.querySelector('{plot}').data[0].y.join() === '6,4,2'")
    assert page.locator(".nbdash-root .nbdash-render-error").count() == 0


RUNNING = textwrap.dedent("""
    import os, threading, time
    from nbdash import Dash, html, dcc, Input, Output, callback

    GATE = {gate!r}
    release = threading.Event()
    app = Dash(__name__)
    app.layout = html.Div([
        html.Button("slow", id="btn"), html.Button("job", id="job-btn"),
        dcc.Loading(html.Div("start", id="out"), id="spin"),
        html.Div("start", id="job-out"),
    ])

    @callback(Output("out", "children"), Input("btn", "n_clicks"), prevent_initial_call=True,
              running=[(Output("btn", "disabled"), True, False)])
    def slow(n):
        # blocks the kernel's shell thread (comm messages run there), so the test opens the gate
        # from outside the kernel: a file it creates
        deadline = time.monotonic() + 120
        while not os.path.exists(GATE) and time.monotonic() < deadline:
            time.sleep(0.02)
        return f"done {{n}}"

    @callback(Output("job-out", "children"), Input("job-btn", "n_clicks"), prevent_initial_call=True,
              background=True, running=[(Output("job-btn", "disabled"), True, False)])
    def job(n):
        release.wait(120)  # a job thread: a later cell sets the event
        release.clear()
        return f"job {{n}}"

    app
""")


def test_running_props_and_loading_show_while_the_callback_runs(notebook: Notebook, tmp_path: Path) -> None:
    page = notebook.page
    gate = tmp_path / "gate"
    notebook.run(RUNNING.format(gate=str(gate)))
    page.wait_for_selector(".nbdash-root #btn:not([disabled])")
    assert page.locator(".nbdash-root #spin .nbdash-spinner").count() == 0

    page.click(".nbdash-root #btn")
    page.wait_for_selector(".nbdash-root #btn[disabled]")  # while the callback is still blocked
    page.wait_for_selector(".nbdash-root #spin .nbdash-spinner")
    assert page.get_attribute(".nbdash-root #out", "data-dash-is-loading") == "true"
    assert page.text_content(".nbdash-root #out") == "start"
    gate.touch()
    wait_text(page, ".nbdash-root #out", "done 1")
    page.wait_for_selector(".nbdash-root #btn:not([disabled])")
    page.wait_for_function("() => !document.querySelector('.nbdash-root #spin .nbdash-spinner')")
    assert notebook.run("print(app.get_props('btn')['disabled'])")[0]["text"] == "False\n"

    page.click(".nbdash-root #job-btn")  # background=True: same, while the job thread waits
    page.wait_for_selector(".nbdash-root #job-btn[disabled]")
    assert page.text_content(".nbdash-root #job-out") == "start"
    notebook.run("release.set()")
    wait_text(page, ".nbdash-root #job-out", "job 1")
    page.wait_for_selector(".nbdash-root #job-btn:not([disabled])")

    page.click(".nbdash-root #btn")  # the gate is open now: a second turn runs straight through
    wait_text(page, ".nbdash-root #out", "done 2")
    page.wait_for_selector(".nbdash-root #btn:not([disabled])")
