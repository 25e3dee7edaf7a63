/**
 * Content a library renders into `document.body` (React portals: dbc Modal, Tooltip, Popover;
 * Mantine's dropdowns) marked with the app it belongs to, so the app's scoped stylesheets reach it.
 *
 * App stylesheets are confined to the app's root (css_scope.js), and a portal's nodes sit outside
 * it, directly in the body. While any island's React root is alive, one MutationObserver watches
 * the body's children; a node React adds there is traced through its fiber (`__reactFiber$…`, set
 * when React creates the node, before it is inserted) up to the root it belongs to, and when that
 * root is an island of an app, the node gets `data-nbdash-portal="<the app's scope>"`. css_scope.js
 * gives every scoped rule a twin for marked nodes and their descendants; nothing else in the body
 * (JupyterLab's menus, dialogs, other apps' portals) matches. The observer's callback runs as a
 * microtask after React's commit, before the browser paints: no unstyled frame.
 *
 * Relies on React DOM's fiber back-pointer on host nodes (React 16–18, Dash's React 18.3.1).
 */

const KEY = "__nbdash_portal_watch__";

/** The `[data-nbdash-portal]` selector for an app's scope. @param {string} scope */
export function portalSelectorOf(scope) {
  return `[data-nbdash-portal="${scope}"]`;
}

/**
 * The app scope of a node React rendered, through its fiber's root container; null for nodes
 * that are not React's or not an nbdash app's.
 * @param {Node} node @returns {string | null}
 */
export function scopeOfReactNode(node) {
  const any = /** @type {any} */ (node);
  const key = Object.keys(any).find((k) => k.startsWith("__reactFiber$"));
  let fiber = key ? any[key] : null;
  let steps = 0;
  while (fiber?.return && steps++ < 10000) fiber = fiber.return;
  const container = fiber?.tag === 3 ? fiber.stateNode?.containerInfo : null;
  const app = container instanceof Element ? container.closest("[data-nbdash-scope]") : null;
  return app instanceof HTMLElement ? app.dataset.nbdashScope ?? null : null;
}

/**
 * Mark one body child if an app's island rendered it. A library may instead append an empty
 * container of its own and portal into it afterwards (Mantine's Portal): an empty new child is
 * watched until its first element arrives, and marked if that one is an island's.
 * @param {Node} node
 */
function mark(node) {
  if (!(node instanceof HTMLElement) || node.dataset.nbdashPortal) return;
  const scope = scopeOfReactNode(node) ?? (node.firstElementChild ? scopeOfReactNode(node.firstElementChild) : null);
  if (scope) {
    node.dataset.nbdashPortal = scope;
    return;
  }
  if (node.firstElementChild) return; // someone else's content (JupyterLab's menus, dialogs)
  const inner = new MutationObserver(() => {
    const first = node.firstElementChild;
    if (!first) return;
    inner.disconnect();
    const found = scopeOfReactNode(first);
    if (found) node.dataset.nbdashPortal = found;
  });
  inner.observe(node, { childList: true }); // until its first element (a closed dropdown's stays empty a while)
}

/**
 * Watch the body for portals while the caller's React root lives; returns the release.
 * One observer per page, shared by every island (of every app and copy of this module).
 * @returns {() => void}
 */
export function holdPortalWatch() {
  const w = /** @type {any} */ (window);
  let watch = w[KEY];
  if (!watch) {
    const observer = new MutationObserver((records) => {
      for (const record of records) record.addedNodes.forEach(mark);
    });
    observer.observe(document.body, { childList: true });
    watch = w[KEY] = { count: 0, observer };
  }
  watch.count++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--watch.count > 0) return;
    watch.observer.disconnect();
    if (w[KEY] === watch) delete w[KEY];
  };
}
