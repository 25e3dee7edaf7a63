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


FILES = textwrap.dedent("""
    import base64
    from nbdash import Dash, html, dcc, Input, Output, State, callback

    app = Dash(__name__)
    app.layout = html.Div([
        dcc.Upload(html.Div("Drop a .txt here, or click"), id="one", accept=".txt,.csv",
                   style={"border": "1px dashed #999", "padding": "10px"}),
        dcc.Upload(html.Div("Drop several"), id="many", multiple=True, style={"padding": "10px"}),
        html.Div(id="one-out"), html.Div(id="many-out"),
        html.Button("csv", id="dl-csv"), html.Button("bin", id="dl-bin"), dcc.Download(id="dl"),
    ])

    @callback(Output("one-out", "children"), Input("one", "contents"), State("one", "filename"),
              State("one", "last_modified"), prevent_initial_call=True)
    def one(contents, name, modified):
        header, data = contents.split(",", 1)
        return f"{name}|{header}|{base64.b64decode(data).decode()}|{type(modified).__name__}"

    @callback(Output("many-out", "children"), Input("many", "contents"), State("many", "filename"),
              prevent_initial_call=True)
    def many(contents, names):
        return " ".join(f"{n}={base64.b64decode(c.split(',', 1)[1]).decode()}" for n, c in zip(names, contents))

    @callback(Output("dl", "data", allow_duplicate=True), Input("dl-csv", "n_clicks"), prevent_initial_call=True)
    def csv(n):
        return dcc.send_string("a,b\\n1,2\\n", "table.csv")

    @callback(Output("dl", "data", allow_duplicate=True), Input("dl-bin", "n_clicks"), prevent_initial_call=True)
    def binary(n):
        return dcc.send_bytes(bytes([0, 255, n]), "blob.bin")

    app
""")

DROP_FILES = """([selector, files]) => {
  const zone = document.querySelector(selector), data = new DataTransfer();
  for (const [name, text, type] of files) data.items.add(new File([text], name, { type }));
  for (const kind of ['dragenter', 'dragover', 'drop'])
    zone.dispatchEvent(new DragEvent(kind, { dataTransfer: data, bubbles: true, cancelable: true }));
}"""


def test_upload_by_file_picker_and_drag_and_drop(notebook: Notebook) -> None:
    page = notebook.page
    notebook.run(FILES)
    page.wait_for_selector(".nbdash-root #one")
    with page.expect_file_chooser() as chooser:
        page.click(".nbdash-root #one")  # clicking the zone opens the browser's file picker
    chooser.value.set_files(files=[{"name": "notes.txt", "mimeType": "text/plain", "buffer": b"hello"}])
    wait_text(page, ".nbdash-root #one-out", "notes.txt|data:text/plain;base64|hello|float")
    page.set_input_files(".nbdash-root #one input[type=file]",
                         files=[{"name": "photo.png", "mimeType": "image/png", "buffer": b"png"}])  # fmt: skip
    page.evaluate(DROP_FILES, [".nbdash-root #one", [["table.csv", "x,y", "text/csv"]]])
    wait_text(page, ".nbdash-root #one-out", "table.csv|data:text/csv;base64|x,y|float")  # the .png was refused
    page.evaluate(DROP_FILES, [".nbdash-root #many", [["a.txt", "1", "text/plain"], ["b.txt", "2", "text/plain"]]])
    wait_text(page, ".nbdash-root #many-out", "a.txt=1 b.txt=2")
    assert notebook.run("print(app.get_props('many')['filename'])")[0]["text"] == "['a.txt', 'b.txt']\n"


def test_download_saves_what_a_callback_sends_every_time(notebook: Notebook) -> None:
    page = notebook.page
    notebook.run(FILES)
    page.wait_for_selector(".nbdash-root #dl-csv")
    for _ in range(2):  # the same data again downloads again
        with page.expect_download() as download:
            page.click(".nbdash-root #dl-csv")
        assert download.value.suggested_filename == "table.csv"
        assert open(download.value.path(), "rb").read() == b"a,b\n1,2\n"
    with page.expect_download() as download:
        page.click(".nbdash-root #dl-bin")
    assert download.value.suggested_filename == "blob.bin"
    assert open(download.value.path(), "rb").read() == bytes([0, 255, 1])


CHOICES = textwrap.dedent("""
    from nbdash import Dash, html, dcc, Input, Output, callback
    from nbdash.exceptions import PreventUpdate

    CITIES = ["New York City", "Montreal", "San Francisco"]
    app = Dash(__name__)
    app.layout = html.Div([
        dcc.Dropdown(CITIES, "Montreal", id="city"),
        dcc.Dropdown(["a", "b", "c"], ["a"], id="letters", multi=True, clearable=False),
        dcc.Dropdown(id="dynamic", placeholder="type to search"),
        dcc.Markdown("Hi <b id='raw'>bold</b>\\n\\n<div class='box'>a *block*</div>", dangerously_allow_html=True,
                     id="md-html"),
        dcc.Markdown("Hi <b id='escaped'>bold</b>", id="md-text"),
        dcc.DatePickerSingle(id="day", date="2024-05-01", min_date_allowed="2024-01-01",
                             max_date_allowed="2024-12-31", disabled_days=["2024-05-05"], clearable=True),
        dcc.DatePickerRange(id="trip", start_date="2024-03-01", updatemode="bothdates", minimum_nights=2),
        html.Div(id="out"), html.Div(id="dates"),
    ])

    @callback(Output("out", "children"), Input("city", "value"), Input("letters", "value"), Input("dynamic", "value"))
    def show(city, letters, dynamic):
        return repr((city, letters, dynamic))

    @callback(Output("dynamic", "options"), Input("dynamic", "search_value"), prevent_initial_call=True)
    def search(text):
        if not text:  # as Dash's docs: new options emptying would drop the chosen value (Dash 4 does)
            raise PreventUpdate
        return [f"{text} {i}" for i in (1, 2)]

    @callback(Output("dates", "children"), Input("day", "date"), Input("trip", "start_date"), Input("trip", "end_date"))
    def dates(day, start, end):
        return f"{day} {start} {end}"

    app
""")


def test_dropdown_search_clear_and_select_all(notebook: Notebook) -> None:
    page = notebook.page
    notebook.run(CHOICES)
    wait_text(page, ".nbdash-root #out", "('Montreal', ['a'], None)")
    page.click(".nbdash-root #city")
    page.fill(".nbdash-dropdown-content .nbdash-dropdown-search", "fran")
    options = page.locator(".nbdash-dropdown-content .nbdash-dropdown-option")
    page.wait_for_function("() => document.querySelectorAll('.nbdash-dropdown-content .nbdash-dropdown-option').length === 1")
    assert options.all_text_contents() == ["San Francisco"]
    page.keyboard.press("Enter")  # the first match
    wait_text(page, ".nbdash-root #out", "('San Francisco', ['a'], None)")
    assert page.query_selector(".nbdash-dropdown-content") is None  # closed on select
    assert page.text_content(".nbdash-root #city .nbdash-dropdown-value") == "San Francisco"
    page.click(".nbdash-root #city .nbdash-dropdown-clear")  # clearable (the default)
    wait_text(page, ".nbdash-root #out", "(None, ['a'], None)")

    assert page.is_hidden(".nbdash-root #letters .nbdash-dropdown-clear")  # clearable=False
    page.click(".nbdash-root #letters")
    page.click(".nbdash-dropdown-content button:has-text('Select All')")
    wait_text(page, ".nbdash-root #out", "(None, ['a', 'b', 'c'], None)")
    assert page.text_content(".nbdash-root #letters .nbdash-dropdown-count") == "3 selected"

    page.click(".nbdash-root #dynamic")  # options from a callback on search_value
    page.locator(".nbdash-dropdown-content .nbdash-dropdown-search").press_sequentially("zed")
    page.wait_for_selector(".nbdash-dropdown-content .nbdash-dropdown-option:has-text('zed 2')")
    page.click(".nbdash-dropdown-content .nbdash-dropdown-option:has-text('zed 2')")
    wait_text(page, ".nbdash-root #out", "(None, ['a', 'b', 'c'], 'zed 2')")
    assert notebook.run("print(app.get_props('dynamic').get('search_value'))")[0]["text"] == "None\n"  # reset on close


def test_markdown_html_opt_in_and_native_date_pickers(notebook: Notebook) -> None:
    page = notebook.page
    notebook.run(CHOICES)
    wait_text(page, ".nbdash-root #dates", "2024-05-01 2024-03-01 None")
    assert page.text_content(".nbdash-root #md-html b#raw") == "bold"
    assert page.text_content(".nbdash-root #md-html div.box em") == "block"
    assert page.query_selector(".nbdash-root #md-text b") is None
    assert "<b id='escaped'>bold</b>" in page.text_content(".nbdash-root #md-text")

    day = page.locator(".nbdash-root #day input[type=date]")
    assert day.get_attribute("min") == "2024-01-01" and day.get_attribute("max") == "2024-12-31"
    day.fill("2024-06-15")
    wait_text(page, ".nbdash-root #dates", "2024-06-15 2024-03-01 None")
    day.fill("2024-05-05")  # a disabled day: refused
    page.wait_for_function("() => document.querySelector('.nbdash-root #day input').value === '2024-06-15'")
    page.click(".nbdash-root #day .nbdash-date-clear")
    wait_text(page, ".nbdash-root #dates", "None 2024-03-01 None")

    end = page.locator(".nbdash-root #trip input[type=date]").nth(1)
    assert end.get_attribute("min") == "2024-03-03"  # minimum_nights=2
    end.fill("2024-03-10")  # bothdates: sent once both are set
    wait_text(page, ".nbdash-root #dates", "None 2024-03-01 2024-03-10")
