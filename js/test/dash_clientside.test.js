// The page's one window.dash_clientside (js/src/clientside/dash_clientside.js), shared by clientside
// callbacks, assets/*.js and component libraries (js/src/islands/clientside.js names the same one).
import { test } from "node:test";
import assert from "node:assert/strict";
import * as page from "../src/clientside/dash_clientside.js";
import * as islands from "../src/islands/clientside.js";
import { runCall } from "../src/clientside/runtime.js";
import "../test_support/page_fixture.js"; // window = globalThis

const w = /** @type {any} */ (globalThis);

test("one object, built in one place, keeping what assets/*.js put there", () => {
  assert.equal(islands.installClientside, page.installClientside);
  assert.equal(islands.addSetPropsHandler, page.addSetPropsHandler);
  assert.equal(islands.cleanUrl, page.cleanUrl);
  w.dash_clientside = { ui: { f: () => 1 } }; // an asset script ran first
  const dc = page.installClientside();
  assert.equal(dc, w.dash_clientside);
  assert.equal(typeof dc.ui.f, "function");
  for (const key of ["no_update", "PreventUpdate", "set_props", "clean_url", "Patch"]) assert.ok(dc[key], key);
  assert.equal(dc.callback_context, undefined); // only while a clientside function runs, as in Dash
  assert.equal(islands.installClientside(), dc); // the islands' loader gets the same object
  const first = dc.set_props;
  page.installClientside();
  assert.equal(w.dash_clientside.set_props, first); // once per page
});

test("set_props: to the running call's collector, else to the views that have the id", async () => {
  page.installClientside();
  const seen = /** @type {any[]} */ ([]);
  const remove = page.addSetPropsHandler((id, props) => {
    seen.push([id, props]);
    return id === "known";
  });
  w.dash_clientside.set_props({ b: 2, a: "é" }, { x: 1 }); // keyed as the kernel keys dict ids
  assert.deepEqual(seen, [['{"a":"\\u00e9","b":2}', { x: 1 }]]);
  const collected = /** @type {any[]} */ ([]);
  await page.collectingSetProps({ sideUpdate: (id, props) => collected.push([id, props]) }, async () => {
    w.dash_clientside.set_props("known", { y: 2 });
  });
  assert.deepEqual(collected, [["known", { y: 2 }]]);
  assert.equal(seen.length, 1);
  assert.throws(() => w.dash_clientside.set_props(["path", 0], {}), /not a layout path/);
  remove();
});

test("a page script that replaces the object still gets Dash's API in a call", async () => {
  page.installClientside();
  w.dash_clientside = { ns: { f: () => { throw w.dash_clientside.PreventUpdate; }, g: () => [w.dash_clientside.no_update, new w.dash_clientside.Patch().append([], 1).build()] } };
  const base = { namespace: "ns", inputs: [], changedPropIds: [], multi: true, outputs: [{ id: "a", property: "x" }, { id: "b", property: "y" }] };
  assert.deepEqual(await runCall(w, { ...base, function_name: "f" }), { status: "prevent" });
  const r = await runCall(w, { ...base, function_name: "g" });
  assert.deepEqual(r.outputs[0], [false, null]);
  assert.equal(r.outputs[1][1].__dash_patch_update, "__dash_patch_update");
  assert.equal(typeof w.dash_clientside.set_props, "function");
});

test("clean_url follows Dash's rules; other values pass", () => {
  const clean = page.cleanUrl;
  assert.equal(clean("javascript:alert(1)"), "about:blank");
  assert.equal(clean(" java\tscript:alert(1)", "#"), "#");
  assert.equal(clean("&#106;avascript:alert(1)"), "about:blank");
  assert.equal(clean("vbscript:msgbox"), "about:blank");
  assert.equal(clean("data:text/plain,hi"), "data:text/plain,hi");
  assert.equal(clean("https://example.org/?q=javascript:"), "https://example.org/?q=javascript:");
  assert.equal(clean(""), "");
  assert.equal(clean(null), null);
  assert.deepEqual(clean({ href: 1 }), { href: 1 });
});
