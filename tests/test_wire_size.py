"""Bytes on the wire for a one-prop change (issue target: the nbdash message ≤ 300 bytes).

No browser and no kernel: the app's real widget sends through ipywidgets' ``Widget.send`` into a
:class:`comm.base_comm.BaseComm` whose ``publish_msg`` does what ipykernel's comm does — builds the
``comm_msg`` with a real ``jupyter_client.session.Session`` and serialises it — so the bytes counted
are the ones the kernel would put on iopub. Speed is measured in ``bench/bench_widget.py``, not here
(``--breakdown`` prints the same figures from a real page: payload, websocket frame, exchange).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from comm.base_comm import BaseComm
from jupyter_client.session import Session, json_packer

from nbdash import ALL, Dash, Input, Output, dcc, html
from nbdash._protocol import PROTOCOL_VERSION
from nbdash._widget import widget_for
from widget_page import close_widgets, post

#: The issue's limit for the nbdash message of a one-prop change.
LIMIT = 300


class WireComm(BaseComm):
    """A comm that serialises every message the way ipykernel's ``Comm.publish_msg`` does and keeps
    the iopub frames instead of sending them."""

    def __init__(self, comm_id: str) -> None:
        self.session = Session(key=b"nbdash-test-key")
        self.frames: list[list[bytes]] = []
        self.messages: list[dict[str, Any]] = []
        super().__init__(comm_id=comm_id, primary=False)

    def publish_msg(self, msg_type: str, data: Any = None, metadata: Any = None, buffers: Any = None,
                    **keys: Any) -> None:  # fmt: skip
        content = dict(data=data or {}, comm_id=self.comm_id, **keys)
        msg = self.session.msg(msg_type, content=content, metadata=metadata or {})
        self.messages.append(msg)
        self.frames.append(self.session.serialize(msg))

    def custom(self) -> list[dict[str, Any]]:
        """The nbdash messages sent so far (the ``content`` of each custom comm message)."""
        return [m["content"]["data"]["content"] for m in self.messages if m["content"]["data"].get("method") == "custom"]


def payload_bytes(message: dict[str, Any]) -> int:
    """The nbdash message as the kernel encodes it (jupyter_client's JSON packer)."""
    return len(json_packer(message))


def content_bytes(comm: WireComm, index: int) -> int:
    """The whole ``comm_msg`` content part (``comm_id`` and the ``custom`` wrapper around the payload)."""
    return len(comm.frames[index][-1])


@pytest.fixture(autouse=True)
def _close_widgets() -> Iterator[None]:
    yield
    close_widgets(WireComm)


def connect(app: Dash) -> tuple[Any, WireComm]:
    widget = widget_for(app)
    comm = WireComm(widget.model_id)
    widget.comm = comm
    post(widget, {"type": "hello", "protocol": PROTOCOL_VERSION, "view": "v1a2b3c4"})
    return widget, comm


def click(widget: Any, comm: WireComm, id_: Any, seq: int) -> list[tuple[dict[str, Any], int]]:
    """Click ``id_``; return the messages it caused, with the index of each in ``comm.messages``."""
    before = len(comm.messages)
    post(widget, {"type": "event", "view": "v1a2b3c4", "seq": seq, "id": id_,
                  "props": {"n_clicks": seq, "n_clicks_timestamp": 1732345678901 + seq}})  # fmt: skip
    return [(m["content"]["data"]["content"], before + i) for i, m in enumerate(comm.messages[before:])]


def span_app() -> Dash:
    app = Dash(__name__)
    app.layout = html.Div([html.Button("Go", id="btn"), html.Span(id="out")])

    @app.callback(Output("out", "children"), Input("btn", "n_clicks"))
    def clicked(n: int | None) -> str:
        return f"clicked {n}"

    return app


def test_a_click_changing_one_prop_sends_one_patch_of_at_most_300_bytes() -> None:
    widget, comm = connect(span_app())
    sent = click(widget, comm, "btn", 1)
    assert [m["type"] for m, _ in sent] == ["patch"]
    (patch, index), = sent
    # the changed output, plus the click itself echoed for the app's other views (the view that
    # clicked ignores it: `origin`)
    assert patch["changes"] == {"btn": {"n_clicks": 1, "n_clicks_timestamp": 1732345678902},
                                "out": {"children": "clicked 1"}}  # fmt: skip
    assert patch["origin"] == {"view": "v1a2b3c4", "seq": 1}
    size = payload_bytes(patch)
    assert size <= LIMIT, f"one-prop patch is {size} bytes: {json_packer(patch).decode()}"
    # the comm wrapper (comm_id, "method": "custom") adds a fixed amount, not a copy of the payload
    assert content_bytes(comm, index) < size + 120


def test_many_clicks_keep_each_patch_the_same_size_independent_of_the_layout_size() -> None:
    app = span_app()
    app.layout = html.Div([html.Button("Go", id="btn"), html.Span(id="out")]
                          + [html.Div(f"item {i}", id=f"item-{i}") for i in range(2000)])  # fmt: skip
    widget, comm = connect(app)
    sizes = [payload_bytes(click(widget, comm, "btn", seq)[0][0]) for seq in range(1, 50)]
    assert max(sizes) <= LIMIT
    assert max(sizes) - min(sizes) <= 4  # n_clicks, seq, the patch number n and "clicked N" each gain a digit


def test_a_kernel_side_change_of_one_prop_is_at_most_300_bytes() -> None:
    app = span_app()
    _, comm = connect(app)
    before = len(comm.messages)
    app.set_props("out", {"children": "from the kernel"})
    (patch,) = [m["content"]["data"]["content"] for m in comm.messages[before:]]
    assert patch == {"type": "patch", "changes": {"out": {"children": "from the kernel"}}, "origin": None,
                     "n": patch["n"]}  # fmt: skip
    assert payload_bytes(patch) <= LIMIT


def test_a_pattern_matching_one_prop_change_is_at_most_300_bytes() -> None:
    app = Dash(__name__)
    app.layout = html.Div([
        html.Button("Go", id={"type": "btn", "index": 1}),
        dcc.Input(id={"type": "field", "index": 1}, value=""),
    ])

    @app.callback(Output({"type": "field", "index": ALL}, "value"), Input({"type": "btn", "index": ALL}, "n_clicks"))
    def fill(clicks: list[int | None]) -> list[str]:
        return [f"clicked {clicks[0]}"]

    widget, comm = connect(app)
    sent = click(widget, comm, '{"index":1,"type":"btn"}', 1)
    (patch, _), = sent
    assert patch["changes"]['{"index":1,"type":"field"}'] == {"value": "clicked 1"}
    assert payload_bytes(patch) <= LIMIT
