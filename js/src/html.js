/**
 * `html.*` components as real DOM elements.
 *
 * The tag is the type lower-cased (`MapEl` → `map`, `ObjectEl` → `object`). Props become
 * attributes with React's spelling rules (`className` → `class`, `htmlFor` → `for`, booleans
 * present/absent, `draggable`/`spellCheck`/`contentEditable` as "true"/"false"); `style` is a dict;
 * string children are text nodes, never parsed as HTML. `javascript:` URLs are replaced by
 * `about:blank`, as Dash does. Nothing from props ever runs as script (issue 11): `html.Script` is
 * inert, as in Dash, where React inserts `<script>` elements that the browser never executes — here
 * the element is made by the HTML parser (`innerHTML` of a detached holder), which marks it
 * "already started", so neither its text nor a later `src` ever runs; `on*` props (strings) never
 * become event-handler attributes. `Iframe(srcDoc=...)` runs its document's scripts in the frame,
 * exactly as in Dash (the README says so). An element with an `id` counts clicks: `n_clicks`+1 and
 * `n_clicks_timestamp` (unless `disable_n_clicks`); the click bubbles, so ancestors with ids count it
 * too, and all of them go to the kernel as ONE event (`countClick`), as one click is one callback
 * turn in Dash.
 */
import { setStyle } from "./style.js";

/** @typedef {import("./protocol.js").ComponentNode} ComponentNode */
/** @typedef {import("./renderer.js").Renderer} Renderer */

const NOT_ATTRIBUTES = new Set([
  "children", "style", "n_clicks", "n_clicks_timestamp", "disable_n_clicks", "key", "loading_state", "setProps", "id",
]);
const RENAMED = { className: "class", htmlFor: "for", acceptCharset: "accept-charset", httpEquiv: "http-equiv" };
const ENUMERATED = new Set(["draggable", "spellCheck", "contentEditable"]);
const URL_ATTRIBUTES = new Set(["href", "src", "action", "formAction", "data", "poster", "cite", "background", "codebase"]);
const LIVE_VALUE_TAGS = new Set(["select", "textarea", "input"]);

/**
 * A URL safe to put in an attribute: `javascript:` (also hidden by leading spaces or control
 * characters, which browsers strip from URLs) becomes `about:blank`.
 * @param {string} prop @param {string} text
 */
export function safeUrl(prop, text) {
  if (/^\s*javascript:/i.test(text.replace(/[\u0000-\u001f]/g, ""))) {
    console.warn(`nbdash: blocked a javascript: URL in ${prop}`);
    return "about:blank";
  }
  return text;
}

/**
 * The element for a tag; a `script` is parser-made, so it can never run (see the module docs).
 * @param {string} tag
 */
export function createElement(tag) {
  if (tag !== "script") return document.createElement(tag);
  const holder = document.createElement("div");
  holder.innerHTML = "<script></script>";
  return /** @type {HTMLElement} */ (holder.firstChild);
}

/** @param {string} type */
export function tagOf(type) {
  return type === "MapEl" ? "map" : type === "ObjectEl" ? "object" : type.toLowerCase();
}

/**
 * Set or remove one attribute the way React would for this prop.
 * @param {Element} el
 * @param {string} prop
 * @param {unknown} value
 */
export function setAttribute(el, prop, value) {
  if (/^on/i.test(prop)) return; // never event-handler attributes
  const name = /** @type {Record<string, string>} */ (RENAMED)[prop] ?? prop;
  if (ENUMERATED.has(prop) && typeof value === "boolean") {
    el.setAttribute(name, String(value));
    return;
  }
  if (value == null || value === false) {
    el.removeAttribute(name);
    return;
  }
  let text = value === true ? "" : typeof value === "object" ? JSON.stringify(value) : String(value);
  if (URL_ATTRIBUTES.has(prop)) text = safeUrl(prop, text);
  el.setAttribute(name, text);
  if (prop === "value" && LIVE_VALUE_TAGS.has(el.localName)) /** @type {any} */ (el).value = text;
}

/**
 * `id` (string ids only), `className` and `style`, shared by html elements and dcc components.
 * @param {HTMLElement} el
 * @param {Record<string, any>} props   the props to apply (all of them, or the changed ones)
 * @param {Record<string, any>} [old]   previous values of changed props
 * @param {string} [base]               nbdash's own class for this component, kept before `className`
 */
export function setCommon(el, props, old, base = "") {
  if ("id" in props) {
    if (typeof props.id === "string") el.id = props.id;
    else el.removeAttribute("id");
  }
  if ("className" in props || (base && !old)) {
    const names = [base, props.className].filter((c) => typeof c === "string" && c).join(" ");
    if (names) el.className = names;
    else el.removeAttribute("class");
  }
  if ("style" in props) setStyle(el, props.style, old?.style);
}

/**
 * Mounted html elements that count clicks, with their renderer and mirror node.
 * @type {WeakMap<EventTarget, {r: Renderer, node: ComponentNode}>}
 */
const counters = new WeakMap();
/** Clicks already counted (by the innermost counting element they reached). @type {WeakSet<Event>} */
const counted = new WeakSet();

/**
 * A click reached a counting element. The first one it reaches (the innermost) counts it for every
 * counting element on its path that has an id and no `disable_n_clicks`, and sends them all as ONE
 * event: in Dash the click is one user action, and a callback listening to the element and its
 * ancestors runs once with all of them in `ctx.triggered` (measured in Dash 4.4.1).
 * @param {Event} event
 * @param {Renderer} r
 */
export function countClick(event, r) {
  if (counted.has(event)) return;
  counted.add(event);
  const now = Date.now();
  /** @type {[ComponentNode, Record<string, any>][]} */
  const changes = [];
  for (const target of event.composedPath()) {
    const counter = counters.get(target);
    if (!counter || counter.r !== r) continue;
    const p = counter.node.props;
    if (p.id == null || p.disable_n_clicks) continue;
    changes.push([counter.node, { n_clicks: (p.n_clicks ?? 0) + 1, n_clicks_timestamp: now }]);
  }
  if (changes.length) r.sendMany(changes);
}

/**
 * `el` counts clicks into `node`'s `n_clicks` / `n_clicks_timestamp` (html elements, and the dcc
 * components that count clicks: Button, Textarea), together with the counting elements around it.
 * @param {HTMLElement} el @param {ComponentNode} node @param {Renderer} r
 */
export function countClicks(el, node, r) {
  counters.set(el, { r, node });
  el.addEventListener("click", (event) => countClick(event, r));
}

/**
 * @param {ComponentNode} node
 * @param {Renderer} r
 */
export function mountHtml(node, r) {
  const el = createElement(tagOf(node.type));
  const props = node.props;
  setCommon(el, props);
  for (const [prop, value] of Object.entries(props)) {
    if (!NOT_ATTRIBUTES.has(prop) && prop !== "className") setAttribute(el, prop, value);
  }
  el.append(...r.render(props.children));
  if (el.localName === "select" && props.value != null) /** @type {HTMLSelectElement} */ (el).value = String(props.value);
  countClicks(el, node, r);
  return {
    el,
    /** @param {Record<string, any>} changed @param {Record<string, any>} old */
    update(changed, old) {
      setCommon(el, changed, old);
      for (const [prop, value] of Object.entries(changed)) {
        if (prop === "children") r.setChildren(el, old.children, value);
        else if (!NOT_ATTRIBUTES.has(prop) && prop !== "className") setAttribute(el, prop, value);
      }
    },
  };
}
