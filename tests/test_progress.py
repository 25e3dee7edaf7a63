"""``progress=`` / ``set_progress`` and ``progress_default`` (run inside the turn until background
execution on threads lands)."""

from __future__ import annotations

from nbdash import Dash, Input, Output, html
from nbdash.testing import ABSENT, AppDriver


def make_app(**extra: object) -> Dash:
    app = Dash(__name__)
    app.layout = html.Div([html.Button(id="go"), html.Progress(id="bar", value="0"), html.P(id="out")])

    @app.callback(
        Output("out", "children"),
        Input("go", "n_clicks"),
        background=True,
        progress=[Output("bar", "value"), Output("bar", "max")],
        running=[(Output("go", "disabled"), True, False)],
        prevent_initial_call=True,
        **extra,
    )
    def job(set_progress, n):  # noqa: ANN001, ANN202
        for i in range(3):
            set_progress((str(i), "3"))
        return f"done {n}"

    return app


def test_every_progress_value_reaches_the_props_in_order() -> None:
    with AppDriver(make_app()) as d:
        d.click("go")
        assert d.get("out", "children") == "done 1"
        assert d.history("bar", "value") == ["0", "0", "1", "2"]
        assert d.history("bar", "max") == [ABSENT, "3", "3", "3"]  # side updates are not equality-filtered
        assert d.history("go", "disabled") == [ABSENT, True, False]


def test_progress_default_is_restored_when_the_job_ends() -> None:
    with AppDriver(make_app(progress_default=["0", "10"])) as d:
        d.click("go")
        assert d.get("bar", "value") == "0"
        assert d.get("bar", "max") == "10"
