"""Background callbacks: set_progress → patch latency, and the cost of starting a job.

Run:  python bench/bench_background.py        (prints figures; it is not a test)

progress   a job calls set_progress(i) every 20 ms (200 times); a transport stamps when the patch
           carrying that value is handed to the front end. Target from the issue: <= 50 ms.
tight      a job calls set_progress in a tight loop (20,000 times): how many patches reach the front
           end (the throttle coalesces them) and how long the loop takes.
start      click -> first line of a trivial background job, and click -> result applied, compared
           with the same trivial callback run normally.
cancel     cancel-button click -> a job that checks should_cancel() every 1 ms has returned.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nbdash import Dash, Input, Output, html  # noqa: E402
from nbdash.testing import AppDriver  # noqa: E402


class StampingTransport:
    def __init__(self) -> None:
        self.stamps: dict[Any, float] = {}
        self.patches = 0

    def send_patch(self, changes: dict[str, dict[str, Any]]) -> None:
        self.patches += 1
        value = changes.get("bar", {}).get("children")
        if value is not None and value not in self.stamps:
            self.stamps[value] = time.perf_counter()

    def send_error(self, error: Any) -> None:
        pass


def progress_app(count: int, pause: float) -> tuple[Dash, dict[Any, float]]:
    sent: dict[Any, float] = {}
    app = Dash("progress")
    app.layout = html.Div([html.Button(id="go"), html.Div(id="bar"), html.Div(id="out")])

    @app.callback(Output("out", "children"), Input("go", "n_clicks"), background=True,
                  progress=Output("bar", "children"), prevent_initial_call=True)
    def job(set_progress, n):  # noqa: ANN001, ANN202
        for i in range(count):
            sent[i] = time.perf_counter()
            set_progress(i)
            if pause:
                time.sleep(pause)
        return "done"

    return app, sent


def bench_progress() -> None:
    app, sent = progress_app(200, 0.02)
    transport = StampingTransport()
    with AppDriver(app) as d:
        app._attach(transport)
        d.click("go")
    latencies = [(transport.stamps[i] - sent[i]) * 1000 for i in sent if i in transport.stamps]
    print(f"progress   p50 {statistics.median(latencies):.2f} ms   p95 {statistics.quantiles(latencies, n=20)[18]:.2f} ms"
          f"   delivered {len(latencies)}/{len(sent)}")


def bench_tight() -> None:
    app, sent = progress_app(20_000, 0.0)
    transport = StampingTransport()
    with AppDriver(app) as d:
        app._attach(transport)
        t0 = time.perf_counter()
        d.click("go")
        elapsed = time.perf_counter() - t0
    print(f"tight      20,000 set_progress in {elapsed * 1000:.0f} ms ({elapsed / 20_000 * 1e6:.1f} us each);"
          f" patches sent {transport.patches}; last value shown {d.get('bar', 'children')}")


def bench_start() -> None:
    started: list[float] = []
    for background in (False, True):
        app = Dash("start")
        app.layout = html.Div([html.Button(id="go"), html.Div(id="out")])

        @app.callback(Output("out", "children"), Input("go", "n_clicks"), background=background,
                      prevent_initial_call=True)
        def trivial(n):  # noqa: ANN001, ANN202
            started.append(time.perf_counter())
            return n

        to_start, to_result = [], []
        with AppDriver(app) as d:
            for _ in range(300):
                started.clear()
                t0 = time.perf_counter()
                d.click("go")
                to_result.append((time.perf_counter() - t0) * 1e6)
                to_start.append((started[0] - t0) * 1e6)
        kind = "background" if background else "normal    "
        print(f"start      {kind} click->body p50 {statistics.median(to_start):8.1f} us   "
              f"click->result p50 {statistics.median(to_result):8.1f} us")


def bench_cancel() -> None:
    """Cancel input clicked -> the job (checking should_cancel() every 1 ms) has stopped."""
    from nbdash import should_cancel

    stopped: list[float] = []
    app = Dash("cancel")
    app.layout = html.Div([html.Button(id="go"), html.Button(id="stop"), html.Div(id="out")])

    @app.callback(Output("out", "children"), Input("go", "n_clicks"), background=True,
                  cancel=[Input("stop", "n_clicks")], prevent_initial_call=True)
    def job(n):  # noqa: ANN001, ANN202
        while not should_cancel():
            time.sleep(0.001)
        stopped.append(time.perf_counter())
        return "unreachable"

    latencies = []
    with AppDriver(app) as d:
        for _ in range(50):
            count = len(stopped)
            d.click("go", wait=False)
            while not app.session.scheduler.jobs.running:
                time.sleep(0.0005)
            t0 = time.perf_counter()
            d.click("stop")
            while len(stopped) == count:
                time.sleep(0.0002)
            latencies.append((stopped[-1] - t0) * 1000)
    print(f"cancel     click -> job stopped p50 {statistics.median(latencies):.2f} ms   max {max(latencies):.2f} ms"
          "   (target from the issue: 100 ms)")


def main() -> None:
    bench_progress()
    bench_tight()
    bench_start()
    bench_cancel()


if __name__ == "__main__":
    main()
