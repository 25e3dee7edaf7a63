"""Persistence (``persistence`` / ``persisted_props`` / ``persistence_type``) as Dash 4.4.1 applies it.

Headless: ``AppDriver.load()`` is a page load (the layout is copied again and the initial callbacks
run), so ``local`` / ``session`` records (kept by the kernel for the browser, ``_persistence.BROWSER``)
come back and ``memory`` ones (the session's) do not. The widget half (records reported in a view's
hello, changes sent with patches) goes through the real widget with a fake comm.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from nbdash import Dash, Input, Output, State, _persistence, ctx, dcc, html, no_update
from nbdash._component import Component
from nbdash._persistence import BROWSER, PREFIX, register_defaults
from nbdash._protocol import PROTOCOL_VERSION
from nbdash.testing import AppDriver
from widget_page import Browser, close_widgets


@pytest.fixture(autouse=True)
def closed_widgets() -> Iterator[None]:
    """(tests/conftest.py empties the kernel's copy of browser storage around every test)"""
    yield
    close_widgets()


def rerender_app(make: Any, *, shown: str = "value") -> Dash:
    """A button re-renders the persisted component's parent with ``make()``; ``out`` shows the value
    (Input) and ``state`` reads it as State on every click."""
    app = Dash(__name__)
    app.layout = html.Div([
        html.Button("re-render", id="again"),
        html.Div(make(), id="holder"),
        html.Div(id="out"),
        html.Div(id="state"),
    ])

    @app.callback(Output("holder", "children"), Input("again", "n_clicks"), prevent_initial_call=True)
    def again(_n: int) -> Any:
        return make()

    @app.callback(Output("out", "children"), Input("p", shown))
    def show(value: Any) -> str:
        return f"{value!r}"

    @app.callback(Output("state", "children"), Input("again", "n_clicks"), State("p", shown))
    def read(_n: int, value: Any) -> str:
        return f"{value!r}"

    return app


def test_an_edit_survives_a_callback_re_rendering_its_parent_and_state_reads_it() -> None:
    app = rerender_app(lambda: dcc.Input(id="p", value="a", persistence=True))
    with AppDriver(app) as d:
        d.set("p", "value", "alpaca")
        d.click("again")
        assert d.get("p", "value") == "alpaca"
        assert d.get("state", "children") == "'alpaca'"
        assert d.get("out", "children") == "'alpaca'"


def test_the_record_is_dashs_key_and_value() -> None:
    app = rerender_app(lambda: dcc.Input(id="p", value="a", persistence=True))
    with AppDriver(app) as d:
        d.set("p", "value", "alpaca")
        d.set("p", "value", "alpacas")
    assert BROWSER.records["local"] == {"p.value.true": '["alpacas","a"]'}


def test_without_persistence_a_re_render_gives_the_layout_value_back() -> None:
    app = rerender_app(lambda: dcc.Input(id="p", value="a"))
    with AppDriver(app) as d:
        d.set("p", "value", "alpaca")
        d.click("again")
        assert d.get("p", "value") == "a"
        assert d.get("out", "children") == "'a'"
    assert BROWSER.records == {"local": {}, "session": {}}


def test_a_local_edit_comes_back_on_reload_before_the_initial_callbacks() -> None:
    app = rerender_app(lambda: dcc.Input(id="p", value="a", persistence=True))
    with AppDriver(app) as d:
        d.set("p", "value", "alpaca")
        d.calls.clear()
        d.load()
        assert d.get("p", "value") == "alpaca"
        assert d.get("out", "children") == "'alpaca'"
        # the initial call sees the persisted value, with nothing triggered (as in Dash)
        assert [(c.name, c.triggered) for c in d.calls if c.name == "show"] == [("show", [])]


def test_session_type_comes_back_on_reload_like_local() -> None:
    app = rerender_app(lambda: dcc.Input(id="p", value="a", persistence=True, persistence_type="session"))
    with AppDriver(app) as d:
        d.set("p", "value", "alpaca")
        d.load()
        assert d.get("p", "value") == "alpaca"
    assert BROWSER.records["session"] == {"p.value.true": '["alpaca","a"]'}


def test_memory_type_survives_re_renders_but_not_a_reload() -> None:
    app = rerender_app(lambda: dcc.Input(id="p", value="a", persistence=True, persistence_type="memory"))
    with AppDriver(app) as d:
        d.set("p", "value", "alpaca")
        d.click("again")
        assert d.get("p", "value") == "alpaca"
        d.load()
        assert d.get("p", "value") == "a"
    assert BROWSER.records == {"local": {}, "session": {}}


def test_a_new_layout_value_drops_the_edit() -> None:
    value = {"v": "a"}
    app = rerender_app(lambda: dcc.Input(id="p", value=value["v"], persistence=True))
    with AppDriver(app) as d:
        d.set("p", "value", "alpaca")
        value["v"] = "b"  # the app now gives another value: Dash's originalValue rule
        d.click("again")
        assert d.get("p", "value") == "b"
        assert BROWSER.records["local"] == {}
        value["v"] = "a"  # and the old one again: the edit is gone for good
        d.click("again")
        assert d.get("p", "value") == "a"


def test_a_new_layout_value_at_load_drops_the_edit_and_tells_the_browser() -> None:
    app = Dash(__name__)
    app.layout = html.Div(dcc.Input(id="p", value="a", persistence=True))
    with AppDriver(app) as d:
        d.set("p", "value", "alpaca")
        app.layout = html.Div(dcc.Input(id="p", value="b", persistence=True))
        d.load()
        assert d.get("p", "value") == "b"
        assert BROWSER.records["local"] == {}
        assert d.app._session is not None
        assert d.app._session.persistence.take_ops() == {"local": {PREFIX + "p.value.true": None}}


def test_each_persistence_value_keeps_its_own_edits() -> None:
    """A new `persistence` value starts from the layout; the old value's edits return.
    Dash: tests/integration/renderer/test_persistence.py::test_rdps010_toggle_persistence"""
    app = Dash(__name__)
    app.layout = html.Div([
        dcc.Input(id="key", value=""),
        html.Div(dcc.Input(id="p", value="a", persistence=""), id="holder"),
        html.Div(id="out"),
    ])

    @app.callback(Output("holder", "children"), Input("key", "value"))
    def remake(key: str) -> Any:
        return dcc.Input(id="p", value="a", persistence=key)

    @app.callback(Output("out", "children"), Input("p", "value"))
    def show(value: str) -> str:
        return value

    with AppDriver(app) as d:
        d.set("p", "value", "alpaca")  # persistence "" is falsy: not kept
        d.set("key", "value", "s")
        assert d.get("out", "children") == "a"
        d.set("p", "value", "anchovies")
        d.set("key", "value", "s2")
        assert d.get("out", "children") == "a"
        d.set("p", "value", "")  # a falsy value is kept too
        d.set("key", "value", "")
        assert d.get("out", "children") == "a"
        d.set("key", "value", "s")
        assert d.get("out", "children") == "anchovies"
        d.set("key", "value", "s2")
        assert d.get("out", "children") == ""


def test_a_callback_setting_persistence_itself_swaps_the_edits() -> None:
    """Output(component, "persistence") undoes and re-applies stored edits.
    Dash: tests/integration/renderer/test_persistence.py::test_rdps011_toggle_persistence2"""
    app = Dash(__name__)
    app.layout = html.Div([
        dcc.Input(id="key", value=""),
        dcc.Input(id="p", value="a", persistence=""),
        html.Div(id="out"),
    ])

    @app.callback(Output("p", "persistence"), Input("key", "value"))
    def set_persistence(key: str) -> str:
        return key

    @app.callback(Output("out", "children"), Input("p", "value"))
    def show(value: str) -> str:
        return value

    with AppDriver(app) as d:
        d.set("key", "value", "s")
        d.set("p", "value", "apricot")
        d.set("key", "value", "s2")
        assert d.get("out", "children") == "a"
        d.set("p", "value", "artichoke")
        d.set("key", "value", "")
        assert d.get("out", "children") == "a"
        d.set("key", "value", "s")
        assert d.get("out", "children") == "apricot"
        d.set("key", "value", "s2")
        assert d.get("out", "children") == "artichoke"


def test_a_value_a_callback_writes_is_kept_like_an_edit() -> None:
    """Dash >= 3 records callback outputs of persisted props too (recordUiEdit in updateProps)."""
    app = Dash(__name__)
    app.layout = html.Div([html.Button(id="fill"), dcc.Input(id="p", value="a", persistence=True)])

    @app.callback(Output("p", "value"), Input("fill", "n_clicks"), prevent_initial_call=True)
    def fill(_n: int) -> str:
        return "filled"

    with AppDriver(app) as d:
        d.click("fill")
        d.load()
        assert d.get("p", "value") == "filled"


def test_no_update_leaves_the_edit_alone() -> None:
    app = Dash(__name__)
    app.layout = html.Div([html.Button(id="b"), dcc.Input(id="p", value="a", persistence=True)])

    @app.callback(Output("p", "value"), Input("b", "n_clicks"), prevent_initial_call=True)
    def keep(_n: int) -> Any:
        return no_update

    with AppDriver(app) as d:
        d.set("p", "value", "alpaca")
        d.click("b")
        d.load()
        assert d.get("p", "value") == "alpaca"


@pytest.mark.parametrize(
    ("make", "prop", "edit"),
    [
        (lambda: dcc.Textarea(id="p", value="a", persistence=True), "value", "typed"),
        (lambda: dcc.Dropdown(["x", "y", "z"], "x", id="p", persistence=True), "value", "z"),
        (lambda: dcc.Dropdown(["x", "y", "z"], ["x"], multi=True, id="p", persistence=True), "value", ["y", "z"]),
        (lambda: dcc.Checklist(["x", "y"], ["x"], id="p", persistence=True), "value", ["x", "y"]),
        (lambda: dcc.RadioItems(["x", "y"], "x", id="p", persistence=True), "value", "y"),
        (lambda: dcc.Slider(0, 10, 1, value=3, id="p", persistence=True), "value", 7),
        (lambda: dcc.RangeSlider(0, 10, 1, value=[2, 4], id="p", persistence=True), "value", [1, 9]),
        (lambda: dcc.Tabs([dcc.Tab(label="A", value="a"), dcc.Tab(label="B", value="b")], id="p", value="a",
                          persistence=True), "value", "b"),
        (lambda: dcc.DatePickerSingle(id="p", date="2024-01-05", persistence=True), "date", "2024-02-01"),
    ],
    ids=["Textarea", "Dropdown", "Dropdown-multi", "Checklist", "RadioItems", "Slider", "RangeSlider", "Tabs",
         "DatePickerSingle"],
)
def test_every_dcc_input_keeps_its_edit(make: Any, prop: str, edit: Any) -> None:
    app = rerender_app(make, shown=prop)
    with AppDriver(app) as d:
        d.set("p", prop, edit)
        d.click("again")
        assert d.get("p", prop) == edit
        assert d.get("state", "children") == repr(edit)
        d.load()
        assert d.get("p", prop) == edit
        assert d.get("out", "children") == repr(edit)


def test_date_picker_range_keeps_both_dates_and_compares_days() -> None:
    """DatePickerRange persists start_date and end_date, comparing the layout's dates by their day."""
    layout_dates = {"start": "2024-01-05T08:30:00", "end": "2024-01-20"}

    def make() -> Any:
        return dcc.DatePickerRange(
            id="p", start_date=layout_dates["start"], end_date=layout_dates["end"], persistence=True
        )

    app = rerender_app(make, shown="start_date")
    with AppDriver(app) as d:
        d.set_props("p", {"start_date": "2024-01-07", "end_date": "2024-01-25"})
        assert BROWSER.records["local"] == {
            "p.start_date.true": '["2024-01-07","2024-01-05"]',
            "p.end_date.true": '["2024-01-25","2024-01-20"]',
        }
        layout_dates["start"] = "2024-01-05T23:00:00"  # same day, another time: still the same original
        d.click("again")
        assert (d.get("p", "start_date"), d.get("p", "end_date")) == ("2024-01-07", "2024-01-25")
        layout_dates["end"] = "2024-01-21"  # the end date changed: only its edit is dropped
        d.click("again")
        assert (d.get("p", "start_date"), d.get("p", "end_date")) == ("2024-01-07", "2024-01-21")


def test_persisted_props_limits_what_is_kept() -> None:
    app = Dash(__name__)
    app.layout = html.Div(dcc.DatePickerRange(id="p", start_date="2024-01-05", end_date="2024-01-20",
                                              persistence=True, persisted_props=["end_date"]))
    with AppDriver(app) as d:
        d.set_props("p", {"start_date": "2024-01-07", "end_date": "2024-01-25"})
        d.load()
        assert (d.get("p", "start_date"), d.get("p", "end_date")) == ("2024-01-05", "2024-01-25")


def test_dict_ids_use_dashs_id_string() -> None:
    app = Dash(__name__)
    app.layout = html.Div(dcc.Input(id={"type": "name", "i": 1}, value="a", persistence=2))
    with AppDriver(app) as d:
        d.set({"type": "name", "i": 1}, "value", "b")
    assert BROWSER.records["local"] == {'{"i":1,"type":"name"}.value.2': '["b","a"]'}


def test_components_without_front_end_defaults_need_both_props() -> None:
    """dcc.Button declares no dashPersistence: persistence alone does nothing, all three props persist."""
    app = Dash(__name__)
    app.layout = html.Div([
        dcc.Button(id="plain", persistence=True),
        dcc.Button(id="full", persistence=True, persisted_props=["n_clicks"], persistence_type="local"),
    ])
    with AppDriver(app) as d:
        d.click("plain")
        d.click("full")
        d.load()
        assert not d.get("plain", "n_clicks")  # back to the layout's (unset) value
        assert d.get("full", "n_clicks") == 1


def test_a_library_component_persists_with_registered_defaults() -> None:
    register_defaults("dash_core_components", "Button", persisted_props=["n_clicks"], persistence_type="memory")
    try:
        app = Dash(__name__)
        app.layout = html.Div([html.Button(id="r"), html.Div(dcc.Button(id="b", persistence=True), id="h")])

        @app.callback(Output("h", "children"), Input("r", "n_clicks"), prevent_initial_call=True)
        def remake(_n: int) -> Any:
            return dcc.Button(id="b", persistence=True)

        with AppDriver(app) as d:
            d.click("b")
            d.click("r")
            assert d.get("b", "n_clicks") == 1
    finally:
        _persistence._LIBRARY_DEFAULTS.pop(("dash_core_components", "Button"), None)
    with pytest.raises(ValueError, match="persistence_type must be"):
        register_defaults("lib", "X", persisted_props=["value"], persistence_type="disk")


# -- the widget: records from and to the page --------------------------------------------------------
def input_app(value: str = "a") -> Dash:
    app = Dash(__name__)
    app.layout = html.Div([dcc.Input(id="p", value=value, persistence=True), html.Div(id="out")])

    @app.callback(Output("out", "children"), Input("p", "value"))
    def show(v: str) -> str:
        return f"shown {v}"

    return app


def test_the_widget_sends_record_changes_with_the_patch() -> None:
    page = Browser(input_app())
    page.post({"type": "hello", "protocol": PROTOCOL_VERSION, "view": "v1", "persisted": {"local": {}, "session": {}}})
    sent = page.event("p", {"value": "alpaca"})
    patch = [m for m in sent if m["type"] == "patch"][0]
    assert patch["persist"] == {"local": {PREFIX + "p.value.true": '["alpaca","a"]'}}


def test_a_fresh_view_brings_back_records_the_kernel_did_not_have() -> None:
    """A kernel restart empties the kernel's copy: the first view's records are applied as the
    component's own change (its callbacks run again with the value triggered)."""
    page = Browser(input_app())
    page.post({"type": "hello", "protocol": PROTOCOL_VERSION, "view": "v1",
               "persisted": {"local": {PREFIX + "p.value.true": '["kept","a"]'}, "session": {}}})
    tree = page.comm.sent[-1]
    assert tree["type"] == "tree"
    div = tree["tree"]["props"]["children"]
    assert [c["props"].get("value", c["props"].get("children")) for c in div] == ["kept", "shown kept"]
    assert page.app.get_props("p")["value"] == "kept"


def test_a_view_without_a_record_the_kernel_applied_gets_the_layout_value() -> None:
    """A new tab has its own (empty) sessionStorage: a session record from another tab is undone."""
    BROWSER.records["session"]["p.value.true"] = '["other tab","a"]'
    app = Dash(__name__)
    app.layout = html.Div([dcc.Input(id="p", value="a", persistence=True, persistence_type="session"),
                           html.Div(id="out")])

    @app.callback(Output("out", "children"), Input("p", "value"))
    def show(v: str) -> str:
        return f"shown {v}"

    page = Browser(app)
    assert app.get_props("p")["value"] == "other tab"  # applied at load from the kernel's copy
    page.post({"type": "hello", "protocol": PROTOCOL_VERSION, "view": "v1", "persisted": {"local": {}, "session": {}}})
    assert app.get_props("p")["value"] == "a"
    assert app.get_props("out")["children"] == "shown a"
    assert BROWSER.records["session"] == {}


def test_a_reloaded_page_of_a_running_session_changes_nothing() -> None:
    page = Browser(input_app())
    page.post({"type": "hello", "protocol": PROTOCOL_VERSION, "view": "v1", "persisted": {"local": {}, "session": {}}})
    page.event("p", {"value": "typed"})
    page.post({"type": "hello", "protocol": PROTOCOL_VERSION, "view": "v2",
               "persisted": {"local": {PREFIX + "p.value.true": '["older","a"]'}, "session": {}}})
    assert page.app.get_props("p")["value"] == "typed"


def test_bad_records_are_refused_with_a_warning_and_the_view_still_gets_its_tree() -> None:
    page = Browser(input_app())
    page.post({"type": "hello", "protocol": PROTOCOL_VERSION, "view": "v1", "persisted": {"local": {"evil": "x"}}})
    warnings = page.comm.of_type("warning")
    assert warnings and "not a persistence record: 'evil'" in warnings[-1]["message"]
    assert page.comm.sent[-1]["type"] == "tree"
    page.post({"type": "hello", "protocol": PROTOCOL_VERSION, "view": "v2", "persisted": {"disk": {}}})
    assert "unknown storage 'disk'" in page.comm.of_type("warning")[-1]["message"]


class Gauge(Component):
    """A library component (its JavaScript declares ``dashPersistence``; the kernel learns it from the page)."""

    __slots__ = ()
    _type = "Gauge"
    _namespace = "gauge_lib"
    _prop_names = _positional = ("value", "persistence", "persisted_props", "persistence_type", "id")


def test_a_library_classs_defaults_reported_by_the_page_apply_now_and_at_later_loads() -> None:
    BROWSER.records["local"]["g.value.true"] = "[9,1]"
    app = Dash(__name__)
    app.layout = html.Div([Gauge(id="g", value=1, persistence=True), html.Div(id="out")])

    @app.callback(Output("out", "children"), Input("g", "value"))
    def show(v: int) -> str:
        return f"gauge {v}"

    try:
        page = Browser(app)
        page.post({"type": "hello", "protocol": PROTOCOL_VERSION, "view": "v1",
                   "persisted": {"local": {PREFIX + "g.value.true": "[9,1]"}, "session": {}}})
        assert app.get_props("g")["value"] == 1  # the kernel does not know Gauge persists `value` yet
        page.post({"type": "persistence_defaults", "namespace": "gauge_lib", "component": "Gauge",
                   "persisted_props": ["value"], "persistence_type": "local"})
        assert app.get_props("g")["value"] == 9
        assert app.get_props("out")["children"] == "gauge 9"
        with AppDriver(app) as d:  # a later load applies it before the initial callbacks
            assert d.get("g", "value") == 9
            assert d.triggered("show") == [[]]
    finally:
        _persistence._LIBRARY_DEFAULTS.pop(("gauge_lib", "Gauge"), None)


def test_bad_or_built_in_defaults_from_the_page_are_refused() -> None:
    page = Browser(input_app())
    page.hello()
    for message, fragment in [
        ({"namespace": "dash_core_components", "component": "Input", "persisted_props": ["x"],
          "persistence_type": "local"}, "rendered by nbdash itself"),
        ({"namespace": "lib", "component": "X", "persisted_props": "value", "persistence_type": "local"},
         "must be a list"),
        ({"namespace": "lib", "component": "X", "persisted_props": ["value"], "persistence_type": "disk"},
         "persistence_type must be"),
    ]:
        page.post({"type": "persistence_defaults", **message})
        assert fragment in page.comm.of_type("warning")[-1]["message"]
    assert ("lib", "X") not in _persistence._LIBRARY_DEFAULTS


def test_the_records_match_what_dash_4_4_1_stores_for_the_same_session() -> None:
    """Measured with real Dash 4.4.1 in headless Chromium (localStorage and the shown values after
    each step): typing, a Checklist tick, a Tab click, a parent re-render, a callback writing a value
    and a date, a reload, a re-render with a new value, then with the old value again."""

    def fields(name: str = "a") -> list[Any]:
        return [
            dcc.Input(id="name", value=name, persistence=True),
            dcc.Input(id="blank", persistence=True),
            dcc.Checklist(["x", "y", "z"], ["x"], id="picks", persistence=True),
            dcc.DatePickerRange(id="dates", start_date="2024-01-05T08:30:00", end_date="2024-01-20",
                                persistence=True),
            dcc.Tabs([dcc.Tab(label="One", value="one"), dcc.Tab(label="Two", value="two")], id="tabs",
                     value="one", persistence=True),
        ]

    app = Dash(__name__)
    app.layout = html.Div([html.Button(id="again"), html.Button(id="fill"), html.Button(id="renew"),
                           html.Div(fields(), id="holder"), html.Div(id="out")])

    @app.callback(Output("holder", "children"), Input("again", "n_clicks"), Input("renew", "n_clicks"),
                  prevent_initial_call=True)
    def again(_n: int, _r: int) -> Any:
        return fields("b" if ctx.triggered_id == "renew" else "a")

    @app.callback(Output("name", "value"), Output("dates", "start_date"), Input("fill", "n_clicks"),
                  prevent_initial_call=True)
    def fill(_n: int) -> Any:
        return "filled", "2024-01-07T10:00:00"

    @app.callback(Output("out", "children"), Input("name", "value"), Input("blank", "value"),
                  Input("picks", "value"), Input("dates", "start_date"), Input("tabs", "value"))
    def show(*values: Any) -> str:
        return repr(list(values))

    dash_after_edits = {
        "tabs.value.true": '["two","one"]', "name.value.true": '["alpaca","a"]', "blank.value.true": '["typed"]',
        "picks.value.true": '[["x","z"],["x"]]',
    }
    with AppDriver(app) as d:
        assert BROWSER.records["local"] == {}
        d.set("name", "value", "alpaca")
        d.set("blank", "value", "typed")
        d.set("picks", "value", ["x", "z"])
        d.set("tabs", "value", "two")
        assert BROWSER.records["local"] == dash_after_edits
        d.click("again")
        assert BROWSER.records["local"] == dash_after_edits
        assert d.get("out", "children") == "['alpaca', 'typed', ['x', 'z'], '2024-01-05T08:30:00', 'two']"
        d.click("fill")
        after_fill = {**dash_after_edits, "name.value.true": '["filled","a"]',
                      "dates.start_date.true": '["2024-01-07","2024-01-05"]'}
        assert BROWSER.records["local"] == after_fill
        d.load()
        # the date comes back as the stored day; ctx.triggered_id is None on the reloaded page's call
        assert d.get("out", "children") == "['filled', 'typed', ['x', 'z'], '2024-01-07', 'two']"
        assert d.triggered("show")[-1] == []
        d.click("renew")
        assert d.get("out", "children") == "['b', 'typed', ['x', 'z'], '2024-01-07', 'two']"
        assert BROWSER.records["local"] == {k: v for k, v in after_fill.items() if k != "name.value.true"}
        d.click("again")
        assert d.get("out", "children") == "['a', 'typed', ['x', 'z'], '2024-01-07', 'two']"


def test_records_never_set_ids_children_or_component_props() -> None:
    """Records are data from the page: even a layout declaring such props persisted gets no components."""
    BROWSER.records["local"]["d.children.true"] = '[{"type":"Script","namespace":"dash_html_components","props":{}},"x"]'
    app = Dash(__name__)
    app.layout = html.Div(dcc.Tab("x", id="d", persistence=True, persisted_props=["children"], persistence_type="local"))
    with AppDriver(app) as d:
        assert d.get("d", "children") == "x"
    page = Browser(input_app())
    page.hello()
    page.post({"type": "persistence_defaults", "namespace": "lib", "component": "X", "persisted_props": ["children"],
               "persistence_type": "local"})
    assert "'children' cannot be a persisted prop" in page.comm.of_type("warning")[-1]["message"]


def test_the_pages_records_win_over_the_kernels_stale_copy_at_a_fresh_load() -> None:
    """The kernel's copy is stale (its record's original no longer matches, so the load drops it);
    the page has a newer record for the current value: the page's record is applied and kept."""
    BROWSER.records["local"]["p.value.true"] = '["old edit","older layout value"]'
    page = Browser(input_app())
    assert page.app.get_props("p")["value"] == "a"
    page.post({"type": "hello", "protocol": PROTOCOL_VERSION, "view": "v1",
               "persisted": {"local": {PREFIX + "p.value.true": '["newer edit","a"]'}, "session": {}}})
    tree = page.comm.sent[-1]
    assert tree["type"] == "tree" and "persist" not in tree  # no deletion of the page's record
    assert page.app.get_props("p")["value"] == "newer edit"
    assert BROWSER.records["local"] == {"p.value.true": '["newer edit","a"]'}


def test_changes_not_yet_sent_stay_on_top_of_a_pages_report_unless_the_load_is_fresh() -> None:
    for fresh, expected in ((False, {"k.value.true": "[1,0]"}), (True, {})):
        persistence = _persistence.Persistence(browser=_persistence.BrowserCopy())
        persistence._put("local", "k.value.true", [1, 0])  # written by the kernel, not sent yet
        persistence.adopt({"local": {}, "session": {}}, fresh=fresh)
        assert persistence.browser.records["local"] == expected
        assert persistence.take_ops() == (None if fresh else {"local": {PREFIX + "k.value.true": "[1,0]"}})


def test_dash_dcc_components_persist_and_library_components_once_their_defaults_are_known() -> None:
    """A real ``dash.dcc.Input`` becomes nbdash's own (its defaults are known); a dash-bootstrap-components
    Input persists once the page reports its class's ``dashPersistence``."""
    dash_dcc = pytest.importorskip("dash.dcc")
    dbc = pytest.importorskip("dash_bootstrap_components")
    BROWSER.records["local"].update({"plain.value.true": '["kept","a"]', "boot.value.true": '["kept too","b"]'})
    app = Dash(__name__)
    app.layout = html.Div([dash_dcc.Input(id="plain", value="a", persistence=True),
                           dbc.Input(id="boot", value="b", persistence=True)])
    page = Browser(app)
    assert app.get_props("plain")["value"] == "kept"  # applied at load
    assert app.get_props("boot")["value"] == "b"  # dbc's defaults live in its JavaScript
    page.post({"type": "hello", "protocol": PROTOCOL_VERSION, "view": "v1", "persisted": {
        "local": {PREFIX + "plain.value.true": '["kept","a"]', PREFIX + "boot.value.true": '["kept too","b"]'},
        "session": {}}})
    page.post({"type": "persistence_defaults", "namespace": "dash_bootstrap_components", "component": "Input",
               "persisted_props": ["value"], "persistence_type": "local"})
    assert app.get_props("boot")["value"] == "kept too"


def test_records_that_are_not_json_records_are_dropped_not_applied() -> None:
    for raw in ("[NaN,\"a\"]", "not json", "U", "{\"a\":1}", "[]"):
        BROWSER.records["local"]["p.value.true"] = raw
        with AppDriver(input_app()) as d:
            assert d.get("p", "value") == "a"
        assert BROWSER.records["local"] == {}


# -- dash_table.DataTable (ships with Dash: its defaults and its columns.name transform are built in) ------
def table_columns(names: tuple[str, ...] = ("a", "b"), **extra: Any) -> list[dict[str, Any]]:
    return [dict(id=f"c{i}", name=n, renamable=True, hideable=True, **extra) for i, n in enumerate(names)]


def table_app(make_table: Any) -> Dash:
    """A button re-renders the table's parent with ``make_table(n_clicks)``."""
    app = Dash(__name__)
    app.layout = html.Div([html.Button(id="again"), html.Div(make_table(None), id="holder")])

    @app.callback(Output("holder", "children"), Input("again", "n_clicks"), prevent_initial_call=True)
    def again(n: int) -> Any:
        return make_table(n)

    return app


def names(d: AppDriver) -> list[str]:
    return [c["name"] for c in d.get("table", "columns")]


def rename_and_hide(d: AppDriver) -> None:
    """What the table's header edit and hide buttons send: new columns, then hidden_columns."""
    columns = d.get("table", "columns")
    d.set("table", "columns", [{**columns[0], "name": "mango"}, *columns[1:]])
    d.set("table", "hidden_columns", ["c1"])


def test_datatable_keeps_renamed_columns_and_hidden_columns_through_a_re_render() -> None:
    """Dash: tests/integration/renderer/test_persistence.py::test_rdps008_unsaved_part_changed"""
    dash_table = pytest.importorskip("dash.dash_table")

    def make(n: int | None) -> Any:
        deletable = {"deletable": True} if (n or 0) % 2 else {}
        return dash_table.DataTable(id="table", columns=table_columns(**deletable), data=[{"c0": 0, "c1": 1}],
                                    persistence=True)

    with AppDriver(table_app(make)) as d:
        rename_and_hide(d)
        assert BROWSER.records["local"]["table.columns.name.true"] == '[["mango","b"],["a","b"]]'
        d.click("again")  # columns gain `deletable`: their names are unchanged, so the edit stays
        assert names(d) == ["mango", "b"] and d.get("table", "hidden_columns") == ["c1"]
        assert all(c["deletable"] for c in d.get("table", "columns"))
        d.click("again")
        assert names(d) == ["mango", "b"] and not any("deletable" in c for c in d.get("table", "columns"))


def test_datatable_a_new_value_of_one_prop_drops_only_that_edit() -> None:
    """Dash: tests/integration/renderer/test_persistence.py::test_rdps007_one_prop_changed"""
    dash_table = pytest.importorskip("dash.dash_table")

    def make(n: int | None) -> Any:
        return dash_table.DataTable(id="table", columns=table_columns(), data=[{"c0": 0, "c1": 1}], persistence=True,
                                    hidden_columns=["c0"] if (n or 0) % 2 else [])

    with AppDriver(table_app(make)) as d:
        rename_and_hide(d)
        d.click("again")  # hidden_columns gets the new value; the names stay
        assert d.get("table", "hidden_columns") == ["c0"] and names(d) == ["mango", "b"]
        d.click("again")  # back to the original hidden_columns: the saved value does not come back
        assert d.get("table", "hidden_columns") == [] and names(d) == ["mango", "b"]


def test_datatable_a_callback_returning_columns_resets_the_names_only() -> None:
    """Dash: tests/integration/renderer/test_persistence.py::test_rdps009_clear_prop_callback"""
    dash_table = pytest.importorskip("dash.dash_table")
    app = Dash(__name__)
    app.layout = html.Div([html.Button(id="reset"), dash_table.DataTable(
        id="table", columns=table_columns(), data=[{"c0": 0, "c1": 1}], persistence=True)])

    @app.callback(Output("table", "columns"), Input("reset", "n_clicks"), prevent_initial_call=True)
    def reset(_n: int) -> Any:
        return table_columns()

    with AppDriver(app) as d:
        rename_and_hide(d)
        d.click("reset")
        d.load()
        assert names(d) == ["a", "b"] and d.get("table", "hidden_columns") == ["c1"]


def test_datatable_persisted_props_choose_what_is_kept() -> None:
    """Dash: tests/integration/renderer/test_persistence.py::test_rdps005_persisted_props"""
    dash_table = pytest.importorskip("dash.dash_table")

    def make(n: int | None) -> Any:
        chosen = {"persisted_props": ["data", "columns.name"]} if (n or 0) % 2 else {}
        return dash_table.DataTable(id="table", columns=table_columns(), data=[{"c0": 0, "c1": 1}], persistence=True,
                                    **chosen)

    with AppDriver(table_app(make)) as d:
        rename_and_hide(d)
        d.click("again")  # hidden_columns not persisted now
        assert names(d) == ["mango", "b"] and d.get("table", "hidden_columns") is None
        d.click("again")  # back to the default persisted_props: hidden_columns returns
        assert names(d) == ["mango", "b"] and d.get("table", "hidden_columns") == ["c1"]


def test_a_fresh_view_restores_a_table_sort_the_layout_does_not_set() -> None:
    """The record's original is absent (the layout has no ``sort_by``): the kernel compares an absent
    prop as absent (it failed the hello with NotSerializable before), and the view gets the sort."""
    dash_table = pytest.importorskip("dash.dash_table")
    app = Dash(__name__)
    app.layout = html.Div([
        dash_table.DataTable(id="t", data=[{"c": 2}, {"c": 1}], columns=[{"id": "c", "name": "C"}],
                             sort_action="native", persistence=True),
        html.Div(id="out"),
    ])

    @app.callback(Output("out", "children"), Input("t", "sort_by"))
    def show(sort_by: Any) -> str:
        return repr(sort_by)

    page = Browser(app)
    page.post({"type": "hello", "protocol": PROTOCOL_VERSION, "view": "v1", "persisted": {
        "local": {PREFIX + "t.sort_by.true": '[[{"column_id":"c","direction":"asc"}]]'}, "session": {}}})
    assert [m["type"] for m in page.comm.sent if m["type"] in ("error", "warning")] == []
    assert page.comm.sent[-1]["type"] == "tree"
    assert app.get_props("t")["sort_by"] == [{"column_id": "c", "direction": "asc"}]
    assert app.get_props("out")["children"] == "[{'column_id': 'c', 'direction': 'asc'}]"
