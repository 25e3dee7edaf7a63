/**
 * dcc.Slider and dcc.RangeSlider, following Dash 4's Radix-based slider
 * (dash-core-components `fragments/RangeSlider.tsx`, `components/Slider.tsx`,
 * `utils/computeSliderMarkers.ts`, `utils/sliderRendering.tsx`, `css/sliders.css`).
 *
 * The handles are native range inputs (RangeSlider overlays one per handle and sends the sorted
 * values) with their own track made transparent: the grey rail and the highlighted selection are drawn
 * under them (`selectionSpan`): from min to the handle for a Slider, between the two handles for a
 * RangeSlider, as Dash's Radix `Range` is. While dragging, `drag_value` follows the handle (at most once per animation frame);
 * `value` is sent when the handle is released (`updatemode="mouseup"`, the default) or while dragging
 * (`updatemode="drag"`). `step=None` with marks snaps to the nearest mark.
 *
 * Marks: `marks` not given (or `{}`, or more than 500 of them) → marks generated from min/max/step for
 * the track's length (`autoMarks`); `marks=None` → no marks; given marks outside [min, max] are dropped.
 *
 * `vertical=True` draws the track `verticalHeight` px tall, min at the bottom, marks to its right.
 *
 * Direct input (`allow_direct_input`, default true; not when vertical or `step=None`): a number box
 * after the track (Slider), or one before and one after it (RangeSlider with two values). Each
 * keystroke that makes a valid value (in range, on a step / mark) moves the handle and sends
 * `drag_value` (and `value` with `updatemode="drag"`); leaving the box clamps the text to min/max (and
 * to the other handle), rounds it to the step or nearest mark, and sends `value`; so does Enter (Dash
 * commits on blur only; nbdash also on Enter, where a user expects it). The boxes hide when the slider is at most 200 px (Slider) / 300 px (RangeSlider) wide.
 *
 * `tooltip` (Dash's `utils/sliderTooltip.tsx`): one box per handle showing `template` with its first
 * `{value}` replaced by the handle's value, placed by `placement` (default "top"), styled by `style`;
 * shown while the pointer is over the handle or the handle has focus (also while dragging), or always
 * with `always_visible`. `transform` names a function under `window.dccFunctions`: used when the page
 * defines it (nbdash loads no user scripts, so usually it does not), else the value is shown as is.
 *
 * `dots` (Dash's `renderSliderDots`): a dot per step when the step is more than 1 and there are at most
 * 100 of them. `reverse` (Radix's `inverted`): max on the left (at the bottom when vertical), marks,
 * dots and arrow keys reversed as well.
 */
import { h, setCommon } from "./common.js";

/** @typedef {import("../protocol.js").ComponentNode} ComponentNode */
/** @typedef {import("../renderer.js").Renderer} Renderer */

/** Dash falls back to auto-generated marks above this many. */
const MAX_MARKS = 500;
/** Native range thumb width in Chromium (the handle's centre runs from 8px to length - 8px). */
const THUMB = 16;

/** @param {any} marks */
const isMarkObject = (marks) => !!marks && typeof marks === "object" && !Array.isArray(marks);

/** @param {any} marks @returns {number[]} */
function markValues(marks) {
  return isMarkObject(marks) ? Object.keys(marks).map(Number).filter((v) => !Number.isNaN(v)) : [];
}

/**
 * Dash's `calcStep`: the given step, else 1, 2 or 5 × 10^n nearest to a hundredth of the range.
 * @param {number | null | undefined} min @param {number | null | undefined} max @param {number | null | undefined} step
 */
export function defaultStep(min, max, step) {
  if (step) return step;
  if (min == null || max == null) return 1;
  const v = (Math.abs(max - min) + Number.EPSILON) / 100;
  const n = Math.floor(Math.log10(v));
  const candidates = [10 ** n, 2 * 10 ** n, 5 * 10 ** n];
  return candidates.reduce((best, c) => (Math.abs(c - v) < Math.abs(best - v) ? c : best));
}

/**
 * The track's ends as Dash computes them (`setUndefined`): min/max, else the marks' extremes, else 0 and 1.
 * @param {Record<string, any>} p
 */
export function bounds(p) {
  const marks = p.marks == null ? [] : markValues(p.marks);
  const min = p.min ?? (marks.length ? Math.min(...marks) : 0);
  const max = p.max ?? (marks.length ? Math.max(...marks) : 1);
  return { min, max };
}

const SI = ["y", "z", "a", "f", "p", "n", "µ", "m", "", "k", "M", "G", "T", "P", "E", "Z", "Y"];

/** @param {number} x  decimal exponent as `toExponential` spells it (exact at powers of ten) */
const exponent = (x) => Number(Math.abs(x).toExponential().split("e")[1]);

/**
 * A mark's label (Dash's `applyD3Format`): plain `String(v)` for 0 and 0.001 < |v| < 10000, otherwise
 * d3-format 1.x `formatPrefix(",.0", mean(|min|, |max|))`: an SI prefix picked from the range, no
 * decimals, thousands grouped with commas ("20k", "1,500k", "5µ").
 * @param {number} value @param {number} min @param {number} max
 */
export function markLabel(value, min, max) {
  const tens = Math.log10(Math.abs(value));
  if (value === 0 || (tens > -3 && tens < 4)) return String(value);
  const reference = (Math.abs(max) + Math.abs(min)) / 2;
  const e = Math.max(-8, Math.min(8, Math.floor(exponent(reference) / 3))) * 3;
  const scaled = value * 10 ** -e;
  let digits = Math.abs(scaled).toFixed(0);
  const negative = scaled < 0 && Number(digits) !== 0;
  digits = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return (negative ? "-" : "") + digits + SI[8 + e / 3];
}

/** @param {number} d */
const decimals = (d) => (String(d).split(".")[1] ?? "").length;

/**
 * Round a generated mark to the step's precision (Dash's `alignValue`).
 * @param {number} v @param {number} d
 */
function align(v, d) {
  if (decimals(d) < 1) {
    if (d < 10) return v;
    return parseInt((Math.trunc(v / d) * d).toFixed(decimals(d)), 10);
  }
  if (d < 10) return parseFloat(v.toFixed(decimals(d)));
  return parseFloat((parseFloat((v / d).toFixed(0)) * d).toFixed(decimals(d)));
}

/**
 * Marks Dash generates when none are given (`autoGenerateMarks`): as many as fit the track's length
 * (10px per label character + 20px, between 3 and 50), spaced by a "nice" multiple (1, 2, 2.5, 5, 10
 * × 10^n) of the step, always including min and max, the last inner mark dropped when it would crowd max.
 * @param {number} min @param {number} max @param {number | null | undefined} step
 * @param {number | null | undefined} length  track length in px (330 when unknown)
 * @returns {Record<string, string>}
 */
export function autoMarks(min, max, step, length) {
  const stepValue = step ?? 1;
  const chars = Math.max(markLabel(min, min, max).length, markLabel(max, min, max).length);
  const count = Math.max(3, Math.min(Math.floor((length || 330) / (chars * 10 + 20)) + 1, 50));
  const multiplier = (max - min) / (count - 1) / stepValue;
  const magnitude = 10 ** Math.floor(Math.log10(multiplier));
  const normalized = multiplier / magnitude;
  const nice = normalized <= 1.5 ? 1 : normalized <= 2.25 ? 2 : normalized <= 3.5 ? 2.5 : normalized <= 5 ? 5 : 10;
  const steps = Math.round((stepValue * Math.max(1, nice * magnitude)) / stepValue);
  const interval = steps * stepValue;
  /** @type {number[]} */
  const inner = [];
  let at = min + Math.max(1, steps) * stepValue;
  if ((max - at) / interval > 0) {
    while (at < max) {
      inner.push(align(at, stepValue));
      const before = at;
      at += interval;
      if (at <= before) break;
    }
    if (inner.length >= 2 && max - inner[inner.length - 2] <= interval * 1.5) inner.pop();
  }
  /** @type {Record<string, string>} */
  const out = {};
  for (const v of inner) out[v] = markLabel(v, min, max);
  out[min] = markLabel(min, min, max);
  out[max] = markLabel(max, min, max);
  return out;
}

/**
 * The marks Dash draws (`sanitizeMarks` after the 500-mark limit): `null` for `marks=None`, the given
 * marks inside [min, max], or generated ones when none are given or none are left.
 * @param {Record<string, any>} p  props, with `step` as the Slider wrapper passes it
 * @param {number | null} [length]  track length in px
 * @returns {Record<string, any> | null}
 */
export function shownMarks(p, length = null) {
  if (p.marks === null) return null;
  const marks = usableMarks(p.marks);
  const { min, max } = bounds({ ...p, marks });
  if (isMarkObject(marks)) {
    /** @type {Record<string, any>} */
    const kept = {};
    for (const [key, mark] of Object.entries(marks)) if (Number(key) >= min && Number(key) <= max) kept[key] = mark;
    if (Object.keys(kept).length) return kept;
  }
  return autoMarks(min, max, p.step, length);
}

/** @param {any} marks  given marks, or undefined when there are more than Dash accepts */
function usableMarks(marks) {
  if (isMarkObject(marks) && Object.keys(marks).length > MAX_MARKS) {
    console.error(`Slider: Too many marks (${Object.keys(marks).length}) provided. For performance reasons, marks are limited to ${MAX_MARKS}. Using auto-generated marks instead.`);
    return undefined;
  }
  return marks;
}

/**
 * A mark's text as Dash shows it: a string as is, else the object's `label`, else its position.
 * @param {string} key @param {any} mark
 */
export function markText(key, mark) {
  if (typeof mark === "string") return mark;
  return (isMarkObject(mark) && mark.label) || String(parseFloat(key));
}

/**
 * The numeric rules of a slider: bounds, the step the handles move by, validation and rounding of typed
 * values (Dash's `valueIsValid` / `constrainToValidValue`).
 * @param {Record<string, any>} p  props, with `step` as the Slider wrapper passes it
 */
export function rules(p) {
  const marks = usableMarks(p.marks);
  const { min, max } = bounds({ ...p, marks });
  const snaps = p.step === null && isMarkObject(marks) ? markValues(marks) : null;
  /** @type {number | undefined} */
  const step = p.step === null && marks == null ? undefined : defaultStep(p.min, p.max, p.step);
  const eps = 0.0001;
  /** @param {number} v */
  const nearest = (v) => (snaps && snaps.length ? snaps.reduce((b, m) => (Math.abs(m - v) < Math.abs(b - v) ? m : b)) : v);
  return {
    min,
    max,
    step,
    snaps,
    nearest,
    /** @param {number} v */
    valid(v) {
      if (!Number.isFinite(v) || v < min || v > max) return false;
      if (step !== undefined) {
        const rest = Math.abs((v - min) % step);
        if (rest > eps && rest < step - eps) return false;
      }
      if (snaps) return snaps.some((m) => Math.abs(v - m) < eps);
      return true;
    },
    /** @param {number} v */
    constrain(v) {
      let out = Math.max(min, Math.min(max, v));
      if (snaps) return nearest(out);
      if (step !== undefined) {
        out = Number((min + Math.round((out - min) / step) * step).toFixed(decimals(step)));
        out = Math.max(min, Math.min(max, out));
      }
      return out;
    },
  };
}

/**
 * Where a value sits along the track, 0 (left / bottom) to 1 (right / top), as Dash positions marks and
 * dots (`renderSliderMarks`): reversed sliders put max at 0.
 * @param {number} value @param {number} min @param {number} max @param {boolean} [reverse]
 */
export function fraction(value, min, max, reverse = false) {
  if (!(max > min)) return 0;
  const at = reverse ? max - value + min : value;
  return Math.max(0, Math.min(1, (at - min) / (max - min)));
}

/**
 * The highlighted part of the track as fractions along it (0 = left / bottom), as Dash's Radix `Range`:
 * from min to the handle for one value, between the lowest and the highest handle for several; mirrored
 * when reversed.
 * @param {number[]} values @param {number} min @param {number} max @param {boolean} [reverse]
 * @returns {{ start: number, end: number }}
 */
export function selectionSpan(values, min, max, reverse = false) {
  const shown = values.filter((v) => Number.isFinite(v));
  if (!shown.length) return { start: 0, end: 0 };
  const ends = shown.length === 1 ? [min, shown[0]] : [Math.min(...shown), Math.max(...shown)];
  const at = ends.map((v) => fraction(v, min, max, reverse));
  return { start: Math.min(...at), end: Math.max(...at) };
}

/**
 * The values Dash draws a dot at (`renderSliderDots`): every step from min, only for steps above 1 and
 * at most 100 dots.
 * @param {number | undefined} step @param {number} min @param {number} max
 * @returns {number[]}
 */
export function dotValues(step, min, max) {
  if (!step || step <= 1) return [];
  const count = Math.floor((max - min) / step) + 1;
  if (!(count > 0) || count > 100) return [];
  return Array.from({ length: count }, (_, i) => min + i * step);
}

/**
 * Resolve `tooltip.transform` as Dash does (`transformSliderTooltip`): a dotted name under
 * `window.dccFunctions`, own properties only. `undefined` when the page does not define it.
 * @param {string} name @param {any} [scope]
 * @returns {((value: number) => any) | undefined}
 */
export function tooltipTransform(name, scope = globalThis) {
  /** @type {any} */
  let at = scope;
  for (const part of ["dccFunctions", ...String(name).split(".")]) {
    if (at == null || (typeof at !== "object" && typeof at !== "function") || !Object.prototype.hasOwnProperty.call(at, part)) return undefined;
    at = at[part];
  }
  return typeof at === "function" ? at : undefined;
}

/**
 * A handle's tooltip text (Dash's `formatSliderTooltip`): the template (default "{value}") with its
 * first `{value}` replaced by the value, or by `transform(value)` when the page defines the transform.
 * @param {Record<string, any>} tooltip @param {number} value @param {any} [scope]
 */
export function tooltipText(tooltip, value, scope = globalThis) {
  /** @type {any} */
  let shown = value;
  if (tooltip.transform) {
    const transform = tooltipTransform(tooltip.transform, scope);
    if (transform) shown = transform(value);
  }
  const template = tooltip.template || "{value}";
  return template.replace("{value}", () => `${shown}`);
}

/**
 * The tooltip box's position around its handle (Dash's `Tooltip`): "top…" above, "bottom…" below,
 * otherwise vertically centred; "…left" to the handle's left, "…right" to its right, otherwise
 * horizontally centred. Case-insensitive, default "top".
 * @param {string | undefined} placement
 * @returns {Record<string, string>}
 */
export function tooltipPosition(placement) {
  const where = String(placement ?? "top").toLowerCase();
  const gap = "calc(100% + 4px)";
  /** @type {Record<string, string>} */
  const style = {};
  let transform = "";
  if (where.includes("top")) style.bottom = gap;
  else if (where.includes("bottom")) style.top = gap;
  else { style.top = "50%"; transform += "translateY(-50%)"; }
  if (where.includes("left")) style.right = gap;
  else if (where.includes("right")) style.left = gap;
  else { style.left = "50%"; transform += "translateX(-50%)"; }
  style.transform = transform;
  return style;
}

/**
 * What a key does to a handle, as Radix's slider keyboard (`BACK_KEYS` per slide direction): "min" /
 * "max" for Home / End, else the number of steps (±1, ±10 for PageUp/PageDown or Shift+arrow), or
 * `null` for other keys.
 * @param {string} key @param {boolean} shift @param {boolean} vertical @param {boolean} reverse
 * @returns {"min" | "max" | number | null}
 */
export function keyMove(key, shift, vertical, reverse) {
  if (key === "Home") return "min";
  if (key === "End") return "max";
  const page = key === "PageUp" || key === "PageDown";
  const arrow = ["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight"].includes(key);
  if (!page && !arrow) return null;
  const back = vertical
    ? (reverse ? ["PageDown", "ArrowUp", "ArrowLeft"] : ["PageDown", "ArrowDown", "ArrowLeft"])
    : (reverse ? ["PageDown", "ArrowDown", "ArrowRight"] : ["PageDown", "ArrowDown", "ArrowLeft"]);
  return (back.includes(key) ? -1 : 1) * (page || shift ? 10 : 1);
}

/**
 * The props as Dash's Slider wrapper hands them on: `step` defaults to 1 when min and max are integers.
 * @param {Record<string, any>} p @param {boolean} range
 */
function effective(p, range) {
  if (!range && p.step === undefined && Number.isInteger(p.min) && Number.isInteger(p.max)) return { ...p, step: 1 };
  return p;
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
  const dotsLayer = h("div", { class: "nbdash-slider-dots" });
  const tipsLayer = h("div", { class: "nbdash-slider-tooltips" });
  const rail = h("div", { class: "nbdash-slider-rail" });
  const selection = h("div", { class: "nbdash-slider-selection" });
  rail.append(selection);
  root.append(track, marksRow);
  /** @type {{ anchor: HTMLElement, box: HTMLElement, content: HTMLElement }[]} one per handle */
  let tips = [];
  /** @type {Set<number>} handles under the pointer */
  const hovered = new Set();
  /** @type {Set<number>} handles with focus */
  const focused = new Set();
  /** @type {HTMLInputElement[]} */
  let handles = [];
  /** @type {HTMLInputElement[]} one per value (lower, upper), or none */
  let boxes = [];
  let frame = 0;
  /** @type {ReturnType<typeof rules>} */
  let rule = rules(effective(node.props, range));
  /** @type {number | null} */
  let length = null;
  let width = 0;
  const baseClass = () => {
    const p = node.props;
    return ["nbdash-slider", range && "nbdash-rangeslider", p.vertical && "nbdash-slider-vertical", p.reverse && "nbdash-slider-reverse"].filter(Boolean).join(" ");
  };

  const currentValues = () => {
    const v = node.props.value;
    if (range) return Array.isArray(v) && v.length ? v.slice() : [rule.min, rule.max];
    return [v ?? rule.min];
  };
  const read = () => {
    const vals = handles.map((hd) => rule.nearest(Number(hd.value)));
    return range ? vals.sort((a, b) => a - b) : vals[0];
  };
  /** @param {any} value */
  const asList = (value) => (Array.isArray(value) ? value : [value]);

  /** Show values in the boxes, except in a box being typed into that already means that value. */
  const showBoxes = (/** @type {number[]} */ values) => {
    boxes.forEach((box, i) => {
      const v = values[boxes.length === 1 ? values.length - 1 : i];
      if (document.activeElement === box && parseFloat(box.value) === v) return;
      box.value = v == null || Number.isNaN(v) ? "" : String(v);
    });
  };

  const renderMarks = () => {
    const p = effective(node.props, range);
    marksRow.replaceChildren();
    const marks = shownMarks(p, length);
    root.classList.toggle("nbdash-slider-has-marks", !!marks);
    if (!marks || !(rule.max > rule.min)) return;
    for (const [key, mark] of Object.entries(marks)) {
      const at = Number(key);
      if (Number.isNaN(at)) continue;
      const label = h("span", { class: "nbdash-slider-mark" });
      const share = `${fraction(at, rule.min, rule.max, !!p.reverse) * 100}%`;
      if (p.vertical) label.style.bottom = share;
      else label.style.left = share;
      label.textContent = markText(key, mark);
      if (isMarkObject(mark) && mark.style) Object.assign(label.style, mark.style);
      marksRow.append(label);
    }
  };

  /** Place a layer item (dot, tooltip anchor) at a value along the track. @param {HTMLElement} el @param {number} v */
  const place = (el, v) => {
    const share = `${fraction(v, rule.min, rule.max, !!node.props.reverse) * 100}%`;
    if (node.props.vertical) { el.style.bottom = share; el.style.left = ""; }
    else { el.style.left = share; el.style.bottom = ""; }
  };

  /** The handles' values as drawn (a handle being dragged may be ahead of `value`). */
  const handleValues = () => handles.map((hd) => Number(hd.value));

  /** The selection bar under the handles as drawn (follows a drag before `value` changes). */
  const renderSelection = () => {
    const { start, end } = selectionSpan(handleValues(), rule.min, rule.max, !!node.props.reverse);
    const s = selection.style;
    if (node.props.vertical) {
      s.left = ""; s.width = ""; s.bottom = `${start * 100}%`; s.height = `${(end - start) * 100}%`;
    } else {
      s.bottom = ""; s.height = ""; s.left = `${start * 100}%`; s.width = `${(end - start) * 100}%`;
    }
  };

  /** Dots, marked outside the selection as Dash does (above the value; outside [low, high]); over the
   * native track (which would hide them), with the dot under a handle hidden as Dash's thumb covers it. */
  const renderDots = () => {
    const p = node.props;
    const values = p.dots ? dotValues(rule.step, rule.min, rule.max) : [];
    const selected = handleValues().map(rule.nearest).sort((a, b) => a - b);
    dotsLayer.replaceChildren(...values.map((v) => {
      const dot = h("div", { class: "nbdash-slider-dot" });
      const outside = selected.length === 1 ? v > selected[0] : selected.length > 1 && (v < selected[0] || v > selected[selected.length - 1]);
      if (outside) dot.classList.add("nbdash-slider-dot-outside-selection");
      // the native handle cannot cover a dot drawn over its track, so the dot under a handle is hidden
      if (handleValues().some((hv) => Math.abs(hv - v) < (rule.step ?? 1) / 2)) dot.classList.add("nbdash-slider-dot-under-handle");
      place(dot, v);
      return dot;
    }));
    dotsLayer.hidden = !values.length;
  };

  /** Tooltip text and position for each handle; shown on hover / focus unless always visible. */
  const showTips = () => {
    const tooltip = node.props.tooltip;
    tips.forEach((tip, i) => {
      const hd = handles[i];
      if (!hd) return;
      place(tip.anchor, Number(hd.value));
      tip.content.textContent = tooltipText(tooltip, rule.nearest(Number(hd.value)));
      tip.box.classList.toggle("nbdash-slider-tooltip-shown", hovered.has(i) || focused.has(i));
    });
  };

  const buildTips = () => {
    const p = node.props;
    const tooltip = isMarkObject(p.tooltip) ? p.tooltip : null;
    tips = [];
    if (tooltip) {
      if (tooltip.transform && !tooltipTransform(tooltip.transform)) {
        console.warn(`Slider: tooltip transform "${tooltip.transform}" is not a function under window.dccFunctions on this page; showing the value untransformed.`);
      }
      tips = handles.map((_, i) => {
        const anchor = h("div", { class: "nbdash-slider-tooltip-anchor" });
        const box = h("div", { class: `nbdash-slider-tooltip dash-slider-tooltip${tooltip.always_visible ? " always-visible" : ""}` });
        Object.assign(box.style, tooltipPosition(tooltip.placement));
        const content = h("div");
        if (typeof p.id === "string") content.id = `${p.id}-tooltip-${i + 1}-content`;
        if (isMarkObject(tooltip.style)) Object.assign(content.style, tooltip.style);
        box.append(content);
        anchor.append(box);
        return { anchor, box, content };
      });
    }
    tipsLayer.replaceChildren(...tips.map((t) => t.anchor));
    tipsLayer.hidden = !tips.length;
    showTips();
  };

  /** Which handles the pointer is over (their 16px thumbs), for hover-only tooltips. @param {PointerEvent} e */
  const hover = (e) => {
    const before = [...hovered].join();
    hovered.clear();
    const box = track.getBoundingClientRect();
    const vertical = !!node.props.vertical;
    const length = vertical ? box.height : box.width;
    handleValues().forEach((v, i) => {
      const along = THUMB / 2 + fraction(v, rule.min, rule.max, !!node.props.reverse) * (length - THUMB);
      const centre = vertical ? box.bottom - along : box.left + along;
      const rect = handles[i].getBoundingClientRect();
      const onAxis = Math.abs((vertical ? e.clientY : e.clientX) - centre) <= THUMB / 2;
      const across = vertical ? e.clientX >= rect.left && e.clientX <= rect.right : e.clientY >= rect.top && e.clientY <= rect.bottom;
      if (onAxis && across) hovered.add(i);
    });
    if ([...hovered].join() !== before) showTips();
  };
  track.addEventListener("pointermove", hover);
  track.addEventListener("pointerleave", () => { hovered.clear(); showTips(); });

  /** Hide the boxes in narrow sliders (Dash: container at most 200px, 300px for two boxes). */
  const fitBoxes = () => {
    const hide = width > 0 && width <= (boxes.length === 2 ? 300 : 200);
    for (const box of boxes) box.hidden = hide;
  };

  /** @param {number[]} values */
  const moveHandles = (values) => {
    values.forEach((v, i) => { if (handles[i]) handles[i].value = String(v); });
    renderSelection();
  };

  /**
   * @param {HTMLInputElement} box
   * @param {number} index  which value the box edits
   */
  const wireBox = (box, index) => {
    box.addEventListener("input", () => {
      const typed = parseFloat(box.value);
      if (!rule.valid(typed)) return;
      const values = currentValues();
      values[index] = typed;
      moveHandles(values);
      const value = range ? values : values[0];
      r.send(node, node.props.updatemode === "drag" ? { drag_value: value, value } : { drag_value: value });
    });
    const commit = () => {
      const values = currentValues();
      const last = values.length - 1;
      const lower = index === 0 && values.length === 2;
      let typed = parseFloat(box.value);
      if (box.value.trim() === "") typed = values[index];
      else if (Number.isNaN(typed)) typed = lower ? rule.min : rule.max;
      if (range && values.length === 2) typed = lower ? Math.min(values[last], typed) : Math.max(values[0], typed);
      values[index] = rule.constrain(typed);
      box.value = String(values[index]);
      moveHandles(values);
      const value = range ? values : values[0];
      const p = node.props;
      if (JSON.stringify(value) !== JSON.stringify(p.value) || JSON.stringify(value) !== JSON.stringify(p.drag_value)) {
        r.send(node, { drag_value: value, value });
      }
    };
    box.addEventListener("blur", commit);
    // nbdash: Enter commits too (Dash 4 commits only on blur: a typed value + Enter moved the handle
    // but left `value` and everything linked to it unchanged until the box lost focus).
    box.addEventListener("keydown", (e) => { if (e.key === "Enter") commit(); });
  };

  const build = () => {
    const p = effective(node.props, range);
    rule = rules(p);
    setCommon(root, node.props, undefined, baseClass());
    const { min, max, step } = rule;
    const stepAttr = rule.snaps ? "any" : String(step ?? 1);
    if (p.vertical) root.style.height = `${Number(p.verticalHeight ?? 400)}px`;
    hovered.clear();
    focused.clear();
    handles = currentValues().map((v, i) => {
      const hd = /** @type {HTMLInputElement} */ (h("input", { type: "range", min, max, step: stepAttr }));
      if (p.vertical) hd.setAttribute("aria-orientation", "vertical");
      hd.value = String(v);
      hd.disabled = !!p.disabled;
      hd.addEventListener("focus", () => { focused.add(i); showTips(); });
      hd.addEventListener("blur", () => { focused.delete(i); showTips(); });
      if (p.reverse) {
        // reversed: keys follow the drawn direction as Radix's inverted slider does
        hd.addEventListener("keydown", (e) => {
          const move = keyMove(e.key, e.shiftKey, !!node.props.vertical, true);
          if (move === null || hd.disabled) return;
          e.preventDefault();
          const before = hd.value;
          hd.value = String(move === "min" ? min : move === "max" ? max : Number(hd.value) + move * (step ?? 1));
          if (hd.value === before) return;
          hd.dispatchEvent(new Event("input", { bubbles: true }));
          hd.dispatchEvent(new Event("change", { bubbles: true }));
        });
      }
      hd.addEventListener("input", () => {
        showTips();
        renderSelection();
        renderDots();
        cancelAnimationFrame(frame);
        frame = requestAnimationFrame(() => {
          const value = read();
          showBoxes(asList(value));
          r.send(node, node.props.updatemode === "drag" ? { drag_value: value, value } : { drag_value: value });
        });
      });
      hd.addEventListener("change", () => {
        cancelAnimationFrame(frame);
        const value = read();
        showBoxes(asList(value));
        r.send(node, { drag_value: value, value });
        position();
      });
      return hd;
    });
    track.replaceChildren(rail, dotsLayer, ...handles, tipsLayer);

    for (const box of boxes) box.remove();
    boxes = [];
    const count = handles.length;
    if (p.allow_direct_input !== false && p.step !== null && count <= 2 && !p.vertical) {
      const chars = Math.max(String(Math.floor(max)).length, String(Math.floor(min)).length) + Math.min(step === undefined ? 0 : decimals(step) + (decimals(step) ? 1 : 0), 3);
      const makeBox = (/** @type {string} */ which) => {
        const box = /** @type {HTMLInputElement} */ (h("input", {
          type: "number", class: `nbdash-slider-input nbdash-slider-readout dash-range-slider-input dash-range-slider-${which}-input`,
          min, max, step: p.step || undefined,
        }));
        box.style.width = `calc(${chars}ch + 8px)`;
        box.disabled = !!p.disabled;
        return box;
      };
      if (range && count === 2) {
        const lower = makeBox("min");
        wireBox(lower, 0);
        boxes.push(lower);
      }
      const upper = makeBox("max");
      wireBox(upper, count - 1);
      boxes.push(upper);
      if (boxes.length === 2) root.prepend(boxes[0]);
      root.append(upper);
    }
    root.classList.toggle("nbdash-slider-with-input", boxes.length > 0);
    showBoxes(currentValues());
    fitBoxes();
    renderMarks();
    renderSelection();
    renderDots();
    buildTips();
  };
  const position = () => {
    const values = currentValues();
    moveHandles(values);
    showBoxes(values);
    renderDots();
    showTips();
  };

  const observer = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(() => {
    width = root.getBoundingClientRect().width;
    fitBoxes();
    const box = track.getBoundingClientRect();
    const now = node.props.vertical ? box.height : box.width;
    if (now > 0 && now !== length) {
      length = now;
      if (node.props.marks === undefined || (isMarkObject(node.props.marks) && !Object.keys(node.props.marks).length)) renderMarks();
    }
  });
  observer?.observe(root);
  observer?.observe(track);
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
      setCommon(root, changed, old, baseClass());
      if ("vertical" in changed || "verticalHeight" in changed) root.style.height = "";
      length = null;
      build();
    },
    dispose() {
      cancelAnimationFrame(frame);
      observer?.disconnect();
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
