/** Helpers shared by the dcc components. */
import { setCommon, setAttribute } from "../html.js";

export { setCommon, setAttribute };

/** Form controls: JupyterLab's keyboard shortcuts must not see their keys (arrows on a slider...). */
const CONTROLS = new Set(["input", "select", "textarea"]);

/**
 * Create an element with attributes and children. Form controls get Lumino's
 * `data-lm-suppress-shortcuts`, so notebook shortcuts never swallow their keys.
 * @param {string} tag
 * @param {Record<string, any>} [attrs]
 * @param {(Node | string)[]} [children]
 */
export function h(tag, attrs = {}, children = []) {
  const el = document.createElement(tag);
  if (CONTROLS.has(tag)) el.setAttribute("data-lm-suppress-shortcuts", "true");
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") el.className = v;
    else if (v !== undefined && v !== null && v !== false) el.setAttribute(k, v === true ? "" : String(v));
  }
  el.append(...children);
  return el;
}

/**
 * A placeholder for components that render nothing (Store, Interval, Location).
 * @param {string} what
 */
export function invisible(what) {
  return document.createComment(what);
}

/**
 * Dash's option lists: a list of values, a {value: label} dict, or a list of
 * {label, value, disabled, title, search} dicts.
 * @param {unknown} options
 * @returns {{label: any, value: any, disabled: boolean, title?: string}[]}
 */
export function normalizeOptions(options) {
  if (options == null) return [];
  if (Array.isArray(options)) {
    return options.map((o) =>
      o !== null && typeof o === "object" && !Array.isArray(o) && "value" in o
        ? { label: o.label ?? String(o.value), value: o.value, disabled: !!o.disabled, title: o.title }
        : { label: String(o), value: o, disabled: false },
    );
  }
  if (typeof options === "object") {
    return Object.entries(options).map(([value, label]) => ({ label, value, disabled: false }));
  }
  return [];
}

/**
 * The plain text of a label (a string or a component rendered off-screen).
 * @param {any} label
 * @param {import("../renderer.js").Renderer} r
 */
export function labelText(label, r) {
  if (label == null) return "";
  if (typeof label !== "object") return String(label);
  const box = document.createElement("div");
  box.append(...r.render(label));
  r.unmount(label);
  return box.textContent ?? "";
}

/** @param {any} a @param {any} b */
export function sameValue(a, b) {
  return a === b || (a == null && b == null);
}

/** Props that are attributes of the inner <input> of Input-like components. */
export const INPUT_ATTRIBUTES = [
  "placeholder", "min", "max", "step", "minLength", "maxLength", "pattern", "readOnly", "required",
  "autoFocus", "disabled", "list", "multiple", "name", "size", "autoComplete", "inputMode", "spellCheck",
  "cols", "rows", "wrap", "form", "title", "tabIndex", "accessKey", "dir", "lang", "hidden", "draggable",
  "contentEditable",
];
