/**
 * nbdash's anywidget front end: one view of one app.
 *
 * render() says hello (with the protocol version) and shows "Connecting…" until the kernel answers
 * with the tree; then the Renderer mounts it, patches update it, user events go back as custom
 * messages; what callbacks print goes to the console panel under the app. Versions that do not
 * match, or a kernel that never answers (a saved notebook opened without running it), show a
 * message saying what to do instead of a blank area. Every listener and timer is released when the
 * view is removed, and the kernel is told (`bye`).
 */
import { PROTOCOL, newViewId } from "./protocol.js";
import { Renderer } from "./renderer.js";
import { ResultWindow } from "./window.js";
import { runForKernel } from "./clientside/page.js";
import { ErrorPanel, errorTitle } from "./errors.js";
import { ConsolePanel } from "./console.js";
import { h } from "./components/common.js";
import { readRecords, writeRecords } from "./persistence.js";
import { registerChildrenProps } from "./mirror.js";
import { applyManifest } from "./app_assets.js";
import { markPageTone } from "./page_tone.js";
import { acceptPush, addFetcher, expectPushes, settlePushes } from "./islands/loader.js";
import { addSetPropsHandler, installClientside } from "./clientside/dash_clientside.js";
import { storeOf } from "./islands/host.js";
import { inView } from "./islands/views.js";
import { mark } from "./timing.js";

/** @typedef {import("./protocol.js").KernelMsg} KernelMsg */

const NO_ANSWER_MS = 8000;

/**
 * @param {{model: any, el: HTMLElement}} ctx
 */
function render({ model, el }) {
  mark("view render");
  const view = newViewId();
  const root = h("div", { class: "nbdash-root", "data-nbdash-view": view });
  const status = h("div", { class: "nbdash-status" }, ["Connecting to the kernel…"]);
  const app = h("div", { class: "nbdash-app" });
  const panel = new ErrorPanel();
  const consolePanel = new ConsolePanel();
  root.append(panel.el, status, app, consolePanel.el);
  el.append(root);

  /** @type {Renderer | null} */
  let renderer = null;
  /** @type {Map<string, {resolve: (b: DataView[]) => void, reject: (e: Error) => void}[]>} */
  const assets = new Map();
  const post = (/** @type {Record<string, any>} */ msg, /** @type {ArrayBuffer[]} */ buffers = []) => model.send(msg, undefined, buffers);
  const host = {
    view,
    post,
    window: new ResultWindow(), // event numbers and the discard rule, across the trees shown (window.js)
    widgetManager: model.widget_manager,
    /** @param {string} name */
    asset: (name) => new Promise((resolve, reject) => {
      const waiting = assets.get(name);
      if (waiting) waiting.push({ resolve, reject });
      else {
        assets.set(name, [{ resolve, reject }]);
        mark(`need ${shortName(name)}`);
        post({ type: "need", asset: name });
      }
    }),
  };
  installClientside(); // window.dash_clientside for assets/*.js and libraries, with or without React
  const removeFetcher = addFetcher(host.asset); // library chunks may come through this view's kernel
  /** the app's stylesheets/scripts held by this view (app_assets.js) */
  let appAssets = { scripts: Promise.resolve(), sheets: Promise.resolve(), release: () => {} };
  const warn = (/** @type {string} */ message) => {
    console.warn("nbdash:", message);
    panel.add({ kind: "warning", title: "Warning", message });
  };
  const warned = new Set();
  /** the stylesheets' warnings: once per view, though the first tree and the kernel's both bring the manifest */
  const warnOnce = (/** @type {string} */ message) => {
    if (warned.has(message)) return;
    warned.add(message);
    warn(message);
  };
  const removeSetProps = addSetPropsHandler((id, props) => {
    const node = renderer?.mirror.get(id);
    if (!renderer || !node) return false;
    const r = renderer;
    inView(root, () => r.applyPatch({ [id]: props }, null));
    storeOf(r).forward(node, props);
    return true;
  });

  // The user leaves this view (pointer or keyboard focus): library props it holds back go now, so a
  // click in another view of the app reads them as State (islands/store.js holds them up to 0.3 s).
  const flushHeld = () => /** @type {any} */ (renderer)?.islandStore?.flush();
  root.addEventListener("pointerleave", flushHeld);
  root.addEventListener("focusout", (e) => {
    if (!(e.relatedTarget instanceof Node && root.contains(e.relatedTarget))) flushHeld();
  });

  const showStatus = (/** @type {string} */ text, /** @type {boolean} */ problem) => {
    status.textContent = text;
    status.hidden = false;
    status.classList.toggle("nbdash-status--problem", problem);
  };
  // The tree the widget was created with (nbdash/_widget.py `_nbdash_first`): shown at once, not
  // leading, until the kernel answers this view's hello with the current tree.
  /**
   * Show a tree: the app's stylesheets/scripts and library metadata first, then the renderer.
   * @param {import("./protocol.js").TreeMsg} msg @param {{leader: boolean, fresh: boolean, loading: [string, string][], provisional?: boolean, clientside?: any}} state
   */
  const show = (msg, state) => {
    renderer?.dispose();
    for (const [ns, byType] of Object.entries(msg.children_props ?? {})) registerChildrenProps(ns, byType);
    const previous = appAssets;
    appAssets = applyManifest(msg.assets, host.asset, warnOnce);
    previous.release();
    if (msg.assets?.scope) app.dataset.nbdashScope = msg.assets.scope;
    const tone = () => markPageTone(app); // the page tone the app's stylesheets draw (page_tone.js)
    tone();
    appAssets.sheets.then(() => requestAnimationFrame(tone)); // once the sheets are in and the view is on the page
    renderer = new Renderer(msg.tree, host, state);
    const store = storeOf(renderer);
    store.setInputs(msg.inputs ?? []);
    host.window.inputs = msg.inputs ?? [];
    store.scriptsReady = appAssets.scripts;
    app.replaceChildren(...renderer.render(msg.tree));
    status.hidden = true;
  };
  const first = model.get("_nbdash_first");
  // Provisional: its Stores leave browser storage alone (invisible.js), so a page showing a new
  // session does not overwrite stored data with the layout's before the answer says it is fresh.
  // Its clientside manifest comes along: user changes run clientside callbacks from the first frame.
  if (first && first.protocol === PROTOCOL && first.tree) {
    show(first, { leader: false, fresh: false, loading: [], provisional: true, clientside: first.clientside });
    mark("first tree shown");
  }

  /** clientside calls the kernel sent before this view showed the kernel's tree (they run on it) */
  let kernelCalls = /** @type {any[] | null} */ ([]);
  const runKernelCall = (/** @type {any} */ msg) => {
    // after the app's assets/*.js ran (their namespace functions), as on Dash's page
    appAssets.scripts.then(() => runForKernel(msg)).then(post, (e) => console.error("nbdash: clientside call failed", e));
  };

  const noAnswer = setTimeout(() => {
    if (!renderer) {
      showStatus("No answer from the kernel. Run the cell that displays this app to start it (the kernel may be busy, stopped or restarted).", true);
    }
  }, NO_ANSWER_MS);

  // what a message changes in library components happens as this view's (islands/views.js)
  const onMessage = (/** @type {KernelMsg} */ msg, /** @type {DataView[]} */ buffers) => inView(root, () => handle(msg, buffers));
  /** @param {KernelMsg} msg @param {DataView[]} buffers */
  const handle = (msg, buffers) => {
    if (!msg || typeof msg !== "object") return;
    switch (msg.type) {
      case "tree": {
        host.window.saw(msg);
        if (msg.persist) writeRecords(msg.persist); // persisted props for this page's storage
        if (msg.view !== null && msg.view !== view) {
          renderer?.setLeader(msg.leader === view);
          return;
        }
        if (msg.protocol !== PROTOCOL) {
          showStatus(mismatchText(msg.protocol), true);
          return;
        }
        show(msg, { leader: msg.leader === view, fresh: !!msg.fresh, loading: msg.loading, clientside: msg.clientside });
        // the kernel's tree replaced the first one (whose DOM is gone): this view is live now
        root.dataset.nbdashLive = "";
        const early = kernelCalls;
        kernelCalls = null;
        for (const call of early ?? []) runKernelCall(call);
        mark("kernel tree shown");
        settlePushes(first?.push); // the kernel pushed before answering: what is missing is asked for
        return;
      }
      case "patch":
        if (msg.persist) writeRecords(msg.persist);
        renderer?.applyPatch(host.window.accept(msg, view), msg.origin); // results made stale by this view's events are dropped
        return;
      case "loading":
        renderer?.setLoading(msg.props, msg.loading);
        return;
      case "console":
        consolePanel.add(msg.callback, msg.chunks);
        return;
      case "error":
        panel.add({ kind: "error", title: errorTitle(msg), message: msg.message, traceback: msg.traceback });
        return;
      case "warning":
        if (msg.view === null || msg.view === view) {
          console.warn("nbdash:", msg.message);
          panel.add({ kind: "warning", title: "Warning", message: msg.message });
        }
        return;
      case "leader":
        renderer?.setLeader(msg.leader === view);
        return;
      case "clientside": // a clientside call the kernel's turn reached (clientside/page.js)
        if (msg.view !== view) return;
        if (kernelCalls) kernelCalls.push(msg); // with the DOM of the kernel's tree, once shown
        else runKernelCall(msg);
        return;
      case "inputs":
        host.window.inputs = msg.inputs;
        if (renderer) storeOf(renderer).setInputs(msg.inputs);
        return;
      case "asset": {
        if (msg.push && !assets.has(msg.name)) return; // kept page-wide by initialize()
        mark(`asset ${shortName(msg.name)}`);
        const waiting = assets.get(msg.name) ?? [];
        assets.delete(msg.name);
        if (msg.error) {
          for (const w of waiting) w.reject(new Error(msg.error));
          return;
        }
        Object.defineProperty(buffers, "meta", { value: msg, enumerable: false });
        for (const w of waiting) w.resolve(buffers);
        return;
      }
      case "mismatch":
        if (msg.view === view) showStatus(msg.message, true);
        return;
    }
  };

  model.on("msg:custom", onMessage);
  post({ type: "hello", protocol: PROTOCOL, view, persisted: readRecords() });

  return () => {
    clearTimeout(noAnswer);
    model.off("msg:custom", onMessage);
    renderer?.dispose();
    removeFetcher();
    removeSetProps();
    appAssets.release();
    for (const waiting of assets.values()) for (const { reject } of waiting) reject(new Error("the view was closed"));
    try {
      post({ type: "bye", view });
    } catch {
      /* the comm is already closed */
    }
  };
}

/**
 * Once per widget model and page, before any view: assets the kernel pushes with the app's first
 * display (nbdash/_preload.py) are kept page-wide, and React and bundles start running at once.
 * @param {{model: any}} ctx
 */
function initialize({ model }) {
  const first = model.get("_nbdash_first");
  expectPushes(first?.push);
  const onPush = (/** @type {any} */ msg, /** @type {DataView[]} */ buffers) => {
    if (!msg || msg.type !== "asset" || !msg.push) return;
    mark(`asset ${shortName(String(msg.name))} (pushed)`);
    acceptPush(msg, buffers);
  };
  model.on("msg:custom", onPush);
  return () => model.off("msg:custom", onPush);
}

/** An asset name for timing marks: a chunk URL by its file name. @param {string} name */
function shortName(name) {
  return name.startsWith("chunk:") ? `chunk:${name.split("/").pop()}` : name;
}

/** @param {unknown} kernelProtocol */
function mismatchText(kernelProtocol) {
  return `This page's nbdash front end speaks protocol ${PROTOCOL} but the kernel's nbdash speaks protocol ${kernelProtocol}. ` +
    "Re-run the cell that displays the app (after restarting the kernel if you upgraded nbdash) so the page loads the matching front end.";
}

export default { initialize, render };

