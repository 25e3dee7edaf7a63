// Browser side of persistence (js/src/persistence.js): the records a view reports in its hello, the
// kernel's record changes written to localStorage / sessionStorage, and the defaults the React-island
// host reads from a library component class: `npm test`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { PREFIX, MAX_RECORD_CHARS, readRecords, writeRecords, dashPersistenceOf, defaultsMessage } from "../src/persistence.js";

class MemoryStorage {
  constructor(/** @type {number} */ quota = Infinity) { this.items = new Map(); this.quota = quota; }
  get length() { return this.items.size; }
  key(/** @type {number} */ i) { return [...this.items.keys()][i] ?? null; }
  getItem(/** @type {string} */ k) { return this.items.has(k) ? this.items.get(k) : null; }
  setItem(/** @type {string} */ k, /** @type {string} */ v) {
    if (String(v).length > this.quota) throw new Error("QuotaExceededError");
    this.items.set(k, String(v));
  }
  removeItem(/** @type {string} */ k) { this.items.delete(k); }
}

const page = () => ({ localStorage: new MemoryStorage(), sessionStorage: new MemoryStorage() });

test("a page reports only Dash persistence records, per storage", () => {
  const win = page();
  win.localStorage.setItem(PREFIX + "name.value.true", '["Ada","x"]');
  win.localStorage.setItem("nbdash-store:kept", '{"n":1}'); // a dcc.Store's data is not a record
  win.sessionStorage.setItem(PREFIX + 'tab.value."v1"', '["b"]');
  assert.deepEqual(readRecords(win), {
    local: { [PREFIX + "name.value.true"]: '["Ada","x"]' },
    session: { [PREFIX + 'tab.value."v1"']: '["b"]' },
  });
});

test("the kernel's changes are written and deleted; keys outside the prefix are never touched", () => {
  const win = page();
  win.localStorage.setItem(PREFIX + "old.value.true", '["z","a"]');
  win.localStorage.setItem("other", "keep");
  writeRecords({
    local: { [PREFIX + "name.value.true"]: '["Ada","x"]', [PREFIX + "old.value.true"]: null, other: null },
    session: { [PREFIX + "tab.value.1"]: '["b"]' },
  }, win);
  assert.equal(win.localStorage.getItem(PREFIX + "name.value.true"), '["Ada","x"]');
  assert.equal(win.localStorage.getItem(PREFIX + "old.value.true"), null);
  assert.equal(win.localStorage.getItem("other"), "keep");
  assert.equal(win.sessionStorage.getItem(PREFIX + "tab.value.1"), '["b"]');
  assert.deepEqual(readRecords(win).session, { [PREFIX + "tab.value.1"]: '["b"]' });
});

test("a full storage loses the record with a console warning and the rest is still written", (t) => {
  const warn = t.mock.method(console, "warn", () => {});
  const win = { localStorage: new MemoryStorage(10), sessionStorage: new MemoryStorage() };
  writeRecords({ local: { [PREFIX + "big.value.true"]: JSON.stringify(["x".repeat(50)]), [PREFIX + "s.value.true"]: "[1]" } }, win);
  assert.equal(win.localStorage.getItem(PREFIX + "big.value.true"), null);
  assert.equal(win.localStorage.getItem(PREFIX + "s.value.true"), "[1]");
  assert.equal(warn.mock.callCount(), 1);
  assert.match(String(warn.mock.calls[0].arguments[0]), /big\.value\.true failed to save in localStorage\. Persisted props may be lost\./);
});

test("storage the browser refuses to open counts as empty", () => {
  const win = {};
  Object.defineProperty(win, "localStorage", { get() { throw new Error("SecurityError"); } });
  Object.defineProperty(win, "sessionStorage", { get() { throw new Error("SecurityError"); } });
  assert.deepEqual(readRecords(win), { local: {}, session: {} });
  writeRecords({ local: { [PREFIX + "a.value.true"]: "[1]" } }, win); // no throw
});

test("reports stop at the size the kernel accepts", (t) => {
  const warn = t.mock.method(console, "warn", () => {});
  const win = page();
  const chunk = "x".repeat(1 << 20);
  for (let i = 0; i < 6; i++) win.localStorage.setItem(`${PREFIX}k${i}.value.true`, JSON.stringify([chunk]));
  const { local } = readRecords(win);
  const size = Object.entries(local).reduce((n, [k, v]) => n + k.length + v.length, 0);
  assert.ok(size <= MAX_RECORD_CHARS && Object.keys(local).length === 3, `${Object.keys(local).length} records, ${size} chars`);
  assert.equal(warn.mock.callCount(), 1);
});

test("a library class's defaults: defaultProps first, else the dashPersistence static", () => {
  function Grid() {}
  Grid.dashPersistence = { persisted_props: ["selectedRows", "filterModel"], persistence_type: "local" };
  assert.deepEqual(dashPersistenceOf(Grid), { persisted_props: ["selectedRows", "filterModel"], persistence_type: "local" });
  function Old() {}
  Old.defaultProps = { persisted_props: ["value"], persistence_type: "session" };
  Old.dashPersistence = { persisted_props: ["other"], persistence_type: "local" };
  assert.deepEqual(dashPersistenceOf(Old), { persisted_props: ["value"], persistence_type: "session" });
  function Plain() {}
  Plain.defaultProps = { size: 3 }; // defaultProps without persistence hides dashPersistence, as in Dash
  Plain.dashPersistence = { persisted_props: ["value"], persistence_type: "local" };
  assert.equal(dashPersistenceOf(Plain), null);
  assert.equal(dashPersistenceOf(undefined), null);
});

test("the island host's message names the class and carries its defaults", () => {
  function Grid() {}
  Grid.dashPersistence = { persisted_props: ["selectedRows"], persistence_type: "session" };
  assert.deepEqual(defaultsMessage("dash_ag_grid", "AgGrid", Grid), {
    type: "persistence_defaults", namespace: "dash_ag_grid", component: "AgGrid",
    persisted_props: ["selectedRows"], persistence_type: "session",
  });
  assert.equal(defaultsMessage("lib", "Plain", function Plain() {}), null);
});
