/**
 * dcc.Graph: a plotly.js chart (plotly.js comes from the kernel once per page, see assets.js).
 *
 * `figure` updates go through `Plotly.react`. Plot events come back as Dash's props, filtered and
 * set the way Dash's Graph does it (no circular plotly internals; see `eventProp`): `clickData` and
 * `clickAnnotationData` (with a `timestamp`), `hoverData` (cleared on unhover with
 * `clear_on_unhover`), `selectedData` (null on deselect), `relayoutData`, `restyleData`. The graph
 * resizes with its container.
 */
import { h, setCommon } from "./common.js";
import { loadPlotly } from "../assets.js";
import { jsonEqual } from "../json.js";

/** @typedef {import("../protocol.js").ComponentNode} ComponentNode */
/** @typedef {import("../renderer.js").Renderer} Renderer */

/** Ramda's `type`: the value's tag ("Object", "Array", "Number", "Null", ...). @param {unknown} v */
const tag = (v) => (v === null ? "Null" : v === undefined ? "Undefined" : Object.prototype.toString.call(v).slice(8, -1));
/** @param {any} o @param {string} key */
const has = (o, key) => o != null && typeof o === "object" && Object.prototype.hasOwnProperty.call(o, key);

/**
 * Dash's `filterEventData` (dash-core-components, fragments/Graph.react.js): for click / hover /
 * selected, each point keeps its fields that are not objects or arrays (plotly's `data`,
 * `fullData`, `xaxis`... are big and circular), plus `bbox`, `customdata` pulled from the trace
 * (`customdata[pointNumber]`; all of it for a line's point without a number; one per bin for
 * `pointNumbers`) and `pointNumbers`; relayout / restyle data pass through. `range` and
 * `lassoPoints` are kept.
 * @param {any} gd
 * @param {any} data
 * @param {"click" | "hover" | "selected" | "relayout" | "restyle"} event
 */
export function filterEventData(gd, data, event) {
  /** @type {any} */
  let out;
  if (event === "click" || event === "hover" || event === "selected") {
    if (data == null) return null;
    const traces = gd.data || [];
    const points = (data.points || []).map((/** @type {any} */ full) => {
      /** @type {Record<string, any>} */
      const point = {};
      for (const [k, v] of Object.entries(full)) {
        if (tag(v) !== "Object" && tag(v) !== "Array") point[k] = v;
      }
      if (has(full, "bbox")) point.bbox = full.bbox;
      const trace = traces[point.curveNumber];
      if (has(full, "curveNumber") && has(trace, "customdata")) {
        if (has(full, "pointNumber")) {
          if (typeof full.pointNumber === "number") {
            point.customdata = trace.customdata[full.pointNumber];
          } else if (!full.pointNumber && String(full.data?.mode ?? "").includes("lines")) {
            point.customdata = trace.customdata;
          }
        } else if (has(full, "pointNumbers")) {
          point.customdata = full.pointNumbers.map((/** @type {number} */ n) => trace.customdata[n]);
        }
      }
      if (has(full, "pointNumbers")) point.pointNumbers = full.pointNumbers; // histograms
      return point;
    });
    out = { points };
  } else {
    out = data;
  }
  if (has(data, "range")) out.range = data.range;
  if (has(data, "lassoPoints")) out.lassoPoints = data.lassoPoints;
  return out;
}

/**
 * What a plot event sets, as Dash's Graph sets it: `[prop, value]`, or null when Dash sets nothing.
 * Clicks (on points and on annotations) carry a `timestamp` (ms), so clicking the same point again
 * is a change too; hover / selected / relayout / restyle data are set only when present and
 * different from the prop's current value; deselect sets `selectedData` to null, and so does
 * unhover to `hoverData` with `clear_on_unhover`.
 * @param {any} gd
 * @param {Record<string, any>} props  the Graph's current props
 * @param {string} event  plotly's event name without the `plotly_` prefix
 * @param {any} data      plotly's event data
 * @param {number} [now]
 * @returns {[string, any] | null}
 */
export function eventProp(gd, props, event, data, now = Date.now()) {
  if (event === "click") {
    const click = filterEventData(gd, data, "click");
    return click == null ? null : ["clickData", { ...click, timestamp: now }];
  }
  if (event === "clickannotation") {
    /** @type {Record<string, any>} */
    const annotation = {};
    for (const [k, v] of Object.entries(data || {})) if (k !== "event" && k !== "fullAnnotation") annotation[k] = v;
    return ["clickAnnotationData", { ...annotation, timestamp: now }];
  }
  if (event === "unhover") return props.clear_on_unhover ? ["hoverData", null] : null;
  if (event === "deselect") return ["selectedData", null];
  const prop = { hover: "hoverData", selected: "selectedData", relayout: "relayoutData", restyle: "restyleData" }[event];
  if (!prop) return null;
  const value = filterEventData(gd, data, /** @type {any} */ (event));
  return value == null || jsonEqual(value, props[prop]) ? null : [prop, value];
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
    for (const event of ["click", "clickannotation", "hover", "unhover", "selected", "deselect", "relayout", "restyle"]) {
      gd.on(`plotly_${event}`, (/** @type {any} */ data) => {
        const set = eventProp(gd, node.props, event, data);
        if (set) r.send(node, { [set[0]]: set[1] });
      });
    }
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
