"""ipywidgets in layouts and as callback Inputs/Outputs/State (nbdash._sources)."""

from __future__ import annotations

import ipywidgets as widgets
import pytest

from nbdash import Dash, Input, Output, State, Widget, html
from nbdash.exceptions import InvalidCallbackReturnValue
from nbdash.testing import AppDriver


def slider_app() -> tuple[Dash, widgets.IntSlider, widgets.Text]:
    slider = widgets.IntSlider(value=3, min=0, max=10)
    label = widgets.Text(value="")
    app = Dash(__name__)
    app.layout = html.Div([slider, Widget(label, id="label"), html.Div(id="out")])

    @app.callback(Output("out", "children"), Input(slider, "value"))
    def show(value):  # noqa: ANN001, ANN202
        return f"value {value}"

    @app.callback(Output("label", "value"), Input("out", "children"), State(slider, "max"))
    def copy(text, top):  # noqa: ANN001, ANN202
        return f"{text} of {top}"

    return app, slider, label


def test_widget_trait_is_an_input_and_initial_value_is_read() -> None:
    app, slider, label = slider_app()
    with AppDriver(app) as d:
        assert d.get("out", "children") == "value 3"
        assert label.value == "value 3 of 10"  # an Output writes the trait


def test_trait_change_from_the_widget_fires_callbacks() -> None:
    app, slider, label = slider_app()
    with AppDriver(app) as d:
        slider.value = 7  # what the slider's view in the browser does
        d.wait_idle()
        assert d.get("out", "children") == "value 7"
        assert label.value == "value 7 of 10"
        assert [c.name for c in d.calls][-2:] == ["show", "copy"]
        node_id = Input(slider, "value").component_id
        assert d.calls[-2].triggered == [f"{node_id}.value"]


def test_nbdash_writes_do_not_loop_back_as_user_changes() -> None:
    app, slider, label = slider_app()
    with AppDriver(app) as d:
        before = len(d.calls)
        d.set("out", "children", "typed")  # fires copy, which writes label.value
        assert label.value == "typed of 10"
        assert len(d.calls) == before + 1


def test_widget_props_in_json_and_driver_access() -> None:
    app, slider, _ = slider_app()
    with AppDriver(app) as d:
        node_id = Input(slider, "value").component_id
        assert d.get(node_id, "value") == 3
        assert d.props("label")["id"] == "label"
        assert d.props("label")["model_id"].startswith("IPY_MODEL_")
        d.set(node_id, "value", 5)
        assert slider.value == 5 and d.get("out", "children") == "value 5"


def test_invalid_trait_value_is_a_callback_error() -> None:
    slider = widgets.IntSlider(value=1)
    app = Dash(__name__)
    app.layout = html.Div([html.Button(id="b"), Widget(slider, id="s")])

    @app.callback(Output("s", "value"), Input("b", "n_clicks"), prevent_initial_call=True)
    def bad(n):  # noqa: ANN001, ANN202
        return "not a number"

    with AppDriver(app, raise_errors=False) as d:
        d.click("b")
        assert slider.value == 1
        assert isinstance(d.errors[0], InvalidCallbackReturnValue)
        assert "Cannot set `value` of IntSlider" in str(d.errors[0])


def test_unknown_trait_and_non_widget_are_refused() -> None:
    with pytest.raises(TypeError, match="wraps an ipywidget"):
        Widget(42)  # type: ignore[arg-type]
    node = Widget(widgets.IntSlider(), id="s")
    with pytest.raises(TypeError, match="has no trait `nope`"):
        node.nope = 1


def test_closing_the_app_stops_watching_widgets() -> None:
    app, slider, _ = slider_app()
    d = AppDriver(app).load()
    calls = len(d.calls)
    app.close()
    slider.value = 9
    assert len(d.calls) == calls


def test_trait_the_widget_changes_itself_still_fires() -> None:
    slider = widgets.IntSlider(value=25, max=30)
    app = Dash(__name__)
    app.layout = html.Div([html.Button(id="b"), Widget(slider, id="age"), html.Div(id="out")])

    @app.callback(Output("age", "max"), Input("b", "n_clicks"), prevent_initial_call=True)
    def lower(n):  # noqa: ANN001, ANN202
        return 20

    @app.callback(Output("out", "children"), Input("age", "value"))
    def show(value):  # noqa: ANN001, ANN202
        return f"{value} years"

    with AppDriver(app) as d:
        d.click("b")  # nbdash writes max; the slider clamps value by itself
        assert slider.value == 20
        assert d.get("out", "children") == "20 years"
