/**
 * Clientside callbacks in the page: run what the kernel says this view may run alone, at once.
 *
 * The kernel's tree message carries a manifest (`nbdash/_clientside.py::page_manifest`):
 * - `scripts`: `[key, source]` pairs defining the functions (Dash's inline-function template, the
 *   app's `assets/*.js`), each run once per page (keys remembered on `window`), in order;
 * - `callbacks`: the clientside callbacks whose dependencies all have plain string ids;
 * - `triggers`: `"id.prop"` → the callbacks listening to it, for props that only such callbacks
 *   listen to (*local* props); `kernel`: the string-id props other callbacks listen to.
 *
 * A user event that changes local props and no `kernel` prop runs those callbacks here, before anything is
 * sent: Dash's readiness in small (a callback waits while another pending one can still write one
 * of its inputs; each runs at most once per event, with its triggers in arrival order), outputs and
 * `set_props` applied to the mirror and the DOM as they resolve (a returned `dash_clientside.Patch`
 * applied to the prop's current value by clientside/patch.js, the kernel's rules; set_props with a
 * dict id keyed as the kernel keys it, ids.js, and one with wildcard values resolved against the
 * mirror by the kernel's rules, `localTargets`), chains followed through local props. The event then goes to the kernel with the results (`clientside: [{callback, inputs,
 * state, changedPropIds, result}]`); the kernel runs its own turn, takes these results instead of
 * calling the functions again, and carries on with any server callbacks downstream, so its values,
 * call counts and other views end up exactly as a kernel run would leave them. Errors are not shown
 * here: the kernel reports them (the error panel), as for server callbacks.
 *
 * A function not defined on this page (an asset script still loading) is not run here: the event
 * goes without its result and the kernel runs that call itself.
 *
 * Events leave in order: while a local run awaits a Promise, later events of this view queue
 * behind it.
 */
import { runCall } from "./runtime.js";
import { collectingSetProps, installClientside } from "./dash_clientside.js";
import { componentProps } from "../mirror.js";
import { stringifyId as kernelIdString } from "../ids.js";
import { applyPatchValue, isPatch, PatchConflict } from "./patch.js";

const RAN = "__nbdash_clientside_scripts__";

/**
 * @typedef {{callback: string, namespace: string, function_name: string, inputs: [string, string][],
 *            state: [string, string][], outputs: [string, string][], multi: boolean}} LocalCallback
 * @typedef {{scripts: [string, string][], callbacks: LocalCallback[], triggers: Record<string, number[]>, kernel: string[]}} Manifest
 */

/**
 * Run a call the kernel sends (`{type: "clientside", call, view, payload}`: a clientside callback
 * its turn reached — an initial call at the first display, a step downstream of a server callback,
 * a turn a cell's `app.set_props` started; index.js runs it once this view shows the kernel's tree
 * and the app's asset scripts ran) and give the answer message. The kernel
 * applies the outputs; `set_props` calls are collected and sent back with them.
 * @param {{call: number, view: string, payload: any}} msg
 */
export async function runForKernel(msg) {
  installClientside();
  const payload = msg.payload || {};
  if (typeof payload.script === "string") runScripts([["inline:" + payload.function_name, payload.script]]);
  const collector = {
    /** @type {{id: any, props: any}[]} */ side: [],
    /** @param {any} idOrPath @param {Record<string, any>} props */
    sideUpdate(idOrPath, props) {
      if (Array.isArray(idOrPath)) throw new Error("dash_clientside.set_props: nbdash takes a component id, not a layout path");
      this.side.push({ id: idOrPath, props: JSON.parse(JSON.stringify(props)) });
    },
  };
  /** @type {any} */
  const result = await collectingSetProps(collector, () => runCall(window, payload));
  result.set_props = collector.side;
  const missing = !!result.missing;
  delete result.missing;
  return { type: "clientside_result", call: msg.call, view: msg.view, missing, result: plain(result) };
}

/** Run the function-defining scripts once per page. @param {[string, string][]} scripts */
function runScripts(scripts) {
  const w = /** @type {any} */ (window);
  const ran = (w[RAN] = w[RAN] || new Set());
  for (const [key, source] of scripts) {
    if (ran.has(key)) continue;
    ran.add(key);
    try {
      (0, eval)(source); // global scope, as a <script> tag runs it
    } catch (e) {
      console.error(`nbdash: clientside script ${key.split(":").slice(0, 2).join(":")} failed`, e);
    }
  }
}

export class PageClientside {
  /**
   * @param {Manifest} manifest
   * @param {any} renderer  the view's Renderer (mirror, applyPatch, sent, host)
   */
  constructor(manifest, renderer) {
    this.manifest = manifest;
    this.renderer = renderer;
    /** @type {Promise<void> | null} events waiting behind a local run */
    this.queue = null;
    installClientside();
    runScripts(manifest.scripts);
    /** props (string ids) that callbacks the page cannot run listen to */
    this.kernelProps = new Set(manifest.kernel);
    /** @type {{id: any, props: Record<string, any>}[] | null} */
    this.side = null;
  }

  /**
   * Send an event, running the local callbacks it triggers first.
   * @param {Record<string, any>} message  the `event` message
   */
  post(message) {
    /** @type {[string, Record<string, any>][]} one component, or several (a click counted by ancestors) */
    const parts = message.changes ?? [[message.id, message.props]];
    const changed = parts.flatMap(([id, props]) => Object.keys(props).map((p) => `${id}.${p}`));
    const triggers = this.manifest.triggers;
    const listened = changed.filter((pid) => pid in triggers);
    const kernel = this.kernelProps;
    const local = listened.length > 0 && !changed.some((pid) => kernel.has(pid));
    const host = this.renderer.host;
    if (!local) {
      if (this.queue) this.queue = this.queue.then(() => host.post(message));
      else host.post(message);
      return;
    }
    const run = this.runLocal(listened, message.seq);
    const send = run.then((results) => host.post({ ...message, clientside: results }), () => host.post(message));
    const queued = this.queue ? this.queue.then(() => send) : send;
    const done = queued.then(() => {
      if (this.queue === done) this.queue = null;
    });
    this.queue = done;
  }

  /**
   * @param {string[]} changed  local prop ids the user changed
   * @param {number} seq        the event's sequence number (marks what this run wrote)
   */
  async runLocal(changed, seq) {
    const { callbacks, triggers } = this.manifest;
    /** @type {Map<number, string[]>} callback index → its triggers, in arrival order */
    const pending = new Map();
    /** @type {Set<number>} */
    const done = new Set();
    const request = (/** @type {string} */ pid) => {
      for (const index of triggers[pid] || []) {
        if (done.has(index)) continue;
        const list = pending.get(index) || [];
        if (!list.includes(pid)) list.push(pid);
        pending.set(index, list);
      }
    };
    changed.forEach(request);
    const results = [];
    while (pending.size) {
      const writes = new Set();
      for (const index of pending.keys()) for (const [id, prop] of callbacks[index].outputs) writes.add(`${id}.${prop.split("@")[0]}`);
      let ready = [...pending.keys()].filter((index) => {
        const own = new Set(callbacks[index].outputs.map(([id, prop]) => `${id}.${prop.split("@")[0]}`));
        return !callbacks[index].inputs.some(([id, prop]) => writes.has(`${id}.${prop}`) && !own.has(`${id}.${prop}`));
      });
      if (!ready.length) ready = [pending.keys().next().value]; // a cycle: Dash runs one anyway
      for (const index of ready) {
        const triggered = /** @type {string[]} */ (pending.get(index));
        pending.delete(index);
        done.add(index);
        const record = await this.call(callbacks[index], triggered, seq);
        if (!record) continue; // not defined on this page (yet): the kernel runs it
        results.push(record.report);
        for (const pid of record.written) request(pid);
      }
    }
    return results;
  }

  /**
   * @param {LocalCallback} cb
   * @param {string[]} triggered
   * @param {number} seq
   */
  async call(cb, triggered, seq) {
    const mirror = this.renderer.mirror;
    const entry = (/** @type {[string, string]} */ [id, prop]) => {
      const node = mirror.get(id);
      const value = node ? node.props[prop] : undefined;
      return value === undefined ? { id, property: prop } : { id, property: prop, value };
    };
    const inputs = cb.inputs.map(entry);
    const state = cb.state.map(entry);
    const outputs = cb.outputs.map(([id, property]) => ({ id, property }));
    const payload = {
      namespace: cb.namespace, function_name: cb.function_name, inputs, state,
      outputs: cb.multi ? outputs : outputs[0] ?? [], changedPropIds: triggered, multi: cb.multi,
    };
    this.side = [];
    const result = /** @type {any} */ (await collectingSetProps(this, () => runCall(window, JSON.parse(JSON.stringify(payload)))));
    result.set_props = this.side;
    this.side = null;
    if (result.missing) return null;
    /** @type {Record<string, Record<string, any>>} */
    const changes = {};
    if (result.status === "ok") {
      // in the kernel's order: set_props first, then the outputs; a Patch applies to the value
      // the prop has at that point (the mirror's, or one set earlier in this call)
      for (const { id, props } of result.set_props) {
        for (const key of localTargets(id, mirror)) {
          for (const [prop, value] of Object.entries(props)) this.stage(changes, key, prop, value);
        }
      }
      (result.outputs || []).forEach((/** @type {any} */ pair, /** @type {number} */ i) => {
        if (!pair || !pair[0] || !cb.outputs[i]) return;
        const [id, prop] = cb.outputs[i];
        this.stage(changes, id, prop.split("@")[0], pair[1]);
      });
    }
    const written = this.apply(changes, seq);
    const report = { callback: cb.callback, inputs, state, changedPropIds: triggered, result: plain(result) };
    return { report, written };
  }

  /**
   * Record one computed prop in `changes`. A Patch is applied here (clientside/patch.js, the
   * kernel's rules) to the prop's current value; one the kernel would refuse (it records that
   * callback's error and leaves the prop) changes nothing here either.
   * @param {Record<string, Record<string, any>>} changes
   * @param {string} id
   * @param {string} prop
   * @param {any} value
   */
  stage(changes, id, prop, value) {
    if (isPatch(value)) {
      const node = this.renderer.mirror.get(id);
      if (!node) return;
      const staged = changes[id] && prop in changes[id];
      let current = staged ? changes[id][prop] : node.props[prop];
      if (!staged && !(prop in node.props)) current = undefined; // the kernel's "Cannot patch undefined"
      // values that hold components are patched on a copy: mounted nodes are never shared
      if (current !== undefined && componentProps(node).includes(prop)) current = JSON.parse(JSON.stringify(current));
      try {
        value = applyPatchValue(current, value);
      } catch (e) {
        if (e instanceof PatchConflict) return;
        throw e;
      }
    }
    (changes[id] = changes[id] || {})[prop] = value;
  }

  /**
   * Apply computed props to the mirror and the DOM (Patches already applied by `stage`).
   * Returns the prop ids whose value changed.
   * @param {Record<string, Record<string, any>>} changes
   * @param {number} seq
   */
  apply(changes, seq) {
    const r = this.renderer;
    /** @type {string[]} */
    const written = [];
    /** @type {Record<string, Record<string, any>>} */
    const plainChanges = {};
    for (const [id, props] of Object.entries(changes)) {
      const node = r.mirror.get(id);
      if (!node) continue;
      for (const [prop, value] of Object.entries(props)) {
        if (JSON.stringify(node.props[prop]) === JSON.stringify(value)) continue;
        (plainChanges[id] = plainChanges[id] || {})[prop] = value;
        r.sent.set(id + "\0" + prop, seq); // the kernel's echo of an older event must not undo this
        written.push(`${id}.${prop}`);
      }
    }
    if (written.length) r.applyPatch(plainChanges, null);
    return written;
  }

  /** dash_clientside.set_props during one of this view's calls. @param {any} idOrPath @param {Record<string, any>} props */
  sideUpdate(idOrPath, props) {
    if (Array.isArray(idOrPath)) throw new Error("dash_clientside.set_props: nbdash takes a component id, not a layout path");
    if (this.side) this.side.push({ id: idOrPath, props: JSON.parse(JSON.stringify(props)) });
  }
}

/** The result as JSON data (a function may return values JSON drops, like undefined). @param {any} result */
function plain(result) {
  try {
    return JSON.parse(JSON.stringify(result));
  } catch (e) {
    const message = `TypeError: the clientside function returned a value that is not JSON (${/** @type {any} */ (e).message})`;
    return { status: "error", error: { message, stack: message }, set_props: [], outputs: [] };
  }
}

const WILDCARDS = new Set(["ALL", "MATCH", "ALLSMALLER"]);

/**
 * The mirror keys a `set_props` target names, by the kernel's rules (nbdash/_scheduler.py
 * `_side_targets`): a string id, a dict id as the kernel spells it (ids.js), or a dict id with
 * wildcard values (`["ALL"]`, `["MATCH"]`, `["ALLSMALLER"]`, as Python's wildcards reach the page):
 * every component whose dict id has the same keys and equal (`===`) values at the other keys. The
 * calls this page runs alone have plain string ids, so MATCH / ALLSMALLER have nothing to pin them
 * and match like ALL, as in the kernel. Anything else names no component here (the kernel's answer
 * decides).
 * @param {any} id @param {import("../mirror.js").Mirror} mirror
 * @returns {string[]}
 */
export function localTargets(id, mirror) {
  if (typeof id === "string") return [id];
  if (!id || typeof id !== "object" || Array.isArray(id)) return [];
  const keys = Object.keys(id).sort();
  const wild = keys.filter((k) => Array.isArray(id[k]));
  if (!wild.length) return [/** @type {string} */ (kernelIdString(id))];
  if (!wild.every((k) => WILDCARDS.has(id[k][0]))) return [];
  const shape = keys.join("\0");
  /** @type {string[]} */
  const found = [];
  for (const [key, node] of mirror.index) {
    const other = node.props.id;
    if (!other || typeof other !== "object" || Array.isArray(other)) continue;
    if (Object.keys(other).sort().join("\0") !== shape) continue;
    if (keys.every((k) => Array.isArray(id[k]) || other[k] === id[k])) found.push(key);
  }
  return found;
}
