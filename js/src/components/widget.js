/**
 * An ipywidget placed in the layout (kernel side: nbdash/_sources.py), rendered in place by its own
 * view: `{type: "Widget", namespace: "nbdash", props: {id, model_id: "IPY_MODEL_<id>"}}`.
 *
 * The view is created through the page's widget manager and attached the Lumino way (the
 * before/after-attach messages `Widget.attach()` would send), which works for any ipywidget,
 * anywidgets included, in JupyterLab, Notebook 7 and Voila (jupyter-facts §4); plotly's
 * FigureWidget lays itself out wrongly without them. The widget's traits sync through its own comm,
 * so trait changes in patches need nothing here.
 */
import { h } from "./common.js";

/** @typedef {import("../protocol.js").ComponentNode} ComponentNode */
/** @typedef {import("../renderer.js").Renderer} Renderer */

/**
 * @param {any} manager  the page's ipywidgets manager (anywidget's `model.widget_manager`)
 * @param {string} ref   "IPY_MODEL_<id>"
 * @param {HTMLElement} holder
 */
async function mountView(manager, ref, holder) {
  const model = await manager.get_model(ref.replace(/^IPY_MODEL_/, ""));
  const view = await manager.create_view(model, {});
  const lumino = view.luminoWidget || view.pWidget;
  if (lumino) {
    lumino.processMessage({ type: "before-attach", isConflatable: false });
    holder.appendChild(lumino.node);
    lumino.processMessage({ type: "after-attach", isConflatable: false });
  } else {
    holder.appendChild(view.el);
  }
  view.trigger?.("displayed");
  return view;
}

/** @param {ComponentNode} node @param {Renderer} r */
export function Widget(node, r) {
  const holder = h("div", { class: "nbdash-widget" });
  if (typeof node.props.id === "string") holder.id = node.props.id;
  /** @type {any} */
  let view = null;
  let disposed = false;
  const manager = r.host.widgetManager;
  const ref = String(node.props.model_id ?? "");
  if (!manager || !ref) {
    holder.textContent = !ref ? "This object has no widget view (not an ipywidget)." : "No widget manager on this page.";
    holder.classList.add("nbdash-render-error");
  } else {
    mountView(manager, ref, holder).then((v) => {
      if (disposed) v.remove();
      else view = v;
    }).catch((e) => {
      holder.textContent = `The ipywidget could not be displayed: ${e instanceof Error ? e.message : e}`;
      holder.classList.add("nbdash-render-error");
    });
  }
  return {
    el: holder,
    /** @param {Record<string, any>} changed */
    update(changed) {
      return !("model_id" in changed); // a different widget: mount again; traits sync by themselves
    },
    dispose() {
      disposed = true;
      view?.remove();
    },
  };
}
