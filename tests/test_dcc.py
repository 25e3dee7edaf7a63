"""nbdash.dcc: the core components behave like Dash 4.4.1's ``dash.dcc``.

The expected JSON below was produced once by running the same calls against dash==4.4.1 and is
hard-coded here, so the tests need no Dash installation.
"""

from __future__ import annotations

import base64
import pickle

import pytest

from nbdash import dcc
from nbdash._component import Component

NS = "dash_core_components"


def deep(value):
    """``to_plotly_json()`` applied all the way down (nested components become dicts too)."""
    if isinstance(value, Component):
        j = value.to_plotly_json()
        props = {k: deep(v) for k, v in j["props"].items()}
        return {"props": props, "type": j["type"], "namespace": j["namespace"]}
    if isinstance(value, (list, tuple)):
        return [deep(v) for v in value]
    if isinstance(value, dict):
        return {k: deep(v) for k, v in value.items()}
    return value


def _j(type_, **props):
    return {"props": props, "type": type_, "namespace": NS}


# (call, what dash==4.4.1 gives for deep(call))
DASH_441 = [
    ('dcc.Checklist(["All"], [], id="c", inline=True)',
     _j("Checklist", options=["All"], value=[], inline=True, id="c")),
    ('dcc.Input(id="n", type="number", debounce=True, min=2, step=1)',
     _j("Input", type="number", debounce=True, min=2, step=1, id="n")),
    ('dcc.Input("hello", "text", True)',
     _j("Input", value="hello", type="text", debounce=True)),
    ('dcc.Input()', _j("Input")),
    ('dcc.Slider(0, 20, marks={0: "0", 10: "10", 20: "20"}, value=3)',
     _j("Slider", min=0, max=20, marks={0: "0", 10: "10", 20: "20"}, value=3)),
    ('dcc.Slider(0, 10, 1, {0: "a"}, 5, id="s")',
     _j("Slider", min=0, max=10, step=1, marks={0: "a"}, value=5, id="s")),
    ('dcc.RangeSlider(0, 10, 1, value=[2, 5], id="rs")',
     _j("RangeSlider", min=0, max=10, step=1, value=[2, 5], id="rs")),
    ('dcc.Dropdown(["NYC", "MTL", "SF"], "MTL", id="dd")',
     _j("Dropdown", options=["NYC", "MTL", "SF"], value="MTL", id="dd")),
    ('dcc.Dropdown(options=[{"label": "New York", "value": "NYC"}], value=["NYC"], multi=True)',
     _j("Dropdown", options=[{"label": "New York", "value": "NYC"}], value=["NYC"], multi=True)),
    ('dcc.RadioItems(["a", "b"], "a", inline=True, id="r")',
     _j("RadioItems", options=["a", "b"], value="a", inline=True, id="r")),
    ('dcc.Store(id="s", data={"k": [1, 2]})', _j("Store", id="s", data={"k": [1, 2]})),
    ('dcc.Store("mem", "local")', _j("Store", id="mem", storage_type="local")),
    ('dcc.Interval(id="i", interval=500)', _j("Interval", id="i", interval=500)),
    ('dcc.Interval("i2", 250, True)', _j("Interval", id="i2", disabled=True, interval=250)),
    ('dcc.Graph(id="g", figure={"data": [{"type": "bar", "x": [1, 2], "y": [3, 4]}], '
     '"layout": {"title": {"text": "T"}}})',
     _j("Graph", id="g", figure={"data": [{"type": "bar", "x": [1, 2], "y": [3, 4]}],
                                 "layout": {"title": {"text": "T"}}})),
    ('dcc.Upload(id="u", children="Drag and Drop", multiple=True)',
     _j("Upload", children="Drag and Drop", id="u", multiple=True)),
    ('dcc.Upload()', _j("Upload", children=None)),
    ('dcc.Location(id="url")', _j("Location", id="url")),
    ('dcc.Location("url2", "/page")', _j("Location", id="url2", pathname="/page")),
    ('dcc.Tabs([dcc.Tab(label="A", value="a", children="x"), dcc.Tab("y", label="B")], value="a", id="t")',
     _j("Tabs", children=[_j("Tab", children="x", label="A", value="a"), _j("Tab", children="y", label="B")],
        id="t", value="a")),
    ('dcc.Tabs()', _j("Tabs", children=None)),
    ('dcc.Tab()', _j("Tab", children=None)),
    ('dcc.Markdown("# hi")', _j("Markdown", children="# hi")),
    ('dcc.Markdown()', _j("Markdown", children=None)),
    ('dcc.Link("Home", href="/")', _j("Link", children="Home", href="/")),
    ('dcc.Link(href="/about")', _j("Link", children=None, href="/about")),
    ('dcc.Loading(dcc.Graph(id="lg"), type="circle")',
     _j("Loading", children=_j("Graph", id="lg"), type="circle")),
    ('dcc.Loading()', _j("Loading", children=None)),
    ('dcc.Button("Go", id="b")', _j("Button", children="Go", id="b")),
    ('dcc.Download(id="dl")', _j("Download", id="dl")),
    ('dcc.DatePickerSingle(date="2024-01-01", id="d")', _j("DatePickerSingle", date="2024-01-01", id="d")),
    ('dcc.DatePickerRange("2024-01-01", "2024-01-31")',
     _j("DatePickerRange", start_date="2024-01-01", end_date="2024-01-31")),
    ('dcc.Textarea(id="ta", value="hi")', _j("Textarea", id="ta", value="hi")),
    ('dcc.Tooltip(id="tt")', _j("Tooltip", children=None, id="tt")),
    ('dcc.Clipboard(target_id="x")', _j("Clipboard", children=None, target_id="x")),
    ('dcc.ConfirmDialog(id="cd", message="Sure?")', _j("ConfirmDialog", id="cd", message="Sure?")),
    ('dcc.ConfirmDialogProvider(dcc.Button("Del"), id="cdp", message="Sure?")',
     _j("ConfirmDialogProvider", children=_j("Button", children="Del"), id="cdp", message="Sure?")),
    ('dcc.Geolocation(id="geo")', _j("Geolocation", id="geo")),
]  # fmt: skip


@pytest.mark.parametrize("call, expected", DASH_441, ids=[c for c, _ in DASH_441])
def test_json_matches_dash_441(call, expected):
    assert deep(eval(call)) == expected


def test_prop_order_follows_dash():
    # Dash writes props in its _prop_names order (children, id, then by name for most components).
    assert list(dcc.Interval("i2", 250, True).to_plotly_json()["props"]) == ["id", "disabled", "interval"]
    assert list(dcc.Tab("y", label="B", id="t1").to_plotly_json()["props"]) == ["children", "id", "label"]
    assert list(dcc.Checklist(["All"], [], id="c", inline=True).to_plotly_json()["props"]) == [
        "options", "value", "inline", "id",
    ]


def test_exports_every_dash_441_component():
    components = {
        "Button", "Checklist", "Clipboard", "ConfirmDialog", "ConfirmDialogProvider", "DatePickerRange",
        "DatePickerSingle", "Download", "Dropdown", "Geolocation", "Graph", "Input", "Interval", "Link",
        "Loading", "Location", "Markdown", "RadioItems", "RangeSlider", "Slider", "Store", "Tab", "Tabs",
        "Textarea", "Tooltip", "Upload",
    }  # fmt: skip
    helpers = {"send_bytes", "send_data_frame", "send_file", "send_string"}
    assert set(dcc.__all__) == components | helpers
    for name in components:
        cls = getattr(dcc, name)
        assert issubclass(cls, Component)
        assert cls._type == name and cls._namespace == NS
        assert set(cls._positional) == set(cls._prop_names)
        assert set(cls._defaults) <= set(cls._prop_names)
        assert set(cls._children_props) <= set(cls._prop_names)


def test_positional_signatures():
    assert dcc.Checklist._positional[:2] == ("options", "value")
    assert dcc.Dropdown._positional[:3] == ("options", "value", "multi")
    assert dcc.Slider._positional[:5] == ("min", "max", "step", "marks", "value")
    assert dcc.RangeSlider._positional[:5] == ("min", "max", "step", "marks", "value")
    assert dcc.Input._positional[:3] == ("value", "type", "debounce")
    assert dcc.Store._positional == ("id", "storage_type", "data", "clear_data", "modified_timestamp")
    assert dcc.Interval._positional == ("id", "interval", "disabled", "n_intervals", "max_intervals")
    assert dcc.Location._positional == ("id", "pathname", "search", "hash", "href", "refresh")
    assert dcc.Markdown._positional[0] == dcc.Tabs._positional[0] == "children"
    assert dcc.Graph._positional[0] == "id"


def test_persistence_and_internal_props_accepted():
    dd = dcc.Dropdown(
        ["a"], "a", id="dd", persistence=True, persistence_type="session", persisted_props=["value"]
    )
    assert dd.persistence_type == "session"
    assert "componentPath" in dcc.Input._prop_names
    assert "loading_state" in dcc.Link._prop_names


# -- validation ---------------------------------------------------------------------------------------
def test_unknown_prop_names_component_and_lists_allowed():
    with pytest.raises(TypeError) as err:
        dcc.Graph(id="g", foo=1)
    msg = str(err.value)
    assert "dcc.Graph" in msg and "`foo`" in msg
    assert "Allowed arguments: animate, animation_options, className," in msg
    assert "figure" in msg and "selectedData" in msg


def test_unknown_prop_on_assignment():
    inp = dcc.Input(id="x")
    with pytest.raises(TypeError, match="dcc.Input"):
        inp.vlaue = 3


def test_wildcard_attributes_rejected_like_dash():
    with pytest.raises(TypeError, match="data-x"):
        dcc.Input(**{"data-x": 1})
    with pytest.raises(TypeError, match="aria-label"):
        dcc.Dropdown(**{"aria-label": "city"})


@pytest.mark.parametrize("make, prop", [
    (lambda: dcc.Store(), "id"),
    (lambda: dcc.Store(data=1), "id"),
    (lambda: dcc.Location(), "id"),
    (lambda: dcc.Link("Home"), "href"),
])  # fmt: skip
def test_required_props(make, prop):
    with pytest.raises(TypeError, match=f"Required argument `{prop}` was not specified"):
        make()


def test_too_many_positional_arguments():
    with pytest.raises(TypeError, match="positional"):
        dcc.Store("a", "memory", None, False, -1, "extra")


def test_component_only_in_children_props():
    with pytest.raises(TypeError, match="other than `children`"):
        dcc.Input(value=dcc.Markdown("x"))
    # Tab labels, Loading spinners, Clipboard feedback and option labels may be components.
    dcc.Tab("content", label=dcc.Markdown("**A**"))
    dcc.Loading(custom_spinner=dcc.Markdown("..."))
    dcc.Clipboard(copied_children=dcc.Markdown("copied"))


def test_markdown_children_positional():
    md = dcc.Markdown("Some *text*", id="md", link_target="_blank")
    assert md.children == "Some *text*"
    assert md.to_plotly_json()["props"] == {"children": "Some *text*", "id": "md", "link_target": "_blank"}


def test_graph_accepts_plotly_figure():
    go = pytest.importorskip("plotly.graph_objects")
    fig = go.Figure(go.Bar(x=[1, 2], y=[3, 4]))
    graph = dcc.Graph(id="g", figure=fig)
    assert graph.figure is fig
    assert graph.to_plotly_json()["props"] == {"id": "g", "figure": fig}


def test_tabs_children_are_indexed():
    layout = dcc.Tabs(
        [dcc.Tab([dcc.Graph(id="g1")], label="One", value="one", id="tab-1"),
         dcc.Tab(dcc.Store(id="s"), label=dcc.Markdown("**Two**", id="lbl"), value="two")],
        id="tabs",
    )  # fmt: skip
    assert layout["g1"].to_plotly_json() == _j("Graph", id="g1")
    assert set(layout) == {"tab-1", "g1", "lbl", "s"}
    layout["s"] = dcc.Store(id="s2")
    assert "s2" in set(layout)


def test_option_label_components_are_walked():
    checklist = dcc.Checklist([{"label": dcc.Markdown("**x**", id="lbl"), "value": "x"}], [], id="c")
    assert list(dcc.Loading(checklist)) == ["c", "lbl"]


# -- front-end defaults -------------------------------------------------------------------------------
def test_defaults_spot_checks():
    assert dcc.Interval._defaults == {"interval": 1000, "n_intervals": 0, "max_intervals": -1}
    assert dcc.Store._defaults == {"storage_type": "memory", "clear_data": False, "modified_timestamp": -1}
    assert dcc.Input._defaults["debounce"] is False
    assert dcc.Input._defaults["n_submit"] == 0 and dcc.Input._defaults["type"] == "text"
    assert dcc.Slider._defaults["updatemode"] == dcc.RangeSlider._defaults["updatemode"] == "mouseup"
    dd = dcc.Dropdown._defaults
    assert (dd["multi"], dd["clearable"], dd["searchable"]) == (False, True, True)
    assert dcc.Checklist._defaults["persisted_props"] == ["value"]
    assert dcc.DatePickerRange._defaults["persisted_props"] == ["start_date", "end_date"]
    assert dcc.Loading._defaults["type"] == "default"
    assert dcc.Tabs._defaults["mobile_breakpoint"] == 800
    assert dcc.Location._defaults == {"refresh": True} and dcc.Link._defaults == {"refresh": False}
    assert dcc.Download._defaults == {"base64": False, "type": "text/plain"}
    assert dcc.Graph._defaults["figure"] == {"data": [], "layout": {}, "frames": []}


def test_defaults_stay_out_of_json_and_props():
    interval = dcc.Interval(id="i")
    assert interval.to_plotly_json()["props"] == {"id": "i"}
    with pytest.raises(AttributeError):
        interval.n_intervals  # noqa: B018 - unset props are absent, as in Dash callbacks (None)


def test_persisted_defaults_are_not_shared():
    assert dcc.Checklist._defaults["persisted_props"] is not dcc.RadioItems._defaults["persisted_props"]


# -- Download helpers ---------------------------------------------------------------------------------
def test_send_bytes():
    assert dcc.send_bytes(b"\x00\x01hello", "a.bin") == {
        "content": "AAFoZWxsbw==", "filename": "a.bin", "type": None, "base64": True,
    }
    written = dcc.send_bytes(lambda buf, n: buf.write(b"x" * n), "w.bin", type="application/zip", n=3)
    assert written == {"content": "eHh4", "filename": "w.bin", "type": "application/zip", "base64": True}


def test_send_string():
    assert dcc.send_string("a,b\n", "a.csv", type="text/csv") == {
        "content": "a,b\n", "filename": "a.csv", "type": "text/csv", "base64": False,
    }
    assert dcc.send_string(lambda buf: buf.write("hey"), "w.txt") == {
        "content": "hey", "filename": "w.txt", "type": None, "base64": False,
    }


def test_send_file(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes(b"hello")
    expected = {"content": "aGVsbG8=", "filename": "report.txt", "type": None, "base64": True}
    assert dcc.send_file(str(path)) == expected
    renamed = dcc.send_file(path, "other.txt", "text/plain")
    assert renamed == {**expected, "filename": "other.txt", "type": "text/plain"}


def test_send_data_frame():
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame({"a": [1, 2], "b": ["x", "y"]})
    assert dcc.send_data_frame(df.to_csv, "df.csv", index=False) == {
        "content": "a,b\n1,x\n2,y\n", "filename": "df.csv", "type": None, "base64": False,
    }
    sent = dcc.send_data_frame(df.to_pickle, "df.pkl")
    assert sent["base64"] is True and sent["filename"] == "df.pkl"
    assert pickle.loads(base64.b64decode(sent["content"])).equals(df)
    with pytest.raises(ValueError, match="not supported"):
        dcc.send_data_frame(df.to_string, "df.txt")
