"""dcc.Slider / dcc.RangeSlider as Dash 4 draws them, in JupyterLab: marks generated from min/max/step
when none are given (none for ``marks=None``), ``vertical=True`` (``verticalHeight`` tall, dragging and
arrow keys still reach callbacks) and the direct-input boxes (typed values clamped/rounded when the box
is left, as in Dash's ``test_sliders_keyboard_input.py``).
"""

from __future__ import annotations

import textwrap
from typing import Any

from lab_driver import Notebook
from test_lab import wait_live, wait_text

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


TIPS_APP = textwrap.dedent("""
    from nbdash import Dash, html, dcc, Input, Output, callback

    app = Dash(__name__)
    app.layout = html.Div([
        dcc.Slider(0, 20, 5, value=10, id="tip", tooltip={
            "placement": "bottom", "always_visible": True, "template": "{value} units",
            "style": {"color": "rgb(255, 0, 0)"}}),
        dcc.Slider(0, 10, 1, value=3, id="hovertip", tooltip={"placement": "top"}),
        dcc.Slider(0, 10, 1, value=2, reverse=True, dots=True, id="rev"),
        dcc.Slider(0, 20, 5, value=5, dots=True, id="dotted"),
        dcc.RangeSlider(0, 20, 2, value=[4, 10], dots=True, id="rdots"),
        html.Div(id="out2"),
        html.Div(id="tipdrag"),
    ])

    @callback(Output("out2", "children"), Input("tip", "value"), Input("rev", "value"))
    def show(*values):
        return repr(values)

    @callback(Output("tipdrag", "children"), Input("tip", "drag_value"))
    def show_drag(value):
        return f"drag {value}"

    app
""")


def _centre(box: dict[str, float]) -> tuple[float, float]:
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def _thumb_x(track: dict[str, float], fraction: float) -> float:
    thumb = 16
    return track["x"] + thumb / 2 + fraction * (track["width"] - thumb)


def test_always_visible_tooltip_shows_the_template_and_follows_a_drag(notebook: Notebook) -> None:
    page = notebook.page
    notebook.run(TIPS_APP)
    wait_live(page)  # the elements located below are the live view's, not the first tree's
    wait_text(page, ".nbdash-root #out2", "(10, 2)")
    tip = page.locator(".nbdash-root #tip-tooltip-1-content")
    tip.scroll_into_view_if_needed()
    assert tip.is_visible()
    assert tip.text_content() == "10 units"
    assert tip.evaluate("e => getComputedStyle(e).color") == "rgb(255, 0, 0)"  # tooltip.style
    track = page.locator(".nbdash-root #tip input[type=range]").bounding_box()
    x10 = _thumb_x(track, 0.5)
    y = track["y"] + track["height"] / 2
    tip_x, tip_y = _centre(tip.bounding_box())
    assert abs(tip_x - x10) <= 2
    assert tip.bounding_box()["y"] > y  # placement "bottom"
    # drag from 10 to 15: the tooltip follows the handle while the button is still down
    x15 = _thumb_x(track, 0.75)
    page.mouse.move(x10, y)
    page.mouse.down()
    page.mouse.move((x10 + x15) / 2, y, steps=3)
    page.mouse.move(x15, y, steps=3)
    wait_text(page, ".nbdash-root #tipdrag", "drag 15")
    assert tip.text_content() == "15 units"
    assert abs(_centre(tip.bounding_box())[0] - x15) <= 2
    page.mouse.up()
    wait_text(page, ".nbdash-root #out2", "(15, 2)")
    assert tip.is_visible()


def test_hover_tooltip_appears_only_over_the_handle(notebook: Notebook) -> None:
    page = notebook.page
    notebook.run(TIPS_APP)
    wait_text(page, ".nbdash-root #out2", "(10, 2)")
    handle = page.locator(".nbdash-root #hovertip input[type=range]")
    handle.scroll_into_view_if_needed()
    tip = page.locator(".nbdash-root #hovertip-tooltip-1-content")
    assert tip.count() == 1 and not tip.is_visible()
    track = handle.bounding_box()
    y = track["y"] + track["height"] / 2
    page.mouse.move(_thumb_x(track, 0.3), y)
    tip.wait_for(state="visible")
    assert tip.text_content() == "3"
    assert tip.bounding_box()["y"] + tip.bounding_box()["height"] < y  # placement "top"
    # elsewhere on the track: hidden again
    page.mouse.move(_thumb_x(track, 0.9), y)
    tip.wait_for(state="hidden")


def test_reverse_puts_max_on_the_left_and_drags_and_keys_follow(notebook: Notebook) -> None:
    page = notebook.page
    notebook.run(TIPS_APP)
    wait_text(page, ".nbdash-root #out2", "(10, 2)")
    handle = page.locator(".nbdash-root #rev input[type=range]")
    handle.scroll_into_view_if_needed()
    lefts = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('.nbdash-root #rev .nbdash-slider-mark')]
        .map(m => [m.textContent, m.getBoundingClientRect().left]))""")
    assert lefts["10"] < lefts["5"] < lefts["0"]
    track = handle.bounding_box()
    y = track["y"] + track["height"] / 2

    def x(value: float) -> float:
        return _thumb_x(track, (10 - value) / 10)

    # the handle for 2 is near the right end: dragging it leftwards to 7 sends 7
    page.mouse.move(x(2), y)
    page.mouse.down()
    page.mouse.move((x(2) + x(7)) / 2, y, steps=3)
    page.mouse.move(x(7), y, steps=3)
    page.mouse.up()
    wait_text(page, ".nbdash-root #out2", "(10, 7)")
    # keys follow the drawn direction (Radix's inverted slider): right decreases, left increases
    handle.press("ArrowRight")
    wait_text(page, ".nbdash-root #out2", "(10, 6)")
    handle.press("ArrowLeft")
    handle.press("ArrowLeft")
    wait_text(page, ".nbdash-root #out2", "(10, 8)")
    handle.press("End")
    wait_text(page, ".nbdash-root #out2", "(10, 10)")
    assert handle.bounding_box()["x"] == track["x"]
    # dots=True with step 1 draws none (Dash draws dots only for steps above 1)
    assert page.locator(".nbdash-root #rev .nbdash-slider-dot").count() == 0


def test_dots_are_drawn_per_step(notebook: Notebook) -> None:
    page = notebook.page
    notebook.run(TIPS_APP)
    wait_text(page, ".nbdash-root #out2", "(10, 2)")
    page.locator(".nbdash-root #rdots").scroll_into_view_if_needed()
    dots = page.locator(".nbdash-root #dotted .nbdash-slider-dot")
    assert dots.count() == 5
    track = page.locator(".nbdash-root #dotted input[type=range]").bounding_box()
    y = track["y"] + track["height"] / 2
    for i in range(5):
        cx, cy = _centre(dots.nth(i).bounding_box())
        assert abs(cx - _thumb_x(track, i / 4)) <= 1
        assert abs(cy - y) <= 2
        assert dots.nth(i).bounding_box()["width"] == 8
    # value 5: the dots above it are outside the selection
    assert page.locator(".nbdash-root #dotted .nbdash-slider-dot-outside-selection").count() == 3
    assert page.locator(".nbdash-root #rdots .nbdash-slider-dot").count() == 11
    # RangeSlider [4, 10]: 0, 2 and 12..20 are outside
    assert page.locator(".nbdash-root #rdots .nbdash-slider-dot-outside-selection").count() == 7


BAR_APP = textwrap.dedent("""
    from nbdash import Dash, html, dcc, Input, Output, callback

    app = Dash(__name__)
    app.layout = html.Div([
        dcc.RangeSlider(0, 20, 1, value=[5, 15], id="bar"),
        dcc.RangeSlider(0, 20, 2, value=[4, 10], reverse=True, dots=True, id="rbar"),
        dcc.RangeSlider(0, 10, 1, value=[2, 6], vertical=True, verticalHeight=200, id="vbar"),
        dcc.Slider(0, 10, 1, value=3, id="one"),
        html.Div(id="out3"),
        html.Div(id="bardrag"),
    ])

    @callback(Output("out3", "children"), Input("bar", "value"), Input("rbar", "value"), Input("one", "value"))
    def show(*values):
        return repr(values)

    @callback(Output("bardrag", "children"), Input("bar", "drag_value"))
    def show_drag(value):
        return f"drag {value}"

    app
""")

BAR_GEOMETRY = """(s) => {
    const root = document.querySelector('.nbdash-root ' + s);
    const bar = root.querySelector('.nbdash-slider-selection').getBoundingClientRect();
    const rail = root.querySelector('.nbdash-slider-rail').getBoundingClientRect();
    const input = root.querySelector('input[type=range]');
    return {
        bar: [bar.left, bar.right, bar.top, bar.bottom], rail: [rail.left, rail.right, rail.top, rail.bottom],
        barColor: getComputedStyle(root.querySelector('.nbdash-slider-selection')).backgroundColor,
        railColor: getComputedStyle(root.querySelector('.nbdash-slider-rail')).backgroundColor,
        nativeTrack: getComputedStyle(input, '::-webkit-slider-runnable-track').backgroundColor,
    };
}"""


def _bar(page: Any, slider: str) -> dict[str, Any]:
    result: dict[str, Any] = page.evaluate(BAR_GEOMETRY, slider)
    return result


def test_range_slider_highlights_only_between_its_handles(notebook: Notebook) -> None:
    page = notebook.page
    notebook.run(BAR_APP)
    wait_text(page, ".nbdash-root #out3", "([5, 15], [4, 10], 3)")
    page.locator(".nbdash-root #one").scroll_into_view_if_needed()
    track = page.locator(".nbdash-root #bar input[type=range]").first.bounding_box()
    geometry = _bar(page, "#bar")
    left, right = geometry["bar"][:2]
    assert abs(left - _thumb_x(track, 5 / 20)) <= 2
    assert abs(right - _thumb_x(track, 15 / 20)) <= 2
    # the rest is the grey rail; the native inputs' own track (and fill) is transparent
    assert geometry["barColor"] != geometry["railColor"]
    assert geometry["nativeTrack"] == "rgba(0, 0, 0, 0)"
    assert abs(geometry["rail"][0] - _thumb_x(track, 0)) <= 2
    assert abs(geometry["rail"][1] - _thumb_x(track, 1)) <= 2
    # drag the upper handle from 15 to 18: the bar follows while the button is down, and after
    y = track["y"] + track["height"] / 2
    x15, x18 = _thumb_x(track, 15 / 20), _thumb_x(track, 18 / 20)
    page.mouse.move(x15, y)
    page.mouse.down()
    page.mouse.move((x15 + x18) / 2, y, steps=3)
    page.mouse.move(x18, y, steps=3)
    wait_text(page, ".nbdash-root #bardrag", "drag [5, 18]")
    left, right = _bar(page, "#bar")["bar"][:2]
    assert abs(left - _thumb_x(track, 5 / 20)) <= 2
    assert abs(right - x18) <= 2
    page.mouse.up()
    wait_text(page, ".nbdash-root #out3", "([5, 18], [4, 10], 3)")
    left, right = _bar(page, "#bar")["bar"][:2]
    assert abs(left - _thumb_x(track, 5 / 20)) <= 2
    assert abs(right - x18) <= 2

    # reversed: max on the left, the bar still between the handles (10 on the left of 4)
    rtrack = page.locator(".nbdash-root #rbar input[type=range]").first.bounding_box()
    left, right = _bar(page, "#rbar")["bar"][:2]
    assert abs(left - _thumb_x(rtrack, (20 - 10) / 20)) <= 2
    assert abs(right - _thumb_x(rtrack, (20 - 4) / 20)) <= 2
    # dots outside the selection keep their style: 0, 2 and 12..20
    assert page.locator(".nbdash-root #rbar .nbdash-slider-dot-outside-selection").count() == 7
    # a value change from the kernel moves the bar too (ArrowLeft raises a reversed handle: 10 → 12)
    page.locator(".nbdash-root #rbar input[type=range]").nth(1).press("ArrowLeft")
    wait_text(page, ".nbdash-root #out3", "([5, 18], [4, 12], 3)")
    left, right = _bar(page, "#rbar")["bar"][:2]
    assert abs(left - _thumb_x(rtrack, (20 - 12) / 20)) <= 2
    assert abs(right - _thumb_x(rtrack, (20 - 4) / 20)) <= 2

    # vertical: min at the bottom, the bar between 2 and 6
    vtrack = page.locator(".nbdash-root #vbar input[type=range]").first.bounding_box()

    def vy(value: float) -> float:
        return vtrack["y"] + vtrack["height"] - 8 - value / 10 * (vtrack["height"] - 16)

    _, _, top, bottom = _bar(page, "#vbar")["bar"]
    assert abs(bottom - vy(2)) <= 2
    assert abs(top - vy(6)) <= 2

    # a Slider with one handle: filled from min to the handle
    otrack = page.locator(".nbdash-root #one input[type=range]").bounding_box()
    left, right = _bar(page, "#one")["bar"][:2]
    assert abs(left - _thumb_x(otrack, 0)) <= 2
    assert abs(right - _thumb_x(otrack, 3 / 10)) <= 2
