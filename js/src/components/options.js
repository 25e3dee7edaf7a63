/**
 * dcc.Checklist, dcc.RadioItems and dcc.Dropdown.
 *
 * Options are Dash's three forms (see `normalizeOptions`); labels may be components. Checklist
 * appends a newly checked value to `value` (Dash's order: the order of clicks); RadioItems sends the
 * chosen value; `inline` lays options out in a row. Dropdown: see its function below.
 */
import { h, setCommon, normalizeOptions, labelText } from "./common.js";
import { setStyle } from "../style.js";
import { jsonEqual } from "../json.js";

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

const DROPDOWN_LABELS = {
  select_all: "Select All", deselect_all: "Deselect All", selected_count: "{num_selected} selected", search: "Search",
  clear_search: "Clear search", clear_selection: "Clear selection", no_options_found: "No options found",
};

/**
 * Dash's dropdown search (js-search, all-substrings, whitespace tokens): every word of the query
 * must be inside some word of the option's value, label (unless some label is a component) or
 * `search` field; case-insensitive.
 * @param {{label: any, value: any, search?: string}[]} options
 * @param {string | null | undefined} query
 */
export function filterOptions(options, query) {
  const tokens = String(query ?? "").toLowerCase().split(/\s+/).filter(Boolean);
  if (!tokens.length) return options;
  const labelsAreText = options.every((o) => o.label === null || typeof o.label !== "object");
  return options.filter((o) => {
    const words = [String(o.value), labelsAreText ? String(o.label ?? "") : "", o.search ?? ""]
      .join(" ").toLowerCase().split(/\s+/).filter(Boolean);
    return tokens.every((t) => words.some((w) => w.includes(t)));
  });
}

/**
 * The values `options` offers, as Dash's `sanitizeOptions` collects them (a `Set`: JavaScript's
 * SameValueZero membership, so `1` and `"1"` differ).
 * @param {unknown} options
 */
function offeredValues(options) {
  const found = new Set();
  if (Array.isArray(options)) {
    for (const o of options) {
      if (["string", "number", "boolean"].includes(typeof o)) found.add(o);
      else if (o !== null && typeof o === "object") found.add(/** @type {any} */ (o).value);
    }
  } else if (options !== null && typeof options === "object") {
    for (const key of Object.keys(options)) found.add(key);
  }
  return found;
}

/**
 * The Dropdown's value check, as Dash 4.4.1's Dropdown effect on `[options, value]`: when the
 * options differ from the last ones checked (`checked`), no `search_value` is typed and `value` is
 * neither empty nor null, values no longer offered are dropped — from a `multi` Dropdown's list
 * (a list in a single Dropdown is left alone), a missing single value becomes `null` — and these
 * options become the checked ones. Runs on mount, when a callback replaces the options, and, while
 * nothing was ever checked, when a value arrives. The kernel's headless driver applies the same
 * rule (`nbdash/_mount.py`).
 * @param {Record<string, any>} props
 * @param {unknown} checked  the options last checked (undefined: never)
 * @returns {{ checked: unknown, value?: any }}  `value` present: the value to send
 */
export function dropdownCheck(props, checked) {
  const { value } = props;
  const options = props.options ?? []; // Dash's default
  if (checked !== undefined && jsonEqual(checked, options)) return { checked };
  const empty = value == null || value === "" || (Array.isArray(value) && !value.length) ||
    (typeof value === "object" && !Array.isArray(value) && !Object.keys(value).length);
  if (props.search_value || empty) return { checked };
  const offered = offeredValues(options);
  if (Array.isArray(value)) {
    if (!props.multi) return { checked: options };
    const kept = value.filter((v) => offered.has(v));
    return kept.length === value.length ? { checked: options } : { checked: options, value: kept };
  }
  return offered.has(value) ? { checked: options } : { checked: options, value: null };
}

/**
 * dcc.Dropdown as in Dash 4: a button showing the selection (labels, "{n} selected", a clear ×
 * when `clearable`) that opens a popover with a search box (`searchable`: filters as you type and
 * sends `search_value`), "Select All" / "Deselect All" (`multi`) and the options, selected first.
 * Picking sends `value` (a list with `multi`) and closes the popover unless `closeOnSelect=False`;
 * clearing sends `None` / `[]`. Keys: ArrowDown opens, arrows move, Enter in the search box picks
 * the first match, Escape closes. The popover lives in `document.body` (fixed position, so output
 * areas never clip it) while open. Values the options no longer offer are dropped (`dropdownCheck`;
 * the leading view sends the corrected `value`, so its callbacks fire).
 * @param {ComponentNode} node @param {Renderer} r
 */
export function Dropdown(node, r) {
  const button = /** @type {HTMLButtonElement} */ (h("button", { type: "button", "aria-haspopup": "listbox", "aria-expanded": "false" }));
  const shown = h("span", { class: "nbdash-dropdown-value" });
  const count = h("span", { class: "nbdash-dropdown-count" });
  const clear = h("span", { class: "nbdash-dropdown-clear", role: "button" }, ["×"]);
  button.append(shown, count, clear, h("span", { class: "nbdash-dropdown-caret", "aria-hidden": "true" }, ["▾"]));
  const content = h("div", { class: "nbdash-dropdown-content", role: "listbox" });
  content.setAttribute("data-lm-suppress-shortcuts", "true");
  let open = false;
  let query = "";
  /** @type {ReturnType<typeof setTimeout> | undefined} */ let searchTimer;
  /** @type {unknown[]} */ let renderedLabels = [];

  const p = () => node.props;
  const labels = () => ({ ...DROPDOWN_LABELS, ...(p().labels || {}) });
  const options = () => normalizeOptions(p().options).map((o, i) => ({ ...o, search: optionSearch(p().options, i) }));
  const values = () => {
    const v = p().value;
    return Array.isArray(v) ? v : v == null ? [] : [v];
  };
  const isChosen = (/** @type {any} */ v) => values().some((x) => x === v);

  const paintButton = () => {
    const props = p();
    setCommon(button, props, undefined, "nbdash-dropdown");
    button.disabled = !!props.disabled;
    const chosen = values();
    const byValue = new Map(options().map((o) => [o.value, o]));
    const text = chosen.filter((v) => byValue.has(v)).map((v) => labelText(byValue.get(v)?.label, r)).join(", ");
    shown.textContent = text || (props.placeholder ?? "");
    shown.classList.toggle("nbdash-dropdown-placeholder", !text);
    count.textContent = chosen.length > 1 ? labels().selected_count.replace("{num_selected}", String(chosen.length)) : "";
    count.hidden = chosen.length <= 1;
    clear.hidden = !(props.clearable ?? true) || !!props.disabled || !chosen.length;
    clear.title = labels().clear_selection;
    clear.setAttribute("aria-label", labels().clear_selection);
  };

  /** @param {any[]} selection */
  const choose = (selection) => {
    const props = p();
    if (props.closeOnSelect !== false) close();
    if (!selection.length && !(props.clearable ?? true)) return;
    r.send(node, { value: props.multi ? selection : selection.length ? selection[selection.length - 1] : null });
    paintButton(); // the view's own change: no patch will come back for it
    if (open) refill(false);
  };

  const buildMenu = () => {
    const props = p();
    for (const label of renderedLabels) r.unmount(label);
    renderedLabels = [];
    const l = labels();
    const parts = [];
    if (props.searchable ?? true) {
      const search = /** @type {HTMLInputElement} */ (h("input", { type: "search", class: "nbdash-dropdown-search", placeholder: l.search, autocomplete: "off" }));
      search.value = query;
      search.addEventListener("input", () => {
        query = search.value;
        fillOptions();
        clearTimeout(searchTimer);
        if (props.debounce === true) return;
        const wait = typeof props.debounce === "number" ? props.debounce * 1000 : 0;
        searchTimer = setTimeout(() => r.send(node, { search_value: query }), wait);
      });
      search.addEventListener("keydown", (e) => {
        if (e.key !== "Enter") return;
        e.preventDefault();
        const first = list.querySelector("input:not([disabled])");
        if (first) /** @type {HTMLInputElement} */ (first).click();
      });
      parts.push(h("div", { class: "nbdash-dropdown-search-container" }, [search]));
    }
    if (props.multi) {
      const all = h("button", { type: "button", class: "nbdash-dropdown-action" }, [l.select_all]);
      const none = h("button", { type: "button", class: "nbdash-dropdown-action" }, [l.deselect_all]);
      all.addEventListener("click", () => {
        const add = displayed().filter((o) => !o.disabled && !isChosen(o.value)).map((o) => o.value);
        choose([...values(), ...add]);
      });
      none.addEventListener("click", () => {
        const drop = new Set(displayed().map((o) => o.value));
        choose(values().filter((v) => !drop.has(v)));
      });
      parts.push(h("div", { class: "nbdash-dropdown-actions" }, [all, none]));
    }
    const list = h("div", { class: "nbdash-dropdown-options" });
    parts.push(list);
    content.replaceChildren(...parts);
    content.style.maxHeight = props.maxHeight ? `${props.maxHeight}px` : "";
    /** @type {{label: any, value: any, disabled: boolean, title?: string}[]} */
    let order = [];
    const displayed = () => filterOptions(order, query);
    const fillOptions = () => {
      for (const label of renderedLabels) r.unmount(label);
      renderedLabels = [];
      const items = displayed();
      list.replaceChildren(...items.map((o) => {
        const box = /** @type {HTMLInputElement} */ (h("input", { type: props.multi ? "checkbox" : "radio", tabindex: "-1" }));
        box.checked = isChosen(o.value);
        box.disabled = o.disabled;
        box.addEventListener("change", () => {
          if (!props.multi) choose([o.value]);
          else choose(box.checked ? [...values().filter((v) => v !== o.value), o.value] : values().filter((v) => v !== o.value));
        });
        const option = h("label", { class: "nbdash-dropdown-option", role: "option", "aria-selected": String(box.checked), title: o.title });
        if (props.optionHeight && props.optionHeight !== "auto") option.style.height = `${props.optionHeight}px`;
        renderedLabels.push(o.label);
        option.append(box, h("span", {}, r.render(o.label)));
        return option;
      }));
      if (!items.length && query) list.append(h("div", { class: "nbdash-dropdown-empty" }, [l.no_options_found]));
    };
    refill = (/** @type {boolean} */ reorder) => {
      const all = options();
      if (reorder) {
        // selected first, in `value` order, then the rest in `options` order (Dash 4, on open)
        order = [...values().map((v) => all.find((o) => o.value === v)).filter((o) => o !== undefined), ...all.filter((o) => !isChosen(o.value))];
      } else {
        const known = new Map(all.map((o) => [o.value, o]));
        order = [...order.filter((o) => known.has(o.value)).map((o) => /** @type {any} */ (known.get(o.value))),
          ...all.filter((o) => !order.some((x) => x.value === o.value))];
      }
      fillOptions();
    };
    refill(true);
  };
  /** Re-list the options (new options or selection) keeping the search box and its focus. */
  let refill = (/** @type {boolean} */ _reorder) => {};

  const place = () => {
    const rect = button.getBoundingClientRect();
    content.style.left = `${rect.left}px`;
    content.style.minWidth = `${rect.width}px`;
    const below = window.innerHeight - rect.bottom;
    if (below < 180 && rect.top > below) {
      content.style.top = "";
      content.style.bottom = `${window.innerHeight - rect.top + 4}px`;
    } else {
      content.style.bottom = "";
      content.style.top = `${rect.bottom + 4}px`;
    }
  };
  const onOutside = (/** @type {Event} */ e) => {
    const target = /** @type {Node} */ (e.target);
    if (!button.contains(target) && !content.contains(target)) close();
  };
  const onScroll = () => { if (open) place(); };
  const openMenu = () => {
    if (open || p().disabled) return;
    open = true;
    query = "";
    buildMenu();
    document.body.append(content);
    place();
    button.setAttribute("aria-expanded", "true");
    document.addEventListener("mousedown", onOutside, true);
    window.addEventListener("scroll", onScroll, true);
    window.addEventListener("resize", onScroll);
    /** @type {HTMLElement | null} */ (content.querySelector(".nbdash-dropdown-search"))?.focus();
  };
  function close() {
    if (!open) return;
    open = false;
    clearTimeout(searchTimer);
    content.remove();
    for (const label of renderedLabels) r.unmount(label);
    renderedLabels = [];
    button.setAttribute("aria-expanded", "false");
    document.removeEventListener("mousedown", onOutside, true);
    window.removeEventListener("scroll", onScroll, true);
    window.removeEventListener("resize", onScroll);
    if (query || node.props.search_value) r.send(node, { search_value: null });
    query = "";
  }

  button.addEventListener("click", (e) => {
    if (clear.contains(/** @type {Node} */ (e.target))) {
      e.preventDefault();
      choose([]);
      return;
    }
    if (open) close();
    else openMenu();
  });
  button.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      openMenu();
    }
  });
  content.addEventListener("keydown", (e) => {
    if (e.key === "Escape") {
      close();
      button.focus();
      return;
    }
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    const focusable = /** @type {HTMLElement[]} */ ([...content.querySelectorAll("input[type=search], .nbdash-dropdown-option input:not([disabled])")]);
    if (!focusable.length) return;
    e.preventDefault();
    const at = focusable.indexOf(/** @type {HTMLElement} */ (document.activeElement));
    const next = e.key === "ArrowDown" ? (at + 1) % focusable.length : (at - 1 + focusable.length) % focusable.length;
    focusable[next].focus();
    focusable[next].scrollIntoView({ block: "nearest" });
  });
  /** @type {unknown} */ let checked;
  const checkValue = () => {
    const result = dropdownCheck(p(), checked);
    checked = result.checked;
    if ("value" in result && r.leader) {
      r.send(node, { value: result.value });
      paintButton();
    }
  };
  paintButton();
  queueMicrotask(checkValue); // after mounting, as Dash's effect
  return {
    el: button,
    /** @param {Record<string, any>} changed @param {Record<string, any>} old */
    update(changed, old) {
      if ("options" in changed) r.unmount(old.options);
      if ("options" in changed || "value" in changed) checkValue();
      paintButton();
      if (!open) return;
      if (Object.keys(changed).every((k) => k === "value" || k === "options" || k === "search_value")) refill(false);
      else buildMenu();
    },
    dispose() {
      close();
    },
  };
}

/** The `search` field of option `i`, when options are option dicts. @param {unknown} options @param {number} i */
function optionSearch(options, i) {
  const o = Array.isArray(options) ? options[i] : undefined;
  return o && typeof o === "object" && typeof (/** @type {any} */ (o).search) === "string" ? /** @type {any} */ (o).search : undefined;
}
