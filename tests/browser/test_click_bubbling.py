"""Dash parity of the page's event sources, in JupyterLab + Chromium: a click counted by an element
and its ancestors is ONE event (one callback call with all of them in ``ctx.triggered``, as measured
in Dash 4.4.1), and dcc.Interval restarts as Dash's does when a callback resets ``n_intervals``
after ``max_intervals`` stopped it (js/src/html.js, js/src/components/invisible.js). The same app
in real Dash 4.4.1, in the same Chromium, is the reference (``test_real_dash_shows_the_same``)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
import urllib.request
from pathlib import Path
from typing import Any

from lab_driver import Notebook, free_port
from test_lab import wait_text

BODY = """
    from {module} import Dash, html, dcc, Input, Output, ctx, callback

    calls = []
    app = Dash(__name__)
    app.layout = html.Div(id="outer", children=[
        html.Div(id="inner", children=[html.Button("Go", id="btn")]),
        dcc.Button("dcc", id="go"),
        html.Div(id="out"),
        dcc.Interval(id="tick", interval=150, max_intervals=2),
        html.Button("again", id="again"),
        html.Div(id="ticks"),
    ])

    @callback(Output("out", "children"), Input("btn", "n_clicks"), Input("inner", "n_clicks"),
              Input("outer", "n_clicks"), Input("go", "n_clicks"), prevent_initial_call=True)
    def show(b, i, o, g):
        calls.append([t["prop_id"] for t in ctx.triggered])
        return f"{{len(calls)}} call(s): " + " ".join(t["prop_id"] for t in ctx.triggered)

    @callback(Output("tick", "n_intervals"), Input("again", "n_clicks"), prevent_initial_call=True)
    def again(n):
        return 0

    @callback(Output("ticks", "children"), Input("tick", "n_intervals"))
    def ticks(n):
        return f"ticks {{n}}"
"""
APP = textwrap.dedent(BODY.format(module="nbdash")) + "app\n"
DASH_APP = textwrap.dedent(BODY.format(module="dash")) + 'app.run(host="127.0.0.1", port=PORT, debug=False)\n'

#: What one app shows after clicking #btn, then #inner beside the button, then the dcc.Button.
CLICKS = [
    ("#btn", None, "1 call(s): btn.n_clicks inner.n_clicks outer.n_clicks"),
    ("#inner", {"x": 300, "y": 5}, "2 call(s): inner.n_clicks outer.n_clicks"),
    ("#go", None, "3 call(s): go.n_clicks outer.n_clicks"),
]


def click_through(page: Any, root: str) -> None:
    for selector, position, shows in CLICKS:
        page.click(f"{root}{selector}", position=position)
        try:
            wait_text(page, f"{root}#out", shows)
        except Exception:
            raise AssertionError(f"after clicking {selector}: {page.text_content(f'{root}#out')!r}") from None


def interval_restarts(page: Any, root: str) -> None:
    wait_text(page, f"{root}#ticks", "ticks 2")
    page.wait_for_timeout(500)  # stopped at max_intervals
    assert page.text_content(f"{root}#ticks") == "ticks 2"
    page.click(f"{root}#again")  # the reset restarts the stopped timer
    wait_text(page, f"{root}#ticks", "ticks 1")
    wait_text(page, f"{root}#ticks", "ticks 2")
    page.wait_for_timeout(500)
    assert page.text_content(f"{root}#ticks") == "ticks 2"


def test_real_dash_shows_the_same(page: Any, tmp_path: Path) -> None:
    """The reference: the same app in real Dash 4.4.1 (werkzeug on 127.0.0.1, this Chromium)."""
    port = free_port()
    script = tmp_path / "dash_clicks.py"
    script.write_text(DASH_APP.replace("PORT", str(port)))
    proc = subprocess.Popen([sys.executable, str(script)], cwd=tmp_path, env=dict(os.environ),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        url, deadline = f"http://127.0.0.1:{port}/", time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url, timeout=2).read()
                break
            except OSError:
                assert time.monotonic() < deadline and proc.poll() is None, "the Dash app did not start"
                time.sleep(0.2)
        page.goto(url)
        page.wait_for_selector("#btn")
        click_through(page, "")
        interval_restarts(page, "")  # (#again is inside #outer: its click is a 4th call of `show`)
    finally:
        proc.terminate()
        proc.wait(10)


def test_one_click_on_nested_elements_is_one_callback_call(notebook: Notebook) -> None:
    page = notebook.page
    notebook.run(APP)
    click_through(page, ".nbdash-root ")
    out = notebook.run("print(calls)")
    assert out[0]["text"] == (
        "[['btn.n_clicks', 'inner.n_clicks', 'outer.n_clicks'], ['inner.n_clicks', 'outer.n_clicks'], "
        "['go.n_clicks', 'outer.n_clicks']]\n"
    )
    page.screenshot(path="/tmp/click_bubbling.png")


def test_interval_restarts_when_a_callback_resets_n_intervals_after_the_limit(notebook: Notebook) -> None:
    notebook.run(APP)
    interval_restarts(notebook.page, ".nbdash-root ")
