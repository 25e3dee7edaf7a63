"""nbdash apps in a real JupyterLab, clicked and typed into with Chromium (see conftest.py).

Each test runs the app's code in a fresh notebook (its own kernel), then acts in the page like a
user and waits for the DOM to show the result. Selectors are scoped to the app's root element
(``.nbdash-root``); string ids become DOM ids, as in Dash.
"""

from __future__ import annotations

import json
import textwrap
from typing import Any

from lab_driver import Notebook

SEED_CTX = textwrap.dedent("""
    import json
    from nbdash import Dash, html, Input, Output, callback, ctx

    app = Dash(__name__)

    app.layout = html.Div([
        html.Button('Button 1', id='btn-1'),
        html.Button('Button 2', id='btn-2'),
        html.Button('Button 3', id='btn-3'),
        html.Div(id='container')
    ])

    @callback(Output('container', 'children'),
              Input('btn-1', 'n_clicks'),
              Input('btn-2', 'n_clicks'),
              Input('btn-3', 'n_clicks'))
    def display(btn1, btn2, btn3):
        button_id = ctx.triggered_id if not None else 'No clicks yet'

        ctx_msg = json.dumps({
            'states': ctx.states,
            'triggered': ctx.triggered,
            'inputs': ctx.inputs
        }, indent=2)

        return html.Div([
            html.Table([
                html.Tr([html.Th('Button 1'),
                         html.Th('Button 2'),
                         html.Th('Button 3'),
                         html.Th('Most Recent Click')]),
                html.Tr([html.Td(btn1 or 0),
                         html.Td(btn2 or 0),
                         html.Td(btn3 or 0),
                         html.Td(button_id)])
            ]),
            html.Pre(ctx_msg)
        ])

    app
""")


def wait_text(page: Any, selector: str, text: str) -> None:
    """Wait until the element's text is exactly ``text``."""
    page.wait_for_function(
        "([s, t]) => { const e = document.querySelector(s); return !!e && e.textContent === t; }", arg=[selector, text]
    )


def wait_live(page: Any, views: int = 1) -> None:
    """Wait until ``views`` app views show the kernel's tree (``data-nbdash-live``): before that a
    view shows the tree its widget was created with, whose elements the answer replaces."""
    page.wait_for_function(
        "(n) => document.querySelectorAll('.nbdash-root[data-nbdash-live]').length >= n", arg=views
    )


def drag_range(page: Any, handle: Any, start: float, end: float, low: float = 0, high: float = 10) -> None:
    """Drag a native range input's thumb from value ``start`` to ``end`` with the mouse."""
    box = handle.bounding_box()
    thumb = 16  # Chromium's range thumb width
    y = box["y"] + box["height"] / 2

    def x(value: float) -> float:
        return box["x"] + thumb / 2 + (value - low) / (high - low) * (box["width"] - thumb)

    page.mouse.move(x(start), y)
    page.mouse.down()
    page.mouse.move((x(start) + x(end)) / 2, y, steps=3)
    page.mouse.move(x(end), y, steps=3)
    page.mouse.up()


def wait_all_text(page: Any, selector: str, text: str) -> None:
    """Wait until every element matching ``selector`` has text ``text``."""
    page.wait_for_function(
        "([s, t]) => [...document.querySelectorAll(s)].every(e => e.textContent === t)", arg=[selector, text]
    )


def pick(page: Any, dropdown: str, label: str) -> None:
    """Open a dcc.Dropdown (its popover lives in document.body) and click an option."""
    page.click(f".nbdash-root {dropdown}")
    page.click(f".nbdash-dropdown-content .nbdash-dropdown-option:has-text('{label}')")


def row_cells(page: Any) -> list[str]:
    return page.eval_on_selector_all(".nbdash-root #container tr:nth-child(2) td", "tds => tds.map(t => t.textContent)")


def test_seed_callback_context_buttons_render_and_clicks_update_the_dom(notebook: Notebook) -> None:
    page = notebook.page
    outputs = notebook.run(SEED_CTX)
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs)
    page.wait_for_selector(".nbdash-root #btn-2")
    page.wait_for_selector(".nbdash-root #container table")
    assert row_cells(page) == ["0", "0", "0", ""]
    page.click(".nbdash-root #btn-2")
    wait_text(page, ".nbdash-root #container td:last-child", "btn-2")
    assert row_cells(page) == ["0", "1", "0", "btn-2"]
    shown = json.loads(page.text_content(".nbdash-root #container pre"))
    assert shown["triggered"] == [{"prop_id": "btn-2.n_clicks", "value": 1}]
    page.click(".nbdash-root #btn-1")
    page.click(".nbdash-root #btn-2")
    wait_text(page, ".nbdash-root #container td:nth-child(2)", "2")
    assert row_cells(page) == ["1", "2", "0", "btn-2"]
    assert notebook.run("print(app.get_props('btn-2')['n_clicks'])")[0]["text"] == "2\n"


INPUTS = textwrap.dedent("""
    from nbdash import Dash, html, dcc, Input, Output, callback

    app = Dash(__name__)
    app.layout = html.Div([
        dcc.Input(id="name", value="world"), html.Div(id="greeting"),
        dcc.Input(id="lazy", debounce=True, value=""), html.Div(id="lazy-out"),
        dcc.Input(id="num", type="number", value=1), html.Div(id="num-out"),
        dcc.Input(id="slow", debounce=0.3, value=""), html.Div(id="slow-out"),
    ])

    @callback(Output("greeting", "children"), Input("name", "value"))
    def greet(name):
        return f"Hello, {name}!"

    @callback(Output("lazy-out", "children"), Input("lazy", "value"), Input("lazy", "n_submit"),
              Input("lazy", "n_blur"))
    def lazy(value, n_submit, n_blur):
        return f"{value}|{n_submit}|{n_blur}"

    calls = []

    @callback(Output("slow-out", "children"), Input("slow", "value"))
    def slow(value):
        calls.append(value)
        return f"slow {value}"

    @callback(Output("num-out", "children"), Input("num", "value"))
    def number(value):
        return f"{type(value).__name__}:{value}"

    app
""")


def test_typing_into_inputs_updates_outputs(notebook: Notebook) -> None:
    page = notebook.page
    notebook.run(INPUTS)
    wait_text(page, ".nbdash-root #greeting", "Hello, world!")
    box = page.locator(".nbdash-root #name")
    box.fill("")
    box.press_sequentially("nbdash", delay=0)  # fast typing: stale echoes must not clobber the box
    wait_text(page, ".nbdash-root #greeting", "Hello, nbdash!")
    assert box.input_value() == "nbdash"

    wait_text(page, ".nbdash-root #lazy-out", "|None|None")
    lazy = page.locator(".nbdash-root #lazy")
    lazy.press_sequentially("abc")
    page.wait_for_timeout(300)
    assert page.text_content(".nbdash-root #lazy-out") == "|None|None"  # debounce=True: nothing until Enter
    lazy.press("Enter")
    wait_text(page, ".nbdash-root #lazy-out", "abc|1|None")
    lazy.press_sequentially("d")
    lazy.blur()  # focus loss sends the pending value with n_blur, in one event
    wait_text(page, ".nbdash-root #lazy-out", "abcd|1|1")

    slow = page.locator(".nbdash-root #slow")
    slow.press_sequentially("hello", delay=20)  # faster than the 0.3 s debounce
    wait_text(page, ".nbdash-root #slow-out", "slow hello")
    assert notebook.run("print(calls)")[0]["text"] == "['', 'hello']\n"  # initial call, then once

    wait_text(page, ".nbdash-root #num-out", "int:1")
    number = page.locator(".nbdash-root #num")
    number.fill("")
    wait_text(page, ".nbdash-root #num-out", "NoneType:None")
    number.press_sequentially("12")
    wait_text(page, ".nbdash-root #num-out", "int:12")
    number.press_sequentially(".5")
    wait_text(page, ".nbdash-root #num-out", "float:12.5")


ERRORS = textwrap.dedent("""
    from nbdash import Dash, html, Input, Output, callback

    app = Dash(__name__)
    app.layout = html.Div([html.Button("Go", id="btn"), html.Div(id="out")])

    @callback(Output("out", "children"), Input("btn", "n_clicks"))
    def react(n):
        if n == 1:
            raise ValueError("one is not allowed")
        return f"ok {n}"

    app
""")


def test_a_raising_callback_shows_the_error_panel_and_the_app_keeps_working(notebook: Notebook) -> None:
    page = notebook.page
    notebook.run(ERRORS)
    wait_text(page, ".nbdash-root #out", "ok None")
    assert page.is_hidden(".nbdash-root .nbdash-errors")
    page.click(".nbdash-root #btn")
    page.wait_for_selector(".nbdash-root .nbdash-errors:not([hidden])")
    panel = page.text_content(".nbdash-root .nbdash-errors")
    assert "1 callback error" in panel and "Callback error updating out.children" in panel
    assert "ValueError: one is not allowed" in panel
    page.click(".nbdash-root .nbdash-error-traceback summary")
    traceback = page.text_content(".nbdash-root .nbdash-error-traceback pre")
    assert 'raise ValueError("one is not allowed")' in traceback and "nbdash/" not in traceback
    assert page.text_content(".nbdash-root #out") == "ok None"  # the failed call's output stays
    page.click(".nbdash-root .nbdash-error-dismiss")
    page.wait_for_selector(".nbdash-root .nbdash-errors[hidden]", state="attached")
    page.click(".nbdash-root #btn")
    wait_text(page, ".nbdash-root #out", "ok 2")
    assert page.is_hidden(".nbdash-root .nbdash-errors")


CONTROLS = textwrap.dedent("""
    from nbdash import Dash, html, dcc, Input, Output, callback

    app = Dash(__name__)
    app.layout = html.Div([
        dcc.Checklist(["New York City", "Montreal", "San Francisco"], ["Montreal"], id="cities", inline=True),
        dcc.RadioItems(["Linear", "Log"], "Linear", id="scale"),
        dcc.Dropdown(["NYC", "MTL", "SF"], "MTL", id="city"),
        dcc.Dropdown(["a", "b", "c"], ["a"], id="letters", multi=True),
        dcc.Slider(0, 10, 1, value=5, id="level"),
        dcc.RangeSlider(0, 10, 1, value=[2, 8], id="span"),
        dcc.Textarea(id="notes", value="hi"),
        html.Div(id="out"),
    ])

    @callback(Output("out", "children"), Input("cities", "value"), Input("scale", "value"), Input("city", "value"),
              Input("letters", "value"), Input("level", "value"), Input("span", "value"), Input("notes", "value"))
    def show(*values):
        return repr(values)

    app
""")


def test_checklist_radio_dropdown_slider_and_textarea_send_their_values(notebook: Notebook) -> None:
    page = notebook.page
    notebook.run(CONTROLS)
    start = "(['Montreal'], 'Linear', 'MTL', ['a'], 5, [2, 8], 'hi')"
    wait_text(page, ".nbdash-root #out", start)
    page.check(".nbdash-root #cities label:has-text('San Francisco') input")
    wait_text(page, ".nbdash-root #out", "(['Montreal', 'San Francisco'], 'Linear', 'MTL', ['a'], 5, [2, 8], 'hi')")
    page.uncheck(".nbdash-root #cities label:has-text('Montreal') input")
    page.check(".nbdash-root #scale label:has-text('Log') input")
    pick(page, "#city", "SF")
    pick(page, "#letters", "c")
    wait_text(page, ".nbdash-root #out", "(['San Francisco'], 'Log', 'SF', ['a', 'c'], 5, [2, 8], 'hi')")
    drag_range(page, page.locator(".nbdash-root #level input[type=range]"), 5, 7)
    drag_range(page, page.locator(".nbdash-root #span input[type=range]").nth(1), 8, 7)
    page.locator(".nbdash-root #notes").press_sequentially("!")
    wait_text(page, ".nbdash-root #out", "(['San Francisco'], 'Log', 'SF', ['a', 'c'], 7, [2, 7], 'hi!')")
    page.locator(".nbdash-root #level input[type=range]").press("ArrowLeft")  # not swallowed by Lab's shortcuts
    wait_text(page, ".nbdash-root #out", "(['San Francisco'], 'Log', 'SF', ['a', 'c'], 6, [2, 7], 'hi!')")
    state = notebook.run("print(app.get_props('level')['value'], app.get_props('span')['value'])")
    assert state[0]["text"] == "6 [2, 7]\n"


def test_two_views_of_one_app_stay_in_sync(notebook: Notebook) -> None:
    page = notebook.page
    notebook.run(INPUTS)
    notebook.run("app")
    page.wait_for_function("() => document.querySelectorAll('.nbdash-root #greeting').length === 2")
    first, second = page.locator(".nbdash-root").nth(0), page.locator(".nbdash-root").nth(1)
    first.locator("#name").fill("one view")
    wait_all_text(page, ".nbdash-root #greeting", "Hello, one view!")
    assert second.locator("#name").input_value() == "one view"
    second.locator("#name").fill("the other")
    wait_all_text(page, ".nbdash-root #greeting", "Hello, the other!")
    assert first.locator("#name").input_value() == "the other"


GRAPH = textwrap.dedent("""
    import plotly.graph_objects as go
    from nbdash import Dash, html, dcc, Input, Output, callback

    app = Dash(__name__)
    fig = go.Figure(go.Scatter(x=[1, 2, 3], y=[4, 1, 2], mode="markers", marker={"size": 30}))
    fig.update_layout(width=500, height=350, margin=dict(l=40, r=10, t=10, b=40))
    app.layout = html.Div([dcc.Graph(id="graph", figure=fig), html.Div(id="clicked")])

    @callback(Output("clicked", "children"), Input("graph", "clickData"))
    def show(click):
        if not click:
            return "nothing yet"
        point = click["points"][0]
        return f"x={point['x']} y={point['y']} index={point['pointIndex']}"

    app
""")


def test_a_graph_point_click_reaches_a_callback(notebook: Notebook) -> None:
    page = notebook.page
    notebook.run(GRAPH)
    wait_text(page, ".nbdash-root #clicked", "nothing yet")
    page.wait_for_selector(".nbdash-root #graph .scatterlayer .point", timeout=60_000)
    box = page.locator(".nbdash-root #graph .scatterlayer .point").nth(1).bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    wait_text(page, ".nbdash-root #clicked", "x=2 y=1 index=1")
    notebook.run("app.set_props('graph', {'figure': go.Figure(go.Scatter(x=[1, 2, 3], y=[1, 2, 3]))})")
    page.wait_for_function(
        "() => document.querySelector('.nbdash-root #graph .js-plotly-plot')?.data?.[0]?.y?.join() === '1,2,3'"
    )


COMPONENTS = textwrap.dedent("""
    from nbdash import Dash, html, dcc, Input, Output, State, callback

    app = Dash(__name__)
    app.layout = html.Div([
        dcc.Location(id="url"),
        dcc.Link("Go to /b", href="/b?x=1", id="link"),
        html.Div(id="path"),
        dcc.Tabs(id="tabs", value="one", children=[
            dcc.Tab(label="One", value="one", children=[html.Div("first tab", id="first")]),
            dcc.Tab(label="Two", value="two", children=[
                dcc.Markdown("# Title\\n\\nSome **bold**, a [link](https://example.com) and <b>no html</b>", id="md"),
            ]),
        ]),
        html.Div(id="tab-out"),
        dcc.Interval(id="tick", interval=50, max_intervals=5),
        html.Div(id="ticks"),
        dcc.Store(id="store", storage_type="local"),
        html.Button("save", id="save"),
        html.Div(id="stored"),
    ])

    @callback(Output("path", "children"), Input("url", "pathname"), Input("url", "search"))
    def path(pathname, search):
        return f"{pathname}{search}"

    @callback(Output("tab-out", "children"), Input("tabs", "value"))
    def tab(value):
        return f"tab {value}"

    @callback(Output("ticks", "children"), Input("tick", "n_intervals"))
    def ticks(n):
        return f"ticks {n}"

    @callback(Output("store", "data"), Input("save", "n_clicks"), prevent_initial_call=True)
    def save(n):
        return {"saved": n}

    @callback(Output("stored", "children"), Input("store", "modified_timestamp"), State("store", "data"))
    def stored(ts, data):
        return f"stored {data}"

    app
""")


def test_link_tabs_markdown_interval_and_local_store(notebook: Notebook) -> None:
    page = notebook.page
    page.evaluate("() => localStorage.removeItem('nbdash-store:store')")
    notebook.run(COMPONENTS)
    wait_text(page, ".nbdash-root #path", "/")
    page.click(".nbdash-root #link")
    wait_text(page, ".nbdash-root #path", "/b?x=1")

    wait_text(page, ".nbdash-root #tab-out", "tab one")
    assert page.is_visible(".nbdash-root #first") and page.query_selector(".nbdash-root #md") is None
    page.click(".nbdash-root .nbdash-tab:has-text('Two')")
    wait_text(page, ".nbdash-root #tab-out", "tab two")
    assert page.query_selector(".nbdash-root #first") is None
    assert page.text_content(".nbdash-root #md h1") == "Title"
    assert page.text_content(".nbdash-root #md strong") == "bold"
    assert page.get_attribute(".nbdash-root #md a", "href") == "https://example.com"
    assert page.query_selector(".nbdash-root #md b") is None  # raw HTML stays text
    assert "<b>no html</b>" in page.text_content(".nbdash-root #md")

    wait_text(page, ".nbdash-root #ticks", "ticks 5")
    page.wait_for_timeout(300)
    assert page.text_content(".nbdash-root #ticks") == "ticks 5"  # max_intervals

    wait_text(page, ".nbdash-root #stored", "stored None")
    page.click(".nbdash-root #save")
    wait_text(page, ".nbdash-root #stored", "stored {'saved': 1}")
    assert page.evaluate("() => localStorage.getItem('nbdash-store:store')") == '{"saved":1}'

    notebook.rerun()  # a new app (fresh session): the Store restores its data from localStorage
    page.wait_for_function("() => document.querySelectorAll('.nbdash-root').length === 1")
    wait_text(page, ".nbdash-root #stored", "stored {'saved': 1}")
    assert notebook.run("print(app.get_props('store')['data'])")[0]["text"] == "{'saved': 1}\n"


def test_rerunning_the_cell_replaces_the_old_app(notebook: Notebook) -> None:
    page = notebook.page
    notebook.run(ERRORS)
    wait_text(page, ".nbdash-root #out", "ok None")
    notebook.run("old_app = app")
    notebook.rerun(0)
    page.wait_for_function("() => document.querySelectorAll('.nbdash-root').length === 1")
    page.click(".nbdash-root #btn")
    page.wait_for_selector(".nbdash-root .nbdash-errors:not([hidden])")
    state = notebook.run(
        "from nbdash._widget import widget_for\n"
        "print(old_app is not app, old_app._transports == [], widget_for(app).comm is not None)"
    )
    assert state[0]["text"] == "True True True\n"


def test_a_protocol_mismatch_shows_a_message_instead_of_a_blank_widget(notebook: Notebook) -> None:
    page = notebook.page
    notebook.run("import nbdash._widget\nnbdash._widget.PROTOCOL_VERSION = 99\n" + ERRORS)
    page.wait_for_selector(".nbdash-root .nbdash-status--problem")
    message = page.text_content(".nbdash-root .nbdash-status")
    from nbdash._protocol import PROTOCOL_VERSION

    assert f"speaks protocol {PROTOCOL_VERSION}" in message and "protocol 99" in message and "Re-run the cell" in message
    assert page.query_selector(".nbdash-root #btn") is None


IPYWIDGET = textwrap.dedent("""
    import ipywidgets as widgets
    from nbdash import Dash, html, Input, Output, callback

    slider = widgets.IntSlider(value=3, min=0, max=10, description="n")
    app = Dash(__name__)
    app.layout = html.Div([slider, html.Div(id="out")])

    @callback(Output("out", "children"), Input(slider, "value"))
    def show(value):
        return f"value {value}"

    app
""")


def test_an_embedded_ipywidget_renders_in_place_and_drives_a_callback(notebook: Notebook) -> None:
    page = notebook.page
    notebook.run(IPYWIDGET)
    wait_text(page, ".nbdash-root #out", "value 3")
    handle = page.locator(".nbdash-root .nbdash-widget .widget-slider .noUi-handle")
    handle.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    wait_text(page, ".nbdash-root #out", "value 5")
    notebook.run("slider.value = 8")
    wait_text(page, ".nbdash-root #out", "value 8")
    wait_text(page, ".nbdash-root .nbdash-widget .widget-readout", "8")
