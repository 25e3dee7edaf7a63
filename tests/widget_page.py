"""A front end without a browser, for kernel-side tests of the app's widget (nbdash/_widget.py).

The app's real widget gets a :class:`FakeComm` in place of the kernel comm: what the widget sends is
recorded (``comm.sent``), and messages from the "browser" enter through ipywidgets' real entry point
(``_handle_msg``), so validation and routing are exactly what a page's messages meet. The browser
half is tested in ``tests/browser/``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from nbdash import Dash
from nbdash._protocol import PROTOCOL_VERSION
from nbdash._widget import _displays, widget_for


class FakeComm:
    """Records custom messages the widget sends; ``closed`` after ``close()``."""

    def __init__(self, comm_id: str) -> None:
        self.comm_id = comm_id
        self.sent: list[dict[str, Any]] = []
        self.buffers: list[list[Any]] = []
        self.closed = False

    def send(self, data: Any = None, metadata: Any = None, buffers: Any = None) -> None:
        if data and data.get("method") == "custom":
            self.sent.append(data["content"])
            self.buffers.append(list(buffers or []))

    def close(self, *args: Any, **kwargs: Any) -> None:
        self.closed = True

    def on_msg(self, callback: Any) -> None:
        """ipywidgets registers its handler here; messages are posted with :func:`post`."""

    def of_type(self, kind: str) -> list[dict[str, Any]]:
        return [m for m in list(self.sent) if m.get("type") == kind]


def post(widget: Any, message: dict[str, Any]) -> None:
    """A message from the browser, through ipywidgets' real entry point; returns once the app's
    event workers have handled it (events are posted to them, see nbdash._dispatch)."""
    widget._handle_msg({"content": {"data": {"method": "custom", "content": message}}, "buffers": []})
    dispatcher, deadline = widget.app._dispatcher, time.monotonic() + 10
    while dispatcher is not None and dispatcher.unfinished and time.monotonic() < deadline:
        time.sleep(0.0002)


class Browser:
    """One app's widget with a fake comm, driven like a front end would."""

    def __init__(self, app: Dash) -> None:
        self.app = app
        self.widget = widget_for(app)
        self.comm = FakeComm(self.widget.model_id)
        self.widget.comm = self.comm

    def post(self, message: dict[str, Any]) -> None:
        post(self.widget, message)

    def hello(self, view: str = "v1", protocol: int = PROTOCOL_VERSION) -> dict[str, Any]:
        before = len(self.comm.sent)
        self.post({"type": "hello", "protocol": protocol, "view": view})
        answer = [m for m in self.comm.sent[before:] if m.get("type") in ("tree", "mismatch")]
        return answer[-1] if answer else self.comm.sent[-1]

    def event(self, id_: str, props: dict[str, Any], *, view: str = "v1", seq: int = 1) -> list[dict[str, Any]]:
        before = len(self.comm.sent)
        self.post({"type": "event", "view": view, "seq": seq, "id": id_, "props": props})
        return self.comm.sent[before:]


def close_widgets(make_comm: Callable[[str], Any] = FakeComm) -> None:
    """Close every app widget a test left open (with a fresh fake comm, so nothing reaches a kernel)."""
    for widget in list(_displays.by_app.values()):
        widget.comm = make_comm(widget.model_id)
        widget.close()
