/**
 * Runs React and component-library bundles sent by the kernel, once per page.
 *
 * Every file is run from a `blob:` URL. Three things make library bundles work that way:
 * - while a bundle runs, `document.currentScript` is a stand-in whose `src` is the file's
 *   `nbdash-asset://<package>/<path>` URL: webpack derives its chunk URLs ("automatic publicPath",
 *   webpack 4's dash dynamic-import plugin too) from it;
 * - `<script>` tags appended to `<head>` with an `nbdash-asset://` src (webpack loading an async
 *   chunk) are held back: the chunk is fetched from the kernel (`need chunk:<url>`), the tag's src
 *   becomes a blob: URL, and webpack's own onload completes the `import()` — chunks cross the comm
 *   only when a component needs them;
 * - RequireJS's `window.define` (the classic notebook) is hidden while a file runs, so UMD bundles
 *   register globals instead of AMD modules.
 * A `<style>` a bundle injects while it runs (Mantine's) is confined: its rules on the document keep
 * only their custom properties, so the library does not restyle JupyterLab.
 * Files run one at a time (the currentScript stand-in is global). The order is React, the renderer
 * API (api.js, clientside.js) and the several-views rules (views.js), then libraries as components need them.
 *
 * Promises are cached on `window` (like plotly's), so every app on the page shares one copy. The
 * kernel connection used for chunks is any live view's (`addFetcher`); every kernel on a page has the
 * same packages in practice.
 */
import { installApi } from "./api.js";
import { installClientside } from "./clientside.js";
import { installViews } from "./views.js";
import { registerChildrenProps } from "../mirror.js";
import { confineLibraryCss, scopeCss } from "../css_scope.js";

/** @typedef {(name: string) => Promise<DataView[]>} Fetcher */
/** @typedef {{namespace: string, package: string, childrenProps: Record<string, string[]>}} LoadedLibrary */

const STATE_KEY = "__nbdash_islands__";
const SCHEME = "nbdash-asset://";

/**
 * @returns {{fetchers: Fetcher[], react?: Promise<void>, libraries: Map<string, Promise<LoadedLibrary>>,
 *   loaded: Map<string, LoadedLibrary>, queue: Promise<unknown>, intercepting: boolean}}
 */
function state() {
  const w = /** @type {any} */ (window);
  return (w[STATE_KEY] ??= { fetchers: [], libraries: new Map(), loaded: new Map(), queue: Promise.resolve(), intercepting: false });
}

/** A view's way to ask its kernel for assets; returns a function removing it. @param {Fetcher} fetcher */
export function addFetcher(fetcher) {
  const s = state();
  s.fetchers.push(fetcher);
  return () => {
    const i = s.fetchers.indexOf(fetcher);
    if (i >= 0) s.fetchers.splice(i, 1);
  };
}

/** @param {string} name */
function fetchAny(name) {
  const fetchers = state().fetchers;
  const fetcher = fetchers[fetchers.length - 1];
  if (!fetcher) return Promise.reject(new Error("no nbdash view is connected to a kernel"));
  return fetcher(name);
}

/**
 * Run one file's bytes as a script, with `document.currentScript.src` = `url` meanwhile.
 * @param {DataView | ArrayBuffer} bytes  @param {string} url
 */
function runFile(bytes, url) {
  const s = state();
  const run = () => new Promise((resolve, reject) => {
    const w = /** @type {any} */ (window);
    const blobUrl = URL.createObjectURL(new Blob([bytes], { type: "text/javascript" }));
    const script = document.createElement("script");
    const define = w.define;
    w.define = undefined;
    const stand_in = { tagName: "SCRIPT", src: url, getAttribute: (/** @type {string} */ n) => (n === "src" ? url : null) };
    Object.defineProperty(document, "currentScript", { configurable: true, get: () => stand_in });
    const styles = watchInjectedStyles();
    const done = () => {
      delete (/** @type {any} */ (document)).currentScript;
      w.define = define;
      URL.revokeObjectURL(blobUrl);
      styles();
    };
    script.onload = () => { done(); resolve(undefined); };
    script.onerror = () => { done(); reject(new Error(`the browser refused to run ${url} from a blob: URL (Content-Security-Policy?)`)); };
    script.src = blobUrl;
    script.dataset.nbdashAsset = url;
    appendChild(document.head, script);
  });
  const next = s.queue.then(run, run);
  s.queue = next.catch(() => {});
  return next;
}

/**
 * Watch `<head>` while a file runs; the returned function confines the `<style>`s it injected
 * (style-loader in Mantine's bundle) so their rules on the document leave JupyterLab alone
 * (css_scope.js `confineLibraryCss`).
 */
function watchInjectedStyles() {
  /** @type {HTMLStyleElement[]} */
  const added = [];
  const collect = (/** @type {MutationRecord[]} */ records) => {
    for (const record of records) for (const node of record.addedNodes) if (node instanceof HTMLStyleElement) added.push(node);
  };
  const observer = new MutationObserver(collect);
  observer.observe(document.head, { childList: true });
  return () => {
    collect(observer.takeRecords());
    observer.disconnect();
    for (const node of added) {
      if (!node.dataset.nbdashSheet && node.textContent) node.textContent = confineLibraryCss(node.textContent);
    }
  };
}

/** The DOM's own appendChild (not the chunk interceptor). @param {Node} parent @param {Node} child */
const appendChild = (parent, child) => Node.prototype.appendChild.call(parent, child);

/** Hold back chunk `<script>`s webpack adds to `<head>`; fetch them from the kernel instead. */
function interceptChunks() {
  const s = state();
  if (s.intercepting) return;
  s.intercepting = true;
  const head = /** @type {any} */ (document.head);
  const chunkOf = (/** @type {any} */ node) => node instanceof HTMLScriptElement && (node.getAttribute("src") ?? "").startsWith(SCHEME);
  const load = (/** @type {HTMLScriptElement} */ script, /** @type {() => void} */ insert) => {
    const url = /** @type {string} */ (script.getAttribute("src"));
    script.removeAttribute("src");
    const start = performance.now();
    fetchAny(`chunk:${url}`).then((buffers) => {
      measure(`chunk ${url.split("/").pop()} received`, start);
      script.src = URL.createObjectURL(new Blob(buffers, { type: "text/javascript" }));
      const styles = watchInjectedStyles(); // a chunk may inject the library's CSS (Mantine's does)
      script.addEventListener("load", styles, { once: true });
      script.addEventListener("error", styles, { once: true });
      insert();
    }, (e) => {
      console.error(`nbdash: chunk ${url} not loaded`, e);
      script.dispatchEvent(new Event("error")); // webpack rejects the import() → the component's error boundary
    });
    return script;
  };
  head.appendChild = function (/** @type {any} */ node) {
    if (chunkOf(node)) return load(node, () => Node.prototype.appendChild.call(head, node));
    return Node.prototype.appendChild.call(this, node);
  };
  head.insertBefore = function (/** @type {any} */ node, /** @type {any} */ ref) {
    if (chunkOf(node)) return load(node, () => Node.prototype.insertBefore.call(head, node, ref));
    return Node.prototype.insertBefore.call(this, node, ref);
  };
}

/** Babel's polyfill, React 18.3.1, react-dom and prop-types from dash/deps, then the renderer API; once per page. */
export function loadReact() {
  const s = state();
  if (!s.react) {
    const w = /** @type {any} */ (window);
    s.react = (async () => {
      const start = performance.now();
      const ready = w.React?.version?.startsWith("18.") && typeof w.ReactDOM?.createRoot === "function" && w.PropTypes;
      if (!ready) {
        const [meta, buffers] = await fetchWithMeta("react");
        const urls = /** @type {string[]} */ (meta.files ?? []);
        for (let i = 0; i < buffers.length; i++) await runFile(buffers[i], urls[i] ?? `${SCHEME}dash/deps/${i}.js`);
        if (!w.React || !w.ReactDOM || !w.PropTypes) throw new Error("React did not load (window.React / ReactDOM / PropTypes missing)");
      }
      installApi();
      installClientside();
      installViews(); // library code acts on its own view when an app is shown twice
      interceptChunks();
      measure("React loaded", start);
    })();
    s.react.catch(() => { delete s.react; });
  }
  return s.react;
}

/**
 * A `performance.measure` entry named `nbdash: <what>` (bench/bench_libraries.py prints them).
 * @param {string} what @param {number} start @param {number} [end]
 */
function measure(what, start, end = performance.now()) {
  try {
    performance.measure(`nbdash: ${what}`, { start, end });
  } catch {
    /* measuring is a courtesy */
  }
}

/** A library already on the page, or undefined. @param {string} namespace */
export function loadedLibrary(namespace) {
  return state().loaded.get(namespace);
}

/**
 * A component library's eager files, run once per page (React first).
 * @param {string} namespace
 * @returns {Promise<LoadedLibrary>}
 */
export function loadLibrary(namespace) {
  const s = state();
  let promise = s.libraries.get(namespace);
  if (!promise) {
    promise = (async () => {
      const start = performance.now();
      const fetched = fetchWithMeta(`library:${namespace}`); // over the comm while React loads
      fetched.catch(() => {});
      await loadReact();
      const w = /** @type {any} */ (window);
      const [meta, buffers] = await fetched;
      const received = performance.now();
      registerChildrenProps(namespace, meta.children_props ?? {});
      const files = /** @type {{url: string, kind: string}[]} */ (meta.files ?? []);
      for (let i = 0; i < files.length; i++) {
        if (files[i].kind === "js") await runFile(buffers[i], files[i].url);
        else addLibraryCss(new TextDecoder().decode(buffers[i]), files[i].url);
      }
      if (!w[namespace]) throw new Error(`the ${meta.package ?? namespace} bundle ran but did not define window.${namespace}`);
      /** @type {LoadedLibrary} */
      const lib = { namespace, package: meta.package ?? namespace, childrenProps: meta.children_props ?? {} };
      s.loaded.set(namespace, lib);
      measure(`library ${namespace} received`, start, received);
      measure(`library ${namespace} ran`, received);
      return lib;
    })();
    s.libraries.set(namespace, promise);
    promise.catch(() => s.libraries.delete(namespace));
  }
  return promise;
}

/** Library `_css_dist` files: scoped to nbdash apps. @param {string} css @param {string} url */
function addLibraryCss(css, url) {
  const el = document.createElement("style");
  el.dataset.nbdashSheet = url;
  el.textContent = scopeCss(css, ".nbdash-app", { portal: "[data-nbdash-portal]" }); // and what they portal into the body
  document.head.append(el);
}

/**
 * `need` with the metadata of the answer (the widget passes it as a non-enumerable `meta`).
 * @param {string} name
 * @returns {Promise<[Record<string, any>, DataView[]]>}
 */
async function fetchWithMeta(name) {
  const buffers = await fetchAny(name);
  return [/** @type {any} */ (buffers).meta ?? {}, buffers];
}
