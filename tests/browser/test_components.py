"""dcc components and app panels that need a real browser: dcc.Loading (spinners while callbacks
compute), the console panel (print() in callbacks), dcc.Upload, dcc.Download, Dropdown search,
Markdown HTML, date pickers. Same set-up as test_lab.py: a fresh notebook per test in JupyterLab.
"""

from __future__ import annotations

import textwrap
from typing import Any

from lab_driver import Notebook
from test_lab import wait_text

# Records, per dcc.Loading (by its id, which Dash puts on the spinner's container), whether a spinner
# was ever shown in it, and the loading attribute of #out when each spinner appeared.
WATCH_SPINNERS = """() => {
  window.__spun = {};
  const root = document.querySelector('.nbdash-root');
  new MutationObserver(() => {
    for (const el of root.querySelectorAll('.nbdash-loading-cover')) {
      if (el.firstChild) window.__spun[el.id] = (window.__spun[el.id] || 0) + 1;
    }
  }).observe(root, { childList: true, subtree: true });
}"""

LOADING = textwrap.dedent("""
    import time
    from nbdash import Dash, html, dcc, Input, Output, callback

    app = Dash(__name__)
    app.layout = html.Div([
        html.Button("slow", id="slow"), html.Button("quick", id="quick"), html.Button("job", id="job"),
        dcc.Loading(html.Div([html.Div("start", id="out"), html.Div(id="job-out")]), id="spin"),
        dcc.Loading(html.Div("never", id="fast"), id="delayed", delay_show=5000),
        dcc.Loading([html.Div("a", id="a"), html.Div("b", id="b")], id="targeted", target_components={"b": "children"}),
        dcc.Loading(html.Div("c", id="c"), id="custom", custom_spinner=html.Span("working...", id="custom-spinner"),
                    overlay_style={"visibility": "visible", "opacity": 0.5}),
        dcc.Loading(html.Div("d", id="d"), id="lingers", delay_hide=3000, show_initially=False),
        dcc.Loading(html.Div("e"), id="always", display="show", type="dot"),
    ])

    @callback(Output("out", "children"), Output("a", "children"), Output("c", "children"), Output("d", "children"),
              Input("slow", "n_clicks"), prevent_initial_call=True)
    def slow(n):
        time.sleep(1.0)
        return f"slow {n}", f"a {n}", f"c {n}", f"d {n}"

    @callback(Output("fast", "children"), Output("b", "children"), Input("quick", "n_clicks"), prevent_initial_call=True)
    def quick(n):
        time.sleep(0.3)
        return f"fast {n}", f"b {n}"

    @callback(Output("job-out", "children"), Input("job", "n_clicks"), background=True,
              prevent_initial_call=True)
    def job(n):
        time.sleep(1.0)
        return f"job {n}"

    app
""")


def spinner_in(page: Any, loading_id: str) -> bool:
    return bool(page.evaluate(
        "(id) => !!document.querySelector(`.nbdash-root [id='${id}'].nbdash-loading-cover`)?.firstChild", loading_id
    ))  # fmt: skip


def test_loading_spinners_follow_the_callbacks_computing_inside_them(notebook: Notebook) -> None:
    page = notebook.page
    notebook.run(LOADING)
    wait_text(page, ".nbdash-root #out", "start")
    assert spinner_in(page, "always") and page.is_visible(".nbdash-root #always .nbdash-spinner--dot")
    assert not any(spinner_in(page, i) for i in ("spin", "delayed", "targeted", "custom", "lingers"))
    page.evaluate(WATCH_SPINNERS)

    page.click(".nbdash-root #slow")  # 1 s callback writing out, a, c, d
    page.wait_for_selector(".nbdash-root #spin .nbdash-spinner--default")
    assert page.get_attribute(".nbdash-root #out", "data-dash-is-loading") == "true"
    assert page.evaluate("getComputedStyle(document.querySelector('.nbdash-root #out')).visibility") == "hidden"
    assert page.text_content(".nbdash-root #custom #custom-spinner") == "working..."
    covered = "document.querySelector('.nbdash-root #c').closest('.nbdash-loading-content')"
    assert page.evaluate(f"getComputedStyle({covered}).opacity") == "0.5"
    assert page.is_visible(".nbdash-root #c")  # overlay_style keeps the children visible
    assert not spinner_in(page, "targeted")  # only b's children count there; a is loading
    wait_text(page, ".nbdash-root #out", "slow 1")
    page.wait_for_function("() => !document.querySelector('.nbdash-root #spin .nbdash-spinner')")
    assert page.get_attribute(".nbdash-root #out", "data-dash-is-loading") is None
    assert spinner_in(page, "lingers")  # delay_hide=3000 keeps it up a while after the update
    page.wait_for_function("() => !document.querySelector('.nbdash-root #lingers .nbdash-spinner')", timeout=10_000)

    page.click(".nbdash-root #quick")  # 0.3 s callback: b is a target; delay_show=5000 never shows
    wait_text(page, ".nbdash-root #b", "b 1")
    wait_text(page, ".nbdash-root #fast", "fast 1")
    spun = page.evaluate("() => window.__spun")
    assert spun.get("targeted") and not spun.get("delayed")

    page.click(".nbdash-root #job")  # a background job: loading until the job ends, not the turn
    page.wait_for_selector(".nbdash-root #spin .nbdash-spinner")
    wait_text(page, ".nbdash-root #job-out", "job 1")
    page.wait_for_function("() => !document.querySelector('.nbdash-root #spin .nbdash-spinner')")


CONSOLE = textwrap.dedent("""
    import sys
    from nbdash import Dash, html, Input, Output, callback

    app = Dash(__name__)
    app.layout = html.Div([html.Button("Go", id="btn"), html.Div(id="out")])

    @callback(Output("out", "children"), Input("btn", "n_clicks"), prevent_initial_call=True)
    def talk(n):
        print(f"clicked {n}")
        print("careful!", file=sys.stderr)
        return f"ok {n}"

    app
""")


def test_print_in_a_callback_goes_to_the_apps_console_panel(notebook: Notebook) -> None:
    page = notebook.page
    notebook.run(CONSOLE)
    page.wait_for_selector(".nbdash-root #btn")
    assert page.is_hidden(".nbdash-root .nbdash-console")  # nothing printed yet
    notebook.run("print('a later cell')")  # the last cell run: prints must not land there
    page.click(".nbdash-root #btn")
    wait_text(page, ".nbdash-root #out", "ok 1")
    page.wait_for_selector(".nbdash-root .nbdash-console:not([hidden])")
    assert page.text_content(".nbdash-root .nbdash-console-callback") == "talk"
    assert page.text_content(".nbdash-root .nbdash-console-text") == "clicked 1\ncareful!\n"
    assert page.text_content(".nbdash-root .nbdash-console-stderr") == "careful!\n"
    outputs = page.evaluate("() => window.__panel().content.widgets.map(c => c.model.outputs.toJSON())")
    assert "clicked" not in repr(outputs)  # in no cell's output
    page.click(".nbdash-root .nbdash-console > summary")  # folds away
    assert page.is_hidden(".nbdash-root .nbdash-console-body")
    page.click(".nbdash-root .nbdash-console > summary")
    page.click(".nbdash-root .nbdash-console-clear")
    assert page.is_hidden(".nbdash-root .nbdash-console")
