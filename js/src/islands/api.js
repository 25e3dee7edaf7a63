/**
 * `window.dash_component_api`: the part of dash-renderer (Dash 4, dashApi.ts) component libraries
 * call, over nbdash's stores instead of a Redux store.
 *
 * - `DashContext` / `useDashContext()` → `{componentPath, isLoading, useLoading, useSelector,
 *   useStore, useDispatch}`, provided by host.js around every library component.
 * - `useSelector(selector, equal)` sees `{layout, paths, loading, config}`: `layout` is the app's tree
 *   (the view's Mirror root), `paths` maps id strings to their path in it, and `loading` maps
 *   `JSON.stringify(componentPath)` to `[{id, property}]` for the props being computed (dcc/dbc/dmc
 *   loading components read it). A selection is recomputed when the store changes and re-renders only
 *   when it differs (`equal`, default `===`).
 * - `getLayout(pathOrId)`: the layout at a path (dbc/dcc Tabs read their tabs through their
 *   children's `componentPath`) or of an id.
 * - `stringifyId`, `ExternalWrapper` (render a layout node at a path), `devtool` stubs.
 */
import { stringifyId } from "../ids.js";

/** @typedef {import("./store.js").IslandStore} IslandStore */

/**
 * Page-wide state (every app widget imports its own copy of this module: anything shared between
 * apps lives on `window`): the live stores, the one rendering now first, and the React contexts.
 * @returns {{current: IslandStore | null, all: Set<IslandStore>, DashContext: any, IslandContext: any}}
 */
function shared() {
  const w = /** @type {any} */ (globalThis);
  return (w.__nbdash_api__ ??= { current: null, all: new Set(), DashContext: null, IslandContext: null });
}

/** The live stores of every app on the page. */
export const stores = {
  get current() { return shared().current; },
  set current(store) { shared().current = store; },
  get all() { return shared().all; },
};

/** The React context the host provides to library components. */
export function dashContext() {
  return shared().DashContext;
}

/** The React context carrying the island a node renders in (ExternalWrapper needs it). */
export function islandContext() {
  return shared().IslandContext;
}

/** @param {any} layout @param {unknown[]} path */
function at(layout, path) {
  let value = layout;
  for (const key of path) {
    if (value == null) return undefined;
    value = value[/** @type {any} */ (key)];
  }
  return value;
}

/** @param {unknown} pathOrId */
export function getLayout(pathOrId) {
  if (Array.isArray(pathOrId)) {
    const order = stores.current ? [stores.current, ...stores.all] : [...stores.all];
    for (const store of order) {
      const found = at(store.renderer.mirror.root, pathOrId);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  const key = typeof pathOrId === "string" ? pathOrId : stringifyId(pathOrId);
  for (const store of stores.all) {
    const node = key === undefined ? undefined : store.renderer.mirror.get(key);
    if (node) return node;
  }
  return undefined;
}

/** Install `window.dash_component_api` (React must be on the page). */
export function installApi() {
  const w = /** @type {any} */ (window);
  const React = w.React;
  const s = shared();
  if (!s.DashContext) {
    s.DashContext = React.createContext({});
    s.IslandContext = React.createContext(null);
  }
  const DashContext = s.DashContext;
  if (w.dash_component_api?.__nbdash) return;
  const useDashContext = () => React.useContext(DashContext);
  const DevtoolContext = React.createContext({});
  w.dash_component_api = {
    __nbdash: true,
    DashContext,
    useDashContext,
    getLayout,
    stringifyId: (/** @type {unknown} */ id) => (typeof id === "string" ? id : stringifyId(id) ?? id),
    ExternalWrapper: ExternalWrapper(React),
    devtool: {
      DevtoolContext,
      useDevtool: () => ({}),
      useDevtoolMenuButtonClassName: (/** @type {string} */ className) => className,
    },
  };
}

/** `<ExternalWrapper component={layout} componentPath={path}/>`: a layout node rendered at a path. */
function ExternalWrapper(/** @type {any} */ React) {
  return function ExternalWrapper(/** @type {any} */ props) {
    const island = React.useContext(shared().IslandContext);
    if (!island || !props.component) return null;
    return island.element(props.component, props.componentPath ?? [], "ext");
  };
}
