/**
 * Components without a visible element: dcc.Store, dcc.Interval, dcc.Location.
 *
 * - **Store**: `memory` data lives in the kernel only. `local` / `session` data is also written to
 *   the browser's localStorage / sessionStorage under `nbdash-store:<id>` (and `…-timestamp`)
 *   whenever it changes. When a freshly loaded app is first shown (the kernel restarted, or the cell
 *   re-ran), the leading view restores stored data that differs from the layout's: one event with
 *   `data` and the stored `modified_timestamp`, as Dash's Store does on mount. The kernel stamps
 *   `modified_timestamp` itself when a callback writes `data`, so views never send it for that.
 *   `clear_data=True` from a callback empties the storage and the leading view answers with
 *   `clear_data=False, data=None, modified_timestamp=now`.
 * - **Interval**: only the leading view ticks (several views of one app must not tick faster),
 *   sending `n_intervals + 1` every `interval` ms until `max_intervals` (-1: forever) unless
 *   `disabled`.
 * - **Location**: the kernel sets the in-app location (`/`) when the app loads; `dcc.Link` clicks
 *   change the `pathname`/`search`/`hash`/`href` of every Location of the app (see link.js).
 */
import { invisible } from "./common.js";
import { jsonEqual } from "../json.js";
import { Mirror } from "../mirror.js";

/** @typedef {import("../protocol.js").ComponentNode} ComponentNode */
/** @typedef {import("../renderer.js").Renderer} Renderer */

/** @param {Record<string, any>} p @returns {Storage | null} */
function backend(p) {
  try {
    if (p.storage_type === "local") return window.localStorage;
    if (p.storage_type === "session") return window.sessionStorage;
  } catch {
    /* storage disabled by the browser: behave as memory */
  }
  return null;
}

/** @param {ComponentNode} node @param {Renderer} r */
export function Store(node, r) {
  const key = "nbdash-store:" + (Mirror.idOf(node) ?? "");
  const write = () => {
    const store = backend(node.props);
    if (!store) return;
    const data = node.props.data;
    try {
      if (data === undefined || data === null) store.removeItem(key);
      else store.setItem(key, JSON.stringify(data));
      store.setItem(key + "-timestamp", String(node.props.modified_timestamp ?? Date.now()));
    } catch (e) {
      console.warn(`nbdash: could not write dcc.Store ${key} to browser storage`, e);
    }
  };
  const restore = () => {
    const store = backend(node.props);
    if (!store) return;
    const raw = store.getItem(key);
    if (raw === null) {
      if (node.props.data != null) write();
      return;
    }
    let stored;
    try {
      stored = JSON.parse(raw);
    } catch {
      return;
    }
    if (!jsonEqual(stored, node.props.data)) {
      const stamp = Number(store.getItem(key + "-timestamp")) || Date.now();
      r.send(node, { data: stored, modified_timestamp: stamp });
    }
  };
  if (r.fresh && r.leader) queueMicrotask(restore);
  else write();
  return {
    el: invisible("dcc.Store"),
    /** @param {Record<string, any>} changed */
    update(changed) {
      if (changed.clear_data) {
        backend(node.props)?.removeItem(key);
        backend(node.props)?.removeItem(key + "-timestamp");
        if (r.leader) r.send(node, { clear_data: false, data: null, modified_timestamp: Date.now() });
        return;
      }
      if ("data" in changed || "modified_timestamp" in changed || "storage_type" in changed) write();
    },
  };
}

/** @param {ComponentNode} node @param {Renderer} r */
export function Interval(node, r) {
  /** @type {ReturnType<typeof setInterval> | undefined} */
  let timer;
  const tick = () => {
    const p = node.props;
    const n = p.n_intervals ?? 0;
    const max = p.max_intervals ?? -1;
    if (p.disabled || (max !== -1 && n >= max)) return;
    r.send(node, { n_intervals: n + 1 });
  };
  const restart = () => {
    clearInterval(timer);
    timer = undefined;
    const p = node.props;
    if (!r.leader || p.disabled) return;
    timer = setInterval(tick, Math.max(1, Number(p.interval ?? 1000)));
  };
  const unsubscribe = r.onLeader(restart);
  restart();
  return {
    el: invisible("dcc.Interval"),
    /** @param {Record<string, any>} changed */
    update(changed) {
      if ("interval" in changed || "disabled" in changed || "max_intervals" in changed) restart();
    },
    dispose() {
      clearInterval(timer);
      unsubscribe();
    },
  };
}

/** @param {ComponentNode} _node */
export function Location(_node) {
  return { el: invisible("dcc.Location"), update() {} };
}
