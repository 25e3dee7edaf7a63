"""One test per example of the seed documents (/work/shared/seeds/000, 001, 002, 004).

Each test builds the example app exactly as the seed's code does — only the import lines change
(``dash`` → ``nbdash``; ``dash_core_components``/``dash_html_components`` → ``nbdash.dcc``/``nbdash.html``)
— and the seed's import lines are kept *inside* the test function, so module-level names used by the
seed (e.g. ``callback``, which one seed function shadows) resolve like in a script. ``if __name__ ==
'__main__': app.run(...)`` blocks are dropped. Then the app is driven headless with
:class:`nbdash.testing.AppDriver` like a user would, and the behaviour the seed text describes is
asserted.

Seed 001 is the Chinese translation of the page seed 004 comes from: examples present in both are
tested once (tests named ``test_004_*``). Seed 003 (background callbacks) is covered elsewhere.

Environment stand-ins (each one is explained where it is used):

* ``pd`` (module level) — pandas >= 3 dropped ``pd.read_json(<literal JSON string>)``, which the
  seeds (written for pandas 1.x) rely on; the shim wraps such strings in ``io.StringIO`` and
  delegates everything else to pandas.
* ``Cache`` — flask_caching needs a Flask server, which nbdash does not have; this stand-in keeps
  flask_caching's API (``Cache(app, config)``, ``init_app``, ``memoize``) backed by diskcache.
* ``fake_sleep`` — ``time.sleep`` of 1 s or more (the seeds' simulated slow work) returns at once and
  is recorded; an optional gate lets a test keep a "slow" callback running.
"""

from __future__ import annotations

import io
import json
import threading
import time
from types import SimpleNamespace
from typing import Any

import diskcache
import pandas
import pytest

import nbdash
from nbdash.testing import ABSENT, AppDriver


# ---------------------------------------------------------------------------------------------------
# Helpers / stand-ins
# ---------------------------------------------------------------------------------------------------
class _PandasCompat:
    """``pandas`` with pandas<3's ``read_json(<JSON string>)`` (pandas 3 treats the string as a path)."""

    def __getattr__(self, name: str) -> Any:
        return getattr(pandas, name)

    @staticmethod
    def read_json(path_or_buf: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(path_or_buf, str) and path_or_buf.lstrip().startswith(("{", "[")):
            path_or_buf = io.StringIO(path_or_buf)
        return pandas.read_json(path_or_buf, *args, **kwargs)


pd = _PandasCompat()


class Cache:
    """Stand-in for ``flask_caching.Cache`` (nbdash has no Flask server), backed by diskcache.

    ``CACHE_TYPE='filesystem'`` uses ``CACHE_DIR``; anything else (redis) uses ``./flask-cache-standin``.
    Tests using it chdir into ``tmp_path``.
    """

    def __init__(self, app: Any = None, config: dict[str, Any] | None = None) -> None:
        self._disk: diskcache.Cache | None = None
        if config is not None:
            self.init_app(app, config=config)

    def init_app(self, app: Any, config: dict[str, Any] | None = None) -> None:
        config = config or {}
        if config.get("CACHE_TYPE") == "filesystem":
            directory = config.get("CACHE_DIR", "flask-cache-standin")
        else:
            directory = "flask-cache-standin"
        self._disk = diskcache.Cache(directory)

    def memoize(self, timeout: Any = None) -> Any:
        assert self._disk is not None, "Cache.init_app was not called"
        return self._disk.memoize()

    def close(self) -> None:
        if self._disk is not None:
            self._disk.close()


class FakeSleep:
    """Replaces ``time.sleep``: long sleeps (>= 1 s) are recorded and return at once (after a tiny real
    pause so timestamps differ). With ``gate`` set, a long sleep waits for the gate (``started`` is set
    when it begins). ``on_sleep`` hooks run inside the sleeping callback."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.calls: list[float] = []
        self.gate: threading.Event | None = None
        self.started = threading.Event()
        self.on_sleep: list[Any] = []

    def __call__(self, seconds: float) -> None:
        if seconds < 1:
            self.real(seconds)
            return
        self.calls.append(seconds)
        for hook in self.on_sleep:
            hook(seconds)
        self.started.set()
        if self.gate is not None:
            assert self.gate.wait(10), "test gate never opened"
        self.real(0.002)


@pytest.fixture
def fake_sleep(monkeypatch: pytest.MonkeyPatch) -> FakeSleep:
    fake = FakeSleep(time.sleep)
    monkeypatch.setattr(time, "sleep", fake)
    return fake


def calls_of(d: AppDriver, start: int = 0) -> list[tuple[str, list[str]]]:
    """(callback name, triggered prop ids) of every call since index ``start``."""
    return [(c.name, list(c.triggered)) for c in d.calls[start:]]


def names_of(d: AppDriver, start: int = 0) -> list[str]:
    return [c.name for c in d.calls[start:]]


# ===================================================================================================
# Seed 000 — MissingCallbackContextException
# ===================================================================================================
def test_000_callback_context_outside_callback_raises() -> None:
    import nbdash as dash
    from nbdash.exceptions import MissingCallbackContextException

    with pytest.raises(MissingCallbackContextException) as info:
        dash.callback_context.triggered
    assert str(info.value) == "dash.callback_context.triggered is only available from a callback!"

    # The seed's "context check" pattern itself also needs a callback: outside one it raises too.
    with pytest.raises(MissingCallbackContextException):
        if dash.callback_context.triggered:
            button_id = dash.callback_context.triggered[0]["prop_id"]  # noqa: F841
    # ctx is the same object
    assert nbdash.ctx is nbdash.callback_context


def test_000_context_check_pattern_inside_callback() -> None:
    import nbdash as dash
    from nbdash import html
    from nbdash.dependencies import Input, Output

    app = dash.Dash(__name__)
    app.layout = html.Div([html.Button("Go", id="btn"), html.Div(id="out")])

    @app.callback(Output("out", "children"), Input("btn", "n_clicks"))
    def show_trigger(n_clicks):
        # --- seed 000, solution 1 ("上下文检查模式"), verbatim ---
        if dash.callback_context.triggered:
            button_id = dash.callback_context.triggered[0]['prop_id']
        else:
            button_id = None
        # ---
        return f"button_id={button_id}"

    with AppDriver(app) as d:
        assert d.get("out", "children") == "button_id=None"  # initial call: triggered is falsy
        d.click("btn")
        assert d.get("out", "children") == "button_id=btn.n_clicks"
        assert d.errors == []


def test_000_context_proxy_pattern() -> None:
    import nbdash as dash
    from nbdash import html
    from nbdash.dependencies import Input, Output

    seen: list[Any] = []

    def real_callback(n_clicks):  # the seed leaves real_callback undefined
        seen.append(dash.callback_context.triggered_id)
        return f"clicked {n_clicks}"

    # --- seed 000, solution 2 ("上下文代理模式"), verbatim ---
    def create_callback():
        ctx = None

        def wrapper(*args):
            nonlocal ctx
            ctx = dash.callback_context
            return real_callback(*args)

        return wrapper
    # ---

    app = dash.Dash(__name__)
    app.layout = html.Div([html.Button("Go", id="btn"), html.Div(id="out")])
    app.callback(Output("out", "children"), Input("btn", "n_clicks"))(create_callback())

    with AppDriver(app) as d:
        assert d.get("out", "children") == "clicked None"
        d.click("btn")
        assert d.get("out", "children") == "clicked 1"
        assert seen == [None, "btn"]


def test_000_async_context_passing_pattern() -> None:
    import nbdash as dash
    from nbdash import dcc, html
    from nbdash.dependencies import Input, Output

    # Stand-in for a Celery app: tasks run eagerly; ``delay`` returns an AsyncResult-like object.
    processed: list[Any] = []

    class _EagerCelery:
        def task(self, func):
            def delay(*args, **kwargs):
                func(*args, **kwargs)
                return SimpleNamespace(id=f"task-{len(processed)}")

            func.delay = delay
            return func

    celery = _EagerCelery()

    def process_inputs(inputs):  # undefined in the seed
        processed.append(inputs)

    app = dash.Dash(__name__)
    app.layout = html.Div([dcc.Input(id="job-input", value="payload"), dcc.Store(id="job-status")])

    # --- seed 000, solution 3 ("异步上下文传递"); the seed elides the dependencies (`...`) ---
    @app.callback(Output("job-status", "data"), Input("job-input", "value"))
    def long_running_task(inputs):
        task = celery_task.delay(inputs)
        return {"status": "started", "task_id": task.id}

    @celery.task
    def celery_task(inputs):
        # 通过参数显式传递必要上下文
        process_inputs(inputs)
    # ---

    with AppDriver(app) as d:
        assert d.get("job-status", "data") == {"status": "started", "task_id": "task-1"}
        d.set("job-input", "value", "other")
        assert d.get("job-status", "data") == {"status": "started", "task_id": "task-2"}
        assert processed == ["payload", "other"]


def test_000_context_guard_pattern() -> None:
    import nbdash as dash

    handled: list[Any] = []

    def handle_trigger(ctx):  # undefined in the seed
        handled.append(ctx)

    # --- seed 000, solution 4 ("自定义上下文管理器"), verbatim ---
    class CallbackContextGuard:
        def __enter__(self):
            self.ctx = getattr(dash.callback_context, '_context', None)
            return self.ctx

        def __exit__(self, *args):
            pass

    with CallbackContextGuard() as ctx:
        if ctx and ctx.triggered:
            handle_trigger(ctx)
    # ---

    # Outside a callback the guard must not raise (Dash's CallbackContext has no `_context`
    # attribute, so getattr falls back to None) and nothing is handled.
    assert ctx is None
    assert handled == []


def test_000_component_id_mapping_pattern() -> None:
    import nbdash as dash
    from nbdash import dcc, html
    from nbdash.dependencies import Input, Output

    app = dash.Dash(__name__)
    # --- seed 000, solution 5 ("组件ID映射策略") + an output div to show the result ---
    app.layout = html.Div([
        dcc.Input(id={'type': 'filter', 'index': 0}),
        dcc.Input(id={'type': 'filter', 'index': 1}),
        html.Div(id="filters-out"),
    ])

    # the seed elides the dependencies (`...`) and the body ("通过参数区分触发源")
    @app.callback(
        Output("filters-out", "children"),
        Input({'type': 'filter', 'index': 0}, "value"),
        Input({'type': 'filter', 'index': 1}, "value"),
    )
    def unified_callback(input1, input2):
        # 通过参数区分触发源
        return f"filter0={input1} filter1={input2}"
    # ---

    with AppDriver(app) as d:
        assert d.get("filters-out", "children") == "filter0=None filter1=None"
        d.set({"type": "filter", "index": 1}, "value", "b")
        assert d.get("filters-out", "children") == "filter0=None filter1=b"
        d.set({"type": "filter", "index": 0}, "value", "a")
        assert d.get("filters-out", "children") == "filter0=a filter1=b"
        assert d.triggered("unified_callback") == [
            [], ['{"index":1,"type":"filter"}.value'], ['{"index":0,"type":"filter"}.value'],
        ]


# ===================================================================================================
# Seeds 004 (English) / 001 (Chinese) — Advanced callbacks
# ===================================================================================================
def test_004_prevent_update() -> None:
    from nbdash import Dash, html, Input, Output, callback
    from nbdash.exceptions import PreventUpdate

    external_stylesheets = ['https://codepen.io/chriddyp/pen/bWLwgP.css']

    app = Dash(__name__, external_stylesheets=external_stylesheets)

    app.layout = html.Div([
        html.Button('Click here to see the content', id='show-secret'),
        html.Div(id='body-div')
    ])

    @callback(
        Output('body-div', 'children'),
        Input('show-secret', 'n_clicks')
    )
    def update_output(n_clicks):
        if n_clicks is None:
            raise PreventUpdate
        else:
            return "Elephants are the only animal that can't jump"

    with AppDriver(app) as d:
        # The initial call ran with n_clicks None and raised PreventUpdate: nothing was updated.
        assert calls_of(d) == [("update_output", [])]
        assert d.get("body-div", "children") is None
        assert d.history("body-div", "children") == [None]
        assert d.errors == []
        d.click("show-secret")
        assert d.get("body-div", "children") == "Elephants are the only animal that can't jump"


def test_004_no_update_prime_factors() -> None:
    from nbdash import Dash, dcc, html, Input, Output, callback, no_update
    from nbdash.exceptions import PreventUpdate

    external_stylesheets = ['https://codepen.io/chriddyp/pen/bWLwgP.css']

    app = Dash(__name__, external_stylesheets=external_stylesheets)

    app.layout = html.Div([
        html.P('Enter a composite number to see its prime factors'),
        dcc.Input(id='num', type='number', debounce=True, min=2, step=1),
        html.P(id='err', style={'color': 'red'}),
        html.P(id='out')
    ])

    @callback(
        Output('out', 'children'),
        Output('err', 'children'),
        Input('num', 'value')
    )
    def show_factors(num):
        if num is None:
            # PreventUpdate prevents ALL outputs updating
            raise PreventUpdate

        factors = prime_factors(num)
        if len(factors) == 1:
            # dash.no_update prevents any single output updating
            # (note: it's OK to use for a single-output callback too)
            return no_update, '{} is prime!'.format(num)

        return '{} is {}'.format(num, ' * '.join(str(n) for n in factors)), ''

    def prime_factors(num):
        n, i, out = num, 2, []
        while i * i <= n:
            if n % i == 0:
                n = int(n / i)
                out.append(i)
            else:
                i += 1 if i == 2 else 2
        out.append(n)
        return out

    with AppDriver(app) as d:
        assert d.get("out", "children") is None
        assert d.get("err", "children") is None
        d.set("num", "value", 12)
        assert d.get("out", "children") == "12 is 2 * 2 * 3"
        assert d.get("err", "children") == ""
        d.set("num", "value", 7)
        # no_update keeps the previous factorisation; only the error message changes
        assert d.get("out", "children") == "12 is 2 * 2 * 3"
        assert d.get("err", "children") == "7 is prime!"
        d.set("num", "value", 30)
        assert d.get("out", "children") == "30 is 2 * 3 * 5"
        assert d.get("err", "children") == ""
        assert d.history("out", "children") == [None, "12 is 2 * 2 * 3", "30 is 2 * 3 * 5"]


def test_004_running_disables_button(fake_sleep: FakeSleep) -> None:
    from nbdash import Dash, dcc, html, Input, Output, State, callback
    import time

    app = Dash(__name__)
    app.layout = html.Div([
        html.Div(dcc.Input(id='input-on-submit-text', type='text')),
        html.Button('Submit', id='submit-button', n_clicks=0),
        html.Div(id='container-output-text',
                 children='Enter a value and press submit')
    ])

    @callback(
        Output('container-output-text', 'children'),
        Input('submit-button', 'n_clicks'),
        State('input-on-submit-text', 'value'),
        prevent_initial_call=True,
        running=[(Output("submit-button", "disabled"), True, False)]
    )
    def update_output(n_clicks, value):
        time.sleep(5)
        return 'The input value was "{}" and the button has been clicked {} times'.format(
            value,
            n_clicks
        )

    with AppDriver(app) as d:
        seen_while_running: list[Any] = []
        fake_sleep.on_sleep.append(lambda _s: seen_while_running.append(d.get("submit-button", "disabled")))

        assert d.calls == []  # prevent_initial_call
        assert d.get("container-output-text", "children") == 'Enter a value and press submit'
        d.set("input-on-submit-text", "value", "hello")
        assert d.calls == []  # State only
        d.click("submit-button")
        assert fake_sleep.calls == [5]
        assert seen_while_running == [True]  # disabled while the callback runs
        assert d.history("submit-button", "disabled") == [ABSENT, True, False]
        assert d.get("submit-button", "disabled") is False
        assert d.get("container-output-text", "children") == (
            'The input value was "hello" and the button has been clicked 1 times'
        )
        d.click("submit-button")
        assert d.history("submit-button", "disabled") == [ABSENT, True, False, True, False]
        assert d.get("container-output-text", "children") == (
            'The input value was "hello" and the button has been clicked 2 times'
        )


def test_004_callback_context_buttons() -> None:
    import json
    from nbdash import Dash, html, Input, Output, callback, ctx

    app = Dash(__name__)

    app.layout = html.Div([
        html.Button('Button 1', id='btn-1'),
        html.Button('Button 2', id='btn-2'),
        html.Button('Button 3', id='btn-3'),
        html.Div(id='container')
    ])

    @callback(Output('container', 'children'),
              Input('btn-1', 'n_clicks'),
              Input('btn-2', 'n_clicks'),
              Input('btn-3', 'n_clicks'))
    def display(btn1, btn2, btn3):
        button_id = ctx.triggered_id if not None else 'No clicks yet'

        ctx_msg = json.dumps({
            'states': ctx.states,
            'triggered': ctx.triggered,
            'inputs': ctx.inputs
        }, indent=2)

        return html.Div([
            html.Table([
                html.Tr([html.Th('Button 1'),
                         html.Th('Button 2'),
                         html.Th('Button 3'),
                         html.Th('Most Recent Click')]),
                html.Tr([html.Td(btn1 or 0),
                         html.Td(btn2 or 0),
                         html.Td(btn3 or 0),
                         html.Td(button_id)])
            ]),
            html.Pre(ctx_msg)
        ])

    def shown(d: AppDriver) -> tuple[list[Any], str]:
        table, pre = d.get("container", "children").children
        row = table.children[1]
        return [td.children for td in row.children], pre.children

    with AppDriver(app) as d:
        cells, pre = shown(d)
        assert cells == [0, 0, 0, None]
        # exactly the output the seed (001) prints after load
        assert pre == (
            '{\n'
            '  "states": {},\n'
            '  "triggered": [],\n'
            '  "inputs": {\n'
            '    "btn-1.n_clicks": null,\n'
            '    "btn-2.n_clicks": null,\n'
            '    "btn-3.n_clicks": null\n'
            '  }\n'
            '}'
        )

        d.click("btn-2")
        cells, pre = shown(d)
        assert cells == [0, 1, 0, "btn-2"]
        assert json.loads(pre) == {
            "states": {},
            "triggered": [{"prop_id": "btn-2.n_clicks", "value": 1}],
            "inputs": {"btn-1.n_clicks": None, "btn-2.n_clicks": 1, "btn-3.n_clicks": None},
        }

        d.click("btn-1")
        d.click("btn-2")
        cells, pre = shown(d)
        assert cells == [1, 2, 0, "btn-2"]
        assert json.loads(pre) == {
            "states": {},
            "triggered": [{"prop_id": "btn-2.n_clicks", "value": 2}],
            "inputs": {"btn-1.n_clicks": 1, "btn-2.n_clicks": 2, "btn-3.n_clicks": None},
        }
        assert d.triggered("display") == [[], ["btn-2.n_clicks"], ["btn-1.n_clicks"], ["btn-2.n_clicks"]]


def test_004_memoization_lru_cache(fake_sleep: FakeSleep) -> None:
    import time
    # The seed imports `functools32`, the Python 2 backport of lru_cache; on Python 3 the same
    # decorator is `functools.lru_cache`.
    import functools

    @functools.lru_cache(maxsize=32)
    def slow_function(input):
        time.sleep(10)
        return f'Input was {input}'

    assert slow_function('test') == 'Input was test'
    assert fake_sleep.calls == [10]  # the first call is slow
    assert slow_function('test') == 'Input was test'
    assert fake_sleep.calls == [10]  # the second call reuses the stored result
    assert slow_function('other') == 'Input was other'
    assert fake_sleep.calls == [10, 10]


def test_004_initial_call_on_load() -> None:
    from nbdash import Dash, html, Input, Output, callback

    app = Dash()
    app.layout = html.Div(
        [
            html.Button("execute callback", id="button_1"),
            html.Div(children="callback not executed", id="first_output_1"),
            html.Div(children="callback not executed", id="second_output_1"),
        ]
    )

    @callback(
        Output("first_output_1", "children"),
        Output("second_output_1", "children"),
        Input("button_1", "n_clicks")
    )
    def change_text(n_clicks):
        return ["n_clicks is " + str(n_clicks), "n_clicks is " + str(n_clicks)]

    with AppDriver(app) as d:
        # "the html.Div components do not say 'callback not executed' ... but rather 'n_clicks is None'"
        assert d.get("first_output_1", "children") == "n_clicks is None"
        assert d.get("second_output_1", "children") == "n_clicks is None"
        assert calls_of(d) == [("change_text", [])]
        d.click("button_1")
        assert d.get("first_output_1", "children") == "n_clicks is 1"
        assert d.get("second_output_1", "children") == "n_clicks is 1"
        assert calls_of(d, 1) == [("change_text", ["button_1.n_clicks"])]


def test_004_indirect_chain_waits_for_slow_callback(fake_sleep: FakeSleep) -> None:
    from nbdash import Dash, html, Input, Output, callback
    from datetime import datetime
    import time

    app = Dash()
    app.layout = html.Div(
        [
            html.Button("execute fast callback", id="button_3"),
            html.Button("execute slow callback", id="button_4"),
            html.Div(children="callback not executed", id="first_output_3"),
            html.Div(children="callback not executed", id="second_output_3"),
            html.Div(children="callback not executed", id="third_output_3"),
        ]
    )

    @callback(
        Output("first_output_3", "children"),
        Input("button_3", "n_clicks"))
    def first_callback(n):
        now = datetime.now()
        current_time = now.strftime("%H:%M:%S")
        return "in the fast callback it is " + current_time

    @callback(
        Output("second_output_3", "children"), Input("button_4", "n_clicks"))
    def second_callback(n):
        time.sleep(5)
        now = datetime.now()
        current_time = now.strftime("%H:%M:%S")
        return "in the slow callback it is " + current_time

    @callback(
        Output("third_output_3", "children"),
        Input("first_output_3", "children"),
        Input("second_output_3", "children"))
    def third_callback(n, m):
        now = datetime.now()
        current_time = now.strftime("%H:%M:%S")
        return "in the third callback it is " + current_time

    with AppDriver(app) as d:
        # Page load: the first two run, the third waits for both and runs once with both inputs.
        assert calls_of(d) == [
            ("first_callback", []),
            ("second_callback", []),
            ("third_callback", ["first_output_3.children", "second_output_3.children"]),
        ]
        assert d.get("first_output_3", "children").startswith("in the fast callback it is ")
        assert d.get("second_output_3", "children").startswith("in the slow callback it is ")
        assert d.get("third_output_3", "children").startswith("in the third callback it is ")

        # "if you first click 'execute slow callback' and then click 'execute fast callback', the
        # third callback is not executed until after the slow callback finishes executing"
        start = len(d.calls)
        fake_sleep.gate = threading.Event()
        fake_sleep.started.clear()
        d.click("button_4", wait=False)
        assert fake_sleep.started.wait(5), "the slow callback never started"
        d.click("button_3", wait=False)
        time.sleep(0.2)  # (real short sleep) give the fast click time to be processed if it can be
        while_slow_runs = names_of(d, start)
        assert "third_callback" not in while_slow_runs
        fake_sleep.gate.set()
        d.wait_idle()

        after = names_of(d, start)
        assert after.count("second_callback") == 1
        assert after.count("first_callback") == 1
        assert "third_callback" in after
        assert after.index("third_callback") > after.index("second_callback")
        third_triggers = {p for name, trig in calls_of(d, start) if name == "third_callback" for p in trig}
        assert third_triggers == {"first_output_3.children", "second_output_3.children"}
        assert d.get("third_output_3", "children").startswith("in the third callback it is ")


def test_004_prevent_initial_call_chain(fake_sleep: FakeSleep) -> None:
    from nbdash import Dash, html, Input, Output, callback
    from datetime import datetime
    import time

    app = Dash()

    app.layout = html.Div(
        [
            html.Button("execute callbacks", id="button_2"),
            html.Div(children="callback not executed", id="first_output_2"),
            html.Div(children="callback not executed", id="second_output_2"),
            html.Div(children="callback not executed", id="third_output_2"),
            html.Div(children="callback not executed", id="fourth_output_2"),
        ]
    )

    @callback(
        Output("first_output_2", "children"),
        Output("second_output_2", "children"),
        Input("button_2", "n_clicks"),
        prevent_initial_call=True
    )
    def first_callback(n):
        now = datetime.now()
        current_time = now.strftime("%H:%M:%S")
        return ["in the first callback it is " + current_time, "in the first callback it is " + current_time]

    @callback(
        Output("third_output_2", "children"),
        Input("second_output_2", "children"),
        prevent_initial_call=True
    )
    def second_callback(n):
        time.sleep(2)
        now = datetime.now()
        current_time = now.strftime("%H:%M:%S")
        return "in the second callback it is " + current_time

    @callback(
        Output("fourth_output_2", "children"),
        Input("first_output_2", "children"),
        Input("third_output_2", "children"),
        prevent_initial_call=True
    )
    def third_output(n, m):
        time.sleep(2)
        now = datetime.now()
        current_time = now.strftime("%H:%M:%S")
        return "in the third callback it is " + current_time

    outputs = ["first_output_2", "second_output_2", "third_output_2", "fourth_output_2"]
    with AppDriver(app) as d:
        assert d.calls == []
        assert [d.get(o, "children") for o in outputs] == ["callback not executed"] * 4

        d.click("button_2")
        assert calls_of(d) == [
            ("first_callback", ["button_2.n_clicks"]),
            ("second_callback", ["second_output_2.children"]),
            ("third_output", ["first_output_2.children", "third_output_2.children"]),
        ]
        assert fake_sleep.calls == [2, 2]
        assert d.get("first_output_2", "children").startswith("in the first callback it is ")
        assert d.get("second_output_2", "children").startswith("in the first callback it is ")
        assert d.get("third_output_2", "children").startswith("in the second callback it is ")
        assert d.get("fourth_output_2", "children").startswith("in the third callback it is ")


def test_004_inserted_input_fires_despite_prevent_initial_call(capsys: pytest.CaptureFixture[str]) -> None:
    from nbdash import Dash, dcc, html, Input, Output, callback

    app = Dash(__name__, suppress_callback_exceptions=True)
    server = app.server  # noqa: F841
    app.layout = html.Div([
        dcc.Location(id='url'),
        html.Div(id='layout-div'),
        html.Div(id='content')
    ])

    @callback(Output('content', 'children'), Input('url', 'pathname'))
    def display_page(pathname):
        return html.Div([
            dcc.Input(id='input', value='hello world'),
            html.Div(id='output')
        ])

    @callback(Output('output', 'children'), Input('input', 'value'), prevent_initial_call=True)
    def update_output(value):
        print('>>> update_output')
        return value

    @callback(Output('layout-div', 'children'), Input('input', 'value'), prevent_initial_call=True)
    def update_layout_div(value):
        print('>>> update_layout_div')
        return value

    with AppDriver(app) as d:
        assert names_of(d).count("display_page") == 1
        # Output inserted alongside the Input: prevent_initial_call holds.
        assert d.triggered("update_output") == []
        assert d.get("output", "children") is None
        # Output already in the layout, Input inserted: fires as if the input got a new value.
        assert d.triggered("update_layout_div") == [["input.value"]]
        assert d.get("layout-div", "children") == "hello world"
        assert capsys.readouterr().out.splitlines() == [">>> update_layout_div"]

        d.set("input", "value", "bye")
        assert d.triggered("update_output") == [["input.value"]]
        assert d.triggered("update_layout_div") == [["input.value"], ["input.value"]]
        assert d.get("output", "children") == "bye"
        assert d.get("layout-div", "children") == "bye"


def test_004_no_output_upload(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import base64
    from nbdash import Dash, html, Input, Output, dcc, callback, State  # noqa: F401

    monkeypatch.chdir(tmp_path)
    (tmp_path / "uploaded_files").mkdir()

    app = Dash(__name__)

    app.layout = html.Div(
        [
            html.H1("No Output Example"),
            dcc.Upload(
                id='upload-data-to-server',
                children=html.Div([
                    'Drag and Drop or ',
                    html.A('Select Files')
                ]),
                style={
                    'width': '100%',
                    'height': '60px',
                    'lineHeight': '60px',
                    'borderWidth': '1px',
                    'borderStyle': 'dashed',
                    'borderRadius': '5px',
                    'textAlign': 'center',
                    'margin': '10px'
                },
            ),
        ]
    )

    @callback(
        Input("upload-data-to-server", "contents"),
        State('upload-data-to-server', 'filename'),
        # We could also use `running` on the callback to disable the button
        # while the callback is running:
        # running=[(Output("upload-data-to-server", "disabled"), True, False)]
    )
    def update_output_div(contents, filename):
        if contents is not None:
            _, content_string = contents.split(',')

            decoded = base64.b64decode(content_string)

            directory = './uploaded_files'
            with open(f'{directory}/{filename}', 'wb') as f:
                f.write(decoded)

    payload = b"col1,col2\n1,2\n"
    with AppDriver(app) as d:
        assert calls_of(d) == [("update_output_div", [])]  # initial call, contents None
        assert list((tmp_path / "uploaded_files").iterdir()) == []
        d.set_props("upload-data-to-server", {
            "contents": "data:text/csv;base64," + base64.b64encode(payload).decode(),
            "filename": "data.csv",
        })
        assert d.errors == []
        assert (tmp_path / "uploaded_files" / "data.csv").read_bytes() == payload
        assert calls_of(d, 1) == [("update_output_div", ["upload-data-to-server.contents"])]


def test_004_set_props_modal_with_standins() -> None:
    # The seed's app uses dash_ag_grid and dash_bootstrap_components, which nbdash does not ship.
    # Stand-ins: dag.AgGrid -> dcc.Store whose `data` plays `selectedRows`; dbc.Modal -> html.Div whose
    # `hidden` is the inverse of `is_open` (closed at start, like dbc.Modal); ModalHeader/Body/Footer ->
    # html.Div; dbc.Button -> html.Button. The callback body is the seed's, with only prop names changed.
    from nbdash import Dash, Input, html, ctx, callback, set_props, dcc

    app = Dash(__name__)  # external_stylesheets=[dbc.themes.SPACELAB] dropped (no dbc)

    rowData = [
        {"make": "Toyota", "model": "Celica", "price": 35000},
        {"make": "Ford", "model": "Mondeo", "price": 32000},
        {"make": "Porsche", "model": "Boxster", "price": 72000},
    ]

    app.layout = html.Div(
        [
            dcc.Store(id="setprops-row-selection-popup"),  # stand-in for dag.AgGrid(rowData=rowData, ...)
            html.Div(
                [
                    html.Div("More information about selected row"),
                    html.Div(id="setprops-row-selection-modal-content"),
                    html.Div(html.Button("Close", id="setprops-row-selection-modal-close", className="ml-auto")),
                ],
                id="setprops-row-selection-modal",
                hidden=True,
            ),
        ]
    )

    @callback(
        Input("setprops-row-selection-popup", "data"),
        Input("setprops-row-selection-modal-close", "n_clicks"),
        prevent_initial_call=True,
    )
    def open_modal(selection, _):
        if ctx.triggered_id == "setprops-row-selection-modal-close":
            # Close the modal
            set_props("setprops-row-selection-modal", {'hidden': True})
        elif ctx.triggered_id == "setprops-row-selection-popup" and selection:
            # Open the modal and display the selected row content
            content_to_display = "You selected " + ", ".join(
                [
                    f"{s['make']} (model {s['model']} and price {s['price']})"
                    for s in selection
                ]
            )
            set_props("setprops-row-selection-modal", {'hidden': False})
            set_props("setprops-row-selection-modal-content", {'children': content_to_display})

    with AppDriver(app) as d:
        assert d.calls == []
        assert d.get("setprops-row-selection-modal", "hidden") is True

        d.set("setprops-row-selection-popup", "data", [rowData[1]])  # the user selects the Ford row
        assert d.get("setprops-row-selection-modal", "hidden") is False
        assert d.get("setprops-row-selection-modal-content", "children") == (
            "You selected Ford (model Mondeo and price 32000)"
        )

        d.click("setprops-row-selection-modal-close")
        assert d.get("setprops-row-selection-modal", "hidden") is True
        assert d.history("setprops-row-selection-modal", "hidden") == [True, False, True]
        # closing keeps the last content
        assert d.get("setprops-row-selection-modal-content", "children") == (
            "You selected Ford (model Mondeo and price 32000)"
        )

        d.set("setprops-row-selection-popup", "data", [])  # deselect: nothing opens
        assert d.get("setprops-row-selection-modal", "hidden") is True
        d.set("setprops-row-selection-popup", "data", [rowData[2], rowData[0]])
        assert d.get("setprops-row-selection-modal", "hidden") is False
        assert d.get("setprops-row-selection-modal-content", "children") == (
            "You selected Porsche (model Boxster and price 72000), Toyota (model Celica and price 35000)"
        )
        assert d.errors == []


def test_004_circular_slider_and_input() -> None:
    from nbdash import Dash, html, dcc, Input, Output, callback, ctx

    external_stylesheets = ["https://codepen.io/chriddyp/pen/bWLwgP.css"]

    app = Dash(__name__, external_stylesheets=external_stylesheets)

    app.layout = html.Div(
        [
            dcc.Slider(
                id="slider-circular", min=0, max=20,
                marks={i: str(i) for i in range(21)},
                value=3
            ),
            dcc.Input(
                id="input-circular", type="number", min=0, max=20, value=3
            ),
        ]
    )

    @callback(
        Output("input-circular", "value"),
        Output("slider-circular", "value"),
        Input("input-circular", "value"),
        Input("slider-circular", "value"),
    )
    def callback(input_value, slider_value):
        trigger_id = ctx.triggered[0]["prop_id"].split(".")[0]
        value = input_value if trigger_id == "input-circular" else slider_value
        return value, value

    with AppDriver(app) as d:
        assert (d.get("input-circular", "value"), d.get("slider-circular", "value")) == (3, 3)
        assert calls_of(d) == [("callback", [])]

        d.set("input-circular", "value", 7)
        assert d.get("slider-circular", "value") == 7
        assert d.get("input-circular", "value") == 7
        d.set("slider-circular", "value", 15)
        assert d.get("input-circular", "value") == 15
        assert d.get("slider-circular", "value") == 15
        # one call per user change: the circular update does not re-trigger itself
        assert calls_of(d, 1) == [
            ("callback", ["input-circular.value"]),
            ("callback", ["slider-circular.value"]),
        ]


def test_004_celsius_fahrenheit() -> None:
    from nbdash import Dash, html, dcc, Input, Output, callback, ctx

    external_stylesheets = ["https://codepen.io/chriddyp/pen/bWLwgP.css"]

    app = Dash(__name__, external_stylesheets=external_stylesheets)

    app.layout = html.Div([
        html.Div('Convert Temperature'),
        'Celsius',
        dcc.Input(
            id="celsius",
            value=0.0,
            type="number"
        ),
        ' = Fahrenheit',
        dcc.Input(
            id="fahrenheit",
            value=32.0,
            type="number",
        ),
    ])

    @callback(
        Output("celsius", "value"),
        Output("fahrenheit", "value"),
        Input("celsius", "value"),
        Input("fahrenheit", "value"),
    )
    def sync_input(celsius, fahrenheit):
        input_id = ctx.triggered[0]["prop_id"].split(".")[0]
        if input_id == "celsius":
            fahrenheit = None if celsius is None else (float(celsius) * 9/5) + 32
        else:
            celsius = None if fahrenheit is None else (float(fahrenheit) - 32) * 5/9
        return celsius, fahrenheit

    with AppDriver(app) as d:
        assert (d.get("celsius", "value"), d.get("fahrenheit", "value")) == (0.0, 32.0)
        d.set("celsius", "value", 100)
        assert d.get("fahrenheit", "value") == 212.0
        assert d.get("celsius", "value") == 100
        d.set("fahrenheit", "value", 50)
        assert d.get("celsius", "value") == 10.0
        assert d.get("fahrenheit", "value") == 50
        d.set("celsius", "value", -40)
        assert d.get("fahrenheit", "value") == -40.0
        d.set("celsius", "value", None)  # the user clears the Celsius box
        assert d.get("fahrenheit", "value") is None
        assert d.triggered("sync_input")[1:] == [
            ["celsius.value"], ["fahrenheit.value"], ["celsius.value"], ["celsius.value"],
        ]


def test_004_checklist_all_sync() -> None:
    from nbdash import Dash, dcc, html, Input, Output, callback, callback_context

    external_stylesheets = ["https://codepen.io/chriddyp/pen/bWLwgP.css"]

    app = Dash(__name__, external_stylesheets=external_stylesheets)

    options = ["New York City", "Montréal", "San Francisco"]

    app.layout = html.Div(
        [
            dcc.Checklist(["All"], [], id="all-checklist", inline=True),
            dcc.Checklist(options, [], id="city-checklist", inline=True),
        ]
    )

    @callback(
        Output("city-checklist", "value"),
        Output("all-checklist", "value"),
        Input("city-checklist", "value"),
        Input("all-checklist", "value"),
    )
    def sync_checklists(cities_selected, all_selected):
        ctx = callback_context
        input_id = ctx.triggered[0]["prop_id"].split(".")[0]
        if input_id == "city-checklist":
            all_selected = ["All"] if set(cities_selected) == set(options) else []
        else:
            cities_selected = options if all_selected else []
        return cities_selected, all_selected

    with AppDriver(app) as d:
        assert (d.get("city-checklist", "value"), d.get("all-checklist", "value")) == ([], [])
        d.set("all-checklist", "value", ["All"])
        assert d.get("city-checklist", "value") == options
        d.set("city-checklist", "value", ["New York City", "Montréal"])  # uncheck San Francisco
        assert d.get("all-checklist", "value") == []
        d.set("city-checklist", "value", ["New York City", "Montréal", "San Francisco"])
        assert d.get("all-checklist", "value") == ["All"]
        d.set("all-checklist", "value", [])
        assert d.get("city-checklist", "value") == []
        d.set("city-checklist", "value", ["San Francisco", "Montréal", "New York City"])
        assert d.get("all-checklist", "value") == ["All"]
        assert len(d.calls) == 6  # initial + one per user change, no loops


# ===================================================================================================
# Seed 002 — Sharing data between callbacks
# ===================================================================================================
_GLOBAL_DF_EXAMPLE = '''
from nbdash import Dash, dcc, html
from nbdash.dependencies import Input, Output

app = Dash(__name__)  # the seed's snippet assumes an app

df = pd.DataFrame({
    'a': [1, 2, 3],
    'b': [4, 1, 4],
    'c': ['x', 'y', 'z'],
})

app.layout = html.Div([
    dcc.Dropdown(
        id='dropdown',
        options=[{'label': i, 'value': i} for i in df['c'].unique()],
        value='a'
    ),
    html.Div(id='output'),
])

@app.callback(Output('output', 'children'), Input('dropdown', 'value'))
def update_output_1(value):
    global df
    df = df[df['c'] == value]  # 不要这样做,不安全
    return len(df)
'''


def test_002_global_variable_is_unsafe() -> None:
    # The seed writes `global df = df[...]`, which is a SyntaxError; it is split into `global df`
    # and the assignment. The snippet is run as a module (exec in a fresh namespace) so `global df`
    # means what it means in the seed's script.
    namespace: dict[str, Any] = {"pd": pd, "__name__": "seed_002_global_df"}
    exec(compile(_GLOBAL_DF_EXAMPLE, "seed_002_global_df.py", "exec"), namespace)
    app = namespace["app"]
    options = [o["value"] for o in app.layout.children[0].options]
    assert options == ["x", "y", "z"]

    with AppDriver(app) as d:
        assert d.get("output", "children") == 0  # value 'a' matches no row
        d.set("dropdown", "value", "x")
        # The first call overwrote the shared global, so the row 'x' is gone for everyone: the
        # answer is 0 instead of 1. This is the hazard the seed warns about.
        assert d.get("output", "children") == 0
    assert len(namespace["df"]) == 0
    with AppDriver(app) as d2:  # a "next user" session sees the damaged global too
        d2.set("dropdown", "value", "y")
        assert d2.get("output", "children") == 0


def test_002_hidden_div_shares_cleaned_data() -> None:
    from nbdash import Dash, dcc, html
    from nbdash.dependencies import Input, Output

    app = Dash(__name__)
    computed: list[Any] = []

    # Stand-ins for what the seed leaves undefined:
    # global_df = pd.read_csv('...')
    global_df = pd.DataFrame({
        'fruit': ['apples', 'oranges', 'figs', 'apples', 'figs'],
        'amount': [3, 1, 4, 1, 5],
    })

    def your_expensive_clean_or_compute_step(value):
        computed.append(value)
        return global_df if value is None else global_df[global_df['fruit'] == value]

    def create_figure(dff):
        return {'data': [{'type': 'bar', 'x': dff['fruit'].tolist(), 'y': dff['amount'].tolist()}],
                'layout': {'title': {'text': f'{len(dff)} rows'}}}

    def create_table(dff):
        return [html.Tr([html.Th(c) for c in dff.columns])] + [
            html.Tr([html.Td(v) for v in row]) for row in dff.values.tolist()
        ]

    # --- seed 002, example 1 ---
    app.layout = html.Div([
        dcc.Graph(id='graph'),
        html.Table(id='table'),
        dcc.Dropdown(id='dropdown'),

        # 应用程序中隐藏的div存储中间值
        html.Div(id='intermediate-value', style={'display': 'none'})
    ])

    @app.callback(Output('intermediate-value', 'children'), Input('dropdown', 'value'))
    def clean_data(value):
        # 一些昂贵的清洁数据步骤
        cleaned_df = your_expensive_clean_or_compute_step(value)

        # more generally, this line would be
        # json.dumps(cleaned_df)
        return cleaned_df.to_json(date_format='iso', orient='split')

    @app.callback(Output('graph', 'figure'), Input('intermediate-value', 'children'))
    def update_graph(jsonified_cleaned_data):

        # more generally, this line would be
        # json.loads(jsonified_cleaned_data)
        dff = pd.read_json(jsonified_cleaned_data, orient='split')

        figure = create_figure(dff)
        return figure

    @app.callback(Output('table', 'children'), Input('intermediate-value', 'children'))
    def update_table(jsonified_cleaned_data):
        dff = pd.read_json(jsonified_cleaned_data, orient='split')
        table = create_table(dff)
        return table
    # ---

    def table_rows(d: AppDriver) -> list[list[Any]]:
        return [[cell.children for cell in tr.children] for tr in d.get("table", "children")]

    with AppDriver(app) as d:
        assert calls_of(d) == [
            ("clean_data", []),
            ("update_graph", ["intermediate-value.children"]),
            ("update_table", ["intermediate-value.children"]),
        ]
        assert computed == [None]  # the expensive step ran once, for both consumers
        stored = json.loads(d.get("intermediate-value", "children"))
        assert stored["columns"] == ["fruit", "amount"]
        assert stored["data"] == [["apples", 3], ["oranges", 1], ["figs", 4], ["apples", 1], ["figs", 5]]
        assert d.props("graph")["figure"]["data"][0]["y"] == [3, 1, 4, 1, 5]
        assert len(table_rows(d)) == 6

        # The seed's Dropdown has no options (the stand-in); Dash 4's Dropdown drops a value its
        # options do not offer, so the "user" picks from options given in the same change.
        d.set_props("dropdown", {"options": ["apples", "oranges", "figs"], "value": "figs"})
        assert computed == [None, "figs"]
        figure = d.props("graph")["figure"]
        assert figure["data"][0]["x"] == ["figs", "figs"]
        assert figure["data"][0]["y"] == [4, 5]
        assert figure["layout"] == {"title": {"text": "2 rows"}}
        assert table_rows(d) == [["fruit", "amount"], ["figs", 4], ["figs", 5]]
        assert calls_of(d, 3) == [
            ("clean_data", ["dropdown.value"]),
            ("update_graph", ["intermediate-value.children"]),
            ("update_table", ["intermediate-value.children"]),
        ]


def test_002_precomputed_aggregates_duplicate_outputs_rejected() -> None:
    import json
    from nbdash import Dash, dcc, html
    from nbdash.dependencies import Input, Output
    from nbdash.exceptions import DuplicateCallback

    app = Dash(__name__)
    global_df = pd.DataFrame({'fruit': ['apples', 'oranges', 'figs'], 'amount': [1, 2, 3]})

    def your_expensive_clean_or_compute_step(value):  # undefined in the seed
        return global_df

    def create_figure_1(dff):
        return {'data': [{'type': 'bar', 'y': dff['amount'].tolist()}]}

    create_figure_2 = create_figure_3 = create_figure_1

    app.layout = html.Div([  # example 1's layout, which example 2 builds on
        dcc.Graph(id='graph'),
        dcc.Dropdown(id='dropdown'),
        html.Div(id='intermediate-value', style={'display': 'none'})
    ])

    # --- seed 002, example 2 ---
    @app.callback(
        Output('intermediate-value', 'children'),
        Input('dropdown', 'value'))
    def clean_data(value):
        # 高消耗查询
        cleaned_df = your_expensive_clean_or_compute_step(value)

        # 几个数据的过滤步骤
        # 下面的回调中会用到对应的数据
        df_1 = cleaned_df[cleaned_df['fruit'] == 'apples']
        df_2 = cleaned_df[cleaned_df['fruit'] == 'oranges']
        df_3 = cleaned_df[cleaned_df['fruit'] == 'figs']

        datasets = {
            'df_1': df_1.to_json(orient='split', date_format='iso'),
            'df_2': df_2.to_json(orient='split', date_format='iso'),
            'df_3': df_3.to_json(orient='split', date_format='iso'),
        }

        return json.dumps(datasets)  # 转化成str,直接to_json也行

    @app.callback(
        Output('graph', 'figure'),
        Input('intermediate-value', 'children'))
    def update_graph_1(jsonified_cleaned_data):
        datasets = json.loads(jsonified_cleaned_data)
        dff = pd.read_json(datasets['df_1'], orient='split')
        figure = create_figure_1(dff)
        return figure

    # The second callback writing Output('graph', 'figure') without allow_duplicate=True is what
    # Dash's dev tools report as "Duplicate callback outputs"; nbdash rejects it at registration.
    with pytest.raises(DuplicateCallback) as info:
        @app.callback(
            Output('graph', 'figure'),
            Input('intermediate-value', 'children'))
        def update_graph_2(jsonified_cleaned_data):
            datasets = json.loads(jsonified_cleaned_data)
            dff = pd.read_json(datasets['df_2'], orient='split')
            figure = create_figure_2(dff)
            return figure
    assert "allow_duplicate" in str(info.value)

    with pytest.raises(DuplicateCallback) as info3:
        @app.callback(
            Output('graph', 'figure'),
            Input('intermediate-value', 'children'))
        def update_graph_3(jsonified_cleaned_data):
            datasets = json.loads(jsonified_cleaned_data)
            dff = pd.read_json(datasets['df_3'], orient='split')
            figure = create_figure_3(dff)
            return figure
    assert "allow_duplicate" in str(info3.value)

    # What was registered before the error still works.
    with AppDriver(app) as d:
        assert names_of(d) == ["clean_data", "update_graph_1"]
        assert d.props("graph")["figure"] == {"data": [{"type": "bar", "y": [1]}]}


def test_002_cache_and_signalling(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch, fake_sleep: FakeSleep, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)

    import os
    import copy
    import time
    import datetime  # noqa: F401

    import nbdash as dash
    from nbdash import dcc
    from nbdash import html
    import numpy as np
    import pandas as pd
    from nbdash.dependencies import Input, Output
    # from flask_caching import Cache  ->  the module-level diskcache-backed `Cache` stand-in

    external_stylesheets = [
        # Dash CSS
        'https://codepen.io/chriddyp/pen/bWLwgP.css',
        # Loading screen CSS
        'https://codepen.io/chriddyp/pen/brPBPO.css']

    app = dash.Dash(__name__, external_stylesheets=external_stylesheets)
    CACHE_CONFIG = {
        # try 'filesystem' if you don't want to setup redis
        'CACHE_TYPE': 'redis',
        'CACHE_REDIS_URL': os.environ.get('REDIS_URL', 'redis://localhost:6379')
    }
    cache = Cache()
    cache.init_app(app.server, config=CACHE_CONFIG)

    N = 100

    df = pd.DataFrame({
        'category': (
            (['apples'] * 5 * N) +
            (['oranges'] * 10 * N) +
            (['figs'] * 20 * N) +
            (['pineapples'] * 15 * N)
        )
    })
    df['x'] = np.random.randn(len(df['category']))
    df['y'] = np.random.randn(len(df['category']))

    app.layout = html.Div([
        dcc.Dropdown(
            id='dropdown',
            options=[{'label': i, 'value': i} for i in df['category'].unique()],
            value='apples'
        ),
        html.Div([
            html.Div(dcc.Graph(id='graph-1'), className="six columns"),
            html.Div(dcc.Graph(id='graph-2'), className="six columns"),
        ], className="row"),
        html.Div([
            html.Div(dcc.Graph(id='graph-3'), className="six columns"),
            html.Div(dcc.Graph(id='graph-4'), className="six columns"),
        ], className="row"),

        # hidden signal value
        html.Div(id='signal', style={'display': 'none'})
    ])

    # 在这个“全局存储”中执行高消耗的计算
    # 这些计算被缓存在全局可用的缓存中
    # redis内存存储是跨进程可用的
    # 所有的时间
    @cache.memoize()
    def global_store(value):
        # 模拟高消耗的查询
        print('Computing value with {}'.format(value))
        time.sleep(5)
        return df[df['category'] == value]

    def generate_figure(value, figure):
        fig = copy.deepcopy(figure)
        filtered_dataframe = global_store(value)
        fig['data'][0]['x'] = filtered_dataframe['x']
        fig['data'][0]['y'] = filtered_dataframe['y']
        fig['layout'] = {'margin': {'l': 20, 'r': 10, 'b': 20, 't': 10}}
        return fig

    @app.callback(Output('signal', 'children'), Input('dropdown', 'value'))
    def compute_value(value):
        # compute value and send a signal when done
        global_store(value)
        return value

    @app.callback(Output('graph-1', 'figure'), Input('signal', 'children'))
    def update_graph_1(value):
        # generate_figure gets data from `global_store`.
        # the data in `global_store` has already been computed
        # by the `compute_value` callback and the result is stored
        # in the global redis cached
        return generate_figure(value, {
            'data': [{
                'type': 'scatter',
                'mode': 'markers',
                'marker': {
                    'opacity': 0.5,
                    'size': 14,
                    'line': {'border': 'thin darkgrey solid'}
                }
            }]
        })

    @app.callback(Output('graph-2', 'figure'), Input('signal', 'children'))
    def update_graph_2(value):
        return generate_figure(value, {
            'data': [{
                'type': 'scatter',
                'mode': 'lines',
                'line': {'shape': 'spline', 'width': 0.5},
            }]
        })

    @app.callback(Output('graph-3', 'figure'), Input('signal', 'children'))
    def update_graph_3(value):
        return generate_figure(value, {
            'data': [{
                'type': 'histogram2d',
            }]
        })

    @app.callback(Output('graph-4', 'figure'), Input('signal', 'children'))
    def update_graph_4(value):
        return generate_figure(value, {
            'data': [{
                'type': 'histogram2dcontour',
            }]
        })

    graphs = ["graph-1", "graph-2", "graph-3", "graph-4"]
    expected_types = ["scatter", "scatter", "histogram2d", "histogram2dcontour"]

    def check_figures(d: AppDriver, category: str) -> None:
        rows = df[df['category'] == category]
        for graph, trace_type in zip(graphs, expected_types):
            figure = d.props(graph)["figure"]
            trace = figure["data"][0]
            assert trace["type"] == trace_type, graph
            assert trace["x"] == rows['x'].tolist(), graph
            assert trace["y"] == rows['y'].tolist(), graph
            assert figure["layout"] == {'margin': {'l': 20, 'r': 10, 'b': 20, 't': 10}}, graph
        assert d.props("graph-1")["figure"]["data"][0]["mode"] == "markers"
        assert d.props("graph-2")["figure"]["data"][0]["line"] == {'shape': 'spline', 'width': 0.5}

    try:
        with AppDriver(app) as d:
            assert calls_of(d) == [("compute_value", [])] + [
                (f"update_graph_{i}", ["signal.children"]) for i in range(1, 5)
            ]
            assert d.get("signal", "children") == "apples"
            assert capsys.readouterr().out.splitlines() == ["Computing value with apples"]
            assert fake_sleep.calls == [5]
            check_figures(d, "apples")

            d.set("dropdown", "value", "figs")
            assert capsys.readouterr().out.splitlines() == ["Computing value with figs"]
            assert fake_sleep.calls == [5, 5]
            check_figures(d, "figs")
            assert len(d.props("graph-4")["figure"]["data"][0]["x"]) == 20 * N

            d.set("dropdown", "value", "apples")  # already cached: no recomputation
            assert capsys.readouterr().out == ""
            assert fake_sleep.calls == [5, 5]
            check_figures(d, "apples")
    finally:
        cache.close()


def test_002_per_session_data_with_layout_function(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch, fake_sleep: FakeSleep
) -> None:
    monkeypatch.chdir(tmp_path)

    import nbdash as dash
    from nbdash.dependencies import Input, Output
    from nbdash import dcc  # noqa: F401
    from nbdash import html
    import datetime
    # from flask_caching import Cache  ->  the module-level diskcache-backed `Cache` stand-in
    import os  # noqa: F401
    # import pandas as pd  ->  the module-level `pd` (pandas-3 read_json compatibility)
    import time
    import uuid

    external_stylesheets = [
        # Dash CSS
        'https://codepen.io/chriddyp/pen/bWLwgP.css',
        # Loading screen CSS
        'https://codepen.io/chriddyp/pen/brPBPO.css']

    # the seed's `dash.Dash(name, ...)` is `__name__` with the underscores eaten by markdown
    app = dash.Dash(__name__, external_stylesheets=external_stylesheets)
    cache = Cache(app.server, config={
        'CACHE_TYPE': 'redis',
        # Note that filesystem cache doesn't work on systems with ephemeral
        # filesystems like Heroku.
        'CACHE_TYPE': 'filesystem',  # noqa: F601
        'CACHE_DIR': 'cache-directory',

        # should be equal to maximum number of users on the app at a single time
        # higher numbers will store more data in the filesystem / redis cache
        'CACHE_THRESHOLD': 200
    })

    def get_dataframe(session_id):
        @cache.memoize()
        def query_and_serialize_data(session_id):
            # expensive or user/session-unique data processing step goes here

            # simulate a user/session-unique data processing step by generating
            # data that is dependent on time
            now = datetime.datetime.now()

            # simulate an expensive data processing task by sleeping
            time.sleep(5)

            df = pd.DataFrame({
                'time': [
                    str(now - datetime.timedelta(seconds=15)),
                    str(now - datetime.timedelta(seconds=10)),
                    str(now - datetime.timedelta(seconds=5)),
                    str(now)
                ],
                'values': ['a', 'b', 'a', 'c']
            })
            return df.to_json()

        return pd.read_json(query_and_serialize_data(session_id))

    def serve_layout():
        session_id = str(uuid.uuid4())

        return html.Div([
            html.Div(session_id, id='session-id', style={'display': 'none'}),
            html.Button('Get data', id='get-data-button'),
            html.Div(id='output-1'),
            html.Div(id='output-2')
        ])

    app.layout = serve_layout

    @app.callback(Output('output-1', 'children'),
                  Input('get-data-button', 'n_clicks'),
                  Input('session-id', 'children'))
    def display_value_1(value, session_id):
        df = get_dataframe(session_id)
        return html.Div([
            'Output 1 - Button has been clicked {} times'.format(value),
            html.Pre(df.to_csv())
        ])

    @app.callback(Output('output-2', 'children'),
                  Input('get-data-button', 'n_clicks'),
                  Input('session-id', 'children'))
    def display_value_2(value, session_id):
        df = get_dataframe(session_id)
        return html.Div([
            'Output 2 - Button has been clicked {} times'.format(value),
            html.Pre(df.to_csv())
        ])

    def shown(d: AppDriver, output: str) -> tuple[str, str]:
        label, pre = d.get(output, "children").children
        return label, pre.children

    try:
        with AppDriver(app) as d:
            session_1 = d.get("session-id", "children")
            uuid.UUID(session_1)
            assert shown(d, "output-1")[0] == 'Output 1 - Button has been clicked None times'
            assert shown(d, "output-2")[0] == 'Output 2 - Button has been clicked None times'
            csv_1 = shown(d, "output-1")[1]
            assert shown(d, "output-2")[1] == csv_1  # both callbacks share the session's data
            assert csv_1.splitlines()[0] == ",time,values"
            assert [line.rsplit(",", 1)[1] for line in csv_1.splitlines()[1:]] == ["a", "b", "a", "c"]
            assert fake_sleep.calls == [5]  # computed once for the session

            d.click("get-data-button")
            assert shown(d, "output-1") == ('Output 1 - Button has been clicked 1 times', csv_1)
            assert shown(d, "output-2") == ('Output 2 - Button has been clicked 1 times', csv_1)
            assert fake_sleep.calls == [5]  # cached: the timestamps do not change

            d.load()  # a new page load = a new session
            session_2 = d.get("session-id", "children")
            assert session_2 != session_1
            assert shown(d, "output-1")[0] == 'Output 1 - Button has been clicked None times'
            csv_2 = shown(d, "output-1")[1]
            assert csv_2 != csv_1  # the data are isolated per session
            assert shown(d, "output-2")[1] == csv_2
            assert fake_sleep.calls == [5, 5]
    finally:
        cache.close()
