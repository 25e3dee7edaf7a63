"""What a newcomer meets in the first five minutes, in JupyterLab (issue 12): the live app replaces its
static snapshot, the snapshot alone shows in nbconvert's HTML, and the tutorial apps the newcomer
tripped over — the slider's number box and Enter, the error panel's title, the Upload zone, the
graph and progress layouts, the dropdown's labels. The tutorial apps are run from the notebooks'
own cells (found by a marker), so the test follows the tutorial text. Screenshots go to the
artifacts folder.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

from conftest import ARTIFACTS
from lab_driver import Notebook
from test_lab import wait_text

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


def cell(notebook: str, marker: str) -> str:
    """The source of the tutorial's code cell containing ``marker``."""
    nb = json.loads((NOTEBOOKS / notebook).read_text(encoding="utf-8"))
    for c in nb["cells"]:
        source = "".join(c["source"])
        if c["cell_type"] == "code" and marker in source:
            return source
    raise LookupError(f"no code cell with {marker!r} in {notebook}")


def first_code_cell(notebook: str) -> str:
    nb = json.loads((NOTEBOOKS / notebook).read_text(encoding="utf-8"))
    return next("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")


def dismiss_dialogs(page: Any) -> None:
    """JupyterLab's "Build Recommended" dialog (dash's own labextension) would cover the app."""
    for button in page.locator(".jp-Dialog button:has-text('Cancel')").all():
        button.click()


def last_area(page: Any) -> Any:
    return page.locator(".jp-OutputArea:has(.nbdash-root)").last


def live(area: Any) -> None:
    """Wait until the view in ``area`` shows the kernel's tree (``data-nbdash-live``): before that it
    shows the tree its widget was created with, whose elements the kernel's answer replaces."""
    area.locator(".nbdash-root[data-nbdash-live]").wait_for(state="attached", timeout=60_000)


def shot(page: Any, locator: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    dismiss_dialogs(page)
    locator.scroll_into_view_if_needed()
    locator.screenshot(path=str(ARTIFACTS / f"first_five_{name}.png"))


APP = textwrap.dedent("""
    from nbdash import Dash, html, dcc, Input, Output, callback

    app = Dash(__name__)
    app.layout = html.Div([dcc.Input(id="name", value="world"), html.Div(id="greeting")])

    @callback(Output("greeting", "children"), Input("name", "value"))
    def greet(name):
        return f"Hello, {name}!"

    app
""")


def test_the_live_view_replaces_the_snapshot(notebook: Notebook) -> None:
    page = notebook.page
    outputs = notebook.run(APP)
    assert [sorted(o.get("data", {})) for o in outputs] == [
        ["application/vnd.jupyter.widget-view+json"], ["text/html", "text/plain"]
    ]
    wait_text(page, "#greeting", "Hello, world!")
    area = last_area(page)
    assert area.locator(".nbdash-snapshot").count() == 1
    assert not area.locator(".nbdash-snapshot").is_visible()  # hidden: the live app shows instead
    page.fill(".nbdash-root #name", "live")
    wait_text(page, "#greeting", "Hello, live!")
    # the saved output follows the app (refreshed after REFRESH_DELAY)
    page.wait_for_function(
        """() => { const w = window.__panel(); const cells = w.content.model.cells;
            const out = cells.get(cells.length - 1).outputs.toJSON();
            return out.some((o) => String((o.data || {})['text/html'] || '').includes('value="live"')); }""",
        timeout=10_000,
    )
    shot(page, area, "live_replaces_snapshot")


def test_nbconvert_html_shows_the_snapshot(notebook: Notebook, tmp_path: Path) -> None:
    notebook.run(APP)
    wait_text(notebook.page, "#greeting", "Hello, world!")
    notebook.page.evaluate("async () => { await window.__panel().context.save(); }")
    import nbformat
    from nbconvert import HTMLExporter

    nb = nbformat.read(notebook.server.root / notebook.name, as_version=4)
    body, _ = HTMLExporter().from_notebook_node(nb)
    page = notebook.page.context.new_page()
    try:
        page.set_content(body)  # offline: nbconvert's page, no kernel, no widget manager
        snapshot = page.locator(".nbdash-snapshot")
        assert snapshot.is_visible() and "Hello, world!" in snapshot.inner_text()
        assert page.locator(".nbdash-snapshot input").input_value() == "world"
        page.locator(".jp-OutputArea:has(.nbdash-snapshot)").screenshot(path=str(ARTIFACTS / "first_five_nbconvert.png"))
    finally:
        page.close()


def test_the_sliders_number_box_commits_on_enter(notebook: Notebook) -> None:
    page = notebook.page
    notebook.run(cell("02_advanced_callbacks.ipynb", 'id="slider-circular"'))
    area = last_area(page)
    box = area.locator(".nbdash-slider-input").first
    box.wait_for()
    box.fill("6")
    box.press("Enter")  # no Tab: the linked input follows at once
    page.wait_for_function("() => document.querySelector('.nbdash-root #input-circular').value === '6'")
    shot(page, area, "slider_enter")


def test_the_error_panel_is_titled_with_the_outputs(notebook: Notebook) -> None:
    page = notebook.page
    notebook.run(cell("09_testing.ipynb", 'html.P(id="unit-price")'))
    area = last_area(page)
    page.fill(".nbdash-root #quantity", "0")
    title = area.locator(".nbdash-error-head strong").first
    title.wait_for()
    assert title.inner_text() == "Callback error updating price.children, unit-price.children"
    shot(page, area, "error_panel")


def test_the_upload_zone_fits_its_output_area_and_notes_the_file(notebook: Notebook, tmp_path: Path) -> None:
    page = notebook.page
    notebook.run(first_code_cell("02_advanced_callbacks.ipynb"))
    notebook.run(cell("02_advanced_callbacks.ipynb", "upload-data-to-server"))
    area = last_area(page)
    zone = area.locator(".nbdash-upload")
    zone.wait_for()
    output = area.locator(".jp-OutputArea-output:has(.nbdash-root)")
    zbox, obox = zone.bounding_box(), output.bounding_box()
    assert zbox is not None and obox is not None
    assert zbox["x"] >= obox["x"] and zbox["x"] + zbox["width"] <= obox["x"] + obox["width"] + 0.5
    sample = tmp_path / "report.csv"
    sample.write_text("a,b\n1,2\n")
    zone.locator("input[type=file]").set_input_files(str(sample))
    page.wait_for_function(
        "() => document.querySelector('.nbdash-upload')?.getAttribute('data-nbdash-note') === '✓ report.csv received'"
    )
    shot(page, area, "upload")


def test_tutorial_graphs_and_progress_leave_no_empty_bands(notebook: Notebook) -> None:
    page = notebook.page
    notebook.run(first_code_cell("07_graphs.ipynb"))
    notebook.run(cell("07_graphs.ipynb", 'id="species-histogram"'))
    area = last_area(page)
    live(area)
    plot = area.locator("#species-histogram .nsewdrag").first  # the plot area (axes box)
    plot.wait_for(state="attached", timeout=60_000)
    page.wait_for_function("() => document.querySelector('#species-histogram .nsewdrag')?.getBoundingClientRect().height > 0")
    box = plot.bounding_box()
    assert box is not None and box["height"] >= 150, box
    shot(page, area, "histogram")

    notebook.run(cell("07_graphs.ipynb", 'id="highlight"'))
    area = last_area(page)
    live(area)
    # the callback's figure (two traces, its own margins), not the empty graph drawn before it arrives
    page.wait_for_function("() => document.querySelectorAll('.nbdash-root #highlight .scatterlayer .trace').length >= 2",
                           timeout=60_000)
    page.wait_for_timeout(200)  # plotly's relayout after the new figure
    slider = area.locator("#top-n").bounding_box()
    top = area.locator("#highlight .nsewdrag").bounding_box()
    assert slider is not None and top is not None
    assert top["y"] - (slider["y"] + slider["height"]) < 60, (slider, top)  # no empty band above the plot
    shot(page, area, "highlight")

    notebook.run(first_code_cell("05_background_callbacks.ipynb"))
    notebook.run(cell("05_background_callbacks.ipynb", 'id="progress_bar_graph"'))
    area = last_area(page)
    live(area)
    page.wait_for_function("() => document.querySelector('.nbdash-root #paragraph_id')?.textContent.startsWith('Clicked')",
                           timeout=30_000)
    paragraph = area.locator("#paragraph_id").bounding_box()
    button = area.locator("#button_id").bounding_box()
    assert paragraph is not None and button is not None
    assert button["y"] - (paragraph["y"] + paragraph["height"]) < 40, (paragraph, button)  # idle: no gap
    shot(page, area, "progress_idle")


def test_the_rate_dropdown_shows_the_rate_as_the_text_says(notebook: Notebook) -> None:
    page = notebook.page
    notebook.run(first_code_cell("08_ipywidgets.ipynb"))
    notebook.run(cell("08_ipywidgets.ipynb", 'id="rate"'))
    area = last_area(page)
    page.wait_for_timeout(1000)  # JupyterLab's "Build Recommended" dialog may still be on its way
    dismiss_dialogs(page)
    area.locator("#rate").click()
    page.locator(".nbdash-dropdown-content .nbdash-dropdown-option", has_text="5.0%").click()  # in document.body
    page.wait_for_function("() => document.querySelector('.nbdash-root #summary')?.textContent.includes('at 5.0%')")
    assert area.locator("#rate .nbdash-dropdown-value").inner_text() == "5.0%"
    shot(page, area, "dropdown")
