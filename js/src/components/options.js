/**
 * dcc.Checklist, dcc.RadioItems and dcc.Dropdown (first slice: a native <select>).
 *
 * Options are Dash's three forms (see `normalizeOptions`); labels may be components. Checklist
 * appends a newly checked value to `value` (Dash's order: the order of clicks); RadioItems sends the
 * chosen value; Dropdown sends the chosen value (single), the selected values (multi), and `None`
 * (single) / `[]` (multi) when cleared. `inline` lays options out in a row.
 */
import { h, setCommon, normalizeOptions, labelText } from "./common.js";
import { setStyle } from "../style.js";

/** @typedef {import("../protocol.js").ComponentNode} ComponentNode */
/** @typedef {import("../renderer.js").Renderer} Renderer */

/**
 * @param {ComponentNode} node
 * @param {Renderer} r
 * @param {"checkbox" | "radio"} kind
 */
function optionList(node, r, kind) {
  const root = h("div");
  const name = "nbdash-" + Math.random().toString(36).slice(2);
  /** @type {HTMLInputElement[]} */
  let boxes = [];
  /** @type {any[]} */
  let values = [];

  const isChecked = (/** @type {any} */ v) => {
    const value = node.props.value;
    return kind === "checkbox" ? Array.isArray(value) && value.some((x) => x === v) : value === v;
  };
  const build = () => {
    const p = node.props;
    setCommon(root, p, undefined, kind === "checkbox" ? "nbdash-checklist" : "nbdash-radioitems");
    root.replaceChildren();
    const options = normalizeOptions(p.options);
    values = options.map((o) => o.value);
    boxes = options.map((o) => {
      const box = /** @type {HTMLInputElement} */ (h("input", { type: kind, name, class: p.inputClassName || undefined }));
      box.checked = isChecked(o.value);
      box.disabled = o.disabled;
      setStyle(box, p.inputStyle);
      box.addEventListener("change", () => {
        if (kind === "radio") {
          r.send(node, { value: o.value });
          return;
        }
        const current = Array.isArray(node.props.value) ? node.props.value : [];
        const next = box.checked ? [...current.filter((v) => v !== o.value), o.value] : current.filter((v) => v !== o.value);
        r.send(node, { value: next });
      });
      const label = h("label", { class: ["nbdash-option", p.labelClassName].filter(Boolean).join(" "), title: o.title });
      setStyle(label, { display: p.inline ? "inline-block" : "block", ...(p.labelStyle || {}) });
      label.append(box, ...r.render(o.label));
      return label;
    }).map((label) => /** @type {HTMLInputElement} */ (root.appendChild(label).firstChild));
  };
  build();
  return {
    el: root,
    /** @param {Record<string, any>} changed @param {Record<string, any>} old */
    update(changed, old) {
      const keys = Object.keys(changed);
      if (keys.every((k) => k === "value" || k === "style" || k === "className" || k === "id")) {
        setCommon(root, changed, old, kind === "checkbox" ? "nbdash-checklist" : "nbdash-radioitems");
        boxes.forEach((box, i) => (box.checked = isChecked(values[i])));
        return;
      }
      if ("options" in changed) r.unmount(old.options);
      build();
    },
  };
}

/** @param {ComponentNode} node @param {Renderer} r */
export function Checklist(node, r) {
  return optionList(node, r, "checkbox");
}

/** @param {ComponentNode} node @param {Renderer} r */
export function RadioItems(node, r) {
  return optionList(node, r, "radio");
}

/** @param {ComponentNode} node @param {Renderer} r */
export function Dropdown(node, r) {
  const wrapper = h("div");
  const select = /** @type {HTMLSelectElement} */ (h("select", { class: "nbdash-dropdown-select" }));
  wrapper.append(select);
  /** @type {any[]} */
  let values = [];

  const build = () => {
    const p = node.props;
    setCommon(wrapper, p, undefined, "nbdash-dropdown");
    select.multiple = !!p.multi;
    select.disabled = !!p.disabled;
    const options = normalizeOptions(p.options);
    values = options.map((o) => o.value);
    const items = options.map((o, i) => {
      const opt = /** @type {HTMLOptionElement} */ (h("option", { value: String(i) }));
      opt.textContent = labelText(o.label, r);
      opt.disabled = o.disabled;
      if (o.title) opt.title = o.title;
      return opt;
    });
    if (!p.multi) {
      const empty = /** @type {HTMLOptionElement} */ (h("option", { value: "" }));
      empty.textContent = p.placeholder ?? "Select...";
      empty.disabled = p.clearable === false;
      items.unshift(empty);
    }
    select.replaceChildren(...items);
    select.title = p.placeholder ?? "";
    show();
  };
  const show = () => {
    const value = node.props.value;
    const chosen = node.props.multi ? (Array.isArray(value) ? value : value == null ? [] : [value]) : [value];
    for (const opt of select.options) {
      opt.selected = opt.value !== "" && chosen.some((v) => v === values[Number(opt.value)]);
    }
    if (!node.props.multi && !chosen.some((v) => values.includes(v))) select.value = "";
  };
  select.addEventListener("change", () => {
    const picked = [...select.selectedOptions].filter((o) => o.value !== "").map((o) => values[Number(o.value)]);
    r.send(node, { value: node.props.multi ? picked : picked.length ? picked[0] : null });
  });
  build();
  return {
    el: wrapper,
    /** @param {Record<string, any>} changed @param {Record<string, any>} old */
    update(changed, old) {
      if (Object.keys(changed).every((k) => k === "value")) show();
      else {
        setCommon(wrapper, changed, old, "nbdash-dropdown");
        build();
      }
    },
  };
}
