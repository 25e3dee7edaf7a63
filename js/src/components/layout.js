/**
 * dcc.Loading and dcc.Tabs / dcc.Tab.
 *
 * Loading shows a spinner over its children while any component *inside* them has an output being
 * computed (the kernel's loading state, see renderer.js), as Dash 3's Loading does: `display`
 * ("auto" / "show" / "hide"), `delay_show` (ms of loading before the spinner appears), `delay_hide`
 * (ms it stays after loading ends), `target_components` ({id: prop | [props] | "*"}: only those
 * count), `show_initially`, `overlay_style` (the children's style while covered; by default they are
 * hidden), `custom_spinner`, `type`, `color`, `fullscreen`, `debug` (lists what is loading),
 * `className` / `style` (the spinner), `parent_className` / `parent_style` (the wrapper). The
 * kernel sends the tree after the initial callbacks ran, so nothing is loading at first render.
 *
 * Tabs renders a bar of its Tab children's labels and only the selected tab's content (as Dash).
 * A Tab's value defaults to `tab-<n>` (1-based); with no `value`, the first tab is selected. Clicking
 * an enabled tab sends `value`. A change to any Tab (label, disabled, children) re-renders the Tabs.
 */
import { h, setCommon } from "./common.js";
import { isNode } from "../mirror.js";
import { setStyle } from "../style.js";

/** @typedef {import("../protocol.js").ComponentNode} ComponentNode */
/** @typedef {import("../renderer.js").Renderer} Renderer */

const SPINNER_TYPES = new Set(["default", "graph", "cube", "circle", "dot"]);
const COVERING = {
  visibility: "visible", position: "absolute", top: "0", height: "100%", width: "100%", display: "flex",
  justifyContent: "center", alignItems: "center",
};

/** @param {ComponentNode} node @param {Renderer} r */
export function Loading(node, r) {
  const root = h("div");
  const content = h("div");
  const cover = h("div");
  root.append(content, cover);
  content.append(...r.render(node.props.children));
  let showing = node.props.show_initially ?? true;
  /** @type {ReturnType<typeof setTimeout> | undefined} */ let showTimer;
  /** @type {ReturnType<typeof setTimeout> | undefined} */ let hideTimer;
  /** @type {{id: string, property: string}[]} */ let loading = [];
  /** @type {unknown} */ let spinnerValue = null; // the custom_spinner mounted in the cover

  /** @type {Record<string, any>} */ let rootStyle = {};
  /** @type {Record<string, any>} */ let contentStyle = {};
  /** @type {Record<string, any>} */ let coverStyle = {};
  const restyle = (/** @type {HTMLElement} */ el, /** @type {Record<string, any>} */ old, /** @type {Record<string, any>} */ next) => {
    setStyle(el, next, old);
    return next;
  };

  const paint = () => {
    const p = node.props;
    setCommon(root, { className: p.parent_className }, undefined, "nbdash-loading");
    rootStyle = restyle(root, rootStyle, { position: "relative", ...(p.parent_style || {}) });
    content.className = ["nbdash-loading-content", p.parent_className].filter(Boolean).join(" ");
    contentStyle = restyle(content, contentStyle,
      showing ? { visibility: "hidden", ...(p.overlay_style || {}), ...(p.parent_style || {}) } : { ...(p.parent_style || {}) });
    if (typeof p.id === "string") cover.id = p.id;
    else cover.removeAttribute("id");
    cover.className = showing ? "nbdash-loading-cover" : "";
    coverStyle = restyle(cover, coverStyle, showing ? COVERING : {});
    r.unmount(spinnerValue);
    spinnerValue = null;
    if (!showing) {
      cover.replaceChildren();
      return;
    }
    if (p.custom_spinner != null) {
      spinnerValue = p.custom_spinner;
      cover.replaceChildren(...r.render(spinnerValue));
      return;
    }
    const type = SPINNER_TYPES.has(p.type) ? p.type : "default";
    const spinner = h("div", {
      class: ["nbdash-spinner", `nbdash-spinner--${type}`, p.fullscreen && "nbdash-spinner--fullscreen", p.className].filter(Boolean).join(" "),
      role: "status", "aria-label": "Loading",
    }, [h("div", { class: "nbdash-spinner-shape" }, [h("span"), h("span"), h("span")])]);
    setStyle(spinner, { ...(p.color ? { color: p.color } : {}), ...(p.style || {}) });
    if (p.debug) spinner.append(h("div", { class: "nbdash-spinner-debug" }, loading.map((l) => `${l.id}.${l.property}`).join(", ")));
    cover.replaceChildren(spinner);
  };
  const set = (/** @type {boolean} */ on) => {
    if (on === showing) return;
    showing = on;
    paint();
  };
  const later = (/** @type {number} */ ms, /** @type {() => void} */ fn) => {
    if (!(ms > 0)) {
      fn();
      return undefined;
    }
    return setTimeout(fn, ms);
  };
  // Dash's rules: a show timer while loading, a dismiss timer after; each cancels the other.
  const evaluate = () => {
    const p = node.props;
    const display = p.display ?? "auto";
    const was = loading;
    loading = r.loadingIn(p.children, p.target_components);
    if (display === "show" || display === "hide") {
      clearTimeout(showTimer);
      clearTimeout(hideTimer);
      showTimer = hideTimer = undefined;
      set(display === "show");
      return;
    }
    if (loading.length) {
      clearTimeout(hideTimer);
      hideTimer = undefined;
      if (!showing && showTimer === undefined) {
        showTimer = later(p.delay_show ?? 0, () => { showTimer = undefined; set(true); });
      } else if (showing && p.debug && was.length !== loading.length) paint();
    } else {
      clearTimeout(showTimer);
      showTimer = undefined;
      if (showing && hideTimer === undefined) {
        hideTimer = later(p.delay_hide ?? 0, () => { hideTimer = undefined; set(false); });
      }
    }
  };
  paint();
  evaluate();
  const unsubscribe = r.onLoading(evaluate);
  return {
    el: root,
    /** @param {Record<string, any>} changed @param {Record<string, any>} old */
    update(changed, old) {
      if ("children" in changed) r.setChildren(content, old.children, changed.children);
      paint(); // also swaps a changed custom_spinner
      evaluate();
    },
    dispose() {
      clearTimeout(showTimer);
      clearTimeout(hideTimer);
      unsubscribe();
      r.unmount(spinnerValue);
    },
  };
}

/** @param {unknown} children @returns {ComponentNode[]} */
function tabsOf(children) {
  const list = Array.isArray(children) ? children : children == null ? [] : [children];
  return list.filter((c) => isNode(c));
}

/** @param {ComponentNode} node @param {Renderer} r */
export function Tabs(node, r) {
  const root = h("div");
  const bar = h("div", { class: "nbdash-tabs-bar", role: "tablist" });
  const content = h("div", { class: "nbdash-tabs-content" });
  root.append(bar, content);
  /** @type {unknown} */
  let shownContent = null;
  /** @type {ComponentNode[]} */
  let tabs = [];

  const valueOf = (/** @type {ComponentNode} */ tab, /** @type {number} */ i) => tab.props.value ?? `tab-${i + 1}`;
  const selected = () => node.props.value ?? (tabs.length ? valueOf(tabs[0], 0) : undefined);

  const build = () => {
    const p = node.props;
    for (const tab of tabs) {
      r.unmount(tab.props.label);
      r.instances.delete(tab);
    }
    r.unmount(shownContent);
    setCommon(root, { className: p.parent_className, style: p.parent_style, id: p.id }, undefined, "nbdash-tabs" + (p.vertical ? " nbdash-tabs-vertical" : ""));
    bar.className = ["nbdash-tabs-bar", p.className].filter(Boolean).join(" ");
    setStyle(bar, p.style);
    content.className = ["nbdash-tabs-content", p.content_className].filter(Boolean).join(" ");
    setStyle(content, p.content_style);
    tabs = tabsOf(p.children);
    const current = selected();
    bar.replaceChildren(...tabs.map((tab, i) => {
      const t = tab.props;
      const isSelected = valueOf(tab, i) === current;
      const classes = ["nbdash-tab", t.className, isSelected && "nbdash-tab--selected", isSelected && t.selected_className,
        t.disabled && "nbdash-tab--disabled", t.disabled && t.disabled_className].filter(Boolean).join(" ");
      const el = h("div", { class: classes, role: "tab", "aria-selected": String(isSelected) });
      if (typeof t.id === "string") el.id = t.id;
      setStyle(el, { ...(t.style || {}), ...(isSelected ? t.selected_style || {} : {}), ...(t.disabled ? t.disabled_style || {} : {}) });
      el.append(...r.render(t.label));
      el.addEventListener("click", () => {
        if (tab.props.disabled || valueOf(tab, i) === selected()) return;
        r.send(node, { value: valueOf(tab, i) });
        build();
      });
      r.instances.set(tab, { el, update: () => { build(); } });
      return el;
    }));
    const chosen = tabs.find((tab, i) => valueOf(tab, i) === current);
    shownContent = chosen ? chosen.props.children : null;
    content.replaceChildren(...r.render(shownContent));
  };
  build();
  return {
    el: root,
    update() {
      build();
    },
    dispose() {
      for (const tab of tabs) {
        r.unmount(tab.props.label);
        r.instances.delete(tab);
      }
      r.unmount(shownContent);
    },
  };
}

/** A Tab outside Tabs: just its content. @param {ComponentNode} node @param {Renderer} r */
export function Tab(node, r) {
  const root = h("div", { class: "nbdash-tab-content" });
  root.append(...r.render(node.props.children));
  return { el: root };
}
