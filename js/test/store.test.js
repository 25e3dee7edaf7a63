// dcc.Store's browser storage on mount (js/src/components/invisible.js), through the real Renderer
// with an in-memory Storage and the few DOM calls a Div and a Store make: `npm test`.
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";

class MemoryStorage {
  constructor() { this.items = new Map(); }
  getItem(/** @type {string} */ k) { return this.items.has(k) ? this.items.get(k) : null; }
  setItem(/** @type {string} */ k, /** @type {string} */ v) { this.items.set(k, String(v)); }
  removeItem(/** @type {string} */ k) { this.items.delete(k); }
}

class FakeNode {
  constructor(/** @type {string} */ localName) {
    this.localName = localName;
    /** @type {FakeNode[]} */ this.children = [];
    this.id = "";
  }
  setAttribute() {}
  removeAttribute() {}
  addEventListener() {}
  append(/** @type {FakeNode[]} */ ...nodes) { this.children.push(...nodes); }
  replaceChildren(/** @type {FakeNode[]} */ ...nodes) { this.children = nodes; }
  replaceWith() {}
}

const g = /** @type {any} */ (globalThis);
g.document = { createElement: (/** @type {string} */ t) => new FakeNode(t), createComment: () => new FakeNode("#comment") };
g.window = { localStorage: new MemoryStorage(), sessionStorage: new MemoryStorage() };

const { Renderer } = await import("../src/renderer.js");
const { mountAction } = await import("../src/components/invisible.js");

const local = () => /** @type {MemoryStorage} */ (g.window.localStorage);
beforeEach(() => {
  g.window.localStorage = new MemoryStorage();
  g.window.sessionStorage = new MemoryStorage();
});

const KEY = "nbdash-store:s";
const flush = () => new Promise((resolve) => setImmediate(resolve));
const store = (/** @type {Record<string, any>} */ props) => ({ type: "Store", namespace: "dash_core_components", props: { id: "s", storage_type: "local", ...props } });
const div = (/** @type {string} */ id, /** @type {any} */ children) => ({ type: "Div", namespace: "dash_html_components", props: { id, children } });

/**
 * A view showing `tree`; `events` collects the props it sends.
 * @param {any} tree @param {{leader: boolean, fresh: boolean, provisional?: boolean}} state
 */
function view(tree, state) {
  /** @type {Record<string, any>[]} */
  const events = [];
  const host = { view: "v", post: (/** @type {any} */ m) => events.push(m.props), asset: async () => [], widgetManager: null };
  const r = new Renderer(tree, host, state);
  r.render(tree);
  return { r, events };
}

test("mountAction is Dash's componentWillMount: restore other stored data, store data into empty storage", () => {
  assert.deepEqual(mountAction('{"n":1}', "1700000000000", null), { data: { n: 1 }, modified_timestamp: 1700000000000 });
  assert.deepEqual(mountAction('{"n":1}', "1700000000000", { n: 2 }), { data: { n: 1 }, modified_timestamp: 1700000000000 });
  assert.deepEqual(mountAction("[1]", null, null), { data: [1], modified_timestamp: -1 }); // no timestamp: -1
  assert.deepEqual(mountAction("0", "junk", 5), { data: 0, modified_timestamp: -1 });
  assert.equal(mountAction('{"n":1}', "1", { n: 1 }), "keep");
  assert.equal(mountAction(null, null, { n: 1 }), "write");
  assert.equal(mountAction("not json", "1", "x"), "write"); // unparseable counts as empty
  assert.equal(mountAction(null, null, null), "keep");
  assert.equal(mountAction("null", "1", undefined), "keep");
});

test("a fresh leading view restores stored data with its timestamp; empty storage gets the layout's data", async () => {
  local().setItem(KEY, '{"saved":3}');
  local().setItem(KEY + "-timestamp", "1234");
  const { events } = view(div("root", [store({ data: null })]), { leader: true, fresh: true });
  await flush();
  assert.deepEqual(events, [{ data: { saved: 3 }, modified_timestamp: 1234 }]);

  local().items.clear();
  const second = view(div("root", [store({ data: { a: 1 }, modified_timestamp: 99 })]), { leader: true, fresh: true });
  await flush();
  assert.deepEqual(second.events, []);
  assert.equal(local().getItem(KEY), '{"a":1}');
  assert.equal(local().getItem(KEY + "-timestamp"), "99");
});

test("the provisional first tree leaves storage alone; the fresh answer's tree then restores it", async () => {
  // index.js shows the widget's `_nbdash_first` tree provisionally before the kernel answers: a
  // re-run cell's new app (data None) must not erase what the fresh leader is about to restore.
  local().setItem(KEY, '{"saved":1}');
  local().setItem(KEY + "-timestamp", "77");
  const first = view(div("root", [store({ data: null })]), { leader: false, fresh: false, provisional: true });
  await flush();
  assert.deepEqual(first.events, []);
  assert.equal(local().getItem(KEY), '{"saved":1}');
  assert.equal(local().getItem(KEY + "-timestamp"), "77");
  const answer = view(div("root", [store({ data: null })]), { leader: true, fresh: true });
  await flush();
  assert.deepEqual(answer.events, [{ data: { saved: 1 }, modified_timestamp: 77 }]);
});

test("a view re-rendering an existing session keeps the kernel's data and writes it to storage", async () => {
  local().setItem(KEY, '{"old":true}');
  const { events } = view(div("root", [store({ data: { now: 1 }, modified_timestamp: 5 })]), { leader: true, fresh: false });
  await flush();
  assert.deepEqual(events, []);
  assert.equal(local().getItem(KEY), '{"now":1}');
});

test("a Store a callback inserts into a running app is restored by the leader; other views never clobber storage", async () => {
  local().setItem(KEY, '{"saved":7}');
  local().setItem(KEY + "-timestamp", "4321");
  const other = view(div("root", [div("box", null)]), { leader: false, fresh: false });
  const leader = view(div("root", [div("box", null)]), { leader: true, fresh: false });
  // the kernel's patch reaches every view on the page; the non-leading one handles it first
  for (const v of [other, leader]) v.r.applyPatch({ box: { children: [store({ data: null })] } }, null);
  await flush();
  assert.deepEqual(other.events, []);
  assert.deepEqual(leader.events, [{ data: { saved: 7 }, modified_timestamp: 4321 }]);
  assert.equal(local().getItem(KEY), '{"saved":7}');

  // the kernel's answer reaches the other view, which writes it
  other.r.applyPatch({ s: { data: { saved: 7 }, modified_timestamp: 4321 } }, null);
  assert.equal(local().getItem(KEY + "-timestamp"), "4321");
});

test("an inserted Store with data and empty storage is written; a session Store uses sessionStorage", async () => {
  const { r, events } = view(div("root", [div("box", null)]), { leader: true, fresh: false });
  r.applyPatch({ box: { children: [store({ data: "x", modified_timestamp: 11, storage_type: "session" })] } }, null);
  await flush();
  assert.deepEqual(events, []);
  assert.equal(g.window.sessionStorage.getItem(KEY), '"x"');
  assert.equal(local().getItem(KEY), null);
});

test("a Store replaced by one with the same id in one patch is the same Store: its new data is stored", async () => {
  const { r, events } = view(div("root", [div("box", [store({ data: 1, modified_timestamp: 1 })])]), { leader: true, fresh: false });
  await flush();
  assert.equal(local().getItem(KEY), "1");
  r.applyPatch({ box: { children: [store({ data: 2, modified_timestamp: 2 })] } }, null);
  await flush();
  assert.deepEqual(events, []);
  assert.equal(local().getItem(KEY), "2");

  // removed in one patch, inserted again in a later one: a new mount, restored as in Dash
  r.applyPatch({ box: { children: null } }, null);
  await flush();
  r.applyPatch({ box: { children: [store({ data: null })] } }, null);
  await flush();
  assert.deepEqual(events, [{ data: 2, modified_timestamp: 2 }]);
});

test("memory Stores never touch browser storage", async () => {
  local().setItem(KEY, "1");
  const { events } = view(div("root", [store({ data: null, storage_type: "memory" })]), { leader: true, fresh: true });
  await flush();
  assert.deepEqual(events, []);
  assert.equal(local().getItem(KEY), "1");
});
