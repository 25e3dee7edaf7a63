"""Dash parity of the page's event sources, in JupyterLab + Chromium: a click counted by an element
and its ancestors is ONE event (one callback call with all of them in ``ctx.triggered``, as measured
in Dash 4.4.1), and dcc.Interval restarts as Dash's does when a callback resets ``n_intervals``
after ``max_intervals`` stopped it (js/src/html.js, js/src/components/invisible.js)."""

from __future__ import annotations

import textwrap

from lab_driver import Notebook
from test_lab import wait_text

APP = textwrap.dedent("""
    from nbdash import Dash, html, dcc, Input, Output, ctx, callback

    calls = []
    app = Dash(__name__)
    app.layout = html.Div(id="outer", children=[
        html.Div(id="inner", children=[html.Button("Go", id="btn")]),
        html.Div(id="out"),
        dcc.Interval(id="tick", interval=150, max_intervals=2),
        html.Button("again", id="again"),
        html.Div(id="ticks"),
    ])

    @callback(Output("out", "children"), Input("btn", "n_clicks"), Input("inner", "n_clicks"),
              Input("outer", "n_clicks"), prevent_initial_call=True)
    def show(b, i, o):
        calls.append([t["prop_id"] for t in ctx.triggered])
        return f"{len(calls)} call(s): " + " ".join(t["prop_id"] for t in ctx.triggered)

    @callback(Output("tick", "n_intervals"), Input("again", "n_clicks"), prevent_initial_call=True)
    def again(n):
        return 0

    @callback(Output("ticks", "children"), Input("tick", "n_intervals"))
    def ticks(n):
        return f"ticks {n}"

    app
""")


def test_one_click_on_nested_elements_is_one_callback_call(notebook: Notebook) -> None:
    page = notebook.page
    notebook.run(APP)
    page.click(".nbdash-root #btn")
    wait_text(page, ".nbdash-root #out", "1 call(s): btn.n_clicks inner.n_clicks outer.n_clicks")
    page.click(".nbdash-root #inner", position={"x": 300, "y": 5})  # beside the button, inside #inner
    wait_text(page, ".nbdash-root #out", "2 call(s): inner.n_clicks outer.n_clicks")
    out = notebook.run("print(calls)")
    assert out[0]["text"] == (
        "[['btn.n_clicks', 'inner.n_clicks', 'outer.n_clicks'], ['inner.n_clicks', 'outer.n_clicks']]\n"
    )
    page.screenshot(path="/tmp/click_bubbling.png")


def test_interval_restarts_when_a_callback_resets_n_intervals_after_the_limit(notebook: Notebook) -> None:
    page = notebook.page
    notebook.run(APP)
    wait_text(page, ".nbdash-root #ticks", "ticks 2")
    page.wait_for_timeout(500)  # stopped at max_intervals
    assert page.text_content(".nbdash-root #ticks") == "ticks 2"
    page.click(".nbdash-root #again")  # the reset restarts the stopped timer (Dash's Interval)
    wait_text(page, ".nbdash-root #ticks", "ticks 1")
    wait_text(page, ".nbdash-root #ticks", "ticks 2")
    page.wait_for_timeout(500)
    assert page.text_content(".nbdash-root #ticks") == "ticks 2"
