"""What re-running an app cell leaves behind in a real kernel (issue 11 §5).

Run:  python bench/bench_rerun.py [--runs 100] [--compare /path/to/another/nbdash/checkout]
(prints figures; it is not a test — tests/test_kernel.py asserts the counts stay flat)

Method: one ipykernel (jupyter_client, ``tests/kernel_session.py``) with the checkout first on
``PYTHONPATH``; the same app cell (a layout and one callback) is executed ``--runs`` times with the
same ``cellId`` metadata, as JupyterLab sends a re-run, once ending in ``app`` (IPython keeps every
value in ``Out[]``) and once in ``app.run()``. After the first run and after the last, the kernel
reports: open comms (the comm manager), live ``Dash`` objects and those with a session (running),
nbdash widgets with an open comm, threads, and peak RSS. ``--compare`` runs the same in another
checkout (e.g. an older commit) for a before/after table.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from kernel_session import COUNTS, Kernel  # noqa: E402

CELL = """
from nbdash import Dash, html, dcc, Input, Output
app = Dash(__name__)
app.layout = html.Div([dcc.Input(id="i", value="a"), html.Div(id="o")])

@app.callback(Output("o", "children"), Input("i", "value"))
def echo(v):
    return v
"""
KEYS = ("comms", "apps", "running_apps", "open_widgets", "threads", "rss_kb")


def measure(checkout: Path, runs: int) -> dict[str, tuple[dict[str, int], dict[str, int]]]:
    results = {}
    with Kernel(checkout) as kernel:
        kernel.run(COUNTS)
        for last in ("app", "app.run()"):
            cell = f"bench-{last}"
            kernel.run(CELL + last, cell=cell)
            one = kernel.value("_nbdash_counts()")
            for _ in range(runs - 1):
                kernel.run(CELL + last, cell=cell)
            results[last] = (one, kernel.value("_nbdash_counts()"))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--compare", type=Path, help="another nbdash checkout to measure the same way")
    args = parser.parse_args()
    checkouts = [("this checkout", ROOT)] + ([("compare", args.compare.resolve())] if args.compare else [])
    for label, checkout in checkouts:
        started = time.perf_counter()
        results = measure(checkout, args.runs)
        print(f"\n{label}: {checkout}  ({args.runs} runs of one cell, {time.perf_counter() - started:.1f} s)")
        print(f"{'last line':<11} {'':>6} " + " ".join(f"{k:>12}" for k in KEYS))
        for last, (one, many) in results.items():
            print(f"{last:<11} {'1 run':>6} " + " ".join(f"{one[k]:>12}" for k in KEYS))
            print(f"{'':<11} {f'{args.runs} runs':>6} " + " ".join(f"{many[k]:>12}" for k in KEYS))
            print(f"{'':<11} {'leak':>6} " + " ".join(f"{many[k] - one[k]:>+12}" for k in KEYS))


if __name__ == "__main__":
    main()
