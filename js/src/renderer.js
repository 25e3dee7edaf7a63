/**
 * Mounts mirror nodes as DOM, applies patches, and sends user events.
 *
 * Every mounted component is an *instance* `{el, update?, dispose?}` kept in a WeakMap keyed by its
 * mirror node. A patch changes the mirror, then calls `update(changed, old)` on the mounted
 * instance; an instance without `update` (or whose `update` returns `false`) is re-mounted in place.
 * Replacing a component-holding prop disposes every instance in the old value first (timers,
 * plotly graphs, listeners), then renders the new value.
 *
 * Events: `send(node, props)` applies the change to the mirror at once (optimistic: a second click
 * before the kernel answers counts from the first) and sends `{type:"event", view, seq, id, props}`;
 * `sendMany` sends one user action that changed several components (a click counted by an element
 * and its ancestors) as one `{type:"event", view, seq, changes: [[id, props], ...]}`.
 * When the kernel's patch for that event comes back (`origin`), props this view has changed again
 * since are skipped, so what the user typed meanwhile is never overwritten by a stale echo.
 *
 * Loading state: the kernel says which outputs are being computed (`loading` messages: before the
 * callbacks run, and again right after the patch with their new values). A mounted component with
 * an output being computed carries `data-dash-is-loading="true"` on its element, as in Dash;
 * `loadingIn()` and `onLoading()` let dcc.Loading follow its descendants.
 */
import { Mirror, isNode, walk, componentProps } from "./mirror.js";
import { jsonEqual } from "./json.js";
import { mountHtml } from "./html.js";
import { components } from "./components/index.js";
import { Widget } from "./components/widget.js";
import { canonicalId } from "./ids.js";
import { AMEND_KEY, amendFigure } from "./components/graph.js";
import { PageClientside } from "./clientside/page.js";
import { mountIsland } from "./islands/host.js";
import { ResultWindow } from "./window.js";

/** @typedef {import("./protocol.js").ComponentNode} ComponentNode */
/**
 * @typedef {Object} Instance
 * @property {ChildNode} el                      the DOM node standing for the component
 * @property {(changed: Record<string, any>, old: Record<string, any>) => (void | boolean)} [update]
 * @property {() => void} [dispose]              release timers, listeners, plots
 */
/** @typedef {(node: ComponentNode, r: Renderer) => Instance} MountFn */

/**
 * @typedef {Object} Host  what the renderer needs from the view session
 * @property {string} view
 * @property {(msg: Record<string, any>) => void} post          send a message to the kernel
 * @property {(name: string) => Promise<DataView[]>} asset       ask the kernel for an asset once
 * @property {any} widgetManager                                the page's ipywidgets manager
 * @property {ResultWindow} [window]                            the view's event numbering and discard rule (window.js)
 */

export class Renderer {
  /**
   * @param {ComponentNode} tree
   * @param {Host} host
   * @param {{leader: boolean, fresh: boolean, loading?: [string, string][], provisional?: boolean, clientside?: any}} state
   */
  constructor(tree, host, state) {
    this.mirror = new Mirror(tree);
    this.host = host;
    this.leader = state.leader;
    /** true when this view is the first to show a freshly loaded session (restores browser storage) */
    this.fresh = state.fresh;
    /** true for the tree shown before the kernel's first answer (index.js): browser storage is
     * neither read nor written until the answer's tree says whether the session is fresh */
    this.provisional = !!state.provisional;
    /** @type {WeakMap<ComponentNode, Instance>} */
    this.instances = new WeakMap();
    /** @type {Map<string, number>}  "id\0prop" → seq of the last event that set it */
    this.sent = new Map();
    /** the view's event numbers and what it discards (window.js): outlives this renderer */
    this.window = host.window ?? new ResultWindow();
    /** @type {Set<(leader: boolean) => void>} */
    this.leaderListeners = new Set();
    /** @type {Map<string, Set<string>>}  id string → props being computed by the kernel */
    this.loading = new Map();
    /** @type {Set<() => void>} */
    this.loadingListeners = new Set();
    if (state.loading) this.setLoading(state.loading, true);
    /** clientside callbacks this view runs itself (clientside/page.js); null: none */
    this.clientside = state.clientside ? new PageClientside(state.clientside, this) : null;
  }

  // -- rendering ---------------------------------------------------------------------------------
  /**
   * DOM nodes for a prop value: text for strings and numbers, nothing for null/booleans.
   * @param {unknown} value
   * @returns {ChildNode[]}
   */
  render(value) {
    if (value == null || typeof value === "boolean") return [];
    if (typeof value === "string" || typeof value === "number") return [document.createTextNode(String(value))];
    if (Array.isArray(value)) return value.flatMap((v) => this.render(v));
    if (isNode(value)) return [this.mount(value).el];
    return [document.createTextNode(JSON.stringify(value))];
  }

  /** @param {ComponentNode} node */
  mount(node) {
    /** @type {MountFn | undefined} */
    const fn = node.namespace === "dash_html_components" ? mountHtml
      : node.namespace === "dash_core_components" ? components[node.type] ?? mountIsland // Dash's own dcc bundle
      : node.namespace === "nbdash" ? (node.type === "Widget" ? Widget : undefined)
      : mountIsland; // a component library's component: a React island (islands/host.js)
    const instance = fn ? safeMount(fn, node, this) : unknownComponent(node, this);
    this.instances.set(node, instance);
    if (this.loading.size) markLoading(instance, this.isLoading(node));
    return instance;
  }

  /** Dispose every mounted instance inside a prop value. @param {unknown} value */
  unmount(value) {
    walk(value, (node) => {
      const instance = this.instances.get(node);
      if (!instance) return;
      this.instances.delete(node);
      try { instance.dispose?.(); } catch (e) { console.error("nbdash: dispose failed", e); }
    });
  }

  /**
   * Replace an element's children: dispose the old value's instances, render the new value.
   * @param {Element} el
   * @param {unknown} oldValue
   * @param {unknown} newValue
   */
  setChildren(el, oldValue, newValue) {
    this.unmount(oldValue);
    el.replaceChildren(...this.render(newValue));
  }

  /** Mount a node again in place (its DOM and its descendants' DOM are rebuilt). @param {ComponentNode} node */
  remount(node) {
    const old = this.instances.get(node);
    if (!old) return;
    for (const prop of componentProps(node)) this.unmount(node.props[prop]);
    this.instances.delete(node);
    try { old.dispose?.(); } catch (e) { console.error("nbdash: dispose failed", e); }
    const fresh = this.mount(node);
    old.el.replaceWith(fresh.el);
  }

  // -- patches -----------------------------------------------------------------------------------
  /**
   * @param {Record<string, Record<string, any>>} changes
   * @param {{view: string, seq: number} | null} origin
   */
  applyPatch(changes, origin) {
    const own = origin && origin.view === this.host.view ? origin.seq : null;
    for (const [key, props] of Object.entries(changes)) {
      const node = this.mirror.get(key);
      if (!node) continue;
      const id = Mirror.idOf(node);
      /** @type {Record<string, any>} */ const changed = {};
      /** @type {Record<string, any>} */ const old = {};
      for (const [prop, value] of Object.entries(props)) {
        if (prop === AMEND_KEY) { // a Graph's extendData / prependData points (components/graph.js)
          if (!("figure" in props)) {
            old.figure = this.mirror.set(node, "figure", amendFigure(node.props.figure, value));
            changed.figure = node.props.figure;
            changed[prop] = value;
          }
          continue;
        }
        if (own !== null) {
          const last = this.sent.get(id + "\0" + prop);
          if (last !== undefined && (last > own || (last === own && jsonEqual(node.props[prop], value)))) continue;
        }
        // equal children too: keep the DOM (and its focus); a Download's data sent again saves again
        if (jsonEqual(node.props[prop], value) && !(prop === "data" && node.type === "Download")) continue;
        old[prop] = this.mirror.set(node, prop, value);
        changed[prop] = value;
      }
      if (Object.keys(changed).length) this.updateNode(node, changed, old);
    }
  }

  /**
   * @param {ComponentNode} node
   * @param {Record<string, any>} changed
   * @param {Record<string, any>} old
   */
  updateNode(node, changed, old) {
    const instance = this.instances.get(node);
    if (!instance) return;
    let handled = false;
    try {
      handled = !!instance.update && instance.update(changed, old) !== false;
    } catch (e) {
      console.error(`nbdash: updating ${node.type} failed; re-rendering it`, e);
    }
    if (!handled) this.remount(node);
  }

  // -- events ------------------------------------------------------------------------------------
  /**
   * A user changed props of a component: update the mirror, tell the kernel.
   * @param {ComponentNode} node
   * @param {Record<string, any>} props
   */
  send(node, props) {
    this.sendMany([[node, props]]);
  }

  /**
   * One user action changed props of several components (a click bubbling to its ancestors): one
   * event, so the kernel applies them together and a callback listening to several runs once, with
   * all of them triggered, as in Dash. One component: `{id, props}`; several: `{changes: [[id,
   * props], ...]}`. Every prop sent is remembered with the event's `seq` (echo suppression).
   * @param {[ComponentNode, Record<string, any>][]} changes
   */
  sendMany(changes) {
    /** @type {any} */ (this).islandStore?.flush(); // library props held back go first (islands/store.js)
    /** @type {[string, Record<string, any>][]} */
    const wire = [];
    for (const [node, props] of changes) {
      for (const [prop, value] of Object.entries(props)) this.mirror.set(node, prop, value);
      const id = Mirror.idOf(node);
      if (id !== undefined) wire.push([id, props]); // no id: nothing in the kernel can listen
    }
    if (!wire.length) return;
    const keys = wire.flatMap(([id, props]) => Object.keys(props).map((prop) => id + "\0" + prop));
    const { seq, ack } = this.window.next(keys);
    for (const key of keys) this.sent.set(key, seq);
    const event = wire.length === 1 ? { id: wire[0][0], props: wire[0][1] } : { changes: wire };
    (this.clientside ?? this.host).post({ type: "event", view: this.host.view, seq, ack, ...event });
  }

  /**
   * Props changed in this view but held back (library props no callback watches, islands/store.js):
   * they count as set by the next event, so the echo of an earlier one does not overwrite them.
   * @param {ComponentNode} node @param {Record<string, any>} props
   */
  hold(node, props) {
    const id = Mirror.idOf(node);
    if (id === undefined) return;
    for (const prop of Object.keys(props)) this.sent.set(id + "\0" + prop, this.window.seq + 1);
  }

  // -- loading state (dcc.Loading, data-dash-is-loading) --------------------------------------------
  /**
   * Outputs started (`on`) or stopped being computed.
   * @param {[string, string][]} props  [kernel id string, prop] pairs
   * @param {boolean} on
   */
  setLoading(props, on) {
    /** @type {Set<string>} */
    const touched = new Set();
    for (const [rawId, prop] of props) {
      const id = canonicalId(rawId);
      const current = this.loading.get(id);
      if (on) {
        if (current) current.add(prop);
        else this.loading.set(id, new Set([prop]));
      } else if (current) {
        current.delete(prop);
        if (!current.size) this.loading.delete(id);
      }
      touched.add(id);
    }
    for (const id of touched) {
      const node = this.mirror.get(id);
      const instance = node && this.instances.get(node);
      if (instance) markLoading(instance, this.loading.has(id));
    }
    for (const listener of [...this.loadingListeners]) listener();
  }

  /** Whether any prop of this component is being computed. @param {ComponentNode} node */
  isLoading(node) {
    const id = Mirror.idOf(node);
    return id !== undefined && this.loading.has(id);
  }

  /**
   * Components inside a prop value (not the value's owner) with outputs being computed, as Dash's
   * dcc.Loading sees them; `targets` is dcc.Loading's `target_components` ({id: prop | [props] | "*"},
   * or a list of such dicts), which keeps only those.
   * @param {unknown} value
   * @param {Record<string, string | string[]> | Record<string, string | string[]>[] | null | undefined} [targets]
   * @returns {{id: string, property: string}[]}
   */
  loadingIn(value, targets) {
    /** @type {{id: string, property: string}[]} */
    const found = [];
    if (!this.loading.size) return found;
    const wanted = Array.isArray(targets) ? Object.assign({}, ...targets) : targets;
    walk(value, (node) => {
      const id = Mirror.idOf(node);
      const props = id === undefined ? undefined : this.loading.get(id);
      if (!props || id === undefined) return;
      for (const property of props) {
        const target = wanted ? wanted[id] : "*";
        if (target === "*" || target === property || (Array.isArray(target) && target.includes(property))) {
          found.push({ id, property });
        }
      }
    });
    return found;
  }

  /** @param {() => void} listener  @returns {() => void} unsubscribe */
  onLoading(listener) {
    this.loadingListeners.add(listener);
    return () => this.loadingListeners.delete(listener);
  }

  // -- leadership (Interval ticks, Store restore happen in the leading view only) ---------------
  /** @param {boolean} leader */
  setLeader(leader) {
    if (leader === this.leader) return;
    this.leader = leader;
    for (const listener of [...this.leaderListeners]) listener(leader);
  }

  /** @param {(leader: boolean) => void} listener  @returns {() => void} unsubscribe */
  onLeader(listener) {
    this.leaderListeners.add(listener);
    return () => this.leaderListeners.delete(listener);
  }

  dispose() {
    this.unmount(this.mirror.root);
    /** @type {any} */ (this).islandStore?.dispose();
    this.leaderListeners.clear();
    this.loadingListeners.clear();
  }
}

/** @param {Instance} instance @param {boolean} on */
function markLoading(instance, on) {
  const el = instance.el;
  if (!(el instanceof Element)) return; // Store, Interval...: nothing to mark
  if (on) el.setAttribute("data-dash-is-loading", "true");
  else el.removeAttribute("data-dash-is-loading");
}

/**
 * @param {MountFn} fn
 * @param {ComponentNode} node
 * @param {Renderer} r
 * @returns {Instance}
 */
function safeMount(fn, node, r) {
  try {
    return fn(node, r);
  } catch (e) {
    console.error(`nbdash: rendering ${node.namespace}.${node.type} failed`, e);
    const el = document.createElement("div");
    el.className = "nbdash-render-error";
    el.textContent = `nbdash could not render ${node.type}: ${e instanceof Error ? e.message : e}`;
    return { el };
  }
}

/** A component type this front end does not know: say so, and still show its children. */
function unknownComponent(/** @type {ComponentNode} */ node, /** @type {Renderer} */ r) {
  const el = document.createElement("div");
  el.className = "nbdash-unknown";
  const note = document.createElement("span");
  note.className = "nbdash-unknown-note";
  note.textContent = `${node.namespace}.${node.type} is not supported by nbdash's renderer yet`;
  const body = document.createElement("div");
  body.append(...r.render(node.props.children));
  el.append(note, body);
  return { el };
}
