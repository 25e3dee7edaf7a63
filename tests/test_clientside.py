"""Clientside callbacks headless: registration forms, one graph with server callbacks, and the
``dash_clientside`` API run by the kernel's embedded V8 (see nbdash/_clientside.py)."""

from __future__ import annotations

import textwrap

import pytest

from nbdash import (
    ALL,
    MATCH,
    ClientsideFunction,
    Dash,
    Input,
    Output,
    State,
    clientside_callback,
    dcc,
    html,
)
from nbdash.exceptions import CallbackError, DuplicateCallback, IncorrectTypeException
from nbdash._clientside import ClientsideError
from nbdash.testing import AppDriver

pytest.importorskip("py_mini_racer")

ASSETS = textwrap.dedent(
    """
    window.dash_clientside = Object.assign({}, window.dash_clientside, {
        ui: {
            double: function(n) { return (n || 0) * 2; },
            add: function(a, b) { return (a || 0) + (b || 0); },
            add1_prevent_at_3: function(n) {
                if ((n || 0) >= 3) { throw window.dash_clientside.PreventUpdate; }
                return (n || 0) + 1;
            },
            add1_no_update_at_3: function(n) {
                if ((n || 0) >= 3) { return window.dash_clientside.no_update; }
                return (n || 0) + 1;
            },
            break_at_2: function(n) {
                if (n === 2) { throw new Error("broken at 2"); }
                return "ok " + n;
            },
            ctx: function() {
                var c = dash_clientside.callback_context;
                return JSON.stringify({
                    triggered: c.triggered, triggered_id: c.triggered_id === undefined ? "undefined" : c.triggered_id,
                    inputs: c.inputs, states: c.states, inputs_list: c.inputs_list,
                    states_list: c.states_list, outputs_list: c.outputs_list
                });
            },
            later: function(n) {
                return new Promise(function(resolve) { resolve("promised " + n); });
            }
        }
    });
    """
)


@pytest.fixture
def assets(tmp_path):
    folder = tmp_path / "assets"
    folder.mkdir()
    (folder / "clientside.js").write_text(ASSETS)
    return str(folder)


def counter_layout():
    return html.Div([html.Button("go", id="btn"), html.Div(id="out"), html.Div(id="out2")])


# ---------------------------------------------------------------------------------------------
# Registration
# ---------------------------------------------------------------------------------------------


def test_inline_string_runs_on_load_and_on_click():
    app = Dash()
    app.layout = counter_layout()
    app.clientside_callback("function(n) { return 'clicks: ' + (n || 0); }", Output("out", "children"), Input("btn", "n_clicks"))
    with AppDriver(app) as dash:
        assert dash.get("out", "children") == "clicks: 0"
        dash.click("btn")
        dash.click("btn")
        assert dash.get("out", "children") == "clicks: 2"
        assert len(dash.calls) == 3


def test_namespace_function_from_assets_folder(assets):
    app = Dash(assets_folder=assets)
    app.layout = counter_layout()
    app.clientside_callback(ClientsideFunction("ui", "double"), Output("out", "children"), Input("btn", "n_clicks"))
    with AppDriver(app) as dash:
        assert dash.get("out", "children") == 0
        dash.click("btn")
        assert dash.get("out", "children") == 2


def test_dash_clientside_function_class_is_accepted(assets):
    dash_mod = pytest.importorskip("dash")
    app = Dash(assets_folder=assets)
    app.layout = counter_layout()
    app.clientside_callback(dash_mod.ClientsideFunction("ui", "double"), Output("out", "children"), Input("btn", "n_clicks"))
    with AppDriver(app) as dash:
        dash.click("btn")
        assert dash.get("out", "children") == 2


def test_missing_namespace_function_is_that_callbacks_error(assets):
    app = Dash(assets_folder=assets)
    app.layout = counter_layout()
    app.clientside_callback(ClientsideFunction("ui", "nope"), Output("out", "children"), Input("btn", "n_clicks"))
    with AppDriver(app, raise_errors=False) as dash:
        assert len(dash.callback_errors) == 1
        assert 'dash_clientside["ui"]["nope"]' in str(dash.callback_errors[0])
        assert "assets folder" in str(dash.callback_errors[0])
        assert dash.get("out", "children") is None


def test_signature_forms_legacy_lists_keywords_and_trailing_bool():
    app = Dash()
    app.layout = html.Div([dcc.Input(id="a", value="x"), dcc.Input(id="b", value="y"), html.Div(id="o1"), html.Div(id="o2"), html.Div(id="o3")])
    fn = "function(a, b) { return [a + b, b + a]; }"
    app.clientside_callback(fn, [Output("o1", "children"), Output("o2", "children")], [Input("a", "value")], [State("b", "value")])
    app.clientside_callback(
        "function(a, b) { return a + '/' + b; }", output=Output("o3", "children"), inputs=[Input("a", "value")], state=State("b", "value")
    )
    app.clientside_callback("function(v) { return v; }", Output("out", "children"), Input("b", "value"), True)
    app.layout.children.append(html.Div(id="out"))
    with AppDriver(app) as dash:
        assert dash.get("o1", "children") == "xy"
        assert dash.get("o2", "children") == "yx"
        assert dash.get("o3", "children") == "x/y"
        assert dash.get("out", "children") is None  # prevent_initial_call via trailing True
        dash.set("b", "value", "z")
        assert dash.get("out", "children") == "z"
        assert dash.get("o1", "children") == "xy"  # State does not fire


def test_single_output_in_a_list_takes_an_array():
    app = Dash()
    app.layout = counter_layout()
    app.clientside_callback("function(n) { return ['in a list']; }", [Output("out", "children")], Input("btn", "n_clicks"))
    with AppDriver(app) as dash:
        assert dash.get("out", "children") == "in a list"


def test_groupings_are_refused_as_dash_refuses_them():
    app = Dash()
    with pytest.raises(IncorrectTypeException, match="flat"):
        app.clientside_callback("function(a) {}", Output("out", "children"), inputs={"a": Input("btn", "n_clicks")})
    with pytest.raises(IncorrectTypeException, match="inline source string"):
        app.clientside_callback(lambda n: n, Output("out", "children"), Input("btn", "n_clicks"))


def test_validation_matches_server_callbacks():
    app = Dash()
    with pytest.raises(DuplicateCallback):
        app.clientside_callback("function(n) { return [1, 2]; }", Output("o", "children"), Output("o", "children"), Input("b", "n_clicks"))
    app.callback(Output("x", "children"), Input("b", "n_clicks"))(lambda n: n)
    with pytest.raises(DuplicateCallback, match="already in use"):
        app.clientside_callback("function(n) { return n; }", Output("x", "children"), Input("b", "n_clicks"))
    with pytest.raises(IncorrectTypeException):
        app.clientside_callback("function(n) { return n; }", Input("b", "n_clicks"), Output("y", "children"))


def test_running_is_ignored_with_a_warning_as_dash_ignores_it():
    app = Dash()
    app.layout = counter_layout()
    with pytest.warns(UserWarning, match="running="):
        app.clientside_callback(
            "function(n) { return n; }", Output("out", "children"), Input("btn", "n_clicks"),
            running=[(Output("btn", "disabled"), True, False)],
        )
    with AppDriver(app) as dash:
        dash.click("btn")
        assert dash.get("btn", "disabled") is None


def test_rerunning_a_cell_replaces_the_clientside_callback():
    app = Dash()
    app.layout = counter_layout()
    app.clientside_callback("function(n) { return 'old'; }", Output("out", "children"), Input("btn", "n_clicks"))
    app.clientside_callback("function(n) { return 'new'; }", Output("out", "children"), Input("btn", "n_clicks"))
    assert len(app.callback_map) == 1
    with AppDriver(app) as dash:
        assert dash.get("out", "children") == "new"


def test_module_level_clientside_callback_goes_to_the_latest_app():
    app = Dash()
    app.layout = counter_layout()
    clientside_callback("function(n) { return 'module ' + n; }", Output("out", "children"), Input("btn", "n_clicks"), prevent_initial_call=True)
    with AppDriver(app) as dash:
        assert dash.get("out", "children") is None
        dash.click("btn")
        assert dash.get("out", "children") == "module 1"


def test_app_level_prevent_initial_callbacks_applies_to_app_clientside_callback():
    app = Dash(prevent_initial_callbacks=True)
    app.layout = counter_layout()
    app.clientside_callback("function(n) { return 'ran'; }", Output("out", "children"), Input("btn", "n_clicks"))
    with AppDriver(app) as dash:
        assert dash.get("out", "children") is None
        dash.click("btn")
        assert dash.get("out", "children") == "ran"


# ---------------------------------------------------------------------------------------------
# One graph with server callbacks (Dash's clsd001/002)
# ---------------------------------------------------------------------------------------------


def test_chain_server_clientside_server_runs_each_once_in_order(assets):
    app = Dash(assets_folder=assets)
    app.layout = html.Div([dcc.Input(id="x", value=1), dcc.Input(id="y", value=2), html.Div(id="sum"), html.Div(id="dbl"), html.Div(id="final")])

    @app.callback(Output("sum", "children"), Input("x", "value"), Input("y", "value"))
    def add(x, y):
        return int(x) + int(y)

    app.clientside_callback(ClientsideFunction("ui", "double"), Output("dbl", "children"), Input("sum", "children"))

    @app.callback(Output("final", "children"), Input("dbl", "children"), Input("x", "value"))
    def final(d, x):
        return f"{d} from x={x}"

    with AppDriver(app) as dash:
        assert dash.get("final", "children") == "6 from x=1"
        assert [c.name for c in dash.calls] == ["add", "double", "final"]
        dash.calls.clear()
        dash.set("x", "value", 5)
        assert dash.get("sum", "children") == 7
        assert dash.get("dbl", "children") == 14
        assert dash.get("final", "children") == "14 from x=5"
        # final waits for the chain and runs once, with both inputs in triggered
        assert [c.name for c in dash.calls] == ["add", "double", "final"]
        assert dash.triggered("final")[-1] == ["x.value", "dbl.children"]


def test_clientside_then_server_reads_state_written_by_clientside():
    app = Dash()
    app.layout = html.Div([html.Button(id="btn"), dcc.Store(id="store"), html.Button(id="read"), html.Div(id="out")])
    app.clientside_callback("function(n) { return {clicks: n || 0}; }", Output("store", "data"), Input("btn", "n_clicks"))

    @app.callback(Output("out", "children"), Input("read", "n_clicks"), State("store", "data"), prevent_initial_call=True)
    def read(_, data):
        return f"store says {data['clicks']}"

    with AppDriver(app) as dash:
        dash.click("btn")
        dash.click("btn")
        dash.click("read")
        assert dash.get("out", "children") == "store says 2"
        assert dash.props("store")["data"] == {"clicks": 2}


def test_clientside_output_creates_components_whose_callbacks_fire():
    app = Dash()
    app.layout = html.Div([html.Button(id="btn"), html.Div(id="holder")])
    app.clientside_callback(
        """function(n) {
            return {type: "Div", namespace: "dash_html_components", props: {id: "inner", children: "made in JS"}};
        }""",
        Output("holder", "children"), Input("btn", "n_clicks"),
    )

    @app.callback(Output("inner", "title"), Input("inner", "children"))
    def title(text):
        return text.upper()

    with AppDriver(app) as dash:
        assert dash.get("inner", "title") == "MADE IN JS"


# ---------------------------------------------------------------------------------------------
# The dash_clientside API
# ---------------------------------------------------------------------------------------------


def test_prevent_update_stops_the_chain(assets):
    app = Dash(assets_folder=assets)
    app.layout = html.Div([dcc.Input(id="inp", value=0), html.Div(id="a"), html.Div(id="b")])
    app.clientside_callback(ClientsideFunction("ui", "add1_prevent_at_3"), Output("a", "children"), Input("inp", "value"))
    app.clientside_callback(ClientsideFunction("ui", "add1_prevent_at_3"), Output("b", "children"), Input("a", "children"))
    with AppDriver(app) as dash:
        assert (dash.get("a", "children"), dash.get("b", "children")) == (1, 2)
        dash.set("inp", "value", 1)
        assert (dash.get("a", "children"), dash.get("b", "children")) == (2, 3)
        dash.set("inp", "value", 2)  # a -> 3, b prevented at 3
        assert (dash.get("a", "children"), dash.get("b", "children")) == (3, 3)
        dash.set("inp", "value", 5)  # a prevented: b does not run
        assert (dash.get("a", "children"), dash.get("b", "children")) == (3, 3)
        assert [c.name for c in dash.calls].count("add1_prevent_at_3") == 7  # 2 on load, 2, 2, then a alone
        assert not dash.callback_errors


def test_no_update_leaves_the_prop_and_single_no_update_covers_all_outputs(assets):
    app = Dash(assets_folder=assets)
    app.layout = html.Div([dcc.Input(id="inp", value=0), html.Div(id="a"), html.Div(id="m1"), html.Div(id="m2")])
    app.clientside_callback(ClientsideFunction("ui", "add1_no_update_at_3"), Output("a", "children"), Input("inp", "value"))
    app.clientside_callback(
        "function(v) { return v > 2 ? dash_clientside.no_update : [v, dash_clientside.no_update]; }",
        Output("m1", "children"), Output("m2", "children"), Input("inp", "value"),
    )
    with AppDriver(app) as dash:
        assert dash.get("m1", "children") == 0
        assert dash.get("m2", "children") is None
        dash.set("inp", "value", 3)
        assert dash.get("a", "children") == 1  # kept: 3 -> no_update
        assert dash.get("m1", "children") == 0
        assert not dash.callback_errors


def test_thrown_error_stops_only_that_update(assets):
    app = Dash(assets_folder=assets)
    app.layout = html.Div([dcc.Input(id="inp", value=0), html.Div(id="a")])
    app.clientside_callback(ClientsideFunction("ui", "break_at_2"), Output("a", "children"), Input("inp", "value"))
    with AppDriver(app, raise_errors=False) as dash:
        dash.set("inp", "value", 1)
        assert dash.get("a", "children") == "ok 1"
        dash.set("inp", "value", 2)
        assert dash.get("a", "children") == "ok 1"
        assert len(dash.callback_errors) == 1
        error = dash.callback_errors[0]
        assert isinstance(error, CallbackError)
        assert "Callback error updating a.children" in str(error)
        assert "Error: broken at 2" in error.traceback
        assert "break_at_2" in error.traceback  # the JavaScript stack
        dash.set("inp", "value", 3)
        assert dash.get("a", "children") == "ok 3"


def test_error_raises_in_the_driver_by_default():
    app = Dash()
    app.layout = counter_layout()
    app.clientside_callback("function(n) { if (n) { null.x; } return 'fine'; }", Output("out", "children"), Input("btn", "n_clicks"))
    with AppDriver(app) as dash:
        with pytest.raises(ClientsideError, match="TypeError"):
            dash.click("btn")


def test_inline_syntax_error_is_that_callbacks_error_only():
    app = Dash()
    app.layout = counter_layout()
    app.clientside_callback("function(n) { return ; ; }}}", Output("out", "children"), Input("btn", "n_clicks"))
    app.clientside_callback("function(n) { return 'fine'; }", Output("out2", "children"), Input("btn", "n_clicks"))
    with AppDriver(app, raise_errors=False) as dash:
        assert dash.get("out2", "children") == "fine"
        assert len(dash.callback_errors) == 1 and "SyntaxError" in str(dash.callback_errors[0])


def test_app_on_error_does_not_handle_clientside_errors():
    seen = []
    app = Dash(on_error=lambda exc: seen.append(exc))
    app.layout = counter_layout()
    app.clientside_callback("function(n) { throw new Error('js'); }", Output("out", "children"), Input("btn", "n_clicks"))
    with AppDriver(app, raise_errors=False) as dash:
        assert not seen
        assert len(dash.callback_errors) == 1


def test_callback_context_shapes_as_dash_renderer_builds_them(assets):
    import json

    app = Dash(assets_folder=assets)
    app.layout = html.Div([
        html.Button(id="btn"), dcc.Input(id="s", value="st"),
        html.Div([dcc.Input(id={"type": "in", "i": i}, value=i) for i in range(2)]),
        html.Div(id="out"),
    ])
    app.clientside_callback(
        ClientsideFunction("ui", "ctx"), Output("out", "children"),
        Input("btn", "n_clicks"), Input({"type": "in", "i": ALL}, "value"), State("s", "value"),
    )
    with AppDriver(app) as dash:
        initial = json.loads(dash.get("out", "children"))
        assert initial["triggered"] == []
        assert initial["triggered_id"] == "undefined"
        dash.set({"type": "in", "i": 1}, "value", 7)
        got = json.loads(dash.get("out", "children"))
        assert got["triggered"] == [{"prop_id": '{"i":1,"type":"in"}.value', "value": 7}]
        assert got["triggered_id"] == {"i": 1, "type": "in"}
        assert got["inputs"] == {"btn.n_clicks": None, '{"i":0,"type":"in"}.value': 0, '{"i":1,"type":"in"}.value': 7}
        assert got["states"] == {"s.value": "st"}
        assert got["inputs_list"] == [
            {"id": "btn", "property": "n_clicks"},
            [{"id": {"type": "in", "i": 0}, "property": "value", "value": 0}, {"id": {"type": "in", "i": 1}, "property": "value", "value": 7}],
        ]
        assert got["states_list"] == [{"id": "s", "property": "value", "value": "st"}]
        assert got["outputs_list"] == {"id": "out", "property": "children"}
        dash.click("btn")
        got = json.loads(dash.get("out", "children"))
        assert got["triggered"] == [{"prop_id": "btn.n_clicks", "value": 1}]
        assert got["triggered_id"] == "btn"


def test_callback_context_is_gone_after_the_synchronous_part():
    app = Dash()
    app.layout = counter_layout()
    app.clientside_callback(
        """async function(n) {
            var before = dash_clientside.callback_context !== undefined;
            await null;
            return before + "/" + (dash_clientside.callback_context !== undefined);
        }""",
        Output("out", "children"), Input("btn", "n_clicks"),
    )
    with AppDriver(app) as dash:
        assert dash.get("out", "children") == "true/false"


def test_promises_and_async_functions(assets):
    app = Dash(assets_folder=assets)
    app.layout = counter_layout()
    app.clientside_callback(ClientsideFunction("ui", "later"), Output("out", "children"), Input("btn", "n_clicks"))
    app.clientside_callback(
        "async function(v) { const x = await Promise.resolve(v); return 'then ' + x; }",
        Output("out2", "children"), Input("out", "children"),
    )
    with AppDriver(app) as dash:
        dash.click("btn")
        assert dash.get("out", "children") == "promised 1"
        assert dash.get("out2", "children") == "then promised 1"


def test_runs_where_an_asyncio_loop_is_running():
    # the kernel's shell thread runs an asyncio loop: Promises must still be awaited from there
    import asyncio

    app = Dash()
    app.layout = counter_layout()
    app.clientside_callback("async function(n) { return 'async ' + n; }", Output("out", "children"), Input("btn", "n_clicks"))

    async def main():
        with AppDriver(app) as dash:
            dash.click("btn")
            return dash.get("out", "children")

    # (on a thread of its own: the main thread may hold another running loop, e.g. Playwright's sync API)
    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        assert pool.submit(asyncio.run, main()).result(30) == "async 1"


def test_rejected_promise_is_an_error():
    app = Dash()
    app.layout = counter_layout()
    app.clientside_callback("function(n) { return Promise.reject(new Error('nope')); }", Output("out", "children"), Input("btn", "n_clicks"))
    with AppDriver(app, raise_errors=False) as dash:
        assert len(dash.callback_errors) == 1 and "nope" in str(dash.callback_errors[0])


def test_set_props_and_no_output_callback():
    app = Dash()
    app.layout = html.Div([html.Button(id="btn"), html.Div(id="a"), html.Div(id="b")])
    app.clientside_callback(
        "function(n) { dash_clientside.set_props('a', {children: 'set ' + n}); }",
        Input("btn", "n_clicks"), prevent_initial_call=True,
    )

    @app.callback(Output("b", "children"), Input("a", "children"), prevent_initial_call=True)
    def follow(a):
        return f"saw {a}"

    with AppDriver(app) as dash:
        dash.click("btn")
        assert dash.get("a", "children") == "set 1"
        assert dash.get("b", "children") == "saw set 1"


def test_set_props_with_wildcard_ids_follows_the_kernels_rules():
    """The rules js/src/clientside/page.js localTargets repeats in the page (clientside_patch.test.js):
    same keys, equal values at the other keys, any value under ["ALL"] / ["MATCH"] / ["ALLSMALLER"]."""
    app = Dash()
    rows = [html.Div(f"r{i}", id={"type": "row", "i": i}) for i in (1, 2)]
    app.layout = html.Div([html.Button(id="btn"), *rows, html.Div("c", id={"type": "cell", "i": 1}), html.Div("k", id={"type": "row", "i": 3, "k": 0})])
    app.clientside_callback(
        """function(n) {
            dash_clientside.set_props({type: 'row', i: ['ALL']}, {title: 'all ' + n});
            dash_clientside.set_props({type: ['MATCH'], i: 1}, {lang: 'x' + n});
        }""",
        Input("btn", "n_clicks"), prevent_initial_call=True,
    )
    with AppDriver(app) as dash:
        dash.click("btn")
        assert [dash.get({"type": "row", "i": i}, "title") for i in (1, 2)] == ["all 1", "all 1"]
        assert dash.get({"type": "row", "i": 3, "k": 0}, "title") is None
        assert [dash.get(c, "lang") for c in ({"type": "row", "i": 1}, {"type": "cell", "i": 1}, {"type": "row", "i": 2})] == ["x1", "x1", None]


def test_patch_from_clientside():
    app = Dash()
    app.layout = html.Div([html.Button(id="btn"), dcc.Store(id="store", data={"items": [1], "n": 0})])
    app.clientside_callback(
        """function(n) {
            const p = new dash_clientside.Patch();
            return p.append(["items"], n).add(["n"], 10).build();
        }""",
        Output("store", "data"), Input("btn", "n_clicks"), prevent_initial_call=True,
    )
    app.clientside_callback(
        "function(n) { dash_clientside.set_props('store', {data: new dash_clientside.Patch().assign(['via'], 'set_props').build()}); }",
        Input("btn", "n_clicks"), prevent_initial_call=True,
    )
    with AppDriver(app) as dash:
        dash.click("btn")
        assert dash.get("store", "data") == {"items": [1, 1], "n": 10, "via": "set_props"}


def test_pattern_matching_match_all_allsmaller():
    app = Dash()
    app.layout = html.Div([
        html.Div([dcc.Input(id={"k": "in", "i": i}, value=i) for i in range(3)]),
        html.Div([html.Div(id={"k": "out", "i": i}) for i in range(3)]),
        html.Div(id="total"),
    ])
    app.clientside_callback(
        "function(v, smaller) { return v + ':' + smaller.join(','); }",
        Output({"k": "out", "i": MATCH}, "children"),
        Input({"k": "in", "i": MATCH}, "value"),
        State({"k": "in", "i": __import__("nbdash").ALLSMALLER}, "value"),
    )
    app.clientside_callback(
        "function(vs) { return vs.reduce((a, b) => a + Number(b), 0); }",
        Output("total", "children"), Input({"k": "in", "i": ALL}, "value"),
    )
    with AppDriver(app) as dash:
        assert [dash.get({"k": "out", "i": i}, "children") for i in range(3)] == ["0:", "1:0", "2:0,1"]
        assert dash.get("total", "children") == 3
        dash.set({"k": "in", "i": 1}, "value", 10)
        assert dash.get({"k": "out", "i": 1}, "children") == "10:0"
        assert dash.get({"k": "out", "i": 2}, "children") == "2:0,1"
        assert dash.get("total", "children") == 12


def test_all_outputs_zip_like_dash():
    app = Dash()
    app.layout = html.Div([html.Button(id="btn"), html.Div([html.Div(id={"o": i}) for i in range(3)])])
    app.clientside_callback(
        "function(n) { return ['a', dash_clientside.no_update]; }",  # shorter than 3: the rest stay
        Output({"o": ALL}, "children"), Input("btn", "n_clicks"),
    )
    with AppDriver(app) as dash:
        assert [dash.get({"o": i}, "children") for i in range(3)] == ["a", None, None]
        assert not dash.callback_errors


def test_console_log_goes_to_print(capsys):
    app = Dash()
    app.layout = counter_layout()
    app.clientside_callback("function(n) { console.log('hello', {n: n}); return 1; }", Output("out", "children"), Input("btn", "n_clicks"))
    with AppDriver(app):
        pass
    assert "hello {}" in capsys.readouterr().out


def test_non_json_return_is_an_error():
    app = Dash()
    app.layout = counter_layout()
    app.clientside_callback("function(n) { const a = {}; a.self = a; return a; }", Output("out", "children"), Input("btn", "n_clicks"))
    with AppDriver(app, raise_errors=False) as dash:
        assert len(dash.callback_errors) == 1 and "not JSON" in str(dash.callback_errors[0])


def test_missing_engine_names_the_package(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def fake_import(name, *args, **kwargs):
        if name == "py_mini_racer":
            raise ImportError("no")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    app = Dash()
    app.layout = counter_layout()
    app.clientside_callback("function(n) { return 1; }", Output("out", "children"), Input("btn", "n_clicks"))
    with AppDriver(app, raise_errors=False) as dash:
        assert "pip install mini-racer" in str(dash.callback_errors[0])


def test_assets_ignore_and_nested_folders(tmp_path):
    folder = tmp_path / "assets"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.js").write_text("window.dash_clientside = window.dash_clientside || {}; window.dash_clientside.ns = {f: () => 'a'};")
    (folder / "sub" / "b.js").write_text("window.dash_clientside.ns.g = () => 'b';")
    (folder / "skip.js").write_text("window.dash_clientside.ns.f = () => 'skipped';")
    app = Dash(assets_folder=str(folder), assets_ignore="skip")
    app.layout = counter_layout()
    app.clientside_callback(ClientsideFunction("ns", "f"), Output("out", "children"), Input("btn", "n_clicks"))
    app.clientside_callback(ClientsideFunction("ns", "g"), Output("out2", "children"), Input("btn", "n_clicks"))
    with AppDriver(app) as dash:
        assert dash.get("out", "children") == "a"
        assert dash.get("out2", "children") == "b"


def test_the_kernels_engine_and_the_page_list_the_same_asset_scripts(tmp_path):
    """Both read the assets folder through nbdash/_assets.py (assets_folder, assets_ignore,
    assets_path_ignore, Dash's order), so the kernel's V8 never runs a file the page does not."""
    from nbdash._assets import AppAssets
    from nbdash._clientside import asset_scripts

    folder = tmp_path / "assets"
    for rel in ("b.js", "a.js", "sub/c.js", "vendor/skip_me.js", "old/d.js", "style.css", "ignored.js"):
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(f"window.__loaded = (window.__loaded || []).concat(['{rel}']);")
    app = Dash(assets_folder=str(folder), assets_ignore="ignored", assets_path_ignore=["old"])
    page = [entry["name"].removeprefix("assets/") for entry in AppAssets(app).manifest()["js"]]
    assert [name for name, _ in asset_scripts(app)] == page == ["a.js", "b.js", "sub/c.js", "vendor/skip_me.js"]
    app.layout = counter_layout()
    app.clientside_callback("function(n) { return window.__loaded.join(' '); }", Output("out", "children"), Input("btn", "n_clicks"))
    with AppDriver(app) as dash:
        assert dash.get("out", "children") == "a.js b.js sub/c.js vendor/skip_me.js"
    assert asset_scripts(Dash(assets_folder=str(folder), include_assets_files=False)) == []


# ---------------------------------------------------------------------------------------------
# The page's share (kernel side of js/src/clientside/page.js), through the real widget
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def browser_for():
    from widget_page import Browser, close_widgets

    yield Browser
    close_widgets()


def settle(app):
    """Events from the page run on the app's worker threads when nbdash has them: wait for them."""
    wait = getattr(app, "_wait_background", None)
    if wait is not None:
        wait(10)


def wait_until(condition, seconds=5.0):
    """Poll ``condition`` until it holds or ``seconds`` pass (the caller asserts what it needs)."""
    import time

    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)


def page_app():
    app = Dash()
    app.layout = html.Div([html.Button(id="btn"), html.Div(id="local"), html.Button(id="srv"), html.Div(id="after"), dcc.Input(id={"k": 1}, value="")])
    # typeof document: "object" in the page, "undefined" in the kernel's V8 (tells who ran it)
    app.clientside_callback(
        "function(n) { return (typeof document) + ' ' + (n || 0); }", Output("local", "children"), Input("btn", "n_clicks")
    )

    @app.callback(Output("after", "children"), Input("local", "children"), prevent_initial_call=True)
    def after(text):
        return f"server saw {text}"

    @app.callback(Output("btn", "title"), Input("srv", "n_clicks"), prevent_initial_call=True)
    def server(n):
        return f"server {n}"

    return app


def page_result(n, text):
    return {
        "callback": "local.children",
        "inputs": [{"id": "btn", "property": "n_clicks", "value": n}],
        "state": [],
        "changedPropIds": ["btn.n_clicks"],
        "result": {"status": "ok", "outputs": [[True, text]], "set_props": []},
    }


class FakePage:
    """Answers the kernel's `clientside` requests for some views, from another thread (in a kernel,
    the shell thread delivers the answer; the call is in flight meanwhile). ``compute(payload)``
    gives the value a page with a DOM would (the functions under test say `typeof document`)."""

    def __init__(self, page, answer_views, compute=None):
        import threading

        self.page, self.answer_views, self.seen = page, set(answer_views), []
        self.compute = compute or (lambda payload: payload["inputs"][0]["value"] + " in object")
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.loop, daemon=True)
        self.thread.start()

    def loop(self):
        handled = 0
        while not self.stop.wait(0.01):
            requests = self.page.comm.of_type("clientside")
            for msg in requests[handled:]:
                self.seen.append(msg["view"])
                if msg["view"] in self.answer_views:
                    deliver(self.page, {"type": "clientside_result", "call": msg["call"], "view": msg["view"],
                                        "result": {"status": "ok", "outputs": [[True, self.compute(msg["payload"])]], "set_props": []}})
            handled = len(requests)

    def close(self):
        self.stop.set()
        self.thread.join()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def page_value(payload):
    return f"object {payload['inputs'][0].get('value') or 0}"


def deliver(page, message):
    """A message from the page, without waiting for the turn it starts."""
    page.widget._handle_msg({"content": {"data": {"method": "custom", "content": message}}, "buffers": []})


def test_manifest_lists_scripts_local_callbacks_and_kernel_props(browser_for):
    app = page_app()
    page = browser_for(app)
    first = page.widget._nbdash_first["clientside"]  # in the widget's first-render state too
    tree = page.hello()
    manifest = tree["clientside"]
    assert first == manifest
    assert [key.split(":")[0] for key, _ in manifest["scripts"]] == ["inline"]
    assert "_dashprivate_clientside_funcs" in manifest["scripts"][0][1]
    assert [c["callback"] for c in manifest["callbacks"]] == ["local.children"]
    assert manifest["triggers"] == {"btn.n_clicks": [0]}
    assert manifest["kernel"] == ["local.children", "srv.n_clicks"]


def test_initial_call_waits_for_the_first_view_and_runs_there(browser_for):
    app = page_app()
    page = browser_for(app)
    # displayed, no view yet: the initial call is parked (in flight), nothing ran it
    assert app.get_props("local").get("children") is None
    assert not page.comm.of_type("clientside")
    assert app._session.scheduler.busy()
    with FakePage(page, {"v1"}, page_value) as fake:
        page.hello("v1")
        settle(app)
    kinds = [m["type"] for m in page.comm.sent]
    assert kinds.index("tree") < kinds.index("clientside")  # sent after the view's tree
    assert fake.seen == ["v1"]
    assert app.get_props("local")["children"] == "object 0"  # the page's value, not V8's
    patch = next(p for p in page.comm.of_type("patch") if "local" in p["changes"])
    assert patch["changes"]["local"] == {"children": "object 0"}


def test_calls_of_a_session_that_ended_are_not_sent(browser_for):
    app = page_app()
    page = browser_for(app)
    old = app._session
    app._load(mount=True)  # re-loaded before any view showed: its parked call belongs to no session
    assert app._session is not old
    with FakePage(page, {"v1"}, page_value) as fake:
        page.hello("v1")
        settle(app)
    assert fake.seen == ["v1"]  # the new session's initial call only
    assert app.get_props("local")["children"] == "object 0"
    assert not page.widget.page_calls.waiting


def initial_chain_app():
    """clientside (initial) → server → clientside: the server callback waits for the page's answer."""
    app = Dash()
    app.layout = html.Div([html.Div("probe text", id="probe"), html.Div(id="width"), html.Div(id="srv"), html.Div(id="last")])
    app.clientside_callback(
        "function(c) { return typeof document === 'undefined' ? 'no DOM' : document.getElementById('probe').textContent; }",
        Output("width", "children"), Input("probe", "children"),
    )

    @app.callback(Output("srv", "children"), Input("width", "children"))
    def server(text):
        return f"server saw {text}"

    app.clientside_callback("function(s) { return s + ' (' + (typeof document) + ')'; }", Output("last", "children"), Input("srv", "children"))
    return app


def test_initial_chain_mixing_page_and_server_calls_runs_in_dash_order(browser_for):
    app = initial_chain_app()
    calls = []
    app._observers.append(type("O", (), {"on_call": lambda self, r: calls.append(r.name), "on_error": lambda *a: None, "on_prop": lambda *a: None})())
    page = browser_for(app)
    assert calls == ["clientside_" + calls[0].split("_")[1]]  # the server callback waits for it
    assert app.get_props("srv").get("children") is None

    def compute(payload):
        value = payload["inputs"][0]["value"]
        return "probe text" if value == "probe text" else value + " (object)"

    with FakePage(page, {"v1"}, compute):
        page.hello("v1")
        deadline = __import__("time").monotonic() + 10
        while app.get_props("last").get("children") is None and __import__("time").monotonic() < deadline:
            __import__("time").sleep(0.01)
        settle(app)
    assert app.get_props("srv")["children"] == "server saw probe text"
    assert app.get_props("last")["children"] == "server saw probe text (object)"
    assert [c.split("_")[0] for c in calls] == ["clientside", "server", "clientside"]
    # headless, the same app runs in the kernel's V8 at once, deterministically
    with AppDriver(app) as dash:
        assert dash.get("last", "children") == "server saw no DOM (undefined)"


def test_page_results_are_used_instead_of_running_again(browser_for):
    app = page_app()
    page = browser_for(app)
    with FakePage(page, {"v1"}, page_value) as fake:
        page.hello()
        settle(app)
        calls = []
        app._observers.append(type("O", (), {"on_call": lambda self, r: calls.append(r.name), "on_error": lambda *a: None, "on_prop": lambda *a: None})())
        page.post({"type": "event", "view": "v1", "seq": 1, "id": "btn", "props": {"n_clicks": 1}, "clientside": [page_result(1, "object 1")]})
        settle(app)
    assert fake.seen == ["v1"]  # the initial call only: the event's result was not asked for again
    assert app.get_props("local")["children"] == "object 1"
    assert app.get_props("after")["children"] == "server saw object 1"  # the chain went on in the kernel
    assert calls == ["clientside_" + calls[0].split("_")[1], "after"]
    patch = [p for p in page.comm.of_type("patch") if "local" in p["changes"]][-1]
    assert patch["changes"]["local"] == {"children": "object 1"}
    assert {"view": "v1", "seq": 1} in [p["origin"] for p in page.comm.of_type("patch")]


def test_page_results_with_other_inputs_are_not_used(browser_for):
    app = page_app()
    page = browser_for(app)
    with FakePage(page, {"v1"}, lambda p: "asked " + page_value(p)) as fake:
        page.hello()
        page.post({"type": "event", "view": "v1", "seq": 1, "id": "btn", "props": {"n_clicks": 2}, "clientside": [page_result(1, "object 1")]})
        settle(app)
    assert app.get_props("local")["children"] == "asked object 2"  # stale result: the view was asked
    assert fake.seen == ["v1", "v1"]


def test_malformed_page_results_are_refused_with_a_warning(browser_for):
    app = page_app()
    page = browser_for(app)
    with FakePage(page, {"v1"}, lambda p: "asked " + page_value(p)):
        page.hello()
        bad = page_result(1, "x")
        bad["result"]["status"] = "maybe"
        page.post({"type": "event", "view": "v1", "seq": 1, "id": "btn", "props": {"n_clicks": 1}, "clientside": [bad]})
        settle(app)
    warnings_sent = page.comm.of_type("warning")
    assert warnings_sent and "clientside results ignored" in warnings_sent[-1]["message"]
    assert app.get_props("local")["children"] == "asked object 1"


def test_page_error_is_reported_like_a_server_error(browser_for):
    app = page_app()
    page = browser_for(app)
    with FakePage(page, {"v1"}, page_value):
        page.hello()
        settle(app)
    failing = page_result(1, None)
    failing["result"] = {"status": "error", "error": {"message": "TypeError: x is undefined", "stack": "TypeError: x is undefined\n    at f (page)"}, "set_props": []}
    page.post({"type": "event", "view": "v1", "seq": 1, "id": "btn", "props": {"n_clicks": 1}, "clientside": [failing]})
    settle(app)
    errors = page.comm.of_type("error")
    assert errors and "Callback error updating local.children" in errors[-1]["message"]
    assert "at f (page)" in errors[-1]["traceback"]
    assert app.get_props("local")["children"] == "object 0"


def test_shared_input_server_and_clientside_each_run_once(assets):
    # Dash's clsd016/017 shape: one input feeds a server and a clientside callback, a third reads both
    app = Dash(assets_folder=assets)
    app.layout = html.Div([dcc.Input(id="x", value=1), html.Div(id="srv"), html.Div(id="cli"), html.Div(id="both")])

    @app.callback(Output("srv", "children"), Input("x", "value"))
    def srv(x):
        return f"srv {x}"

    app.clientside_callback(ClientsideFunction("ui", "later"), Output("cli", "children"), Input("x", "value"))

    @app.callback(Output("both", "children"), Input("srv", "children"), Input("cli", "children"))
    def both(a, b):
        return f"{a} & {b}"

    with AppDriver(app) as dash:
        assert dash.get("both", "children") == "srv 1 & promised 1"
        dash.calls.clear()
        dash.set("x", "value", 2)
        assert dash.get("both", "children") == "srv 2 & promised 2"
        assert sorted(c.name for c in dash.calls) == ["both", "later", "srv"]
        assert dash.triggered("both")[-1] == ["srv.children", "cli.children"]


def test_allow_duplicate_and_initial_duplicate():
    app = Dash()
    app.layout = html.Div([html.Button(id="a"), html.Button(id="b"), html.Div(id="out")])
    app.clientside_callback("function(n) { return 'a ' + n; }", Output("out", "children", allow_duplicate=True), Input("a", "n_clicks"), prevent_initial_call=True)
    app.clientside_callback("function(n) { return 'b ' + n; }", Output("out", "children", allow_duplicate=True), Input("b", "n_clicks"), prevent_initial_call=True)
    with pytest.raises(DuplicateCallback, match="prevent_initial_call"):
        app.clientside_callback("function(n) { return n; }", Output("out", "children", allow_duplicate=True), Input("a", "n_clicks"), State("b", "n_clicks"))
    with AppDriver(app) as dash:
        dash.click("a")
        assert dash.get("out", "children") == "a 1"
        dash.click("b")
        assert dash.get("out", "children") == "b 1"


# ---------------------------------------------------------------------------------------------
# Calls the kernel's turn makes, run by the leading view (nbdash._clientside.PageCalls)
# ---------------------------------------------------------------------------------------------


def chain_app():
    app = Dash()
    app.layout = html.Div([html.Button(id="srv"), html.Div(id="stage1"), html.Div(id="stage2")])

    @app.callback(Output("stage1", "children"), Input("srv", "n_clicks"), prevent_initial_call=True)
    def first(n):
        return f"server {n}"

    app.clientside_callback(
        "function(s) { return s + ' in ' + (typeof document); }", Output("stage2", "children"), Input("stage1", "children"),
        prevent_initial_call=True,
    )
    return app


def test_kernel_started_call_runs_in_the_leading_view(browser_for):
    app = chain_app()
    page = browser_for(app)
    page.hello("v1")
    with FakePage(page, {"v1"}) as fake:
        page.post({"type": "event", "view": "v1", "seq": 1, "id": "srv", "props": {"n_clicks": 1}})
        settle(app)
    assert app.get_props("stage2")["children"] == "server 1 in object"
    assert fake.seen == ["v1"]


def test_a_cells_set_props_turn_runs_its_clientside_step_in_the_view(browser_for):
    app = chain_app()
    page = browser_for(app)
    page.hello("v1")
    with FakePage(page, {"v1"}) as fake:
        app.set_props("srv", {"n_clicks": 5})  # the cell's turn ends with the call in flight
        settle(app)
    assert app.get_props("stage2")["children"] == "server 5 in object"
    assert fake.seen == ["v1"]


def test_with_every_view_gone_the_kernels_engine_runs_calls_at_once(browser_for):
    app = chain_app()
    page = browser_for(app)
    page.hello("v1")
    page.post({"type": "bye", "view": "v1"})
    app.set_props("srv", {"n_clicks": 1})
    assert app.get_props("stage2")["children"] == "server 1 in undefined"  # in the cell's own turn
    assert not page.comm.of_type("clientside")


def test_the_next_view_takes_over_when_the_leader_goes(browser_for):
    app = chain_app()
    page = browser_for(app)
    page.hello("v1")
    page.hello("v2")  # leads, never answers, then leaves
    with FakePage(page, {"v1"}) as fake:
        deliver(page, {"type": "event", "view": "v1", "seq": 1, "id": "srv", "props": {"n_clicks": 1}})
        wait_until(lambda: "v2" in fake.seen)
        deliver(page, {"type": "bye", "view": "v2"})
        settle(app)
    assert fake.seen == ["v2", "v1"]
    assert app.get_props("stage2")["children"] == "server 1 in object"
    assert any("view v2 closed before answering; sent to view v1" in w for w in page.widget.warnings)


def test_a_silent_leader_hands_the_call_to_the_next_view_after_the_timeout(browser_for):
    app = chain_app()
    page = browser_for(app)
    page.hello("v1")
    page.hello("v2")  # leads, never answers (a reloaded page never says bye)
    page.widget.page_calls.timeout = 0.3
    with FakePage(page, {"v1"}) as fake:
        page.post({"type": "event", "view": "v1", "seq": 1, "id": "srv", "props": {"n_clicks": 1}})
        settle(app)
    assert fake.seen == ["v2", "v1"]
    assert app.get_props("stage2")["children"] == "server 1 in object"
    assert any("view v2 did not answer within 0.3 s; sent to view v1" in w for w in page.widget.warnings)


def test_no_answer_falls_back_to_the_kernels_engine_with_a_warning(browser_for):
    app = chain_app()
    page = browser_for(app)
    page.hello("v1")
    page.widget.page_calls.timeout = 0.3
    page.post({"type": "event", "view": "v1", "seq": 1, "id": "srv", "props": {"n_clicks": 1}})
    settle(app)
    assert app.get_props("stage2")["children"] == "server 1 in undefined"
    assert page.comm.of_type("clientside")
    warning = page.comm.of_type("warning")[-1]["message"]
    assert "did not answer within 0.3 s" in warning and "kernel's JavaScript engine ran it" in warning


def test_a_function_the_page_lacks_runs_in_the_kernel(browser_for):
    app = chain_app()
    page = browser_for(app)
    page.hello("v1")
    deliver(page, {"type": "event", "view": "v1", "seq": 1, "id": "srv", "props": {"n_clicks": 1}})
    wait_until(lambda: page.comm.of_type("clientside"))
    call = page.comm.of_type("clientside")[0]["call"]
    page.post({"type": "clientside_result", "call": call, "view": "v1", "missing": True,
               "result": {"status": "error", "error": {"message": "no function", "stack": ""}, "set_props": []}})
    settle(app)
    assert app.get_props("stage2")["children"] == "server 1 in undefined"


def test_a_superseded_page_call_drops_its_late_answer(browser_for):
    app = chain_app()
    page = browser_for(app)
    page.hello("v1")
    deliver(page, {"type": "event", "view": "v1", "seq": 1, "id": "srv", "props": {"n_clicks": 1}})
    wait_until(lambda: page.comm.of_type("clientside"))
    deliver(page, {"type": "event", "view": "v1", "seq": 2, "id": "srv", "props": {"n_clicks": 2}})
    wait_until(lambda: len(page.comm.of_type("clientside")) >= 2)
    first, second = page.comm.of_type("clientside")[:2]
    for msg, text in ((second, "second"), (first, "first (stale)")):
        page.post({"type": "clientside_result", "call": msg["call"], "view": "v1",
                   "result": {"status": "ok", "outputs": [[True, text]], "set_props": []}})
    settle(app)
    assert app.get_props("stage2")["children"] == "second"


def test_malformed_answer_is_refused(browser_for):
    app = chain_app()
    page = browser_for(app)
    page.hello("v1")
    page.post({"type": "clientside_result", "call": "x", "view": "v1", "result": {}})
    assert "clientside result ignored" in page.comm.of_type("warning")[-1]["message"]


def test_page_patch_cases_match_the_kernel():
    """js/test/patch_cases.json holds what the kernel's apply_patch gives; js/src/clientside/patch.js
    (a clientside Patch applied in the page) is checked against the same file by clientside_patch.test.js."""
    import json
    from pathlib import Path

    from nbdash._patch import PatchError, apply_patch

    cases = json.loads((Path(__file__).resolve().parents[1] / "js" / "test" / "patch_cases.json").read_text())
    assert len(cases) >= 12
    for case in cases:
        patch = {"__dash_patch_update": "__dash_patch_update", "operations": case["operations"]}
        if case.get("error"):
            with pytest.raises(PatchError):
                apply_patch(case["current"], patch, none_is_undefined=False)
        else:
            assert json.loads(json.dumps(apply_patch(case["current"], patch, none_is_undefined=False))) == case["value"], case
