"""Component libraries in JupyterLab: bytes over the comm, time to a visible app, click latency.

Run:  python bench/bench_libraries.py [--clicks 60] [--rounds 4] [--cold 3] [--against /work/main] [--start-only]
(prints figures; it is not a test; needs /usr/bin/chromium, jupyterlab, playwright and the libraries)

1. **Bytes per library**: what the kernel sends the first time a page needs a library — its eager
   files (and `_css_dist`), plus the lazy chunks the demo apps below actually asked for (read from
   each app widget's ``_page.sent`` after it rendered), and React (+ Babel's polyfill), once per page.
2. **Cell → visible**: a DataTable + AG Grid app; from just before the cell is run to the first
   moment both a table cell and a grid cell are in the DOM, measured in the page. *Cold*: a fresh
   page and kernel (React, both bundles and their chunks cross the comm; ``--cold`` fresh pages,
   each with its own notebook); *warm*: the same cell run again on that page (everything cached on
   ``window``). The libraries are imported in an earlier cell (Python import time is not the front
   end's). Each Lab server's first page is timed but not counted: it is JupyterLab's own first load,
   and the first kernel of a fresh cache folder (the server gets its own ``XDG_CACHE_HOME``), so the
   chunks pushed with a display (nbdash/_preload.py) are not learned yet; the counted pages have
   them learned, as every kernel after a user's first has. The *milestones* of each cold run come
   from the kernel's timeline (``_page.timeline``: widget created, needs received and
   sent) and the page's ``nbdash: …`` performance marks (view render, assets received, files run,
   library components committed), on one clock. ``--against DIR`` times DIR's nbdash the same way
   on a second Lab server, alternating pages between the two (an A/B in one machine state).
   Target: ≤ 1 s.
3. **Click → DOM**: ``dbc.Button`` and native ``html.Button`` in one app, each with a callback
   writing an ``html.Div``; as bench_widget.py measures (in-page ``performance.now()``, click, a
   MutationObserver on the output), ``--clicks`` clicks each in ``--rounds`` rounds, alternating which goes first.
   Target: dbc p50 ≤ 1.1 × html p50.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import textwrap
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))
sys.path.insert(0, str(ROOT))

from lab_driver import LabServer, Notebook, launch_chromium

IMPORTS = "import dash_ag_grid as dag, dash_bootstrap_components as dbc, dash_mantine_components as dmc, dash_daq as daq, dash_cytoscape as cyto\nfrom nbdash import Dash, html, dcc, dash_table, Input, Output"

TABLE_GRID = textwrap.dedent("""
    rows = [{"city": f"City {i}", "pop": i} for i in range(50)]
    app = Dash()
    app.layout = html.Div([
        dash_table.DataTable(id="t", data=rows, columns=[{"id": "city", "name": "City"}, {"id": "pop", "name": "Pop"}], page_size=10),
        dag.AgGrid(id="g", rowData=rows, columnDefs=[{"field": "city"}, {"field": "pop"}], style={"height": 300}),
    ])
    app
""")

DEMOS = {
    "dash_bootstrap_components": 'app = Dash(); app.layout = html.Div(dbc.Card(dbc.CardBody(dbc.Button("b", id="x")))); app',
    "dash_mantine_components": 'app = Dash(); app.layout = dmc.MantineProvider(dmc.Select(id="x", data=["a", "b"])); app',
    "dash_daq": 'app = Dash(); app.layout = html.Div([daq.BooleanSwitch(id="x"), daq.Gauge(id="y", value=3)]); app',
    "dash_cytoscape": 'app = Dash(); app.layout = html.Div(cyto.Cytoscape(id="x", elements=[{"data": {"id": "a"}}], layout={"name": "grid"})); app',
}
DEMO_READY = {
    "dash_bootstrap_components": ".nbdash-root .card .btn",
    "dash_mantine_components": ".nbdash-root .mantine-Select-input",
    "dash_daq": ".nbdash-root #y svg",
    "dash_cytoscape": ".nbdash-root #x canvas",
}

SENT = "from nbdash._widget import widget_for; import json; print(json.dumps(widget_for(app)._page.sent))"

CLICKS = textwrap.dedent("""
    app = Dash()
    app.layout = html.Div([dbc.Button("dbc", id="dbc-btn"), html.Div(id="dbc-out"),
                           html.Button("html", id="html-btn"), html.Div(id="html-out")])

    @app.callback(Output("dbc-out", "children"), Input("dbc-btn", "n_clicks"))
    def dbc_clicked(n):
        return f"dbc {n}"

    @app.callback(Output("html-out", "children"), Input("html-btn", "n_clicks"))
    def html_clicked(n):
        return f"html {n}"

    app
""")

MEASURE = """async ([button, output, n]) => {
  const btn = document.querySelector(button), out = document.querySelector(output);
  const once = () => new Promise((resolve) => {
    const before = out.textContent, t0 = performance.now();
    const obs = new MutationObserver(() => {
      if (out.textContent !== before) { obs.disconnect(); resolve(performance.now() - t0); }
    });
    obs.observe(out, { childList: true, characterData: true, subtree: true });
    btn.click();
  });
  const times = [];
  for (let i = 0; i < n; i++) times.push(await once());
  return times;
}"""

WATCH_VISIBLE = """() => {
  window.__visible = new Promise((resolve) => {
    const done = () => document.querySelector('.nbdash-root #t td[data-dash-column=city]') &&
                       document.querySelector('.nbdash-root #g .ag-cell');
    const tick = () => (done() ? resolve(performance.now() - window.__t0) : requestAnimationFrame(tick));
    window.__t0 = performance.now();
    tick();
  });
}"""


def sent(notebook: Notebook) -> dict[str, int]:
    return dict(json.loads(notebook.run(SENT)[0]["text"]))


def library_of(name: str) -> str:
    if name == "react":
        return "React runtime"
    if name.startswith("library:"):
        return name.split(":", 1)[1]
    return name


CELL_START = "import time as _nb_time; _nb_cell_start = _nb_time.time()\n"
KERNEL_TIMES = ("from nbdash._widget import widget_for; import json; "
                "print(json.dumps({'cell': _nb_cell_start, 'timeline': list(getattr(widget_for(app)._page, 'timeline', []))}))")

#: the page's nbdash marks/measures and the epoch time of the cell run (t0), to align the kernel's
MARKS = """() => ({origin: performance.timeOrigin + window.__t0, entries: performance.getEntries()
  .filter(m => m.name.startsWith('nbdash: ') && m.startTime >= window.__t0)
  .map(m => [m.name.slice(8), m.startTime - window.__t0, m.duration])})"""


def visible(notebook: Notebook, run: int) -> float:
    notebook.page.evaluate(WATCH_VISIBLE.replace("#t ", f"#t{run} ").replace("#g ", f"#g{run} "))
    notebook.run(CELL_START + TABLE_GRID.replace('id="t"', f'id="t{run}"').replace('id="g"', f'id="g{run}"'))
    return float(notebook.page.evaluate("window.__visible", []))


Event = tuple[str, str, float, float]  # (where, what, ms after the cell was run, duration ms)


def timeline(notebook: Notebook, total: float) -> list[Event]:
    """The kernel's and the page's events of the last :func:`visible` run, in ms after the cell was
    run (same machine, so the kernel's ``time.time()`` and the page's epoch-based clock agree)."""
    page = notebook.page.evaluate(MARKS)
    kernel = json.loads(notebook.run(KERNEL_TIMES)[0]["text"])
    at = lambda t: t * 1000 - page["origin"]
    events: list[Event] = [("kernel", "cell starts", at(kernel["cell"]), 0.0)]
    events += [("kernel", what, at(t), 0.0) for what, t in kernel["timeline"] if at(t) >= -1]
    events += [("page", what, start, duration) for what, start, duration in page["entries"]]
    events.append(("page", "table and grid cells visible", total, 0.0))
    return sorted(events, key=lambda e: e[2])


def milestones(events: list[Event]) -> dict[str, float]:
    """When (ms after the cell was run) a cold start reached each milestone, from the merged
    timeline; a milestone a run (or an older nbdash) does not mark is left out. Spans end at
    ``start + duration`` (``library X received`` ends when its bytes arrived)."""
    def first(match: str) -> float | None:
        return next((t for _, what, t, _ in events if match in what), None)

    def latest(times: list[float]) -> float | None:
        return max(times) if times else None

    page = [(what, t, d) for w, what, t, d in events if w == "page"]
    bytes_in = [t for what, t, _ in page if what.startswith("asset ") and "chunk:" not in what]
    bytes_in += [t + d for what, t, d in page if what.startswith("library ") and what.endswith(" received")]
    chunks_in = [t for what, t, _ in page if what.startswith("asset chunk:")]
    chunks_in += [t + d for what, t, d in page if what.startswith("chunk ") and what.endswith(" received")]
    steps = {
        "cell starts in the kernel": first("cell starts"),
        "widget created (cell ran, display)": first("widget created"),
        "page: view renders (comm open, model, ESM)": first("view render"),
        "page: React + bundle bytes all arrived": latest(bytes_in),
        "page: React + bundles ran": latest([t + d for what, t, d in page if what.startswith("library ") and what.endswith(" ran")]),
        "page: chunk bytes all arrived": latest(chunks_in),
        "page: kernel's tree replaced the first": first("kernel tree shown"),
        "page: DataTable and AgGrid committed": latest([t for what, t, _ in page if what.endswith(" committed")]),
        "page: table and grid cells visible": events[-1][2],
    }
    return {name: t for name, t in steps.items() if t is not None}


def kib(n: float) -> str:
    return f"{n / 1024:,.0f} KiB"


class Variant:
    """One nbdash checkout timed by part 2: its own Lab server (kernels import nbdash from ``root``)."""

    def __init__(self, label: str, root: Path) -> None:
        self.label, self.root = label, root
        self.cold: list[float] = []
        self.warm: list[float] = []
        self.runs: list[list[Event]] = []
        self.first: float | None = None
        self.sent: dict[str, int] = {}
        saved = os.environ.get("PYTHONPATH")
        os.environ["PYTHONPATH"] = str(root)  # the server's environment, so its kernels' too
        try:
            self.server = LabServer().start()
        finally:
            if saved is None:
                os.environ.pop("PYTHONPATH", None)
            else:
                os.environ["PYTHONPATH"] = saved

    def run(self, browser: Any, i: int, *, record: bool) -> None:
        """One fresh page and notebook (own kernel): the cold time, then two warm re-runs."""
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        notebook = Notebook(self.server, page, f"cold{i}.ipynb").open()
        notebook.run(IMPORTS)
        t = visible(notebook, 0)
        if record:
            self.cold.append(t)
            self.runs.append(timeline(notebook, t))
            self.sent = sent(notebook)
            for run in range(2):
                self.warm.append(visible(notebook, run + 1))
        else:
            self.first = t
        notebook.close()
        page.close()

    def report(self) -> None:
        cold, warm, runs = self.cold, self.warm, self.runs
        print(f"\n[{self.label}] cell run -> table and grid cells visible: cold (fresh page) p50 {statistics.median(cold):.0f} ms "
              f"(runs: {', '.join(f'{t:.0f}' for t in cold)}), warm (re-run) p50 {statistics.median(warm):.0f} ms "
              f"(runs: {', '.join(f'{t:.0f}' for t in warm)}); first page of the server (not counted): {self.first:.0f} ms")  # fmt: skip
        cut = [milestones(events) for events in runs]
        print("cold start milestones, ms after the cell was run (median over the cold runs; then each run):")
        names = sorted({n for c in cut for n in c}, key=lambda n: statistics.median([c[n] for c in cut if n in c]))
        for name in names:
            values = [c[name] for c in cut if name in c]
            print(f"  {name:45} {statistics.median(values):6.0f}   ({', '.join(f'{v:.0f}' for v in values)})")
        median_run = runs[sorted(range(len(cold)), key=cold.__getitem__)[len(cold) // 2]]
        print("median cold run, timeline (ms after the cell was run; duration for spans):")
        for where, what, start, duration in median_run:
            print(f"  {start:7.0f} {f'+{duration:.0f}' if duration else '':>6}  {where:6} {what}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clicks", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--cold", type=int, default=3)
    parser.add_argument("--against", type=Path, metavar="DIR", action="append", default=[],
                        help="also time part 2 with the nbdash checkout in DIR (e.g. /work/main; repeatable), pages "
                        "alternating between them in one browser (A/B in one machine state)")  # fmt: skip
    parser.add_argument("--start-only", action="store_true", help="part 2 only")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    variants: list[Variant] = []
    try:
        variants.append(Variant("this checkout", ROOT))
        for other in args.against:
            variants.append(Variant(str(other), other.resolve()))
        server = variants[0].server
        with sync_playwright() as p:
            browser = launch_chromium(p)
            print(f"\nChromium {browser.version}, JupyterLab, DataTable (50 rows) + AG Grid app; target <= 1000 ms cold; "
                  f"load average at start {' '.join(f'{x:.2f}' for x in os.getloadavg())}")  # fmt: skip
            for v in variants:  # each server's first page (JupyterLab's own first load, nothing learned)
                v.run(browser, 0, record=False)
            for i in range(args.cold):
                for v in variants[i % len(variants):] + variants[:i % len(variants)]:  # rotating who goes first
                    v.run(browser, i + 1, record=True)
            for v in variants:
                v.report()
            print(f"load average at the end {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
            if args.start_only:
                return
            table_sent = variants[0].sent

            page = browser.new_page(viewport={"width": 1280, "height": 900})
            notebook = Notebook(server, page, "bytes.ipynb").open()
            notebook.run(IMPORTS)
            per: dict[str, dict[str, int]] = {}
            for name, size in table_sent.items():
                per.setdefault(library_of(name) if not name.startswith("chunk:") else
                               ("dash_table" if "/dash_table/" in name else "dash_ag_grid"), {})[name] = size  # fmt: skip
            for namespace, code in DEMOS.items():
                notebook.run(code)
                page.wait_for_selector(DEMO_READY[namespace], timeout=60_000, state="attached")
                page.wait_for_timeout(500)
                for name, size in sent(notebook).items():
                    if name != "react":
                        per.setdefault(namespace, {})[name] = size
            print("\nBytes sent over the comm, once per page (raw; binary buffers)")
            print(f"{'library':28} {'eager files':>12} {'chunks used':>12} {'total':>10}")
            for library, names in per.items():
                eager = sum(v for k, v in names.items() if not k.startswith("chunk:"))
                chunks = sum(v for k, v in names.items() if k.startswith("chunk:"))
                print(f"{library:28} {kib(eager):>12} {kib(chunks):>12} {kib(eager + chunks):>10}")
                for k, v in names.items():
                    if k.startswith("chunk:"):
                        print(f"{'':30}{k.rsplit('/', 1)[-1]}: {kib(v)}")

            notebook.run(CLICKS)
            page.wait_for_selector(".nbdash-root #dbc-btn.btn", state="attached")
            page.evaluate(MEASURE, ["#dbc-btn", "#dbc-out", 10])
            page.evaluate(MEASURE, ["#html-btn", "#html-out", 10])
            times: dict[str, list[float]] = {"dbc.Button": [], "html.Button": []}
            per_round = max(1, args.clicks // args.rounds)
            for i in range(args.rounds):  # alternating which goes first
                for name in (["dbc", "html"] if i % 2 == 0 else ["html", "dbc"]):
                    times[f"{name}.Button"] += page.evaluate(MEASURE, [f".nbdash-root #{name}-btn", f".nbdash-root #{name}-out", per_round])
            print(f"\nClick -> DOM, {per_round * args.rounds} clicks each in {args.rounds} alternating rounds")
            for name, values in times.items():
                values.sort()
                print(f"{name:12} p50 {statistics.median(values):6.1f} ms   p95 {values[int(len(values) * 0.95) - 1]:6.1f} ms")
            ratio = statistics.median(times["dbc.Button"]) / statistics.median(times["html.Button"])
            print(f"dbc p50 / html p50 = {ratio:.2f} (target <= 1.1)")
            notebook.close()
            browser.close()
    finally:
        for v in variants:
            v.server.stop()


if __name__ == "__main__":
    main()
