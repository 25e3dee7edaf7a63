/**
 * One app shown in several views of a page: library code acts on the view it belongs to.
 *
 * Every view of an app shows the same state (what a user changes in one view reaches the others as
 * a patch), so the same ids appear once per view. Two things in component libraries assume one
 * copy of an app per page:
 * - **Focus.** Some components move the keyboard focus when a prop changes — a DataTable given a
 *   new `active_cell` focuses that cell, as it should when a callback sets it. Without a rule, a
 *   click in one view's table made the other view's table take the focus and what the user typed
 *   next went there. Rule (`focusAllowed`): a programmatic `focus()` of an element in a view is
 *   skipped while the user works in another view — the element holding the focus is in another
 *   view, or the user's last pointer/key press was. Focus outside views (JupyterLab's own), and any
 *   focus on a page with one view per app, is untouched.
 * - **`document.getElementById`.** DataTable finds its own element with
 *   `document.getElementById(id)`, which is the first view's copy whatever view it runs in. While
 *   nbdash knows which view's code runs — a view applying a kernel message (`inView`: the islands'
 *   re-render is flushed synchronously inside it), a trusted user event on a view until that task
 *   ends — an id found in another view is looked up in the running view first.
 * Both are installed once per page with React (loader.js) and cost one `closest()` per focus, and
 * nothing per `getElementById` outside those moments.
 */

const STATE_KEY = "__nbdash_views__";
const ROOT = ".nbdash-root";

/**
 * @typedef {{pressed: Element | null, event: {view: Element | null} | null, explicit: Element[], skipped: number}} ViewsState
 */

/** @returns {ViewsState | undefined} */
function state() {
  return /** @type {any} */ (globalThis)[STATE_KEY];
}

/** The view (`.nbdash-root`) an element is in, or null. @param {unknown} el @returns {Element | null} */
export function viewOf(el) {
  return el && typeof (/** @type {any} */ (el).closest) === "function" ? /** @type {Element} */ (el).closest(ROOT) : null;
}

/**
 * Whether focusing an element in view `target` is allowed.
 * @param {Element | null} target  the view of the element to focus (null: not in a view)
 * @param {Element | null} active  the view of the element that has the focus now
 * @param {Element | null} pressed the view of the user's last pointer or key press
 */
export function focusAllowed(target, active, pressed) {
  if (!target) return true;
  return (!active || active === target) && (!pressed || pressed === target);
}

/** The view whose code runs now, if nbdash knows. @returns {Element | null} */
export function runningView() {
  const s = state();
  if (!s) return null;
  return s.explicit[s.explicit.length - 1] ?? s.event?.view ?? null;
}

/**
 * Run `fn` as view `view`'s code: React work it schedules on islands is flushed before returning
 * (so library lifecycle methods run inside), with `getElementById` preferring that view's elements.
 * @template T @param {Element} view @param {() => T} fn @returns {T}
 */
export function inView(view, fn) {
  const s = state();
  if (!s) return fn(); // no library on the page
  const ReactDOM = /** @type {any} */ (globalThis).ReactDOM;
  s.explicit.push(view);
  try {
    /** @type {T} */ let result = /** @type {any} */ (undefined);
    if (typeof ReactDOM?.flushSync === "function") ReactDOM.flushSync(() => { result = fn(); });
    else result = fn();
    return result;
  } finally {
    s.explicit.pop();
  }
}

/** An element with this id in `view`, or null. @param {Element} view @param {string} id */
function inViewById(view, id) {
  for (const el of view.querySelectorAll("[id]")) if (el.id === id) return el;
  return null;
}

/** Install the focus rule and the view-aware `getElementById`, once per page. */
export function installViews() {
  const w = /** @type {any} */ (globalThis);
  if (w[STATE_KEY] || typeof HTMLElement === "undefined") return;
  /** @type {ViewsState} */
  const s = (w[STATE_KEY] = { pressed: null, event: null, explicit: [], skipped: 0 });
  /** @param {Event} e */
  const press = (e) => {
    if (!e.isTrusted) return;
    const view = viewOf(e.target);
    s.pressed = view;
    const event = { view };
    s.event = event;
    setTimeout(() => { if (s.event === event) s.event = null; }); // until the task handling the event ends
  };
  for (const type of ["pointerdown", "mousedown", "pointerup", "mouseup", "click", "keydown", "keyup", "input", "touchstart", "paste", "copy"]) {
    window.addEventListener(type, press, true);
  }

  const focus = HTMLElement.prototype.focus;
  HTMLElement.prototype.focus = function (/** @type {any} */ options) {
    const target = viewOf(this);
    if (target) {
      if (s.pressed && !s.pressed.isConnected) s.pressed = null; // a closed view
      if (!focusAllowed(target, viewOf(document.activeElement), s.pressed)) {
        s.skipped++;
        return;
      }
    }
    return focus.call(this, options);
  };

  const byId = Document.prototype.getElementById;
  document.getElementById = function (/** @type {string} */ id) {
    const found = byId.call(this, id);
    const view = runningView();
    if (!found || !view || view.contains(found) || !viewOf(found)) return found;
    return inViewById(view, id) ?? found;
  };
}
