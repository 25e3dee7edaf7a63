// One click counted by an element and its ancestors is ONE event (js/src/html.js countClick), and
// the echo of that event leaves alone every prop the view changed since (renderer.js): `npm test`.
import { test } from "node:test";
import assert from "node:assert/strict";

class FakeNode {
  constructor(/** @type {string} */ localName) {
    this.localName = localName;
    /** @type {FakeNode[]} */ this.children = [];
    /** @type {((e: any) => void)[]} */ this.listeners = [];
    /** @type {FakeNode | null} */ this.parent = null;
    this.style = {};
  }
  setAttribute() {}
  removeAttribute() {}
  addEventListener(/** @type {string} */ type, /** @type {(e: any) => void} */ fn) { if (type === "click") this.listeners.push(fn); }
  append(/** @type {FakeNode[]} */ ...nodes) { for (const n of nodes) n.parent = this; this.children.push(...nodes); }
  replaceChildren(/** @type {FakeNode[]} */ ...nodes) { this.children = []; this.append(...nodes); }
  replaceWith() {}
  /** A click on this node, bubbling as the DOM does: one Event object through every ancestor. */
  click() {
    /** @type {FakeNode[]} */ const path = [];
    for (let n = /** @type {FakeNode | null} */ (this); n; n = n.parent) path.push(n);
    const event = { composedPath: () => path };
    for (const n of path) for (const fn of n.listeners) fn(event);
  }
}

const g = /** @type {any} */ (globalThis);
g.document = { createElement: (/** @type {string} */ t) => new FakeNode(t), createComment: () => new FakeNode("#comment"), createTextNode: () => new FakeNode("#text") };

const { Renderer } = await import("../src/renderer.js");

const div = (/** @type {any} */ props) => ({ type: "Div", namespace: "dash_html_components", props });
const button = (/** @type {any} */ props) => ({ type: "Button", namespace: "dash_html_components", props });

/** @param {any} tree */
function view(tree) {
  /** @type {any[]} */
  const posted = [];
  const host = { view: "v", post: (/** @type {any} */ m) => posted.push(m), asset: async () => [], widgetManager: null };
  const r = new Renderer(tree, host, { leader: true, fresh: true });
  const [root] = r.render(tree);
  return { r, posted, root: /** @type {FakeNode} */ (/** @type {unknown} */ (root)) };
}

/** outer > inner > btn, plus an id-less wrapper and a disabled counter on the way */
function nested() {
  return div({ id: "outer", children: [
    div({ id: "quiet", disable_n_clicks: true, children: [
      div({ children: [div({ id: "inner", n_clicks: 4, children: [button({ id: "btn", children: "Go" })] })] }),
    ] }),
  ] });
}

const find = (/** @type {FakeNode} */ root, /** @type {number[]} */ ...path) => path.reduce((n, i) => n.children[i], root);

test("a click on a button inside divs with ids is one event naming every counting element, innermost first", () => {
  const { r, posted, root } = view(nested());
  const btn = find(root, 0, 0, 0, 0);
  assert.equal(btn.localName, "button");
  btn.click();
  assert.equal(posted.length, 1);
  const [event] = posted;
  assert.equal(event.type, "event");
  assert.equal(event.seq, 1);
  assert.equal("id" in event, false);
  assert.deepEqual(event.changes.map((/** @type {any} */ c) => c[0]), ["btn", "inner", "outer"]);
  assert.deepEqual(event.changes.map((/** @type {any} */ c) => c[1].n_clicks), [1, 5, 1]);
  const stamps = new Set(event.changes.map((/** @type {any} */ c) => c[1].n_clicks_timestamp));
  assert.equal(stamps.size, 1); // one click, one time
  // the mirror counts from the click at once (a second click before the echo counts from it)
  assert.equal(r.mirror.get("inner")?.props.n_clicks, 5);
  find(root, 0, 0, 0).click(); // the id-less wrapper: its counting ancestors only
  assert.deepEqual(posted[1].changes.map((/** @type {any} */ c) => [c[0], c[1].n_clicks]), [["inner", 6], ["outer", 2]]);
});

test("a click reaching one counting element keeps the single-component form", () => {
  const { posted, root } = view(div({ id: "outer", children: [div({ children: "text" })] }));
  find(root, 0).click();
  assert.equal(posted.length, 1);
  assert.equal(posted[0].id, "outer");
  assert.equal(posted[0].props.n_clicks, 1);
  assert.equal("changes" in posted[0], false);
});

test("the echo of a multi-component event skips, for every component, props clicked again since", () => {
  const { r, posted, root } = view(nested());
  const btn = find(root, 0, 0, 0, 0);
  btn.click(); // seq 1: btn 1, inner 5, outer 1
  btn.click(); // seq 2: btn 2, inner 6, outer 2
  assert.equal(posted.length, 2);
  // the kernel's answer to the first click arrives late: it must not undo the second one anywhere
  r.applyPatch({ btn: { n_clicks: 1 }, inner: { n_clicks: 5 }, outer: { n_clicks: 1 } }, { view: "v", seq: 1 });
  assert.deepEqual(["btn", "inner", "outer"].map((id) => r.mirror.get(id)?.props.n_clicks), [2, 6, 2]);
  // the answer to the second one is applied (equal values: nothing to change), and a callback's
  // output in that patch is applied to every component of the event
  r.applyPatch({ btn: { n_clicks: 2, title: "done" }, outer: { n_clicks: 2, title: "ok" } }, { view: "v", seq: 2 });
  assert.equal(r.mirror.get("btn")?.props.title, "done");
  assert.equal(r.mirror.get("outer")?.props.title, "ok");
  // another view's patch (no own origin) overwrites
  r.applyPatch({ inner: { n_clicks: 0 } }, null);
  assert.equal(r.mirror.get("inner")?.props.n_clicks, 0);
});

test("dcc.Button and dcc.Textarea count a click in the same event as the html elements around them", () => {
  const dccButton = { type: "Button", namespace: "dash_core_components", props: { id: "go", children: "Go" } };
  const dccText = { type: "Textarea", namespace: "dash_core_components", props: { id: "text", value: "" } };
  const { posted, root } = view(div({ id: "outer", children: [dccButton, dccText] }));
  find(root, 0).click();
  find(root, 1).click();
  assert.deepEqual(posted.map((m) => m.changes.map((/** @type {any} */ c) => [c[0], c[1].n_clicks])), [
    [["go", 1], ["outer", 1]],
    [["text", 1], ["outer", 2]],
  ]);
});
