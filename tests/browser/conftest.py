"""Fixtures for the browser tests: one JupyterLab server and one Chromium per session, a fresh page
and notebook (own kernel) per test. Every test here is marked ``browser``; all of them are skipped,
saying why, when ``/usr/bin/chromium`` is missing (CI installs it: ``apt-get install -y chromium``).

A failing test leaves a screenshot, the page's console and the log of every server it used in
``tmp/artifacts/`` (or ``$NBDASH_ARTIFACTS``).
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lab_driver import CHROMIUM, LabServer, Notebook, _Server, launch_chromium

ARTIFACTS = Path(os.environ.get("NBDASH_ARTIFACTS") or Path(__file__).resolve().parents[2] / "tmp" / "artifacts")
HERE = Path(__file__).resolve().parent


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: needs JupyterLab and Chromium (tests/browser)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.browser)
            if not Path(CHROMIUM).exists():
                item.add_marker(pytest.mark.skip(
                    reason=f"{CHROMIUM} not found: install Debian's Chromium (apt-get install -y chromium) "
                    "to run the browser tests"
                ))


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def lab() -> Iterator[LabServer]:
    server = LabServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch_chromium(p)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda m: console.append(f"[{m.type}] {m.text}"))
    page.on("pageerror", lambda e: console.append(f"[pageerror] {e}"))
    page.set_default_timeout(30_000)
    yield page
    failed = any(getattr(request.node, f"rep_{when}", None) is not None and getattr(request.node, f"rep_{when}").failed
                 for when in ("setup", "call"))  # fmt: skip
    if failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        stem = re.sub(r"[^\w.-]", "_", request.node.name)
        try:
            page.screenshot(path=str(ARTIFACTS / f"{stem}.png"), full_page=True)
        except Exception as exc:  # noqa: BLE001 - the artifact is a courtesy
            console.append(f"[screenshot failed] {exc}")
        (ARTIFACTS / f"{stem}.console.txt").write_text("\n".join(console))
        servers = [v for v in request.node.funcargs.values() if isinstance(v, _Server)]
        servers += [v.server for v in request.node.funcargs.values() if isinstance(getattr(v, "server", None), _Server)]
        for i, server in enumerate(dict.fromkeys(servers)):
            (ARTIFACTS / f"{stem}.server{i or ''}.log").write_text(server.log())
    context.close()


@pytest.fixture
def notebook(lab: LabServer, page: Any, request: pytest.FixtureRequest) -> Iterator[Notebook]:
    name = re.sub(r"[^\w-]", "_", request.node.name)[:60] + ".ipynb"
    nb = Notebook(lab, page, name).open()
    yield nb
    nb.close()


@pytest.fixture
def assets(notebook: Notebook) -> Iterator[Path]:
    """An ``assets/`` folder next to the test's notebook, removed afterwards (the Lab server, and so
    its root folder, is shared by every browser test)."""
    folder = notebook.server.root / "assets"
    folder.mkdir(exist_ok=True)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)
