"""Click → DOM latency of nbdash in real Jupyter front ends, next to a bare anywidget echo (the floor).

Run:  python bench/bench_widget.py [--clicks 100] [--rounds 4] [--where lab,voila,notebook]
                                   [--nodelay on,off] [--components 5000]
(prints figures; it is not a test; needs /usr/bin/chromium, jupyterlab, voila, notebook, playwright)

Method (jupyter-facts §3): one server (JupyterLab, Notebook 7 or standalone Voila), one Chromium
page, one notebook (one kernel) holding both apps. Inside the page: ``t0 = performance.now()``,
``button.click()``, then await a MutationObserver on the output element until its text changes, so
Playwright's own overhead is not counted. 10 warm-up clicks each, then ``--clicks`` clicks per app
in ``--rounds`` alternating rounds (echo, nbdash, echo, nbdash...), pooled: a machine whose load
drifts during the run affects both alike.

* **echo**: an anywidget whose button sends ``{n}`` as a custom message and whose kernel handler
  sends ``{n}`` straight back; the ESM writes it into a span. The least any comm round trip costs.
* **nbdash**: ``html.Button`` → callback → ``html.Span`` children, i.e. event validation, one
  callback turn, the patch, and the renderer applying it.

Also printed: websocket bytes received per click (the reply frames: status busy/idle + the comm
message), and (JupyterLab / Notebook 7) the time from running a cell with a ``--components``-element
layout until all of it is in the DOM.

``--nodelay on`` is a server with nbdash's server extension as ``pip install nbdash`` enables it
(TCP_NODELAY on kernel websockets, ``nbdash/_server_extension.py``); ``off`` is the same server
started with ``--NbdashServer.tcp_nodelay=False``, i.e. stock jupyter_server sockets.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "browser"))

from lab_driver import CHROMIUM, LabServer, Notebook, VoilaServer, launch_chromium

ECHO = textwrap.dedent('''
    import anywidget, traitlets

    class Echo(anywidget.AnyWidget):
        _esm = """
        export default { render({ model, el }) {
          const root = document.createElement("div"); root.className = "echo-root";
          const b = document.createElement("button"); b.className = "echo-btn"; b.textContent = "echo";
          const s = document.createElement("span"); s.className = "echo-out"; s.textContent = "0";
          let n = 0;
          b.addEventListener("click", () => model.send({ n: ++n }));
          const on = (msg) => { s.textContent = String(msg.n); };
          model.on("msg:custom", on);
          root.append(b, s); el.append(root);
          return () => model.off("msg:custom", on);
        } };
        """

        def __init__(self):
            super().__init__()
            self.on_msg(lambda w, content, buffers: self.send({"n": content["n"]}))

    echo = Echo()
    echo
''')

APP = textwrap.dedent("""
    from nbdash import Dash, html, Input, Output, callback

    app = Dash(__name__)
    app.layout = html.Div([html.Button("Go", id="btn"), html.Span(id="out")])

    @callback(Output("out", "children"), Input("btn", "n_clicks"))
    def clicked(n):
        return f"clicked {n}"

    app
""")

BIG = textwrap.dedent("""
    from nbdash import Dash, html
    big = Dash("big")
    big.layout = html.Div([html.Div(f"item {{i}}", className="big-item") for i in range({n})], id="big-root")
    big
""")

MEASURE = """async ([button, output, warmup, n]) => {
  const btn = document.querySelector(button), out = document.querySelector(output);
  const once = () => new Promise((resolve) => {
    const before = out.textContent, t0 = performance.now();
    const obs = new MutationObserver(() => {
      if (out.textContent !== before) { obs.disconnect(); resolve(performance.now() - t0); }
    });
    obs.observe(out, { childList: true, characterData: true, subtree: true });
    btn.click();
  });
  for (let i = 0; i < warmup; i++) await once();
  const times = [];
  for (let i = 0; i < n; i++) times.push(await once());
  return times;
}"""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))]


class FrameCounter:
    """Bytes of websocket frames the page receives (kernel → browser)."""

    def __init__(self, page: Any) -> None:
        self.bytes = 0
        page.on("websocket", self._attach)

    def _attach(self, ws: Any) -> None:
        ws.on("framereceived", lambda payload: self._count(payload))

    def _count(self, payload: Any) -> None:
        self.bytes += len(payload) if isinstance(payload, (bytes, str)) else 0


def clicks(page: Any, frames: FrameCounter, button: str, output: str, n: int) -> tuple[list[float], float]:
    page.evaluate(MEASURE, [button, output, 10, 0])
    before = frames.bytes
    times: list[float] = page.evaluate(MEASURE, [button, output, 0, n])
    page.wait_for_timeout(300)  # let the trailing status-idle frames arrive
    return times, (frames.bytes - before) / n


def interleaved(page: Any, frames: FrameCounter, targets: list[tuple[str, str, str]], n: int,
                rounds: int) -> dict[str, tuple[list[float], float]]:  # fmt: skip
    """``n`` clicks per target in ``rounds`` alternating rounds: name → (times, bytes per click)."""
    pooled: dict[str, tuple[list[float], float]] = {name: ([], 0.0) for name, _, _ in targets}
    per_round = max(1, n // rounds)
    for _ in range(rounds):
        for name, button, output in targets:
            times, per_click = clicks(page, frames, button, output, per_round)
            pooled[name] = (pooled[name][0] + times, pooled[name][1] + per_click / rounds)
    return pooled


def big_layout(notebook: Notebook, components: int) -> float:
    page = notebook.page
    start = time.perf_counter()
    notebook.run(BIG.format(n=components))
    page.wait_for_function(f"() => document.querySelectorAll('#big-root > .big-item').length === {components}",
                           timeout=120_000)  # fmt: skip
    return time.perf_counter() - start


FRONT_ENDS = {"lab": "JupyterLab", "notebook": "Notebook 7", "voila": "Voila"}


def run(*, where: str, nodelay: bool, n: int, components: int, rounds: int = 4) -> dict[str, float]:
    """Measure one front end with the extension on or off; print a table; return p50s by name."""
    from playwright.sync_api import sync_playwright

    server: LabServer | VoilaServer
    if where == "voila":
        server = VoilaServer(nodelay=nodelay).write(ECHO, APP).start()
    else:
        server = LabServer(where, nodelay=nodelay).start()
    try:
        with sync_playwright() as p:
            browser = launch_chromium(p)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            frames = FrameCounter(page)
            notebook = None
            if where == "voila":
                page.goto(server.url + "/", timeout=120_000)
            else:
                notebook = Notebook(server, page, "bench.ipynb").open()  # type: ignore[arg-type]
                notebook.run(ECHO)
                notebook.run(APP)
            page.wait_for_selector(".echo-root .echo-btn", timeout=120_000)
            page.wait_for_selector(".nbdash-root #btn", timeout=120_000)
            label = "extension on: TCP_NODELAY" if nodelay else "extension off: stock sockets"
            print(f"\n{FRONT_ENDS[where]} ({label}), {n} sequential clicks per app in {rounds} alternating rounds, "
                  f"Chromium {browser.version}")
            print(f"{'':8} {'p50 ms':>8} {'p95 ms':>8} {'mean ms':>8} {'bytes/click':>12}")
            results = {}
            targets = [("echo", ".echo-root .echo-btn", ".echo-root .echo-out"),
                       ("nbdash", ".nbdash-root #btn", ".nbdash-root #out")]  # fmt: skip
            for name, (times, per_click) in interleaved(page, frames, targets, n, rounds).items():
                results[name] = statistics.median(times)
                print(f"{name:8} {statistics.median(times):8.1f} {percentile(times, 95):8.1f} "
                      f"{statistics.fmean(times):8.1f} {per_click:12.0f}")  # fmt: skip
            ratio = results["nbdash"] / results["echo"]
            print(f"nbdash p50 / echo p50 = {ratio:.2f} (issue 3 target: <= 1.2)")
            if components and notebook is not None:
                seconds = big_layout(notebook, components)
                print(f"{components:,}-component layout: cell run → all in the DOM in {seconds:.2f} s (target <= 1 s)")
            if notebook is not None:
                notebook.close()
            browser.close()
        return results
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clicks", type=int, default=100, help="clicks per app (at least 100 for the issue's figures)")
    parser.add_argument("--rounds", type=int, default=4, help="alternating rounds the clicks are split into")
    parser.add_argument("--where", default="lab,voila", help="comma-separated: lab, notebook, voila")
    parser.add_argument("--nodelay", default="on,off", help="comma-separated: on (extension on), off")
    parser.add_argument("--components", type=int, default=5000, help="size of the big-layout test (0: skip)")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        sys.exit(f"{CHROMIUM} not found: apt-get install -y chromium")
    summary = []
    for where in args.where.split(","):
        if where not in FRONT_ENDS:
            sys.exit(f"--where: unknown front end {where!r}; choose from {', '.join(FRONT_ENDS)}")
        for setting in args.nodelay.split(","):
            if setting not in ("on", "off"):
                sys.exit(f"--nodelay: {setting!r} is neither 'on' nor 'off'")
            p50 = run(where=where, nodelay=setting == "on", n=args.clicks, components=args.components, rounds=args.rounds)
            summary.append((FRONT_ENDS[where], setting, p50["echo"], p50["nbdash"]))
    print(f"\n{'front end':12} {'extension':>9} {'echo p50':>9} {'nbdash p50':>11} {'ratio':>6}")
    for front_end, setting, echo, nbdash in summary:
        print(f"{front_end:12} {setting:>9} {echo:9.1f} {nbdash:11.1f} {nbdash / echo:6.2f}")


if __name__ == "__main__":
    main()
