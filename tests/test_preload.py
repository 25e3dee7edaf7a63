"""Library files pushed with an app's first display (nbdash/_preload.py): through the app's real
widget with a fake comm (tests/widget_page.py). What the page does with them (kept page-wide, run
at once, waited for, asked for when missing) is tested in tests/browser/test_libraries_in_lab.py."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import pytest
from widget_page import Browser, close_widgets

from nbdash import Dash, _preload, dash_table, html
from nbdash._libraries import library

COMMUNITY = "nbdash-asset://dash_ag_grid/async-community.js"
ENTERPRISE = "nbdash-asset://dash_ag_grid/async-enterprise.js"
TABLE = "nbdash-asset://dash/dash_table/async-table.js"


@pytest.fixture(autouse=True)
def _close() -> Iterator[None]:
    yield
    close_widgets()


def table_and_grid() -> Dash:
    app = Dash()
    app.layout = html.Div([
        dash_table.DataTable(id="t", data=[{"a": 1}], columns=[{"id": "a", "name": "A"}]),
        dag.AgGrid(id="g", rowData=[{"a": 1}], columnDefs=[{"field": "a"}]),
    ])
    return app


def pushed(b: Browser) -> list[tuple[dict[str, Any], list[Any]]]:
    return [(m, bufs) for m, bufs in zip(b.comm.sent, b.comm.buffers) if m["type"] == "asset" and m.get("push")]


def need(b: Browser, name: str) -> tuple[dict[str, Any], list[Any]]:
    before = len(b.comm.sent)
    b.post({"type": "need", "asset": name})
    i = next(i for i in range(before, len(b.comm.sent)) if b.comm.sent[i]["type"] == "asset")
    return b.comm.sent[i], b.comm.buffers[i]


def test_the_first_display_pushes_react_then_the_trees_libraries_as_announced_and_only_once() -> None:
    b = Browser(table_and_grid())
    announced = b.widget._nbdash_first["push"]
    assert announced == ["react", "library:dash_ag_grid", "library:dash_table"]
    assert pushed(b) == []  # nothing before the display
    b.widget._repr_mimebundle_()
    sent = pushed(b)
    assert [m["name"] for m, _ in sent] == announced
    assert all("error" not in m for m, _ in sent)
    # the same messages a page's `need` gets, with the same bytes
    for m, bufs in sent:
        answer, answer_bufs = need(b, m["name"])
        assert {k: v for k, v in m.items() if k != "push"} == answer
        assert [bytes(x) for x in bufs] == [bytes(x) for x in answer_bufs]
    b.widget._repr_mimebundle_()  # displayed again (another cell): nothing more
    assert len(pushed(b)) == len(announced)
    # a page that connected later asks, and gets, the same files
    msg, bufs = need(b, "library:dash_ag_grid")
    assert msg["namespace"] == "dash_ag_grid" and len(bufs[0]) > 1_000_000


def test_a_second_app_pushes_only_what_this_kernel_has_not_pushed_yet() -> None:
    first = Browser(table_and_grid())
    first.widget._repr_mimebundle_()
    app = Dash()
    app.layout = html.Div([dash_table.DataTable(id="t2", data=[]), dbc.Button("b", id="b")])
    second = Browser(app)
    assert second.widget._nbdash_first["push"] == ["library:dash_bootstrap_components"]
    second.widget._repr_mimebundle_()
    assert [m["name"] for m, _ in pushed(second)] == ["library:dash_bootstrap_components"]
    third = Browser(table_and_grid())
    assert "push" not in third.widget._nbdash_first
    third.widget._repr_mimebundle_()
    assert pushed(third) == []


def test_an_app_without_libraries_pushes_nothing() -> None:
    app = Dash()
    app.layout = html.Div([html.P("hi")])
    b = Browser(app)
    b.widget._repr_mimebundle_()
    assert "push" not in b.widget._nbdash_first and pushed(b) == []
    assert all(m["type"] != "asset" for m in b.comm.sent)


def kernel(path: Path) -> _preload.Preloads:
    """A fresh kernel's record of pushes, learning into ``path``."""
    return _preload.Preloads(_preload.ChunkRecord(path))


def test_chunks_pages_asked_for_are_pushed_by_later_kernels(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "chunks.json"
    monkeypatch.setattr(_preload, "preloads", kernel(path))
    b = Browser(table_and_grid())
    assert b.widget._nbdash_first["push"] == ["react", "library:dash_ag_grid", "library:dash_table"]  # nothing learned
    b.widget._repr_mimebundle_()
    need(b, f"chunk:{COMMUNITY}")
    need(b, f"chunk:{TABLE}")
    assert need(b, "chunk:nbdash-asset://dash/__init__.py")[0]["error"]  # refused: teaches nothing
    close_widgets()

    monkeypatch.setattr(_preload, "preloads", kernel(path))  # the next kernel
    b = Browser(table_and_grid())
    assert b.widget._nbdash_first["push"] == [
        "react", "library:dash_ag_grid", f"chunk:{COMMUNITY}", "library:dash_table", f"chunk:{TABLE}",
    ]
    b.widget._repr_mimebundle_()
    sent = {m["name"]: bufs for m, bufs in pushed(b)}
    assert bytes(sent[f"chunk:{COMMUNITY}"][0]) == bytes(need(b, f"chunk:{COMMUNITY}")[1][0])
    assert len(sent[f"chunk:{COMMUNITY}"][0]) > 500_000
    recorded = json.loads(path.read_text())["libraries"]
    assert recorded["dash_ag_grid"]["sessions"] == [[COMMUNITY]]


def test_a_chunk_is_pushed_only_if_every_recent_session_asked_for_it(tmp_path: Path) -> None:
    path = tmp_path / "chunks.json"
    grid = library("dash_ag_grid")
    f_community = _preload._lazy_file(COMMUNITY, grid)
    f_enterprise = _preload._lazy_file(ENTERPRISE, grid)
    assert f_community is not None and f_enterprise is not None

    def session(*urls: str) -> list[str]:
        k = kernel(path)
        plan = k.plan(["dash_ag_grid"])
        for url in urls:
            if f"chunk:{url}" not in plan:
                k.asked(f"chunk:{url}")
        return [n for n in plan if n.startswith("chunk:")]

    assert session(COMMUNITY) == []  # nothing learned yet
    assert session(COMMUNITY, ENTERPRISE) == [f"chunk:{COMMUNITY}"]  # community pushed, enterprise asked
    # one session with an enterprise grid does not make every later one push 3.5 MB
    assert session(COMMUNITY) == [f"chunk:{COMMUNITY}"]
    assert session(COMMUNITY, ENTERPRISE) == [f"chunk:{COMMUNITY}"]
    assert session(COMMUNITY, ENTERPRISE) == [f"chunk:{COMMUNITY}"]
    # the last three sessions all asked for it: now it is pushed
    assert session(COMMUNITY, ENTERPRISE) == [f"chunk:{COMMUNITY}", f"chunk:{ENTERPRISE}"]
    # a session that got everything pushed and asked for nothing keeps the record as it was
    assert session() == [f"chunk:{COMMUNITY}", f"chunk:{ENTERPRISE}"]
    sessions = json.loads(path.read_text())["libraries"]["dash_ag_grid"]["sessions"]
    assert len(sessions) == _preload.ChunkRecord.SESSIONS


def test_the_record_is_only_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "chunks.json"
    grid = library("dash_ag_grid")
    key = _preload._version_key(grid)
    # files a library does not list as lazy, another version's record, garbage: nothing pushed
    path.write_text(json.dumps({"version": 1, "libraries": {"dash_ag_grid": {"key": key, "sessions": [[
        "nbdash-asset://dash_ag_grid/dash_ag_grid.min.js", "nbdash-asset://dash/__init__.py", "file:///etc/passwd",
        "nbdash-asset://dash_ag_grid/../../x.js", 42,
    ]]}}}))
    assert kernel(path).plan(["dash_ag_grid"]) == ["react", "library:dash_ag_grid"]
    path.write_text(json.dumps({"version": 1, "libraries": {"dash_ag_grid": {"key": "dash_ag_grid 0.0.1", "sessions": [[COMMUNITY]]}}}))
    assert kernel(path).plan(["dash_ag_grid"]) == ["react", "library:dash_ag_grid"]
    for garbage in ("not json", "[]", '{"libraries": [1]}', '{"libraries": {"dash_ag_grid": {"key": 1, "sessions": 2}}}'):
        path.write_text(garbage)
        assert kernel(path).plan(["dash_ag_grid"]) == ["react", "library:dash_ag_grid"]
    # a cache folder that cannot be written: nothing learned, no error
    blocked = tmp_path / "file"
    blocked.write_text("")
    k = kernel(blocked / "chunks.json")
    k.plan(["dash_ag_grid"])
    k.asked(f"chunk:{COMMUNITY}")
    assert kernel(blocked / "chunks.json").plan(["dash_ag_grid"]) == ["react", "library:dash_ag_grid"]
    # unknown namespaces and nbdash's own html/dcc are never pushed
    assert kernel(path).plan(["dash_html_components", "dash_core_components", "no_such_library"]) == []


def test_in_a_kernel_the_pushes_follow_the_display_message_of_the_cell(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The page renders the view first (its display message), then the bytes arrive without a
    request; they are all out before the kernel goes idle (before it can answer the view's hello)."""
    import uuid

    from kernel_session import Kernel

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))  # the kernel's learned record: empty

    def cell(k: Kernel, code: str) -> list[tuple[str, Any]]:
        msg = k.kc.session.msg("execute_request", {"code": code, "silent": False, "store_history": True,
                               "user_expressions": {}, "allow_stdin": False, "stop_on_error": True},
                               metadata={"cellId": str(uuid.uuid4())})  # fmt: skip
        k.kc.shell_channel.send(msg)
        seen: list[tuple[str, Any]] = []
        while True:
            reply = k.kc.get_iopub_msg(timeout=60)
            if reply["parent_header"].get("msg_id") != msg["header"]["msg_id"]:
                continue
            kind, content = reply["msg_type"], reply["content"]
            if kind == "status" and content["execution_state"] == "idle":
                return seen
            if kind == "comm_msg" and content["data"].get("method") == "custom":
                seen.append(("custom", content["data"]["content"]))
            elif kind == "comm_open":
                seen.append(("comm_open", content["data"].get("state", {}).get("_nbdash_first", {})))
            elif kind in ("execute_result", "display_data", "error"):
                seen.append((kind, content))

    code = ("from nbdash import Dash, html, dash_table\napp{n} = Dash()\n"
            "app{n}.layout = html.Div([dash_table.DataTable(id='t', data=[{{'a': 1}}]), html.P('after')])\n"
            "display(app{n})\nprint('the cell goes on')\n")  # fmt: skip
    with Kernel() as k:
        seen = cell(k, code.format(n=1))
        kinds = [kind for kind, _ in seen]
        assert "error" not in kinds, seen
        announced = next(first for kind, first in seen if kind == "comm_open" and first.get("push"))["push"]
        assert announced == ["react", "library:dash_table"]
        display = kinds.index("display_data")
        pushed = [(i, m["name"]) for i, (kind, m) in enumerate(seen) if kind == "custom" and m.get("push")]
        assert [name for _, name in pushed] == announced
        assert all(i > display for i, _ in pushed)  # after the display message
        # a second app with the same library: nothing announced, nothing pushed
        seen = cell(k, code.format(n=2))
        assert not [m for kind, m in seen if kind == "custom" and m.get("push")]
        assert all("push" not in first for kind, first in seen if kind == "comm_open")
