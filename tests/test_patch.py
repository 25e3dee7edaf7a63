"""nbdash._patch: recording (Dash's serialized form) and applying (Dash's renderer semantics)."""

from __future__ import annotations

import copy
import json
import math
import pickle
from typing import Any

import pytest

from nbdash._patch import PATCH_KEY, Patch, PatchError, apply_patch, is_patch


def ops(p: Patch) -> list[dict[str, Any]]:
    """The operations as they go over the wire (JSON round trip, as Dash does)."""
    data = json.loads(json.dumps(p.to_plotly_json()))
    assert data[PATCH_KEY] == PATCH_KEY
    return data["operations"]


def one(name: str, location: list[Any], **params: Any) -> dict[str, Any]:
    return {"operation": name, "location": location, "params": params}


def serialized(*operations: dict[str, Any]) -> dict[str, Any]:
    return {PATCH_KEY: PATCH_KEY, "operations": list(operations)}


# ==========================================================================================
# Recording
# ==========================================================================================


def test_empty_patch_serializes_to_dash_form() -> None:
    assert Patch().to_plotly_json() == {"__dash_patch_update": "__dash_patch_update", "operations": []}


def test_assign_by_item_and_attribute() -> None:
    p = Patch()
    p["item"] = "assigned"
    p.attr = 1
    assert ops(p) == [one("Assign", ["item"], value="assigned"), one("Assign", ["attr"], value=1)]


def test_nested_locations_share_one_operation_list() -> None:
    p = Patch()
    p["nest"]["nested"]["deep"] = "deep"
    p.nest_attr.nested.deep = "deep"
    p["data"][0]["x"][-1] = 7
    child = p["layout"]
    child["title"] = "t"
    assert [o["location"] for o in ops(p)] == [
        ["nest", "nested", "deep"],
        ["nest_attr", "nested", "deep"],
        ["data", 0, "x", -1],
        ["layout", "title"],
    ]
    assert repr(p["a"][0]) == "<write-only Patch object at ['a', 0]>"


def test_delete_by_item_and_attribute() -> None:
    p = Patch()
    del p["delete_me"]
    del p.also[0]
    assert ops(p) == [one("Delete", ["delete_me"]), one("Delete", ["also", 0])]


def _iadd_attr(p: Patch) -> None:
    p.n += 1


def _isub_item(p: Patch) -> None:
    p["n"] -= 1


def _imul_attr(p: Patch) -> None:
    p.n *= 2


def _idiv_item(p: Patch) -> None:
    p["n"] /= 2


def _ior_item(p: Patch) -> None:
    p["d"] |= {"k": 1}


def _iadd_list(p: Patch) -> None:
    p["l"] += [1, 2]


def _iadd_tuple(p: Patch) -> None:
    p["l"] += (1, 2)


def _iadd_str(p: Patch) -> None:
    p["s"] += "x"


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        (_iadd_attr, one("Add", ["n"], value=1)),
        (_isub_item, one("Sub", ["n"], value=1)),
        (_imul_attr, one("Mul", ["n"], value=2)),
        (_idiv_item, one("Div", ["n"], value=2)),
        (_ior_item, one("Merge", ["d"], value={"k": 1})),
        (_iadd_list, one("Extend", ["l"], value=[1, 2])),
        (_iadd_tuple, one("Extend", ["l"], value=[1, 2])),
        (_iadd_str, one("Add", ["s"], value="x")),
    ],
)
def test_inplace_operators(statement: Any, expected: dict[str, Any]) -> None:
    p = Patch()
    statement(p)
    assert ops(p) == [expected]


def test_inplace_operator_on_root_keeps_the_patch() -> None:
    p = Patch()
    q = p
    p += 1
    p -= 1
    p *= 2
    p /= 2
    p |= {"a": 1}
    p += ["x"]
    assert p is q
    assert [o["operation"] for o in ops(p)] == ["Add", "Sub", "Mul", "Div", "Merge", "Extend"]
    assert all(o["location"] == [] for o in ops(p))


def test_inplace_operator_on_a_stored_view_keeps_it_usable() -> None:
    p = Patch()
    view = p["a"]
    view += 1
    view.append(2)  # in Dash `view` would have become a private sentinel here
    assert ops(p) == [one("Add", ["a"], value=1), one("Append", ["a"], value=2)]


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda p: p.append("item"), one("Append", [], value="item")),
        (lambda p: p["l"].prepend("item"), one("Prepend", ["l"], value="item")),
        (lambda p: p.insert(1, "ins"), one("Insert", [], index=1, value="ins")),
        (lambda p: p.extend(["e"]), one("Extend", [], value=["e"])),
        (lambda p: p["l"].remove("item"), one("Remove", ["l"], value="item")),
        (lambda p: p.clear(), one("Clear", [])),
        (lambda p: p.l.reverse(), one("Reverse", ["l"])),
        (lambda p: p.update({"merge": "merged"}), one("Merge", [], value={"merge": "merged"})),
        (lambda p: p.update({"a": 1}, b=2), one("Merge", [], value={"a": 1, "b": 2})),
        (lambda p: p.update(b=2), one("Merge", [], value={"b": 2})),
    ],
)
def test_methods(call: Any, expected: dict[str, Any]) -> None:
    p = Patch()
    call(p)
    assert ops(p) == [expected]


def test_update_does_not_mutate_the_callers_dict() -> None:
    mine = {"a": 1}
    Patch().update(mine, b=2)
    assert mine == {"a": 1}


def test_extend_rejects_non_sequences() -> None:
    with pytest.raises(TypeError, match="list or tuple"):
        Patch().extend("abc")  # type: ignore[arg-type]


def test_slices_are_rejected() -> None:
    p = Patch()
    with pytest.raises(TypeError, match="a slice is not a valid index for patch"):
        p[2::1] = "sliced"  # type: ignore[index]
    with pytest.raises(TypeError, match="a slice is not a valid index for patch"):
        p[2:3]["nested"] = "x"  # type: ignore[index]
    with pytest.raises(TypeError, match="a slice is not a valid index for patch"):
        del p[1:]  # type: ignore[arg-type]
    assert ops(p) == []


def test_write_only() -> None:
    p = Patch()
    with pytest.raises(TypeError, match="Patch objects are write-only, you cannot iterate them."):
        for _ in p["invalid"]:
            pass
    with pytest.raises(TypeError, match="write-only"):
        list(p)
    with pytest.raises(TypeError, match="write-only"):
        _ = 1 in p


def test_sort_is_reserved() -> None:
    p = Patch()
    with pytest.raises(KeyError, match="sort is reserved"):
        p.sort()
    p["sort"] = 1
    assert ops(p) == [one("Assign", ["sort"], value=1)]


def test_dunders_and_tolist_are_not_keys() -> None:
    p = Patch()
    for name in ("__array__", "__html__", "tolist"):
        assert not hasattr(p, name)
    assert ops(p) == []


def test_reading_a_location_records_nothing() -> None:
    p = Patch()
    _ = p["a"]["b"].c
    assert ops(p) == []


def test_pickle_round_trip() -> None:
    p = Patch()
    p["a"] = "a"
    p.b.append(1)
    q = pickle.loads(pickle.dumps(p))
    assert ops(q) == ops(p)
    q["c"] = 3  # still a working recorder
    assert len(ops(q)) == 3 and len(ops(p)) == 2
    child = pickle.loads(pickle.dumps(p["x"]["y"]))
    assert child._location == ["x", "y"]


def test_copy_and_deepcopy() -> None:
    p = Patch()
    p["a"] = 1
    shallow = copy.copy(p)
    deep = copy.deepcopy(p)
    assert ops(shallow) == ops(deep) == ops(p)
    deep["b"] = 2
    assert len(ops(p)) == 1


def test_is_patch() -> None:
    assert is_patch(Patch())
    assert is_patch(Patch()["a"])
    assert is_patch(Patch().to_plotly_json())
    assert is_patch(json.loads(json.dumps(Patch().to_plotly_json())))
    others: list[Any] = [None, {}, {"operations": []}, [], "x", 1]
    for other in others:
        assert not is_patch(other)


# ==========================================================================================
# Applying
# ==========================================================================================


def base() -> dict[str, Any]:
    return {
        "a": {"b": [1, 2, 3], "c": "str", "n": 5, "nul": None},
        "l": [[1, 2], {"k": "v"}, 3],
        "s": "abc",
    }


def applied(operation: dict[str, Any], current: Any = None) -> Any:
    current = base() if current is None else current
    return apply_patch(current, serialized(operation))


@pytest.mark.parametrize(
    ("operation", "path", "expected"),
    [
        (one("Assign", ["a", "b", 1], value=9), ("a", "b"), [1, 9, 3]),
        (one("Assign", ["a", "new"], value={"x": 1}), ("a", "new"), {"x": 1}),
        (one("Merge", ["a"], value={"n": 6, "z": 1}), ("a",), {"b": [1, 2, 3], "c": "str", "n": 6, "nul": None, "z": 1}),
        (one("Extend", ["a", "b"], value=[4, 5]), ("a", "b"), [1, 2, 3, 4, 5]),
        (one("Extend", ["s"], value="def"), ("s",), "abcdef"),
        (one("Delete", ["a", "b", 0]), ("a", "b"), [2, 3]),
        (one("Delete", ["l", 1, "k"]), ("l",), [[1, 2], {}, 3]),
        (one("Insert", ["a", "b"], index=1, value="i"), ("a", "b"), [1, "i", 2, 3]),
        (one("Insert", ["a", "b"], index=30, value="i"), ("a", "b"), [1, 2, 3, "i"]),
        (one("Append", ["a", "b"], value=4), ("a", "b"), [1, 2, 3, 4]),
        (one("Prepend", ["a", "b"], value=0), ("a", "b"), [0, 1, 2, 3]),
        (one("Add", ["a", "n"], value=2), ("a", "n"), 7),
        (one("Add", ["a", "c"], value="!"), ("a", "c"), "str!"),
        (one("Add", ["a", "b"], value=[4]), ("a", "b"), [1, 2, 3, 4]),
        (one("Sub", ["a", "n"], value=2), ("a", "n"), 3),
        (one("Mul", ["a", "n"], value=1.5), ("a", "n"), 7.5),
        (one("Div", ["a", "n"], value=2), ("a", "n"), 2.5),
        (one("Clear", ["a", "b"]), ("a", "b"), []),
        (one("Clear", ["a"]), ("a",), {}),
        (one("Clear", ["s"]), ("s",), ""),
        (one("Reverse", ["a", "b"]), ("a", "b"), [3, 2, 1]),
        (one("Reverse", ["s"]), ("s",), "cba"),
        (one("Remove", ["l"], value=[1, 2]), ("l",), [{"k": "v"}, 3]),
        (one("Remove", ["l"], value={"k": "v"}), ("l",), [[1, 2], 3]),
    ],
)
def test_each_operation_on_nested_values(operation: dict[str, Any], path: tuple[Any, ...], expected: Any) -> None:
    result = applied(operation)
    for key in path:
        result = result[key]
    assert result == expected


def test_operations_apply_in_order_and_accept_a_patch_object() -> None:
    p = Patch()
    p["a"]["b"].append(4)
    p["a"]["b"][-1] = 40  # resolved after the append: the new last item
    p.a.n += 1
    p.a.n *= 10
    del p["s"]
    result = apply_patch(base(), p)
    assert result["a"]["b"] == [1, 2, 3, 40]
    assert result["a"]["n"] == 60
    assert "s" not in result


def test_negative_indexes() -> None:
    assert applied(one("Assign", ["l", -1], value=0))["l"] == [[1, 2], {"k": "v"}, 0]
    assert applied(one("Assign", ["l", -3, -1], value=7))["l"][0] == [1, 7]
    assert applied(one("Delete", ["a", "b", -1]))["a"]["b"] == [1, 2]
    # Insert counts from the end and inserts *before* that element, like list.insert ...
    assert applied(one("Insert", ["a", "b"], index=-1, value="i"))["a"]["b"] == [1, 2, "i", 3]
    assert applied(one("Insert", ["a", "b"], index=-3, value="i"))["a"]["b"] == ["i", 1, 2, 3]
    # ... but past the start it appends, as ramda's insert does in the renderer.
    assert applied(one("Insert", ["a", "b"], index=-10, value="i"))["a"]["b"] == [1, 2, 3, "i"]


def test_negative_index_errors() -> None:
    with pytest.raises(PatchError, match=r"index -5 .* out of range for a list of length 3"):
        applied(one("Assign", ["a", "b", -5], value=1))
    with pytest.raises(PatchError, match="negative index -1 .* needs a list"):
        applied(one("Assign", ["a", -1], value=1))


def test_missing_paths_follow_the_renderer() -> None:
    result = applied(one("Assign", ["new", "deep"], value=1))
    assert result["new"] == {"deep": 1}
    assert applied(one("Assign", ["new", 2], value="x"))["new"] == [None, None, "x"]
    assert applied(one("Assign", ["l", 5], value=1))["l"] == [[1, 2], {"k": "v"}, 3, None, None, 1]
    assert applied(one("Append", ["missing"], value=4))["missing"] == [4]
    assert applied(one("Append", ["a", "nul"], value=4))["a"]["nul"] == [4]
    assert applied(one("Prepend", ["m", "x"], value=0))["m"] == {"x": [0]}
    assert applied(one("Merge", ["missing"], value={"z": 1}))["missing"] == {"z": 1}
    # Deleting something that is not there changes nothing (and returns the same object).
    current = base()
    assert apply_patch(current, serialized(one("Delete", ["nope", "deeper"]))) is current
    assert apply_patch(current, serialized(one("Delete", ["a", "b", 10]))) is current


def test_root_location() -> None:
    assert apply_patch([1, 2], serialized(one("Append", [], value=3))) == [1, 2, 3]
    assert apply_patch({"a": 1}, serialized(one("Assign", [], value=[1]))) == [1]
    assert apply_patch(5, serialized(one("Add", [], value=1))) == 6


def test_js_number_semantics() -> None:
    assert applied(one("Add", ["a", "c"], value=1))["a"]["c"] == "str1"
    assert applied(one("Add", ["a", "c"], value=0.5))["a"]["c"] == "str0.5"
    assert applied(one("Add", ["a", "c"], value=1e21))["a"]["c"] == "str1e+21"
    assert applied(one("Add", ["a", "c"], value=1.5e-7))["a"]["c"] == "str1.5e-7"
    assert applied(one("Add", ["a", "c"], value=True))["a"]["c"] == "strtrue"
    div = applied(one("Div", ["a", "n"], value=5))["a"]["n"]
    assert div == 1 and isinstance(div, int)  # 5 / 5 comes back from JS as the integer 1
    assert applied(one("Div", ["a", "n"], value=0))["a"]["n"] == math.inf
    assert applied(one("Div", ["a", "n"], value=-0.0))["a"]["n"] == -math.inf
    assert applied(one("Add", ["a", "nul"], value=3))["a"]["nul"] == 3  # null + 3 == 3 in JS


def test_remove_uses_deep_json_equality() -> None:
    current = {"l": [1, 1.0, True, [1, {"a": [2]}], [1, {"a": [2]}], "1"]}
    result = apply_patch(current, serialized(one("Remove", ["l"], value=1)))
    assert result["l"] == [True, [1, {"a": [2]}], [1, {"a": [2]}], "1"]
    assert result["l"][0] is True
    result = apply_patch(current, serialized(one("Remove", ["l"], value=[1, {"a": [2]}])))
    assert result["l"] == [1, 1.0, True, "1"]


def test_input_is_not_mutated() -> None:
    current = base()
    snapshot = copy.deepcopy(current)
    p = Patch()
    p["a"]["b"].append(4)
    p["a"]["b"].reverse()
    p["a"].update(z=1)
    del p["l"][1]["k"]
    p["l"][0].clear()
    p.s += "x"
    p.a.n /= 2
    p["a"]["b"].insert(0, 1)
    result = apply_patch(current, p)
    assert current == snapshot
    assert result != snapshot


def test_structural_sharing() -> None:
    current: dict[str, Any] = {"data": [{"x": [1, 2]}, {"x": [3]}], "layout": {"title": {"text": "t"}}, "frames": [[0] * 1000]}
    result = apply_patch(current, serialized(one("Append", ["data", 0, "x"], value=5)))
    assert result["data"][0]["x"] == [1, 2, 5]
    # The modified path is new ...
    assert result is not current
    assert result["data"] is not current["data"]
    assert result["data"][0] is not current["data"][0]
    # ... everything else is shared.
    assert result["data"][1] is current["data"][1]
    assert result["layout"] is current["layout"]
    assert result["frames"] is current["frames"]


def test_cannot_patch_undefined() -> None:
    with pytest.raises(PatchError, match="Cannot patch undefined") as info:
        apply_patch(None, serialized(one("Append", [], value=1)))
    assert isinstance(info.value, ValueError)
    # An explicit None (JSON null) is patchable when the caller says so, as in the renderer.
    assert apply_patch(None, serialized(one("Append", [], value=1)), none_is_undefined=False) == [1]


def test_invalid_operation() -> None:
    with pytest.raises(PatchError, match="Invalid Operation Frobnicate") as info:
        applied(one("Frobnicate", ["a"]))
    assert info.value.operation == "Frobnicate"
    assert info.value.location == ["a"]


@pytest.mark.parametrize(
    ("operation", "message"),
    [
        (one("Extend", ["missing"], value=[1]), r"#0 Extend at location \['missing'\] .*nothing"),
        (one("Append", ["s"], value="d"), r"Append needs a list there, but there is a str"),
        (one("Merge", ["a", "b"], value={"z": 1}), r"Merge needs a dict there, but there is a list"),
        (one("Add", ["missing"], value=1), r"(?s)Add needs a value there.*assign it first"),
        (one("Mul", ["s"], value=2), r"Mul needs numbers"),
        (one("Clear", ["a", "n"]), r"Clear needs a list, dict or str"),
        (one("Remove", ["s"], value="a"), r"Remove needs a list"),
        (one("Insert", ["missing"], index=0, value=1), r"Insert needs a list"),
        (one("Assign", ["a", "b", "k"], value=1), r"cannot use the key 'k' on a list"),
        (one("Assign", ["a", "n", "k"], value=1), r"cannot use the key 'k' on an int"),
        (one("Delete", ["a", "b", "k"]), r"cannot use the key 'k' on a list"),
        (one("Assign", ["a", 1.5], value=1), r"location keys must be str or int"),
    ],
)
def test_conflicts_raise_a_clear_error(operation: dict[str, Any], message: str) -> None:
    current = base()
    snapshot = copy.deepcopy(current)
    with pytest.raises(PatchError, match=message) as info:
        apply_patch(current, serialized(operation))
    assert info.value.operation == operation["operation"]
    assert current == snapshot


def test_error_names_the_failing_operation_of_several() -> None:
    p = Patch()
    p["a"]["n"] += 1
    p["s"].append(1)
    with pytest.raises(PatchError, match=r"^Patch operation #1 Append at location \['s'\] failed"):
        apply_patch(base(), p)


def test_typed_arrays_are_named_in_errors() -> None:
    fig = {"data": [{"x": {"dtype": "i1", "bdata": "AAEC"}}]}
    p = Patch()
    p["data"][0]["x"].append(3)
    with pytest.raises(PatchError, match="plotly typed array"):
        apply_patch(fig, p)


def test_rejects_non_patches() -> None:
    with pytest.raises(TypeError, match="Patch or its serialized dict"):
        apply_patch([1], {"operations": []})


def test_plotly_figure_append_point() -> None:
    go = pytest.importorskip("plotly.graph_objects")
    fig = go.Figure(go.Scatter(x=[1, 2, 3, 4], y=[10, 11, 12, 13])).to_plotly_json()
    before = copy.deepcopy(fig)
    p = Patch()
    p["data"][0]["x"].append(5)
    p["data"][0]["y"].append(14)
    p["layout"]["title"]["text"] = "five points"
    result = apply_patch(fig, json.loads(json.dumps(p.to_plotly_json())))
    assert result["data"][0]["x"] == [1, 2, 3, 4, 5]
    assert result["data"][0]["y"] == [10, 11, 12, 13, 14]
    assert result["layout"]["title"] == {"text": "five points"}
    assert result["layout"]["template"] is fig["layout"]["template"]
    assert fig == before
    go.Figure(result)  # still a valid figure


def test_components_are_navigated_as_their_json_form() -> None:
    html = pytest.importorskip("nbdash.html")
    children = [html.Div("a", id="first"), html.Div("b")]
    p = Patch()
    p[0]["props"]["children"] = "changed"
    p.append(html.P("c"))
    p.remove(html.Div("b"))
    result = apply_patch(children, p)
    assert [c.children for c in result] == ["changed", "c"]
    assert result[0].id == "first" and type(result[0]) is type(children[0])
    assert children[0].children == "a"  # the original component is untouched
    with pytest.raises(PatchError, match="only the 'props' of a component"):
        apply_patch(children, serialized(one("Assign", [0, "type"], value="Span")))
