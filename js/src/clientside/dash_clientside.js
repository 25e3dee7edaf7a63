/**
 * The page's one `window.dash_clientside`: the object Dash's page has for clientside callbacks,
 * `assets/*.js` and component libraries (AG Grid evaluates string functions with it in scope).
 *
 * Built once per page by runtime.js's `install` (the same builder the kernel's V8 uses): Dash's
 * `no_update` / `PreventUpdate` sentinels, `clean_url`, `Patch`, and `set_props`, which goes
 * - during a clientside call this page runs (clientside/page.js): to that call's collector (its
 *   result carries the calls; the page shows them at once, the kernel applies them);
 * - otherwise (a library's code, a timer, a user script): to every app view on the page that has
 *   the component (`addSetPropsHandler`), as the user's own change would.
 * `callback_context` exists while a clientside function runs, as in Dash. What `assets/*.js` put
 * under `window.dash_clientside.<namespace>` is kept.
 *
 * State lives on `window`, not in this module: each app's widget may load its own copy of the
 * bundle, and they must share one object, one collector and one set of handlers.
 */
import { install } from "./runtime.js";
import { stringifyId } from "../ids.js";

export { cleanUrl } from "./runtime.js";

/** @typedef {(id: string, props: Record<string, any>) => boolean} SetPropsHandler */
/** @typedef {{sideUpdate: (idOrPath: any, props: Record<string, any>) => void}} Collector */

const HANDLERS = "__nbdash_set_props__";
const ACTIVE = "__nbdash_clientside_active__";
const INSTALLED = "__nbdash_clientside_installed__";

/** @returns {any} */
const win = () => window;

/** @returns {Set<SetPropsHandler>} */
function handlers() {
  return (win()[HANDLERS] ??= new Set());
}

/** Create or complete `window.dash_clientside` (once per page); returns it. */
export function installClientside() {
  const w = win();
  if (w[INSTALLED] && w.dash_clientside && w.dash_clientside.set_props === w[INSTALLED]) return w.dash_clientside;
  const dc = install(w, setProps);
  w[INSTALLED] = dc.set_props;
  return dc;
}

/** Register an app view's handler for `set_props` outside clientside calls; returns its remover. @param {SetPropsHandler} handler */
export function addSetPropsHandler(handler) {
  handlers().add(handler);
  return () => handlers().delete(handler);
}

/**
 * Run `run()` with `collector` taking `dash_clientside.set_props` calls (until its Promise settles).
 * @template T @param {Collector} collector @param {() => Promise<T>} run @returns {Promise<T>}
 */
export async function collectingSetProps(collector, run) {
  const w = win();
  const before = w[ACTIVE];
  w[ACTIVE] = collector;
  try {
    return await run();
  } finally {
    w[ACTIVE] = before;
  }
}

/** `dash_clientside.set_props(id, props)`. @param {any} idOrPath @param {Record<string, any>} props */
function setProps(idOrPath, props) {
  if (Array.isArray(idOrPath)) throw new Error("dash_clientside.set_props: nbdash takes a component id, not a layout path");
  const active = win()[ACTIVE];
  if (active) {
    active.sideUpdate(idOrPath, props);
    return;
  }
  const key = stringifyId(idOrPath);
  if (key === undefined || !props || typeof props !== "object") {
    throw new TypeError("dash_clientside.set_props(id, props): id is a string or a dict id, props an object");
  }
  let found = false;
  for (const handler of [...handlers()]) found = handler(key, props) || found;
  if (!found) console.warn(`nbdash: dash_clientside.set_props: no component with id ${key} on this page`);
}
