"""Mount effects of components a callback inserts later (nbdash/_mount.py, the scheduler's chunk path).

A ``dcc.Store`` holding data stamps ``modified_timestamp`` when it mounts, and a ``dcc.Location``
reports the app's location; in Dash they do this whenever they are rendered, so components a
callback puts into the layout do it too, and callbacks listening to those props fire, with them in
``ctx.triggered``. Driven headless through ``nbdash.testing.AppDriver`` (which mounts, like a page).
"""

from __future__ import annotations

from typing import Any

from nbdash import Dash, Input, Output, State, ctx, dcc, html
from nbdash.testing import AppDriver


def store_app(*, data: Any = {"n": 1}, prevent: bool = False) -> Dash:
    app = Dash(__name__)
    app.layout = html.Div([html.Button(id="add"), html.Div(id="slot"), html.Div(id="seen")])

    @app.callback(Output("slot", "children"), Input("add", "n_clicks"), prevent_initial_call=True)
    def add(n: int) -> Any:
        return dcc.Store(id="store", data=data)

    @app.callback(Output("seen", "children"), Input("store", "modified_timestamp"), State("store", "data"),
                  prevent_initial_call=prevent)  # fmt: skip
    def seen(ts: int | None, stored: Any) -> str:
        return f"{type(ts).__name__} {stored} {ctx.triggered_id}"

    return app


def test_an_inserted_store_with_data_stamps_modified_timestamp_and_fires_its_listeners() -> None:
    with AppDriver(store_app()) as d:
        d.click("add")
        stamp = d.get("store", "modified_timestamp")
        assert isinstance(stamp, int) and stamp > 1_600_000_000_000
        assert d.get("seen", "children") == "int {'n': 1} store"
        assert d.triggered("seen")[-1] == ["store.modified_timestamp"]
        assert d.patches[-1]["store"] == {"modified_timestamp": stamp}  # the front ends get it too


def test_the_stamp_fires_listeners_even_with_prevent_initial_call() -> None:
    with AppDriver(store_app(prevent=True)) as d:
        d.click("add")
        assert d.get("seen", "children") == "int {'n': 1} store"
        assert len(d.triggered("seen")) == 1  # the initial call of the chunk merged with the stamp


def test_an_inserted_store_without_data_stamps_nothing() -> None:
    with AppDriver(store_app(data=None)) as d:
        d.click("add")
        assert d.get("store", "modified_timestamp") is None
        assert d.get("seen", "children") == "NoneType None store"  # the insertion's own call (Dash's rule)
        assert len(d.triggered("seen")) == 1


def location_app() -> Dash:
    app = Dash(__name__)
    app.layout = html.Div([dcc.Location(id="url"), html.Button(id="add"), html.Div(id="slot"), html.Div(id="page")])

    @app.callback(Output("slot", "children"), Input("add", "n_clicks"), prevent_initial_call=True)
    def add(n: int) -> Any:
        return dcc.Location(id="inner")

    @app.callback(Output("page", "children"), Input("inner", "pathname"), Input("inner", "search"))
    def page(path: str | None, search: str | None) -> str:
        return f"{path}{search} ({ctx.triggered_id})"

    return app


def test_an_inserted_location_reports_the_apps_current_location() -> None:
    with AppDriver(location_app()) as d:
        assert d.get("url", "pathname") == "/"
        d.set_props("url", {"pathname": "/reports", "search": "?year=2024", "href": "/reports?year=2024"})
        d.click("add")
        assert d.props("inner") == {"id": "inner", "pathname": "/reports", "search": "?year=2024", "hash": "",
                                    "href": "/reports?year=2024"}  # fmt: skip
        assert d.get("page", "children") == "/reports?year=2024 (inner)"


def test_an_inserted_location_alone_starts_at_the_root() -> None:
    app = Dash(__name__)
    app.layout = html.Div([html.Button(id="add"), html.Div(id="slot")])

    @app.callback(Output("slot", "children"), Input("add", "n_clicks"), prevent_initial_call=True)
    def add(n: int) -> Any:
        return dcc.Location(id="only")

    with AppDriver(app) as d:
        d.click("add")
        assert d.get("only", "pathname") == "/" and d.get("only", "href") == "/"


def test_without_mounting_a_front_end_nothing_is_stamped() -> None:
    app = store_app()
    app._load()  # a session loaded from a cell (app.set_props before any display): nothing renders
    app.set_props("add", {"n_clicks": 1})
    assert "modified_timestamp" not in app.get_props("store")
