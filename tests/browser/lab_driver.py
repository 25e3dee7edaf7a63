"""A real JupyterLab on 127.0.0.1 driven by Playwright with Debian's Chromium (jupyter-facts §1).

Used by the browser tests (``conftest.py``) and by ``bench/bench_widget.py``; no pytest here.

* :class:`LabServer` starts ``jupyter lab`` with the token off, XSRF off, ``window.jupyterapp``
  exposed and every ``JUPYTER_*`` / ``IPYTHONDIR`` folder in a temporary directory, so nothing from
  the machine's own Jupyter set-up leaks in; it stops the server (and its kernels) on ``stop()``.
  :data:`NODELAY_CONFIG` is the server config that turns TCP_NODELAY on for kernel websockets
  (jupyter-facts §3), for benchmarks.
* :func:`launch_chromium` starts ``/usr/bin/chromium`` headless with the flags that work here.
* :class:`Notebook` opens a fresh notebook with ``?reset`` (no restored workspace, which would start
  old notebooks' kernels), waits for its kernel, runs code as new cells (resolving after the
  execute_reply) and shuts its kernel down when closed.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip

#: jupyter_server config turning Nagle off on kernel websockets (~40 ms less per reply, jupyter-facts §3).
NODELAY_CONFIG = """
from jupyter_server.services.kernels.websocket import KernelWebsocketHandler
_open = KernelWebsocketHandler.open
async def _open_nodelay(self, kernel_id):
    self.set_nodelay(True)
    return await _open(self, kernel_id)
KernelWebsocketHandler.open = _open_nodelay
"""

_RUN_CELL = """async (code) => {
  const app = window.jupyterapp, panel = window.__panel(), nb = panel.content;
  app.shell.activateById(panel.id);
  nb.activeCellIndex = nb.widgets.length - 1;
  if (nb.activeCell.model.sharedModel.getSource() !== '') await app.commands.execute('notebook:insert-cell-below');
  nb.activeCell.model.sharedModel.setSource(code);
  await app.commands.execute('notebook:run-cell');
  return nb.widgets[nb.widgets.length - 1].model.outputs.toJSON();
}"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LabServer:
    """``jupyter lab`` in a throw-away configuration; ``url`` once started."""

    def __init__(self, *, log: Path | None = None, server_config: str = "") -> None:
        """``server_config``: Python written to the temporary ``jupyter_server_config.py``."""
        self.server_config = server_config
        self.home = Path(tempfile.mkdtemp(prefix="nbdash-lab-"))
        self.root = self.home / "notebooks"
        self.root.mkdir()
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log or self.home / "server.log"
        self._process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 60.0) -> LabServer:
        env = dict(os.environ)
        for name, sub in [("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_DATA_DIR", "data"),
                          ("JUPYTER_RUNTIME_DIR", "runtime"), ("IPYTHONDIR", "ipython")]:  # fmt: skip
            env[name] = str(self.home / sub)
        env.pop("JUPYTER_PATH", None)
        settings = self.home / "config" / "lab" / "user-settings" / "@jupyterlab" / "apputils-extension"
        settings.mkdir(parents=True)
        (self.home / "config" / "jupyter_server_config.py").write_text(self.server_config)
        (settings / "notification.jupyterlab-settings").write_text(
            json.dumps({"fetchNews": "false", "checkForUpdates": False})
        )
        command = [
            sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={self.port}",
            f"--ServerApp.root_dir={self.root}", "--IdentityProvider.token=", "--ServerApp.password=",
            "--ServerApp.disable_check_xsrf=True", "--LabApp.expose_app_in_browser=True",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate", "--allow-root",
        ]  # fmt: skip
        log = open(self.log_path, "wb")  # noqa: SIM115 - closed by the process' end
        self._process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                code = self._process.returncode
                raise RuntimeError(f"jupyter lab exited with {code}; log: {self.log_path}\n{self.log()}")
            try:
                with urllib.request.urlopen(f"{self.url}/api/status", timeout=2):
                    return self
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"jupyter lab did not answer on {self.url} within {timeout} s; log: {self.log_path}")

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-5000:]
        except OSError:
            return ""

    def api(self, method: str, path: str) -> Any:
        request = urllib.request.Request(f"{self.url}{path}", method=method)
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self) -> None:
        for kernel in self.api("GET", "/api/kernels"):
            with contextlib.suppress(OSError):
                self.api("DELETE", f"/api/kernels/{kernel['id']}")

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            with contextlib.suppress(OSError):
                self.shutdown_kernels()
            os.killpg(self._process.pid, signal.SIGTERM)
            try:
                self._process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self._process.pid, signal.SIGKILL)
                self._process.wait(10)
        shutil.rmtree(self.home, ignore_errors=True)


def launch_chromium(playwright: Any) -> Any:
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


class CellError(AssertionError):
    """A cell run in the test notebook raised; the message is the kernel's traceback."""


class Notebook:
    """A fresh notebook open in the page, with its own kernel."""

    def __init__(self, server: LabServer, page: Any, name: str) -> None:
        self.server, self.page, self.name = server, page, name
        kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
        notebook = {"cells": [], "metadata": {"kernelspec": kernelspec}, "nbformat": 4, "nbformat_minor": 5}
        (server.root / name).write_text(json.dumps(notebook))

    def open(self, timeout: float = 90.0) -> Notebook:
        page = self.page
        page.goto(f"{self.server.url}/lab/tree/{self.name}?reset")
        page.wait_for_function("() => !!window.jupyterapp", timeout=timeout * 1000)
        page.evaluate(
            """(n) => { window.__panel = () => { for (const w of window.jupyterapp.shell.widgets('main'))
                                       if (w.context && w.context.path === n) return w; }; }""",
            self.name,
        )
        page.wait_for_function(
            """() => { const w = window.__panel && window.__panel();
                const k = w && w.sessionContext.session && w.sessionContext.session.kernel;
                return k && k.status === 'idle' && k.connectionStatus === 'connected'; }""",
            timeout=timeout * 1000,
        )
        return self

    def run(self, code: str) -> list[dict[str, Any]]:
        """Run ``code`` as a new cell; return its outputs. Raises :class:`CellError` if it raised."""
        outputs: list[dict[str, Any]] = self.page.evaluate(_RUN_CELL, code)
        for output in outputs:
            if output.get("output_type") == "error":
                raise CellError("\n".join(output.get("traceback", [])) or output.get("evalue", ""))
        return outputs

    def rerun(self, index: int = -1) -> list[dict[str, Any]]:
        """Run cell ``index`` again (same cell id, as a user re-running it); return its outputs."""
        outputs: list[dict[str, Any]] = self.page.evaluate(
            """async (index) => { const app = window.jupyterapp, panel = window.__panel(), nb = panel.content;
                app.shell.activateById(panel.id);
                nb.activeCellIndex = index < 0 ? nb.widgets.length + index : index;
                const cell = nb.activeCell;
                await app.commands.execute('notebook:run-cell');
                return cell.model.outputs.toJSON(); }""",
            index,
        )
        return outputs

    def close(self) -> None:
        kernel_id = self.page.evaluate(
            "() => { const w = window.__panel && window.__panel(); const s = w && w.sessionContext.session;"
            " return s && s.kernel ? s.kernel.id : null; }"
        )
        if kernel_id:
            with contextlib.suppress(OSError):
                self.server.api("DELETE", f"/api/kernels/{kernel_id}")
