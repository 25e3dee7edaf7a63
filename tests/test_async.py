"""``async def`` callbacks (nbdash/_async.py): awaited to completion, with ctx, set_props and
errors as for plain callbacks, also when the calling thread runs an event loop (a kernel does)."""

from __future__ import annotations

import asyncio
import concurrent.futures

import pytest

from nbdash import Dash, Input, Output, ctx, html, set_props
from nbdash.exceptions import PreventUpdate
from nbdash.testing import AppDriver


def make_app() -> Dash:
    app = Dash(__name__)
    app.layout = html.Div([html.Button(id="b"), html.Div(id="o"), html.Div(id="side")])

    @app.callback(Output("o", "children"), Input("b", "n_clicks"))
    async def f(n):
        await asyncio.sleep(0.001)
        if n == 2:
            raise PreventUpdate
        if n == 3:
            raise ValueError("boom")
        set_props("side", {"children": f"side {n}"})
        return f"n={n} by {ctx.triggered_id}"

    return app


def test_async_callback_is_awaited_with_ctx_set_props_prevent_and_errors():
    with AppDriver(make_app(), raise_errors=False) as d:
        assert d.get("o", "children") == "n=None by None"
        d.click("b")
        assert d.get("o", "children") == "n=1 by b"
        assert d.get("side", "children") == "side 1"
        d.click("b")
        assert d.get("o", "children") == "n=1 by b"  # PreventUpdate
        d.click("b")
        assert [str(e) for e in d.errors] == ["boom"]


def test_async_callback_under_a_running_event_loop():
    """In a kernel the thread running callbacks runs an event loop: the coroutine runs elsewhere."""

    async def main():
        with AppDriver(make_app()) as d:
            d.click("b")
            return d.get("o", "children")

    # (on a thread of its own: the main thread may hold another running loop, e.g. Playwright's sync API)
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        assert pool.submit(asyncio.run, main()).result(30) == "n=1 by b"


def test_async_callback_error_is_the_original_exception():
    app = Dash(__name__)
    app.layout = html.Div([html.Div(id="o")])

    @app.callback(Output("o", "children"), Input("o", "id"))
    async def f(_):
        raise KeyError("k")

    with pytest.raises(KeyError):
        AppDriver(app).load()
