/**
 * The view's half of "latest request wins" across the comm (the kernel half, and the whole design, is
 * nbdash/_window.py): a callback result computed from inputs this view has changed since is
 * discarded when its patch arrives, as Dash's renderer discards a response once it has sent a newer
 * request for that callback.
 *
 * One `ResultWindow` per view, kept across the trees the kernel sends (a new Renderer shares it):
 * - `next(keys)` numbers an outgoing event (`seq`, increasing for the view's whole life), remembers
 *   which `"id\0prop"` it changed at that seq (`changed`: exactly the props the kernel sees in the
 *   event), and gives the `ack` to send with it: the `n` of the last patch or tree received.
 * - `accept(msg, view)` takes a patch and returns the changes to apply. Each record in `msg.results`
 *   is `[up, based, inputs, written]`; records are numbered by counting them across the patches this
 *   view receives (every patch reaches every view, in order), `up` is how many records back its
 *   parent is (or null);
 *   `based` is `{view: seq}` (the patch's origin view, when absent, is at `origin.seq`); `inputs` are
 *   indexes into the `inputs` list of the tree / `inputs` message, or `[id, prop]`; `written` are
 *   indexes into the patch's (id, prop) pairs in iteration order. A record is discarded when this
 *   view sent an event changing one of its inputs after `based[view]`, or when its parent was
 *   discarded; a prop is dropped when the last record writing it in this patch was discarded.
 * The kernel reverts exactly those results when this view's next event arrives (it knows `ack`).
 */
import { canonicalId } from "./ids.js";

/** How many discarded result ids a view remembers (a chain's parent is always recent). */
const REMEMBER = 1024;

/** @typedef {[number | null, Record<string, number>, (number | [string, string])[], number[]]} ResultRecord */
/** @typedef {[string | Record<string, any>, string]} WireInput  an exact prop, or an ALL/ALLSMALLER pattern */

export class ResultWindow {
  constructor() {
    this.seq = 0;
    /** @type {Map<string, number>}  "id\0prop" → seq of the last event that set it */
    this.changed = new Map();
    /** `n` of the last patch or tree received */
    this.received = 0;
    /** @type {Set<number>} */
    this.discarded = new Set();
    /** records received so far (only differences between these numbers matter) */
    this.count = 0;
    /** @type {WireInput[]}  the app's watched Inputs (tree / `inputs` message) */
    this.inputs = [];
  }

  /** Number an outgoing event that sets these `"id\0prop"` keys. @param {Iterable<string>} keys */
  next(keys) {
    const seq = ++this.seq;
    for (const key of keys) this.changed.set(key, seq);
    return { seq, ack: this.received };
  }

  /** A tree or patch message arrived: remember its number. @param {{n?: unknown}} msg */
  saw(msg) {
    if (typeof msg.n === "number" && msg.n > this.received) this.received = msg.n;
  }

  /**
   * The changes of a patch this view applies.
   * @param {{n?: number, changes: Record<string, Record<string, any>>, origin?: {view: string, seq: number} | null, results?: ResultRecord[]}} msg
   * @param {string} view
   */
  accept(msg, view) {
    this.saw(msg);
    const results = msg.results;
    if (!Array.isArray(results) || !results.length) return msg.changes;
    const first = this.count + 1;
    this.count += results.length;
    if (!this.changed.size) return msg.changes;
    const own = msg.origin && msg.origin.view === view ? msg.origin.seq : 0;
    /** @type {Set<number>} */
    const dropped = new Set();
    results.forEach(([up, based, inputs, written], i) => {
      const rid = first + i;
      const since = based && view in based ? based[view] : own;
      const wire = inputs.map((x) => (typeof x === "number" ? this.inputs[x] : x)).filter(Boolean);
      if ((up !== null && this.discarded.has(rid - up)) || this.changedSince(wire, since)) {
        this.discarded.add(rid);
        for (const k of written) dropped.add(k);
      } else {
        for (const k of written) dropped.delete(k); // a kept result wrote it last
      }
    });
    if (this.discarded.size > REMEMBER) {
      const old = [...this.discarded].slice(0, this.discarded.size - REMEMBER);
      for (const rid of old) this.discarded.delete(rid);
    }
    if (!dropped.size) return msg.changes;
    /** @type {Record<string, Record<string, any>>} */
    const kept = {};
    let k = 0;
    for (const [key, props] of Object.entries(msg.changes)) {
      /** @type {Record<string, any> | null} */ let keep = null;
      for (const [prop, value] of Object.entries(props)) {
        if (!dropped.has(k++)) (keep ??= {})[prop] = value;
      }
      if (keep) kept[key] = keep;
    }
    return kept;
  }

  /**
   * Whether this view sent an event after `since` changing one of these Inputs.
   * @param {WireInput[]} inputs  exact `[id, prop]` or ALL patterns
   * @param {number} since
   */
  changedSince(inputs, since) {
    if (this.seq <= since) return false;
    for (const [id, prop] of inputs) {
      if (typeof id === "string") {
        if ((this.changed.get(canonicalId(id) + "\0" + prop) ?? 0) > since) return true;
        continue;
      }
      for (const [key, seq] of this.changed) {
        if (seq <= since || !key.startsWith("{")) continue;
        const cut = key.lastIndexOf("\0");
        if (key.slice(cut + 1) === prop && matches(id, key.slice(0, cut))) return true;
      }
    }
    return false;
  }
}

/** @param {unknown} v */
const wild = (v) => Array.isArray(v) && v.length === 1 && ["ALL", "ALLSMALLER", "MATCH"].includes(v[0]);

/**
 * Whether a dict id (its string) fits a pattern: same keys, equal non-wildcard values.
 * @param {Record<string, any>} pattern @param {string} idString
 */
function matches(pattern, idString) {
  let id;
  try {
    id = JSON.parse(idString);
  } catch {
    return false;
  }
  if (!id || typeof id !== "object" || Array.isArray(id)) return false;
  const keys = Object.keys(pattern);
  if (keys.length !== Object.keys(id).length) return false;
  return keys.every((k) => k in id && (wild(pattern[k]) || pattern[k] === id[k]));
}
