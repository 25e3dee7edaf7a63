"""Real Jupyter servers on 127.0.0.1 driven by Playwright with Debian's Chromium (jupyter-facts §1).

Used by the browser tests (``conftest.py``) and by ``bench/bench_widget.py``; no pytest here.

* :class:`LabServer` starts ``jupyter lab`` (or ``jupyter notebook`` / ``jupyter server``) with the
  token off, XSRF off, ``window.jupyterapp`` exposed and every ``JUPYTER_*`` / ``IPYTHONDIR`` folder
  in a temporary directory, so nothing from the machine's own Jupyter set-up leaks in; it stops the
  server (and its kernels) on ``stop()``. :class:`VoilaServer` does the same for standalone
  ``voila <notebook>``.
* Both install nbdash's server configuration into their temporary config folder exactly as a
  ``pip install nbdash`` does into ``etc/jupyter`` (``jupyter-config/``: the server extension
  turning TCP_NODELAY on), whatever way nbdash is installed in this environment (editable installs
  skip data files); ``nodelay=False`` starts them with ``--NbdashServer.tcp_nodelay=False``,
  ``skip_status=False`` with ``--NbdashServer.skip_comm_status=False``.
* ``probe=True`` adds :data:`PROBE_CONFIG`: every kernel websocket records the TCP_NODELAY option
  of its server-side socket, read back from the socket, in ``server.nodelay_records()``.
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
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip

#: The repo's copy of what ``pip install nbdash`` puts in ``etc/jupyter``.
JUPYTER_CONFIG = Path(__file__).resolve().parents[2] / "jupyter-config"

#: Server config recording, for every kernel websocket, whether its socket has TCP_NODELAY, read
#: from the socket itself when the connection starts (after nbdash's extension had its turn).
PROBE_CONFIG = """
import socket as _socket
from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection as _Connection
_connect = _Connection.connect
def _probed_connect(self):
    sock = self.websocket_handler.ws_connection.stream.socket
    with open({path!r}, "a") as f:
        f.write(f"{{self.kernel_id}} {{sock.getsockopt(_socket.IPPROTO_TCP, _socket.TCP_NODELAY)}}\\n")
    return _connect(self)
_Connection.connect = _probed_connect
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


class _Server:
    """A Jupyter server process in a throw-away configuration; ``url`` once started."""

    config_file = "jupyter_server_config.py"

    def __init__(self, *, nodelay: bool = True, probe: bool = False, server_config: str = "",
                 log: Path | None = None, skip_status: bool = True) -> None:  # fmt: skip
        """``server_config``: Python appended to the temporary server config file. ``nodelay`` /
        ``skip_status`` False switch off the extension's TCP_NODELAY / comm-status skipping."""
        self.nodelay = nodelay
        self.skip_status = skip_status
        self.home = Path(tempfile.mkdtemp(prefix="nbdash-jupyter-"))
        self.root = self.home / "notebooks"
        self.root.mkdir()
        self.probe_path = self.home / "nodelay.txt"
        self.server_config = (PROBE_CONFIG.format(path=str(self.probe_path)) if probe else "") + server_config
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log or self.home / "server.log"
        self._process: subprocess.Popen[bytes] | None = None

    def command(self) -> list[str]:
        raise NotImplementedError

    def ready_path(self) -> str:
        return "/api/status"

    def start(self, timeout: float = 60.0) -> Any:
        env = dict(os.environ)
        for name, sub in [("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_DATA_DIR", "data"),
                          ("JUPYTER_RUNTIME_DIR", "runtime"), ("IPYTHONDIR", "ipython"),
                          ("XDG_CACHE_HOME", "cache")]:  # fmt: skip  (cache: nbdash/_preload.py's record)
            env[name] = str(self.home / sub)
        env.pop("JUPYTER_PATH", None)
        config = self.home / "config"
        shutil.copytree(JUPYTER_CONFIG, config)  # as `pip install nbdash` does into etc/jupyter
        (config / self.config_file).write_text(self.server_config)
        settings = config / "lab" / "user-settings" / "@jupyterlab" / "apputils-extension"
        settings.mkdir(parents=True)
        (settings / "notification.jupyterlab-settings").write_text(
            json.dumps({"fetchNews": "false", "checkForUpdates": False})
        )
        command = self.command() + ([] if self.nodelay else ["--NbdashServer.tcp_nodelay=False"])
        command += [] if self.skip_status else ["--NbdashServer.skip_comm_status=False"]
        log = open(self.log_path, "wb")  # noqa: SIM115 - closed by the process' end
        self._process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                code = self._process.returncode
                raise RuntimeError(f"{command[2]} exited with {code}; log: {self.log_path}\n{self.log()}")
            try:
                with urllib.request.urlopen(f"{self.url}{self.ready_path()}", timeout=2):
                    return self
            except urllib.error.HTTPError:
                return self  # it answers
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"{command[2]} did not answer on {self.url} within {timeout} s; log: {self.log_path}")

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-5000:]
        except OSError:
            return ""

    def nodelay_records(self) -> dict[str, int]:
        """With ``probe=True``: kernel id → TCP_NODELAY of its (latest) websocket's server socket."""
        try:
            lines = self.probe_path.read_text().splitlines()
        except FileNotFoundError:
            return {}
        return {kernel: int(value) for kernel, value in (line.split() for line in lines)}

    def api(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f"{self.url}{path}", method=method, data=data)
        with urllib.request.urlopen(request, timeout=10) as response:
            raw = response.read()
        return json.loads(raw) if raw else None

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


class LabServer(_Server):
    """``jupyter lab`` (``app="notebook"``: Notebook 7, ``app="server"``: bare ``jupyter server``)."""

    def __init__(self, app: str = "lab", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.app = app

    def command(self) -> list[str]:
        module = {"lab": "jupyterlab", "notebook": "notebook", "server": "jupyter_server"}[self.app]
        options = [
            "--no-browser", "--ip=127.0.0.1", f"--port={self.port}", f"--ServerApp.root_dir={self.root}",
            "--IdentityProvider.token=", "--ServerApp.password=", "--ServerApp.disable_check_xsrf=True",
            "--allow-root",
        ]  # fmt: skip
        if self.app == "lab":
            options += ["--LabApp.expose_app_in_browser=True", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
        elif self.app == "notebook":
            options += ["--JupyterNotebookApp.expose_app_in_browser=True"]
        return [sys.executable, "-m", module, *options]


class VoilaServer(_Server):
    """Standalone ``voila <notebook>`` serving one notebook at ``url``; :meth:`write` it first."""

    config_file = "voila.py"

    def __init__(self, name: str = "app.ipynb", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.name = name

    def write(self, *cells: str) -> VoilaServer:
        """The notebook Voila will run: one code cell per string."""
        cell_list = [{"cell_type": "code", "source": c, "metadata": {}, "outputs": [], "execution_count": None}
                     for c in cells]  # fmt: skip
        kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
        notebook = {"cells": cell_list, "metadata": {"kernelspec": kernelspec}, "nbformat": 4, "nbformat_minor": 5}
        (self.root / self.name).write_text(json.dumps(notebook))
        return self

    def ready_path(self) -> str:
        return "/voila/labextensions/-"  # a 404 is an answer

    def command(self) -> list[str]:
        return [
            sys.executable, "-m", "voila", str(self.root / self.name), "--no-browser", f"--port={self.port}",
            "--Voila.ip=127.0.0.1", "--Voila.port_retries=0",
        ]  # fmt: skip

    def shutdown_kernels(self) -> None:
        """Voila ends its kernels itself when stopped."""


def launch_chromium(playwright: Any) -> Any:
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


class CellError(AssertionError):
    """A cell run in the test notebook raised; the message is the kernel's traceback."""


class Notebook:
    """A fresh notebook open in the page, with its own kernel: in JupyterLab, or in Notebook 7 when
    the server is ``LabServer("notebook")`` (its ``/notebooks/<name>`` page)."""

    def __init__(self, server: LabServer, page: Any, name: str) -> None:
        self.server, self.page, self.name = server, page, name
        kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
        notebook = {"cells": [], "metadata": {"kernelspec": kernelspec}, "nbformat": 4, "nbformat_minor": 5}
        (server.root / name).write_text(json.dumps(notebook))

    def open(self, timeout: float = 90.0) -> Notebook:
        page = self.page
        notebook7 = getattr(self.server, "app", "lab") == "notebook"
        page.goto(f"{self.server.url}/notebooks/{self.name}" if notebook7 else f"{self.server.url}/lab/tree/{self.name}?reset")
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

    def reopen(self, page: Any = None, timeout: float = 90.0) -> Notebook:
        """Save the notebook, then load it again with its kernel still running: a real reload of
        this page (``page.reload()``), or, given another ``page`` (a new tab), opened there in a
        workspace of its own (JupyterLab would redirect a second tab asking for the one in use) —
        this object then drives that page. Waits, like :meth:`open`, until the kernel is connected."""
        self.page.evaluate("async () => { await window.__panel().context.save(); }")  # no unsaved-changes prompt
        if page is None:
            self.page.reload()
        else:
            self.page = page
            page.goto(f"{self.server.url}/lab/workspaces/tab-{os.urandom(4).hex()}/tree/{self.name}?reset")
        self.page.wait_for_function("() => !!window.jupyterapp", timeout=timeout * 1000)
        self.page.evaluate(
            """(n) => { window.__panel = () => { for (const w of window.jupyterapp.shell.widgets('main'))
                                       if (w.context && w.context.path === n) return w; }; }""",
            self.name,
        )
        self.page.wait_for_function(
            """() => { const w = window.__panel && window.__panel();
                const k = w && w.sessionContext.session && w.sessionContext.session.kernel;
                return k && k.status === 'idle' && k.connectionStatus === 'connected'; }""",
            timeout=timeout * 1000,
        )
        return self

    def close(self) -> None:
        kernel_id = self.page.evaluate(
            "() => { const w = window.__panel && window.__panel(); const s = w && w.sessionContext.session;"
            " return s && s.kernel ? s.kernel.id : null; }"
        )
        if kernel_id:
            with contextlib.suppress(OSError):
                self.server.api("DELETE", f"/api/kernels/{kernel_id}")
