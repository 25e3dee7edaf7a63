"""A real IPython kernel (jupyter_client) driven as JupyterLab drives it, for kernel-level tests.

:class:`Kernel` starts ``ipykernel`` in a subprocess with this checkout first on ``PYTHONPATH``, runs
cells with the ``cellId`` metadata JupyterLab puts in every execute request (that is how nbdash
knows a cell was re-run), reads results back as JSON printed by the cell, and stops the kernel on
exit. Used by ``tests/test_kernel.py`` and ``bench/bench_rerun.py``.
"""

from __future__ import annotations

import json
import os
import queue
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jupyter_client.manager import KernelManager

ROOT = Path(__file__).resolve().parent.parent

#: Kernel-side helper: counts of what a re-run could leak, as JSON on stdout.
COUNTS = """
import gc as _gc, json as _json, threading as _threading, resource as _resource
import nbdash as _nbdash, comm as _comm
def _nbdash_counts():
    _gc.collect()
    apps = [o for o in _gc.get_objects() if isinstance(o, _nbdash.Dash)]
    from nbdash._widget import AppWidget as _W, _displays
    widgets = [o for o in _gc.get_objects() if isinstance(o, _W)]
    return {
        "comms": len(_comm.get_comm_manager().comms),
        "apps": len(apps),
        "running_apps": sum(1 for a in apps if a._session is not None),
        "open_widgets": sum(1 for w in widgets if w.comm is not None),
        "displayed": len(_displays.by_app),
        "threads": _threading.active_count(),
        "rss_kb": _resource.getrusage(_resource.RUSAGE_SELF).ru_maxrss,
    }
"""


class Kernel:
    """One ipykernel subprocess; ``run(code, cell=...)`` executes a cell and returns its outputs."""

    def __init__(self, pythonpath: Path = ROOT) -> None:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join([str(pythonpath), str(ROOT / "tests"), env.get("PYTHONPATH", "")])
        self.km = KernelManager(kernel_name="python3")
        self.km.start_kernel(env=env, extra_arguments=[], cwd=str(ROOT))
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=60)

    def __enter__(self) -> Kernel:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)

    def alive(self) -> bool:
        return bool(self.km.is_alive())

    def run(self, code: str, *, cell: str | None = None, timeout: float = 60) -> dict[str, Any]:
        """Execute ``code`` as cell ``cell`` (a fresh execute request each time, as a re-run is).
        Returns {"status", "stdout", "stderr", "ename", "data": [display data...], "comms": [comm opens]}."""
        content = {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                   "allow_stdin": False, "stop_on_error": True}
        msg = self.kc.session.msg("execute_request", content, metadata={"cellId": cell or str(uuid.uuid4())})
        self.kc.shell_channel.send(msg)
        msg_id = msg["header"]["msg_id"]
        out: dict[str, Any] = {"stdout": "", "stderr": "", "data": [], "comm_open": []}
        while True:
            reply = self.kc.get_iopub_msg(timeout=timeout)
            if reply["parent_header"].get("msg_id") != msg_id:
                continue
            kind, c = reply["msg_type"], reply["content"]
            if kind == "stream":
                out[c["name"]] += c["text"]
            elif kind in ("display_data", "execute_result"):
                out["data"].append(c["data"])
            elif kind == "comm_open":
                out["comm_open"].append(c)
            elif kind == "error":
                out["ename"] = c["ename"]
                out["stderr"] += "\n".join(c["traceback"])
            elif kind == "status" and c["execution_state"] == "idle":
                break
        shell = self.kc.get_shell_msg(timeout=timeout)
        out["status"] = shell["content"]["status"]
        return out

    def comm_msg(self, comm_id: str, data: dict[str, Any], *, until: Callable[[list[dict[str, Any]]], bool],
                 timeout: float = 30) -> list[dict[str, Any]]:
        """A message from the page to a widget (what anywidget's ``model.send`` produces); returns
        the custom messages the widget sends from then on, once ``until(messages)`` holds. (Events
        run on the app's worker threads: their answers come after the kernel went idle.)"""
        self.post(comm_id, data)
        return self.collect(comm_id, until=until, timeout=timeout)

    def post(self, comm_id: str, data: dict[str, Any]) -> None:
        """Send a page message without waiting."""
        msg = self.kc.session.msg("comm_msg", {"comm_id": comm_id, "data": {"method": "custom", "content": data}})
        self.kc.shell_channel.send(msg)

    def collect(self, comm_id: str, *, until: Callable[[list[dict[str, Any]]], bool],
                timeout: float = 30) -> list[dict[str, Any]]:
        """Custom messages the widget on ``comm_id`` sends, until ``until(messages)`` holds."""
        deadline = time.monotonic() + timeout
        messages: list[dict[str, Any]] = []
        while not until(messages):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"no answer after {timeout} s; got {[m.get('type') for m in messages]}")
            try:
                reply = self.kc.get_iopub_msg(timeout=remaining)
            except queue.Empty:
                continue
            content = reply["content"]
            if (reply["msg_type"] == "comm_msg" and content.get("comm_id") == comm_id
                    and content["data"].get("method") == "custom"):
                messages.append(content["data"]["content"])
        return messages

    def value(self, expression: str, *, timeout: float = 60) -> Any:
        """Evaluate ``expression`` in the kernel; its JSON-printable value."""
        result = self.run(f"import json as _j; print(_j.dumps({expression}))", timeout=timeout)
        if result["status"] != "ok":
            raise RuntimeError(result["stderr"])
        return json.loads(result["stdout"].strip().splitlines()[-1])


def app_comm(result: dict[str, Any]) -> str:
    """The comm id of the nbdash widget a cell displayed (its comm_open among the cell's output)."""
    for opened in result["comm_open"]:
        state = opened["data"].get("state", {})
        if state.get("_model_name") == "AnyModel":
            return str(opened["comm_id"])
    raise LookupError(f"the cell displayed no nbdash widget: {result}")
