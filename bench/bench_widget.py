"""Click → DOM latency of nbdash in real Jupyter front ends, next to a bare anywidget echo (the floor).

Run:  python bench/bench_widget.py [--clicks 100] [--rounds 4] [--where lab,voila,notebook]
                                   [--extension shipped,nodelay,off] [--components 5000] [--breakdown]
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

``--extension`` picks the server set-up (``nbdash/_server_extension.py``): ``shipped`` is nbdash's
server extension as ``pip install nbdash`` enables it (TCP_NODELAY on kernel websockets, and
``comm_msg`` in the page config's ``untracked_message_types`` so JupyterLab / Notebook 7 skip the
busy/idle status around each widget message); ``nodelay`` keeps TCP_NODELAY but switches the status
skipping off (``--NbdashServer.skip_comm_status=False``); ``off`` switches both off, i.e. a stock
jupyter_server (Voila has no page config to change: ``nodelay`` and ``shipped`` are the same there).

``--breakdown`` splits each click into stages instead (docs/performance.md): the page records every
kernel websocket frame (an init script wrapping ``WebSocket``: send time, time the message event
reaches JavaScript, time the front end's own handler and its microtasks finished) and each
``msg:custom`` dispatch on the two widget models; the server's config file patches jupyter_server's
websocket connection to log wall-clock times of each message in and out; the kernel's times are
the ``date`` of its message headers. Printed per app: stage p50/p95 on the page clock alone and
across page + server + kernel (wall clock), and the bytes of one click: (a) the custom-message
content (what nbdash sends), the comm_msg content part, (b) the websocket frame carrying the
comm_msg, (c) every frame of the exchange (click up; busy, comm_msg, idle down).

"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from typing import Any, ClassVar

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "browser"))

from lab_driver import CHROMIUM, LabServer, Notebook, VoilaServer, launch_chromium

ECHO = textwrap.dedent('''
    import anywidget, traitlets

    class Echo(anywidget.AnyWidget):
        ids = traitlets.Dict().tag(sync=True)  # --breakdown: model ids of both apps
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
          globalThis.__nbdashBenchEcho = model;  // --breakdown reaches the widget manager through it
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


IDS = textwrap.dedent("""
    from nbdash._widget import widget_for
    echo.ids = {"echo": echo.model_id, "nbdash": widget_for(app).model_id}
""")

# --breakdown: timestamps from three places on one click.
#
# Server (jupyter_server's kernel websocket connection, patched through the server's config file):
# wall-clock time a message from the browser is handed on to the kernel, and each kernel message
# is written to the websocket. Line format: ``in t_start t_end type msg_id - subprotocol`` and
# ``out t_start t_end type msg_id parent_id channel``.
SERVER_HOOK = """
import json as _json, struct as _struct, time as _time
from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection as _C
_LOG = open({path!r}, "a", buffering=1)
_in, _out = _C.handle_incoming_message, _C._on_zmq_reply
def _header(self, m):
    try:
        if self.subprotocol == "v1.kernel.websocket.jupyter.org":
            n = _struct.unpack_from("<Q", m, 0)[0]
            off = _struct.unpack_from("<%dQ" % n, m, 8)
            return _json.loads(m[off[1]:off[2]])
        return _json.loads(m)["header"]
    except Exception:
        return {{}}
def _in_hook(self, m):
    t = _time.time()
    _in(self, m)
    h = _header(self, m)
    _LOG.write(f"in {{t:.6f}} {{_time.time():.6f}} {{h.get('msg_type')}} {{h.get('msg_id')}} - {{self.subprotocol}}\\n")
def _out_hook(self, stream, msg_list):
    t = _time.time()
    _out(self, stream, msg_list)
    try:
        h, p = _json.loads(msg_list[0]), _json.loads(msg_list[1])
    except Exception:
        h, p = {{}}, {{}}
    _LOG.write(f"out {{t:.6f}} {{_time.time():.6f}} {{h.get('msg_type')}} {{h.get('msg_id')}} {{p.get('msg_id')}} {{getattr(stream, 'channel', None)}}\\n")
_C.handle_incoming_message = _in_hook
_C._on_zmq_reply = _out_hook
"""

# Page (an init script, before the front end's own code): every kernel websocket frame, decoded
# (JSON or the v1 binary framing) — sent: when ``send`` was called; received: ``th`` when the
# message event reaches JavaScript (our listener runs first), ``tend`` after the front end's own
# ``onmessage`` handler and the microtasks it queued returned.
PAGE_PROBE = r"""
(() => {
  const log = window.__nbdashWs = [];
  const text = new TextDecoder();
  const decode = (data) => {
    try {
      if (typeof data === "string") {
        const m = JSON.parse(data);
        return { ch: m.channel, h: m.header, p: m.parent_header, size: new TextEncoder().encode(data).length,
                 content: m.header.msg_type === "comm_msg" ? JSON.stringify(m.content) : null };
      }
      const buf = data instanceof ArrayBuffer ? data : data.buffer;
      const dv = new DataView(buf), n = Number(dv.getBigUint64(0, true)), off = [];
      for (let i = 0; i < n; i++) off.push(Number(dv.getBigUint64(8 + 8 * i, true)));
      const part = (k) => text.decode(new Uint8Array(buf, off[k], off[k + 1] - off[k]));
      const h = JSON.parse(part(1));
      return { ch: part(0), h, p: JSON.parse(part(2)), size: buf.byteLength,
               content: h.msg_type === "comm_msg" ? part(4) : null };
    } catch (e) { return { ch: null, h: {}, p: {}, size: 0, content: null }; }
  };
  const record = (d, m, extra) => log.push({ d, ch: m.ch, type: m.h.msg_type, id: m.h.msg_id, date: m.h.date,
    parent: m.p && m.p.msg_id, size: m.size, content: m.content, ...extra });
  const Base = window.WebSocket;
  class Probed extends Base {
    constructor(...args) {
      super(...args);
      this.__kernel = String(args[0]).includes("/channels");
      if (!this.__kernel) return;
      this.addEventListener("message", (e) => {
        const th = performance.now();
        record("in", decode(e.data), { th });
        this.__last = log[log.length - 1];
      });
    }
    set onmessage(fn) {
      super.onmessage = fn;
      if (this.__kernel && !this.__after) {
        this.__after = true;
        this.addEventListener("message", () => { if (this.__last) this.__last.tend = performance.now(); });
      }
    }
    get onmessage() { return super.onmessage; }
    send(data) {
      const t = performance.now();
      super.send(data);
      if (this.__kernel) record("out", decode(data), { th: t, tend: performance.now() });
    }
  }
  window.WebSocket = Probed;
})();
"""

# --extension choices: (TCP_NODELAY, skip comm status, label)
EXTENSION = {
    "shipped": (True, True, "extension as shipped: TCP_NODELAY, comm status skipped"),
    "nodelay": (True, False, "extension with skip_comm_status=False: TCP_NODELAY only"),
    "off": (False, False, "extension off: stock server"),
}


# Wrap both widget models' ``trigger`` so each ``msg:custom`` dispatch (anywidget → the ESM's
# handler) is timed; resolves once the kernel told the echo widget the model ids.
HOOK_HANDLERS = """async () => {
  const echo = globalThis.__nbdashBenchEcho;
  for (let i = 0; i < 400 && !(echo.get("ids") || {}).nbdash; i++) await new Promise((r) => setTimeout(r, 50));
  const ids = echo.get("ids"), hooks = window.__nbdashHooks = [];
  for (const [name, id] of Object.entries(ids)) {
    const model = await echo.widget_manager.get_model(id), trigger = model.trigger;
    model.trigger = function (event) {
      if (event !== "msg:custom") return trigger.apply(this, arguments);
      const t0 = performance.now(), result = trigger.apply(this, arguments);
      hooks.push({ name, t0, t1: performance.now() });
      return result;
    };
  }
  return ids;
}"""

# Like MEASURE, but returns [click time, DOM-mutated time] per click (page clock).
MEASURE_MARKS = MEASURE.replace("resolve(performance.now() - t0)", "resolve([t0, performance.now()])")


def _kernel_time(date: str) -> float:
    from datetime import datetime

    return datetime.fromisoformat(date).timestamp()


class Breakdown:
    """One click split into stages from the page's, the server's and the kernel's timestamps.

    Page clock → wall clock: ``performance.timeOrigin + t`` (ms). Server: ``time.time()`` in the
    hooks; kernel: the ``date`` in each message header (set when the kernel creates the message:
    ``status: busy`` as it starts handling ours, the ``comm_msg`` as the handler sends it)."""

    STAGES: ClassVar[list[tuple[str, str, str]]] = [
        ("click → ws.send (page: widget, services, serialize)", "click", "send"),
        ("ws.send → server forwards to kernel", "send", "s_in"),
        ("server → kernel busy (zmq, kernel dispatch)", "s_in", "k_busy"),
        ("kernel busy → kernel sends comm_msg (handler)", "k_busy", "k_comm"),
        ("kernel comm_msg → server writes it to ws", "k_comm", "s_comm"),
        ("server writes comm_msg → page JS gets frame", "s_comm", "comm"),
        ("page: frame → msg:custom dispatch", "comm", "h0"),
        ("page: handler start → DOM mutated", "h0", "dom"),
    ]
    PAGE: ClassVar[list[tuple[str, str, str]]] = [
        ("click → ws.send", "click", "send"),
        ("ws.send → busy frame in JS", "send", "busy"),
        ("busy frame in JS → comm_msg frame in JS", "busy", "comm"),
        ("  of which busy frame's own handling", "busy", "busy_end"),
        ("comm_msg frame in JS → msg:custom dispatch", "comm", "h0"),
        ("msg:custom dispatch → DOM mutated", "h0", "dom"),
        ("total click → DOM", "click", "dom"),
    ]

    def __init__(self, origin: float, ws: list[dict[str, Any]], hooks: list[dict[str, Any]],
                 server_lines: list[str]) -> None:  # fmt: skip
        self.origin = origin / 1000  # s
        self.sent = [e for e in ws if e["d"] == "out" and e["type"] == "comm_msg"]
        self.replies: dict[str, list[dict[str, Any]]] = {}
        for e in ws:
            if e["d"] == "in" and e.get("parent"):
                self.replies.setdefault(e["parent"], []).append(e)
        self.hooks = hooks
        self.server_in: dict[str, float] = {}
        self.server_out: dict[str, float] = {}
        for line in server_lines:
            parts = line.split()
            if len(parts) >= 6 and parts[0] == "in":
                self.server_in[parts[4]] = float(parts[1])
            elif len(parts) >= 6 and parts[0] == "out":
                self.server_out[parts[4]] = float(parts[1])

    def click(self, name: str, t0: float, tdom: float) -> dict[str, Any] | None:
        """Stage times (ms, relative to the click) and the frames of one click; None if incomplete."""
        send = next((e for e in self.sent if t0 <= e["th"] <= tdom), None)
        if send is None:
            return None
        replies = self.replies.get(send["id"], [])
        busy = next((e for e in replies if e["type"] == "status"), None)
        comm = next((e for e in replies if e["type"] == "comm_msg"), None)
        hook = next((h for h in self.hooks if h["name"] == name and comm and comm["th"] <= h["t0"] <= tdom), None)
        if busy is None or comm is None or hook is None:
            return None
        def wall(seconds: float) -> float:  # wall clock (s) → page clock (ms)
            return (seconds - self.origin) * 1000

        marks = {"click": t0, "send": send["th"], "busy": busy["th"], "busy_end": busy.get("tend", busy["th"]),
                 "comm": comm["th"], "h0": hook["t0"], "dom": tdom}  # fmt: skip
        if send["id"] in self.server_in and comm["id"] in self.server_out:
            marks.update(s_in=wall(self.server_in[send["id"]]), k_busy=wall(_kernel_time(busy["date"])),
                         k_comm=wall(_kernel_time(comm["date"])), s_comm=wall(self.server_out[comm["id"]]))  # fmt: skip
        return {"marks": marks, "up": send, "down": replies}


def breakdown_table(title: str, rows: list[dict[str, Any]], stages: list[tuple[str, str, str]]) -> dict[str, tuple[float, float]]:
    print(f"\n{title}")
    print(f"{'stage':54} {'p50 ms':>7} {'p95 ms':>7}")
    out = {}
    for label, a, b in stages:
        values = [r["marks"][b] - r["marks"][a] for r in rows if a in r["marks"] and b in r["marks"]]
        if values:
            out[label] = (statistics.median(values), percentile(values, 95))
            print(f"{label:54} {out[label][0]:7.2f} {out[label][1]:7.2f}")
    return out


def wire_sizes(rows: list[dict[str, Any]]) -> dict[str, float]:
    """Bytes of one click: (a) the custom message's content as the kernel serialises it, (a') the
    whole comm_msg content part, (b) the websocket frame carrying the comm_msg, (c) every frame
    of the exchange (the click up, status busy + comm_msg + status idle down)."""
    import json

    def median(values: list[int]) -> float:
        return statistics.median(values) if values else float("nan")

    payload, content, frame, exchange, count = [], [], [], [], []
    for row in rows:
        comm = next(e for e in row["down"] if e["type"] == "comm_msg")
        parsed = json.loads(comm["content"])
        # jupyter_client's packer: json.dumps(ensure_ascii=False), default separators
        payload.append(len(json.dumps(parsed["data"]["content"], ensure_ascii=False).encode()))
        content.append(len(comm["content"].encode()))
        frame.append(comm["size"])
        exchange.append(row["up"]["size"] + sum(e["size"] for e in row["down"]))
        count.append(1 + len(row["down"]))
    return {"payload": median(payload), "content": median(content), "frame": median(frame),
            "exchange": median(exchange), "frames": median(count)}  # fmt: skip


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


def run(*, where: str, extension: str, n: int, components: int, rounds: int = 4) -> dict[str, float]:
    """Measure one front end with one ``--extension`` set-up; print a table; return p50s by name."""
    from playwright.sync_api import sync_playwright

    nodelay, skip_status, label = EXTENSION[extension]
    server: LabServer | VoilaServer
    if where == "voila":
        server = VoilaServer(nodelay=nodelay, skip_status=skip_status).write(ECHO, APP).start()
    else:
        server = LabServer(where, nodelay=nodelay, skip_status=skip_status).start()
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


def run_breakdown(*, where: str, extension: str, n: int, rounds: int = 4) -> dict[str, Any]:
    """``--breakdown``: per-stage p50/p95 of one click for echo and nbdash in one front end, plus the
    bytes of the exchange; returns {"echo"|"nbdash": {stage: (p50, p95)}, "bytes": {...}}."""
    from playwright.sync_api import sync_playwright

    hook_log = Path(tempfile.mkdtemp(prefix="nbdash-bench-")) / "server-times.txt"
    config = SERVER_HOOK.format(path=str(hook_log))
    nodelay, skip_status, label = EXTENSION[extension]
    server: LabServer | VoilaServer
    if where == "voila":
        server = VoilaServer(nodelay=nodelay, skip_status=skip_status, server_config=config).write(ECHO, APP, IDS).start()
    else:
        server = LabServer(where, nodelay=nodelay, skip_status=skip_status, server_config=config).start()
    try:
        with sync_playwright() as p:
            browser = launch_chromium(p)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.add_init_script(PAGE_PROBE)
            notebook = None
            if where == "voila":
                page.goto(server.url + "/", timeout=120_000)
            else:
                notebook = Notebook(server, page, "bench.ipynb").open()  # type: ignore[arg-type]
                for cell in (ECHO, APP, IDS):
                    notebook.run(cell)
            page.wait_for_selector(".echo-root .echo-btn", timeout=120_000)
            page.wait_for_selector(".nbdash-root #btn", timeout=120_000)
            page.evaluate(HOOK_HANDLERS)
            targets = [("echo", ".echo-root .echo-btn", ".echo-root .echo-out"),
                       ("nbdash", ".nbdash-root #btn", ".nbdash-root #out")]  # fmt: skip
            marks: dict[str, list[tuple[float, float]]] = {"echo": [], "nbdash": []}
            for name, button, output in targets:
                page.evaluate(MEASURE_MARKS, [button, output, 10, 0])
            for _ in range(rounds):
                for name, button, output in targets:
                    marks[name] += page.evaluate(MEASURE_MARKS, [button, output, 0, max(1, n // rounds)])
            page.wait_for_timeout(500)  # trailing status-idle frames
            ws = page.evaluate("window.__nbdashWs")
            hooks = page.evaluate("window.__nbdashHooks")
            origin = page.evaluate("performance.timeOrigin")
            if notebook is not None:
                notebook.close()
            browser.close()
        lines = hook_log.read_text().splitlines() if hook_log.exists() else []
    finally:
        server.stop()
    subprotocols = {line.split()[-1] for line in lines if line.startswith("in ")}
    model = Breakdown(origin, ws, hooks, lines)
    print(f"\n=== {FRONT_ENDS[where]} ({label}), {n} clicks per app; websocket subprotocol {', '.join(sorted(subprotocols)) or '?'}")
    result: dict[str, Any] = {}
    for name in ("echo", "nbdash"):
        rows = [r for r in (model.click(name, t0, t1) for t0, t1 in marks[name]) if r is not None]
        print(f"\n{name}: {len(rows)} of {len(marks[name])} clicks matched to their frames")
        page_stages = breakdown_table(f"{name}, page clock only", rows, Breakdown.PAGE)
        wall_stages = breakdown_table(f"{name}, page + server + kernel clocks (wall clock)", rows, Breakdown.STAGES)
        result[name] = {**page_stages, **wall_stages}
        sizes = wire_sizes(rows)
        result[f"{name} bytes"] = sizes
        print(f"{name} bytes per click: (a) custom-message content {sizes['payload']:.0f}, comm_msg content "
              f"{sizes['content']:.0f}, (b) comm_msg frame {sizes['frame']:.0f}, (c) whole exchange "
              f"{sizes['exchange']:.0f} in {sizes['frames']:.0f} frames")  # fmt: skip
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clicks", type=int, default=100, help="clicks per app (at least 100 for the issue's figures)")
    parser.add_argument("--rounds", type=int, default=4, help="alternating rounds the clicks are split into")
    parser.add_argument("--where", default="lab,voila", help="comma-separated: lab, notebook, voila")
    parser.add_argument("--extension", default="shipped,nodelay,off",
                        help="comma-separated server set-ups: shipped, nodelay (TCP_NODELAY only), off")
    parser.add_argument("--components", type=int, default=5000, help="size of the big-layout test (0: skip)")
    parser.add_argument("--breakdown", action="store_true",
                        help="split one click into stages (page, server and kernel timestamps) instead")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        sys.exit(f"{CHROMIUM} not found: apt-get install -y chromium")
    for setting in args.extension.split(","):
        if setting not in EXTENSION:
            sys.exit(f"--extension: unknown set-up {setting!r}; choose from {', '.join(EXTENSION)}")
    for where in args.where.split(","):
        if where not in FRONT_ENDS:
            sys.exit(f"--where: unknown front end {where!r}; choose from {', '.join(FRONT_ENDS)}")
    if args.breakdown:
        for where in args.where.split(","):
            for setting in args.extension.split(","):
                run_breakdown(where=where, extension=setting, n=args.clicks, rounds=args.rounds)
        return
    summary = []
    for where in args.where.split(","):
        for setting in args.extension.split(","):
            p50 = run(where=where, extension=setting, n=args.clicks, components=args.components, rounds=args.rounds)
            summary.append((FRONT_ENDS[where], setting, p50["echo"], p50["nbdash"]))
    print(f"\n{'front end':12} {'extension':>9} {'echo p50':>9} {'nbdash p50':>11} {'ratio':>6}")
    for front_end, setting, echo, nbdash in summary:
        print(f"{front_end:12} {setting:>9} {echo:9.1f} {nbdash:11.1f} {nbdash / echo:6.2f}")


if __name__ == "__main__":
    main()
