"""Dash's tests/unit/library/test_grouped_callbacks.py, re-expressed with AppDriver: instead of
calling the wrapped function from ``callback_map``, each grouping is returned by / handed to a
callback of a running app, one Div per leaf. The grouping fixtures are Dash's
tests/unit/library/fixtures.py cases."""

from __future__ import annotations

import string

import pytest

from nbdash import Dash, Input, Output, State, html
from nbdash._grouping import flatten_grouping, make_grouping_by_index
from nbdash.exceptions import IncorrectTypeException
from nbdash.testing import AppDriver

from .helpers import needs_clientside

MIXED = [
    ([[0, 1], 2], 3),
    ([0, [1, [2, 3], []], [], [4, [[5, [6, [7, 8]]], 9]]], 10),
    ({"A": [0, 1], "B": 2}, 3),
    (dict(k0=0, k6=dict(k1=1, k2=dict(k3=2, k4=3), k5=[]), k7=[], k13=dict(k8=4, k9=dict(k10=dict(k11=5), k12=6))), 7),
    ([dict(k0=0, k6=dict(k1=1, k2=dict(k3=2, k4=3), k5=[]), k7=[], k13=dict(k8=4, k9=[5, 6], k12=[])), 7, [[8, dict(k13=[9, 10, 11], k14=dict(k15=12))], []]], 13),
]


@pytest.fixture
def scalar_grouping_size():
    return 0, 1


@pytest.fixture(params=range(5))
def list_grouping_size(request):
    return list(range(request.param)), request.param


@pytest.fixture(params=range(5))
def dict_grouping_size(request):
    return {string.ascii_uppercase[i]: i for i in range(request.param)}, request.param


@pytest.fixture(params=range(5))
def mixed_grouping_size(request):
    return MIXED[request.param]


def dependency_grouping(schema, dep_classes):
    """The schema's shape with one dependency per leaf (``component-a.children``, ...), cycling
    through ``dep_classes`` (Input, State, Input, ...)."""
    n = len(flatten_grouping(schema))
    flat = [dep_classes[i % len(dep_classes)](f"component-{string.ascii_letters[i]}", "children") for i in range(n)]
    return make_grouping_by_index(schema, flat)


def check_output_for_grouping(grouping):
    outputs = dependency_grouping(grouping, [Output])
    leaves = flatten_grouping(grouping)
    app = Dash()
    app.layout = html.Div([html.Div(id="input-a")] + [html.Div(id=f"component-{string.ascii_letters[i]}") for i in range(len(leaves))])
    app.callback(outputs, Input("input-a", "children"))(lambda _: grouping)
    with AppDriver(app) as d:
        for dep, value in zip(flatten_grouping(outputs), leaves):
            assert d.get(dep.component_id, "children") == value


def check_callback_inputs_for_grouping(grouping):
    inputs = dependency_grouping(grouping, [Input, State])
    leaves = flatten_grouping(grouping)
    app = Dash()
    app.layout = html.Div([html.Div(id="output-a")] + [html.Div(v, id=f"component-{string.ascii_letters[i]}") for i, v in enumerate(leaves)])
    seen = []

    def record(*args, **kwargs):
        seen.append((args, kwargs))
        return 23

    app.callback(Output("output-a", "children"), inputs)(record)
    with AppDriver(app) as d:
        assert d.get("output-a", "children") == 23
    if isinstance(grouping, dict):
        assert seen == [((), grouping)]  # keyword arguments
    elif isinstance(grouping, (tuple, list)):
        assert seen == [(tuple(grouping), {})]  # positional arguments
    else:
        assert seen == [((grouping,), {})]


def test_callback_output_scalar(scalar_grouping_size):
    """Dash: tests/unit/library/test_grouped_callbacks.py::test_callback_output_scalar"""
    check_output_for_grouping(scalar_grouping_size[0])


def test_callback_output_tuple(list_grouping_size):
    """Dash: tests/unit/library/test_grouped_callbacks.py::test_callback_output_tuple"""
    if list_grouping_size[1] == 0:
        pytest.skip("Empty output grouping is not valid")
    check_output_for_grouping(list_grouping_size[0])


def test_callback_output_dict(dict_grouping_size):
    """Dash: tests/unit/library/test_grouped_callbacks.py::test_callback_output_dict"""
    if dict_grouping_size[1] == 0:
        pytest.skip("Empty output grouping is not valid")
    check_output_for_grouping(dict_grouping_size[0])


def test_callback_output_size(mixed_grouping_size):
    """Dash: tests/unit/library/test_grouped_callbacks.py::test_callback_output_size"""
    check_output_for_grouping(mixed_grouping_size[0])


def test_callback_input_scalar_grouping(scalar_grouping_size):
    """Dash: tests/unit/library/test_grouped_callbacks.py::test_callback_input_scalar_grouping"""
    check_callback_inputs_for_grouping(scalar_grouping_size[0])


def test_callback_input_list_grouping(list_grouping_size):
    """Dash: tests/unit/library/test_grouped_callbacks.py::test_callback_input_list_grouping"""
    if list_grouping_size[1] == 0:
        pytest.skip("Empty input grouping is not valid")
    check_callback_inputs_for_grouping(list_grouping_size[0])


def test_callback_input_dict_grouping(dict_grouping_size):
    """Dash: tests/unit/library/test_grouped_callbacks.py::test_callback_input_dict_grouping"""
    if dict_grouping_size[1] == 0:
        pytest.skip("Empty input grouping is not valid")
    check_callback_inputs_for_grouping(dict_grouping_size[0])


def test_callback_input_mixed_grouping(mixed_grouping_size):
    """Dash: tests/unit/library/test_grouped_callbacks.py::test_callback_input_mixed_grouping"""
    check_callback_inputs_for_grouping(mixed_grouping_size[0])


@needs_clientside
@pytest.mark.parametrize("grouping", [[[0, 1], 2], dict(a=[0, 1], b=2)])
def test_clientside_callback_grouping_validation(grouping):
    """Dash: tests/unit/library/test_grouped_callbacks.py::test_clientside_callback_grouping_validation"""
    from nbdash import ClientsideFunction  # type: ignore[attr-defined]

    app = Dash()
    app.clientside_callback(ClientsideFunction("foo", "bar"), Output("output-a", "prop"), Input("input-a", "prop"))
    with pytest.raises(IncorrectTypeException):
        app.clientside_callback(ClientsideFunction("foo", "bar"), dependency_grouping(grouping, [Output]), Input("input-a", "prop"))
    with pytest.raises(IncorrectTypeException):
        app.clientside_callback(ClientsideFunction("foo", "bar"), Output("output-a", "prop"), dependency_grouping(grouping, [Input]))
    with pytest.raises(IncorrectTypeException):
        app.clientside_callback(ClientsideFunction("foo", "bar"), dependency_grouping(grouping, [Output]), dependency_grouping(grouping, [Input]))
