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
 */
async function createView(manager, ref) {
  const model = await manager.get_model(ref.replace(/^IPY_MODEL_/, ""));
  return manager.create_view(model, {});
}

/** Put a view's node into `holder` (the first time with Lumino's attach messages). @param {any} view @param {HTMLElement} holder */
function attachView(view, holder) {
  const lumino = view.luminoWidget || view.pWidget;
  const node = lumino ? lumino.node : view.el;
  if (view.__nbdashAttached) {
    holder.appendChild(node); // a parked view moving into the new tree's holder
    lumino?.processMessage({ type: "resize", isConflatable: true });
    return;
  }
  view.__nbdashAttached = true;
  if (lumino) {
    lumino.processMessage({ type: "before-attach", isConflatable: false });
    holder.appendChild(node);
    lumino.processMessage({ type: "after-attach", isConflatable: false });
  } else {
    holder.appendChild(node);
  }
  view.trigger?.("displayed");
}

/**
 * Views given up by a disposed Widget, per app view (`host`) and model ref, until the end of the
 * current task. A whole tree is re-rendered when the kernel's tree replaces the first one
 * (index.js) or a full tree arrives: the new tree's Widget takes the old one's view instead of
 * creating a second view of the same model. (A second view would also be wrong for libraries whose
 * views never unregister their model listeners — plotly's FigureWidget: a removed, unplotted view
 * throws on every later change and the live view stops following.) Unclaimed views are removed.
 * @type {WeakMap<object, Map<string, Promise<any>[]>>}
 */
const PARKED = new WeakMap();

/** @param {object} host @param {string} ref */
function claimParked(host, ref) {
  return PARKED.get(host)?.get(ref)?.shift();
}

/** @param {object} host @param {string} ref @param {Promise<any>} pending */
function park(host, ref, pending) {
  let byRef = PARKED.get(host);
  if (!byRef) PARKED.set(host, (byRef = new Map()));
  const list = byRef.get(ref) ?? [];
  byRef.set(ref, list);
  list.push(pending);
  setTimeout(() => {
    const at = list.indexOf(pending);
    if (at < 0) return; // claimed by the new tree
    list.splice(at, 1);
    pending.then((v) => v.remove(), () => {});
  }, 0);
}

/** @param {ComponentNode} node @param {Renderer} r */
export function Widget(node, r) {
  const holder = h("div", { class: "nbdash-widget" });
  if (typeof node.props.id === "string") holder.id = node.props.id;
  /** @type {Promise<any> | null} */
  let pending = null;
  let disposed = false;
  const manager = r.host.widgetManager;
  const ref = String(node.props.model_id ?? "");
  if (!manager || !ref) {
    holder.textContent = !ref ? "This object has no widget view (not an ipywidget)." : "No widget manager on this page.";
    holder.classList.add("nbdash-render-error");
  } else {
    pending = claimParked(r.host, ref) ?? createView(manager, ref);
    pending.then((v) => {
      if (!disposed) attachView(v, holder);
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
      if (disposed) return;
      disposed = true;
      if (pending) park(r.host, ref, pending); // the next tree may take it (see PARKED)
    },
  };
}
