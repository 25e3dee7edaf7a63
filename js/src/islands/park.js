/**
 * Islands of a view's first tree, kept for the kernel's tree that replaces it.
 *
 * A view shows the tree its widget was created with at once (index.js, `provisional`), then
 * replaces the whole tree with the one the kernel answers its hello with — usually the same. With
 * the libraries pushed on display (nbdash/_preload.py) a DataTable or AG Grid of the first tree is
 * often drawn by then, and drawing it again from scratch is the most expensive part of a cold
 * start. So an island of a provisional tree is parked when that tree is disposed, until the end of
 * the task; the new tree's island for an equal node in the same view takes it over (its React
 * root, its DOM, the library component's own state), and JSON-equal prop values of the new nodes
 * are replaced by the old objects, so the component re-renders with the very same `data` /
 * `rowData` and does no work. "Equal" leaves aside the props components set on themselves (AG
 * Grid's `columnState` and `virtualRowData` on mount): those are replayed on the new tree as the
 * component's own changes. Unclaimed islands are disposed as before. Only first trees are
 * parked: a full tree after the app was re-loaded renders afresh, as a Dash page reload does.
 */
import { jsonEqual } from "../json.js";
import { componentProps, isNode } from "../mirror.js";

/** @typedef {import("../protocol.js").ComponentNode} ComponentNode */
/** @typedef {{node: ComponentNode, release: () => void}} Parked */

/** per view (`renderer.host`): parked islands and what to do if no new tree takes them */
const PARKED = new WeakMap();

/**
 * Keep an island of a disposed first tree until the end of the task.
 * @template {Parked} T
 * @param {object} host @param {T} entry
 */
export function park(host, entry) {
  /** @type {Parked[]} */
  let list = PARKED.get(host);
  if (!list) PARKED.set(host, (list = []));
  list.push(entry);
  const parked = list;
  setTimeout(() => {
    const at = parked.indexOf(entry);
    if (at < 0) return; // taken by the new tree
    parked.splice(at, 1);
    entry.release();
  }, 0);
}

/** props a library component set on a node itself (its `setProps`), per node */
const OWN = new WeakMap();

/**
 * Note props a component set on itself (island setProps): they are the component's state, not
 * the tree's, so they neither prevent a take-over nor are lost by it.
 * @param {ComponentNode} node @param {Record<string, any>} props
 */
export function noteOwnProps(node, props) {
  let own = OWN.get(node);
  if (!own) OWN.set(node, (own = new Set()));
  for (const prop of Object.keys(props)) own.add(prop);
}

/**
 * A parked island of this view whose node equals `node` (JSON, leaving aside the props its
 * components set themselves), removed from the parked ones.
 * @template {Parked} T
 * @param {object} host @param {ComponentNode} node @returns {T | undefined}
 */
export function claim(host, node) {
  /** @type {T[] | undefined} */
  const list = PARKED.get(host);
  if (!list?.length) return undefined;
  const at = list.findIndex((e) => e.node.namespace === node.namespace && e.node.type === node.type &&
    jsonEqual(e.node.props.id, node.props.id) && sameTree(e.node, node));
  return at < 0 ? undefined : list.splice(at, 1)[0];
}

/** @param {ComponentNode} a @param {ComponentNode} b */
function sameTree(a, b) {
  if (a.namespace !== b.namespace || a.type !== b.type) return false;
  const own = OWN.get(a);
  const nested = new Set(componentProps(b));
  for (const prop of new Set([...Object.keys(a.props), ...Object.keys(b.props)])) {
    if (own?.has(prop)) continue;
    if (nested.has(prop) ? !sameValue(a.props[prop], b.props[prop]) : !jsonEqual(a.props[prop], b.props[prop])) return false;
  }
  return true;
}

/** @param {unknown} a @param {unknown} b @returns {boolean} */
function sameValue(a, b) {
  if (isNode(a) && isNode(b)) return sameTree(a, b);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  return jsonEqual(a, b);
}

/**
 * Prepare `fresh` (a node of the new tree, taking over from `old`): its prop values equal to the
 * old node's become the old objects, so library components see unchanged objects; component-
 * holding props are followed node by node (their nodes stay the new tree's: the renderer indexes
 * those). Returns the props components had set themselves that the new tree does not have yet, per
 * new node: the caller replays them as the components' own changes (the component keeps its state,
 * so the tree, and the kernel if a callback watches them, must hear of them again).
 * @param {ComponentNode} old @param {ComponentNode} fresh
 * @returns {[ComponentNode, Record<string, any>][]}
 */
export function shareEqualProps(old, fresh) {
  /** @type {[ComponentNode, Record<string, any>][]} */
  const replay = [];
  const visit = (/** @type {ComponentNode} */ a, /** @type {ComponentNode} */ b) => {
    if (a === b || a.namespace !== b.namespace || a.type !== b.type) return;
    const nested = new Set(componentProps(b));
    const own = OWN.get(a);
    /** @type {Record<string, any>} */
    const mine = {};
    for (const prop of own ?? []) if (!jsonEqual(a.props[prop], b.props[prop])) mine[prop] = a.props[prop];
    if (Object.keys(mine).length) replay.push([b, mine]);
    for (const [prop, value] of Object.entries(b.props)) {
      const before = a.props[prop];
      if (nested.has(prop)) pairs(before, value);
      else if (prop !== "id" && value !== before && value && typeof value === "object" && jsonEqual(before, value)) b.props[prop] = before;
    }
  };
  const pairs = (/** @type {unknown} */ a, /** @type {unknown} */ b) => {
    if (isNode(a) && isNode(b)) visit(a, b);
    else if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) a.forEach((x, i) => pairs(x, b[i]));
  };
  visit(old, fresh);
  return replay;
}
