"""Click → DOM latency of nbdash in a real JupyterLab, next to a bare anywidget echo (the floor).

Run:  python bench/bench_widget.py [--clicks 100] [--nodelay] [--both] [--components 5000]
(prints figures; it is not a test; needs /usr/bin/chromium, jupyterlab and playwright)

Method (jupyter-facts §3): one JupyterLab server, one Chromium page, one notebook (one kernel)
holding both apps. Inside the page: ``t0 = performance.now()``, ``button.click()``, then await a
MutationObserver on the output element until its text changes; 10 warm-up clicks, then ``--clicks``
clicks in a row, so Playwright's own overhead is not counted.

* **echo**: an anywidget whose button sends ``{n}`` as a custom message and whose kernel handler
  sends ``{n}`` straight back; the ESM writes it into a span. The least any comm round trip costs.
* **nbdash**: ``html.Button`` → callback → ``html.Span`` children, i.e. event validation, one
  callback turn, the patch, and the renderer applying it.

Also printed: websocket bytes received per click (the reply frames: status busy/idle + the comm
message), and the time from running a cell with a ``--components``-element layout until all of it
is in the DOM. ``--nodelay`` starts the server with TCP_NODELAY on kernel websockets (what issue 3's
server extension will do); ``--both`` measures stock and NODELAY servers one after the other.
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

from lab_driver import CHROMIUM, NODELAY_CONFIG, LabServer, Notebook, launch_chromium

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


def big_layout(notebook: Notebook, components: int) -> float:
    page = notebook.page
    start = time.perf_counter()
    notebook.run(BIG.format(n=components))
    page.wait_for_function(f"() => document.querySelectorAll('#big-root > .big-item').length === {components}",
                           timeout=120_000)  # fmt: skip
    return time.perf_counter() - start


def run(*, nodelay: bool, n: int, components: int) -> None:
    from playwright.sync_api import sync_playwright

    server = LabServer(server_config=NODELAY_CONFIG if nodelay else "").start()
    try:
        with sync_playwright() as p:
            browser = launch_chromium(p)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            frames = FrameCounter(page)
            notebook = Notebook(server, page, "bench.ipynb").open()
            notebook.run(ECHO)
            notebook.run(APP)
            page.wait_for_selector(".echo-root .echo-btn")
            page.wait_for_selector(".nbdash-root #btn")
            label = "TCP_NODELAY" if nodelay else "stock server"
            print(f"\nJupyterLab ({label}), {n} sequential clicks after 10 warm-up, Chromium {browser.version}")
            print(f"{'':8} {'p50 ms':>8} {'p95 ms':>8} {'mean ms':>8} {'bytes/click':>12}")
            results = {}
            for name, button, output in [("echo", ".echo-root .echo-btn", ".echo-root .echo-out"),
                                         ("nbdash", ".nbdash-root #btn", ".nbdash-root #out")]:  # fmt: skip
                times, per_click = clicks(page, frames, button, output, n)
                results[name] = times
                print(f"{name:8} {statistics.median(times):8.1f} {percentile(times, 95):8.1f} "
                      f"{statistics.fmean(times):8.1f} {per_click:12.0f}")  # fmt: skip
            ratio = statistics.median(results["nbdash"]) / statistics.median(results["echo"])
            print(f"nbdash p50 / echo p50 = {ratio:.2f} (issue 3 target: <= 1.2)")
            if components:
                seconds = big_layout(notebook, components)
                print(f"{components:,}-component layout: cell run → all in the DOM in {seconds:.2f} s (target <= 1 s)")
            notebook.close()
            browser.close()
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clicks", type=int, default=100)
    parser.add_argument("--nodelay", action="store_true", help="server with TCP_NODELAY on kernel websockets")
    parser.add_argument("--both", action="store_true", help="stock server, then TCP_NODELAY")
    parser.add_argument("--components", type=int, default=5000, help="size of the big-layout test (0: skip)")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        sys.exit(f"{CHROMIUM} not found: apt-get install -y chromium")
    for nodelay in ([False, True] if args.both else [args.nodelay]):
        run(nodelay=nodelay, n=args.clicks, components=args.components)


if __name__ == "__main__":
    main()
