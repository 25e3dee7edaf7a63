/**
 * An app's stylesheets and scripts (the `assets` manifest of the tree message, see
 * nbdash/_assets.py): `external_stylesheets` / `external_scripts`, `app.css` / `app.scripts`
 * resources and the `assets/` folder, in Dash's order.
 *
 * - **Stylesheets** are fetched as text (URLs by the page, local files from the kernel as
 *   `file:<hash>`), rewritten under the app's scope (css_scope.js) and added once per page and
 *   scope as `<style>` in `document.head`, shared by the app's views and removed with the last one.
 *   A sheet's `@import`s of URLs are fetched and scoped the same way, in front of its rules (the
 *   kernel inlines imports of assets files); an assets sheet's `nbdash-file:` references become
 *   `blob:` URLs of the folder's images and fonts, fetched once per page (`withFileUrls`).
 * - **Scripts** run once per page (keyed by URL or content hash), in order, like `<script>` tags:
 *   `window.dashAgGridFunctions`, `window.dash_clientside.<namespace>` functions.
 * - A URL the page cannot reach (no internet: a CDN) fails within FETCH_TIMEOUT_MS; the app goes on
 *   without it and the failure is reported (console + the app's warning panel). Nothing waits on
 *   a stylesheet; library components wait for the scripts (they may define functions they call).
 */
import { scopeCss, wrapImported } from "./css_scope.js";
import { portalSelectorOf } from "./islands/portals.js";

export const FETCH_TIMEOUT_MS = 4000;
const SCRIPTS_KEY = "__nbdash_scripts__";
const SHEETS_KEY = "__nbdash_sheets__";
const FILES_KEY = "__nbdash_files__";
const FILE_REF = /nbdash-file:([0-9a-f]{16})/g;
/** how deep `@import`s of fetched sheets are followed */
const IMPORT_DEPTH = 4;

/**
 * @typedef {{url?: string, file?: string, name?: string}} AssetEntry
 * @typedef {{scope: string, css: AssetEntry[], js: AssetEntry[], warnings?: string[]}} Manifest
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
  return withFileUrls(new TextDecoder().decode(buffers[0]), fetchAsset);
}

/**
 * An assets sheet's `url("nbdash-file:<key>")` references (nbdash/_stylesheets.py: images and fonts
 * of the assets folder) as `blob:` URLs of those files, each fetched once per page and kept for it.
 * @param {string} css @param {(name: string) => Promise<DataView[]>} fetchAsset
 */
export async function withFileUrls(css, fetchAsset) {
  const keys = [...new Set([...css.matchAll(FILE_REF)].map((m) => m[1]))];
  if (!keys.length) return css;
  const w = /** @type {any} */ (window);
  /** @type {Map<string, Promise<string>>} */
  const urls = (w[FILES_KEY] ??= new Map());
  const resolved = new Map(await Promise.all(keys.map(async (key) => {
    let url = urls.get(key);
    if (!url) {
      url = fetchAsset(`file:${key}`).then((buffers) => {
        const type = /** @type {any} */ (buffers).meta?.mime ?? "application/octet-stream";
        return URL.createObjectURL(new Blob(buffers, { type }));
      });
      urls.set(key, url);
      url.catch(() => urls.delete(key));
    }
    return /** @type {[string, string]} */ ([key, await url]);
  })));
  return css.replace(FILE_REF, (_, key) => resolved.get(key) ?? "");
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
  for (const message of manifest?.warnings ?? []) warn(message); // assets sheets' references that do not resolve
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
    const ready = textOf(entry, fetchAsset)
      .then((css) => scopeSheet(css, entry.url, entry.name ?? entry.url ?? "", scope, warn, 0))
      .then((scoped) => { el.textContent = scoped; }, (e) => warn(`Stylesheet not loaded: ${e.message}`));
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
 * A sheet under the app's scope, with the sheets it `@import`s (fetched from their URLs as Dash's
 * browser would, scoped the same way, under the import's conditions) in front of its own rules.
 * An import that cannot be fetched is reported and left out; the sheet applies without it.
 * @param {string} css @param {string | undefined} base @param {string} name @param {string} scope  the app's scope id
 * @param {(message: string) => void} warn @param {number} depth
 * @returns {Promise<string>}
 */
async function scopeSheet(css, base, name, scope, warn, depth) {
  /** @type {{url: string, conditions: string}[]} */
  const imports = [];
  const own = scopeCss(css, scopeSelectorOf(scope), {
    base,
    portal: portalSelectorOf(scope), // content its libraries portal into the body (islands/portals.js)
    onDropped: (what) => console.warn(`nbdash: ${what} in ${name} ignored (stylesheets are scoped to the app)`),
    onImport: (url, conditions) => imports.push({ url, conditions }),
  });
  if (!imports.length) return own;
  const imported = await Promise.all(imports.map(async ({ url, conditions }) => {
    if (depth >= IMPORT_DEPTH || !/^(?:https?:)?\/\//i.test(url)) {
      warn(`@import ${url} in ${name} not loaded: ${depth >= IMPORT_DEPTH ? "imports nested too deep" : "put the file in the assets/ folder next to the notebook"}`);
      return "";
    }
    try {
      return wrapImported(await scopeSheet(await fetchText(url), url, url, scope, warn, depth + 1), conditions);
    } catch (e) {
      warn(`@import in ${name} not loaded: ${/** @type {any} */ (e)?.message ?? e}`);
      return "";
    }
  }));
  return imported.join("") + own;
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
