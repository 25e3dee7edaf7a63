"""The headless driver behaves like the browser's components: Interval timers (real and manual
clock), click timestamps, and the Dropdown dropping values its new options no longer offer."""

from __future__ import annotations

import pytest

from nbdash import Dash, Input, Output, State, ctx, dcc, html
from nbdash.testing import AppDriver


def interval_app(**interval_props) -> Dash:
    app = Dash(__name__)
    app.layout = html.Div(
        [dcc.Interval(id="iv", **interval_props), html.Div(id="out"), html.Button(id="reset"), html.Button(id="more")]
    )

    @app.callback(Output("out", "children"), Input("iv", "n_intervals"))
    def show(n):
        return f"n={n}"

    return app


def test_manual_clock_ticks_each_interval_in_order():
    with AppDriver(interval_app(interval=100), clock="manual") as d:
        assert d.get("out", "children") == "n=None"
        assert d.advance(0.099) == 0
        assert d.advance(0.001) == 1
        assert d.advance(0.35) == 3
        assert d.history("out", "children") == [None, "n=None", "n=1", "n=2", "n=3", "n=4"]


def test_max_intervals_stops_and_zero_never_starts():
    with AppDriver(interval_app(interval=100, max_intervals=2), clock="manual") as d:
        assert d.advance(5) == 2
        assert d.get("iv", "n_intervals") == 2
    with AppDriver(interval_app(interval=100, max_intervals=0), clock="manual") as d:
        assert d.advance(5) == 0


def test_disabled_interval_does_not_tick_until_enabled():
    app = interval_app(interval=100, disabled=True)

    @app.callback(Output("iv", "disabled"), Input("more", "n_clicks"), prevent_initial_call=True)
    def enable(n):
        return False

    with AppDriver(app, clock="manual") as d:
        assert d.advance(1) == 0
        d.advance(0.05)
        d.click("more")  # enabled at t=1.05: first tick one interval later
        d.advance(0.099)
        assert d.get("iv", "n_intervals") is None
        d.advance(0.001)
        assert d.get("iv", "n_intervals") == 1


def test_resetting_n_intervals_after_the_limit_restarts_the_timer():
    app = interval_app(interval=100, max_intervals=2)

    @app.callback(Output("iv", "n_intervals"), Input("reset", "n_clicks"), prevent_initial_call=True)
    def reset(n):
        return 0

    @app.callback(Output("iv", "max_intervals"), Input("more", "n_clicks"), prevent_initial_call=True)
    def more(n):
        return 3

    with AppDriver(app, clock="manual") as d:
        d.advance(1)
        assert d.get("iv", "n_intervals") == 2
        d.click("reset")
        assert d.advance(1) == 2
        assert d.get("iv", "n_intervals") == 2
        d.click("more")  # raising max_intervals past n_intervals starts it again
        assert d.advance(1) == 1
        assert d.get("iv", "n_intervals") == 3


def test_new_interval_restarts_with_the_new_period():
    app = interval_app(interval=100)

    @app.callback(Output("iv", "interval"), Input("more", "n_clicks"), prevent_initial_call=True)
    def slower(n):
        return 1000

    with AppDriver(app, clock="manual") as d:
        d.advance(0.25)
        d.click("more")
        assert d.advance(0.999) == 0
        assert d.advance(0.001) == 1


def test_interval_inserted_and_removed_by_callbacks():
    app = Dash(__name__)
    app.layout = html.Div([html.Button(id="b"), html.Div(id="box"), html.Div(id="out")])

    @app.callback(Output("box", "children"), Input("b", "n_clicks"))
    def box(n):
        return dcc.Interval(id="iv", interval=100) if n == 1 else "no timer"

    @app.callback(Output("out", "children"), Input("iv", "n_intervals"), prevent_initial_call=True)
    def show(n):
        return n

    with AppDriver(app, clock="manual") as d:
        assert d.advance(1) == 0
        d.click("b")
        assert d.advance(0.3) == 3
        assert d.get("out", "children") == 3
        d.click("b")
        assert d.advance(1) == 0


def test_real_clock_ticks_while_the_driver_is_open():
    with AppDriver(interval_app(interval=10, max_intervals=3)) as d:
        d.wait_for(lambda: d.get("out", "children") == "n=3", timeout=5)
    assert d.get("iv", "n_intervals") == 3


def test_advance_needs_a_manual_clock():
    with AppDriver(interval_app(interval=100)) as d, pytest.raises(RuntimeError, match='clock="manual"'):
        d.advance(1)
    with pytest.raises(ValueError, match="manual"):
        AppDriver(interval_app(), clock="fast")


def test_click_sets_both_props_in_one_event_with_increasing_timestamps():
    app = Dash(__name__)
    app.layout = html.Div([html.Button(id="b", n_clicks=0, n_clicks_timestamp=-1), html.Div(id="o")])
    seen = []

    @app.callback(Output("o", "children"), Input("b", "n_clicks"), Input("b", "n_clicks_timestamp"))
    def show(n, t):
        seen.append((n, t, list(ctx.triggered_prop_ids)))
        return n

    with AppDriver(app, clock="manual") as d:
        for _ in range(3):  # no time passes on a manual clock: still strictly increasing
            d.click("b")
    assert seen[0] == (0, -1, [])
    assert [s[2] for s in seen[1:]] == [["b.n_clicks", "b.n_clicks_timestamp"]] * 3
    stamps = [s[1] for s in seen[1:]]
    assert stamps[0] < stamps[1] < stamps[2]


def dropdown_app(**dropdown_props) -> Dash:
    app = Dash(__name__)
    app.layout = html.Div([html.Button(id="b"), dcc.Dropdown(id="dd", **dropdown_props), html.Div(id="o")])

    @app.callback(Output("dd", "options"), Input("b", "n_clicks"), prevent_initial_call=True)
    def narrow(n):
        return [{"label": "A", "value": "a"}, {"label": "B", "value": "b"}]

    @app.callback(Output("o", "children"), Input("dd", "value"))
    def show(value):
        return repr(value)

    return app


def test_multi_dropdown_drops_values_new_options_no_longer_offer():
    with AppDriver(dropdown_app(options=["a", "b", "c"], value=["a", "c"], multi=True)) as d:
        d.click("b")
        assert d.get("dd", "value") == ["a"]
        assert d.history("o", "children") == [None, "['a', 'c']", "['a']"]
        assert [c.name for c in d.calls] == ["show", "narrow", "show"]


def test_single_dropdown_value_becomes_none_and_list_in_single_dropdown_stays():
    with AppDriver(dropdown_app(options=["a", "c"], value="c")) as d:
        d.click("b")
        assert d.get("dd", "value") is None
        assert d.get("o", "children") == "None"
    with AppDriver(dropdown_app(options=["a", "c"], value=["c"])) as d:
        d.click("b")
        assert d.get("dd", "value") == ["c"]


def test_dropdown_checks_at_mount_and_not_while_searching():
    with AppDriver(dropdown_app(options=["a", "b"], value=["a", "zz"], multi=True)) as d:
        assert d.get("dd", "value") == ["a"]
        assert [c.name for c in d.calls] == ["show"]  # merged into the initial call
        assert d.get("o", "children") == "['a']"
    with AppDriver(dropdown_app(options=["a", "c"], value="c", search_value="x")) as d:
        d.click("b")
        assert d.get("dd", "value") == "c"


def test_dropdown_value_membership_is_javascripts():
    app = dropdown_app(options=[1, 2.5, True], value=[1.0, "1", 2.5, 1, True], multi=True)
    with AppDriver(app) as d:
        assert d.get("dd", "value") == [1.0, 2.5, 1, True]


def test_dropdown_value_set_by_callback_checked_only_while_never_checked():
    app = Dash(__name__)
    app.layout = html.Div([html.Button(id="b"), dcc.Dropdown(id="dd", options=["a"]), dcc.Dropdown(id="dd2", options=["a"], value="a")])

    @app.callback(Output("dd", "value"), Output("dd2", "value"), Input("b", "n_clicks"), State("dd", "value"), prevent_initial_call=True)
    def pick(n, v):
        return "zz", "zz"

    with AppDriver(app) as d:
        d.click("b")
        assert d.get("dd", "value") is None  # never checked: the new value is checked
        assert d.get("dd2", "value") == "zz"  # checked at mount with these options: kept (as Dash)


def test_dropdown_value_the_user_sets_is_kept():
    """d.set is the user's pick: a browser offers only valid values, so the driver never prunes it
    (tests may leave options out), and the pick counts as checked, as in Dash."""
    app = dropdown_app()
    with AppDriver(app) as d:
        d.set("dd", "value", "figs")
        assert d.get("dd", "value") == "figs"
        assert d.history("o", "children") == [None, "None", "'figs'"]
