"""Apps several ported Dash tests share (Dash's tests/assets/todo_app.py, grouping_app.py and the
fibonacci app of test_wildcards.py), re-expressed for nbdash; call counts live in ``app.counts``."""

from __future__ import annotations

from nbdash import ALL, ALLSMALLER, MATCH, Dash, Input, Output, State, callback_context, dcc, html

STYLE_TODO = {"display": "inline", "margin": "10px"}
STYLE_DONE = {"textDecoration": "line-through", "color": "#888", **STYLE_TODO}


def todo_app(content_callback: bool = False) -> Dash:
    app = Dash(__name__)
    content = html.Div(
        [
            html.Div("Dash To-Do list"),
            dcc.Input(id="new-item"),
            html.Button("Add", id="add"),
            html.Button("Clear Done", id="clear-done"),
            html.Div(id="list-container"),
            html.Hr(),
            html.Div(id="totals"),
        ]
    )
    if content_callback:
        app.layout = html.Div([html.Div(id="content"), dcc.Location(id="url")])

        @app.callback(Output("content", "children"), [Input("url", "pathname")])
        def display_content(_):
            return content

    else:
        app.layout = content
    counts = app.counts = {"list": 0, "style": 0, "preceding": 0, "total": 0}  # type: ignore[attr-defined]

    @app.callback(
        Output("list-container", "children"),
        Output("new-item", "value"),
        Input("add", "n_clicks"),
        Input("new-item", "n_submit"),
        Input("clear-done", "n_clicks"),
        State("new-item", "value"),
        State({"item": ALL}, "children"),
        State({"item": ALL, "action": "done"}, "value"),
    )
    def edit_list(add, add2, clear, new_item, items, items_done):
        counts["list"] += 1
        triggered = [t["prop_id"] for t in callback_context.triggered]
        adding = any(i in ("add.n_clicks", "new-item.n_submit") for i in triggered)
        clearing = "clear-done.n_clicks" in triggered
        spec = [(text, done) for text, done in zip(items, items_done) if not (clearing and done)]
        if adding:
            spec.append((new_item, []))
        assert not callback_context.using_args_grouping
        assert not callback_context.using_outputs_grouping
        rows = [
            html.Div(
                [
                    dcc.Checklist(id={"item": i, "action": "done"}, options=[{"label": "", "value": "done"}], value=done, style={"display": "inline"}),
                    html.Div(text, id={"item": i}, style=STYLE_DONE if done else STYLE_TODO),
                    html.Div(id={"item": i, "preceding": True}, style=STYLE_TODO),
                ],
                style={"clear": "both"},
            )
            for i, (text, done) in enumerate(spec)
        ]
        return [rows, "" if adding else new_item]

    @app.callback(Output({"item": MATCH}, "style"), Input({"item": MATCH, "action": "done"}, "value"))
    def mark_done(done):
        counts["style"] += 1
        return STYLE_DONE if done else STYLE_TODO

    @app.callback(
        Output({"item": MATCH, "preceding": True}, "children"),
        Input({"item": ALLSMALLER, "action": "done"}, "value"),
        Input({"item": MATCH, "action": "done"}, "value"),
    )
    def show_preceding(done_before, this_done):
        counts["preceding"] += 1
        if this_done:
            return ""
        n_done = len([1 for d in done_before if d])
        out = f"{n_done} of {len(done_before)} preceding items are done"
        return out + (" DO THIS NEXT!" if n_done == len(done_before) else "")

    @app.callback(Output("totals", "children"), Input({"item": ALL, "action": "done"}, "value"))
    def show_totals(done):
        counts["total"] += 1
        n_done = len([d for d in done if d])
        result = f"{n_done} of {len(done)} items completed"
        return result + (f" - {int(100 * n_done / len(done))}%" if done else "")

    return app


def grouping_app() -> Dash:
    app = Dash(__name__)
    app.layout = html.Div(
        [
            html.Div(id="title", children="Dash To-Do list"),
            dcc.Input(id="new-item"),
            html.Button("Add", id="add"),
            html.Div(id="list-container"),
            html.Hr(),
            html.Div(id="totals"),
            html.Hr(),
            html.Div(id="cc-args-grouping"),
            html.Div(id="cc-outputs-grouping"),
        ]
    )

    @app.callback(
        dict(
            list_container=Output("list-container", "children"),
            new_item=Output("new-item", "value"),
            totals=Output("totals", "children"),
            cc_args_grouping=Output("cc-args-grouping", "children"),
            cc_outputs_grouping=Output("cc-outputs-grouping", "children"),
        ),
        dict(
            items=dict(all=State({"id": ALL}, "children"), new=State("new-item", "value")),
            triggers=[Input("add", "n_clicks"), Input("new-item", "n_submit")],
        ),
    )
    def edit_list(items, triggers):
        triggered = [t["prop_id"] for t in callback_context.triggered]
        spec = items["all"]
        if any(i in ("add.n_clicks", "new-item.n_submit") for i in triggered):
            spec.append(items["new"])
        assert callback_context.using_args_grouping
        assert callback_context.using_outputs_grouping
        rows = [
            html.Div(
                [
                    dcc.Checklist(id={"id": i, "property": "done"}, options=[{"label": "", "value": "done"}], style={"display": "inline"}),
                    html.Div(text, id={"id": i}, style=STYLE_TODO),
                ],
                style={"clear": "both"},
            )
            for i, text in enumerate(spec)
        ]
        return {
            "list_container": rows,
            "new_item": "",
            "totals": f"{len(rows)} total item(s)",
            "cc_args_grouping": repr(callback_context.args_grouping),
            "cc_outputs_grouping": repr(callback_context.outputs_grouping),
        }

    return app


def fibonacci_app(clientside: bool) -> Dash:
    """ALLSMALLER feeding a MATCH of the same id/prop; ``app.counts`` counts the calls."""
    app = Dash(__name__)
    app.layout = html.Div([dcc.Input(id="n", type="number", min=0, max=10, value=4), html.Div(id="series"), html.Div(id="sum")])
    counts = app.counts = {"fib": 0, "sum": 0}  # type: ignore[attr-defined]

    @app.callback(Output("series", "children"), Input("n", "value"))
    def items(n):
        return [html.Div(id={"i": i}) for i in range(n)]

    if clientside:
        app.clientside_callback(
            "function(vals) { var len = vals.length; return len < 2 ? len : +(vals[len - 1] || 0) + +(vals[len - 2] || 0); }",
            Output({"i": MATCH}, "children"),
            Input({"i": ALLSMALLER}, "children"),
        )
        app.clientside_callback(
            "function(vals) { var sum = vals.reduce(function(a, b) { return +a + +b; }, 0); return vals.length + ' elements, sum: ' + sum; }",
            Output("sum", "children"),
            Input({"i": ALL}, "children"),
        )
    else:

        @app.callback(Output({"i": MATCH}, "children"), Input({"i": ALLSMALLER}, "children"))
        def sequence(prev):
            counts["fib"] += 1
            return len(prev) if len(prev) < 2 else int(prev[-1] or 0) + int(prev[-2] or 0)

        @app.callback(Output("sum", "children"), Input({"i": ALL}, "children"))
        def show_sum(seq):
            counts["sum"] += 1
            return f"{len(seq)} elements, sum: {sum(int(v or 0) for v in seq)}"

    return app
