/**
 * One app view's island store: what library components see of the app, and their way back to it.
 *
 * A *view* onto the renderer's Mirror, not a copy: nodes are the mirror's own objects, mutated in
 * place by patches. Change detection is by version numbers — one per node (the node's DashNode
 * re-renders when it moves) and one for the store (useSelector subscribers recompute). A patch to a
 * node re-renders that node only, plus its ancestors whose component has the static
 * `dashChildrenUpdate` (Tabs, Accordion: they read their children's props).
 *
 * `userChange(node, props)` is a library component's `setProps`: props equal to the mirror's
 * (JSON equality) are dropped; the rest are applied to the mirror at once. Props a callback has as
 * an Input (`inputs` from the kernel; pattern ids matched by key set and value, wildcards match
 * anything) go to the kernel at once through the renderer's send path; the others are held back and
 * sent before this view's next event, when the user leaves the view (pointer or focus: index.js; a
 * click in another view of the app then reads them) or after PENDING_MS, so `State` reads them and a
 * DataTable's or AG Grid's stream of derived props never floods the comm. Held-back props count as
 * set by the next event (`Renderer.hold`): the kernel's echo of an earlier event, which still has
 * their old values (a DataTable's `active_cell` sent with an edit, then moved by Enter), does not
 * overwrite them.
 *
 * `getState()` gives `{layout, paths, loading, config}` as dash-renderer's store has them, computed
 * lazily once per store version.
 */
import { Mirror, componentProps, isNode } from "../mirror.js";
import { jsonEqual } from "../json.js";
import { canonicalId } from "../ids.js";
import { stores } from "./api.js";

/** @typedef {import("../protocol.js").ComponentNode} ComponentNode */
/** @typedef {import("../renderer.js").Renderer} Renderer */

export const PENDING_MS = 300;

/** @param {unknown} v */
const isWildcard = (v) => Array.isArray(v) && v.length === 1 && ["ALL", "MATCH", "ALLSMALLER"].includes(v[0]);

export class IslandStore {
  /** @param {Renderer} renderer */
  constructor(renderer) {
    this.renderer = renderer;
    this.version = 0;
    /** @type {Set<() => void>} */
    this.listeners = new Set();
    /** @type {WeakMap<ComponentNode, number>} */
    this.nodeVersions = new WeakMap();
    /** @type {WeakMap<ComponentNode, Set<() => void>>} */
    this.nodeListeners = new WeakMap();
    /** @type {WeakMap<ComponentNode, ComponentNode>} child → parent, as rendered in islands */
    this.parents = new WeakMap();
    /** @type {WeakMap<ComponentNode, string>} why a node renders next: "internal" | "callback" */
    this.renderKinds = new WeakMap();
    /** @type {Map<ComponentNode, Record<string, any>>} */
    this.pending = new Map();
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.timer = undefined;
    /** @type {Map<string, Set<string>>} */
    this.watchedIds = new Map();
    /** @type {{id: Record<string, any>, keys: string, prop: string}[]} */
    this.watchedPatterns = [];
    /** @type {{version: number, value: any} | null} */
    this.state = null;
    /** @type {Promise<void>} app scripts (assets/*.js) that must run before library components render */
    this.scriptsReady = Promise.resolve();
    this.subscribe = this.subscribe.bind(this);
    this.getState = this.getState.bind(this);
    stores.all.add(this);
    this.unLoading = renderer.onLoading(() => this.bump());
  }

  // -- watched props ---------------------------------------------------------------------------
  /** @param {[unknown, string][]} inputs  the kernel's Input list */
  setInputs(inputs) {
    this.watchedIds.clear();
    this.watchedPatterns = [];
    for (const [id, prop] of inputs ?? []) {
      if (typeof id === "string") {
        const props = this.watchedIds.get(id) ?? new Set();
        props.add(prop);
        this.watchedIds.set(id, props);
      } else if (id && typeof id === "object") {
        const obj = /** @type {Record<string, any>} */ (id);
        if (Object.values(obj).some(isWildcard)) {
          this.watchedPatterns.push({ id: obj, keys: Object.keys(obj).sort().join("\0"), prop });
        } else {
          const key = canonicalId(JSON.stringify(obj));
          const props = this.watchedIds.get(key) ?? new Set();
          props.add(prop);
          this.watchedIds.set(key, props);
        }
      }
    }
  }

  /** @param {ComponentNode} node @param {string} prop */
  isWatched(node, prop) {
    const id = node.props.id;
    if (id == null) return false;
    const key = Mirror.idOf(node);
    if (key !== undefined && this.watchedIds.get(key)?.has(prop)) return true;
    if (typeof id !== "object" || !this.watchedPatterns.length) return false;
    const keys = Object.keys(id).sort().join("\0");
    return this.watchedPatterns.some((p) => p.prop === prop && p.keys === keys &&
      Object.entries(p.id).every(([k, v]) => isWildcard(v) || jsonEqual(v, id[k])));
  }

  // -- user changes ----------------------------------------------------------------------------
  /** A component set its own props (setProps). @param {ComponentNode} node @param {Record<string, any>} props */
  userChange(node, props) {
    if (!props || typeof props !== "object") return;
    /** @type {Record<string, any>} */ const changed = {};
    for (const [prop, value] of Object.entries(props)) {
      if (prop === "id" || prop === "setProps") continue;
      if (!jsonEqual(node.props[prop], value)) changed[prop] = value;
    }
    const names = Object.keys(changed);
    if (!names.length) return;
    for (const prop of names) this.renderer.mirror.set(node, prop, changed[prop]);
    this.changed(node, "internal");
    this.forward(node, changed);
  }

  /**
   * Tell the kernel about props already applied here: watched ones at once (with what was held
   * back for the node), others held back.
   * @param {ComponentNode} node @param {Record<string, any>} changed
   */
  forward(node, changed) {
    if (node.props.id == null) return; // nothing in the kernel can listen
    const held = { ...(this.pending.get(node) ?? {}), ...changed };
    if (Object.keys(changed).some((p) => this.isWatched(node, p))) {
      this.pending.delete(node);
      this.flush();
      this.renderer.send(node, held);
    } else {
      this.pending.set(node, held);
      this.renderer.hold(node, changed); // an echo of an older event must not undo them meanwhile
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.flush(), PENDING_MS);
    }
  }

  /** Send the held-back props (before any event of this view, and after a quiet spell). */
  flush() {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.pending.size) return;
    const pending = [...this.pending];
    this.pending.clear();
    for (const [node, props] of pending) {
      if (this.renderer.mirror.get(/** @type {string} */ (Mirror.idOf(node))) === node) this.renderer.send(node, props);
    }
  }

  // -- versions --------------------------------------------------------------------------------
  /** @param {ComponentNode} node */
  nodeVersion(node) {
    return this.nodeVersions.get(node) ?? 0;
  }

  /** @param {ComponentNode} node @param {() => void} listener */
  subscribeNode(node, listener) {
    let set = this.nodeListeners.get(node);
    if (!set) this.nodeListeners.set(node, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  /**
   * A node's props changed (a patch: "callback"; its own setProps: "internal").
   * @param {ComponentNode} node @param {string} kind
   */
  changed(node, kind) {
    this.renderKinds.set(node, kind);
    this.touch(node);
    const w = /** @type {any} */ (globalThis);
    for (let p = this.parents.get(node); p; p = this.parents.get(p)) {
      if (w[p.namespace]?.[p.type]?.dashChildrenUpdate) this.touch(p);
    }
    this.bump();
  }

  /** @param {ComponentNode} node */
  touch(node) {
    this.nodeVersions.set(node, this.nodeVersion(node) + 1);
    for (const listener of [...(this.nodeListeners.get(node) ?? [])]) listener();
  }

  bump() {
    this.version++;
    for (const listener of [...this.listeners]) listener();
  }

  /** @param {() => void} listener */
  subscribe(listener) {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  getState() {
    if (this.state && this.state.version === this.version) return this.state.value;
    const root = this.renderer.mirror.root;
    const paths = pathsOf(root);
    /** @type {Record<string, {id: any, property: string}[]>} */
    const loading = {};
    for (const [id, props] of this.renderer.loading) {
      const found = paths.get(id);
      if (!found) continue;
      loading[JSON.stringify(found.path)] = [...props].map((property) => ({ id: found.node.props.id, property }));
    }
    const strs = Object.fromEntries([...paths].map(([id, f]) => [id, f.path]));
    const value = { layout: root, paths: { strs, objs: {} }, loading, config: { props_check: false } };
    this.state = { version: this.version, value };
    return value;
  }

  dispose() {
    this.flush();
    clearTimeout(this.timer);
    this.unLoading();
    stores.all.delete(this);
    if (stores.current === this) stores.current = null;
  }
}

/**
 * id string → {path, node} for every component with an id, paths as Dash writes them
 * (`["props", "children", 0, "props", "children"]`).
 * @param {unknown} root
 */
export function pathsOf(root) {
  /** @type {Map<string, {path: (string | number)[], node: ComponentNode}>} */
  const found = new Map();
  /** @param {unknown} value @param {(string | number)[]} path */
  const visit = (value, path) => {
    if (Array.isArray(value)) value.forEach((v, i) => v && typeof v === "object" && visit(v, [...path, i]));
    else if (isNode(value)) {
      const id = Mirror.idOf(value);
      if (id !== undefined) found.set(id, { path, node: value });
      for (const prop of componentProps(value)) {
        const child = value.props[prop];
        if (child && typeof child === "object") visit(child, [...path, "props", prop]);
      }
    } else if (value && typeof value === "object") {
      for (const [k, v] of Object.entries(value)) if (v && typeof v === "object") visit(v, [...path, k]);
    }
  };
  visit(root, []);
  return found;
}

/**
 * The path of a node object in the tree, or null.
 * @param {unknown} root @param {ComponentNode} target
 * @returns {(string | number)[] | null}
 */
export function pathOf(root, target) {
  /** @param {unknown} value @param {(string | number)[]} path @returns {(string | number)[] | null} */
  const visit = (value, path) => {
    if (value === target) return path;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const v = value[i];
        const hit = v && typeof v === "object" ? visit(v, [...path, i]) : null;
        if (hit) return hit;
      }
    } else if (isNode(value)) {
      for (const prop of componentProps(value)) {
        const child = value.props[prop];
        const hit = child && typeof child === "object" ? visit(child, [...path, "props", prop]) : null;
        if (hit) return hit;
      }
    } else if (value && typeof value === "object") {
      for (const [k, v] of Object.entries(value)) {
        const hit = v && typeof v === "object" ? visit(v, [...path, k]) : null;
        if (hit) return hit;
      }
    }
    return null;
  };
  return visit(root, []);
}
