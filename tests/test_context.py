"""``ctx`` / ``callback_context``: the exact shapes of every attribute (spec §4), and where it is
available (inside a callback, not outside, not in a plain thread the callback starts)."""

from __future__ import annotations

import contextvars
import hashlib
import threading

import pytest

import nbdash
from nbdash import ALL, MATCH, Dash, Input, Output, State, callback_context, ctx, dcc, html, set_props
from nbdash.exceptions import MissingCallbackContextException
from nbdash.testing import AppDriver


def make_app(*children) -> Dash:
    app = Dash(__name__)
    app.layout = html.Div(list(children))
    return app


def item(i: int) -> dict:
    return {"type": "it", "index": i}


def item_str(i: int) -> str:
    return '{"index":%d,"type":"it"}' % i


def std_layout():
    return [
        dcc.Input(id="a", value="A"),
        dcc.Input(id="b", value="B"),
        html.Button(id="btn"),
        dcc.Input(id=item(0), value=0),
        dcc.Input(id=item(1), value=1),
        html.Div(id="o"),
        html.Div(id="o2"),
    ]


# ==========================================================================================
# Identity
# ==========================================================================================


def test_ctx_is_callback_context():
    assert ctx is callback_context
    assert nbdash.ctx is nbdash.callback_context


# ==========================================================================================
# triggered / triggered_prop_ids / triggered_id
# ==========================================================================================


def test_triggered_lists_prop_id_and_current_value():
    app = make_app(*std_layout())
    seen = []

    @app.callback(Output("o", "children"), Input("btn", "n_clicks"), Input("a", "value"), prevent_initial_call=True)
    def f(n, a):
        seen.append((list(ctx.triggered), bool(ctx.triggered)))
        return n

    with AppDriver(app) as d:
        d.click("btn")
        d.set("a", "value", "A2")
    assert seen == [
        ([{"prop_id": "btn.n_clicks", "value": 1}], True),
        ([{"prop_id": "a.value", "value": "A2"}], True),
    ]


def test_initial_call_context_values():
    app = make_app(*std_layout())
    seen = {}

    @app.callback(Output("o", "children"), Input("a", "value"), Input("btn", "n_clicks"))
    def f(a, n):
        seen["triggered"] = list(ctx.triggered)
        seen["falsy"] = not ctx.triggered
        seen["triggered_id"] = ctx.triggered_id
        seen["triggered_prop_ids"] = ctx.triggered_prop_ids
        seen["leaf_triggered"] = [leaf["triggered"] for leaf in ctx.args_grouping]
        seen["inputs"] = dict(ctx.inputs)
        return a

    with AppDriver(app):
        pass
    assert seen == {
        "triggered": [{"prop_id": ".", "value": None}],
        "falsy": True,
        "triggered_id": None,
        "triggered_prop_ids": {},
        "leaf_triggered": [False, False],
        "inputs": {"a.value": "A", "btn.n_clicks": None},
    }


def test_triggered_prop_ids_maps_prop_id_to_component_id():
    app = make_app(*std_layout())
    seen = []

    @app.callback(Output("o", "children"), Input("btn", "n_clicks"), prevent_initial_call=True)
    def f(n):
        seen.append(ctx.triggered_prop_ids)
        return n

    with AppDriver(app) as d:
        d.click("btn")
    assert seen == [{"btn.n_clicks": "btn"}]


def test_triggered_prop_ids_parses_dict_ids_with_attribute_access():
    app = make_app(*std_layout())
    seen = []

    @app.callback(Output("o", "children"), Input({"type": "it", "index": ALL}, "value"), prevent_initial_call=True)
    def f(vals):
        seen.append(ctx.triggered_prop_ids)
        return sum(vals)

    with AppDriver(app) as d:
        d.set(item(1), "value", 5)
    (tpi,) = seen
    assert tpi == {item_str(1) + ".value": {"type": "it", "index": 1}}
    assert tpi[item_str(1) + ".value"].index == 1
    assert tpi[item_str(1) + ".value"].type == "it"


def test_triggered_id_is_a_dict_with_attribute_access_for_pattern_ids():
    app = make_app(*std_layout())
    seen = []

    @app.callback(Output("o", "children"), Input({"type": "it", "index": ALL}, "value"), prevent_initial_call=True)
    def f(vals):
        tid = ctx.triggered_id
        seen.append((tid, tid.index, tid.type, tid == {"type": "it", "index": 0}, ctx.triggered[0]["prop_id"]))
        return 0

    with AppDriver(app) as d:
        d.set(item(0), "value", 7)
    assert seen == [({"index": 0, "type": "it"}, 0, "it", True, item_str(0) + ".value")]


def test_triggered_id_is_only_the_first_trigger():
    app = make_app(html.Button(id="btn"), html.Div(id="a1"), html.Div(id="a2"), html.Div(id="c"))
    seen = []

    @app.callback(Output("a1", "children"), Output("a2", "children"), Input("btn", "n_clicks"),
                  prevent_initial_call=True)
    def up(n):
        return "x", "y"

    @app.callback(Output("c", "children"), Input("a2", "children"), Input("a1", "children"),
                  prevent_initial_call=True)
    def down(a2, a1):
        seen.append((ctx.triggered_id, [t["prop_id"] for t in ctx.triggered], dict(ctx.triggered_prop_ids)))
        return a1 + a2

    with AppDriver(app) as d:
        d.click("btn")
    assert seen == [("a1", ["a1.children", "a2.children"], {"a1.children": "a1", "a2.children": "a2"})]


# ==========================================================================================
# inputs / states / *_list
# ==========================================================================================


def _capture_app(seen: dict):
    app = make_app(*std_layout())

    @app.callback(
        Output("o", "children"),
        Input("a", "value"),
        Input({"type": "it", "index": ALL}, "value"),
        State("b", "value"),
        State({"type": "it", "index": ALL}, "value"),
        prevent_initial_call=True,
    )
    def f(a, items, b, items_state):
        seen["inputs"] = dict(ctx.inputs)
        seen["states"] = dict(ctx.states)
        seen["inputs_list"] = ctx.inputs_list
        seen["states_list"] = ctx.states_list
        seen["outputs_list"] = ctx.outputs_list
        seen["outputs_grouping"] = ctx.outputs_grouping
        return "ok"

    return app


def test_inputs_and_states_are_expanded_for_all():
    seen: dict = {}
    with AppDriver(_capture_app(seen)) as d:
        d.set("a", "value", "A2")
    assert seen["inputs"] == {"a.value": "A2", item_str(0) + ".value": 0, item_str(1) + ".value": 1}
    assert seen["states"] == {"b.value": "B", item_str(0) + ".value": 0, item_str(1) + ".value": 1}


def test_inputs_is_attribute_dict():
    app = make_app(*std_layout())
    seen = []

    @app.callback(Output("o", "children"), Input("a", "value"))
    def f(a):
        seen.append(ctx.inputs["a.value"])
        return a

    with AppDriver(app):
        pass
    assert seen == ["A"]


def test_inputs_list_and_states_list_one_entry_per_dependency_list_for_all():
    seen: dict = {}
    with AppDriver(_capture_app(seen)) as d:
        d.set("a", "value", "A2")
    items = [{"id": item(0), "property": "value", "value": 0}, {"id": item(1), "property": "value", "value": 1}]
    assert seen["inputs_list"] == [{"id": "a", "property": "value", "value": "A2"}, items]
    assert seen["states_list"] == [{"id": "b", "property": "value", "value": "B"}, items]


def test_outputs_list_is_a_dict_for_a_single_output():
    seen: dict = {}
    with AppDriver(_capture_app(seen)) as d:
        d.set("a", "value", "A2")
    assert seen["outputs_list"] == {"id": "o", "property": "children"}
    assert seen["outputs_grouping"] == {"id": "o", "property": "children"}


def test_outputs_list_is_a_list_for_multi_output_and_nested_for_all():
    app = make_app(*std_layout(), html.Div(id={"type": "x", "index": 0}), html.Div(id={"type": "x", "index": 1}))
    seen = {}

    @app.callback(
        [Output("o", "children"), Output({"type": "x", "index": ALL}, "children")],
        Input("btn", "n_clicks"),
        prevent_initial_call=True,
    )
    def f(n):
        seen["outputs_list"] = ctx.outputs_list
        seen["outputs_grouping"] = ctx.outputs_grouping
        seen["using_outputs_grouping"] = ctx.using_outputs_grouping
        return "o", ["x0", "x1"]

    with AppDriver(app) as d:
        d.click("btn")
    expected = [
        {"id": "o", "property": "children"},
        [{"id": {"type": "x", "index": 0}, "property": "children"}, {"id": {"type": "x", "index": 1}, "property": "children"}],
    ]
    assert seen["outputs_list"] == expected
    assert seen["outputs_grouping"] == expected
    assert seen["using_outputs_grouping"] is False


def test_outputs_list_is_empty_for_a_no_output_callback():
    app = make_app(*std_layout())
    seen = []

    @app.callback(Input("btn", "n_clicks"), prevent_initial_call=True)
    def f(n):
        seen.append(ctx.outputs_list)

    with AppDriver(app) as d:
        d.click("btn")
    assert seen == [[]]


def test_outputs_list_keeps_the_hash_suffix_of_allow_duplicate_outputs():
    app = make_app(*std_layout())
    seen = []

    @app.callback(Output("o", "children", allow_duplicate=True), Input("btn", "n_clicks"), State("a", "value"),
                  prevent_initial_call=True)
    def f(n, a):
        seen.append(ctx.outputs_list)
        return "dup"

    with AppDriver(app) as d:
        d.click("btn")
        assert d.get("o", "children") == "dup"
    digest = hashlib.sha256("btn.n_clicks".encode()).hexdigest()  # only the Inputs are hashed
    assert seen == [{"id": "o", "property": f"children@{digest}"}]


def test_outputs_grouping_follows_a_dict_output_grouping():
    app = make_app(*std_layout())
    seen = {}

    @app.callback(output=dict(first=Output("o", "children"), second=Output("o2", "children")),
                  inputs=[Input("btn", "n_clicks")], prevent_initial_call=True)
    def f(n):
        seen["grouping"] = ctx.outputs_grouping
        seen["using"] = ctx.using_outputs_grouping
        return dict(first=1, second=2)

    with AppDriver(app) as d:
        d.click("btn")
        assert (d.get("o", "children"), d.get("o2", "children")) == (1, 2)
    assert seen == {
        "grouping": {"first": {"id": "o", "property": "children"}, "second": {"id": "o2", "property": "children"}},
        "using": True,
    }


# ==========================================================================================
# args_grouping
# ==========================================================================================


def test_args_grouping_single_positional_input_is_a_dict_not_a_list():
    app = make_app(*std_layout())
    seen = []

    @app.callback(Output("o", "children"), Input("a", "value"), prevent_initial_call=True)
    def f(a):
        seen.append((ctx.args_grouping, ctx.using_args_grouping))
        return a

    with AppDriver(app) as d:
        d.set("a", "value", "A2")
    (grouping, using), = seen
    assert grouping == {"id": "a", "property": "value", "value": "A2", "str_id": "a", "triggered": True}
    assert grouping.str_id == "a"
    assert grouping.triggered is True
    assert using is False


def test_args_grouping_several_positional_deps_give_a_list_with_all_as_a_list_of_leaves():
    app = make_app(*std_layout())
    seen = []

    @app.callback(Output("o", "children"), Input("a", "value"), Input({"type": "it", "index": ALL}, "value"),
                  State("b", "value"), prevent_initial_call=True)
    def f(a, items, b):
        seen.append((ctx.args_grouping, ctx.using_args_grouping))
        return a

    with AppDriver(app) as d:
        d.set(item(1), "value", 11)
    (grouping, using), = seen
    assert grouping == [
        {"id": "a", "property": "value", "value": "A", "str_id": "a", "triggered": False},
        [
            {"id": item(0), "property": "value", "value": 0, "str_id": item_str(0), "triggered": False},
            {"id": item(1), "property": "value", "value": 11, "str_id": item_str(1), "triggered": True},
        ],
        {"id": "b", "property": "value", "value": "B", "str_id": "b", "triggered": False},
    ]
    assert grouping[1][1].id.index == 1
    assert using is False


def test_args_grouping_dict_grouping_gives_a_dict_and_sets_using_args_grouping():
    app = make_app(*std_layout())
    seen = []

    @app.callback(Output("o", "children"), inputs=dict(x=Input("a", "value"), y=Input("btn", "n_clicks")),
                  state=dict(z=State("b", "value")), prevent_initial_call=True)
    def f(x, y, z):
        seen.append((ctx.args_grouping, ctx.using_args_grouping))
        return x

    with AppDriver(app) as d:
        d.click("btn")
    (grouping, using), = seen
    assert grouping == {
        "x": {"id": "a", "property": "value", "value": "A", "str_id": "a", "triggered": False},
        "y": {"id": "btn", "property": "n_clicks", "value": 1, "str_id": "btn", "triggered": True},
        "z": {"id": "b", "property": "value", "value": "B", "str_id": "b", "triggered": False},
    }
    assert grouping["y"].triggered is True and grouping["x"].str_id == "a"
    assert using is True


def test_args_grouping_for_a_match_dependency_parses_the_id():
    app = make_app(*std_layout(), html.Div(id={"type": "out", "index": 0}), html.Div(id={"type": "out", "index": 1}))
    seen = []

    @app.callback(Output({"type": "out", "index": MATCH}, "children"), Input({"type": "it", "index": MATCH}, "value"),
                  prevent_initial_call=True)
    def f(v):
        seen.append(ctx.args_grouping)
        return v

    with AppDriver(app) as d:
        d.set(item(1), "value", 9)
    (leaf,) = seen
    assert leaf == {"id": item(1), "property": "value", "value": 9, "str_id": item_str(1), "triggered": True}
    assert leaf.id.index == 1 and leaf.id.type == "it"


def test_using_args_grouping_true_for_interleaved_state_and_input():
    app = make_app(*std_layout())
    seen = []

    @app.callback(Output("o", "children"), State("b", "value"), Input("a", "value"), prevent_initial_call=True)
    def f(b, a):
        seen.append((b, a, ctx.using_args_grouping))
        return a

    with AppDriver(app) as d:
        d.set("a", "value", "A2")
    assert seen == [("B", "A2", True)]


def test_args_grouping_value_is_none_for_props_not_in_the_layout():
    app = make_app(*std_layout())
    seen = []

    @app.callback(Output("o", "children"), Input("btn", "n_clicks"))
    def f(n):
        seen.append(ctx.args_grouping["value"])
        return n

    with AppDriver(app):
        pass
    assert seen == [None]


# ==========================================================================================
# record_timing
# ==========================================================================================


def test_record_timing_duplicate_name_raises_key_error():
    app = make_app(*std_layout())
    seen = []

    @app.callback(Output("o", "children"), Input("a", "value"))
    def f(a):
        ctx.record_timing("step", 0.01)
        with pytest.raises(KeyError) as info:
            ctx.record_timing("step", 0.02)
        seen.append(info.value.args[0])
        return a

    with AppDriver(app):
        pass
    assert seen == ['Duplicate resource name "step" found.']


# ==========================================================================================
# Outside a callback
# ==========================================================================================

ATTRIBUTES = [
    "triggered", "triggered_prop_ids", "triggered_id", "inputs", "states", "inputs_list", "states_list",
    "outputs_list", "args_grouping", "outputs_grouping", "using_args_grouping", "using_outputs_grouping",
    "response", "cookies", "headers", "path", "args", "remote", "origin", "custom_data", "timing_information",
]


@pytest.mark.parametrize("name", ATTRIBUTES)
def test_every_attribute_outside_a_callback_raises_missing_callback_context(name):
    with pytest.raises(MissingCallbackContextException) as info:
        getattr(ctx, name)
    assert str(info.value) == f"dash.callback_context.{name} is only available from a callback!"


def test_module_level_set_props_outside_a_callback_raises():
    with pytest.raises(MissingCallbackContextException) as info:
        set_props("o", {"children": "x"})
    assert str(info.value) == "dash.callback_context.set_props is only available from a callback!"


def test_ctx_set_props_outside_a_callback_raises():
    with pytest.raises(MissingCallbackContextException) as info:
        ctx.set_props("o", {"children": "x"})
    assert str(info.value) == "dash.callback_context.set_props is only available from a callback!"


def test_context_is_gone_after_the_callback_returns():
    app = make_app(*std_layout())

    @app.callback(Output("o", "children"), Input("a", "value"))
    def f(a):
        return ctx.triggered_id

    with AppDriver(app):
        pass
    with pytest.raises(MissingCallbackContextException):
        ctx.triggered  # noqa: B018


# ==========================================================================================
# Threads
# ==========================================================================================


def test_ctx_in_a_plain_thread_started_by_the_callback_raises():
    app = make_app(*std_layout())
    seen = []

    @app.callback(Output("o", "children"), Input("btn", "n_clicks"), prevent_initial_call=True)
    def f(n):
        def work():
            try:
                seen.append(ctx.triggered)
            except MissingCallbackContextException as exc:
                seen.append(exc)

        t = threading.Thread(target=work)
        t.start()
        t.join()
        return n

    with AppDriver(app) as d:
        d.click("btn")
    assert len(seen) == 1
    assert isinstance(seen[0], MissingCallbackContextException)


def test_ctx_in_a_thread_running_a_copied_context_works():
    app = make_app(*std_layout())
    seen = []

    @app.callback(Output("o", "children"), Input("btn", "n_clicks"), prevent_initial_call=True)
    def f(n):
        context = contextvars.copy_context()

        def work():
            seen.append((list(ctx.triggered), ctx.triggered_id, dict(ctx.inputs)))

        t = threading.Thread(target=context.run, args=(work,))
        t.start()
        t.join()
        return n

    with AppDriver(app) as d:
        d.click("btn")
    assert seen == [([{"prop_id": "btn.n_clicks", "value": 1}], "btn", {"btn.n_clicks": 1})]
