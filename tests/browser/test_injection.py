"""Nothing from an app's data runs as script in JupyterLab (issue 11 §1).

An injection corpus — ``html.Script`` (text and ``src``), ``<script>`` / ``<img onerror>`` text in
children, titles and option/tab labels, ``javascript:`` URLs (plain, upper-case, behind spaces and
control characters) in every URL prop of html and dcc components, CSS ``url(javascript:...)``,
Markdown links/images and raw HTML with and without ``dangerously_allow_html`` — is rendered from
the layout, then again from a callback output (the same corpus built anew), then once more after the
page sends a component-shaped value back (a ``dcc.Store`` whose data is an ``html.Script``, copied
into the layout by a callback). Every payload would push its name onto ``window.__pwned`` if it ran.

Asserted: ``window.__pwned`` stays empty, no element in the app carries an ``on*`` attribute or a
``javascript:`` URL, the script elements are in the DOM (as in Dash) but inert, and the texts are
shown as text. ``Iframe(srcDoc=...)`` is not in the corpus: its scripts run as in Dash (README,
"Differences"), which the test pins too.
"""

from __future__ import annotations

import textwrap
from typing import Any

from lab_driver import Notebook

APP = textwrap.dedent('''
    from nbdash import Dash, html, dcc, Input, Output, State

    def ran(name):
        return f"(window.__pwned = window.__pwned || []).push({name!r})"

    def img(name):
        return f'<img src="x:nope" onerror="{ran(name)}">'

    def js(name, style=0):
        forms = ["javascript:", "JAVASCRIPT:", "  javascript:", "\\tjava\\nscript:", "\\x01javascript:"]
        return forms[style % len(forms)] + ran(name)

    URL_PROPS = [  # (component, prop) pairs whose prop is a URL
        (html.A, "href"), (html.Area, "href"), (html.Iframe, "src"), (html.Embed, "src"),
        (html.ObjectEl, "data"), (html.Form, "action"), (html.Button, "formAction"), (html.Img, "src"),
        (html.Video, "src"), (html.Video, "poster"), (html.Audio, "src"), (html.Source, "src"),
        (html.Track, "src"), (html.Blockquote, "cite"), (html.Q, "cite"), (html.Del, "cite"),
        (html.Ins, "cite"), (html.Link, "href"), (dcc.Link, "href"),
    ]

    def corpus(tag):
        items = [
            html.Script(ran(f"{tag}:script-text")),
            html.Script(src="data:text/javascript," + ran(f"{tag}:script-src")),
            html.Div(f"<script>{ran(tag + ':children-script')}</script>"),
            html.Div(img(f"{tag}:children-img"), title=img(f"{tag}:title-img")),
            html.Button(img(f"{tag}:button-img")),
            dcc.Dropdown(options=[{"label": img(f"{tag}:dropdown-label"), "value": "a"}], value="a"),
            dcc.Checklist(options=[{"label": img(f"{tag}:checklist-label"), "value": "a"}], value=["a"]),
            dcc.RadioItems(options=[{"label": f"<script>{ran(tag + ':radio-label')}</script>", "value": "a"}]),
            dcc.Tabs([dcc.Tab(label=img(f"{tag}:tab-label"), children=img(f"{tag}:tab-body"))]),
            html.Div("css", style={"backgroundImage": f'url("{js(tag + ":css-url")}")'}),
            html.Div("css2", style={"background": f"url({js(tag + ':css-url2')})"}),
            dcc.Markdown(f"[md link]({js(tag + ':md-link')}) ![md img]({js(tag + ':md-img')}) "
                         f"<script>{ran(tag + ':md-script')}</script> {img(tag + ':md-img-raw')}"),
            dcc.Markdown(f"raw: {img(tag + ':md-dangerous-img')} <script>{ran(tag + ':md-dangerous-script')}</script> "
                         f'<a href="{js(tag + ":md-dangerous-a")}">a</a>', dangerously_allow_html=True),
        ]
        for i, (cls, prop) in enumerate(URL_PROPS):
            items.append(cls("u", **{prop: js(f"{tag}:{cls.__name__}.{prop}", i)}))
        return items

    app = Dash(__name__)
    app.layout = html.Div([
        html.Div(corpus("layout"), id="from-layout"),
        html.Button("go", id="go"),
        html.Div(id="from-callback"),
        dcc.Store(id="store"),
        html.Div(id="from-store"),
        # documented as running, exactly as in Dash (README): a srcDoc document's script
        html.Iframe(id="srcdoc", srcDoc="<script>parent.__srcdoc_ran = true</script>"),
    ])

    @app.callback(Output("from-callback", "children"), Input("go", "n_clicks"), prevent_initial_call=True)
    def rebuild(n):
        return corpus("callback")

    @app.callback(Output("from-store", "children"), Input("store", "data"), prevent_initial_call=True)
    def echo(data):
        return data  # a component-shaped value the page sent: rebuilt as that component
    PAYLOADS = repr(corpus("count")).count(".push(")  # payloads per corpus
    app
''')

CHECK = """(root) => {
  const el = document.querySelector(root);
  const bad = [];
  for (const node of el.querySelectorAll('*')) {
    for (const a of node.attributes) {
      if (/^on/i.test(a.name)) bad.push(`${node.localName}[${a.name}]`);
      if (/^\\s*javascript:/i.test(a.value.replace(/[\\u0000-\\u001f]/g, ''))) bad.push(`${node.localName}[${a.name}=${a.value}]`);
    }
  }
  return {bad, scripts: el.querySelectorAll('script').length, text: el.textContent};
}"""

SCRIPT_SHAPE = {
    "type": "Script", "namespace": "dash_html_components",
    "props": {"children": "(window.__pwned = window.__pwned || []).push('store:script')"},
}


def _dismiss_dialogs(page: Any) -> None:
    """JupyterLab's "Build Recommended" prompt (dash's own lab extension is installed) would catch clicks."""
    for button in page.query_selector_all(".jp-Dialog button.jp-mod-reject"):
        button.click()


def test_no_payload_of_the_injection_corpus_runs(notebook: Notebook) -> None:
    page = notebook.page
    notebook.run(APP)
    page.wait_for_selector(".nbdash-root #from-layout .nbdash-markdown")
    page.wait_for_timeout(500)  # images fail to load, frames load about:blank
    _dismiss_dialogs(page)
    assert page.evaluate("() => window.__pwned || []") == []
    layout = page.evaluate(CHECK, ".nbdash-root #from-layout")
    assert layout["bad"] == []
    assert layout["scripts"] == 2  # html.Script elements are there, as in Dash, but inert
    assert "<script>(window.__pwned" in layout["text"] and '<img src="x:nope"' in layout["text"]

    page.click(".nbdash-root #go")
    page.wait_for_selector(".nbdash-root #from-callback .nbdash-markdown")
    page.wait_for_timeout(500)
    assert page.evaluate("() => window.__pwned || []") == []
    from_callback = page.evaluate(CHECK, ".nbdash-root #from-callback")
    assert from_callback["bad"] == [] and from_callback["scripts"] == 2

    # a component-shaped value sent back by the page becomes an html.Script in the layout: inert too
    notebook.run(f"app.set_props('store', {{'data': {SCRIPT_SHAPE!r}}})")
    page.wait_for_selector(".nbdash-root #from-store script", state="attached")
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.__pwned || []") == []
    # what the README says runs, as in Dash: an Iframe's srcDoc script (same origin as the page)
    page.wait_for_function("() => window.__srcdoc_ran === true")
    payloads = notebook.run("print(PAYLOADS)")[0]["text"].strip()
    assert int(payloads) >= 39, payloads
