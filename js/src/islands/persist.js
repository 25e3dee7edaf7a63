/**
 * Library components' persistence defaults, told to the kernel.
 *
 * Dash honours a library component class's `dashPersistence` static (`persisted_props`,
 * `persistence_type`) for components that do not set those props. The class lives in the library's
 * JavaScript, so the kernel cannot read it: when the island host first resolves a class that
 * declares defaults, it posts `defaultsMessage(namespace, type, Class)` (../persistence.js) through
 * the renderer's host, once per (namespace, type) per page view; the kernel registers them and
 * applies stored edits to that type's components (nbdash/_persistence.py). Classes without defaults
 * post nothing; a class is looked at once, whatever it declares.
 */
import { defaultsMessage } from "../persistence.js";

/** @typedef {import("../renderer.js").Renderer} Renderer */

/** Renderer (one per page view) → the `namespace.type` keys already looked at. */
const reported = new WeakMap();

/**
 * Tell the kernel a resolved library class's persistence defaults, the first time this view meets it.
 * @param {Renderer} r @param {string} namespace @param {string} type @param {any} Component
 * @returns {boolean} whether a message was posted
 */
export function reportPersistenceDefaults(r, namespace, type, Component) {
  let seen = reported.get(r);
  if (!seen) reported.set(r, (seen = new Set()));
  const key = JSON.stringify([namespace, type]);
  if (seen.has(key)) return false;
  seen.add(key);
  const message = defaultsMessage(namespace, type, Component);
  if (!message) return false;
  r.host.post({ ...message, view: r.host.view });
  return true;
}
