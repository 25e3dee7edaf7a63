/**
 * dcc.Graph: a plotly.js chart (plotly.js comes from the kernel once per page, see assets.js).
 *
 * `figure` updates go through `Plotly.react`. Plot events come back as Dash's props, filtered the
 * way Dash filters them (no circular plotly internals): `clickData`, `hoverData` (cleared on
 * unhover with `clear_on_unhover`), `selectedData`, `relayoutData`, `restyleData`. The graph resizes
 * with its container.
 */
import { h, setCommon } from "./common.js";
import { loadPlotly } from "../assets.js";

/** @typedef {import("../protocol.js").ComponentNode} ComponentNode */
/** @typedef {import("../renderer.js").Renderer} Renderer */

/**
 * Dash's filterEventData: keep each point's plain fields (plus bbox, customdata, pointNumbers).
 * @param {any} gd
 * @param {any} data
 * @param {"click" | "hover" | "selected" | "relayout" | "restyle"} event
 */
export function filterEventData(gd, data, event) {
  /** @type {any} */
  let out;
  if (event === "click" || event === "hover" || event === "selected") {
    if (data == null) return null;
    const points = (data.points || []).map((/** @type {any} */ full) => {
      /** @type {Record<string, any>} */
      const point = {};
      for (const [k, v] of Object.entries(full)) {
        if (v === null || typeof v !== "object") point[k] = v;
      }
      if (full.bbox) point.bbox = full.bbox;
      const trace = gd.data && gd.data[full.curveNumber];
      if ("curveNumber" in full && "pointNumber" in full && trace && trace.customdata) {
        point.customdata = full.pointNumbers
          ? full.pointNumbers.map((/** @type {number} */ n) => trace.customdata[n])
          : trace.customdata[full.pointNumber];
      }
      if (full.pointNumbers) point.pointNumbers = full.pointNumbers;
      return point;
    });
    out = { points };
  } else {
    out = data;
  }
  if (data && data.range) out.range = data.range;
  if (data && data.lassoPoints) out.lassoPoints = data.lassoPoints;
  return out;
}

/** @param {ComponentNode} node @param {Renderer} r */
export function Graph(node, r) {
  const root = h("div");
  setCommon(root, node.props, undefined, "nbdash-graph");
  const plot = h("div", { class: "nbdash-graph-plot" });
  const note = h("div", { class: "nbdash-graph-loading" }, ["Loading plotly.js…"]);
  root.append(note, plot);
  let disposed = false;
  /** @type {any} */
  let Plotly = null;
  /** @type {ResizeObserver | undefined} */
  let resize;

  const draw = () => {
    if (!Plotly || disposed) return;
    const fig = node.props.figure || {};
    const config = { displaylogo: false, ...(node.props.config || {}) };
    const layout = { ...(fig.layout || {}) };
    return Plotly.react(plot, fig.data || [], layout, config).then(() => {
      if (node.props.figure && Array.isArray(fig.frames) && fig.frames.length) return Plotly.addFrames(plot, fig.frames);
    });
  };
  const listen = () => {
    const gd = /** @type {any} */ (plot);
    const emit = (/** @type {string} */ prop, /** @type {any} */ value) => r.send(node, { [prop]: value });
    gd.on("plotly_click", (/** @type {any} */ d) => emit("clickData", filterEventData(gd, d, "click")));
    gd.on("plotly_hover", (/** @type {any} */ d) => emit("hoverData", filterEventData(gd, d, "hover")));
    gd.on("plotly_unhover", () => { if (node.props.clear_on_unhover) emit("hoverData", null); });
    gd.on("plotly_selected", (/** @type {any} */ d) => emit("selectedData", filterEventData(gd, d, "selected")));
    gd.on("plotly_deselect", () => emit("selectedData", null));
    gd.on("plotly_relayout", (/** @type {any} */ d) => emit("relayoutData", filterEventData(gd, d, "relayout")));
    gd.on("plotly_restyle", (/** @type {any} */ d) => emit("restyleData", filterEventData(gd, d, "restyle")));
  };
  loadPlotly(r.host.asset).then(async (P) => {
    if (disposed) return;
    Plotly = P;
    note.remove();
    await draw();
    listen();
    let pending = 0;
    resize = new ResizeObserver(() => {
      cancelAnimationFrame(pending);
      pending = requestAnimationFrame(() => { if (!disposed && plot.isConnected) Plotly.Plots.resize(plot); });
    });
    resize.observe(root);
  }).catch((e) => {
    note.textContent = `plotly.js could not be loaded: ${e instanceof Error ? e.message : e}`;
    note.className = "nbdash-graph-loading nbdash-render-error";
  });
  return {
    el: root,
    /** @param {Record<string, any>} changed @param {Record<string, any>} old */
    update(changed, old) {
      setCommon(root, changed, old, "nbdash-graph");
      if ("figure" in changed || "config" in changed) {
        Promise.resolve(draw()).catch((e) => console.error("nbdash: plotly could not draw the new figure", e));
      }
    },
    dispose() {
      disposed = true;
      resize?.disconnect();
      if (Plotly) Plotly.purge(plot);
    },
  };
}
