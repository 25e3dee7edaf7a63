"""Time to first app: Run All on each tutorial notebook in JupyterLab → first live app on screen, →
every app on screen.

Run:  python bench/bench_first_app.py [--rounds 2] [notebooks/01_quickstart.ipynb ...]
(prints figures; it is not a test; needs /usr/bin/chromium, jupyterlab, playwright)

Method: one JupyterLab server whose root holds copies of the tutorials, one Chromium page. For each
notebook and round: open it (its kernel started and idle, imports not yet done — as a user opening
the tutorial), clear its outputs, then inside the page ``t0 = performance.now()``, run
``notebook:run-all-cells`` and watch the notebook's DOM (MutationObserver + animation frames) for
live apps: a ``.nbdash-root`` whose ``.nbdash-app`` holds the rendered tree. Printed per notebook
(median over rounds): the first app, all apps (the number of cells ending in ``app``), and when the
kernel finished the last cell (``kernel done``), in ms from t0; and where the first app's time goes:
``first snapshot`` (its cell ran in the kernel and its outputs reached the page: kernel start-up
imports and the cells before it) and ``first view`` (the widget's front-end module loaded and its
view created); ``first`` is then its tree rendered. Each round re-opens the notebook
with a fresh kernel (``--rounds``); the page (and JupyterLab's loaded extensions) stays.

The stored static snapshots (nbdash/_snapshot.py) are cleared with the outputs; they do not count
as apps here.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from lab_driver import CHROMIUM, LabServer, launch_chromium  # noqa: E402

_RUN_ALL = """
async (expected) => {
  const app = window.jupyterapp, panel = window.__panel(), node = panel.node;
  const session = panel.sessionContext.session;
  const live = () => {
    let n = 0;
    for (const root of node.querySelectorAll('.nbdash-root')) {
      const tree = root.querySelector(':scope > .nbdash-app');
      if (tree && tree.childElementCount > 0) n += 1;
    }
    return n;
  };
  const t0 = performance.now();
  let first = null, all = null, done = null, snapshot = null, view = null;
  const seen = () => {
    const n = live();
    const now = performance.now() - t0;
    if (snapshot === null && node.querySelector('.nbdash-snapshot')) snapshot = now;
    if (view === null && node.querySelector('.nbdash-root')) view = now;
    if (n >= 1 && first === null) first = now;
    if (n >= expected && all === null) all = now;
  };
  const observer = new MutationObserver(seen);
  observer.observe(node, { childList: true, subtree: true, attributes: false });
  const running = app.commands.execute('notebook:run-all-cells').then(() => { done = performance.now() - t0; });
  const deadline = t0 + 120000;
  while ((all === null || done === null) && performance.now() < deadline) {
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    seen();
  }
  observer.disconnect();
  await running;
  return { first, all, done, snapshot, view, apps: live() };
}
"""


def app_cells(path: Path) -> int:
    nb = json.loads(path.read_text(encoding="utf-8"))
    count = 0
    for cell in nb["cells"]:
        lines = "".join(cell["source"]).rstrip().splitlines() if cell["cell_type"] == "code" else []
        if lines and lines[-1].split("#")[0].strip() == "app":
            count += 1
    return count


def open_notebook(page: Any, server: LabServer, name: str) -> None:
    page.goto(f"{server.url}/lab/tree/{name}?reset")
    page.wait_for_function("() => !!window.jupyterapp", timeout=90_000)
    page.evaluate(
        """(n) => { window.__panel = () => { for (const w of window.jupyterapp.shell.widgets('main'))
                                   if (w.context && w.context.path === n) return w; }; }""",
        name,
    )
    page.wait_for_function(
        """() => { const w = window.__panel && window.__panel();
            const k = w && w.sessionContext.session && w.sessionContext.session.kernel;
            return k && k.status === 'idle' && k.connectionStatus === 'connected'; }""",
        timeout=90_000,
    )
    page.evaluate("async () => { await window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs'); }")


def close_notebook(page: Any, server: LabServer) -> None:
    kernel_id = page.evaluate(
        "() => { const w = window.__panel && window.__panel(); const s = w && w.sessionContext.session;"
        " return s && s.kernel ? s.kernel.id : null; }"
    )
    page.evaluate("async () => { const w = window.__panel(); await w.context.revert(); }")
    if kernel_id:
        server.api("DELETE", f"/api/kernels/{kernel_id}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} not found", file=sys.stderr)
        return 1
    paths = [p.resolve() for p in args.notebooks] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    from playwright.sync_api import sync_playwright

    server = LabServer()
    for path in paths:
        shutil.copy(path, server.root / path.name)
    server.start()
    rows = []
    try:
        with sync_playwright() as p:
            browser = launch_chromium(p)
            page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
            page.set_default_timeout(150_000)
            for path in paths:
                expected = app_cells(path)
                results = []
                for _ in range(args.rounds):
                    open_notebook(page, server, path.name)
                    results.append(page.evaluate(_RUN_ALL, expected))
                    close_notebook(page, server)
                    time.sleep(0.5)

                def med(key: str, rs: list[dict[str, Any]] = results) -> str:
                    values = [r[key] for r in rs if r[key] is not None]
                    return f"{statistics.median(values):7.0f}" if len(values) == len(rs) else "    n/a"

                rows.append((path.stem, expected, med("first"), med("all"), med("done"), [r["apps"] for r in results]))
                print(f"{path.stem:24} apps {expected:2}  first {med('first')} ms  all {med('all')} ms  "
                      f"kernel done {med('done')} ms | first snapshot {med('snapshot')} ms, first view {med('view')} ms "
                      f"(apps seen {[r['apps'] for r in results]})", flush=True)
            browser.close()
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
