/**
 * The view's copy of the app's tree, indexed by id.
 *
 * The mirror is the source of truth for props in the browser: patches change it first, then the
 * renderer updates whatever is mounted (a component inside an unselected tab is in the mirror but
 * not in the DOM, and shows its current props when the tab is selected). Only the props that may
 * hold components (`children`, option labels, a tab's `label`...) are walked when indexing, so a
 * figure with a million points is never traversed.
 */
import { stringifyId, canonicalId } from "./ids.js";

/** @typedef {import("./protocol.js").ComponentNode} ComponentNode */

const DCC = "dash_core_components";

/** Props that may hold components, per dcc type (every other component: `children`). */
const COMPONENT_PROPS = {
  Dropdown: ["options"],
  Checklist: ["options"],
  RadioItems: ["options"],
  Tab: ["children", "label"],
  Loading: ["children", "custom_spinner"],
  Clipboard: ["children", "copied_children"],
};

/** Library components' props that hold components (Dash's `_children_props`, top-level names). */
const FOREIGN_PROPS = new Map();

/**
 * Register a library's `_children_props` (`{Type: ["a", "a.b", "a[]", "a[].b", "a{}"]}`).
 * @param {string} namespace
 * @param {Record<string, string[] | null>} byType
 */
export function registerChildrenProps(namespace, byType) {
  for (const [type, paths] of Object.entries(byType ?? {})) {
    const top = new Set(["children", ...(paths ?? []).map((p) => p.split(/[.[{]/)[0])]);
    FOREIGN_PROPS.set(namespace + "\0" + type, [...top]);
  }
}

/**
 * @param {unknown} value
 * @returns {value is ComponentNode}
 */
export function isNode(value) {
  return !!value && typeof value === "object" && !Array.isArray(value) &&
    typeof (/** @type {any} */ (value).type) === "string" &&
    typeof (/** @type {any} */ (value).namespace) === "string" &&
    !!(/** @type {any} */ (value).props) && typeof (/** @type {any} */ (value).props) === "object";
}

/** @param {ComponentNode} node */
export function componentProps(node) {
  return (node.namespace === DCC && /** @type {any} */ (COMPONENT_PROPS)[node.type]) ||
    FOREIGN_PROPS.get(node.namespace + "\0" + node.type) || ["children"];
}

/**
 * Every component node inside a prop value, pre-order (a node itself, then its descendants).
 * @param {unknown} value
 * @param {(node: ComponentNode) => void} visit
 */
export function walk(value, visit) {
  if (Array.isArray(value)) {
    for (const item of value) if (item && typeof item === "object") walk(item, visit);
  } else if (isNode(value)) {
    visit(value);
    for (const prop of componentProps(value)) {
      const child = value.props[prop];
      if (child && typeof child === "object") walk(child, visit);
    }
  } else if (value && typeof value === "object") {
    for (const item of Object.values(value)) if (item && typeof item === "object") walk(item, visit);
  }
}

export class Mirror {
  /** @param {ComponentNode} root */
  constructor(root) {
    this.root = root;
    /** @type {Map<string, ComponentNode>} */
    this.index = new Map();
    this.add(root);
  }

  /** @param {ComponentNode} node */
  static idOf(node) {
    return node.props.id == null ? undefined : stringifyId(node.props.id);
  }

  /** The node with this id string (a kernel id string or the browser's spelling). */
  get(/** @type {string} */ key) {
    return this.index.get(key) ?? this.index.get(canonicalId(key));
  }

  /** Every node of a given dcc/html type (e.g. all Locations). */
  ofType(/** @type {string} */ namespace, /** @type {string} */ type) {
    return [...this.index.values()].filter((n) => n.namespace === namespace && n.type === type);
  }

  /**
   * Set one prop; re-index when it holds components. Returns the old value.
   * @param {ComponentNode} node
   * @param {string} prop
   * @param {any} value
   */
  set(node, prop, value) {
    const old = node.props[prop];
    const holds = prop === "id" || componentProps(node).includes(prop);
    if (holds) prop === "id" ? this.remove(node) : this.remove(old);
    node.props[prop] = value;
    if (holds) prop === "id" ? this.add(node) : this.add(value);
    return old;
  }

  /** @param {unknown} value */
  add(value) {
    walk(value, (node) => {
      const id = Mirror.idOf(node);
      if (id !== undefined) this.index.set(id, node);
    });
  }

  /** @param {unknown} value */
  remove(value) {
    walk(value, (node) => {
      const id = Mirror.idOf(node);
      if (id !== undefined && this.index.get(id) === node) this.index.delete(id);
    });
  }
}
