"""Time to first app: a displayed app's widget carries the loaded tree in its initial state, so a view
renders at once instead of waiting for the answer to its hello (which, during a Run All, waits behind
the next cells). ``bench/bench_first_app.py`` measures the effect in JupyterLab."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.test_driver_session import greeting_app
from tests.widget_page import Browser, close_widgets


@pytest.fixture(autouse=True)
def _close_widgets() -> Iterator[None]:
    yield
    close_widgets()


def test_the_widget_is_created_with_the_loaded_tree_so_a_view_renders_at_once() -> None:
    """Time to first app: the first tree travels in the widget's initial state (no hello round trip,
    which waits behind the next cells during a Run All); the first hello empties it."""
    from nbdash._protocol import PROTOCOL_VERSION

    app = greeting_app()
    b = Browser(app)
    first = b.widget._nbdash_first
    assert first["protocol"] == PROTOCOL_VERSION
    assert first["tree"]["props"]["children"][1]["props"]["children"] == "Hello, world!"  # initial callbacks ran
    assert "_nbdash_first" in b.widget.get_state()  # synced: part of the comm_open state
    b.hello()
    assert b.widget._nbdash_first == {}
