// The page side of clientside callbacks (js/src/clientside/page.js) with a stand-in renderer.
import { test } from "node:test";
import assert from "node:assert/strict";
import { PageClientside } from "../src/clientside/page.js";
import { div, fakeRenderer } from "../test_support/page_fixture.js";


test("a local chain runs in the page, in Dash's order, and the event carries the results", async () => {
  const tree = div("root", { children: [div("btn", { n_clicks: 1 }), div("a"), div("b"), div("c")] });
  const { r, posted } = fakeRenderer(tree);
  const manifest = {
    scripts: [["inline:t1", "window.dash_clientside = window.dash_clientside || {}; window.dash_clientside.t = {dbl: (n) => n * 2, sum: (n, a) => `${n}+${a}`, boom: () => { throw new Error('x'); }};"]],
    callbacks: [
      { callback: "a.children", namespace: "t", function_name: "dbl", inputs: [["btn", "n_clicks"]], state: [], outputs: [["a", "children"]], multi: false },
      { callback: "b.children", namespace: "t", function_name: "sum", inputs: [["btn", "n_clicks"], ["a", "children"]], state: [], outputs: [["b", "children"]], multi: false },
    ],
    triggers: { "btn.n_clicks": [0, 1], "a.children": [1] },
    kernel: ["b.children"],
  };
  const cs = new PageClientside(manifest, r);
  cs.post({ type: "event", view: "v1", seq: 1, id: "btn", props: { n_clicks: 1 } });
  assert.equal(posted.length, 0); // not before the local run
  await cs.queue;
  assert.equal(r.mirror.get("a").props.children, 2);
  assert.equal(r.mirror.get("b").props.children, "1+2");
  assert.equal(posted.length, 1);
  const results = posted[0].clientside;
  assert.deepEqual(results.map((/** @type {any} */ x) => [x.callback, x.changedPropIds]), [
    ["a.children", ["btn.n_clicks"]],
    ["b.children", ["btn.n_clicks", "a.children"]],
  ]);
  assert.deepEqual(results[0].inputs, [{ id: "btn", property: "n_clicks", value: 1 }]);
  assert.equal(r.sent.get("a\0children"), 1);
});

test("an event touching a kernel-listened prop goes straight to the kernel, in order", async () => {
  const tree = div("root", { children: [div("btn", { n_clicks: 0 }), div("x", { n_clicks: 0 }), div("a")] });
  const { r, posted } = fakeRenderer(tree);
  const cs = new PageClientside({
    scripts: [],
    callbacks: [{ callback: "a.children", namespace: "t", function_name: "dbl", inputs: [["btn", "n_clicks"]], state: [], outputs: [["a", "children"]], multi: false }],
    triggers: { "btn.n_clicks": [0] },
    kernel: ["x.n_clicks"],
  }, r);
  cs.post({ type: "event", view: "v1", seq: 1, id: "btn", props: { n_clicks: 3 } });
  cs.post({ type: "event", view: "v1", seq: 2, id: "x", props: { n_clicks: 1 } });
  assert.equal(posted.length, 0); // the second waits behind the first
  await cs.queue;
  assert.deepEqual(posted.map((m) => [m.seq, !!m.clientside]), [[1, true], [2, false]]);
});

test("a function the page does not have is left to the kernel", async () => {
  const tree = div("root", { children: [div("btn", { n_clicks: 0 }), div("a")] });
  const { r, posted } = fakeRenderer(tree);
  const cs = new PageClientside({
    scripts: [],
    callbacks: [{ callback: "a.children", namespace: "not_loaded_yet", function_name: "f", inputs: [["btn", "n_clicks"]], state: [], outputs: [["a", "children"]], multi: false }],
    triggers: { "btn.n_clicks": [0] },
    kernel: [],
  }, r);
  cs.post({ type: "event", view: "v1", seq: 1, id: "btn", props: { n_clicks: 1 } });
  await cs.queue;
  assert.deepEqual(posted[0].clientside, []);
  assert.equal(r.mirror.get("a").props.children, undefined);
});

test("a call the kernel sends runs here and answers with the result and set_props", async () => {
  const { runForKernel } = await import("../src/clientside/page.js");
  const script = "(function(){ var c = window.dash_clientside = window.dash_clientside || {}; var ns = c['_dashprivate_clientside_funcs'] = c['_dashprivate_clientside_funcs'] || {}; ns['k1'] = function(s) { dash_clientside.set_props('x', {title: s}); return s + '!'; }; })();";
  const answer = await runForKernel({ call: 7, view: "v1", payload: {
    namespace: "_dashprivate_clientside_funcs", function_name: "k1", script, inputs: [{ id: "a", property: "children", value: "hi" }],
    state: [], outputs: { id: "b", property: "children" }, changedPropIds: ["a.children"], multi: false,
  } });
  assert.deepEqual(answer, { type: "clientside_result", call: 7, view: "v1", missing: false,
    result: { status: "ok", outputs: [[true, "hi!"]], set_props: [{ id: "x", props: { title: "hi" } }] } });
  const missing = await runForKernel({ call: 8, view: "v1", payload: { namespace: "nope", function_name: "f", inputs: [], outputs: [], changedPropIds: [] } });
  assert.equal(missing.missing, true);
});
