/**
 * Runs React and component-library bundles sent by the kernel, once per page.
 *
 * Every file is run from a `blob:` URL. Three things make library bundles work that way:
 * - while a bundle runs, `document.currentScript` is a stand-in whose `src` is the file's
 *   `nbdash-asset://<package>/<path>` URL: webpack derives its chunk URLs ("automatic publicPath",
 *   webpack 4's dash dynamic-import plugin too) from it;
 * - `<script>` tags appended to `<head>` with an `nbdash-asset://` src (webpack loading an async
 *   chunk) are held back: the chunk is fetched from the kernel (`need chunk:<url>`, or taken from
 *   what the kernel pushed), the tag's src becomes a blob: URL, and webpack's own onload completes
 *   the `import()` — chunks run only when a component needs them;
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
 *
 * Pushes (nbdash/_preload.py): after the cell displaying an app the kernel sends React, the tree's
 * libraries and their usual first chunks unasked, as `asset` messages marked `push`, and announces
 * their names in the widget's initial state. The widget's `initialize` hands them to `acceptPush`
 * (even before a view exists): React and bundles start running as soon as they arrive (one at a
 * time), chunks at once as scripts of their own (`runPushedChunk`: they only register modules).
 * Anyone needing an announced name waits for it (`expectPushes`); when a view gets the answer to
 * its hello, which the kernel sent after its pushes, what has not arrived is asked for
 * (`settlePushes`). Something already on the page is never run twice.
 */
import { installApi } from "./api.js";
import { installClientside } from "./clientside.js";
import { installViews } from "./views.js";
import { registerChildrenProps } from "../mirror.js";
import { confineLibraryCss, scopeCss } from "../css_scope.js";
import { measure } from "../timing.js";

/** @typedef {(name: string) => Promise<DataView[]>} Fetcher */
/** @typedef {{namespace: string, package: string, childrenProps: Record<string, string[]>}} LoadedLibrary */

const STATE_KEY = "__nbdash_islands__";
const SCHEME = "nbdash-asset://";

/**
 * @typedef {{fetchers: Fetcher[], react?: Promise<void>, libraries: Map<string, Promise<LoadedLibrary>>,
 *   loaded: Map<string, LoadedLibrary>, queue: Promise<unknown>, intercepting: boolean,
 *   pushed: Map<string, DataView[]>, expected: Map<string, {promise: Promise<void>, resolve: () => void}>,
 *   chunks: Set<string>, running: Map<string, Promise<unknown>>}} LoaderState
 * @returns {LoaderState}
 */
function state() {
  const w = /** @type {any} */ (window);
  const s = (w[STATE_KEY] ??= { fetchers: [], libraries: new Map(), loaded: new Map(), queue: Promise.resolve(), intercepting: false });
  s.pushed ??= new Map(); // an older nbdash bundle on the page made the state without these
  s.expected ??= new Map();
  s.chunks ??= new Set();
  s.running ??= new Map();
  return s;
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

/**
 * An asset's buffers: pushed by the kernel (taken from the page's cache, or awaited if the kernel
 * announced it), else asked for through a view's kernel connection.
 * @param {string} name
 * @returns {Promise<DataView[]>}
 */
async function fetchAny(name) {
  const s = state();
  const coming = s.expected.get(name);
  if (!s.pushed.has(name) && coming) await coming.promise;
  const pushed = s.pushed.get(name);
  if (pushed) {
    s.pushed.delete(name);
    return pushed;
  }
  const fetcher = s.fetchers[s.fetchers.length - 1];
  if (!fetcher) throw new Error("no nbdash view is connected to a kernel");
  return fetcher(name);
}

/**
 * The kernel announced assets it sends with an app's first display (nbdash/_preload.py): whoever
 * needs one meanwhile waits for it instead of asking.
 * @param {unknown} names
 */
export function expectPushes(names) {
  const s = state();
  if (!Array.isArray(names)) return;
  for (const name of names) {
    if (typeof name !== "string" || s.expected.has(name) || s.pushed.has(name) || alreadyHere(name)) continue;
    /** @type {() => void} */
    let resolve = () => {};
    const promise = new Promise((r) => { resolve = () => r(undefined); });
    s.expected.set(name, { promise, resolve });
  }
}

/**
 * Announced pushes that have not arrived by now never will (a view got the answer to its hello,
 * which the kernel sent after them): whoever waits for them asks instead.
 * @param {unknown} names
 */
export function settlePushes(names) {
  const s = state();
  if (!Array.isArray(names)) return;
  for (const name of names) {
    const coming = s.expected.get(name);
    if (!coming) continue;
    s.expected.delete(name);
    coming.resolve();
  }
}

/**
 * An `asset` message the kernel pushed: kept for whoever needs it, and React and library bundles
 * start running at once (while the rest still crosses the comm and before any view asks). What the
 * page already has is dropped: a pushed asset never runs twice.
 * @param {Record<string, any>} msg @param {DataView[]} buffers
 */
export function acceptPush(msg, buffers) {
  const s = state();
  const name = msg.name;
  if (typeof name !== "string") return;
  const coming = s.expected.get(name);
  s.expected.delete(name);
  if (!msg.error && (coming || !alreadyHere(name))) { // announced: someone may be waiting for it
    const kept = [...buffers];
    Object.defineProperty(kept, "meta", { value: msg, enumerable: false });
    s.pushed.set(name, kept);
    if (name === "react") loadReact().catch(() => {});
    else if (name.startsWith("library:")) loadLibrary(name.slice(8)).catch(() => {});
    else if (name.startsWith("chunk:") && !s.chunks.has(name.slice(6))) runPushedChunk(name.slice(6));
  }
  coming?.resolve();
}

/**
 * A pushed chunk runs at once, as a script of its own (compiled off the main thread while the
 * bundles run): a webpack chunk only registers its modules with its library's JSONP array, before
 * or after the library's runtime starts, so when a component imports it webpack finds it
 * installed and requests nothing. A request made while it is still loading waits for it.
 * @param {string} url
 */
function runPushedChunk(url) {
  const s = state();
  const name = `chunk:${url}`;
  const buffers = s.pushed.get(name);
  if (!buffers) return;
  s.pushed.delete(name);
  s.chunks.add(url);
  const start = performance.now();
  const running = runBlob(new Blob(buffers, { type: "text/javascript" }), url).then(() => measure(`ran ${url.split("/").pop()}`, start));
  running.catch((e) => console.error(`nbdash: pushed chunk ${url} did not run`, e));
  s.running.set(url, running);
}

/** Run a script from a blob, not queued (no currentScript stand-in). @param {Blob} blob @param {string} url */
function runBlob(blob, url) {
  return new Promise((resolve, reject) => {
    const blobUrl = URL.createObjectURL(blob);
    const script = document.createElement("script");
    script.onload = () => { URL.revokeObjectURL(blobUrl); resolve(undefined); };
    script.onerror = () => { URL.revokeObjectURL(blobUrl); reject(new Error(`the browser refused to run ${url} from a blob: URL`)); };
    script.src = blobUrl;
    script.dataset.nbdashAsset = url;
    appendChild(document.head, script);
  });
}

/** Whether the page has (or is loading) what an asset name gives. @param {string} name */
function alreadyHere(name) {
  const s = state();
  if (name === "react") return !!s.react || reactOnPage();
  if (name.startsWith("library:")) return s.libraries.has(name.slice(8));
  if (name.startsWith("chunk:")) return s.chunks.has(name.slice(6));
  return false;
}

function reactOnPage() {
  const w = /** @type {any} */ (window);
  return !!(w.React?.version?.startsWith("18.") && typeof w.ReactDOM?.createRoot === "function" && w.PropTypes);
}

/**
 * Run one file's bytes as a script, with `document.currentScript.src` = `url` meanwhile.
 * @param {DataView | ArrayBuffer | Blob} bytes  @param {string} url
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
    const start = performance.now();
    script.onload = () => { done(); measure(`ran ${url.split("/").pop()}`, start); resolve(undefined); };
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
    const running = s.running.get(url);
    if (running) { // a pushed chunk, already run or running (runPushedChunk)
      running.then(() => script.dispatchEvent(new Event("load")), () => script.dispatchEvent(new Event("error")));
      return script;
    }
    s.chunks.add(url);
    const start = performance.now();
    fetchAny(`chunk:${url}`).then((buffers) => {
      measure(`chunk ${url.split("/").pop()} received`, start);
      const ran = performance.now();
      script.addEventListener("load", () => measure(`ran ${url.split("/").pop()}`, ran));
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
      if (!reactOnPage()) {
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
