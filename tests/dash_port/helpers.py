"""Helpers for the Dash tests ported to ``nbdash.testing.AppDriver`` (see ``README.md`` here).

Dash's integration tests read the page: ``wait_for_text_to_equal("#out", "...")`` compares an
element's text. ``text(d, id)`` gives the same text from the driver's tree: strings as they are,
numbers as JavaScript prints them (``2.0`` → ``"2"``), ``None`` / booleans as nothing, lists and
child components concatenated (block elements separated by a newline, as ``innerText`` does).
"""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from nbdash._component import Component
from nbdash.testing import AppDriver

_BLOCK = {"Div", "P", "H1", "H2", "H3", "H4", "H5", "H6", "Ul", "Ol", "Li", "Pre", "Table", "Tr", "Form", "Section"}


def js_str(value: Any) -> str:
    """A scalar as JavaScript's ``String(value)`` (React renders numbers that way)."""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def render_text(value: Any) -> str:
    if isinstance(value, Component):
        inner = render_text(value._props.get("children"))
        return inner
    if isinstance(value, (list, tuple)):
        parts: list[str] = []
        for i, item in enumerate(value):
            piece = render_text(item)
            if i and isinstance(item, Component) and item._type in _BLOCK and parts and parts[-1]:
                parts.append("\n")
            parts.append(piece)
        return "".join(parts)
    return js_str(value)


def peek(d: AppDriver, component_id: Any, prop: str) -> Any:
    """A prop's current value without taking the app's lock (safe inside a callback body)."""
    return d.app.session.tree.entry(component_id).component._props.get(prop)


def text(d: AppDriver, component_id: Any) -> str:
    """The element's text, as the page shows it."""
    return render_text(peek(d, component_id, "children"))


def dumps(value: Any) -> str:
    """``json.dumps`` as Dash tests use it (values as a callback received them)."""
    return json.dumps(value)


def dash_path(d: AppDriver, component_id: Any) -> list[Any]:
    """The component's path in Dash's renderer form (``paths.strs``): ``["components", "props",
    "children", 0, ...]``."""
    entry = d.app.session.tree.entry(component_id)
    out: list[Any] = ["components"]
    for step in entry.path:
        out.extend(["props", step] if isinstance(step, str) else [step])
    return out


def _foreign_supported() -> bool:
    """Whether nbdash layouts accept components of other Dash libraries (issue 9)."""
    try:
        from dash import dash_table

        from nbdash import Dash, html

        app = Dash(__name__)
        app.layout = html.Div([dash_table.DataTable(id="t", data=[])])
        with AppDriver(app) as d:
            return d.exists("t")
    except Exception:  # noqa: BLE001 - any refusal means not supported yet
        return False


FOREIGN = _foreign_supported()


def _mixed_duplicates_supported() -> bool:
    """Whether one plain Output and ``allow_duplicate`` Outputs of the same prop may coexist
    (issue 10 §2; nbdash raised DuplicateCallback before)."""
    from nbdash import Dash, Input, Output, html

    app = Dash(__name__)
    app.layout = html.Div([html.Button(id="b"), html.Div(id="o")])
    try:
        app.callback(Output("o", "children"), Input("b", "n_clicks"))(lambda n: n)
        app.callback(Output("o", "children", allow_duplicate=True), Input("b", "n_clicks"), prevent_initial_call=True)(
            lambda n: n
        )
        with AppDriver(app):
            pass
    except Exception:  # noqa: BLE001
        return False
    return True


MIXED_DUPLICATES = _mixed_duplicates_supported()

needs_foreign = pytest.mark.xfail(
    not FOREIGN, strict=True, reason="nbdash does not index components of other Dash libraries (dash_table) yet: issue 9"
)
needs_mixed_duplicates = pytest.mark.xfail(
    not MIXED_DUPLICATES,
    strict=True,
    reason="nbdash raises DuplicateCallback for a plain Output next to allow_duplicate ones: issue 10 §2 (exact-dash)",
)


def dash_paths(d: AppDriver) -> dict[str, Any]:
    """Every string id's path in Dash's ``paths.strs`` form (the renderer's redux ``paths``)."""
    strs = {e.id_str: None for e in d.app.session.tree.strs.values() if isinstance(e.id, str)}
    return {id_str: dash_path(d, id_str) for id_str in strs}


def _clientside_runs() -> bool:
    """Whether the headless driver runs clientside callbacks (issue 13)."""
    import nbdash
    from nbdash import Dash, Input, Output, html

    if not hasattr(nbdash, "clientside_callback"):
        return False
    app = Dash(__name__)
    app.layout = html.Div([html.Div("x", id="i"), html.Div(id="o")])
    try:
        app.clientside_callback("function (v) { return v + '!'; }", Output("o", "children"), Input("i", "children"))
        with AppDriver(app) as d:
            return d.get("o", "children") == "x!"
    except Exception:  # noqa: BLE001
        return False


CLIENTSIDE = _clientside_runs()
needs_clientside = pytest.mark.xfail(
    not CLIENTSIDE, strict=True, reason="README: clientside callbacks are not supported (issue 13 adds them)"
)


def _concurrent_turns() -> bool:
    """Whether an event is handled while an earlier callback still runs (issue 10 §1: callback
    bodies on threads, latest request wins) rather than after it (one lock per app)."""
    import threading

    from nbdash import Dash, Input, Output, html

    release = threading.Event()
    app = Dash(__name__)
    app.layout = html.Div([html.Button(id="slow"), html.Button(id="fast"), html.Div(id="a"), html.Div(id="b")])

    @app.callback(Output("a", "children"), Input("slow", "n_clicks"), prevent_initial_call=True)
    def slow(n):
        release.wait(2)
        return n

    @app.callback(Output("b", "children"), Input("fast", "n_clicks"), prevent_initial_call=True)
    def fast(n):
        return n

    d = AppDriver(app).load()
    try:
        d.click("slow", wait=False)
        time.sleep(0.02)
        d.click("fast", wait=False)
        deadline = time.monotonic() + 0.3
        while time.monotonic() < deadline:  # polled without the app's lock, which `slow` may hold
            if peek(d, "b", "children") == 1:
                return True
            time.sleep(0.005)
        return False
    finally:
        release.set()
        d.close()


CONCURRENT = _concurrent_turns()
SERIALIZED = "nbdash serialized turns per app (one lock): an event arriving while a callback runs waited for it (issue 10 §1 lifts this)"
needs_concurrency = pytest.mark.xfail(not CONCURRENT, strict=True, reason=SERIALIZED)


def until(condition: Any, timeout: float = 2.0) -> None:
    """Wait for ``condition()`` without taking the app's lock (a running callback may hold it)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"condition still false after {timeout} s")
        time.sleep(0.005)
