"""dcc.Slider / dcc.RangeSlider as Dash 4 draws them, in JupyterLab: marks generated from min/max/step
when none are given (none for ``marks=None``), ``vertical=True`` (``verticalHeight`` tall, dragging and
arrow keys still reach callbacks) and the direct-input boxes (typed values clamped/rounded when the box
is left, as in Dash's ``test_sliders_keyboard_input.py``).
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
        dcc.Slider(0, 20, 5, value=10, id="auto"),
        dcc.Slider(0, 20, 5, marks=None, value=10, id="nomarks"),
        dcc.Slider(1, 20, value=5, id="typed"),
        dcc.RangeSlider(1, 20, 1, value=[5, 7], id="span"),
        dcc.Slider(0, 10, 1, value=2, vertical=True, verticalHeight=240, id="tall"),
        html.Div(id="out"),
        html.Div(id="drag"),
    ])

    @callback(Output("out", "children"), Input("auto", "value"), Input("typed", "value"), Input("span", "value"),
              Input("tall", "value"))
    def show(*values):
        return repr(values)

    @callback(Output("drag", "children"), Input("typed", "drag_value"))
    def show_drag(value):
        return f"drag {value}"

    app
""")


def _marks(page: Any, slider: str) -> list[str]:
    result: list[str] = page.evaluate(
        "(s) => [...document.querySelectorAll(s + ' .nbdash-slider-mark')].map(m => m.textContent)",
        f".nbdash-root {slider}",
    )
    return result


def test_marks_are_generated_when_not_given_and_absent_for_marks_none(notebook: Notebook) -> None:
    page = notebook.page
    notebook.run(APP)
    wait_text(page, ".nbdash-root #out", "(10, 5, [5, 7], 2)")
    assert sorted(_marks(page, "#auto"), key=float) == ["0", "5", "10", "15", "20"]
    assert _marks(page, "#nomarks") == []
    labels = page.locator(".nbdash-root #auto .nbdash-slider-mark")
    for i in range(labels.count()):
        assert labels.nth(i).is_visible()
    # each label sits under its value: left to right in value order, within the track
    lefts = page.evaluate("""() => {
        const marks = [...document.querySelectorAll('.nbdash-root #auto .nbdash-slider-mark')];
        return marks.map(m => [Number(m.textContent), m.getBoundingClientRect().left]).sort((a, b) => a[0] - b[0]).map(p => p[1]);
    }""")
    assert lefts == sorted(lefts)


def test_vertical_slider_is_tall_and_drag_and_keys_reach_callbacks(notebook: Notebook) -> None:
    page = notebook.page
    notebook.run(APP)
    wait_text(page, ".nbdash-root #out", "(10, 5, [5, 7], 2)")
    handle = page.locator(".nbdash-root #tall input[type=range]")
    handle.scroll_into_view_if_needed()
    box = handle.bounding_box()
    assert box["height"] > 3 * box["width"]
    assert box["height"] == 240  # verticalHeight
    # no direct-input box on vertical sliders (as in Dash)
    assert page.locator(".nbdash-root #tall .nbdash-slider-input").count() == 0
    # min at the bottom: drag the handle up from 2 to 8
    thumb = 16
    x = box["x"] + box["width"] / 2

    def y(value: float) -> float:
        return box["y"] + box["height"] - thumb / 2 - value / 10 * (box["height"] - thumb)

    page.mouse.move(x, y(2))
    page.mouse.down()
    page.mouse.move(x, (y(2) + y(8)) / 2, steps=3)
    page.mouse.move(x, y(8), steps=3)
    page.mouse.up()
    wait_text(page, ".nbdash-root #out", "(10, 5, [5, 7], 8)")
    handle.press("ArrowUp")
    wait_text(page, ".nbdash-root #out", "(10, 5, [5, 7], 9)")
    handle.press("ArrowDown")
    handle.press("ArrowDown")
    wait_text(page, ".nbdash-root #out", "(10, 5, [5, 7], 7)")
    # vertical marks run bottom (0) to top (10)
    tops = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('.nbdash-root #tall .nbdash-slider-mark')]
        .map(m => [m.textContent, m.getBoundingClientRect().top]))""")
    assert tops["0"] > tops["10"]


def test_typing_into_the_direct_input_box_reaches_callbacks_clamped(notebook: Notebook) -> None:
    page = notebook.page
    notebook.run(APP)
    wait_text(page, ".nbdash-root #out", "(10, 5, [5, 7], 2)")
    box = page.locator(".nbdash-root #typed input.nbdash-slider-input")
    assert box.input_value() == "5"
    # a valid keystroke moves the handle and sends drag_value; leaving the box sends value
    box.fill("4")
    wait_text(page, ".nbdash-root #drag", "drag 4")
    box.press("Tab")
    wait_text(page, ".nbdash-root #out", "(10, 4, [5, 7], 2)")
    assert page.locator(".nbdash-root #typed input[type=range]").input_value() == "4"
    # above max: clamped to 20 when the box is left
    box.fill("42")
    box.press("Tab")
    wait_text(page, ".nbdash-root #out", "(10, 20, [5, 7], 2)")
    assert box.input_value() == "20"
    wait_text(page, ".nbdash-root #drag", "drag 20")
    # below min: clamped to 1
    box.fill("-3")
    box.blur()
    wait_text(page, ".nbdash-root #out", "(10, 1, [5, 7], 2)")
    # dcc.Slider(0, 20, 5)'s box rounds to the step: 13 → 15
    auto = page.locator(".nbdash-root #auto input.nbdash-slider-input")
    auto.fill("13")
    auto.press("Tab")
    wait_text(page, ".nbdash-root #out", "(15, 1, [5, 7], 2)")
    assert auto.input_value() == "15"


def test_range_slider_has_two_boxes_kept_in_order(notebook: Notebook) -> None:
    page = notebook.page
    notebook.run(APP)
    wait_text(page, ".nbdash-root #out", "(10, 5, [5, 7], 2)")
    low = page.locator(".nbdash-root #span input.dash-range-slider-min-input")
    high = page.locator(".nbdash-root #span input.dash-range-slider-max-input")
    assert (low.input_value(), high.input_value()) == ("5", "7")
    # the lower box is left of the track, the upper one right of it
    track = page.locator(".nbdash-root #span .nbdash-slider-track").bounding_box()
    assert low.bounding_box()["x"] + low.bounding_box()["width"] <= track["x"]
    assert high.bounding_box()["x"] >= track["x"] + track["width"]
    high.fill("8")
    high.press("Tab")
    wait_text(page, ".nbdash-root #out", "(10, 5, [5, 8], 2)")
    high.fill("42")
    high.press("Tab")
    wait_text(page, ".nbdash-root #out", "(10, 5, [5, 20], 2)")
    # the lower value cannot pass the upper one
    low.fill("30")
    low.press("Tab")
    wait_text(page, ".nbdash-root #out", "(10, 5, [20, 20], 2)")
    low.fill("3")
    low.press("Tab")
    wait_text(page, ".nbdash-root #out", "(10, 5, [3, 20], 2)")
