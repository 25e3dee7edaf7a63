/**
 * dcc.Input, dcc.Textarea and dcc.Button.
 *
 * dcc.Input sends `value` as you type (`debounce=False`), after a pause (`debounce=<seconds>`), or
 * only on Enter / focus loss (`debounce=True`). Enter counts `n_submit`, focus loss `n_blur`; any
 * pending value travels in the same event. `type="number"` sends numbers (an empty box is `None`;
 * text the browser cannot read as a number is not sent), like Dash. A value set by the kernel
 * replaces the box's text only if it differs from what the box already means.
 */
import { h, setCommon, setAttribute, INPUT_ATTRIBUTES, sameValue } from "./common.js";
import { countClicks } from "../html.js";

/** @typedef {import("../protocol.js").ComponentNode} ComponentNode */
/** @typedef {import("../renderer.js").Renderer} Renderer */

/** @param {unknown} value */
function asText(value) {
  return value == null ? "" : String(value);
}

/**
 * @param {HTMLInputElement | HTMLTextAreaElement} box
 * @param {Record<string, any>} props
 */
function setBoxAttributes(box, props) {
  for (const name of INPUT_ATTRIBUTES) if (name in props) setAttribute(box, name, props[name]);
}

/** @param {ComponentNode} node @param {Renderer} r */
export function Input(node, r) {
  const props = node.props;
  const box = /** @type {HTMLInputElement} */ (h("input"));
  box.type = props.type ?? "text";
  box.setAttribute("autocomplete", "off");
  box.step = "any";
  setCommon(box, props, undefined, "nbdash-input");
  setBoxAttributes(box, props);
  box.value = asText(props.value);
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;

  const isNumber = () => (node.props.type ?? "text") === "number";
  /** What the box means now: [ok, value]. */
  const current = () => {
    if (!isNumber()) return [true, box.value];
    if (box.validity.badInput) return [false, null];
    return [true, box.value === "" ? null : Number(box.value)];
  };
  /** Send the pending value (if it changed) plus `extra` as one event. @param {Record<string, any>} [extra] */
  const commit = (extra = {}) => {
    clearTimeout(timer);
    const [ok, value] = current();
    const out = { ...extra };
    if (ok && !sameValue(value, node.props.value)) out.value = value;
    if (Object.keys(out).length) r.send(node, out);
  };
  box.addEventListener("input", () => {
    const debounce = node.props.debounce ?? false;
    if (debounce === false || debounce === 0) commit();
    else if (typeof debounce === "number") {
      clearTimeout(timer);
      timer = setTimeout(() => commit(), debounce * 1000);
    }
  });
  box.addEventListener("keydown", (e) => {
    if (e.key !== "Enter") return;
    commit({ n_submit: (node.props.n_submit ?? 0) + 1, n_submit_timestamp: Date.now() });
  });
  box.addEventListener("blur", () => {
    commit({ n_blur: (node.props.n_blur ?? 0) + 1, n_blur_timestamp: Date.now() });
  });

  return {
    el: box,
    /** @param {Record<string, any>} changed @param {Record<string, any>} old */
    update(changed, old) {
      setCommon(box, changed, old, "nbdash-input");
      setBoxAttributes(box, changed);
      if ("type" in changed) box.type = changed.type ?? "text";
      if ("value" in changed) {
        const [, now] = current();
        if (!sameValue(now, changed.value) || (changed.value == null && box.value !== "")) box.value = asText(changed.value);
      }
    },
    dispose() {
      clearTimeout(timer);
    },
  };
}

/** @param {ComponentNode} node @param {Renderer} r */
export function Textarea(node, r) {
  const box = /** @type {HTMLTextAreaElement} */ (h("textarea"));
  setCommon(box, node.props, undefined, "nbdash-textarea");
  setBoxAttributes(box, node.props);
  box.value = asText(node.props.value);
  box.addEventListener("input", () => r.send(node, { value: box.value }));
  box.addEventListener("blur", () => r.send(node, { n_blur: (node.props.n_blur ?? 0) + 1, n_blur_timestamp: Date.now() }));
  countClicks(box, node, r); // one event with the counting elements around it (html.js)
  return {
    el: box,
    /** @param {Record<string, any>} changed @param {Record<string, any>} old */
    update(changed, old) {
      setCommon(box, changed, old, "nbdash-textarea");
      setBoxAttributes(box, changed);
      if ("value" in changed && box.value !== asText(changed.value)) box.value = asText(changed.value);
    },
  };
}

/** @param {ComponentNode} node @param {Renderer} r */
export function Button(node, r) {
  const button = /** @type {HTMLButtonElement} */ (h("button"));
  const apply = (/** @type {Record<string, any>} */ props, /** @type {Record<string, any> | undefined} */ old) => {
    setCommon(button, props, old, "nbdash-button");
    for (const name of ["type", "disabled", "name", "value", "title", "autoFocus", "form", "tabIndex"]) {
      if (name in props) setAttribute(button, name, props[name]);
    }
  };
  button.type = "button";
  apply(node.props, undefined);
  button.append(...r.render(node.props.children));
  countClicks(button, node, r); // one event with the counting elements around it (html.js)
  button.addEventListener("blur", () => r.send(node, { n_blur: (node.props.n_blur ?? 0) + 1, n_blur_timestamp: Date.now() }));
  return {
    el: button,
    /** @param {Record<string, any>} changed @param {Record<string, any>} old */
    update(changed, old) {
      apply(changed, old);
      if ("children" in changed) r.setChildren(button, old.children, changed.children);
    },
  };
}
