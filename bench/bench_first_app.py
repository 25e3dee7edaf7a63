"""Time to first app: Run All on each tutorial notebook in JupyterLab → first live app on screen, →
every app on screen, with where the first app's time goes.

Run:  python bench/bench_first_app.py [--rounds 3] [--against DIR] [--no-compile] [notebooks/01_quickstart.ipynb ...]
(prints figures; it is not a test; needs /usr/bin/chromium, jupyterlab, playwright)

Method: one JupyterLab server whose root holds copies of the tutorials, one Chromium page. For each
notebook and round: open it and wait until its kernel is started and idle (kernel start-up is not
counted: this is Run All on a running kernel that has imported nothing yet, as a user opening the
tutorial), clear its outputs, then inside the page ``t0 = performance.now()``, run
``notebook:run-all-cells`` and watch the notebook's DOM (MutationObserver + animation frames) for
live apps: a ``.nbdash-root`` whose ``.nbdash-app`` holds the rendered tree (the apps expected: the
cells whose stored outputs show one). Each round re-opens the
notebook with a fresh kernel; the page (and JupyterLab's loaded extensions) stays.

Printed per notebook (median over rounds, ms from t0): ``first`` app, ``all`` apps (the number of
cells ending in ``app``), ``done`` (the kernel finished the last cell), then the first app's phases:

* ``cell@``   its cell started in the kernel (the cells before it ran: the tutorial's own imports);
* ``kernel``  how long the kernel took to run that cell (import nbdash, anywidget, building and
  displaying the app), from the kernel's own message timestamps (execute_input → status idle);
* ``comm sent@`` the kernel sent the widget's comm_open (its timestamp), ``recv@`` its frame reached
  the page; ``esm@`` anywidget started loading the widget's ES module (a Blob URL made for it);
  ``handled@`` JupyterLab's kernel connection finished handling it (messages are handled one after
  the other: the widget manager creating the model); ``display recv@`` / ``handled@`` the same for
  the output holding the widget's view;
  ``view@`` the view's root is in the DOM; then ``first`` (the tree rendered).

``--against DIR`` starts a second server whose kernels (and server extension) import nbdash from
DIR (e.g. a copy of main: ``git -C /work/main archive HEAD | tar -x -C /tmp/main``) and alternates
rounds between the two, so both rows come from the same minutes of machine load; the load average is
printed with the rows. Before measuring, each checkout's ``nbdash`` is byte-compiled (what an
installed package has, and what Python writes on first import unless PYTHONDONTWRITEBYTECODE is set);
``--no-compile`` leaves that out: kernels use whatever ``nbdash/__pycache__`` holds (with none, and
PYTHONDONTWRITEBYTECODE set, as in some CI and sandbox set-ups, every kernel compiles nbdash's
sources: ~125 ms more CPU for ``import nbdash`` and its widget modules, 150–190 ms instead of ~35).
The widget module's own cost is printed once per checkout: compiling and evaluating
``nbdash/static/widget.js`` in the page (imported from a Blob URL as anywidget does, median of 5).

The stored static snapshots (nbdash/_snapshot.py) are cleared with the outputs; they do not count
as apps here.
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import json
import os
import shutil
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from lab_driver import CHROMIUM, LabServer, launch_chromium  # noqa: E402

_RUN_ALL = """
async (expected) => {
  const app = window.jupyterapp, panel = window.__panel(), node = panel.node;
  const kernel = panel.sessionContext.session.kernel;
  const live = () => {
    let n = 0;
    for (const root of node.querySelectorAll('.nbdash-root')) {
      const tree = root.querySelector(':scope > .nbdash-app');
      if (tree && tree.childElementCount > 0) n += 1;
    }
    return n;
  };
  const t0 = performance.now();
  const since = () => performance.now() - t0;
  // the kernel's timestamps (its clock = this machine's clock) in ms since t0
  const kernelTime = (msg) => Date.parse(msg.header.date) - performance.timeOrigin - t0;
  let first = null, all = null, done = null, view = null, esm = null, comm = null, commSent = null, commRecv = null, display = null, displayRecv = null, appParent = null;
  const cells = new Map();  // execute request id -> {start, end} (kernel clock)
  const onIopub = (_, msg) => {
    const type = msg.header.msg_type, parent = msg.parent_header && msg.parent_header.msg_id;
    if (type === 'execute_input') cells.set(parent, { start: kernelTime(msg), end: null });
    else if (type === 'status' && msg.content.execution_state === 'idle' && cells.has(parent)) cells.get(parent).end = kernelTime(msg);
    else if (type === 'comm_open' && comm === null && msg.content.data && msg.content.data.state && msg.content.data.state._esm) {
      comm = since(); commSent = kernelTime(msg); commRecv = arrived.get(msg.header.msg_id); appParent = parent;
    } else if ((type === 'display_data' || type === 'execute_result') && display === null && parent === appParent
               && msg.content.data && msg.content.data['application/vnd.jupyter.widget-view+json']) {
      display = since(); displayRecv = arrived.get(msg.header.msg_id);
    }
  };
  kernel.iopubMessage.connect(onIopub);
  // when frames arrive (anyMessage: on receipt; iopubMessage: after the kernel connection's serial
  // message chain handled them, e.g. after the widget manager created the comm's model)
  const arrived = new Map();  // msg id -> ms since t0
  const onAny = (_, { msg, direction }) => { if (direction === 'recv') arrived.set(msg.header.msg_id, since()); };
  kernel.anyMessage.connect(onAny);
  const createObjectURL = URL.createObjectURL;
  URL.createObjectURL = function (object) {
    if (esm === null && object instanceof Blob && /javascript/.test(object.type)) esm = since();
    return createObjectURL.call(this, object);
  };
  const seen = () => {
    const n = live();
    const now = since();
    if (view === null && node.querySelector('.nbdash-root')) view = now;
    if (n >= 1 && first === null) first = now;
    if (n >= expected && all === null) all = now;
  };
  const observer = new MutationObserver(seen);
  observer.observe(node, { childList: true, subtree: true, attributes: false });
  const running = app.commands.execute('notebook:run-all-cells').then(() => { done = since(); });
  const deadline = t0 + 120000;
  try {
    while ((all === null || done === null) && performance.now() < deadline) {
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      seen();
    }
    await running;
  } finally {
    observer.disconnect();
    URL.createObjectURL = createObjectURL;
    kernel.iopubMessage.disconnect(onIopub);
    kernel.anyMessage.disconnect(onAny);
  }
  const cell = cells.get(appParent) || { start: null, end: null };
  return { first, all, done, view, esm, comm_sent: commSent, comm_recv: commRecv, comm, display_recv: displayRecv, display, cell_start: cell.start,
           kernel: cell.start !== null && cell.end !== null ? cell.end - cell.start : null, apps: live() };
}
"""

_ESM_COST = """
async (text) => {
  const times = [];
  for (let i = 0; i < 5; i++) {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/javascript' }));
    const t = performance.now();
    await import(url);
    times.push(performance.now() - t);
    URL.revokeObjectURL(url);
  }
  times.sort((a, b) => a - b);
  return times[2];
}
"""

#: the printed phases, in order (keys of _RUN_ALL's result), and their labels
_LABELS = {"cell_start": "cell@", "kernel": "kernel", "comm_sent": "comm sent@", "comm_recv": "recv@", "comm": "handled@",
           "display_recv": "display recv@", "display": "handled@"}
PHASES = ["cell_start", "kernel", "comm_sent", "comm_recv", "esm", "comm", "display_recv", "display", "view"]


def app_cells(path: Path) -> int:
    """The number of cells showing an app: their stored outputs hold an app's snapshot (or widget
    view); in a notebook saved without outputs, the cells whose last line is a bare name ending in
    ``app`` (``app``, ``grid_app``)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = [cell for cell in nb["cells"] if cell["cell_type"] == "code"]

    def shows_app(output: dict[str, Any]) -> bool:
        data = output.get("data", {})
        return "application/vnd.jupyter.widget-view+json" in data or "nbdash-snapshot" in "".join(data.get("text/html", ""))

    if any(cell.get("outputs") for cell in code):
        return sum(1 for cell in code if any(shows_app(o) for o in cell.get("outputs", [])))
    count = 0
    for cell in code:
        lines = "".join(cell["source"]).rstrip().splitlines()
        last = lines[-1].split("#")[0].strip() if lines else ""
        count += last.isidentifier() and last.endswith("app")
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


def load() -> str:
    return "load {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


@contextlib.contextmanager
def server_for(checkout: Path, notebooks: list[Path]) -> Iterator[LabServer]:
    """A JupyterLab server whose kernels import nbdash from ``checkout``."""
    server = LabServer()
    for path in notebooks:
        shutil.copy(path, server.root / path.name)
    saved = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = str(checkout) + ("" if saved is None else os.pathsep + saved)
    try:
        server.start()
    finally:
        if saved is None:
            os.environ.pop("PYTHONPATH")
        else:
            os.environ["PYTHONPATH"] = saved
    try:
        yield server
    finally:
        server.stop()


def median(results: list[dict[str, Any]], key: str) -> str:
    values = [r[key] for r in results if r.get(key) is not None]
    return f"{statistics.median(values):5.0f}" if len(values) == len(results) else "  n/a"


def row(label: str, expected: int, results: list[dict[str, Any]]) -> str:
    phases = "  ".join(f"{_LABELS.get(name, name + '@')} {median(results, name)}" for name in PHASES)
    return (f"{label:34} apps {expected:2}  first {median(results, 'first')}  all {median(results, 'all')}  "
            f"done {median(results, 'done')} | {phases} (apps seen {[r['apps'] for r in results]})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--against", type=Path, help="a second nbdash checkout, measured alternately")
    parser.add_argument("--no-compile", action="store_true", help="do not byte-compile nbdash first")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} not found", file=sys.stderr)
        return 1
    paths = [p.resolve() for p in args.notebooks] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    checkouts = {ROOT.name: ROOT} | ({f"{args.against.resolve().name} (against)": args.against.resolve()} if args.against else {})
    for checkout in checkouts.values():
        if not (checkout / "nbdash" / "__init__.py").exists():
            print(f"{checkout} holds no nbdash package", file=sys.stderr)
            return 1
        if not args.no_compile:
            compileall.compile_dir(str(checkout / "nbdash"), quiet=1)
    from playwright.sync_api import sync_playwright

    print(f"ms from Run All; median of {args.rounds} rounds; {'nbdash byte-compiled' if not args.no_compile else 'nbdash as found (no byte-compiling)'}; {load()}")
    with contextlib.ExitStack() as stack:
        servers = {label: stack.enter_context(server_for(checkout, paths)) for label, checkout in checkouts.items()}
        with sync_playwright() as p:
            browser = launch_chromium(p)
            page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
            page.set_default_timeout(150_000)
            for path in paths:
                expected = app_cells(path)
                results: dict[str, list[dict[str, Any]]] = {label: [] for label in servers}
                for _ in range(args.rounds):
                    for label, server in servers.items():
                        open_notebook(page, server, path.name)
                        results[label].append(page.evaluate(_RUN_ALL, expected))
                        close_notebook(page, server)
                        time.sleep(0.5)
                for label in servers:
                    print(row(f"{path.stem} [{label}]", expected, results[label]), flush=True)
                print(f"  {load()}", flush=True)
            for label, checkout in checkouts.items():
                cost = page.evaluate(_ESM_COST, (checkout / "nbdash" / "static" / "widget.js").read_text(encoding="utf-8"))
                size = (checkout / "nbdash" / "static" / "widget.js").stat().st_size
                print(f"widget.js [{label}]: {size} bytes, compile + evaluate in the page {cost:.1f} ms")
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
