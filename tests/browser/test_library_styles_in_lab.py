"""How component libraries look in JupyterLab + Chromium, pinned by computed styles (and screenshots
in tmp/screenshots/ to look at): in JupyterLab's dark theme every library's text stays readable
(DataTable's own white cells get a Dash page's dark text, library text on the notebook's background
keeps the theme's), with and without an app stylesheet painting the page (Bootstrap); content a
library portals into ``document.body`` (dbc Modal, Tooltip) gets the app's scoped stylesheets
while JupyterLab's own UI is not restyled; ``assets/`` stylesheets keep their ``@import`` and their
relative ``url(...)`` references (images, fonts in the assets folder).
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lab_driver import Notebook
from test_lab import wait_text
from test_visual import COLORS, _contrast, _luminance, _set_theme

BOOTSTRAP = Path(__file__).resolve().parents[2] / "js" / "node_modules" / "bootstrap" / "dist" / "css" / "bootstrap.min.css"
SHOTS = Path(__file__).resolve().parents[2] / "tmp" / "screenshots"


@pytest.fixture
def assets(notebook: Notebook) -> Iterator[Path]:
    """An ``assets/`` folder next to the test's notebook, removed afterwards (the Lab server, and so
    its root folder, is shared by every browser test)."""
    folder = notebook.server.root / "assets"
    folder.mkdir(exist_ok=True)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"styles_{name}.png"), full_page=True)


LIBRARIES = textwrap.dedent("""
    import dash_bootstrap_components as dbc, dash_ag_grid as dag, dash_mantine_components as dmc, dash_daq as daq
    from nbdash import Dash, html, dcc, dash_table

    app = Dash()
    app.layout = html.Div([
        html.P("native text", id="native"), html.Button("native button", id="nbutton"), dcc.Input(id="ninput", value="typed"),
        dash_table.DataTable(id="table", data=[{"city": c, "pop": i} for i, c in enumerate(["Montreal", "Toronto", "Ottawa"])],
                             columns=[{"id": "city", "name": "City"}, {"id": "pop", "name": "Pop"}], page_size=2),
        dash_table.DataTable(id="red", data=[{"a": "own colour"}], style_cell={"color": "rgb(200, 0, 0)"}),
        dag.AgGrid(id="grid", rowData=[{"a": 1, "b": "x"}], columnDefs=[{"field": "a"}, {"field": "b"}], style={"height": 120}),
        dbc.Button("dbc button", id="dbutton"),
        dbc.Card(dbc.CardBody([html.H5("card title", id="ctitle"), html.P("card text", id="ctext")]), id="card"),
        dmc.MantineProvider(dmc.Stack([
            dmc.Text("mantine text", id="mtext"), dmc.Paper(html.P("in paper", id="mpaper"), p="md", withBorder=True),
            dmc.Select(id="msel", data=["alpha", "beta"], value="alpha"), dmc.Button("mantine button", id="mbutton"),
        ])),
        daq.BooleanSwitch(id="switch", on=True, label="switch label"),
        daq.Gauge(id="gauge", value=5, min=0, max=10, label="gauge label"),
    ])
    app
""")

# text → the element whose colour must contrast with what is behind it
READABLE = {
    "native": ".nbdash-root #native", "nbutton": ".nbdash-root #nbutton", "ninput": ".nbdash-root #ninput",
    "cell": ".nbdash-root #table td.dash-cell", "header": ".nbdash-root #table th.dash-header",
    "page": ".nbdash-root #table .page-number", "grid": ".nbdash-root #grid .ag-cell",
    "dbutton": ".nbdash-root #dbutton", "ctitle": ".nbdash-root #ctitle", "ctext": ".nbdash-root #ctext",
    "mtext": ".nbdash-root #mtext", "mpaper": ".nbdash-root #mpaper",
    "option": ".mantine-Select-option", "switch": ".nbdash-root #switch label", "gauge": ".nbdash-root #gauge label",
}  # fmt: skip


def _open_select_and_read(page: Any) -> dict[str, list[str]]:
    page.click(".nbdash-root #msel")
    page.wait_for_selector(".mantine-Select-option")  # Mantine's dropdown: a portal in <body>
    colors: dict[str, list[str]] = page.evaluate(COLORS, READABLE)
    page.keyboard.press("Escape")
    return colors


def _unreadable(colors: dict[str, list[str]]) -> list[tuple[str, str, str, float]]:
    return [(name, fg, bg, round(_contrast(fg, bg), 2)) for name, (fg, bg) in colors.items() if _contrast(fg, bg) < 4.5]


def test_libraries_stay_readable_in_the_dark_theme_with_and_without_bootstrap(notebook: Notebook, assets: Path) -> None:
    page = notebook.page
    try:
        _set_theme(page, "JupyterLab Dark")
        notebook.run(LIBRARIES)
        page.wait_for_selector(".nbdash-root #table td.dash-cell")
        page.wait_for_selector(".nbdash-root #grid .ag-cell")
        page.wait_for_selector(".nbdash-root #gauge svg")
        page.wait_for_selector(".nbdash-root #mbutton")
        colors = _open_select_and_read(page)
        shot(page, "dark")
        assert _unreadable(colors) == []
        # DataTable's white cells: a Dash page's dark text, not the theme's light text
        assert _luminance(colors["cell"][0]) < 0.1 and _luminance(colors["cell"][1]) > 0.9
        # library text on the notebook's background keeps the theme's light text
        for name in ("mtext", "ctext", "switch"):
            assert _luminance(colors[name][0]) > 0.5, name
        # a colour the app sets wins; the native controls keep the dark theme
        assert page.evaluate("getComputedStyle(document.querySelector('.nbdash-root #red td')).color") == "rgb(200, 0, 0)"
        assert _luminance(colors["nbutton"][1]) < 0.1 and _luminance(colors["ninput"][1]) < 0.1
        # a library's own buttons keep their look (Mantine's filled blue), not nbdash's native button
        mantine = page.evaluate("getComputedStyle(document.querySelector('.nbdash-root #mbutton')).backgroundColor")
        assert mantine == "rgb(34, 139, 230)", mantine
        assert page.evaluate("document.querySelector('.nbdash-root .nbdash-app').dataset.nbdashPage") is None

        # Bootstrap's body rule paints the app's page white: every text dark, native controls light
        shutil.copy(BOOTSTRAP, assets / "bootstrap.min.css")
        notebook.rerun()
        page.wait_for_function("() => document.querySelector('.nbdash-root .nbdash-app')?.dataset.nbdashPage === 'light'")
        page.wait_for_selector(".nbdash-root #dbutton.btn")
        page.wait_for_selector(".nbdash-root #table td.dash-cell")
        page.wait_for_selector(".nbdash-root #mbutton")
        page.wait_for_function("() => getComputedStyle(document.querySelector('.nbdash-root #dbutton')).borderRadius === '6px'")
        colors = _open_select_and_read(page)
        shot(page, "dark_bootstrap")
        assert _unreadable(colors) == []
        assert _luminance(colors["dbutton"][1]) < 0.3  # Bootstrap's primary button
        assert _luminance(colors["nbutton"][1]) > 0.8 and _luminance(colors["ninput"][1]) > 0.8
        for name in ("native", "ctext", "mtext", "switch"):
            assert _luminance(colors[name][0]) < 0.1, name
    finally:
        _set_theme(page, "JupyterLab Light")


def _png(width: int, height: int, rgba: tuple[int, int, int, int]) -> bytes:
    """A small solid PNG (no imaging library needed)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + bytes(rgba) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


ASSETS_APP = textwrap.dedent("""
    from nbdash import Dash, html
    app = Dash()
    app.layout = html.Div([
        html.Div(id="bg", style={"width": "60px", "height": "30px"}), html.Div("font", id="font"),
        html.Div("imported", id="imp", className="imported"), html.Div("external", id="ext", className="external"),
    ])
    app
""")


def test_assets_stylesheets_keep_their_imports_images_and_fonts(notebook: Notebook, assets: Path) -> None:
    import sys

    page = notebook.page
    fonts = sorted((Path(sys.prefix) / "share" / "jupyter" / "lab" / "static").glob("*.woff2"))
    assert fonts, "JupyterLab's static folder has .woff2 fonts to borrow"
    (assets / "img").mkdir()
    (assets / "img" / "dot.png").write_bytes(_png(3, 2, (255, 0, 0, 255)))
    (assets / "fonts").mkdir()
    shutil.copy(fonts[0], assets / "fonts" / "test.woff2")
    (assets / "parts").mkdir()
    (assets / "parts" / "imported.css").write_text(".imported{color:rgb(1, 2, 3)}\n#bg{background-image:url(../img/dot.png)}")
    # an external sheet, from a URL the page can reach (Jupyter serves its root under /files/)
    (notebook.server.root / "ext.css").write_text(".external{color:rgb(4, 5, 6)}\nbody{outline:3px solid rgb(7, 8, 9)}")
    (assets / "site.css").write_text(
        '@import "parts/imported.css";\n'
        f'@import url("{notebook.server.url}/files/ext.css");\n'
        '@font-face{font-family:NbdashTest;src:url("fonts/test.woff2") format("woff2")}\n'
        "#font{font-family:NbdashTest}\n"
        "#missing{background:url(img/missing.png)}\n"
    )
    try:
        notebook.run(ASSETS_APP)
        page.wait_for_selector(".nbdash-root #bg")
        page.wait_for_function("() => getComputedStyle(document.querySelector('.nbdash-root #imp')).color === 'rgb(1, 2, 3)'")
        page.wait_for_function("() => getComputedStyle(document.querySelector('.nbdash-root #ext')).color === 'rgb(4, 5, 6)'")
        # the external sheet's body rule styles the app's root, not JupyterLab's body
        assert page.evaluate("getComputedStyle(document.querySelector('.nbdash-root .nbdash-app')).outlineColor") == "rgb(7, 8, 9)"
        assert page.evaluate("getComputedStyle(document.body).outlineStyle") == "none"
        # the image and the font of the assets folder load from blob: URLs
        image = page.evaluate("""async () => {
            const bg = getComputedStyle(document.querySelector('.nbdash-root #bg')).backgroundImage;
            const url = bg.slice(5, -2), img = new Image(); img.src = url; await img.decode();
            return [url.slice(0, 5), img.naturalWidth, img.naturalHeight]; }""")
        assert image == ["blob:", 3, 2]
        assert page.evaluate("async () => (await document.fonts.load('16px NbdashTest')).length") == 1
        assert page.evaluate("getComputedStyle(document.querySelector('.nbdash-root #font')).fontFamily") == "NbdashTest"
        # what does not resolve is reported, naming the sheet and the file
        page.wait_for_selector(".nbdash-root .nbdash-error--warning")
        warning = page.text_content(".nbdash-root .nbdash-errors")
        assert "assets/site.css" in warning and "img/missing.png" in warning
        shot(page, "assets")
    finally:
        (notebook.server.root / "ext.css").unlink()


PORTALS = textwrap.dedent("""
    import dash_bootstrap_components as dbc
    import dash_mantine_components as dmc
    from nbdash import Dash, html, Input, Output, State

    app = Dash()
    app.layout = html.Div([
        dmc.MantineProvider(dmc.Select(id="pick", data=["alpha", "beta"], value="alpha")),
        dbc.Tabs([dbc.Tab(label="One", tab_id="one"), dbc.Tab(label="Two", tab_id="two")], id="tabs", active_tab="one"),
        dbc.Button("Open", id="open"), html.Span(" tip target ", id="tip-target"), html.Span(" pop target ", id="pop-target"),
        dbc.Tooltip("tip text", target="tip-target", id="tip", is_open=True, trigger=None),
        dbc.Popover([dbc.PopoverHeader("pop header"), dbc.PopoverBody("pop body")], target="pop-target", id="pop",
                    is_open=True, trigger=None, placement="bottom"),
        dbc.Modal([dbc.ModalHeader(dbc.ModalTitle("Modal title")), dbc.ModalBody(html.P("modal body", id="mbody")),
                   dbc.ModalFooter(dbc.Button("Close", id="close", color="primary"))], id="modal", is_open=False),
        html.Div(id="closed"),
    ])

    @app.callback(Output("modal", "is_open"), Input("open", "n_clicks"), Input("close", "n_clicks"),
                  State("modal", "is_open"), prevent_initial_call=True)
    def toggle(opened, closed, is_open):
        return not is_open

    @app.callback(Output("closed", "children"), Input("close", "n_clicks"), prevent_initial_call=True)
    def closed(n):
        return f"closed {n}"

    app
""")

PORTAL_STYLES = """() => {
  const s = (sel, props) => { const e = document.querySelector(sel); if (!e) return null; const c = getComputedStyle(e); return props.map(p => c.getPropertyValue(p)); };
  return {
    content: s('.modal.show .modal-content', ['background-color', 'border-top-left-radius', 'border-top-style', 'color', 'font-family']),
    dialog: s('.modal.show .modal-dialog', ['max-width', 'margin-top']),
    modal: s('.modal.show', ['position', 'display']),
    backdrop: s('.modal-backdrop', ['position', 'opacity', 'background-color']),
    close: s('.modal.show #close', ['background-color', 'border-top-left-radius']),
    tip: s('.tooltip.show .tooltip-inner', ['background-color', 'color', 'border-top-left-radius']),
    pop: s('.popover .popover-header', ['background-color', 'border-bottom-style']),
    popover: s('.popover', ['background-color', 'position', 'border-top-style']),
  };
}"""


def test_content_dbc_portals_into_the_body_gets_the_apps_bootstrap_and_jupyterlab_does_not(notebook: Notebook, assets: Path) -> None:
    from test_libraries_in_lab import LAB_STYLES

    page = notebook.page
    shutil.copy(BOOTSTRAP, assets / "bootstrap.min.css")
    (assets / "custom.css").write_text(".mantine-Select-option{letter-spacing:3px}")  # the app's rule for Mantine's dropdown
    before = page.evaluate(LAB_STYLES)
    notebook.run(PORTALS)
    page.wait_for_selector(".nbdash-root #open.btn")
    page.wait_for_function("() => getComputedStyle(document.querySelector('.nbdash-root #open')).borderRadius === '6px'")
    # links a library draws keep its look (Bootstrap's nav links: no underline), not nbdash's native link
    tab = page.evaluate("(() => { const c = getComputedStyle(document.querySelector('.nbdash-root #tabs .nav-link:not(.active)')); return [c.textDecorationLine, c.color]; })()")
    assert tab == ["none", "rgb(13, 110, 253)"], tab
    page.wait_for_selector(".tooltip.show .tooltip-inner")
    page.wait_for_selector(".popover .popover-body")
    page.click(".nbdash-root #open")
    page.wait_for_selector(".modal.show .modal-content #mbody")
    page.wait_for_timeout(400)  # Bootstrap's fade
    styles = page.evaluate(PORTAL_STYLES)
    shot(page, "portals")
    white, primary = "rgb(255, 255, 255)", "rgb(13, 110, 253)"
    assert styles["content"][:4] == [white, "8px", "solid", "rgb(33, 37, 41)"]  # Bootstrap's .modal-content
    assert styles["content"][4].startswith("system-ui")  # the app's body font, from its marked portal root
    assert styles["dialog"] == ["500px", "28px"] and styles["modal"] == ["fixed", "block"]
    assert styles["backdrop"] == ["fixed", "0.5", "rgb(0, 0, 0)"]
    assert styles["close"] == [primary, "6px"]
    assert styles["tip"] == ["rgb(0, 0, 0)", white, "6px"]
    assert styles["pop"][1] == "solid" and styles["popover"] == [white, "absolute", "solid"]
    # the marked nodes are the app's portals, named by its scope
    scope = page.evaluate("document.querySelector('.nbdash-root .nbdash-app').dataset.nbdashScope")
    marked = page.evaluate("[...document.querySelectorAll('body > [data-nbdash-portal]')].map(e => [e.dataset.nbdashPortal, e.className])")
    assert {m[0] for m in marked} == {scope} and len(marked) >= 4, marked  # tooltip, popover, modal, backdrop (+ Mantine's)
    # the same classes outside the app's portals stay unstyled; JupyterLab is not restyled
    stray = page.evaluate("""() => { const d = document.createElement('div'); d.className = 'modal-content';
        document.body.append(d); const bg = getComputedStyle(d).backgroundColor; d.remove(); return bg; }""")
    assert stray == "rgba(0, 0, 0, 0)"
    assert page.evaluate(LAB_STYLES) == before
    # Mantine portals into a container of its own, appended empty: marked when its content arrives
    page.keyboard.press("Escape")
    page.wait_for_selector(".modal-content", state="detached")
    page.click(".nbdash-root #pick")
    page.wait_for_selector(".mantine-Select-option")
    assert page.evaluate("getComputedStyle(document.querySelector('.mantine-Select-option')).letterSpacing") == "3px"
    assert page.evaluate("document.querySelector('.mantine-Select-option').closest('body > *').dataset.nbdashPortal") == scope
    page.keyboard.press("Escape")
    # the modal's own button works and the modal closes (React removes its portal from the body)
    page.click(".nbdash-root #open")
    page.wait_for_selector(".modal.show .modal-content #mbody")
    page.click(".modal.show #close")
    wait_text(page, ".nbdash-root #closed", "closed 1")
    page.wait_for_selector(".modal-content", state="detached")
    assert page.evaluate(LAB_STYLES) == before
