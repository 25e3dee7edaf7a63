// dash_clientside.Patch applied in the page (js/src/clientside/patch.js): the kernel's rules
// (nbdash/_patch.py apply_patch), and a page-local run showing the patched value at once.
import { test } from "node:test";
import assert from "node:assert/strict";
import { applyPatchValue, PatchConflict } from "../src/clientside/patch.js";
import { PatchBuilder } from "../src/clientside/runtime.js";
import { localTargets, PageClientside } from "../src/clientside/page.js";
import { div, fakeRenderer } from "../test_support/page_fixture.js";
import fs from "node:fs";

/** @param {(p: any) => void} build */
const ops = (build) => {
  const p = new PatchBuilder();
  build(p);
  return p.build();
};

test("operations apply in order, as the kernel applies them", () => {
  const current = { data: [{ x: [1, 2], y: [3, 4] }], layout: { title: "t" } };
  const patch = {
    __dash_patch_update: "__dash_patch_update",
    operations: [
      { operation: "Append", location: ["data", 0, "x"], params: { value: 3 } },
      { operation: "Extend", location: ["data", -1, "y"], params: { value: [5] } },
      { operation: "Merge", location: ["layout"], params: { value: { height: 300 } } },
      { operation: "Delete", location: ["layout", "title"], params: {} },
      { operation: "Assign", location: ["new", 2], params: { value: "z" } },
      { operation: "Add", location: ["count"], params: { value: 1 } },
    ],
  };
  assert.throws(() => applyPatchValue(current, patch), PatchConflict); // Add on nothing: kernel refuses
  patch.operations.pop();
  const out = applyPatchValue(current, patch);
  assert.deepEqual(out, { data: [{ x: [1, 2, 3], y: [3, 4, 5] }], layout: { height: 300 }, new: [null, null, "z"] });
  assert.deepEqual(current.data[0].x, [1, 2]); // never mutated
});

test("list and arithmetic rules follow nbdash/_patch.py", () => {
  /** @returns {any} */ const apply = (/** @type {any} */ v, /** @type {any} */ op) => applyPatchValue(v, { __dash_patch_update: "__dash_patch_update", operations: [op] });
  assert.deepEqual(apply([1, 2, 3], { operation: "Insert", location: [], params: { index: -1, value: 9 } }), [1, 2, 9, 3]);
  assert.deepEqual(apply([1, 2], { operation: "Insert", location: [], params: { index: 7, value: 9 } }), [1, 2, 9]);
  assert.deepEqual(apply([1, { a: 1 }, 1], { operation: "Remove", location: [], params: { value: 1 } }), [{ a: 1 }]);
  assert.deepEqual(apply([true, 1], { operation: "Remove", location: [], params: { value: 1 } }), [true]);
  assert.equal(apply(null, { operation: "Add", location: [], params: { value: 2 } }), 2);
  assert.equal(apply("n=", { operation: "Add", location: [], params: { value: 1.5 } }), "n=1.5");
  assert.deepEqual(apply([1], { operation: "Add", location: [], params: { value: [2] } }), [1, 2]);
  assert.equal(apply(1, { operation: "Div", location: [], params: { value: 0 } }), Infinity);
  assert.deepEqual(apply("abc", { operation: "Reverse", location: [], params: {} }), "cba");
  assert.deepEqual(apply({ a: 1 }, { operation: "Clear", location: [], params: {} }), {});
  assert.deepEqual(apply({ a: 1 }, { operation: "Delete", location: ["b", "c"], params: {} }), { a: 1 });
  assert.throws(() => apply({ a: 1 }, { operation: "Append", location: ["a"], params: { value: 2 } }), PatchConflict);
  assert.throws(() => apply([1], { operation: "Assign", location: ["k"], params: { value: 2 } }), PatchConflict);
  assert.throws(() => apply(5, { operation: "Sort", location: [], params: {} }), PatchConflict);
  assert.throws(() => applyPatchValue(undefined, ops((p) => p.append([], 1))), PatchConflict);
  // components: only their props may be patched
  const comp = [{ type: "Div", namespace: "dash_html_components", props: { children: "a" } }];
  assert.equal(apply(comp, { operation: "Assign", location: [0, "props", "children"], params: { value: "b" } })[0].props.children, "b");
  assert.throws(() => apply(comp, { operation: "Assign", location: [0, "type"], params: { value: "Span" } }), PatchConflict);
});


test("a Patch output and a Patch through set_props with a dict id show at once; the event still carries them", async () => {
  const row = { type: "row", i: 1 };
  const tree = div("root", { children: [div("btn", { n_clicks: 1 }), div("log", { children: ["a"] }), div(row, { title: "t" }), div("none")] });
  const { r, posted } = fakeRenderer(tree);
  const manifest = {
    scripts: [["inline:p1", `window.dash_clientside = window.dash_clientside || {}; window.dash_clientside.pt = {
      go: (n) => {
        const side = new dash_clientside.Patch().extend([], "!");
        dash_clientside.set_props({ type: "row", i: 1 }, { title: side.build(), n: n });
        dash_clientside.set_props("none", { title: new dash_clientside.Patch().append([], 1).build() });
        return new dash_clientside.Patch().append([], "n=" + n).prepend([], "first").build();
      }};`]],
    callbacks: [
      { callback: "log.children", namespace: "pt", function_name: "go", inputs: [["btn", "n_clicks"]], state: [], outputs: [["log", "children"]], multi: false },
    ],
    triggers: { "btn.n_clicks": [0] },
    kernel: [],
  };
  const cs = new PageClientside(manifest, r);
  cs.post({ type: "event", view: "v1", seq: 1, id: "btn", props: { n_clicks: 1 } });
  await cs.queue;
  assert.deepEqual(r.mirror.get("log").props.children, ["first", "a", "n=1"]);
  const rowNode = r.mirror.get('{"i":1,"type":"row"}');
  assert.equal(rowNode.props.title, "t!"); // Extend on a string concatenates, as in the kernel
  assert.equal(rowNode.props.n, 1);
  assert.equal("title" in r.mirror.get("none").props, false); // "Cannot patch undefined": left to the kernel
  const result = posted[0].clientside[0].result;
  assert.equal(result.outputs[0][1].__dash_patch_update, "__dash_patch_update"); // the kernel gets the Patch itself
  assert.deepEqual(result.set_props[0].id, row);
  assert.equal(r.sent.get('{"i":1,"type":"row"}\0n'), 1);
});

// The same cases as tests/test_clientside.py::test_page_patch_cases_match_the_kernel (the kernel's
// apply_patch gives "value", or refuses: "error").
test("shared cases: the page gives exactly the kernel's value, or refuses where the kernel does", () => {
  const cases = JSON.parse(fs.readFileSync(new URL("./patch_cases.json", import.meta.url), "utf8"));
  for (const c of cases) {
    const patch = { __dash_patch_update: "__dash_patch_update", operations: c.operations };
    if (c.error) assert.throws(() => applyPatchValue(c.current, patch), PatchConflict, JSON.stringify(c));
    else assert.deepEqual(applyPatchValue(c.current, patch), c.value, JSON.stringify(c));
  }
});

test("set_props with wildcard ids applies in the page by the kernel's rules", async () => {
  const row = (/** @type {number} */ i, /** @type {any} */ extra = {}) => div({ type: "row", i, ...extra }, { title: "t" + i });
  const tree = div("root", { children: [div("btn", { n_clicks: 2 }), row(1), row(2), div({ type: "cell", i: 1 }), row(3, { k: 0 }), div("out")] });
  const { r, posted } = fakeRenderer(tree);
  // what localTargets finds: same keys, equal values at the other keys, any value under a wildcard
  assert.deepEqual(localTargets({ type: "row", i: ["ALL"] }, r.mirror), ['{"i":1,"type":"row"}', '{"i":2,"type":"row"}']);
  assert.deepEqual(localTargets({ type: ["MATCH"], i: 1 }, r.mirror), ['{"i":1,"type":"row"}', '{"i":1,"type":"cell"}']); // in layout order
  assert.deepEqual(localTargets({ type: "row", i: ["SOME"] }, r.mirror), []); // not a wildcard: the kernel decides
  assert.deepEqual(localTargets({ type: "row", i: "1" }, r.mirror), ['{"i":"1","type":"row"}']); // plain: its key
  const manifest = {
    scripts: [["inline:w1", `window.dash_clientside = window.dash_clientside || {}; window.dash_clientside.wc = {
      go: (n) => {
        dash_clientside.set_props({ type: "row", i: ["ALL"] }, { title: new dash_clientside.Patch().extend([], "+" + n).build() });
        return "done " + n;
      }};`]],
    callbacks: [{ callback: "out.children", namespace: "wc", function_name: "go", inputs: [["btn", "n_clicks"]], state: [], outputs: [["out", "children"]], multi: false }],
    triggers: { "btn.n_clicks": [0] },
    kernel: [],
  };
  const cs = new PageClientside(manifest, r);
  cs.post({ type: "event", view: "v1", seq: 1, id: "btn", props: { n_clicks: 2 } });
  await cs.queue;
  assert.equal(r.mirror.get('{"i":1,"type":"row"}').props.title, "t1+2");
  assert.equal(r.mirror.get('{"i":2,"type":"row"}').props.title, "t2+2");
  assert.equal(r.mirror.get('{"i":3,"k":0,"type":"row"}').props.title, "t3"); // other keys: untouched
  assert.equal(r.mirror.get('{"i":1,"type":"cell"}').props.title, undefined);
  assert.equal(r.mirror.get("out").props.children, "done 2");
  assert.deepEqual(posted[0].clientside[0].result.set_props[0].id, { type: "row", i: ["ALL"] }); // the kernel applies it too
});
