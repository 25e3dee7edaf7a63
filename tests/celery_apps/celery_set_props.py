"""A background callback that uses set_props and ctx on a Celery worker (nbdash's own test app)."""

import os

from celery import Celery

from nbdash import CeleryManager, Dash, Input, Output, ctx, html, set_props

celery_app = Celery(__name__, broker=os.environ["REDIS_URL"], backend=os.environ["REDIS_URL"])
manager = CeleryManager(celery_app)

app = Dash(__name__, background_callback_manager=manager)
app.layout = html.Div([html.Button(id="go"), html.Div(id="note"), html.Div(id="who"), html.Div(id="out")])


@app.callback(Output("out", "children"), Input("go", "n_clicks"), background=True, prevent_initial_call=True)
def job(n_clicks):
    set_props("note", {"children": f"started {n_clicks}"})
    set_props("who", {"children": str(ctx.triggered_id)})
    return html.B(f"done {n_clicks}", id="bold")
