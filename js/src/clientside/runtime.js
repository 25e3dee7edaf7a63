/**
 * Clientside callbacks: Dash's `window.dash_clientside` API and one call of a clientside function.
 *
 * The same module runs in two hosts:
 * - the page (the widget's renderer), where `set_props` reaches the app's mirror and the kernel;
 * - the kernel's embedded V8 (mini-racer), for AppDriver and for the calls the kernel itself runs,
 *   built as the IIFE `nbdash/static/clientside.js` (see build.mjs and `nbdash/_clientside.py`).
 *
 * What a call does follows dash-renderer 3.4's `handleClientside` (Dash 4.4.1):
 * - the function is `dash_clientside[namespace][function_name]`, called with the Input values then the
 *   State values (an ALL/ALLSMALLER dependency gives an array of values);
 * - `dash_clientside.callback_context` holds `triggered` (`[{prop_id, value}]`, empty on an initial
 *   call), `triggered_id` (the first trigger's id, parsed for pattern ids), `inputs`, `inputs_list`,
 *   `states`, `states_list`, `outputs_list` while the function runs synchronously, and is deleted as
 *   soon as it returns (a Promise's continuation no longer sees it, as in Dash);
 * - a returned Promise is awaited;
 * - the return value is zipped with the outputs as Dash zips them: one output takes the value; several
 *   outputs take an array (a single `no_update` for all of them leaves them all alone; a shorter
 *   array updates the first ones only); an ALL output takes an array per matched component;
 *   `no_update` (or `undefined`) leaves that prop alone;
 * - `throw dash_clientside.PreventUpdate` stops the whole update; any other throw is this call's
 *   error: nothing of it applies, later calls run as usual.
 * - `dash_clientside.Patch` builds Dash's partial-update objects (`.assign(...).build()`), and
 *   `dash_clientside.set_props(id, props)` changes another component (the host decides how).
 *
 * `runCall` never throws: it resolves to `{status: "ok" | "prevent" | "error", outputs, error}` (with
 * `missing: true` when the function is not defined on this page) where
 * `outputs` follows the flattened Outputs: `[present, value]` per scalar output, an array of those
 * per ALL output.
 */

/** @param {any} id */
export function stringifyId(id) {
  if (typeof id !== "object" || id === null) return id;
  const keys = Object.keys(id).sort();
  return "{" + keys.map((k) => JSON.stringify(k) + ":" + stringifyValue(id[k])).join(",") + "}";
}

/** @param {any} value */
function stringifyValue(value) {
  // Dash's stringifyId: wildcards are arrays like ["ALL"], everything else JSON
  return JSON.stringify(value);
}

const NO_UPDATE = { description: "Return to prevent updating an Output." };
const PREVENT_UPDATE = { description: "Throw to prevent updating all Outputs." };

/** Dash's PatchBuilder: records operations, `build()` gives `{__dash_patch_update, operations}`. */
export class PatchBuilder {
  constructor() {
    /** @type {{operation: string, location: any[], params: any}[]} */
    this.operations = [];
  }
  /** @param {string} operation @param {any[]} location @param {any} params */
  _op(operation, location, params) {
    this.operations.push({ operation, location, params });
    return this;
  }
  /** @param {any[]} l @param {any} v */ assign(l, v) { return this._op("Assign", l, { value: v }); }
  /** @param {any[]} l @param {any} v */ merge(l, v) { return this._op("Merge", l, { value: v }); }
  /** @param {any[]} l @param {any} v */ extend(l, v) { return this._op("Extend", l, { value: v }); }
  /** @param {any[]} l */ delete(l) { return this._op("Delete", l, {}); }
  /** @param {any[]} l @param {number} index @param {any} v */ insert(l, index, v) { return this._op("Insert", l, { index, value: v }); }
  /** @param {any[]} l @param {any} v */ append(l, v) { return this._op("Append", l, { value: v }); }
  /** @param {any[]} l @param {any} v */ prepend(l, v) { return this._op("Prepend", l, { value: v }); }
  /** @param {any[]} l @param {any} v */ add(l, v) { return this._op("Add", l, { value: v }); }
  /** @param {any[]} l @param {any} v */ sub(l, v) { return this._op("Sub", l, { value: v }); }
  /** @param {any[]} l @param {any} v */ mul(l, v) { return this._op("Mul", l, { value: v }); }
  /** @param {any[]} l @param {any} v */ div(l, v) { return this._op("Div", l, { value: v }); }
  /** @param {any[]} l */ clear(l) { return this._op("Clear", l, {}); }
  /** @param {any[]} l */ reverse(l) { return this._op("Reverse", l, {}); }
  /** @param {any[]} l @param {any} v */ remove(l, v) { return this._op("Remove", l, { value: v }); }
  build() {
    return { __dash_patch_update: "__dash_patch_update", operations: this.operations };
  }
}

// Dash's clean_url (sanitize-url's rules, data: allowed)
const invalidProtocols = /^([^\w]*)(javascript|vbscript)/im;
const newLines = /&(tab|newline);/gi;
// eslint-disable-next-line no-control-regex
const ctrlChars = /[\u0000-\u001F\u007F-\u009F\u2000-\u200D\uFEFF]/gim;
const htmlEntities = /&#(\w+)(^\w|;)?/g;

/**
 * `dash_clientside.clean_url(url, fallback = "about:blank")`: a `javascript:` / `vbscript:` URL
 * (also spelled with entities, control characters or leading punctuation) becomes `fallback`, as
 * in Dash. Values that are not strings pass unchanged (library props may hold anything).
 * @param {any} url @param {string} [fallback]
 */
export function cleanUrl(url, fallback = "about:blank") {
  if (typeof url !== "string" || url === "") return url;
  const cleaned = url
    .replace(newLines, "")
    .replace(ctrlChars, "")
    .replace(htmlEntities, (_, dec) => String.fromCharCode(dec))
    .trim();
  return invalidProtocols.test(cleaned) ? fallback : url;
}

const API = "__nbdash_dash_clientside_api__";

/** Dash's sentinels, defined as dash-renderer defines them (read-only, kept if present). @param {any} dc */
function sentinels(dc) {
  if (!dc.no_update) {
    Object.defineProperty(dc, "no_update", { value: NO_UPDATE, writable: false });
    Object.defineProperty(dc, "PreventUpdate", { value: PREVENT_UPDATE, writable: false });
  }
}

/**
 * The one builder of `global.dash_clientside` (the page's `window`, or the kernel's V8 global):
 * `no_update`, `PreventUpdate`, `set_props` (the host's `setProps`), `clean_url`, `Patch`; what is
 * there already (namespaces from `assets/*.js`, a `clean_url` of the page's own) is kept.
 * `callback_context` exists only while a clientside function runs (`startCall`), as in Dash.
 * @param {any} global
 * @param {(idOrPath: any, props: Record<string, any>) => void} setProps
 */
export function install(global, setProps) {
  const dc = (global.dash_clientside = global.dash_clientside || {});
  sentinels(dc);
  dc.set_props = setProps;
  if (dc.clean_url === undefined) dc.clean_url = cleanUrl;
  dc.Patch = PatchBuilder;
  global[API] = { set_props: setProps, clean_url: dc.clean_url, Patch: PatchBuilder };
  return dc;
}

/**
 * `global.dash_clientside` as a call finds it: page scripts may have replaced the object
 * (`window.dash_clientside = {ns: ...}`), so what `install` put there is put back where missing.
 * @param {any} global
 */
function current(global) {
  const dc = (global.dash_clientside = global.dash_clientside || {});
  sentinels(dc);
  const api = global[API];
  if (api) for (const key of ["set_props", "clean_url", "Patch"]) if (dc[key] === undefined) dc[key] = api[key];
  return dc;
}

/** @param {any} entry */
const valuesOf = (entry) => (Array.isArray(entry) ? entry.map((e) => e.value) : entry.value);

/** Dash's inputsToDict. @param {any[] | undefined} list */
function toDict(list) {
  /** @type {Record<string, any>} */
  const out = {};
  for (const entry of list || []) {
    for (const item of Array.isArray(entry) ? entry : [entry]) {
      out[`${stringifyId(item.id)}.${item.property}`] = item.value ?? null;
    }
  }
  return out;
}

/** @param {string[]} changed */
function triggeredId(changed) {
  if (!changed.length) return undefined;
  const first = changed[0];
  return first.startsWith("{") ? JSON.parse(first.substring(0, first.lastIndexOf("}") + 1)) : first.split(".")[0];
}

/** Dash's zipIfArray. @param {any} a @param {any} b @param {any} noUpdate */
function zipIfArray(a, b, noUpdate) {
  if (!Array.isArray(a)) return [[a, b]];
  const other = b === noUpdate ? [b] : b;
  const n = Math.min(a.length, Array.isArray(other) ? other.length : (other && typeof other.length === "number" ? other.length : 0));
  const pairs = [];
  for (let i = 0; i < n; i++) pairs.push([a[i], other[i]]);
  return pairs;
}

/**
 * One clientside call.
 * @param {any} global  the object holding `dash_clientside` (window, or V8's globalThis)
 * @param {{namespace: string, function_name: string, inputs: any[], state?: any[],
 *          outputs: any, changedPropIds: string[], multi?: boolean}} payload  Dash's callback payload
 *   shape; `multi` false: one output (possibly ALL), true: several
 * @returns {Promise<{status: string, outputs?: any[], error?: {message: string, stack: string}}>}
 */
export async function runCall(global, payload) {
  const started = startCall(global, payload);
  return "done" in started ? started.done : started.pending;
}

/**
 * `runCall` without a Promise when the function returns a plain value: `{done: result}`, or
 * `{pending: Promise<result>}` when it returned a Promise (the kernel's V8 host saves a wait).
 * @param {any} global
 * @param {any} payload
 * @returns {{done: any} | {pending: Promise<any>}}
 */
export function startCall(global, payload) {
  const dc = current(global);
  const { namespace, function_name, inputs, outputs, changedPropIds } = payload;
  const state = payload.state && payload.state.length ? payload.state : undefined;
  const multi = payload.multi !== false && Array.isArray(outputs);
  let missing = false;
  /** @param {any} e */
  const failed = (e) => {
    if (e === dc.PreventUpdate) return { status: "prevent" };
    const err = /** @type {any} */ (e);
    const message = err instanceof Error ? `${err.name}: ${err.message}` : `Uncaught ${safeString(err)}`;
    const result = { status: "error", error: { message, stack: (err && err.stack) || message } };
    return missing ? { ...result, missing: true } : result;
  };
  /** @param {any} value */
  const finished = (value) => ({ status: "ok", outputs: zipOutputs(outputs, value, dc.no_update, multi) });
  let value;
  try {
    const ns = dc[namespace];
    const fn = ns && ns[function_name];
    if (typeof fn !== "function") {
      missing = true;
      throw new Error(
        `No clientside function dash_clientside["${namespace}"]["${function_name}"]: ` +
          (namespace === "_dashprivate_clientside_funcs"
            ? "the inline function's source did not define a function."
            : `define it in a .js file of the app's assets folder (window.dash_clientside.${namespace} = {${function_name}: function(...) {...}}).`),
      );
    }
    const inputDict = toDict(inputs);
    let args = inputs.map(valuesOf);
    if (state) args = args.concat(state.map(valuesOf));
    dc.callback_context = {
      triggered: changedPropIds.map((/** @type {string} */ prop_id) => ({ prop_id, value: inputDict[prop_id] })),
      triggered_id: triggeredId(changedPropIds),
      inputs_list: inputs,
      inputs: inputDict,
      states_list: state,
      states: toDict(state),
      outputs_list: outputs,
    };
    try {
      value = fn(...args);
    } finally {
      delete dc.callback_context;
    }
  } catch (e) {
    return { done: failed(e) };
  }
  if (value && typeof value.then === "function") {
    return { pending: Promise.resolve(value).then(finished, failed) };
  }
  try {
    return { done: finished(value) };
  } catch (e) {
    return { done: failed(e) };
  }
}

/** @param {any} value */
function safeString(value) {
  try {
    return typeof value === "string" ? value : JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/**
 * Flattened-output form of a return value: `[present, value]` per scalar output, an array of
 * those per ALL output; `[]` for a no-output callback.
 * @param {any} outputs @param {any} value @param {any} noUpdate @param {boolean} multi
 */
function zipOutputs(outputs, value, noUpdate, multi) {
  if (outputs === undefined || outputs === null || (Array.isArray(outputs) && !outputs.length)) return [];
  const present = (/** @type {any} */ v) => v !== noUpdate && v !== undefined;
  /** @param {any} out */
  const empty = (out) => (Array.isArray(out) ? out.map(() => [false, null]) : [false, null]);
  if (!multi) {
    // one output: Dash's payload has it unwrapped (an array of slots for an ALL output)
    const slot = empty(outputs);
    if (!Array.isArray(outputs)) return [present(value) ? [true, value] : slot];
    zipIfArray(outputs, value, noUpdate).forEach(([, v], j) => {
      if (present(v)) slot[j] = [true, v];
    });
    return [slot];
  }
  const result = outputs.map(empty);
  zipIfArray(outputs, value, noUpdate).forEach(([outi, reti], i) => {
    if (Array.isArray(outi)) {
      zipIfArray(outi, reti, noUpdate).forEach(([, retij], j) => {
        if (present(retij)) result[i][j] = [true, retij];
      });
    } else if (present(reti)) {
      result[i] = [true, reti];
    }
  });
  return result;
}
