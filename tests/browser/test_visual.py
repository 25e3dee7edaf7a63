"""What the default stylesheet makes of an app inside JupyterLab's output area, pinned by computed
styles and geometry (never pixels): JupyterLab's own ``.jp-OutputArea-output pre`` rule must not
reach ``html.Pre`` or the console panel, the dark theme must keep text readable, slider values and
end labels must stay inside the app, date inputs look like ``dcc.Input``.
"""

from __future__ import annotations

import textwrap
from typing import Any

from lab_driver import Notebook
from test_lab import wait_text

APP = textwrap.dedent("""
    from nbdash import Dash, html, dcc, Input, Output, callback

    app = Dash(__name__)
    app.layout = html.Div([
        html.Button("Print", id="say"),
        html.Pre('{\\n  "key": "a long value that must not be broken in the middle of words"\\n}', id="pre"),
        dcc.Input(id="text", value="x"),
        dcc.DatePickerSingle(id="day", date="2024-05-01"),
        dcc.Slider(-5, 6, marks={i: f"Label {i}" for i in range(-5, 7)}, value=2, id="slider"),
        html.Div(id="out"),
    ])

    @callback(Output("out", "children"), Input("say", "n_clicks"), prevent_initial_call=True)
    def say(n):
        print("word " * 60)
        return f"printed {n}"

    app
""")

STYLES = """(props) => { const out = {};
  for (const [name, sel] of Object.entries(props)) {
    const el = document.querySelector(sel), cs = getComputedStyle(el);
    out[name] = { padding: cs.paddingLeft, whiteSpace: cs.whiteSpace, wordBreak: cs.wordBreak, color: cs.color,
                  background: cs.backgroundColor, radius: cs.borderTopLeftRadius, border: cs.borderTopColor };
  }
  return out; }"""


# Each element's text colour and the first mostly opaque background behind it (itself or an ancestor).
COLORS = """(props) => { const out = {};
  const alpha = (c) => { const m = c.match(/rgba?\\(([^)]*)\\)/); const p = m ? m[1].split(/[ ,/]+/) : []; return p.length > 3 ? Number(p[3]) : 1; };
  for (const [name, sel] of Object.entries(props)) {
    let el = document.querySelector(sel); const color = getComputedStyle(el).color;
    while (el && alpha(getComputedStyle(el).backgroundColor) < 0.5) el = el.parentElement;
    out[name] = [color, el ? getComputedStyle(el).backgroundColor : 'rgb(255, 255, 255)'];
  }
  return out; }"""


def _luminance(css: str) -> float:
    parts = [float(p) for p in css[css.index("(") + 1 : css.index(")")].replace(",", " ").split()[:3]]
    lin = [c / 255 / 12.92 if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in parts]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str) -> float:
    la, lb = sorted([_luminance(a), _luminance(b)], reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _set_theme(page: Any, theme: str) -> None:
    page.evaluate("async (t) => { await window.jupyterapp.commands.execute('apputils:change-theme', {theme: t}); }", theme)
    light = "true" if theme == "JupyterLab Light" else "false"
    page.wait_for_function("(l) => document.body.dataset.jpThemeLight === l", arg=light)


def test_pre_console_dates_and_slider_keep_their_look_in_the_output_area(notebook: Notebook) -> None:
    page = notebook.page
    notebook.run(APP)
    page.wait_for_selector(".nbdash-root #pre")
    page.click(".nbdash-root #say")
    wait_text(page, ".nbdash-root #out", "printed 1")
    page.wait_for_selector(".nbdash-root .nbdash-console:not([hidden])")
    styles = page.evaluate(STYLES, {
        "pre": ".nbdash-root #pre", "console": ".nbdash-root .nbdash-console-text",
        "input": ".nbdash-root #text", "date": ".nbdash-root #day .nbdash-date-input",
    })  # fmt: skip
    # html.Pre: the stylesheet's padding and the browser's unbroken lines, not JupyterLab's
    assert styles["pre"]["padding"] == "8px"
    assert (styles["pre"]["whiteSpace"], styles["pre"]["wordBreak"]) == ("pre", "normal")
    # console text wraps between words, never inside one
    assert (styles["console"]["whiteSpace"], styles["console"]["wordBreak"]) == ("pre-wrap", "normal")
    # date inputs look like dcc.Input
    for key in ("padding", "radius", "border", "background"):
        assert styles["date"][key] == styles["input"][key], key

    geometry = page.evaluate("""() => {
        const box = (s) => document.querySelector(s).getBoundingClientRect();
        const root = box('.nbdash-root'), track = box('.nbdash-root #slider .nbdash-slider-track');
        const readout = box('.nbdash-root #slider .nbdash-slider-readout');
        const marks = [...document.querySelectorAll('.nbdash-root #slider .nbdash-slider-mark')].map(m => m.getBoundingClientRect());
        return { rootLeft: root.left, rootRight: root.right, trackTop: track.top, trackBottom: track.bottom,
                 trackRight: track.right, readoutLeft: readout.left, readoutMiddle: (readout.top + readout.bottom) / 2,
                 marksLeft: Math.min(...marks.map(m => m.left)), marksRight: Math.max(...marks.map(m => m.right)) };
    }""")
    # the slider's value sits on the track's row, to its right (not floating towards the next component)
    assert geometry["trackTop"] <= geometry["readoutMiddle"] <= geometry["trackBottom"]
    assert geometry["readoutLeft"] >= geometry["trackRight"]
    # end labels, centred on the track's ends, stay inside the app (the output area clips what sticks out)
    assert geometry["marksLeft"] >= geometry["rootLeft"]
    assert geometry["marksRight"] <= geometry["rootRight"]


def test_dark_theme_keeps_controls_and_panels_readable(notebook: Notebook) -> None:
    page = notebook.page
    notebook.run(APP.replace("return f\"printed {n}\"", "return 1 / 0"))
    page.wait_for_selector(".nbdash-root #pre")
    page.click(".nbdash-root #say")
    page.wait_for_selector(".nbdash-root .nbdash-errors:not([hidden])")
    page.wait_for_selector(".nbdash-root .nbdash-console:not([hidden])")
    selectors = {
        "button": ".nbdash-root #say", "pre": ".nbdash-root #pre", "input": ".nbdash-root #text",
        "error": ".nbdash-root .nbdash-error-message", "console": ".nbdash-root .nbdash-console-text",
        "date": ".nbdash-root #day .nbdash-date-input",
    }  # fmt: skip
    try:
        _set_theme(page, "JupyterLab Dark")
        colors = page.evaluate(COLORS, selectors)
        for name, (color, background) in colors.items():
            assert _contrast(color, background) >= 4.5, (name, color, background)
        assert _luminance(colors["button"][0]) > 0.5  # light text: the app follows the theme
    finally:
        _set_theme(page, "JupyterLab Light")
