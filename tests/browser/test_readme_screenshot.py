"""The README's picture: a seed app inline in JupyterLab, taken by this browser test.

The test always runs the app and checks the round trip; with ``NBDASH_UPDATE_SCREENSHOTS=1`` it also
rewrites ``docs/images/inline-app.png`` (otherwise the picture goes to the artifacts folder, so CI
shows what it saw without touching the repo).
"""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

from conftest import ARTIFACTS
from lab_driver import Notebook

REPO = Path(__file__).resolve().parents[2]
PICTURE = REPO / "docs" / "images" / "inline-app.png"

APP = textwrap.dedent("""
    from nbdash import Dash, dcc, html, Input, Output, callback, no_update
    from nbdash.exceptions import PreventUpdate

    app = Dash(__name__)
    app.layout = html.Div([
        html.H3('Prime factors, inline in JupyterLab'),
        html.P('Enter a composite number to see its prime factors'),
        dcc.Input(id='num', type='number', debounce=True, min=2, step=1),
        html.P(id='err', style={'color': 'red'}),
        html.P(id='out'),
    ])

    @callback(Output('out', 'children'), Output('err', 'children'), Input('num', 'value'))
    def show_factors(num):
        if num is None:
            raise PreventUpdate
        factors = prime_factors(num)
        if len(factors) == 1:
            return no_update, '{} is prime!'.format(num)
        return '{} is {}'.format(num, ' * '.join(str(n) for n in factors)), ''

    def prime_factors(num):
        n, i, out = num, 2, []
        while i * i <= n:
            if n % i == 0:
                n = int(n / i)
                out.append(i)
            else:
                i += 1 if i == 2 else 2
        out.append(n)
        return out

    app
""")


def test_readme_picture_of_an_inline_app(notebook: Notebook) -> None:
    page = notebook.page
    notebook.run(APP)
    page.wait_for_selector(".nbdash-root #num")
    page.fill(".nbdash-root #num", "360")
    page.press(".nbdash-root #num", "Enter")
    page.wait_for_function(
        "() => document.querySelector('.nbdash-root #out').textContent === '360 is 2 * 2 * 2 * 3 * 3 * 5'"
    )
    target = PICTURE if os.environ.get("NBDASH_UPDATE_SCREENSHOTS") == "1" else ARTIFACTS / PICTURE.name
    target.parent.mkdir(parents=True, exist_ok=True)
    area = page.locator(".jp-OutputArea-output:has(.nbdash-root)").last
    area.scroll_into_view_if_needed()
    box = area.bounding_box()
    assert box is not None
    top = max(0.0, box["y"] - 120)  # the end of the cell's code above the app, for context
    page.screenshot(path=str(target), clip={"x": max(0.0, box["x"] - 90), "y": top, "width": 900,
                                            "height": box["y"] + box["height"] - top + 10})
    assert target.stat().st_size > 5_000
