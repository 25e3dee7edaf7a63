// The island host tells the kernel a library class's dashPersistence once per (namespace, type)
// per page view (js/src/islands/persist.js): `npm test`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { reportPersistenceDefaults } from "../src/islands/persist.js";

const view = (/** @type {string} */ name) => {
  /** @type {any[]} */
  const posted = [];
  return { posted, host: { view: name, post: (/** @type {any} */ m) => posted.push(m) } };
};

class Input {}
/** @type {any} */ (Input).dashPersistence = { persisted_props: ["value"], persistence_type: "local" };
class Badge {}

test("a class with dashPersistence is reported once per type and view, with the view's name", () => {
  const a = view("va"), b = view("vb");
  const r = /** @type {any} */ (a);
  assert.equal(reportPersistenceDefaults(r, "dash_bootstrap_components", "Input", Input), true);
  assert.equal(reportPersistenceDefaults(r, "dash_bootstrap_components", "Input", Input), false);
  assert.deepEqual(a.posted, [{
    type: "persistence_defaults", namespace: "dash_bootstrap_components", component: "Input",
    persisted_props: ["value"], persistence_type: "local", view: "va",
  }]);
  // another view (another renderer) reports it again; the same class under another type is its own entry
  assert.equal(reportPersistenceDefaults(/** @type {any} */ (b), "dash_bootstrap_components", "Input", Input), true);
  assert.equal(reportPersistenceDefaults(r, "dash_bootstrap_components", "Textarea", Input), true);
  assert.deepEqual(a.posted.map((m) => m.component), ["Input", "Textarea"]);
  assert.equal(b.posted[0].view, "vb");
});

test("a class without persistence defaults posts nothing", () => {
  const a = view("va");
  assert.equal(reportPersistenceDefaults(/** @type {any} */ (a), "dash_bootstrap_components", "Badge", Badge), false);
  assert.equal(reportPersistenceDefaults(/** @type {any} */ (a), "dash_bootstrap_components", "Badge", Badge), false);
  assert.deepEqual(a.posted, []);
});
