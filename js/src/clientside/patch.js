/**
 * Dash's `Patch` applied in the page: the operations of a `{__dash_patch_update, operations}` value
 * returned by a clientside callback, applied to the mirror's current value of the prop.
 *
 * This is the browser twin of the kernel's `nbdash/_patch.py` `apply_patch`, with the same rules so
 * the page shows at once exactly the value the kernel computes when the event reaches it:
 * operations in order, each location's negative list indexes resolved against the value at that
 * step; missing containers on an assigned path are created (a list for an integer key, a dict
 * otherwise; list gaps are `null`); deleting what is not there is a no-op; `Insert` out of range
 * appends; `Remove` drops every deep-equal item; `Merge` is a shallow merge; `Add` takes numbers
 * (booleans count), a string plus a number or string, or two lists; `null` counts as 0 in arithmetic.
 * The input is never mutated: only the containers on the changed path are copied.
 *
 * Where the kernel raises `PatchError`, {@link applyPatchValue} throws {@link PatchConflict}: the
 * page then leaves the prop alone and the kernel's answer (an error for that callback) decides.
 * Component nodes in a value are plain `{type, namespace, props}` objects here, so they are
 * navigated like any dict; the kernel only allows `props` under a component, checked the same way.
 */
import { isNode } from "../mirror.js";

export const PATCH_KEY = "__dash_patch_update";

/** A patch the kernel would refuse (it records the error; the page changes nothing). */
export class PatchConflict extends Error {}

const MISSING = Symbol("missing");

/** @param {any} value */
export function isPatch(value) {
  return !!value && typeof value === "object" && !Array.isArray(value) && !isNode(value) && PATCH_KEY in value;
}

/** @param {any} v */
const isNumber = (v) => typeof v === "number" || typeof v === "boolean";
/** @param {any} v */
const isDict = (v) => !!v && typeof v === "object" && !Array.isArray(v);
/** @param {any} k */
const isIndex = (k) => typeof k === "number" && Number.isInteger(k);

/** @param {any} node @param {string | number} key @returns {[string | number, any]} */
function lookup(node, key) {
  if (Array.isArray(node)) return [key, isIndex(key) && key >= 0 && key < node.length ? node[/** @type {number} */ (key)] : MISSING];
  if (isDict(node)) {
    const slot = typeof key === "number" ? String(key) : key;
    return [key, Object.prototype.hasOwnProperty.call(node, slot) ? node[slot] : MISSING];
  }
  return [key, MISSING];
}

/** @param {any} location */
function checkLocation(location) {
  if (!Array.isArray(location)) throw new PatchConflict("the location must be a list of keys");
  for (const key of location) {
    if (!(typeof key === "string" || isIndex(key))) throw new PatchConflict(`location keys must be str or int, not ${JSON.stringify(key)}`);
  }
  return location;
}

/** @param {any} value @param {(string | number)[]} location */
function resolveLocation(value, location) {
  /** @type {(string | number)[]} */
  const resolved = [];
  let node = value;
  for (let key of location) {
    if (typeof key === "number" && key < 0) {
      if (!Array.isArray(node)) throw new PatchConflict(`the negative index ${key} needs a list`);
      if (key + node.length < 0) throw new PatchConflict(`index ${key} is out of range for a list of length ${node.length}`);
      key = key + node.length;
    }
    resolved.push(key);
    node = lookup(node, key)[1];
  }
  return resolved;
}

/** @param {any} node @param {string | number} key */
function containerFor(node, key) {
  if (node === MISSING || node === null || node === undefined) return isIndex(key) ? [] : {};
  if (Array.isArray(node)) {
    if (!isIndex(key)) throw new PatchConflict(`cannot use the key ${JSON.stringify(key)} on a list`);
    return node;
  }
  if (isDict(node)) return node;
  throw new PatchConflict(`cannot use the key ${JSON.stringify(key)} on ${JSON.stringify(node)}`);
}

/** @param {any} container @param {string | number} slot @param {any} value */
function withSlot(container, slot, value) {
  if (Array.isArray(container)) {
    const items = container.slice();
    const i = /** @type {number} */ (slot);
    while (items.length <= i) items.push(null);
    items[i] = value;
    return items;
  }
  if (isNode(container) && slot !== "props") throw new PatchConflict(`only the 'props' of a component can be patched, not ${JSON.stringify(slot)}`);
  if (isNode(container) && !isDict(value)) throw new PatchConflict("a component's 'props' must stay a dict");
  return { ...container, [String(slot)]: value };
}

/** @param {any} node @param {(string | number)[]} path @param {(old: any) => any} change @returns {any} */
function replaceAt(node, path, change) {
  if (!path.length) return change(node);
  const container = containerFor(node, path[0]);
  const [slot, old] = lookup(container, path[0]);
  return withSlot(container, slot, replaceAt(old, path.slice(1), change));
}

/** @param {any} container @param {string | number} key */
function without(container, key) {
  if (isNode(container)) throw new PatchConflict(`cannot delete ${JSON.stringify(key)} from a component; delete keys under 'props'`);
  if (Array.isArray(container)) {
    if (!isIndex(key)) throw new PatchConflict(`cannot use the key ${JSON.stringify(key)} on a list`);
    return /** @type {number} */ (key) >= container.length ? container : container.filter((_, i) => i !== key);
  }
  const slot = String(key);
  if (!Object.prototype.hasOwnProperty.call(container, slot)) return container;
  const copy = { ...container };
  delete copy[slot];
  return copy;
}

/** @param {any} node @param {(string | number)[]} path @returns {any} */
function deleteAt(node, path) {
  if (!path.length || node === MISSING || node === null || node === undefined) return node;
  if (!(Array.isArray(node) || isDict(node))) throw new PatchConflict(`cannot use the key ${JSON.stringify(path[0])} on ${JSON.stringify(node)}`);
  if (path.length === 1) return without(node, path[0]);
  const container = containerFor(node, path[0]);
  const [slot, old] = lookup(container, path[0]);
  const child = deleteAt(old, path.slice(1));
  return child === old ? node : withSlot(container, slot, child);
}

/** Deep equality on JSON values (true is not 1, NaN equals NaN). @param {any} a @param {any} b @returns {boolean} */
function jsonEquals(a, b) {
  if (typeof a === "boolean" || typeof b === "boolean") return a === b;
  if (typeof a === "number" && typeof b === "number") return a === b || (Number.isNaN(a) && Number.isNaN(b));
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => jsonEquals(x, b[i]));
  if (isDict(a) && isDict(b)) {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    return ka.length === kb.length && ka.every((k, i) => k === kb[i] && jsonEquals(a[k], b[k]));
  }
  return a === b;
}

/** @param {Record<string, any>} params @param {string} name */
function param(params, name) {
  if (!(name in params)) throw new PatchConflict(`its params have no ${JSON.stringify(name)}`);
  return params[name];
}

/** @param {any} old @param {string} what @returns {any[]} */
function needList(old, what) {
  if (!Array.isArray(old)) throw new PatchConflict(`${what} needs a list there`);
  return old;
}

/** @param {any} old @param {any} value @param {string} name */
function operands(old, value, name) {
  if (old === MISSING) throw new PatchConflict(`${name} needs a value there, but there is nothing`);
  return [old === null && isNumber(value) ? 0 : old, value];
}

/** @param {string} name @param {(a: number, b: number) => number} compute */
function arithmetic(name, compute) {
  return (/** @type {any} */ old, /** @type {Record<string, any>} */ params) => {
    const [a, b] = operands(old, param(params, "value"), name);
    if (!(isNumber(a) && isNumber(b))) throw new PatchConflict(`${name} needs numbers`);
    return compute(Number(a), Number(b));
  };
}

/** @type {Record<string, (old: any, params: Record<string, any>) => any>} */
const LEAF = {
  Assign: (old, p) => param(p, "value"),
  Merge(old, p) {
    const value = param(p, "value");
    if (value !== null && !isDict(value)) throw new PatchConflict("the value to merge must be a dict");
    if (old === MISSING || old === null) return { ...(value || {}) };
    if (!isDict(old)) throw new PatchConflict("Merge needs a dict there");
    return { ...old, ...(value || {}) };
  },
  Extend(old, p) {
    const value = param(p, "value");
    if (typeof old === "string" && typeof value === "string") return old + value;
    const items = needList(old, "Extend");
    if (!Array.isArray(value)) throw new PatchConflict("the value to extend with must be a list");
    return [...items, ...value];
  },
  Insert(old, p) {
    const items = needList(old, "Insert");
    let index = param(p, "index");
    if (!isIndex(index)) throw new PatchConflict("the index must be an int");
    if (index < 0) index += items.length;
    if (!(index >= 0 && index < items.length)) index = items.length;
    return [...items.slice(0, index), param(p, "value"), ...items.slice(index)];
  },
  Append: (old, p) => [...(old === MISSING || old === null ? [] : needList(old, "Append")), param(p, "value")],
  Prepend: (old, p) => [param(p, "value"), ...(old === MISSING || old === null ? [] : needList(old, "Prepend"))],
  Add(old, p) {
    const [a, b] = operands(old, param(p, "value"), "Add");
    if (isNumber(a) && isNumber(b)) return Number(a) + Number(b);
    if (typeof a === "string" && (typeof b === "string" || typeof b === "number" || typeof b === "boolean")) return a + String(b);
    if (typeof b === "string" && isNumber(a)) return String(a) + b;
    if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
    throw new PatchConflict("cannot add these values");
  },
  Sub: arithmetic("Sub", (a, b) => a - b),
  Mul: arithmetic("Mul", (a, b) => a * b),
  Div: arithmetic("Div", (a, b) => a / b),
  Clear(old) {
    if (Array.isArray(old)) return [];
    if (isDict(old)) return {};
    if (typeof old === "string") return "";
    throw new PatchConflict("Clear needs a list, dict or str there");
  },
  Reverse: (old) => (typeof old === "string" ? [...old].reverse().join("") : needList(old, "Reverse").slice().reverse()),
  Remove(old, p) {
    const value = param(p, "value");
    return needList(old, "Remove").filter((item) => !jsonEquals(item, value));
  },
};

/**
 * The value `current` becomes under `patch` (its serialized form). `current` is not modified.
 * `undefined` (a prop with no value) cannot be patched; `null` can, as in the kernel.
 * @param {any} current
 * @param {any} patch
 * @throws {PatchConflict} where the kernel's apply_patch raises PatchError
 */
export function applyPatchValue(current, patch) {
  const operations = patch && patch.operations;
  if (!Array.isArray(operations)) throw new PatchConflict("a patch's 'operations' must be a list");
  if (current === undefined) throw new PatchConflict("Cannot patch undefined");
  let value = current;
  for (const operation of operations) {
    if (!isDict(operation)) throw new PatchConflict("an operation must be a dict");
    const name = operation.operation;
    const location = resolveLocation(value, checkLocation(operation.location ?? []));
    const params = operation.params || {};
    if (name === "Delete") value = deleteAt(value, location);
    else if (Object.prototype.hasOwnProperty.call(LEAF, name)) value = replaceAt(value, location, (old) => LEAF[name](old, params));
    else throw new PatchConflict(`Invalid Operation ${name}`);
  }
  return value;
}
