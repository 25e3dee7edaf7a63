"""dcc.Dropdown drops selected values that new options no longer offer, in the browser (the JS
renderer's `dropdownCheck`, Dash 4.4.1's rule), and that correction fires the value's callbacks."""

from __future__ import annotations

import textwrap

from lab_driver import Notebook
from test_lab import wait_text

APP = textwrap.dedent("""
    from nbdash import Dash, html, dcc, Input, Output, callback

    app = Dash(__name__)
    app.layout = html.Div([
        html.Button("narrow", id="narrow"),
        dcc.Dropdown(["a", "b", "c"], ["a", "c"], id="multi", multi=True),
        dcc.Dropdown(["a", "b", "c"], "c", id="single"),
        dcc.Dropdown(["a", "b"], "zz", id="mounted"),
        html.Div(id="out"),
    ])

    @callback(Output("multi", "options"), Output("single", "options"), Input("narrow", "n_clicks"),
              prevent_initial_call=True)
    def narrow(n):
        return ["a", "b"], [{"label": "A", "value": "a"}]

    @callback(Output("out", "children"), Input("multi", "value"), Input("single", "value"), Input("mounted", "value"))
    def show(multi, single, mounted):
        return repr((multi, single, mounted))

    app
""")


def test_new_options_drop_values_no_longer_offered(notebook: Notebook) -> None:
    page = notebook.page
    notebook.run(APP)
    # mount: a single value not among the options becomes None (Dash 4's Dropdown does it on mount)
    wait_text(page, ".nbdash-root #out", "(['a', 'c'], 'c', None)")
    page.click(".nbdash-root #narrow")
    wait_text(page, ".nbdash-root #out", "(['a'], None, None)")
    assert page.text_content(".nbdash-root #multi .nbdash-dropdown-value") == "a"
    out = notebook.run("print(app.get_props('multi')['value'], app.get_props('single').get('value'))")
    assert out[0]["text"] == "['a'] None\n"
    page.screenshot(path="/tmp/dropdown_options.png")
