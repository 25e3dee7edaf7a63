/**
 * dcc.Loading (first slice: a wrapper; the spinner while a callback runs needs the kernel to announce
 * running outputs, which it does not yet) and dcc.Tabs / dcc.Tab.
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

/** @param {ComponentNode} node @param {Renderer} r */
export function Loading(node, r) {
  const root = h("div");
  const apply = (/** @type {Record<string, any>} */ p, /** @type {any} */ old) => {
    setCommon(root, { className: p.parent_className, style: p.parent_style, id: p.id }, old && { style: old.parent_style }, "nbdash-loading");
  };
  apply(node.props, undefined);
  root.append(...r.render(node.props.children));
  return {
    el: root,
    /** @param {Record<string, any>} changed @param {Record<string, any>} old */
    update(changed, old) {
      if ("parent_className" in changed || "parent_style" in changed) apply(node.props, old);
      if ("children" in changed) r.setChildren(root, old.children, changed.children);
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
