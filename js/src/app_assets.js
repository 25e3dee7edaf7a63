/**
 * An app's stylesheets and scripts (the `assets` manifest of the tree message, see
 * nbdash/_assets.py): `external_stylesheets` / `external_scripts`, `app.css` / `app.scripts`
 * resources and the `assets/` folder, in Dash's order.
 *
 * - **Stylesheets** are fetched as text (URLs by the page, local files from the kernel as
 *   `file:<hash>`), rewritten under the app's scope (css_scope.js) and added once per page and
 *   scope as `<style>` in `document.head`, shared by the app's views and removed with the last one.
 * - **Scripts** run once per page (keyed by URL or content hash), in order, like `<script>` tags:
 *   `window.dashAgGridFunctions`, `window.dash_clientside.<namespace>` functions.
 * - A URL the page cannot reach (no internet: a CDN) fails within FETCH_TIMEOUT_MS; the app goes on
 *   without it and the failure is reported (console + the app's warning panel). Nothing waits on
 *   a stylesheet; library components wait for the scripts (they may define functions they call).
 */
import { scopeCss } from "./css_scope.js";

export const FETCH_TIMEOUT_MS = 4000;
const SCRIPTS_KEY = "__nbdash_scripts__";
const SHEETS_KEY = "__nbdash_sheets__";

/**
 * @typedef {{url?: string, file?: string, name?: string}} AssetEntry
 * @typedef {{scope: string, css: AssetEntry[], js: AssetEntry[]}} Manifest
 */

/**
 * Fetch a URL as text, giving up after FETCH_TIMEOUT_MS.
 * @param {string} url
 */
export async function fetchText(url) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), FETCH_TIMEOUT_MS);
  try {
    const response = await fetch(url, { signal: controller.signal, credentials: "omit" });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return await response.text();
  } catch (e) {
    const why = /** @type {any} */ (e)?.name === "AbortError" ? `no answer within ${FETCH_TIMEOUT_MS / 1000} s` : String(/** @type {any} */ (e)?.message ?? e);
    throw new Error(`could not fetch ${url} (${why}); without internet access, put the file in the assets/ folder next to the notebook`);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * @param {AssetEntry} entry
 * @param {(name: string) => Promise<DataView[]>} fetchAsset
 */
async function textOf(entry, fetchAsset) {
  if (entry.url) return fetchText(entry.url);
  const buffers = await fetchAsset(`file:${entry.file}`);
  return new TextDecoder().decode(buffers[0]);
}

/** The selector naming an app's root. @param {string} scope */
export function scopeSelectorOf(scope) {
  return `[data-nbdash-scope="${scope}"]`;
}

/**
 * Apply an app's manifest for one view. Returns `{scripts, sheets, release}`: `scripts` resolves once
 * every script ran (or failed), `sheets` once every stylesheet is in (or failed); `release()` drops
 * this view's hold on the stylesheets.
 * @param {Manifest | undefined} manifest
 * @param {(name: string) => Promise<DataView[]>} fetchAsset
 * @param {(message: string) => void} warn
 */
export function applyManifest(manifest, fetchAsset, warn) {
  if (!manifest || (!manifest.css.length && !manifest.js.length)) return { scripts: Promise.resolve(), sheets: Promise.resolve(), release: () => {} };
  const held = manifest.css.map((entry) => holdSheet(entry, manifest.scope, fetchAsset, warn));
  const scripts = runScripts(manifest.js, fetchAsset, warn);
  const sheets = Promise.all(held.map((h) => h.ready)).then(() => {});
  return { scripts, sheets, release: () => held.forEach((h) => h.release()) };
}

/**
 * @param {AssetEntry} entry @param {string} scope
 * @param {(name: string) => Promise<DataView[]>} fetchAsset @param {(message: string) => void} warn
 */
function holdSheet(entry, scope, fetchAsset, warn) {
  const w = /** @type {any} */ (window);
  /** @type {Map<string, {count: number, el: HTMLStyleElement, ready: Promise<void>}>} */
  const sheets = (w[SHEETS_KEY] ??= new Map());
  const key = `${scope}\0${entry.url ?? entry.file}`;
  let held = sheets.get(key);
  if (!held) {
    const el = document.createElement("style");
    el.dataset.nbdashSheet = entry.name ?? entry.url ?? "";
    document.head.append(el);
    const ready = textOf(entry, fetchAsset).then((css) => {
      el.textContent = scopeCss(css, scopeSelectorOf(scope), {
        base: entry.url,
        onDropped: (what) => console.warn(`nbdash: ${what} in ${entry.name ?? entry.url} ignored (stylesheets are scoped to the app)`),
      });
    }, (e) => warn(`Stylesheet not loaded: ${e.message}`));
    held = { count: 0, el, ready };
    sheets.set(key, held);
  }
  held.count++;
  const h = held;
  return {
    ready: h.ready,
    release() {
      if (--h.count > 0) return;
      h.el.remove();
      sheets.delete(key);
    },
  };
}

/**
 * @param {AssetEntry[]} entries
 * @param {(name: string) => Promise<DataView[]>} fetchAsset @param {(message: string) => void} warn
 */
async function runScripts(entries, fetchAsset, warn) {
  const w = /** @type {any} */ (window);
  /** @type {Map<string, Promise<void>>} */
  const ran = (w[SCRIPTS_KEY] ??= new Map());
  for (const entry of entries) {
    const key = entry.url ?? `file:${entry.file}`;
    let done = ran.get(key);
    if (!done) {
      done = (entry.url ? runUrl(entry.url) : fetchAsset(`file:${entry.file}`).then((b) => runBlob(new Blob(b, { type: "text/javascript" }))));
      ran.set(key, done);
    }
    try {
      await done;
    } catch (e) {
      ran.delete(key);
      warn(`Script ${entry.name ?? entry.url} not run: ${/** @type {any} */ (e)?.message ?? e}`);
    }
  }
}

/** Run a script from a URL with a `<script>` tag, hiding AMD's define. @param {string} url */
function runUrl(url) {
  return loadScript(url, `could not load ${url}; without internet access, put the file in the assets/ folder next to the notebook`);
}

/** @param {Blob} blob */
export function runBlob(blob) {
  const url = URL.createObjectURL(blob);
  return loadScript(url, "the browser refused to run a script from a blob: URL (Content-Security-Policy?)").finally(() => URL.revokeObjectURL(url));
}

/** @param {string} src @param {string} failure @returns {Promise<void>} */
function loadScript(src, failure) {
  const w = /** @type {any} */ (window);
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    const define = w.define;
    w.define = undefined;
    const timer = setTimeout(() => { w.define = define; reject(new Error(`${failure} (no answer within ${FETCH_TIMEOUT_MS / 1000} s)`)); }, FETCH_TIMEOUT_MS * 2);
    script.onload = () => { clearTimeout(timer); w.define = define; resolve(); };
    script.onerror = () => { clearTimeout(timer); w.define = define; reject(new Error(failure)); };
    script.src = src;
    document.head.append(script);
  });
}
