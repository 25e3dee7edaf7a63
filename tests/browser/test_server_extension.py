"""nbdash's jupyter-server extension (nbdash/_server_extension.py) in real servers: TCP_NODELAY is
on for kernel websockets when nbdash's shipped config (``jupyter-config/``, what ``pip install``
puts in ``etc/jupyter``) is present — JupyterLab, Notebook 7, ``jupyter server`` and standalone
Voila — and off with ``NbdashServer.tcp_nodelay=False``.

The servers record the option as read back from each kernel websocket's server-side socket
(``lab_driver.PROBE_CONFIG``); the websocket is opened from Python, no browser needed. The latency
this buys is measured by ``bench/bench_widget.py``.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from lab_driver import JUPYTER_CONFIG, LabServer, VoilaServer
from tornado.websocket import websocket_connect
from traitlets.config import Config

from nbdash import _server_extension
from nbdash._server_extension import CONFIG_FILES, with_nodelay


def connect_websocket(server: Any, kernel: str) -> int:
    """Open (and close) a websocket on the kernel's channels; the TCP_NODELAY the server saw."""

    async def connect() -> None:
        ws = await websocket_connect(f"ws://127.0.0.1:{server.port}/api/kernels/{kernel}/channels?session_id=t")
        ws.close()

    # its own thread: Playwright's sync API may already run an event loop in this one
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, connect()).result(timeout=30)
    deadline = time.monotonic() + 30
    while kernel not in server.nodelay_records() and time.monotonic() < deadline:
        time.sleep(0.05)
    return server.nodelay_records()[kernel]


@pytest.fixture
def lab(request: pytest.FixtureRequest) -> Iterator[LabServer]:
    app, nodelay = request.param
    started = LabServer(app, nodelay=nodelay, probe=True).start()
    yield started
    started.stop()


@pytest.mark.parametrize("lab", [("lab", True), ("notebook", True), ("server", True)], indirect=True,
                         ids=["jupyterlab", "notebook7", "jupyter-server"])  # fmt: skip
def test_kernel_websockets_get_tcp_nodelay(lab: LabServer) -> None:
    kernel = lab.api("POST", "/api/kernels", {"name": "python3"})["id"]
    assert connect_websocket(lab, kernel) == 1
    assert "nbdash: TCP_NODELAY on for kernel websockets (ZMQChannelsWebsocketConnection)" in lab.log()


@pytest.mark.parametrize("lab", [("lab", False)], indirect=True, ids=["jupyterlab"])
def test_the_switch_leaves_nagle_on(lab: LabServer) -> None:
    kernel = lab.api("POST", "/api/kernels", {"name": "python3"})["id"]
    assert connect_websocket(lab, kernel) == 0
    assert "TCP_NODELAY left off for kernel websockets (NbdashServer.tcp_nodelay=False)" in lab.log()


def page_config(server: LabServer, path: str) -> dict[str, Any]:
    """The ``jupyter-config-data`` a JupyterLab / Notebook 7 page is served with."""
    with urllib.request.urlopen(server.url + path, timeout=60) as response:
        html = response.read().decode()
    found = re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', html, re.S)
    assert found, f"no page config in {path}"
    return json.loads(found.group(1))  # type: ignore[no-any-return]


@pytest.mark.parametrize("lab", [("lab", True), ("notebook", True)], indirect=True, ids=["jupyterlab", "notebook7"])
def test_pages_skip_kernel_status_for_comm_messages(lab: LabServer) -> None:
    path = "/lab" if lab.app == "lab" else "/tree"
    untracked = page_config(lab, path)["untracked_message_types"]
    assert "comm_msg" in untracked and "status" in untracked  # added to the server's list, not replacing it
    assert "pages skip kernel status for comm messages" in lab.log()


def test_the_switch_keeps_kernel_status_for_comm_messages() -> None:
    server = LabServer("lab", skip_status=False).start()
    try:
        untracked = page_config(server, "/lab")["untracked_message_types"]
        assert "comm_msg" not in untracked and "status" in untracked
    finally:
        server.stop()


@pytest.mark.parametrize("nodelay", [True, False], ids=["on", "off"])
def test_standalone_voila_gets_it_from_voila_json_and_honours_the_switch(nodelay: bool) -> None:
    server = VoilaServer(nodelay=nodelay, probe=True).write("print('hi')").start()
    try:
        with urllib.request.urlopen(server.url + "/", timeout=60) as response:  # runs the notebook
            page = response.read().decode()
        kernel = re.findall(r"kernelId[^0-9a-f]{0,10}([0-9a-f-]{36})", page)[0]
        assert connect_websocket(server, kernel) == int(nodelay)
    finally:
        server.stop()


# -- the pieces, without a server ---------------------------------------------------------------
def test_the_shipped_config_files_are_the_modules_own() -> None:
    shipped = {str(p.relative_to(JUPYTER_CONFIG)): json.loads(p.read_text())
               for p in Path(JUPYTER_CONFIG).rglob("*.json")}  # fmt: skip
    assert shipped == CONFIG_FILES


def test_the_enable_command_writes_what_a_wheel_installs(tmp_path: Path) -> None:
    assert _server_extension.main(["enable", str(tmp_path)]) == 0
    for name, content in CONFIG_FILES.items():
        assert json.loads((tmp_path / "etc" / "jupyter" / name).read_text()) == content
    assert _server_extension.main(["disable", str(tmp_path)]) == 0
    assert not any((tmp_path / "etc" / "jupyter" / name).exists() for name in CONFIG_FILES)


class FakeConnection:
    """Stands in for jupyter_server's connection class: records what connect() saw."""

    def __init__(self, family: int = 2) -> None:  # AF_INET
        self.config = Config()
        self.log = SimpleNamespace(debug=lambda *a: None)
        self.calls: list[str] = []
        stream = SimpleNamespace(socket=SimpleNamespace(family=family))
        self.websocket_handler = SimpleNamespace(
            ws_connection=SimpleNamespace(stream=stream), set_nodelay=lambda on: self.calls.append(f"nodelay {on}")
        )

    def connect(self) -> str:
        self.calls.append("connect")
        return "future"


def test_the_connection_turns_nagle_off_before_connecting_and_wraps_once() -> None:
    cls = with_nodelay(FakeConnection)
    assert with_nodelay(cls) is cls and issubclass(cls, FakeConnection)
    conn = cls()
    assert conn.connect() == "future" and conn.calls == ["nodelay True", "connect"]
    unix = cls(family=1)  # AF_UNIX: no Nagle to turn off
    unix.connect()
    assert unix.calls == ["connect"]
    off = cls()
    off.config = Config({"NbdashServer": {"tcp_nodelay": False}})
    off.connect()
    assert off.calls == ["connect"]


def test_loading_the_extension_wraps_the_configured_connection_class() -> None:
    settings: dict[str, Any] = {"kernel_websocket_connection_class": FakeConnection}
    logged: list[str] = []
    app = SimpleNamespace(web_app=SimpleNamespace(settings=settings), config=Config(),
                          log=SimpleNamespace(info=lambda msg, *a: logged.append(msg % a)))  # fmt: skip
    _server_extension._load_jupyter_server_extension(app)
    _server_extension._load_jupyter_server_extension(app)
    wrapped = settings["kernel_websocket_connection_class"]
    assert wrapped.__bases__ == (FakeConnection,)
    assert "TCP_NODELAY on for kernel websockets (FakeConnection)" in logged[0]


def test_comm_status_skipping_changes_only_the_page_config() -> None:
    """Activity tracking (the kernel manager's list, read by idle culling) is left alone; applying it
    again (load, then start) adds the entry once; a page config another extension rewrote gets it back."""
    server_list = ["status", "stream"]
    settings: dict[str, Any] = {}
    app = SimpleNamespace(web_app=SimpleNamespace(settings=settings), config=Config(),
                          kernel_manager=SimpleNamespace(untracked_message_types=server_list))  # fmt: skip
    assert _server_extension.skip_comm_status(app)
    assert _server_extension.skip_comm_status(app)
    assert settings["page_config_data"]["untracked_message_types"] == ["status", "stream", "comm_msg"]
    assert server_list == ["status", "stream"]
    settings["page_config_data"]["untracked_message_types"] = ["status"]  # e.g. Notebook 7 loading after nbdash
    assert _server_extension.skip_comm_status(app)
    assert settings["page_config_data"]["untracked_message_types"] == ["status", "comm_msg"]
    off = SimpleNamespace(web_app=SimpleNamespace(settings={}), config=Config({"NbdashServer": {"skip_comm_status": False}}))
    assert not _server_extension.skip_comm_status(off)
    assert "page_config_data" not in off.web_app.settings

