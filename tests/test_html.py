"""nbdash.html: the generated HTML components behave like Dash 4.4.1's ``dash.html``."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from nbdash import html
from nbdash._component import Component
from nbdash.exceptions import InvalidComponentIdError

ROOT = Path(__file__).resolve().parent.parent
TABLE = json.loads((ROOT / "tools" / "html_elements.json").read_text(encoding="utf-8"))
ELEMENTS = TABLE["elements"]

# The props every dash.html component has in Dash 4.4.1 (besides data-*/aria-*), written out by hand so
# the table itself is checked too.
DASH_COMMON = {
    "children", "id", "n_clicks", "n_clicks_timestamp", "disable_n_clicks", "key", "accessKey", "className",
    "contentEditable", "dir", "draggable", "hidden", "lang", "role", "spellCheck", "style", "tabIndex", "title",
}  # fmt: skip


def _load_generator():
    spec = importlib.util.spec_from_file_location("generate_html", ROOT / "tools" / "generate_html.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# -- the element set ----------------------------------------------------------------------------------
def test_table_has_every_dash_html_element():
    assert len(ELEMENTS) == 125
    for name in ("Div", "Span", "A", "Button", "Progress", "Table", "Tr", "Th", "Td", "Pre", "P", "H1", "H6",
                 "Img", "Ul", "Li", "Label", "Textarea", "Select", "Option", "MapEl", "ObjectEl", "Script"):
        assert name in ELEMENTS
    # Dash has no html.Input / html.Map / html.Object (dcc.Input, MapEl, ObjectEl instead).
    for name in ("Input", "Map", "Object"):
        assert name not in ELEMENTS
        assert not hasattr(html, name)


@pytest.mark.parametrize("name", sorted(ELEMENTS))
def test_every_element_class(name):
    cls = getattr(html, name)
    assert issubclass(cls, Component)
    assert cls._type == name
    assert cls._namespace == "dash_html_components"
    assert cls._tag == ELEMENTS[name]["tag"]
    assert set(cls._prop_names) == DASH_COMMON | set(ELEMENTS[name]["attributes"])
    assert len(cls._prop_names) == len(set(cls._prop_names))
    assert cls._prop_names[:2] == ("children", "id")
    assert cls._children_props == cls._always == ("children",)
    assert cls._positional[:2] == ("children", "id")
    assert cls._defaults == {"n_clicks": 0, "n_clicks_timestamp": -1}
    assert cls.__slots__ == ()
    comp = cls("hi", id="x")
    assert comp.to_plotly_json() == {
        "props": {"children": "hi", "id": "x"}, "type": name, "namespace": "dash_html_components"
    }
    assert not hasattr(comp, "__dict__")


def test_module_exports():
    assert html.__all__ == list(ELEMENTS)
    assert all(isinstance(getattr(html, name), type) for name in html.__all__)
    # one shared defaults dict
    assert len({id(getattr(html, name)._defaults) for name in html.__all__}) == 1


def test_tags():
    assert html.Div._tag == "div"
    assert html.H1._tag == "h1"
    assert html.MapEl._tag == "map"
    assert html.ObjectEl._tag == "object"
    for name, spec in ELEMENTS.items():
        assert spec["tag"] == spec["tag"].lower()
        if name not in ("MapEl", "ObjectEl"):
            assert spec["tag"] == name.lower()


@pytest.mark.parametrize(
    "name, attributes",
    [
        ("Progress", {"value", "max"}),
        ("A", {"href", "target", "download", "rel"}),
        ("Button", {"disabled", "type", "name", "form", "value", "autoFocus"}),
        ("Img", {"src", "alt", "width", "height", "srcSet"}),
        ("Td", {"colSpan", "rowSpan", "headers"}),
        ("Th", {"colSpan", "rowSpan", "scope"}),
        ("Label", {"htmlFor"}),
        ("Textarea", {"placeholder", "rows", "cols", "disabled", "readOnly"}),
        ("Option", {"value", "label", "selected", "disabled"}),
        ("Iframe", {"src", "srcDoc", "width", "height"}),
        ("Meter", {"value", "min", "max", "low", "high", "optimum"}),
        ("Script", {"src", "async", "defer"}),
    ],
)
def test_element_attributes_match_dash(name, attributes):
    assert attributes <= set(getattr(html, name)._prop_names)


def test_plain_elements_have_only_common_props():
    for name in ("Div", "Span", "P", "Pre", "H1", "Table", "Tr", "Ul", "Section"):
        assert set(getattr(html, name)._prop_names) == DASH_COMMON


def test_elements_do_not_share_attributes_they_lack():
    assert "href" not in html.Div._prop_names
    assert "value" not in html.Div._prop_names
    # Dash's html.Textarea has no value prop (dcc.Textarea does)
    assert "value" not in html.Textarea._prop_names
    with pytest.raises(TypeError):
        html.Div(href="/")


# -- JSON shape ----------------------------------------------------------------------------------------
def test_to_plotly_json():
    assert html.Div("x", id="a").to_plotly_json() == {
        "props": {"children": "x", "id": "a"},
        "type": "Div",
        "namespace": "dash_html_components",
    }
    assert html.Div().to_plotly_json()["props"] == {"children": None}
    assert html.Div(children=None).to_plotly_json()["props"] == {"children": None}
    # front-end defaults are not sent
    assert "n_clicks" not in html.Button("Go", id="go").to_plotly_json()["props"]
    # explicit values are kept, including None
    assert html.Button(n_clicks=3, title=None).to_plotly_json()["props"] == {
        "children": None, "n_clicks": 3, "title": None
    }


def test_json_key_order_matches_dash():
    # Dash writes children, id, then props sorted by name, then data-*/aria-* in the order given
    comp = html.A(**{"data-x": 1}, target="_blank", id="a", href="/", className="c", children="go")
    assert list(comp.to_plotly_json()["props"]) == ["children", "id", "className", "href", "target", "data-x"]


def test_nested_children():
    layout = html.Div([html.H1("T", id="t"), html.Ul([html.Li("one", id="li1"), html.Li("two")])], id="root")
    props = layout.to_plotly_json()["props"]
    assert isinstance(props["children"][0], html.H1)
    assert layout["li1"].children == "one"
    assert list(layout) == ["t", "li1"]
    assert len(layout) == 4


# -- validation ------------------------------------------------------------------------------------------
def test_unknown_prop_raises_type_error_naming_component_and_allowed_args():
    with pytest.raises(TypeError) as info:
        html.Div(id="box", colour="red")
    message = str(info.value)
    assert "html.Div" in message
    assert "`colour`" in message
    assert "Allowed arguments:" in message
    for prop in ("children", "className", "style", "n_clicks"):
        assert prop in message

    with pytest.raises(TypeError, match="html.Progress"):
        html.Progress(href="/")


def test_setting_unknown_prop_after_creation_raises():
    comp = html.Div()
    with pytest.raises(TypeError, match="colour"):
        comp.colour = "red"
    comp.className = "ok"
    assert comp.to_plotly_json()["props"] == {"children": None, "className": "ok"}


def test_data_and_aria_props_accepted():
    comp = html.Div(**{"data-x": 1, "aria-label": "box"})
    assert comp.to_plotly_json()["props"] == {"children": None, "data-x": 1, "aria-label": "box"}
    assert html.Td(**{"data-row": 3}).to_plotly_json()["props"]["data-row"] == 3


def test_python_keyword_attribute_via_kwargs():
    assert html.Script(**{"async": True}, src="x.js").to_plotly_json()["props"] == {
        "children": None, "async": True, "src": "x.js"
    }


def test_dict_ids_accepted():
    comp = html.Button("x", id={"type": "btn", "index": 2})
    assert comp.to_plotly_json()["props"]["id"] == {"type": "btn", "index": 2}


@pytest.mark.parametrize("bad", ["a.b", "a{b"])
def test_string_ids_with_period_or_brace_raise(bad):
    with pytest.raises(InvalidComponentIdError):
        html.Div(id=bad)


def test_component_in_non_children_prop_raises():
    with pytest.raises(TypeError, match="title"):
        html.Div(title=html.B("x"))
    with pytest.raises(TypeError):
        html.A("x", href=html.Span("y"))


def test_component_children_accepted():
    assert html.Div(html.B("x")).children.children == "x"
    assert html.Div([html.B("x"), "text", 3]).to_plotly_json()["props"]["children"][1:] == ["text", 3]


def test_positional_args_follow_dash_and_too_many_raise():
    assert html.Div("a", "b").to_plotly_json()["props"] == {"children": "a", "id": "b"}  # as dash.html
    with pytest.raises(TypeError, match="positional"):
        html.Br(*range(30))
    with pytest.raises(TypeError):
        html.Div("a", children="b")


def test_keyword_children():
    assert html.P(children="x").to_plotly_json()["props"] == {"children": "x"}


# -- the generator ---------------------------------------------------------------------------------------
def test_generated_file_is_up_to_date():
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "generate_html.py"), "--check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_generated_file_header():
    text = (ROOT / "nbdash" / "html.py").read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first.startswith("#") and "generate_html.py" in first
    assert html.__doc__ and "Dash" in html.__doc__


def test_generator_check_detects_stale_output_and_rewrites(tmp_path, monkeypatch, capsys):
    gen = _load_generator()
    out = tmp_path / "html.py"
    out.write_text("# stale\n", encoding="utf-8")
    monkeypatch.setattr(gen, "OUTPUT", out)
    monkeypatch.setattr(gen, "ROOT", tmp_path)
    assert gen.main(["--check"]) == 1
    assert out.read_text(encoding="utf-8") == "# stale\n"
    assert gen.main([]) == 0
    assert gen.main(["--check"]) == 0
    assert out.read_bytes() == (ROOT / "nbdash" / "html.py").read_bytes()


def test_generator_rejects_bad_table(tmp_path):
    gen = _load_generator()
    bad = dict(TABLE, elements=dict(ELEMENTS, Div={"tag": "div", "attributes": ["className"]}))
    path = tmp_path / "table.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(SystemExit, match="Div"):
        gen.load_table(path)


def test_positional_arguments_follow_dash_signatures():
    """html components take every prop positionally in Dash's order: html.Button("Go", "go")."""
    import inspect

    import dash

    for name in html.__all__:
        params = inspect.signature(getattr(dash.html, name).__init__).parameters
        assert list(getattr(html, name)._positional) == [p for p in params if p not in ("self", "kwargs")], name
    assert html.Button("B", "btn").to_plotly_json()["props"] == {"children": "B", "id": "btn"}
