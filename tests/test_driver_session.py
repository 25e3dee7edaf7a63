"""AppDriver runs its own session: driving an app headless never changes what its displayed views
show, and errors under the driver go to the driver (``d.errors``), not to the app's error panel or
``app.errors``. ``app.set_props`` / ``app.get_props`` still drive the displayed app."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from nbdash import Dash, Input, Output, State, dcc, html
from nbdash.testing import AppDriver
from tests.widget_page import Browser, close_widgets


@pytest.fixture(autouse=True)
def _close_widgets() -> Iterator[None]:
    yield
    close_widgets()


def greeting_app() -> Dash:
    app = Dash(__name__)
    app.layout = html.Div([dcc.Input(id="name", value="world"), html.Div(id="greeting"), html.Button(id="btn")])

    @app.callback(Output("greeting", "children"), Input("name", "value"), State("btn", "n_clicks"))
    def greet(name: str, n: int | None) -> str:
        if name == "boom":
            raise ValueError("no booms")
        return f"Hello, {name}!"

    return app


def test_a_driver_never_changes_the_displayed_app() -> None:
    app = greeting_app()
    b = Browser(app)
    b.hello()
    sent = len(b.comm.sent)
    with AppDriver(app) as d:
        d.set("name", "value", "notebook")
        assert d.get("greeting", "children") == "Hello, notebook!"
    assert b.comm.sent[sent:] == []  # no patch, no tree, no error reached the views
    assert app.get_props("greeting")["children"] == "Hello, world!"
    assert app.get_props("name")["value"] == "world"


def test_rerunning_a_driver_keeps_what_the_user_did_in_the_app() -> None:
    app = greeting_app()
    b = Browser(app)
    b.hello()
    b.event("name", {"value": "me"})
    for _ in range(2):  # a driver cell run twice
        with AppDriver(app) as d:
            assert d.get("greeting", "children") == "Hello, world!"  # the layout's own start
    assert app.get_props("greeting")["children"] == "Hello, me!"
    b.event("name", {"value": "you"}, seq=2)
    assert b.comm.sent[-1]["type"] == "patch"  # the views' tree is still the live one: a patch, not a tree
    assert b.comm.sent[-1]["changes"]["greeting"]["children"] == "Hello, you!"


def test_errors_under_a_driver_go_to_the_driver_not_the_app() -> None:
    app = greeting_app()
    b = Browser(app)
    b.hello()
    with AppDriver(app, raise_errors=False) as d:
        d.set("name", "value", "boom")
    assert [str(e) for e in d.errors] == ["no booms"]
    assert "Callback error updating greeting.children" in str(d.callback_errors[0])
    assert app.errors == []
    assert b.comm.of_type("error") == []  # the app's error panel stays empty


def test_app_set_props_drives_the_displayed_app_not_a_driver() -> None:
    app = greeting_app()
    b = Browser(app)
    b.hello()
    with AppDriver(app) as d:
        app.set_props("name", {"value": "cell"})
        assert d.get("greeting", "children") == "Hello, world!"
        assert d.calls[-1].name == "greet" and len(d.calls) == 1  # only its own initial call
    patches = [m for m in b.comm.sent if m["type"] == "patch"]  # (a loaded machine may add loading messages)
    assert patches[-1]["changes"]["greeting"]["children"] == "Hello, cell!"


def test_a_driver_follows_the_apps_current_layout_and_callbacks() -> None:
    app = greeting_app()
    d = AppDriver(app)
    app.layout = html.Div([dcc.Input(id="name", value="new"), html.Div(id="greeting"), html.Button(id="btn")])

    @app.callback(Output("btn", "children"), Input("name", "value"))
    def label(name: str) -> str:
        return name.upper()

    with d:
        assert d.get("greeting", "children") == "Hello, new!"
        assert d.get("btn", "children") == "NEW"


def test_closing_the_app_ends_its_drivers_background_jobs() -> None:
    app = Dash(__name__)
    app.layout = html.Div([html.Button(id="go"), html.Div(id="out")])
    started, release = threading.Event(), threading.Event()

    @app.callback(Output("out", "children"), Input("go", "n_clicks"), background=True, prevent_initial_call=True)
    def job(n: int) -> str:
        started.set()
        release.wait(5)
        return "done"

    d = AppDriver(app).load()
    d.click("go", wait=False)
    assert started.wait(5)
    app.close(timeout=0)
    assert d.app._session is None
    release.set()

