"""Click → DOM of a clientside counter in JupyterLab, next to the same counter as a server callback.

Run:  python bench/bench_clientside.py [--clicks 200] [--rounds 4]
(prints figures; it is not a test; needs /usr/bin/chromium, jupyterlab, playwright, mini-racer)

One JupyterLab server, one Chromium page, one notebook (one kernel) showing one app with two
counters: ``html.Button`` → ``html.Span`` children through ``app.clientside_callback`` (an inline
function: the page runs it, no round trip; the event still goes to the kernel with the result so
the kernel's values follow) and through an ordinary ``@app.callback`` (a comm round trip and a
kernel callback turn). Each click is timed inside the page as in ``bench_widget.py``:
``performance.now()``, ``button.click()``, a MutationObserver on the output until its text changes.
10 warm-up clicks each, then ``--clicks`` clicks per counter in ``--rounds`` alternating rounds,
pooled. Target (issue 13): clientside p50 <= 1 ms.

Also printed: websocket bytes the page receives per click (the kernel's echo patch; the clientside
counter's kernel turn still answers with its patch, which the page finds already applied), and that
the kernel ended with the page's count.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import textwrap
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "browser"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_widget import FrameCounter, interleaved, percentile  # noqa: E402
from lab_driver import LabServer, Notebook, launch_chromium  # noqa: E402

APP = textwrap.dedent("""
    from nbdash import Dash, html, Input, Output

    app = Dash(__name__)
    app.layout = html.Div([
        html.Button("client", id="cbtn"), html.Span(id="cout"),
        html.Button("server", id="sbtn"), html.Span(id="sout"),
    ])
    app.clientside_callback(
        "function(n) { return 'clicked ' + n; }", Output("cout", "children"), Input("cbtn", "n_clicks"),
        prevent_initial_call=True,
    )

    @app.callback(Output("sout", "children"), Input("sbtn", "n_clicks"), prevent_initial_call=True)
    def clicked(n):
        return f"clicked {n}"

    app
""")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clicks", type=int, default=200, help="clicks per counter")
    parser.add_argument("--rounds", type=int, default=4, help="alternating rounds the clicks are split into")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    server = LabServer().start()
    try:
        with sync_playwright() as p:
            browser = launch_chromium(p)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            dialog = page.locator(".jp-Dialog", has_text="Build Recommended")  # dash's lab extension (issue 9)
            page.add_locator_handler(dialog, lambda d: d.locator("button", has_text="Cancel").click())
            frames = FrameCounter(page)
            notebook = Notebook(server, page, "bench_clientside.ipynb").open()
            notebook.run(APP)
            page.wait_for_selector(".nbdash-root #cbtn", timeout=120_000)
            targets = [("clientside", ".nbdash-root #cbtn", ".nbdash-root #cout"),
                       ("server", ".nbdash-root #sbtn", ".nbdash-root #sout")]  # fmt: skip
            print(f"\nJupyterLab, {args.clicks} sequential clicks per counter in {args.rounds} alternating rounds, "
                  f"Chromium {browser.version}")
            print(f"{'':11} {'p50 ms':>8} {'p95 ms':>8} {'mean ms':>8} {'bytes/click':>12}")
            results = {}
            for name, (times, per_click) in interleaved(page, frames, targets, args.clicks, args.rounds).items():
                results[name] = statistics.median(times)
                print(f"{name:11} {statistics.median(times):8.2f} {percentile(times, 95):8.2f} "
                      f"{statistics.fmean(times):8.2f} {per_click:12.0f}")  # fmt: skip
            print(f"clientside p50 target: <= 1 ms -> {'met' if results['clientside'] <= 1.0 else 'NOT met'}; "
                  f"server p50 / clientside p50 = {results['server'] / max(results['clientside'], 1e-6):.0f}x")
            page.wait_for_timeout(500)
            shown = page.text_content(".nbdash-root #cout")
            kernel = str(notebook.run("print(app.get_props('cout')['children'])")[0]["text"]).strip()
            print(f"page shows {shown!r}; kernel holds {kernel!r} ({'same' if shown == kernel else 'DIFFERENT'})")
            notebook.close()
            browser.close()
    finally:
        server.stop()


if __name__ == "__main__":
    main()
