// Shared set-up for the tests of js/src/clientside/page.js: a stand-in renderer around a real Mirror
// (what PageClientside reads and writes), the events it posts, and tree node builders. Kept outside
// test/: node --test runs every file under a test/ folder as a test file.
import { Mirror } from "../src/mirror.js";

// The page's code runs against `window`; in node the global object stands in for it.
(/** @type {any} */ (globalThis)).window = globalThis;

/**
 * A renderer with the fields PageClientside uses: `mirror`, `sent`, `host.post`, `applyPatch`.
 * @param {any} tree
 */
export function fakeRenderer(tree) {
  const posted = /** @type {any[]} */ ([]);
  const mirror = new Mirror(tree);
  const r = {
    mirror,
    sent: new Map(),
    host: { view: "v1", post: (/** @type {any} */ m) => posted.push(m) },
    applyPatch(/** @type {any} */ changes) {
      for (const [id, props] of Object.entries(changes)) {
        const node = mirror.get(id);
        for (const [p, v] of Object.entries(/** @type {any} */ (props))) mirror.set(node, p, v);
      }
    },
  };
  return { r, posted };
}

/** An html.Div node. @param {any} id @param {any} [props] */
export const div = (id, props = {}) => ({ type: "Div", namespace: "dash_html_components", props: { id, ...props } });
