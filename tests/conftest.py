"""Fixtures for every test: each test starts with an empty "browser storage" for persistence, and
in-process widgets wait an hour (not 10 ms) before announcing loading outputs.

The grace: a test that counts the messages a quick callback sends must not see "loading" messages
because a loaded machine stretched the callback past 10 ms. Tests of the announcement itself use
``no_grace`` (announce at once) or the ``real_grace`` marker (the shipped 10 ms).

The kernel's record of assets pushed to pages (nbdash/_preload.py) starts empty in each test and
learns chunks into a temporary file.

The kernel's copy of the browser's persistence records (``nbdash._persistence.BROWSER``) and the
library defaults pages reported live for the whole process, like a browser's localStorage; a test
that edits a persisted component must not hand its edits to the next test's app.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from nbdash import _persistence, _preload
from nbdash._widget import AppWidget


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "real_grace: keep the widget's shipped loading grace (10 ms)")


@pytest.fixture(autouse=True)
def _long_loading_grace(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    if request.node.get_closest_marker("real_grace") is None:
        monkeypatch.setattr(AppWidget, "loading_grace", 3600.0)


@pytest.fixture(autouse=True)
def _fresh_persistence_storage() -> Iterator[None]:
    defaults = dict(_persistence._LIBRARY_DEFAULTS)
    _persistence.BROWSER.clear()
    yield
    _persistence.BROWSER.clear()
    _persistence._LIBRARY_DEFAULTS.clear()
    _persistence._LIBRARY_DEFAULTS.update(defaults)


@pytest.fixture(autouse=True)
def _fresh_preloads(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test's kernel pushes as a fresh kernel would, and learns chunks into a file of its own
    (never the user's cache folder): nbdash/_preload.py."""
    record = _preload.ChunkRecord(tmp_path_factory.mktemp("nbdash-cache") / "chunks.json")
    monkeypatch.setattr(_preload, "preloads", _preload.Preloads(record))
