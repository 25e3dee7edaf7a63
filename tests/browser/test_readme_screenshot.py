"""The README's picture: the README's first example inline in JupyterLab, taken by this browser test.

The test always runs the app and checks the round trip; with ``NBDASH_UPDATE_SCREENSHOTS=1`` it also
rewrites ``docs/images/inline-app.png`` (otherwise the picture goes to the artifacts folder, so CI
shows what it saw without touching the repo).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from conftest import ARTIFACTS
from lab_driver import Notebook

REPO = Path(__file__).resolve().parents[2]
PICTURE = REPO / "docs" / "images" / "inline-app.png"

README = REPO / "README.md"
#: The README's first example, as written there: a cell ending in ``app``.
APP = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)[0]


def test_readme_picture_of_an_inline_app(notebook: Notebook) -> None:
    page = notebook.page
    notebook.run(APP)
    page.wait_for_selector(".nbdash-root #name")
    page.fill(".nbdash-root #name", "nbdash")
    page.wait_for_function("() => document.querySelector('.nbdash-root #greeting').textContent === 'Hello, nbdash!'")
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
