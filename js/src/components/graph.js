/**
 * dcc.Graph: a plotly.js chart (plotly.js comes from the kernel once per page, see assets.js).
 *
 * `figure` updates go through `Plotly.react`. Plot events come back as Dash's props, filtered and
 * set the way Dash's Graph does it (no circular plotly internals; see `eventProp`): `clickData` and
 * `clickAnnotationData` (with a `timestamp`), `hoverData` (cleared on unhover with
 * `clear_on_unhover`), `selectedData` (null on deselect), `relayoutData`, `restyleData`. The graph
 * resizes with its container.
 *
 * `extendData` / `prependData` never arrive as such: the kernel adds the points to its figure and
 * sends only them, as a private `_nbdash_amend` list of operations (nbdash/_extend.py). The renderer
 * applies them to the mirror's figure with `amendFigure` (whether or not the graph is mounted) and
 * hands the graph a `figure` change flagged with that key, which it draws with `Plotly.redraw` on the
 * same `gd.layout`, like `Plotly.extendTraces` does (a user's zoom stays).
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

/** The patch key carrying extendData / prependData operations (nbdash/_extend.py `AMEND_KEY`). */
export const AMEND_KEY = "_nbdash_amend";

/** plotly's typed-array dtypes. */
const DTYPES = /** @type {Record<string, any>} */ ({
  i1: Int8Array, u1: Uint8Array, u1c: Uint8ClampedArray, i2: Int16Array, u2: Uint16Array,
  i4: Int32Array, u4: Uint32Array, f4: Float32Array, f8: Float64Array,
});

/** A plotly typed array spec (`{dtype, bdata, shape?}`) as (nested) plain arrays. @param {any} spec */
export function decodeTyped(spec) {
  const bytes = Uint8Array.from(atob(spec.bdata), (c) => c.charCodeAt(0));
  const Type = DTYPES[spec.dtype];
  const flat = Array.from(new Type(bytes.buffer, 0, bytes.length / Type.BYTES_PER_ELEMENT));
  const shape = typeof spec.shape === "string" ? spec.shape.split(",").map(Number) : spec.shape || [];
  if (shape.length !== 2) return flat;
  const [rows, cols] = shape;
  return Array.from({ length: rows }, (_, i) => flat.slice(i * cols, (i + 1) * cols));
}

/**
 * A new figure with extendData / prependData operations applied in order — the kernel's
 * `apply_ops` (nbdash/_extend.py), which has validated them: `[kind, update, indices, maxPoints]`,
 * `kind` "extend" | "prepend", indices explicit, `maxPoints` null, a number or `{attr: [n per index]}`
 * (null: no limit). Plotly.extendTraces' rules; `figure` itself is not changed (containers on the way
 * to a changed array are copied; typed arrays become plain arrays).
 * @param {any} figure
 * @param {[string, Record<string, any[][]>, number[], any][]} ops
 */
export function amendFigure(figure, ops) {
  const out = { ...figure, data: [...(figure?.data || [])] };
  const data = out.data;
  /** @type {Set<number>} */
  const copied = new Set();
  for (const [kind, update, indices, maxPoints] of ops) {
    for (const [attr, perTrace] of Object.entries(update)) {
      const path = attr.split(".");
      indices.forEach((index, h) => {
        if (!copied.has(index)) {
          data[index] = { ...data[index] };
          copied.add(index);
        }
        let parent = data[index];
        for (const step of path.slice(0, -1)) parent = parent[step] = { ...parent[step] };
        const last = path[path.length - 1];
        let target = parent[last];
        if (target && !Array.isArray(target) && typeof target === "object" && "bdata" in target) target = decodeTyped(target);
        if (ArrayBuffer.isView(target)) target = Array.from(/** @type {any} */ (target));
        const limit = maxPoints != null && typeof maxPoints === "object" ? maxPoints[attr][h] : maxPoints;
        const points = perTrace[h];
        let values;
        if (kind === "extend") {
          values = target.concat(points);
          if (limit != null && limit < values.length) values = values.slice(values.length - limit);
        } else {
          values = points.concat(target);
          if (limit != null && limit < values.length) values = values.slice(0, limit);
        }
        parent[last] = values;
      });
    }
  }
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
  /** New points only (see AMEND_KEY): the traces change, the live layout (zoom...) stays. */
  const redraw = () => {
    const gd = /** @type {any} */ (plot);
    if (!Plotly || disposed) return; // loading: the first draw uses the mirror's figure
    if (!Array.isArray(gd.data)) return draw();
    gd.data = (node.props.figure || {}).data || [];
    return Plotly.redraw(gd);
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
        const points = AMEND_KEY in changed && !("config" in changed);
        Promise.resolve(points ? redraw() : draw())
          .catch((e) => console.error("nbdash: plotly could not draw the new figure", e));
      }
    },
    dispose() {
      disposed = true;
      resize?.disconnect();
      if (Plotly) Plotly.purge(plot);
    },
  };
}
