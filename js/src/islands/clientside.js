/**
 * `window.dash_clientside`: the object Dash's page has for clientside code and libraries.
 *
 * - `no_update`, `PreventUpdate`: Dash's sentinel objects (compare by identity).
 * - `clean_url(url, fallback = "about:blank")`: `javascript:` URLs replaced, as Dash does (html A,
 *   Iframe, dcc Link call it).
 * - `set_props(id, props)`: set props on a component of any app on the page, as if its user had:
 *   each app that has the id applies them and sends the ones the kernel watches (`addSetPropsHandler`).
 * - `callback_context`: set around a clientside call; AG Grid evaluates string functions with
 *   `dash_clientside` in scope.
 *
 * An existing `window.dash_clientside` (namespaces from `assets/*.js`) is kept and completed.
 */
import { stringifyId } from "../ids.js";

/** @typedef {(id: string, props: Record<string, any>) => boolean} SetPropsHandler */

const HANDLERS_KEY = "__nbdash_set_props__";

/** @returns {Set<SetPropsHandler>} */
function handlers() {
  const w = /** @type {any} */ (window);
  return (w[HANDLERS_KEY] ??= new Set());
}

/** Register an app's handler for `set_props`; returns a function removing it. @param {SetPropsHandler} handler */
export function addSetPropsHandler(handler) {
  handlers().add(handler);
  return () => handlers().delete(handler);
}

/** @param {unknown} url @param {string} [fallback] */
export function cleanUrl(url, fallback = "about:blank") {
  if (typeof url !== "string") return url;
  return /^\s*javascript:/i.test(url.replace(/[\u0000-\u001f]/g, "")) ? fallback : url;
}

/** Create or complete `window.dash_clientside`; returns it. */
export function installClientside() {
  const w = /** @type {any} */ (window);
  const dc = (w.dash_clientside ??= {});
  dc.no_update ??= { description: "Return to prevent updating an Output." };
  dc.PreventUpdate ??= { description: "Throw to prevent updating all Outputs." };
  dc.clean_url ??= cleanUrl;
  dc.callback_context ??= {};
  dc.set_props ??= (/** @type {unknown} */ id, /** @type {Record<string, any>} */ props) => {
    const key = typeof id === "string" ? id : stringifyId(id);
    if (key === undefined || !props || typeof props !== "object") {
      throw new TypeError("dash_clientside.set_props(id, props): id is a string or a dict id, props an object");
    }
    let found = false;
    for (const handler of [...handlers()]) found = handler(key, props) || found;
    if (!found) console.warn(`nbdash: set_props: no component with id ${key} on this page`);
  };
  return dc;
}
