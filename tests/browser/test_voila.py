"""The same app in standalone Voila (``voila notebook.ipynb``): it renders, a click reaches the kernel
and the patch comes back, and the page's kernel websocket has TCP_NODELAY (nbdash's
``etc/jupyter/voila.json``, see nbdash/_server_extension.py). Each test starts its own Voila on
127.0.0.1 with a free port and stops it.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from typing import Any

import pytest
from lab_driver import VoilaServer
from test_lab import wait_text

APP = textwrap.dedent("""
    from nbdash import Dash, html, dcc, Input, Output, callback

    app = Dash(__name__)
    app.layout = html.Div([
        html.Button("Go", id="btn"),
        dcc.Input(id="name", value="Voila"),
        html.Div(id="out"),
    ])

    @callback(Output("out", "children"), Input("btn", "n_clicks"), Input("name", "value"))
    def show(n, name):
        return f"{name}: {n or 0}"

    app
""")


@pytest.fixture
def voila() -> Iterator[VoilaServer]:
    server = VoilaServer(probe=True).write(APP).start()
    yield server
    server.stop()


def test_an_app_renders_and_round_trips_in_voila(voila: VoilaServer, page: Any) -> None:
    page.goto(voila.url + "/", timeout=120_000)
    wait_text(page, ".nbdash-root #out", "Voila: 0")
    page.click(".nbdash-root #btn")
    wait_text(page, ".nbdash-root #out", "Voila: 1")
    page.fill(".nbdash-root #name", "typed")
    wait_text(page, ".nbdash-root #out", "typed: 1")
    page.click(".nbdash-root #btn")
    wait_text(page, ".nbdash-root #out", "typed: 2")
    records = voila.nodelay_records()
    assert records and set(records.values()) == {1}, records
