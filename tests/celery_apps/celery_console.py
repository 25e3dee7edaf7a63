"""Background callbacks that print on a Celery worker (nbdash's own test app for the console)."""

import os
import sys
import time

from celery import Celery

from nbdash import CeleryManager, Dash, Input, Output, State, dcc, html

celery_app = Celery(__name__, broker=os.environ["REDIS_URL"], backend=os.environ["REDIS_URL"])
manager = CeleryManager(celery_app)

app = Dash(__name__, background_callback_manager=manager)
app.layout = html.Div([
    html.Button(id="talk"), html.Button(id="fail"), html.Button(id="leave"), html.Div(id="leave-out"), html.Button(id="wait"), html.Button(id="flood"),
    dcc.Input(id="gate", value=""),
    html.Div(id="talk-out"), html.Div(id="fail-out"), html.Div(id="wait-out"), html.Div(id="flood-out"),
])


@app.callback(Output("talk-out", "children"), Input("talk", "n_clicks"), background=True, prevent_initial_call=True)
def talk(n_clicks):
    for i in range(5):
        print(f"line {i}")
    print("careful", file=sys.stderr)
    print("last line", end="\n")
    return f"talked {n_clicks}"


@app.callback(Output("fail-out", "children"), Input("fail", "n_clicks"), background=True, prevent_initial_call=True)
def fail(n_clicks):
    print("about to fail")
    print("really", file=sys.stderr)
    raise ValueError(f"boom {n_clicks}")


@app.callback(
    Output("wait-out", "children"),
    Input("wait", "n_clicks"),
    State("gate", "value"),
    background=True,
    running=[(Output("wait", "disabled"), True, False)],
    prevent_initial_call=True,
)
def wait(n_clicks, gate):
    print("started")
    deadline = time.monotonic() + 30
    while not os.path.exists(gate) and time.monotonic() < deadline:
        time.sleep(0.1)  # scaled on the test worker
    print("finished")
    return "opened" if os.path.exists(gate) else "timed out"


@app.callback(Output("flood-out", "children"), Input("flood", "n_clicks"), background=True, prevent_initial_call=True)
def flood(n_clicks):
    print("x" * 100_000)  # one write far beyond one flush
    return "flooded"


@app.callback(Output("leave-out", "children"), Input("leave", "n_clicks"), background=True, prevent_initial_call=True)
def leave(n_clicks):
    print("leaving")
    sys.exit(5)
