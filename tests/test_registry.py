"""Registering callbacks: every signature Dash accepts (spec §2.2), Dash's registration errors and
their wording (spec §2.2, §2.4, §8), stringify_id (§1.3) and dependency objects (§1.1, §1.2)."""

from __future__ import annotations

import hashlib

import pytest

from nbdash import (
    ALL,
    ALLSMALLER,
    MATCH,
    Dash,
    Input,
    Output,
    State,
    callback,
    dcc,
    html,
    stringify_id,
)
from nbdash.exceptions import (
    CallbackException,
    DuplicateCallback,
    IncorrectTypeException,
    InvalidComponentIdError,
    SchemaTypeValidationError,
    WildcardInLongCallback,
)
from nbdash.testing import AppDriver


def make_app(**kwargs) -> Dash:
    app = Dash(__name__, **kwargs)
    app.layout = html.Div([
        dcc.Input(id="a", value="A"),
        dcc.Input(id="b", value="B"),
        dcc.Input(id="s", value="S"),
        html.Button(id="btn"),
        html.Div(id="o1"),
        html.Div(id="o2"),
        html.Div(id="o3"),
    ])
    return app


# ==========================================================================================
# Signatures
# ==========================================================================================


def test_positional_output_input_state():
    app = make_app()
    seen = []

    @app.callback(Output("o1", "children"), Input("a", "value"), Input("b", "value"), State("s", "value"))
    def f(a, b, s):
        seen.append((a, b, s))
        return a + b + s

    with AppDriver(app) as d:
        assert seen == [("A", "B", "S")]
        assert d.get("o1", "children") == "ABS"


def test_keyword_output_inputs_state():
    app = make_app()

    @app.callback(output=Output("o1", "children"), inputs=[Input("a", "value")], state=[State("s", "value")])
    def f(a, s):
        return a + s

    with AppDriver(app) as d:
        assert d.get("o1", "children") == "AS"


def test_keyword_inputs_and_state_as_single_dependencies():
    app = make_app()

    @app.callback(output=Output("o1", "children"), inputs=Input("a", "value"), state=State("s", "value"))
    def f(a, s):
        return a + s

    with AppDriver(app) as d:
        assert d.get("o1", "children") == "AS"


def test_legacy_list_form():
    app = make_app()

    @app.callback([Output("o1", "children"), Output("o2", "children")], [Input("a", "value"), Input("b", "value")],
                  [State("s", "value")])
    def f(a, b, s):
        return [a + s, b + s]

    with AppDriver(app) as d:
        assert (d.get("o1", "children"), d.get("o2", "children")) == ("AS", "BS")


def test_tuples_are_flattened_like_lists():
    app = make_app()

    @app.callback((Output("o1", "children"), Output("o2", "children")), (Input("a", "value"),))
    def f(a):
        return a, a

    with AppDriver(app) as d:
        assert d.get("o2", "children") == "A"


def test_trailing_positional_bool_is_prevent_initial_call():
    app = make_app()

    @app.callback(Output("o1", "children"), Input("a", "value"), True)
    def f(a):
        return a

    with AppDriver(app) as d:
        assert d.calls == []
        d.set("a", "value", "A2")
        assert d.get("o1", "children") == "A2"


def test_trailing_bool_false_keeps_the_initial_call():
    app = make_app()

    @app.callback(Output("o1", "children"), Input("a", "value"), False)
    def f(a):
        return a

    with AppDriver(app) as d:
        assert d.triggered("f") == [[]]


def test_input_and_state_may_be_interleaved_and_arrive_in_declared_order():
    app = make_app()
    seen = []

    @app.callback(Output("o1", "children"), State("s", "value"), Input("a", "value"), State("b", "value"))
    def f(s, a, b):
        seen.append((s, a, b))
        return "ok"

    with AppDriver(app) as d:
        d.set("s", "value", "S2")  # a State: does not fire
        assert len(seen) == 1
        d.set("a", "value", "A2")
    assert seen == [("S", "A", "B"), ("S2", "A2", "B")]


def test_dict_grouping_positional_calls_with_keyword_arguments():
    app = make_app()
    seen = []

    @app.callback(Output("o1", "children"), dict(x=Input("a", "value"), y=State("s", "value")))
    def f(**kwargs):
        seen.append(kwargs)
        return "ok"

    with AppDriver(app):
        pass
    assert seen == [{"x": "A", "y": "S"}]


def test_keyword_dict_inputs_and_state_give_keyword_arguments():
    app = make_app()
    seen = []

    @app.callback(output=Output("o1", "children"), inputs=dict(first=Input("a", "value"), second=Input("b", "value")),
                  state=dict(third=State("s", "value")))
    def f(first, second, third):
        seen.append((first, second, third))
        return "ok"

    with AppDriver(app) as d:
        d.set("b", "value", "B2")
    assert seen == [("A", "B", "S"), ("A", "B2", "S")]


def test_nested_input_grouping():
    app = make_app()
    seen = []

    @app.callback(output=Output("o1", "children"),
                  inputs=dict(pair=[Input("a", "value"), Input("b", "value")], one=Input("btn", "n_clicks")),
                  state=dict(extra=(State("s", "value"),)))
    def f(pair, one, extra):
        seen.append((pair, one, extra))
        return "ok"

    with AppDriver(app):
        pass
    assert seen == [(["A", "B"], None, ["S"])]


def test_nested_output_grouping_takes_a_value_of_the_same_shape():
    app = make_app()

    @app.callback(output=dict(x=Output("o1", "children"), y=[Output("o2", "children"), Output("o3", "children")]),
                  inputs=Input("a", "value"))
    def f(a):
        return {"y": [a + "2", a + "3"], "x": a + "1"}  # key order does not matter

    with AppDriver(app) as d:
        assert [d.get(i, "children") for i in ("o1", "o2", "o3")] == ["A1", "A2", "A3"]


def test_single_output_in_a_list_needs_a_one_element_list_back():
    app = make_app()

    @app.callback([Output("o1", "children")], Input("a", "value"))
    def f(a):
        return [a]

    @app.callback(output=[Output("o2", "children")], inputs=[Input("a", "value")])
    def g(a):
        return (a,)

    with AppDriver(app) as d:
        assert (d.get("o1", "children"), d.get("o2", "children")) == ("A", "A")


def test_single_output_in_a_list_with_bare_value_fails_schema_validation():
    app = make_app()

    @app.callback([Output("o1", "children")], Input("a", "value"), prevent_initial_call=True)
    def f(a):
        return a

    with AppDriver(app) as d:
        with pytest.raises(SchemaTypeValidationError):
            d.set("a", "value", "A2")


def test_no_output_callback_registers_and_fires_initially():
    app = make_app()
    seen = []

    @app.callback(Input("a", "value"))
    def f(a):
        seen.append(a)

    with AppDriver(app):
        pass
    assert seen == ["A"]


def test_unknown_keyword_arguments_are_ignored():
    app = make_app()

    @app.callback(Output("o1", "children"), Input("a", "value"), prevent_inital_call=True)  # sic: Dash ignores it
    def f(a):
        return a

    with AppDriver(app) as d:
        assert d.triggered("f") == [[]]


def test_decorator_returns_the_original_function():
    app = make_app()

    def f(a):
        return a * 2

    assert app.callback(Output("o1", "children"), Input("a", "value"))(f) is f
    assert f("x") == "xx"

    def g(a):
        return a

    assert callback(Output("o2", "children"), Input("a", "value"))(g) is g


# ==========================================================================================
# Registration errors
# ==========================================================================================


def test_non_dependency_argument_raises_incorrect_type():
    app = make_app()
    with pytest.raises(IncorrectTypeException) as info:
        @app.callback(Output("o1", "children"), Input("a", "value"), "foo")
        def f(a):
            return a

    assert str(info.value) == (
        "Callback arguments must be `Output`, `Input`, or `State` objects,\n"
        "optionally wrapped in a list or tuple. We found (possibly after\n"
        "unwrapping a list or tuple):\n'foo'"
    )


def test_output_after_input_raises_incorrect_type_with_dashs_wording():
    app = make_app()
    with pytest.raises(IncorrectTypeException) as info:
        @app.callback(Output("o2", "children"), Input("b", "n_clicks"), Output("o1", "children"))
        def f(b):
            return b

    assert str(info.value) == (
        "In a callback definition, you must provide all Outputs first,\n"
        "then all Inputs, then all States. After this item:\n"
        "<Input `b.n_clicks`>\n"
        "we found this item next:\n"
        "<Output `o1.children`>"
    )


def test_input_after_state_in_lists_is_fine_but_output_after_state_is_not():
    app = make_app()
    with pytest.raises(IncorrectTypeException) as info:
        @app.callback([Output("o1", "children")], [Input("a", "value")], [State("s", "value")], [Output("o2", "children")])
        def f(a, s):
            return [a]

    assert "After this item:\n<State `s.value`>\nwe found this item next:\n<Output `o2.children`>" in str(info.value)


def test_component_property_must_be_a_string():
    app = make_app()
    with pytest.raises(IncorrectTypeException) as info:
        @app.callback(Output("o1", "children"), Input("a", 5))
        def f(a):
            return a

    assert str(info.value) == "component_property must be a string, found 5"


def test_component_id_must_be_a_string_or_dict():
    app = make_app()
    with pytest.raises(IncorrectTypeException) as info:
        @app.callback(Output("o1", "children"), Input(5, "value"))
        def f(a):
            return a

    assert str(info.value) == "component_id must be a string or dict, found 5"


def test_wildcard_id_keys_must_be_strings():
    app = make_app()
    with pytest.raises(IncorrectTypeException) as info:
        @app.callback(Output("o1", "children"), Input({2: ALL}, "value"))
        def f(a):
            return a

    assert str(info.value) == "Wildcard ID keys must be non-empty strings,\nfound 2 in id {2: <ALL>}"


def test_non_output_in_output_keyword_raises_value_error():
    app = make_app()
    with pytest.raises(ValueError) as info:
        @app.callback(output=[Output("o1", "children"), Input("a", "value")], inputs=[Input("b", "value")])
        def f(b):
            return [b, b]

    assert str(info.value).startswith("Invalid value provided where an Output dependency object was expected:")


def test_state_keyword_without_inputs_keyword_raises_value_error():
    app = make_app()
    with pytest.raises(ValueError) as info:
        @app.callback(Output("o1", "children"), Input("a", "value"), state=[State("s", "value")])
        def f(a, s):
            return a

    assert str(info.value) == "The state keyword argument may not be provided without the input keyword argument"


def test_dict_inputs_with_list_state_raises_value_error():
    app = make_app()
    with pytest.raises(ValueError) as info:
        @app.callback(output=Output("o1", "children"), inputs=dict(a=Input("a", "value")), state=[State("s", "value")])
        def f(a, s):
            return a

    assert str(info.value) == (
        "The input argument to app.callback was a dict, but the state argument was not.\n"
        "input and state arguments must have the same type"
    )


def test_list_inputs_with_dict_state_raises_value_error():
    app = make_app()
    with pytest.raises(ValueError) as info:
        @app.callback(output=Output("o1", "children"), inputs=[Input("a", "value")], state=dict(s=State("s", "value")))
        def f(a, s):
            return a

    assert str(info.value) == (
        "The input argument to app.callback was a list, but the state argument was not.\n"
        "input and state arguments must have the same type"
    )


ALLOW_DUPLICATE_MESSAGE = (
    "allow_duplicate requires prevent_initial_call to be True. The order of the call is not guaranteed to be "
    "the same on every page load. To enable duplicate callback with initial call, set "
    "prevent_initial_call='initial_duplicate'  or globally in the config "
    "prevent_initial_callbacks='initial_duplicate'"
)


def test_allow_duplicate_without_prevent_initial_call_raises_duplicate_callback():
    app = make_app()
    with pytest.raises(DuplicateCallback) as info:
        @app.callback(Output("o1", "children", allow_duplicate=True), Input("a", "value"))
        def f(a):
            return a

    assert str(info.value) == ALLOW_DUPLICATE_MESSAGE
    assert "'initial_duplicate'  or" in str(info.value)  # Dash's double space


@pytest.mark.parametrize("prevent", [True, "initial_duplicate"])
def test_allow_duplicate_accepted_with_prevent_initial_call(prevent):
    app = make_app()

    @app.callback(Output("o1", "children", allow_duplicate=True), Input("a", "value"), prevent_initial_call=prevent)
    def f(a):
        return a

    @app.callback(Output("o1", "children", allow_duplicate=True), Input("b", "value"), prevent_initial_call=prevent)
    def g(b):
        return b

    with AppDriver(app) as d:
        d.set("b", "value", "B2")
        assert d.get("o1", "children") == "B2"


@pytest.mark.parametrize("config", [True, "initial_duplicate"])
def test_allow_duplicate_accepted_with_app_level_config_for_app_callback(config):
    app = make_app(prevent_initial_callbacks=config)

    @app.callback(Output("o1", "children", allow_duplicate=True), Input("a", "value"))
    def f(a):
        return a


def test_allow_duplicate_with_module_callback_ignores_app_level_config():
    make_app(prevent_initial_callbacks=True)
    with pytest.raises(DuplicateCallback) as info:
        @callback(Output("o1", "children", allow_duplicate=True), Input("a", "value"))
        def f(a):
            return a

    assert str(info.value) == ALLOW_DUPLICATE_MESSAGE


@pytest.mark.parametrize(
    "deps",
    [
        (Output("o.1", "children"), Input("a", "value")),
        (Output("o1", "children"), Input("o.1", "value")),
        (Output("o1", "children"), Input("a", "value"), State("o.1", "value")),
    ],
    ids=["Output", "Input", "State"],
)
def test_ids_with_a_period_raise_invalid_component_id(deps):
    app = make_app()
    with pytest.raises(InvalidComponentIdError) as info:
        @app.callback(*deps)
        def f(*args):
            return None

    assert str(info.value) == "The element `o.1` contains `.` in its ID.\nCharacters `.`, `{` are not allowed in IDs."


def test_invalid_component_id_is_an_ids_cant_contain_periods_callback_exception():
    from nbdash.exceptions import IDsCantContainPeriods

    assert issubclass(InvalidComponentIdError, IDsCantContainPeriods)
    assert issubclass(InvalidComponentIdError, CallbackException)


def test_pattern_ids_in_progress_of_a_background_callback_raise_wildcard_in_long_callback():
    app = make_app()
    bad = Output({"type": "p", "index": MATCH}, "children")
    with pytest.raises(WildcardInLongCallback) as info:
        @app.callback(Output("o1", "children"), Input("a", "value"), background=True, progress=bad)
        def f(set_progress, a):
            return a

    assert str(info.value) == (
        "background callbacks does not support dependencies with pattern-matching ids\n"
        f" Received: {bad!r}"
    )


def test_pattern_ids_in_cancel_of_a_background_callback_raise_wildcard_in_long_callback():
    app = make_app()
    bad = Input({"type": "c", "index": ALL}, "n_clicks")
    with pytest.raises(WildcardInLongCallback) as info:
        @app.callback(Output("o1", "children"), Input("a", "value"), background=True, cancel=[bad])
        def f(a):
            return a

    assert "background callbacks does not support dependencies with pattern-matching ids" in str(info.value)
    assert repr(bad) in str(info.value)


# ==========================================================================================
# stringify_id
# ==========================================================================================


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("plain", "plain"),
        ({"type": "btn", "index": 2}, '{"index":2,"type":"btn"}'),
        ({"b": 1, "a": "x"}, '{"a":"x","b":1}'),
        ({"index": MATCH, "type": "x"}, '{"index":["MATCH"],"type":"x"}'),
        ({"index": ALL}, '{"index":["ALL"]}'),
        ({"index": ALLSMALLER}, '{"index":["ALLSMALLER"]}'),
        ({"flag": True, "n": 1.0}, '{"flag":true,"n":1.0}'),
        ({"name": "é"}, '{"name":"\\u00e9"}'),
        ({"dotted": "a.b"}, '{"dotted":"a.b"}'),
    ],
)
def test_stringify_id(value, expected):
    assert stringify_id(value) == expected


# ==========================================================================================
# Dependency objects
# ==========================================================================================


def test_dependency_str_repr_hash_and_to_dict():
    dep = Input("btn", "n_clicks")
    assert str(dep) == "btn.n_clicks"
    assert repr(dep) == "<Input `btn.n_clicks`>"
    assert repr(Output("o", "children")) == "<Output `o.children`>"
    assert repr(State("s", "value")) == "<State `s.value`>"
    assert hash(dep) == hash("btn.n_clicks")
    assert dep.to_dict() == {"id": "btn", "property": "n_clicks"}
    assert Input("a", "value", allow_optional=True).to_dict() == {"id": "a", "property": "value", "allow_optional": True}
    pattern = Input({"type": "x", "index": MATCH}, "value")
    assert str(pattern) == '{"index":["MATCH"],"type":"x"}.value'
    assert pattern.to_dict() == {"id": '{"index":["MATCH"],"type":"x"}', "property": "value"}


def test_wildcard_str_repr_and_json():
    assert (str(MATCH), str(ALL), str(ALLSMALLER)) == ("MATCH", "ALL", "ALLSMALLER")
    assert repr(MATCH) == "<MATCH>"
    assert MATCH.to_json() == '["MATCH"]'


@pytest.mark.parametrize(
    ("left", "right", "equal"),
    [
        (Input("a", "value"), Input("a", "value"), True),
        (Input("a", "value"), State("a", "value"), True),
        (Input("a", "value"), Output("a", "value"), True),
        (Input("a", "value"), Input("a", "children"), False),
        (Input("a", "value"), Input("b", "value"), False),
        (Input("a", "value"), Input({"id": "a"}, "value"), False),
        (Input({"t": "x", "i": 1}, "v"), Input({"i": 1, "t": "x"}, "v"), True),
        (Input({"t": "x", "i": 1}, "v"), Input({"t": "x", "i": 2}, "v"), False),
        (Input({"t": "x", "i": 1}, "v"), Input({"t": "x"}, "v"), False),
        (Input({"t": "x", "i": ALL}, "v"), Input({"t": "x", "i": 5}, "v"), True),
        (Input({"t": "x", "i": MATCH}, "v"), Input({"t": "x", "i": 5}, "v"), True),
        (Input({"t": "x", "i": ALLSMALLER}, "v"), Input({"t": "x", "i": 5}, "v"), True),
        (Input({"t": "x", "i": ALL}, "v"), Input({"t": "x", "i": MATCH}, "v"), True),
        (Input({"t": "x", "i": ALL}, "v"), Input({"t": "x", "i": ALLSMALLER}, "v"), True),
        (Input({"t": "x", "i": MATCH}, "v"), Input({"t": "x", "i": MATCH}, "v"), True),
        (Input({"t": "x", "i": MATCH}, "v"), Input({"t": "x", "i": ALLSMALLER}, "v"), False),
        (Input({"t": "x", "i": MATCH}, "v"), Input({"t": "y", "i": MATCH}, "v"), False),
    ],
)
def test_dependency_equality_rules(left, right, equal):
    assert (left == right) is equal
    assert (right == left) is equal


def test_component_instance_as_id_gets_a_generated_id():
    div = html.Div()
    dep = Output(div, "children")
    assert isinstance(dep.component_id, str) and dep.component_id
    assert div.id == dep.component_id
    named = html.Div(id="named")
    assert Output(named, "children").component_id == "named"


def test_allow_duplicate_callback_id_hashes_only_the_inputs():
    app = make_app()

    @app.callback(Output("o1", "children", allow_duplicate=True), Input("a", "value"), State("s", "value"),
                  prevent_initial_call=True)
    def f(a, s):
        return a

    digest = hashlib.sha256("a.value".encode()).hexdigest()
    assert f"o1.children@{digest}" in app.callback_map


def test_callback_ids_for_single_and_multi_outputs():
    app = make_app()

    @app.callback(Output("o1", "children"), Input("a", "value"))
    def single(a):
        return a

    @app.callback([Output("o2", "children"), Output("o3", "children")], Input("a", "value"))
    def multi(a):
        return a, a

    @app.callback([Output("btn", "title")], Input("a", "value"))
    def wrapped(a):
        return [a]

    assert {"o1.children", "..o2.children...o3.children..", "..btn.title.."} <= set(app.callback_map)


def test_two_allow_duplicate_callbacks_with_the_same_inputs_are_both_kept():
    """Rule 13: Dash's ids collide here (only Inputs are hashed); nbdash keeps both."""
    app = make_app()
    ran = []

    @app.callback(Output("o1", "children", allow_duplicate=True), Input("btn", "n_clicks"), State("a", "value"),
                  prevent_initial_call=True)
    def first(n, a):
        ran.append("first")
        return "first"

    @app.callback(Output("o1", "children", allow_duplicate=True), Input("btn", "n_clicks"), State("b", "value"),
                  prevent_initial_call=True)
    def second(n, b):
        ran.append("second")
        return "second"

    with AppDriver(app) as d:
        d.click("btn")
        assert d.errors == []
    assert sorted(ran) == ["first", "second"]


def test_two_no_output_callbacks_with_the_same_inputs_are_both_kept():
    app = make_app()
    ran = []

    @app.callback(Input("btn", "n_clicks"), prevent_initial_call=True)
    def first(n):
        ran.append("first")

    @app.callback(Input("btn", "n_clicks"), prevent_initial_call=True)
    def second(n):
        ran.append("second")

    with AppDriver(app) as d:
        d.click("btn")
    assert sorted(ran) == ["first", "second"]
