"""Kernel cost of one cell edit in a large ``dash_table.DataTable``, through the widget's own path.

Run:  python bench/bench_table_edit.py [--rows 10000] [--cols 5] [--rounds 5]
(prints figures; it is not a test)

When a user edits one cell, DataTable's ``setProps`` sends the whole ``data`` prop (as under Dash,
whose renderer posts it in the callback request). The page's event enters the app's real widget
(``tests/widget_page.py``'s fake comm; ipywidgets' ``_handle_msg`` entry point), as in a kernel:

* **validate**: the whole event is checked on the shell thread (``_protocol.validate_events``:
  declared props, plain finite JSON within the depth and size limits, no components);
* **turn**: on the app's event worker, ``Scheduler.user_change``: the equality filter against the
  stored value, the stored form of the new rows, then the callback on ``data`` (its argument read
  from the tree) and the patch for the views (``Dash._flush``: the JSON form of the changed props).

Figures (ms, p50 and min over ``--rounds`` x 4 edits, each a fresh copy of the rows with one cell
changed, as a page's JSON parse delivers it; on a busy machine the min is the better estimate of the
cost itself, the p50 includes waiting for a CPU):

* ``event total``: from ``_handle_msg`` until the event worker is done with the turn (what the
  kernel spends in nbdash for one edit; the fake comm does not serialize, so the comm's own JSON
  encoding of the echo is shown apart);
* ``validate`` / ``turn``: the two halves, timed alone on the same kind of event;
* ``comm: json decode / encode``: what jupyter_client's ``json.loads`` of the page's message and
  ``json.dumps`` of the echoed patch cost around nbdash (not nbdash's code; for scale).

Target (issue 9): the kernel's part of an edit of a 10,000-row x 5-column table <= 20 ms.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import warnings
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from widget_page import Browser, close_widgets  # noqa: E402

from nbdash import Dash, Input, Output, dash_table, html  # noqa: E402
from nbdash._protocol import validate_events  # noqa: E402

warnings.simplefilter("ignore", DeprecationWarning)  # DataTable's "will be removed" notice


def table_app(rows: int, cols: int) -> Dash:
    app = Dash("table")
    data = [{"id": i, **{f"c{j}": (i * cols + j) * (1.5 if j % 2 else 1) for j in range(1, cols)}} for i in range(rows)]
    for i, row in enumerate(data):
        row["c1"] = f"row {i}"  # one text column, as real tables have
    columns = [{"name": k, "id": k, "editable": True} for k in data[0]]
    app.layout = html.Div([dash_table.DataTable(id="t", data=data, columns=columns, editable=True), html.Div(id="o")])

    @app.callback(Output("o", "children"), Input("t", "data"))
    def count(rows):  # noqa: ANN001, ANN202 - a trivial body: the cost measured is nbdash's
        return len(rows)

    return app


def edited_rows(app: Dash, k: int) -> list[dict[str, Any]]:
    """The rows as a page would send them after editing one cell: freshly parsed JSON."""
    rows = json.loads(json.dumps(app.get_props("t")["data"]))
    rows[k % len(rows)]["c1"] = f"edited {k}"
    return rows


def measure(rows: int, cols: int, rounds: int) -> dict[str, tuple[float, float]]:
    app = table_app(rows, cols)
    browser = Browser(app)
    browser.hello()
    times: dict[str, list[float]] = {"event total": [], "validate": [], "turn": [], "comm: json decode": [], "comm: json encode": []}
    seq = 0
    try:
        for k in range(rounds * 4):
            # the whole event, as the widget gets it
            seq += 1
            message = {"type": "event", "view": "v1", "seq": seq, "id": "t", "props": {"data": edited_rows(app, 2 * k)}}
            text = json.dumps(message)
            t0 = time.perf_counter()
            json.loads(text)
            times["comm: json decode"].append(time.perf_counter() - t0)
            before = len(browser.comm.sent)
            t0 = time.perf_counter()
            browser.post(message)
            times["event total"].append(time.perf_counter() - t0)
            echoed = [m for m in browser.comm.sent[before:] if m.get("type") == "patch"]
            assert echoed and echoed[-1]["changes"]["o"]["children"] == rows, echoed
            t0 = time.perf_counter()
            json.dumps(echoed[-1])
            times["comm: json encode"].append(time.perf_counter() - t0)
            # the two halves alone, on another edit
            message = {"type": "event", "id": "t", "props": {"data": edited_rows(app, 2 * k + 1)}}
            t0 = time.perf_counter()
            changes = validate_events(app.session.tree, message)
            times["validate"].append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            app._submit(lambda scheduler, c=changes: scheduler.user_change(*c[0]))
            times["turn"].append(time.perf_counter() - t0)
    finally:
        close_widgets()
        app.close()
    return {name: (statistics.median(values) * 1e3, min(values) * 1e3) for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--cols", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    figures = measure(args.rows, args.cols, args.rounds)
    print(f"DataTable {args.rows:,} rows x {args.cols} columns, one cell edited (ms)       p50      min")
    for name, (p50, low) in figures.items():
        print(f"  {name:<22} {p50:8.2f} {low:8.2f}")


if __name__ == "__main__":
    main()
