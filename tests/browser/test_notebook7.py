"""The same app in Notebook 7 (``jupyter notebook``, its ``/notebooks/<name>`` page): it renders
inline and a click round trip works. One Notebook 7 server for this module, on 127.0.0.1 with a
free port, with nbdash's server extension as ``pip install nbdash`` enables it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from lab_driver import LabServer, Notebook
from test_lab import ERRORS, INPUTS, wait_text


@pytest.fixture(scope="module")
def notebook7() -> Iterator[LabServer]:
    server = LabServer("notebook").start()
    yield server
    server.stop()


@pytest.fixture
def nb7(notebook7: LabServer, page: Any, request: pytest.FixtureRequest) -> Iterator[Notebook]:
    nb = Notebook(notebook7, page, f"{request.node.name}.ipynb").open()
    yield nb
    nb.close()


def test_an_app_renders_and_round_trips_in_notebook_7(nb7: Notebook) -> None:
    page = nb7.page
    assert "/notebooks/" in page.url
    outputs = nb7.run(INPUTS)
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs)
    wait_text(page, ".nbdash-root #greeting", "Hello, world!")
    box = page.locator(".nbdash-root #name")
    box.fill("")
    box.press_sequentially("nb7")
    wait_text(page, ".nbdash-root #greeting", "Hello, nb7!")
    assert nb7.run("print(app.get_props('name')['value'])")[0]["text"] == "nb7\n"


def test_the_error_panel_and_recovery_in_notebook_7(nb7: Notebook) -> None:
    page = nb7.page
    nb7.run(ERRORS)
    wait_text(page, ".nbdash-root #out", "ok None")
    page.click(".nbdash-root #btn")
    page.wait_for_selector(".nbdash-root .nbdash-errors:not([hidden])")
    page.click(".nbdash-root #btn")
    wait_text(page, ".nbdash-root #out", "ok 2")
