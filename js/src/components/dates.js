/**
 * dcc.DatePickerSingle and dcc.DatePickerRange on the browser's native date inputs.
 *
 * Dates travel as Dash writes them, `YYYY-MM-DD` (a date with a time, `2024-05-01T00:00:00`, is
 * shown as its day). `min_date_allowed` / `max_date_allowed` bound the inputs; a day listed in
 * `disabled_days` or outside the bounds is refused (the input goes back to the current date).
 * `clearable` adds a × that sends `None`. DatePickerRange: the start cannot pass the end (and the
 * end stays `minimum_nights` after the start); `updatemode="singledate"` sends each date as it is
 * picked, `"bothdates"` only once both are set; `start_date_id` / `end_date_id` name the inputs.
 * The calendar's look (`display_format`, `month_format`, `number_of_months_shown`, portals...) is the
 * browser's own.
 */
import { h, setCommon } from "./common.js";

/** @typedef {import("../protocol.js").ComponentNode} ComponentNode */
/** @typedef {import("../renderer.js").Renderer} Renderer */

/** `YYYY-MM-DD` of a Dash date value, or "". @param {unknown} value */
export function day(value) {
  if (typeof value !== "string") return "";
  const m = value.match(/^(\d{4}-\d{2}-\d{2})/);
  return m ? m[1] : "";
}

/** @param {string} date @param {number} days */
export function addDays(date, days) {
  const d = new Date(date + "T00:00:00Z");
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * Whether `date` ("" = cleared) may be picked given the component's bounds and disabled days.
 * @param {string} date
 * @param {Record<string, any>} p
 * @param {string} [min]  a tighter lower bound
 * @param {string} [max]  a tighter upper bound
 */
export function allowed(date, p, min, max) {
  if (!date) return true;
  const lo = [day(p.min_date_allowed), min || ""].filter(Boolean).sort().pop();
  const hi = [day(p.max_date_allowed), max || ""].filter(Boolean).sort()[0];
  if ((lo && date < lo) || (hi && date > hi)) return false;
  return !(Array.isArray(p.disabled_days) && p.disabled_days.some((d) => day(d) === date));
}

/** @param {string} label */
function dateBox(label) {
  const box = /** @type {HTMLInputElement} */ (h("input", { type: "date", class: "nbdash-date-input", "aria-label": label }));
  return box;
}

/** @param {HTMLElement} clear @param {Record<string, any>} p @param {boolean} any */
function showClear(clear, p, any) {
  clear.hidden = !p.clearable || !!p.disabled || !any;
}

/** @param {ComponentNode} node @param {Renderer} r */
export function DatePickerSingle(node, r) {
  const root = h("div");
  const box = dateBox("date");
  const clear = h("button", { type: "button", class: "nbdash-date-clear", title: "Clear date", "aria-label": "Clear date" }, ["×"]);
  root.append(box, clear);
  const paint = () => {
    const p = node.props;
    setCommon(root, p, undefined, "nbdash-datepicker");
    box.min = day(p.min_date_allowed);
    box.max = day(p.max_date_allowed);
    box.disabled = !!p.disabled;
    box.title = p.placeholder ?? "";
    box.value = day(p.date);
    showClear(clear, p, !!day(p.date));
  };
  box.addEventListener("change", () => {
    const picked = box.validity.badInput ? null : box.value;
    if (picked === null || !allowed(picked, node.props)) {
      box.value = day(node.props.date);
      return;
    }
    if (picked !== day(node.props.date)) r.send(node, { date: picked || null });
    showClear(clear, node.props, !!picked);
  });
  clear.addEventListener("click", () => {
    box.value = "";
    r.send(node, { date: null });
    showClear(clear, node.props, false);
  });
  paint();
  return { el: root, update: paint };
}

/** @param {ComponentNode} node @param {Renderer} r */
export function DatePickerRange(node, r) {
  const root = h("div");
  const start = dateBox("start date");
  const end = dateBox("end date");
  const clear = h("button", { type: "button", class: "nbdash-date-clear", title: "Clear dates", "aria-label": "Clear dates" }, ["×"]);
  root.append(start, h("span", { class: "nbdash-date-arrow", "aria-hidden": "true" }, ["→"]), end, clear);
  const nights = () => Number(node.props.minimum_nights ?? 0) || 0;
  const paint = () => {
    const p = node.props;
    setCommon(root, p, undefined, "nbdash-datepicker nbdash-daterange");
    for (const [box, id, placeholder] of [[start, p.start_date_id, p.start_date_placeholder_text], [end, p.end_date_id, p.end_date_placeholder_text]]) {
      const b = /** @type {HTMLInputElement} */ (box);
      if (typeof id === "string") b.id = id;
      else b.removeAttribute("id");
      b.disabled = p.disabled === true || (Array.isArray(p.disabled) ? false : !!p.disabled);
      b.title = placeholder ?? "";
    }
    start.value = day(p.start_date);
    end.value = day(p.end_date);
    start.min = day(p.min_date_allowed);
    end.max = day(p.max_date_allowed);
    start.max = end.value ? addDays(end.value, -nights()) : day(p.max_date_allowed);
    end.min = start.value ? addDays(start.value, nights()) : day(p.min_date_allowed);
    showClear(clear, p, !!(start.value || end.value));
  };
  const changed = (/** @type {"start_date" | "end_date"} */ which) => {
    const p = node.props;
    const box = which === "start_date" ? start : end;
    const picked = box.validity.badInput ? null : box.value;
    const other = which === "start_date" ? day(p.end_date) : day(p.start_date);
    const ok = picked !== null && (which === "start_date"
      ? allowed(picked, p, undefined, other ? addDays(other, -nights()) : undefined)
      : allowed(picked, p, other ? addDays(other, nights()) : undefined, undefined));
    if (!ok) {
      paint();
      return;
    }
    const value = picked || null;
    if (value === (day(p[which]) || null)) return;
    if ((p.updatemode ?? "singledate") === "bothdates") {
      const both = { start_date: which === "start_date" ? value : day(p.start_date) || null, end_date: which === "end_date" ? value : day(p.end_date) || null };
      if (both.start_date && both.end_date) r.send(node, both);
      else node.props[which] = value; // remembered locally until the other date is picked
    } else {
      r.send(node, { [which]: value });
    }
    paint();
  };
  start.addEventListener("change", () => changed("start_date"));
  end.addEventListener("change", () => changed("end_date"));
  clear.addEventListener("click", () => {
    r.send(node, { start_date: null, end_date: null });
    paint();
  });
  paint();
  return { el: root, update: paint };
}
