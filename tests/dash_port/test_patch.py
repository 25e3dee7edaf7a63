"""Dash's tests/unit/test_patch.py, re-expressed for nbdash: each Patch encodes the same operations
as Dash's (``to_plotly_json``), and where Dash's test builds an operation, the Patch is also
returned from a callback onto a ``dcc.Store`` to check what nbdash applies."""

from __future__ import annotations

import json
import pickle

import pytest

from nbdash import Dash, Input, Output, Patch, dcc, html
from nbdash.testing import AppDriver


def patch_to_dict(p):
    return json.loads(json.dumps(p.to_plotly_json()))


def applied(initial, patch):
    """The Store's data after a callback returned ``patch`` onto ``initial``."""
    app = Dash(__name__)
    app.layout = html.Div([html.Button(id="b"), dcc.Store(id="s", data=initial)])

    @app.callback(Output("s", "data"), Input("b", "n_clicks"), prevent_initial_call=True)
    def write(_):
        return patch

    with AppDriver(app) as d:
        d.click("b")
        return d.props("s")["data"]


def test_pat001_patch_assign_item():
    """Dash: tests/unit/test_patch.py::test_pat001_patch_assign_item"""
    p = Patch()
    p["item"] = "assigned"
    assert patch_to_dict(p)["operations"][0] == {"operation": "Assign", "location": ["item"], "params": {"value": "assigned"}}
    assert applied({"item": 0, "other": 1}, p) == {"item": "assigned", "other": 1}


def test_pat002_patch_assign_attr():
    """Dash: tests/unit/test_patch.py::test_pat002_patch_assign_attr"""
    p = Patch()
    p.item = "assigned"
    assert patch_to_dict(p)["operations"][0] == {"operation": "Assign", "location": ["item"], "params": {"value": "assigned"}}
    assert applied({}, p) == {"item": "assigned"}


def test_pat003_patch_multi_operations():
    """Dash: tests/unit/test_patch.py::test_pat003_patch_multi_operations"""
    p = Patch()
    p.one = 1
    p.two = 2
    ops = patch_to_dict(p)["operations"]
    assert len(ops) == 2 and ops[0]["location"] == ["one"] and ops[1]["location"] == ["two"]
    assert applied({}, p) == {"one": 1, "two": 2}


def test_pat004_patch_nested_assign():
    """Dash: tests/unit/test_patch.py::test_pat004_patch_nested_assign"""
    p = Patch()
    p["nest_item"]["nested"]["deep"] = "deep"
    p.nest_attr.nested.deep = "deep"
    ops = patch_to_dict(p)["operations"]
    assert ops[0]["location"] == ["nest_item", "nested", "deep"]
    assert ops[1]["location"] == ["nest_attr", "nested", "deep"]
    start = {"nest_item": {"nested": {}}, "nest_attr": {"nested": {"deep": 0}}}
    assert applied(start, p) == {"nest_item": {"nested": {"deep": "deep"}}, "nest_attr": {"nested": {"deep": "deep"}}}


def test_pat005_patch_delete_item():
    """Dash: tests/unit/test_patch.py::test_pat005_patch_delete_item"""
    p = Patch()
    del p["delete_me"]
    op = patch_to_dict(p)["operations"][0]
    assert (op["operation"], op["location"]) == ("Delete", ["delete_me"])
    assert applied({"delete_me": 1, "keep": 2}, p) == {"keep": 2}


def test_pat006_patch_delete_attr():
    """Dash: tests/unit/test_patch.py::test_pat006_patch_delete_attr"""
    p = Patch()
    del p.delete_me
    op = patch_to_dict(p)["operations"][0]
    assert (op["operation"], op["location"]) == ("Delete", ["delete_me"])
    assert applied({"delete_me": 1}, p) == {}


def test_pat007_patch_append():
    """Dash: tests/unit/test_patch.py::test_pat007_patch_append"""
    p = Patch()
    p.append("item")
    assert patch_to_dict(p)["operations"][0] == {"operation": "Append", "location": [], "params": {"value": "item"}}
    assert applied(["a"], p) == ["a", "item"]


def test_pat008_patch_prepend():
    """Dash: tests/unit/test_patch.py::test_pat008_patch_prepend"""
    p = Patch()
    p.prepend("item")
    assert patch_to_dict(p)["operations"][0] == {"operation": "Prepend", "location": [], "params": {"value": "item"}}
    assert applied(["a"], p) == ["item", "a"]


def test_pat009_patch_extend():
    """Dash: tests/unit/test_patch.py::test_pat009_patch_extend"""
    p = Patch()
    p.extend(["extend"])
    assert patch_to_dict(p)["operations"][0] == {"operation": "Extend", "location": [], "params": {"value": ["extend"]}}
    assert applied(["a"], p) == ["a", "extend"]


def test_pat010_patch_merge():
    """Dash: tests/unit/test_patch.py::test_pat010_patch_merge"""
    p = Patch()
    p.update({"merge": "merged"})
    p["merge"] |= {"ior": "iored"}
    ops = patch_to_dict(p)["operations"]
    assert ops[0] == {"operation": "Merge", "location": [], "params": {"value": {"merge": "merged"}}}
    assert ops[1] == {"operation": "Merge", "location": ["merge"], "params": {"value": {"ior": "iored"}}}
    q = Patch()
    q.update({"merge": {"kept": 1}})
    q["merge"] |= {"ior": "iored"}
    assert applied({"other": 0}, q) == {"other": 0, "merge": {"kept": 1, "ior": "iored"}}


def arithmetic(op_name, apply, start, result):
    p = Patch()
    apply(p)
    assert patch_to_dict(p)["operations"][0]["operation"] == op_name
    assert applied(start, p) == result
    return patch_to_dict(p)["operations"][0]


def test_pat011_patch_add():
    """Dash: tests/unit/test_patch.py::test_pat011_patch_add"""

    def add(p):
        p.plusplus += 1

    assert arithmetic("Add", add, {"plusplus": 1}, {"plusplus": 2}) == {"operation": "Add", "location": ["plusplus"], "params": {"value": 1}}


def test_pat012_patch_sub():
    """Dash: tests/unit/test_patch.py::test_pat012_patch_sub"""

    def sub(p):
        p.minusless -= 1

    assert arithmetic("Sub", sub, {"minusless": 1}, {"minusless": 0}) == {"operation": "Sub", "location": ["minusless"], "params": {"value": 1}}


def test_pat013_patch_mul():
    """Dash: tests/unit/test_patch.py::test_pat013_patch_mul"""

    def mul(p):
        p.mulby *= 2

    assert arithmetic("Mul", mul, {"mulby": 3}, {"mulby": 6}) == {"operation": "Mul", "location": ["mulby"], "params": {"value": 2}}


def test_pat014_patch_div():
    """Dash: tests/unit/test_patch.py::test_pat014_patch_div"""

    def div(p):
        p.divby /= 2

    assert arithmetic("Div", div, {"divby": 3}, {"divby": 1.5}) == {"operation": "Div", "location": ["divby"], "params": {"value": 2}}


def test_pat015_patch_insert():
    """Dash: tests/unit/test_patch.py::test_pat015_patch_insert"""
    p = Patch()
    p.insert(1, "inserted")
    assert patch_to_dict(p)["operations"][0] == {"operation": "Insert", "location": [], "params": {"index": 1, "value": "inserted"}}
    assert applied(["a", "b"], p) == ["a", "inserted", "b"]


def test_pat016_patch_slice():
    """Dash: tests/unit/test_patch.py::test_pat016_patch_slice"""
    p = Patch()
    with pytest.raises(TypeError):
        p[2::1] = "sliced"
    with pytest.raises(TypeError):
        p[2:3]["nested"] = "nest-slice"
    with pytest.raises(TypeError):
        del p[1:]


def test_pat017_patch_clear():
    """Dash: tests/unit/test_patch.py::test_pat017_patch_clear"""
    p = Patch()
    p.clear()
    assert patch_to_dict(p)["operations"][0] == {"operation": "Clear", "location": [], "params": {}}
    assert applied(["a", "b"], p) == []


def test_pat018_patch_reverse():
    """Dash: tests/unit/test_patch.py::test_pat018_patch_reverse"""
    p = Patch()
    p.reverse()
    assert patch_to_dict(p)["operations"][0] == {"operation": "Reverse", "location": [], "params": {}}
    assert applied(["a", "b"], p) == ["b", "a"]


def test_pat019_patch_remove():
    """Dash: tests/unit/test_patch.py::test_pat019_patch_remove"""
    p = Patch()
    p.remove("item")
    assert patch_to_dict(p)["operations"][0] == {"operation": "Remove", "location": [], "params": {"value": "item"}}
    assert applied(["a", "item", "b"], p) == ["a", "b"]


def test_pat020_patch_pickle():
    """Dash: tests/unit/test_patch.py::test_pat020_patch_pickle"""
    p = Patch()
    p["a"] = "a"
    assert patch_to_dict(p) == patch_to_dict(pickle.loads(pickle.dumps(p)))


def test_pat021_patch_iter():
    """Dash: tests/unit/test_patch.py::test_pat021_patch_iter"""
    p = Patch()
    with pytest.raises(TypeError):
        for _ in p["invalid"]:
            pass
