"""Fixtures for every test: each test starts with an empty "browser storage" for persistence.

The kernel's copy of the browser's persistence records (``nbdash._persistence.BROWSER``) and the
library defaults pages reported live for the whole process, like a browser's localStorage; a test
that edits a persisted component must not hand its edits to the next test's app.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from nbdash import _persistence


@pytest.fixture(autouse=True)
def _fresh_persistence_storage() -> Iterator[None]:
    defaults = dict(_persistence._LIBRARY_DEFAULTS)
    _persistence.BROWSER.clear()
    yield
    _persistence.BROWSER.clear()
    _persistence._LIBRARY_DEFAULTS.clear()
    _persistence._LIBRARY_DEFAULTS.update(defaults)
