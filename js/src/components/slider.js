/**
 * dcc.Slider and dcc.RangeSlider (first slice: native range inputs, marks as labels).
 *
 * While dragging, `drag_value` follows the handle (at most once per animation frame); `value` is
 * sent when the handle is released (`updatemode="mouseup"`, the default) or while dragging
 * (`updatemode="drag"`). `step=None` with marks snaps to the nearest mark. RangeSlider overlays one
 * range input per handle and sends the sorted values.
 */
import { h, setCommon } from "./common.js";

/** @typedef {import("../protocol.js").ComponentNode} ComponentNode */
/** @typedef {import("../renderer.js").Renderer} Renderer */

/** @param {Record<string, any>} p */
function markValues(p) {
  return p.marks && typeof p.marks === "object" ? Object.keys(p.marks).map(Number).filter((v) => !Number.isNaN(v)) : [];
}

/** @param {Record<string, any>} p */
function bounds(p) {
  const marks = markValues(p);
  const min = p.min ?? (marks.length ? Math.min(...marks) : 0);
  const max = p.max ?? (marks.length ? Math.max(...marks) : 100);
  return { min, max };
}

/**
 * Snap a raw handle position as Dash does for `step=None` (nearest mark).
 * @param {Record<string, any>} p
 * @param {number} raw
 */
function snap(p, raw) {
  const marks = markValues(p);
  if (p.step === null && marks.length) {
    return marks.reduce((best, m) => (Math.abs(m - raw) < Math.abs(best - raw) ? m : best), marks[0]);
  }
  return raw;
}

/**
 * @param {ComponentNode} node
 * @param {Renderer} r
 * @param {boolean} range
 */
function slider(node, r, range) {
  const root = h("div");
  const track = h("div", { class: "nbdash-slider-track" });
  const marksRow = h("div", { class: "nbdash-slider-marks" });
  const readout = h("span", { class: "nbdash-slider-readout" });
  root.append(track, marksRow, readout);
  /** @type {HTMLInputElement[]} */
  let handles = [];
  let frame = 0;

  const currentValues = () => {
    const v = node.props.value;
    const { min, max } = bounds(node.props);
    if (range) return Array.isArray(v) && v.length ? v : [min, max];
    return [v ?? min];
  };
  const read = () => {
    const vals = handles.map((hd) => snap(node.props, Number(hd.value)));
    return range ? vals.sort((a, b) => a - b) : vals[0];
  };
  const showReadout = (/** @type {any} */ value) => {
    readout.textContent = Array.isArray(value) ? value.join(" – ") : value == null ? "" : String(value);
  };
  const build = () => {
    const p = node.props;
    setCommon(root, p, undefined, range ? "nbdash-slider nbdash-rangeslider" : "nbdash-slider");
    const { min, max } = bounds(p);
    const step = p.step === null ? "any" : String(p.step ?? 1);
    handles = currentValues().map((v) => {
      const hd = /** @type {HTMLInputElement} */ (h("input", { type: "range", min, max, step }));
      hd.value = String(v);
      hd.disabled = !!p.disabled;
      hd.addEventListener("input", () => {
        cancelAnimationFrame(frame);
        frame = requestAnimationFrame(() => {
          const value = read();
          showReadout(value);
          r.send(node, node.props.updatemode === "drag" ? { drag_value: value, value } : { drag_value: value });
        });
      });
      hd.addEventListener("change", () => {
        cancelAnimationFrame(frame);
        const value = read();
        showReadout(value);
        r.send(node, { drag_value: value, value });
        position();
      });
      return hd;
    });
    track.replaceChildren(...handles);
    marksRow.replaceChildren();
    if (p.marks && typeof p.marks === "object" && max > min) {
      for (const [key, mark] of Object.entries(p.marks)) {
        const at = Number(key);
        if (Number.isNaN(at)) continue;
        const label = h("span", { class: "nbdash-slider-mark" });
        label.style.left = `${((at - min) / (max - min)) * 100}%`;
        const text = mark && typeof mark === "object" ? mark.label : mark;
        label.textContent = text == null ? "" : String(text);
        if (mark && typeof mark === "object" && mark.style) Object.assign(label.style, mark.style);
        marksRow.append(label);
      }
    }
    showReadout(p.value);
  };
  const position = () => {
    currentValues().forEach((v, i) => { if (handles[i]) handles[i].value = String(v); });
    showReadout(node.props.value);
  };
  build();
  return {
    el: root,
    /** @param {Record<string, any>} changed @param {Record<string, any>} old */
    update(changed, old) {
      const keys = Object.keys(changed);
      if (keys.every((k) => k === "value" || k === "drag_value")) {
        if (range && currentValues().length !== handles.length) build();
        else position();
        return;
      }
      setCommon(root, changed, old, range ? "nbdash-slider nbdash-rangeslider" : "nbdash-slider");
      build();
    },
    dispose() {
      cancelAnimationFrame(frame);
    },
  };
}

/** @param {ComponentNode} node @param {Renderer} r */
export function Slider(node, r) {
  return slider(node, r, false);
}

/** @param {ComponentNode} node @param {Renderer} r */
export function RangeSlider(node, r) {
  return slider(node, r, true);
}
