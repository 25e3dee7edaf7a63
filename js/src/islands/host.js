/**
 * React islands: components of libraries nbdash does not render natively, rendered by their own
 * bundles on React 18 inside the vanilla renderer.
 *
 * The renderer mounts a foreign node (`mountIsland`, its MountFn) as a `display:contents` element
 * and the island renders there with `createRoot` once React, the app's scripts and the libraries of
 * its subtree are on the page. Inside an island:
 * - library components render as dash-renderer renders them (`DashNode`): `window[namespace][type]`
 *   with the node's props, `setProps`, a stringified `id`, `dashRenderType` when the component has
 *   that static ("internal" after its own setProps, "callback" after a kernel patch, else
 *   "parent"), components in `children` and in the `_children_props` paths (`a`, `a.b`, `a[]`,
 *   `a[].b`, `a{}`) as elements carrying `componentPath` and `_dashprivate_layout`, inside a
 *   `DashContext.Provider` (api.js), a Suspense boundary (lazy chunks) and an error boundary that
 *   shows, in place, which library's which component failed and why — the rest of the app goes on;
 * - `html.*` descendants render as React elements (real children in the DOM, so `.row > *`,
 *   `.card > .card-body` match), with `n_clicks` / `n_clicks_timestamp` through the same setProps path
 *   and `data-dash-is-loading` while their props are computed;
 * - natively rendered dcc components (and `nbdash.Widget`) mount into a `display:contents` slot; a
 *   library component inside those starts an island of its own.
 * The island's store (store.js) is a view onto the renderer's Mirror: patches reach nodes through
 * instances registered in `renderer.instances`, and re-render only the nodes that changed.
 */
import { isNode, componentProps } from "../mirror.js";
import { stringifyId } from "../ids.js";
import { components } from "../components/index.js";
import { loadLibrary, loadReact, loadedLibrary } from "./loader.js";
import { dashContext, islandContext, stores } from "./api.js";
import { IslandStore, pathOf } from "./store.js";
import { cleanUrl } from "./clientside.js";
import { mapPath, segments } from "./paths.js";
import { reportPersistenceDefaults } from "./persist.js";
import { holdPortalWatch } from "./portals.js";
import { mark } from "../timing.js";
import { claim, noteOwnProps, park, shareEqualProps } from "./park.js";

/** @typedef {import("../protocol.js").ComponentNode} ComponentNode */
/** @typedef {import("../renderer.js").Renderer} Renderer */
/** @typedef {import("../renderer.js").Instance} Instance */

const HTML = "dash_html_components";
const DCC = "dash_core_components";

/** Whether the vanilla renderer draws this node itself. @param {ComponentNode} node */
export function isNative(node) {
  return node.namespace === HTML || (node.namespace === DCC && node.type in components) ||
    (node.namespace === "nbdash" && node.type === "Widget");
}

/** The app view's island store, created on first use. @param {Renderer} r @returns {IslandStore} */
export function storeOf(r) {
  const any = /** @type {any} */ (r);
  if (!any.islandStore) any.islandStore = new IslandStore(r);
  return any.islandStore;
}

/** Namespaces of library components in a value, not looking inside native components. @param {unknown} value */
function librariesIn(value) {
  /** @type {Set<string>} */
  const found = new Set();
  /** @param {unknown} v */
  const visit = (v) => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (isNode(v)) {
      if (v.namespace !== HTML && isNative(v)) return;
      if (v.namespace !== HTML) found.add(v.namespace);
      for (const prop of componentProps(v)) visit(v.props[prop]);
    } else if (v && typeof v === "object") Object.values(v).forEach(visit);
  };
  visit(value);
  return found;
}

/**
 * The MountFn for a library component the renderer meets.
 * @param {ComponentNode} node @param {Renderer} r @returns {Instance}
 */
export function mountIsland(node, r) {
  /** @type {Island | undefined} the first tree's island for this node (park.js) */
  const parked = claim(r.host, node);
  let island;
  if (parked) {
    island = parked.island;
    island.adopt(node, r);
  } else {
    const el = document.createElement("div");
    el.className = "nbdash-island";
    el.style.display = "contents";
    island = new Island(node, r, el);
    island.start();
  }
  return {
    el: island.el,
    update() {
      island.store.changed(node, "callback");
      return true;
    },
    dispose() {
      island.dispose();
    },
  };
}

/** Slot element → the NativeSlot hosting portals of islands inside it. */
const slotHosts = new WeakMap();
let islandCount = 0;

class Island {
  /** @param {ComponentNode} node @param {Renderer} r @param {HTMLElement} el */
  constructor(node, r, el) {
    this.node = node;
    this.r = r;
    this.el = el;
    this.store = storeOf(r);
    /** @type {any} */
    this.root = null;
    /** @type {{add: (i: Island) => void, remove: (i: Island) => void} | null} the outer island's slot */
    this.host = null;
    /** @type {(string | number)[] | null} */
    this.path = null;
    this.key = `i${++islandCount}`;
    this.disposed = false;
    /** @type {(() => void) | null} */
    this.releasePortals = null;
  }

  async start() {
    // libraries cross the comm while React loads (each evaluates once React is on the page)
    const libraries = [...librariesIn(this.node)].map((ns) => loadLibrary(ns).catch(() => null));
    try {
      await loadReact();
      await this.store.scriptsReady;
      await Promise.all(libraries);
    } catch (e) {
      if (!this.disposed) this.el.replaceChildren(errorBox(`React could not be loaded: ${messageOf(e)}`));
      return;
    }
    if (this.disposed) return;
    const w = /** @type {any} */ (window);
    this.path = pathOf(this.r.mirror.root, this.node) ?? [];
    // inside a native component that an outer island renders: render through a portal of that
    // island, so React context (MantineProvider, themes) reaches this component too
    const slot = this.el.parentElement?.closest("nbdash-slot");
    this.host = slot ? slotHosts.get(slot) ?? null : null;
    if (this.host) {
      this.host.add(this);
      return;
    }
    this.root = w.ReactDOM.createRoot(this.el);
    this.releasePortals = holdPortalWatch(); // its body portals get the app's stylesheets (portals.js)
    this.root.render(this.element(this.node, this.path, "root", null, true));
  }

  /** This island as a portal from an outer island (NativeSlot). */
  portal() {
    const w = /** @type {any} */ (window);
    return w.ReactDOM.createPortal(this.element(this.node, this.path ?? [], "root", null, true), this.el, this.key);
  }

  /**
   * A React element rendering a layout node at a path.
   * @param {ComponentNode} node @param {(string | number)[]} path @param {string | number} key
   * @param {ComponentNode | null} [parent] @param {boolean} [isRoot]
   */
  element(node, path, key, parent = null, isRoot = false) {
    const React = /** @type {any} */ (window).React;
    return React.createElement(getDashNode(), {
      key, node, path, island: this, parent, isRoot, componentPath: path, _dashprivate_layout: node,
    });
  }

  /**
   * Take over for the kernel's tree replacing the first one (park.js): the same React root renders
   * the new tree's node, equal prop values shared with the old node.
   * @param {ComponentNode} node @param {Renderer} r
   */
  adopt(node, r) {
    const replay = shareEqualProps(this.node, node);
    this.node = node;
    this.r = r;
    this.store = storeOf(r);
    this.disposed = false;
    for (const [n, props] of replay) this.store.userChange(n, props); // the components' own state
    if (!this.root) return; // still waiting for its libraries: start() goes on with the new node
    this.path = pathOf(r.mirror.root, node) ?? [];
    this.root.render(this.element(node, this.path, "root", null, true));
  }

  dispose() {
    if (this.disposed) return;
    this.disposed = true;
    if (this.r.provisional && !this.host) { // the kernel's tree may take it over (park.js)
      park(this.r.host, { node: this.node, island: this, release: () => this.release() });
      return;
    }
    this.release();
  }

  release() {
    this.host?.remove(this);
    this.host = null;
    const root = this.root;
    this.root = null;
    if (root) queueMicrotask(() => { root.unmount(); this.releasePortals?.(); }); // never synchronously inside another root's commit
  }
}

/** @param {unknown} e */
function messageOf(e) {
  return e instanceof Error ? e.message : String(e);
}

/** What to do about errors users commonly meet. @param {string} message */
function hintFor(message) {
  if (/MantineProvider was not found/.test(message)) {
    return " — wrap the app's layout in dmc.MantineProvider(...), as dash-mantine-components requires.";
  }
  return "";
}

/** @param {string} text */
function errorBox(text) {
  const el = document.createElement("div");
  el.className = "nbdash-render-error";
  el.textContent = text;
  return el;
}

// ---------------------------------------------------------------------------------------------
// React components (made once React is on the page)
// ---------------------------------------------------------------------------------------------
/** @type {any} */
let DashNode = null;

function getDashNode() {
  if (!DashNode) DashNode = makeComponents(/** @type {any} */ (window).React);
  return DashNode;
}

const HTML_SKIP = new Set(["children", "n_clicks", "n_clicks_timestamp", "disable_n_clicks", "loading_state", "setProps", "id", "key"]);
const URL_PROPS = new Set(["href", "src", "action", "formAction", "data", "poster", "cite", "background", "codebase"]);

/** @param {string} type */
function tagOf(type) {
  return type === "MapEl" ? "map" : type === "ObjectEl" ? "object" : type.toLowerCase();
}

/** @param {any} React */
function makeComponents(React) {
  const h = React.createElement;
  const DashContext = dashContext();
  const IslandContext = islandContext();

  class ErrorBoundary extends React.Component {
    /** @param {any} props */
    constructor(props) {
      super(props);
      this.state = { error: null, version: props.version };
    }

    /** @param {unknown} error */
    static getDerivedStateFromError(error) {
      return { error };
    }

    /** @param {any} props @param {any} state */
    static getDerivedStateFromProps(props, state) {
      return props.version !== state.version ? { error: null, version: props.version } : null;
    }

    /** @param {unknown} error */
    componentDidCatch(error) {
      console.error(`nbdash: ${this.props.label} failed to render`, error);
    }

    render() {
      const error = this.state.error;
      if (!error) return this.props.children;
      return h("div", { className: "nbdash-render-error", "data-nbdash-component": this.props.label },
        `${this.props.label} could not render: ${messageOf(error)}${hintFor(messageOf(error))}`);
    }
  }

  /** @param {{node: ComponentNode, island: Island}} props */
  function NativeSlot({ node, island }) {
    const ref = React.useRef(null);
    const [portals, setPortals] = React.useState(/** @type {Island[]} */ ([]));
    React.useLayoutEffect(() => {
      slotHosts.set(ref.current, {
        add: (/** @type {Island} */ i) => setPortals((list) => [...list, i]),
        remove: (/** @type {Island} */ i) => setPortals((list) => list.filter((x) => x !== i)),
      });
      const instance = island.r.mount(node);
      ref.current.replaceChildren(instance.el);
      return () => island.r.unmount(node);
    }, [node, island]);
    return h("nbdash-slot", { ref, style: { display: "contents" } }, portals.map((i) => i.portal()));
  }

  /** Hooks a store gives library components (useSelector & co.). @param {IslandStore} store */
  const hooksOf = (store) => {
    const any = /** @type {any} */ (store);
    if (any.hooks) return any.hooks;
    /** @param {(state: any) => any} selector @param {(a: any, b: any) => boolean} [equal] */
    const useSelector = (selector, equal) => {
      const memo = React.useRef(null);
      const get = () => {
        const m = memo.current;
        if (m && m.version === store.version && m.selector === selector) return m.value;
        const next = selector(store.getState());
        if (m && (equal ? equal(m.value, next) : Object.is(m.value, next))) {
          m.version = store.version;
          m.selector = selector;
          return m.value;
        }
        memo.current = { version: store.version, selector, value: next };
        return next;
      };
      return React.useSyncExternalStore(store.subscribe, get);
    };
    const dispatch = (/** @type {any} */ action) => action;
    any.hooks = {
      useSelector,
      useStore: () => ({ getState: store.getState, subscribe: store.subscribe, dispatch }),
      useDispatch: () => dispatch,
    };
    return any.hooks;
  };

  /**
   * @param {{node: ComponentNode, path: (string | number)[], island: Island, parent: ComponentNode | null, isRoot: boolean}} props
   */
  function DashNodeImpl({ node, path, island, parent, isRoot }) {
    const store = island.store;
    const r = island.r;
    const subscribe = React.useCallback((/** @type {() => void} */ cb) => store.subscribeNode(node, cb), [store, node]);
    const version = React.useSyncExternalStore(subscribe, () => store.nodeVersion(node));
    const loading = r.isLoading(node);
    const native = isNative(node) && node.namespace !== HTML;
    const [, setLoaded] = React.useState(0);
    const library = node.namespace === HTML || native ? null : loadedLibrary(node.namespace);
    const [libraryError, setLibraryError] = React.useState(/** @type {string | null} */ (null));
    if (parent) store.parents.set(node, parent);
    stores.current = store;

    React.useLayoutEffect(() => {
      if (isRoot || native) return undefined;
      /** @type {Instance} */
      const instance = {
        el: document.createComment(node.type),
        update: () => { store.changed(node, "callback"); return true; },
      };
      r.instances.set(node, instance);
      return () => { if (r.instances.get(node) === instance) r.instances.delete(node); };
    }, [node, isRoot, native, r, store]);
    React.useEffect(() => {
      if (library || node.namespace === HTML || native) return;
      let live = true;
      loadLibrary(node.namespace).then(() => live && setLoaded((n) => n + 1), (e) => live && setLibraryError(messageOf(e)));
      return () => { live = false; };
    }, [library, node.namespace, native]);
    React.useEffect(() => { store.renderKinds.delete(node); });
    React.useEffect(() => { if (library) mark(`${library.package}.${node.type} committed`); }, [library]); // eslint-disable-line react-hooks/exhaustive-deps
    const setProps = React.useCallback((/** @type {Record<string, any>} */ p) => {
      if (p && typeof p === "object") noteOwnProps(node, p); // park.js
      store.userChange(node, p);
    }, [store, node]);
    const pathKey = JSON.stringify(path);
    const context = React.useMemo(() => {
      const hooks = hooksOf(store);
      /** @param {{filterFunc?: (l: any) => boolean, extraPath?: (string | number)[], rawPath?: (string | number)[]}} [options] */
      const useLoading = (options = {}) => hooks.useSelector((/** @type {any} */ state) => {
        const at = options.rawPath ?? (options.extraPath ? [...path, ...options.extraPath] : path);
        const entries = state.loading[JSON.stringify(at)];
        if (!entries || !entries.length) return false;
        return options.filterFunc ? entries.some(options.filterFunc) : true;
      });
      return { componentPath: path, isLoading: loading, useLoading, ...hooks };
    }, [pathKey, loading, store]); // eslint-disable-line react-hooks/exhaustive-deps

    /** Render a prop value: components become elements at their path. */
    const render = (/** @type {any} */ value, /** @type {(string | number)[]} */ trail) => {
      if (isNode(value)) return island.element(value, [...path, "props", ...trail], String(trail[trail.length - 1] ?? 0), node);
      if (Array.isArray(value)) {
        return value.map((v, i) => (isNode(v) ? island.element(v, [...path, "props", ...trail, i], childKey(v, i), node) : v));
      }
      return value;
    };

    if (native) return h(NativeSlot, { node, island });
    const p = node.props;
    if (node.namespace === HTML) {
      /** @type {Record<string, any>} */
      const attrs = {};
      for (const [k, v] of Object.entries(p)) {
        if (HTML_SKIP.has(k) || /^on/i.test(k)) continue;
        attrs[k] = URL_PROPS.has(k) ? cleanUrl(v) : v;
      }
      if (p.id != null) attrs.id = typeof p.id === "string" ? p.id : stringifyId(p.id);
      if (loading) attrs["data-dash-is-loading"] = "true";
      if (p.id != null && !p.disable_n_clicks) {
        attrs.onClick = () => setProps({ n_clicks: (node.props.n_clicks ?? 0) + 1, n_clicks_timestamp: Date.now() });
      }
      const children = render(p.children, ["children"]);
      return h(tagOf(node.type), attrs, ...(Array.isArray(children) ? children : [children]));
    }
    const label = `${library?.package ?? node.namespace}.${node.type}`;
    if (libraryError) return h("div", { className: "nbdash-render-error", "data-nbdash-component": label }, `${label} could not be loaded: ${libraryError}`);
    if (!library) return null;
    const Component = /** @type {any} */ (window)[node.namespace]?.[node.type];
    if (!Component) {
      return h("div", { className: "nbdash-render-error", "data-nbdash-component": label },
        `${label}: the ${library.package} bundle has no component ${node.type} (window.${node.namespace}.${node.type})`);
    }
    reportPersistenceDefaults(r, node.namespace, node.type, Component); // once per class and view
    /** @type {Record<string, any>} */
    const props = { ...p, setProps };
    if (p.id != null && typeof p.id !== "string") props.id = stringifyId(p.id);
    props.children = render(p.children, ["children"]);
    for (const childPath of library.childrenProps[node.type] ?? []) {
      const segs = segments(childPath);
      if (!segs.length || segs[0] === "children") continue;
      props[segs[0]] = mapPath(p[segs[0]], segs.slice(1), render, [segs[0]]);
    }
    if (Component.dashRenderType) props.dashRenderType = store.renderKinds.get(node) ?? "parent";
    return h(DashContext.Provider, { value: context },
      h(ErrorBoundary, { label, version },
        h(React.Suspense, { fallback: null }, h(Component, props))));
  }

  /** Wraps DashNodeImpl with the island context (ExternalWrapper uses it). @param {any} props */
  function DashNodeOuter(props) {
    return h(IslandContext.Provider, { value: props.island }, h(DashNodeImpl, props));
  }
  return DashNodeOuter;
}

/** @param {ComponentNode} node @param {number} i */
function childKey(node, i) {
  const id = node.props.id;
  return id == null ? i : `${typeof id === "string" ? id : stringifyId(id)}:${i}`;
}
