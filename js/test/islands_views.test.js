// One app in several views: held-back library props survive the echo of an earlier event, and the
// focus rule of islands/views.js (`npm test`; no DOM needed).
import { test } from "node:test";
import assert from "node:assert/strict";
import { Renderer } from "../src/renderer.js";
import { IslandStore } from "../src/islands/store.js";
import { focusAllowed, inView, installViews, runningView } from "../src/islands/views.js";

function app() {
  const table = { type: "DataTable", namespace: "dash_table", props: { id: "t", data: [{ a: 1 }], active_cell: null } };
  const tree = { type: "Div", namespace: "dash_html_components", props: { children: [table] } };
  /** @type {any[]} */ const events = [];
  const host = { view: "v1", post: (/** @type {any} */ m) => events.push(m), asset: async () => [], widgetManager: null };
  const r = new Renderer(/** @type {any} */ (tree), host, { leader: true, fresh: false });
  const store = new IslandStore(r);
  store.setInputs([["t", "data"]]);
  return { r, store, table, events };
}

test("a held-back prop is not undone by the echo of the event sent before it", () => {
  const { r, store, table, events } = app();
  // an edit: data is watched, so it goes at once with the active cell (seq 1)
  store.userChange(table, { data: [{ a: 2 }], active_cell: { row: 0 } });
  assert.equal(events.length, 1);
  assert.deepEqual(events[0].props, { data: [{ a: 2 }], active_cell: { row: 0 } });
  // Enter moves the active cell: nothing watches it, so it is held back
  store.userChange(table, { active_cell: { row: 1 } });
  assert.equal(events.length, 1);
  // the kernel's answer to seq 1 echoes the props of seq 1: the newer local value stays
  r.applyPatch({ t: { data: [{ a: 2 }], active_cell: { row: 0 } } }, { view: "v1", seq: 1 });
  assert.deepEqual(table.props.active_cell, { row: 1 });
  // it goes with the next event
  store.flush();
  assert.deepEqual(events[1].props, { active_cell: { row: 1 } });
  assert.equal(events[1].seq, 2);
  // a change from another view (or a callback) still reaches this view
  r.applyPatch({ t: { active_cell: { row: 2 } } }, { view: "v2", seq: 7 });
  assert.deepEqual(table.props.active_cell, { row: 2 });
  store.dispose();
});

test("focus moves inside a view only while the user works there", () => {
  const v1 = /** @type {any} */ ({ name: "v1" }), v2 = /** @type {any} */ ({ name: "v2" });
  assert.ok(focusAllowed(null, v1, v1)); // JupyterLab's own elements: always
  assert.ok(focusAllowed(v1, v1, v1)); // the view the user works in
  assert.ok(focusAllowed(v1, null, null)); // nothing focused, no press yet (a new app's autofocus)
  assert.ok(focusAllowed(v1, null, v1));
  assert.ok(!focusAllowed(v2, v1, v1)); // view 2 re-rendered by view 1's change: no steal
  assert.ok(!focusAllowed(v2, null, v1)); // the user pressed in view 1 last
  assert.ok(!focusAllowed(v2, v1, v2) && !focusAllowed(v1, v2, null));
});

test("without libraries on the page, inView just runs the function", () => {
  assert.equal(runningView(), null);
  assert.equal(inView(/** @type {any} */ ({}), () => 42), 42);
});

test("getElementById prefers the running view's element; focus into another view is skipped", () => {
  // a minimal DOM: two views each holding an element with id "t", and one element outside views
  class El {
    constructor(/** @type {string} */ id, /** @type {El | null} */ view) {
      this.id = id;
      this.view = view;
      /** @type {El[]} */ this.kids = [];
      this.isConnected = true;
      if (view) view.kids.push(this);
    }
    closest(/** @type {string} */ sel) { return sel === ".nbdash-root" ? (this.id === "root" ? this : this.view) : null; }
    contains(/** @type {El} */ el) { return el === this || this.kids.includes(el); }
    querySelectorAll() { return this.kids; }
    focus() { /** @type {any} */ (globalThis).document.activeElement = this; }
  }
  const listeners = /** @type {Record<string, (e: any) => void>} */ ({});
  const v1 = new El("root", null), v2 = new El("root", null);
  const t1 = new El("t", v1), t2 = new El("t", v2), outside = new El("lab", null);
  const saved = { HTMLElement: globalThis.HTMLElement, Document: globalThis.Document, document: globalThis.document, window: globalThis.window };
  class Doc { getElementById(/** @type {string} */ id) { return id === "t" ? t1 : id === "lab" ? outside : null; } }
  Object.assign(globalThis, {
    HTMLElement: El, Document: Doc, document: Object.assign(new Doc(), { activeElement: null }),
    window: { addEventListener: (/** @type {string} */ type, /** @type {any} */ fn) => { listeners[type] = fn; } },
  });
  try {
    installViews();
    const doc = /** @type {any} */ (globalThis).document;
    assert.equal(doc.getElementById("t"), t1); // no view running: the DOM's answer
    assert.equal(inView(/** @type {any} */ (v2), () => doc.getElementById("t")), t2);
    assert.equal(inView(/** @type {any} */ (v1), () => doc.getElementById("t")), t1);
    assert.equal(inView(/** @type {any} */ (v2), () => doc.getElementById("lab")), outside);
    assert.equal(doc.getElementById("t"), t1);
    // the user presses in view 1: its elements may take the focus, view 2's may not
    listeners.pointerdown({ isTrusted: true, target: t1 });
    assert.equal(runningView(), v1); // during that event's task
    assert.equal(doc.getElementById("t"), t1);
    t1.focus();
    assert.equal(doc.activeElement, t1);
    t2.focus();
    assert.equal(doc.activeElement, t1); // skipped
    outside.focus();
    assert.equal(doc.activeElement, outside); // JupyterLab's own: untouched
    listeners.keydown({ isTrusted: true, target: t2 });
    t2.focus();
    assert.equal(doc.activeElement, t2);
    listeners.keydown({ isTrusted: false, target: t1 }); // synthetic events do not count
    t1.focus();
    assert.equal(doc.activeElement, t2);
  } finally {
    delete (/** @type {any} */ (globalThis)).__nbdash_views__;
    Object.assign(globalThis, saved);
  }
});
