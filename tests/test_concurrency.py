"""Events from several threads at once (issue 11): nothing lost, nothing reordered, and the final
state equals a serial model.

Four threads post 250 page events each (1,000 in all) to the app's real widget, as four views
clicking at once. Each thread owns one pattern-matched button; the app has an ALL aggregator over
the buttons, a chain behind it, a background callback at the end of the chain, and per-thread
inputs echoed by their own callbacks.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from nbdash import ALL, MATCH, Dash, Input, Output, dcc, html
from widget_page import Browser, close_widgets

THREADS = 4
EVENTS = 250  # per thread: 1,000 in all


@pytest.fixture(autouse=True)
def _no_leftover_widgets() -> Iterator[None]:
    yield
    close_widgets()


def busy_app() -> Dash:
    app = Dash(__name__)
    app.layout = html.Div(
        [html.Button(str(i), id={"type": "item", "index": i}) for i in range(THREADS)]
        + [dcc.Input(id={"type": "inp", "index": i}, value="") for i in range(THREADS)]
        + [html.Div(id={"type": "echo", "index": i}) for i in range(THREADS)]
        + [html.Div(id="total"), html.Div(id="double"), html.Div(id="bg")]
    )

    @app.callback(Output("total", "children"), Input({"type": "item", "index": ALL}, "n_clicks"))
    def total(clicks: list[Any]) -> int:
        return sum(c or 0 for c in clicks)

    @app.callback(Output("double", "children"), Input("total", "children"))
    def double(value: int) -> int:
        return 2 * value

    @app.callback(Output("bg", "children"), Input("double", "children"), background=True)
    def background(value: int) -> str:
        time.sleep(0.001)
        return f"bg {value}"

    @app.callback(Output({"type": "echo", "index": MATCH}, "children"), Input({"type": "inp", "index": MATCH}, "value"))
    def echo(value: str) -> str:
        return f"echo {value}"

    return app


def test_a_thousand_events_from_four_threads_match_a_serial_model() -> None:
    app = busy_app()
    b = Browser(app)
    b.hello()
    history: dict[str, list[Any]] = {}
    app.session.scheduler.on_prop.append(
        lambda id_str, prop, value, old: history.setdefault(f"{id_str}.{prop}", []).append(value)
    )
    start = threading.Barrier(THREADS)
    failures: list[BaseException] = []

    def user(index: int) -> None:
        try:
            start.wait()
            for k in range(1, EVENTS + 1):
                if k % 2:
                    props: dict[str, Any] = {"n_clicks": (k + 1) // 2, "n_clicks_timestamp": k}
                    id_str = f'{{"index":{index},"type":"item"}}'
                else:
                    props, id_str = {"value": f"{index}-{k}"}, f'{{"index":{index},"type":"inp"}}'
                b.post({"type": "event", "view": f"v{index}", "seq": k, "id": id_str, "props": props})
        except BaseException as exc:  # noqa: BLE001 - reported below
            failures.append(exc)

    threads = [threading.Thread(target=user, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not failures and not any(t.is_alive() for t in threads)
    app._wait_background(10)

    # nothing lost or reordered: every event's value was stored, in each thread's order
    clicks_per_thread = (EVENTS + 1) // 2
    for i in range(THREADS):
        assert history[f'{{"index":{i},"type":"item"}}.n_clicks'] == list(range(1, clicks_per_thread + 1))
        assert history[f'{{"index":{i},"type":"inp"}}.value'] == [f"{i}-{k}" for k in range(2, EVENTS + 1, 2)]
    # the serial model: all clicks counted, the chain and the background job saw the final total
    serial_total = THREADS * clicks_per_thread
    assert app.get_props("total")["children"] == serial_total
    assert app.get_props("double")["children"] == 2 * serial_total
    assert app.get_props("bg")["children"] == f"bg {2 * serial_total}"
    for i in range(THREADS):
        assert app.get_props({"type": "echo", "index": i})["children"] == f"echo {i}-{EVENTS}"
    # every total the aggregator produced was a possible serial state: non-decreasing, ending at the total
    totals = history["total.children"]
    assert totals == sorted(totals) and totals[-1] == serial_total
    assert not [m for m in b.comm.sent if m.get("type") in ("error", "warning")]
