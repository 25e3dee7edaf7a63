/**
 * dcc.Link: an in-app link. A click changes the app's location (every dcc.Location's `pathname`,
 * `search`, `hash`, `href`) without leaving the notebook; links to other sites open in a new tab.
 */
import { h, setCommon } from "./common.js";
import { safeUrl } from "../html.js";

/** @typedef {import("../protocol.js").ComponentNode} ComponentNode */
/** @typedef {import("../renderer.js").Renderer} Renderer */

const BASE = "http://nbdash.invalid";

/** @param {ComponentNode} node @param {Renderer} r */
export function Link(node, r) {
  const a = /** @type {HTMLAnchorElement} */ (h("a"));
  const apply = (/** @type {Record<string, any>} */ p, /** @type {any} */ old) => {
    setCommon(a, p, old, "nbdash-link");
    if ("href" in p) a.setAttribute("href", safeUrl("href", String(p.href ?? "")));
    if ("title" in p) a.title = p.title ?? "";
  };
  apply(node.props, undefined);
  a.append(...r.render(node.props.children));
  a.addEventListener("click", (e) => {
    const href = String(node.props.href ?? "");
    const url = new URL(href, BASE + currentPath(r));
    if (url.origin !== BASE) {
      e.preventDefault();
      window.open(url.href, "_blank", "noopener");
      return;
    }
    e.preventDefault();
    const location = { pathname: url.pathname, search: url.search, hash: url.hash, href: url.pathname + url.search + url.hash };
    for (const loc of r.mirror.ofType("dash_core_components", "Location")) r.send(loc, location);
  });
  return {
    el: a,
    /** @param {Record<string, any>} changed @param {Record<string, any>} old */
    update(changed, old) {
      apply(changed, old);
      if ("children" in changed) r.setChildren(a, old.children, changed.children);
    },
  };
}

/** @param {Renderer} r */
function currentPath(r) {
  const loc = r.mirror.ofType("dash_core_components", "Location")[0];
  return (loc && loc.props.pathname) || "/";
}
