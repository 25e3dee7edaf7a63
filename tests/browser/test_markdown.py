"""dcc.Markdown's GitHub tables, strikethrough, task lists and autolinks in JupyterLab: real DOM,
alignment, HTML in cells shown as text, and table colours readable in JupyterLab Dark; nested lists
and reference links as real DOM.
"""

from __future__ import annotations

import textwrap

from lab_driver import Notebook
from test_visual import COLORS, _contrast, _set_theme

APP = textwrap.dedent('''
    from nbdash import Dash, html, dcc

    TABLE = """
        Prices:

        | Fruit | Qty | Price | Note |
        | :--- | :---: | ---: | --- |
        | `apple` | 3 | **1.50** | [site](https://example.com) |
        | <script>window.__pwned = 1</script> | a \\\\| b |
        | pear | 10 | 0.75 | ~~old~~ | extra |

        - [x] done
        - [ ] todo

        See https://example.com/docs.
    """
    app = Dash(__name__)
    app.layout = html.Div([dcc.Markdown(TABLE, id="md")])
    app
''')

CELLS = """() => [...document.querySelectorAll('.nbdash-root #md table tr')].map((tr) =>
  [...tr.children].map((c) => [c.localName, c.textContent, getComputedStyle(c).textAlign]))"""


def test_markdown_table_renders_as_a_table_with_alignment_and_escaped_html(notebook: Notebook) -> None:
    page = notebook.page
    notebook.run(APP)
    page.wait_for_selector(".nbdash-root #md table")
    rows = page.evaluate(CELLS)
    assert [[c[0] for c in row] for row in rows] == [["th"] * 4] + [["td"] * 4] * 3
    assert [c[1] for c in rows[0]] == ["Fruit", "Qty", "Price", "Note"]
    assert [c[1] for c in rows[1]] == ["apple", "3", "1.50", "site"]
    assert [c[1] for c in rows[2]] == ["<script>window.__pwned = 1</script>", "a | b", "", ""]  # padded
    assert [c[1] for c in rows[3]] == ["pear", "10", "0.75", "old"]  # the fifth cell is dropped
    assert [c[2] for c in rows[0]] == ["left", "center", "right", "left"]
    assert [c[2] for c in rows[3]] == ["left", "center", "right", "left"]

    md = ".nbdash-root #md"
    assert page.text_content(f"{md} p") == "Prices:"  # the paragraph before the table stays one
    assert page.text_content(f"{md} td code") == "apple"
    assert page.text_content(f"{md} td strong") == "1.50"
    assert page.get_attribute(f"{md} td a", "href") == "https://example.com"
    assert page.text_content(f"{md} td del") == "old"
    assert page.query_selector(f"{md} script") is None
    assert page.evaluate("() => window.__pwned") is None

    boxes = page.evaluate(f"() => [...document.querySelectorAll('{md} li input')].map((b) => [b.type, b.checked, b.disabled])")
    assert boxes == [["checkbox", True, True], ["checkbox", False, True]]
    assert page.get_attribute(f"{md} p:last-child a", "href") == "https://example.com/docs"

    border = page.evaluate(f"() => getComputedStyle(document.querySelector('{md} td')).borderTopStyle")
    assert border == "solid"
    try:
        _set_theme(page, "JupyterLab Dark")
        colors = page.evaluate(COLORS, {"th": f"{md} th", "td": f"{md} td", "code": f"{md} td code"})
        for name, (color, background) in colors.items():
            assert _contrast(color, background) >= 4.5, (name, color, background)
    finally:
        _set_theme(page, "JupyterLab Light")


NESTED = textwrap.dedent('''
    from nbdash import Dash, html, dcc

    TEXT = """
        1. First
           - nested *one*
           - nested two
             1. deeper
        2. Second, see [the docs][Docs]

        [docs]: https://dash.plotly.com "Dash docs"
    """
    app = Dash(__name__)
    app.layout = html.Div([dcc.Markdown(TEXT, id="nested")])
    app
''')

TREE = """(el) => [...el.children].map((li) => [
  li.firstChild.textContent,
  [...li.querySelectorAll(':scope > ul > li, :scope > ol > li')].map((c) => c.parentElement.localName + ':' + c.firstChild.textContent),
])"""


def test_markdown_nested_list_and_reference_link_render(notebook: Notebook) -> None:
    page = notebook.page
    notebook.run(NESTED)
    md = ".nbdash-root #nested"
    page.wait_for_selector(f"{md} > ol")
    top = page.query_selector(f"{md} > ol")
    assert top is not None
    assert top.evaluate(TREE) == [["First", ["ul:nested ", "ul:nested two"]], ["Second, see ", []]]
    assert page.text_content(f"{md} > ol > li > ul > li em") == "one"
    assert page.text_content(f"{md} ol ul ol > li") == "deeper"
    link = page.query_selector(f"{md} > ol > li:nth-child(2) a")
    assert link is not None
    assert (link.text_content(), link.get_attribute("href"), link.get_attribute("title")) == (
        "the docs", "https://dash.plotly.com", "Dash docs",
    )
    assert "[docs]:" not in (page.text_content(md) or "")
