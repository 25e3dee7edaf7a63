/**
 * Components without a visible element: dcc.Store, dcc.Interval, dcc.Location.
 *
 * - **Store**: `memory` data lives in the kernel only. `local` / `session` data is also written to
 *   the browser's localStorage / sessionStorage under `nbdash-store:<id>` (and `…-timestamp`)
 *   whenever it changes. When a Store mounts it does what Dash's Store does in
 *   `UNSAFE_componentWillMount` (dash-core-components `Store.react.js`), see {@link mountAction}:
 *   - storage holds data different from the Store's `data` → the Store takes the stored data: one
 *     event `{data: stored, modified_timestamp: stored timestamp}` (-1 when no timestamp is stored),
 *     so callbacks with `Input(store, "data")` / `"modified_timestamp"` fire;
 *   - storage is empty (or not JSON) and `data` is set → `data` is written to storage (Dash also sets
 *     `modified_timestamp` then; the kernel stamps it itself for every front end, see `_mount.py`);
 *   - storage holds the same data, or neither has data → nothing.
 *
 *   That applies to *every* mount, as in Dash: the Stores of a freshly loaded app (kernel restarted,
 *   cell re-ran: its Stores start from the layout's data), Stores a callback inserts later into a
 *   running app, and Stores in a tab that becomes selected. Several views of one app:
 *   - only the leading view sends the restoring event; the others only fill empty storage, so a
 *     view mounting first on the same page never erases stored data before the leader reads it.
 *     The restored data comes back to every view as a patch, and each view writes it.
 *   - a view that is not `fresh` showing an existing session for the first time (a page reload
 *     while the kernel keeps running, a second view of the app) does not restore: the session's
 *     data is the current one (restoring would clobber what callbacks wrote since), and the view
 *     writes it to storage.
 *   - a Store replaced, within one patch, by a Store with the same id (a callback re-rendering the
 *     section that holds it), or re-mounted with its parent, is the same Store: React keeps the
 *     instance in Dash, whose `componentDidUpdate` then stores the new data. It writes, never restores.
 *
 *   The kernel stamps `modified_timestamp` itself when a callback writes `data`, so views never send
 *   it for that. `clear_data=True` from a callback empties the storage and the leading view answers
 *   with `clear_data=False, data=None, modified_timestamp=now`. Unlike Dash, a Store does not follow
 *   `storage` events from other tabs (two tabs showing one app would echo each other's writes).
 * - **Interval**: only the leading view ticks (several views of one app must not tick faster),
 *   sending `n_intervals + 1` every `interval` ms, with Dash's timer rules (`Interval.react.js`, and
 *   the headless driver's `nbdash/_interval.py`): the timer stops while `disabled`, when
 *   `max_intervals` is 0 and once `n_intervals` reaches `max_intervals` (-1: no limit); a stopped
 *   timer that may run again (a callback resetting `n_intervals` or raising `max_intervals`, or
 *   enabling it) starts afresh, first tick one `interval` later; a running one keeps its phase
 *   whatever else changes, except a new `interval`, which always restarts it.
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

/**
 * What a mounting Store does, as Dash's `UNSAFE_componentWillMount`: `"keep"` (nothing), `"write"`
 * (store `data`: storage is empty) or the props to set (`{data, modified_timestamp}`: storage
 * holds other data). Unparseable stored text counts as empty (Dash's `WebStore.getItem`); the
 * timestamp is `parseInt(stored, 10) || -1` (Dash's `WebStore.getModified`).
 * @param {string | null} raw        the stored text under the Store's key
 * @param {string | null} rawStamp   the stored text under `<key>-timestamp`
 * @param {unknown} data             the Store's `data` prop
 * @returns {"keep" | "write" | {data: unknown, modified_timestamp: number}}
 */
export function mountAction(raw, rawStamp, data) {
  let stored = null;
  if (raw !== null) {
    try {
      stored = JSON.parse(raw);
    } catch {
      stored = null;
    }
  }
  if (stored === null || stored === undefined) return data === null || data === undefined ? "keep" : "write";
  if (jsonEqual(stored, data)) return "keep";
  return { data: stored, modified_timestamp: Number.parseInt(rawStamp ?? "", 10) || -1 };
}

/**
 * Per renderer: ids of Stores disposed during the current synchronous run (one patch). A Store
 * mounting with one of those ids replaces a Store of the same id, which it continues.
 * @type {WeakMap<Renderer, Set<string>>}
 */
const justDisposed = new WeakMap();

/** @param {Renderer} r */
function disposedIn(r) {
  let ids = justDisposed.get(r);
  if (!ids) justDisposed.set(r, (ids = new Set()));
  return ids;
}

/** @param {ComponentNode} node @param {Renderer} r */
export function Store(node, r) {
  const id = Mirror.idOf(node) ?? "";
  const key = "nbdash-store:" + id;
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
  const mountLikeDash = () => {
    const store = backend(node.props);
    if (!store) return;
    let action;
    try {
      action = mountAction(store.getItem(key), store.getItem(key + "-timestamp"), node.props.data);
    } catch (e) {
      console.warn(`nbdash: could not read dcc.Store ${key} from browser storage`, e);
      return;
    }
    if (action === "write") write();
    else if (action !== "keep" && r.leader) r.send(node, action);
  };
  const replaced = disposedIn(r);
  // the root is mounted last: until then, this is the view's first render of its tree
  const firstRender = !r.instances.has(r.mirror.root);
  if (r.provisional) { /* shown before the kernel answered: storage is left to the answer's tree */ }
  else if (replaced.delete(id)) write();
  else if (firstRender && !r.fresh) write();
  else queueMicrotask(mountLikeDash);
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
    dispose() {
      replaced.add(id);
      queueMicrotask(() => replaced.delete(id));
    },
  };
}

/**
 * Whether an Interval with these props may have a running timer (Dash's `Interval.react.js`):
 * not while `disabled`, never when `max_intervals` is 0, and not once `n_intervals` reached
 * `max_intervals` (-1: no limit).
 * @param {Record<string, any>} p
 */
export function shouldRun(p) {
  const max = p.max_intervals ?? -1;
  if (p.disabled || max === 0) return false;
  return max === -1 || (p.n_intervals ?? 0) < max;
}

/** @param {ComponentNode} node @param {Renderer} r */
export function Interval(node, r) {
  /** @type {ReturnType<typeof setInterval> | undefined} */
  let timer;
  const stop = () => {
    clearInterval(timer);
    timer = undefined;
  };
  // Dash's timer rules (the same as the headless driver's nbdash/_interval.py): a running timer that
  // may still run keeps running, with its phase, whatever else changed; one that must not run stops;
  // a stopped one that may run starts afresh (first tick one `interval` later). Only the leader ticks.
  const check = () => {
    if (!r.leader || !shouldRun(node.props)) stop();
    else if (timer === undefined) {
      const mine = setInterval(() => {
        if (timer === mine) tick();
        else clearInterval(mine); // a timer stopped from its own tick (some timer fakes keep it)
      }, Math.max(1, Number(node.props.interval ?? 1000)));
      timer = mine;
    }
  };
  const tick = () => {
    if (!shouldRun(node.props)) return stop();
    r.send(node, { n_intervals: (node.props.n_intervals ?? 0) + 1 });
    check(); // the tick's own change, as Dash's componentDidUpdate after setProps: the last one stops it
  };
  const unsubscribe = r.onLeader(check);
  check();
  return {
    el: invisible("dcc.Interval"),
    /** @param {Record<string, any>} changed */
    update(changed) {
      if ("interval" in changed) stop(); // a new interval always restarts the timer
      check();
    },
    dispose() {
      stop();
      unsubscribe();
    },
  };
}

/** @param {ComponentNode} _node */
export function Location(_node) {
  return { el: invisible("dcc.Location"), update() {} };
}
