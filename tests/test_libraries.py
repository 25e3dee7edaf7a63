"""Delivery of component libraries and app assets to the page (nbdash/_libraries.py, _assets.py,
_page.py), through the app's real widget with a fake comm (tests/widget_page.py). The browser half
(running the bundles, islands, scoped CSS) is tested in tests/browser/test_libraries_in_lab.py."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from widget_page import Browser, close_widgets

from nbdash import ALL, Dash, Input, Output, html
from nbdash._libraries import LibraryError, chunk, library, react_files


@pytest.fixture(autouse=True)
def _close() -> Iterator[None]:
    yield
    close_widgets()


def need(b: Browser, name: str) -> tuple[dict[str, Any], list[Any]]:
    before = len(b.comm.sent)
    b.post({"type": "need", "asset": name})
    i = next(i for i in range(before, len(b.comm.sent)) if b.comm.sent[i]["type"] == "asset")
    return b.comm.sent[i], b.comm.buffers[i]


def test_a_librarys_eager_files_come_from_its_js_dist_and_lazy_ones_stay_back() -> None:
    import dash_ag_grid  # noqa: F401
    from dash import dash_table  # noqa: F401

    table = library("dash_table")
    assert [(f.package, f.path) for f in table.eager] == [("dash", "dash_table/bundle.js")]
    assert {f.path for f in table.lazy} >= {"dash_table/async-table.js", "dash_table/async-highlight.js"}
    grid = library("dash_ag_grid")
    assert [f.path for f in grid.eager] == ["dash_ag_grid.min.js"]
    assert {f.path for f in grid.lazy} >= {"async-community.js", "async-enterprise.js"}
    assert grid.metadata()["files"] == [{"url": "nbdash-asset://dash_ag_grid/dash_ag_grid.min.js", "kind": "js"}]
    assert [f.path for f in react_files()] == [
        "deps/polyfill@7.12.1.min.js", "deps/react@18.3.1.min.js", "deps/react-dom@18.3.1.min.js", "deps/prop-types@15.8.1.min.js"
    ]


def test_libraries_whose_classes_set_the_namespace_on_instances_are_found() -> None:
    import dash_daq  # noqa: F401

    daq = library("dash_daq")
    assert [f.path for f in daq.eager] == ["dash_daq.min.js"]
    assert daq.children_props()["Gauge"] == []


def test_chunks_are_served_only_when_a_library_lists_them() -> None:
    from dash import dash_table  # noqa: F401

    f = chunk("nbdash-asset://dash/dash_table/async-table.js?v=7.4.1", ["dash_table"])
    assert f.read().startswith(b"(") or len(f.read()) > 100_000
    for bad in ("nbdash-asset://dash/../setup.py", "nbdash-asset://dash/dash.py", "file:///etc/passwd"):
        with pytest.raises(LibraryError):
            chunk(bad, ["dash_table"])
    with pytest.raises(LibraryError, match="no component library"):
        library("not_a_library")


def test_need_answers_react_libraries_and_chunks_with_binary_buffers() -> None:
    import dash_bootstrap_components  # noqa: F401

    app = Dash()
    app.layout = html.Div("x")
    b = Browser(app)
    b.hello()
    msg, buffers = need(b, "react")
    assert msg["type"] == "asset" and msg["name"] == "react" and len(buffers) == 4
    assert b"react.production.min.js" in bytes(buffers[1])[:200] and b"18.3.1" in bytes(buffers[1])
    assert b"regeneratorRuntime" in bytes(buffers[0])
    msg, buffers = need(b, "library:dash_bootstrap_components")
    assert msg["namespace"] == "dash_bootstrap_components" and len(buffers) == 1 and len(buffers[0]) > 100_000
    assert msg["children_props"]["AccordionItem"] == ["title"]
    msg, buffers = need(b, "chunk:nbdash-asset://dash/dash_table/async-table.js")
    assert msg["url"] == "nbdash-asset://dash/dash_table/async-table.js" and len(buffers) == 1
    msg, buffers = need(b, "chunk:nbdash-asset://dash/__init__.py")
    assert "error" in msg and buffers == []
    msg, buffers = need(b, "library:nope")
    assert "no component library" in msg["error"] and buffers == []
    msg, _ = need(b, "../etc")
    assert "unknown asset" in msg["error"]


def test_the_tree_lists_the_inputs_callbacks_watch_and_an_inputs_message_follows_new_callbacks() -> None:
    app = Dash()
    app.layout = html.Div([html.Button(id="btn"), html.Div(id="out"), html.Div(id={"type": "i", "n": 1})])

    @app.callback(Output("out", "children"), Input("btn", "n_clicks"), Input({"type": "i", "n": ALL}, "n_clicks"))
    def show(n: Any, m: Any) -> str:
        return f"{n} {m}"

    b = Browser(app)
    tree = b.hello()
    assert tree["inputs"] == [["btn", "n_clicks"], [{"type": "i", "n": ["ALL"]}, "n_clicks"]]

    @app.callback(Output("btn", "children"), Input("out", "children"))
    def echo(text: str) -> str:
        return text

    sent = b.event("btn", {"n_clicks": 1})
    inputs = [m for m in sent if m["type"] == "inputs"]
    assert inputs and ["out", "children"] in inputs[0]["inputs"]
    assert sent.index(inputs[0]) < next(i for i, m in enumerate(sent) if m["type"] == "patch")


def test_an_app_with_only_html_and_dcc_sends_no_library_and_no_react() -> None:
    app = Dash()
    app.layout = html.Div([html.P("hi")])
    b = Browser(app)
    tree = b.hello()
    assert tree["assets"]["css"] == [] and tree["assets"]["js"] == []
    assert all(m["type"] != "asset" for m in b.comm.sent)
    assert sum(len(x) for bufs in b.comm.buffers for x in bufs) == 0


def test_stylesheets_and_scripts_in_dashs_order_with_the_assets_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assets = tmp_path / "assets"
    (assets / "sub").mkdir(parents=True)
    (assets / "b.css").write_text(".b{color:red}")
    (assets / "a.css").write_text(".a{color:blue}")
    (assets / "funcs.js").write_text("window.dashAgGridFunctions = {};")
    (assets / "sub" / "c.css").write_text(".c{}")
    (assets / "skip.css").write_text(".skip{}")
    (assets / "notes.txt").write_text("not an asset")
    app = Dash(external_stylesheets=["https://cdn.example/bootstrap.css", {"href": "https://x/y.css"}],
               external_scripts=["https://cdn.example/lib.js"], assets_ignore="skip")  # fmt: skip
    app.css.append_css({"external_url": "https://more/z.css"})
    app.scripts.append_script({"external_url": "https://more/z.js"})
    app.layout = html.Div("x")
    b = Browser(app)
    manifest = b.hello()["assets"]
    assert manifest["scope"].startswith("s")
    urls = [e.get("url") or e["name"] for e in manifest["css"]]
    assert urls == ["https://cdn.example/bootstrap.css", "https://x/y.css", "https://more/z.css",
                    "assets/a.css", "assets/b.css", "assets/sub/c.css"]  # fmt: skip
    assert [e.get("url") or e["name"] for e in manifest["js"]] == [
        "https://cdn.example/lib.js", "https://more/z.js", "assets/funcs.js"
    ]
    a_css = next(e for e in manifest["css"] if e.get("name") == "assets/a.css")
    assert a_css["file"] == hashlib.sha1(b".a{color:blue}").hexdigest()[:16]
    msg, buffers = need(b, f"file:{a_css['file']}")
    assert bytes(buffers[0]) == b".a{color:blue}"
    msg, buffers = need(b, "file:0123456789abcdef")
    assert "manifest" in msg["error"] and buffers == []


def test_assets_folder_options(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "static" / "skipme").mkdir(parents=True)
    (tmp_path / "static" / "x.css").write_text(".x{}")
    (tmp_path / "static" / "skipme" / "y.css").write_text(".y{}")
    app = Dash(assets_folder="static", assets_path_ignore=["skipme"])
    app.layout = html.Div()
    assert [e["name"] for e in Browser(app).hello()["assets"]["css"]] == ["assets/x.css"]
    off = Dash(assets_folder="static", include_assets_files=False)
    off.layout = html.Div()
    assert Browser(off).hello()["assets"]["css"] == []


def test_bad_resources_say_what_dash_accepts() -> None:
    app = Dash()
    with pytest.raises(TypeError, match="external_url"):
        app.css.append_css(42)
    with pytest.raises(TypeError, match="'href'"):
        Dash(external_stylesheets=[42])
    with pytest.raises(TypeError, match="'src'"):
        Dash(external_scripts=[{"url": "x.js"}])


def test_an_inputs_message_goes_out_when_callbacks_are_added_to_a_displayed_app() -> None:
    app = Dash()
    app.layout = html.Div([html.Button(id="btn"), html.Div(id="out"), html.Div(id="more")])

    @app.callback(Output("out", "children"), Input("btn", "n_clicks"))
    def show(n: Any) -> str:
        return f"{n}"

    b = Browser(app)
    b.hello()
    before = len(b.comm.sent)
    # registrations within `inputs_delay` of each other share a message: a delay longer than the
    # loop below takes even on a loaded machine makes that exactly one message
    b.widget.inputs_delay = 2.0

    # a cell adds callbacks to the displayed app: no event, no patch, yet the views hear of them
    for i in range(50):
        app.callback(Output("more", f"data-{i}"), Input("out", f"data-{i}"), prevent_initial_call=True)(str)
    def complete() -> bool:
        inputs = b.comm.of_type("inputs")
        return bool(inputs) and ["out", "data-49"] in inputs[-1]["inputs"]

    deadline = time.monotonic() + 5
    while not complete() and time.monotonic() < deadline:
        time.sleep(0.001)
    assert complete()
    sent = b.comm.sent[before:]
    assert {m["type"] for m in sent} == {"inputs"}  # no patch needed
    assert len(sent[-1]["inputs"]) == 51 and ["btn", "n_clicks"] in sent[-1]["inputs"]
    assert len(sent) == 1
    # nothing new: the next patch carries no inputs message
    sent = b.event("btn", {"n_clicks": 1})
    assert [m["type"] for m in sent] == ["patch"]
