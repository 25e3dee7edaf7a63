// The clientside runtime shared by the page and the kernel's V8 (js/src/clientside/runtime.js).
import { test } from "node:test";
import assert from "node:assert/strict";
import { install, runCall, PatchBuilder, stringifyId } from "../src/clientside/runtime.js";

function host() {
  const g = /** @type {any} */ ({});
  const sets = /** @type {any[]} */ ([]);
  install(g, (id, props) => sets.push([id, props]));
  return { g, sets };
}

const one = (/** @type {any} */ value) => ({ id: "a", property: "value", value });

test("inline function: inputs then states, triggered and outputs", async () => {
  const { g } = host();
  g.dash_clientside.ns = { f: (a, b) => `${a}-${b}-${g.dash_clientside.callback_context.triggered_id}` };
  const r = await runCall(g, {
    namespace: "ns", function_name: "f", inputs: [one(1)], state: [{ id: "s", property: "value", value: 2 }],
    outputs: { id: "o", property: "children" }, changedPropIds: ["a.value"], multi: false,
  });
  assert.deepEqual(r, { status: "ok", outputs: [[true, "1-2-a"]] });
  assert.equal(g.dash_clientside.callback_context, undefined);
});

test("PreventUpdate, no_update, errors, Promises", async () => {
  const { g } = host();
  const dc = g.dash_clientside;
  const base = { namespace: "ns", inputs: [one(1)], outputs: [{ id: "o", property: "x" }, { id: "p", property: "y" }], changedPropIds: [], multi: true };
  dc.ns = {
    prevent: () => { throw dc.PreventUpdate; },
    none: () => dc.no_update,
    some: () => [dc.no_update, 5],
    boom: () => { throw new TypeError("bad"); },
    later: async () => [1, 2],
    short: () => [7],
  };
  assert.deepEqual(await runCall(g, { ...base, function_name: "prevent" }), { status: "prevent" });
  assert.deepEqual((await runCall(g, { ...base, function_name: "none" })).outputs, [[false, null], [false, null]]);
  assert.deepEqual((await runCall(g, { ...base, function_name: "some" })).outputs, [[false, null], [true, 5]]);
  const err = await runCall(g, { ...base, function_name: "boom" });
  assert.equal(err.status, "error");
  assert.equal(err.error?.message, "TypeError: bad");
  assert.deepEqual((await runCall(g, { ...base, function_name: "later" })).outputs, [[true, 1], [true, 2]]);
  assert.deepEqual((await runCall(g, { ...base, function_name: "short" })).outputs, [[true, 7], [false, null]]);
  const missing = await runCall(g, { ...base, function_name: "nope" });
  assert.match(missing.error?.message || "", /assets folder/);
});

test("a single ALL output zips per component", async () => {
  const { g } = host();
  g.dash_clientside.ns = { f: () => ["a", g.dash_clientside.no_update] };
  const slots = [0, 1, 2].map((i) => ({ id: { i }, property: "children" }));
  const r = await runCall(g, { namespace: "ns", function_name: "f", inputs: [], outputs: slots, changedPropIds: [], multi: false });
  assert.deepEqual(r.outputs, [[[true, "a"], [false, null], [false, null]]]);
});

test("callback_context dicts and pattern triggered_id", async () => {
  const { g } = host();
  /** @type {any} */ let seen;
  g.dash_clientside.ns = { f: () => { seen = { ...g.dash_clientside.callback_context }; } };
  const inputs = [[{ id: { t: "x", i: 1 }, property: "value", value: 3 }]];
  await runCall(g, { namespace: "ns", function_name: "f", inputs, outputs: [], changedPropIds: ['{"i":1,"t":"x"}.value'], multi: false });
  assert.deepEqual(seen.triggered, [{ prop_id: '{"i":1,"t":"x"}.value', value: 3 }]);
  assert.deepEqual(seen.triggered_id, { i: 1, t: "x" });
  assert.deepEqual(seen.inputs, { '{"i":1,"t":"x"}.value': 3 });
  assert.deepEqual(seen.states, {});
});

test("Patch builds Dash's operations; set_props goes to the host", async () => {
  const { g, sets } = host();
  const p = new g.dash_clientside.Patch().assign(["a"], 1).append(["l"], 2).delete(["b"]).build();
  assert.deepEqual(p, {
    __dash_patch_update: "__dash_patch_update",
    operations: [
      { operation: "Assign", location: ["a"], params: { value: 1 } },
      { operation: "Append", location: ["l"], params: { value: 2 } },
      { operation: "Delete", location: ["b"], params: {} },
    ],
  });
  assert.ok(new PatchBuilder().build().operations);
  g.dash_clientside.set_props("x", { children: 1 });
  assert.deepEqual(sets, [["x", { children: 1 }]]);
  assert.equal(stringifyId({ b: 1, a: "x" }), '{"a":"x","b":1}');
  assert.equal(g.dash_clientside.clean_url("javascript:alert(1)"), "about:blank");
});
