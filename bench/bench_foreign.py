"""Kernel-side cost of Dash library components (nbdash/_foreign.py) next to nbdash's own html.

Run:  python bench/bench_foreign.py [--rounds 5]   (prints figures; it is not a test)

Scenarios, each built twice — with nbdash html components and with library components
  click     one button -> one output (html.Button vs dbc.Button): kernel µs per click (p50 / p95)
  replace   a click whose callback returns a 200-component subtree (html.Div of html.P vs
            dbc.Card of dbc.CardBody of dbc.Badge): µs per click, adoption + re-indexing included, and
            the callback body's own construction of 200 components (Dash's constructors are slower)
  adopt     the stored form of that subtree alone (``normalize``: copy, adopt, JSON-clean): µs
  load      a layout of 2,000 components (html.Div vs dbc.Badge): seconds to load the app
            (copy + adopt + index + initial callbacks)
  table     a DataTable with 10,000 rows x 5 columns: load seconds; one edit of `data` from the
            page (equality check + callback on `data`): ms
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import warnings
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import dash_bootstrap_components as dbc  # noqa: E402

from nbdash import Dash, Input, Output, dash_table, html  # noqa: E402

warnings.simplefilter("ignore", DeprecationWarning)  # DataTable's "will be removed" notice


def click_app(library: bool) -> Dash:
    app = Dash("click")
    button = dbc.Button("go", id="b") if library else html.Button("go", id="b")
    app.layout = html.Div([button, html.Div(id="o")])
    app.callback(Output("o", "children"), Input("b", "n_clicks"))(lambda n: n)
    return app


def replace_app(library: bool) -> Dash:
    app = Dash("replace")
    app.layout = html.Div([html.Button(id="b"), html.Div(id="o")])

    app.callback(Output("o", "children"), Input("b", "n_clicks"))(lambda n: subtree(library))
    return app


def clicks(app: Dash, n: int, rounds: int) -> tuple[float, float]:
    app._load()
    count = 0
    best: tuple[float, float] | None = None
    for _ in range(rounds):
        samples = []
        for _ in range(n):
            count += 1
            event = {"n_clicks": count}
            t0 = time.perf_counter()
            app._submit(lambda scheduler, e=event: scheduler.user_change("b", e))
            samples.append((time.perf_counter() - t0) * 1e6)
        result = (statistics.median(samples), statistics.quantiles(samples, n=20)[18])
        if best is None or result[0] < best[0]:
            best = result
    assert best is not None
    return best


def subtree(library: bool) -> Any:
    if library:
        return dbc.Card(dbc.CardBody([dbc.Badge(str(i), id=f"x{i}") for i in range(198)]), id="card")
    return html.Div(html.Div([html.P(str(i), id=f"x{i}") for i in range(198)]), id="card")


def adopt_us(library: bool, rounds: int) -> float:
    from nbdash._json import normalize

    value = subtree(library)
    times = []
    for _ in range(rounds * 20):
        t0 = time.perf_counter()
        normalize(value)
        times.append((time.perf_counter() - t0) * 1e6)
    return statistics.median(times)


def load_seconds(build: Any, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        app = build()
        t0 = time.perf_counter()
        app._load()
        times.append(time.perf_counter() - t0)
    return min(times)


def wide_layout(library: bool) -> Dash:
    app = Dash("wide")
    make = (lambda i: dbc.Badge(str(i), id=f"c{i}")) if library else (lambda i: html.Span(str(i), id=f"c{i}"))
    app.layout = html.Div([make(i) for i in range(2000)])
    return app


def table_app() -> Dash:
    app = Dash("table")
    rows = [{f"c{j}": i * 5 + j for j in range(5)} for i in range(10_000)]
    app.layout = html.Div([
        dash_table.DataTable(id="t", data=rows, columns=[{"name": f"c{j}", "id": f"c{j}"} for j in range(5)]),
        html.Div(id="o"),
    ])
    app.callback(Output("o", "children"), Input("t", "data"))(lambda data: len(data))
    return app


def table_edit_ms(rounds: int) -> float:
    app = table_app()
    app._load()
    base = app.get_props("t")["data"]
    times = []
    for k in range(rounds * 4):
        edited = [dict(r) for r in base]
        edited[k]["c0"] = -k
        t0 = time.perf_counter()
        app._submit(lambda scheduler, d=edited: scheduler.user_change("t", {"data": d}))
        times.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    print(f"{'scenario':<34} {'nbdash html':>14} {'library':>14}")
    for name, build, n in (("click (us p50 / p95)", click_app, 2000), ("replace 200 (us p50 / p95)", replace_app, 100)):
        native, library = clicks(build(False), n, args.rounds), clicks(build(True), n, args.rounds)
        print(f"{name:<34} {native[0]:>6.1f} /{native[1]:>6.1f} {library[0]:>6.1f} /{library[1]:>6.1f}")
    print(f"{'adopt 200 (us p50)':<34} {adopt_us(False, args.rounds):>14.1f} {adopt_us(True, args.rounds):>14.1f}")
    print(f"{'load 2,000 components (s)':<34} {load_seconds(lambda: wide_layout(False), args.rounds):>14.3f} "
          f"{load_seconds(lambda: wide_layout(True), args.rounds):>14.3f}")
    print(f"{'DataTable 10k x 5: load (s)':<34} {'':>14} {load_seconds(table_app, args.rounds):>14.3f}")
    print(f"{'DataTable 10k x 5: edit data (ms)':<34} {'':>14} {table_edit_ms(args.rounds):>14.1f}")


if __name__ == "__main__":
    main()
