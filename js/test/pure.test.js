// Unit tests of the renderer's pure helpers (no DOM): `npm test` (node's built-in runner).
import { test } from "node:test";
import assert from "node:assert/strict";
import { stringifyId, canonicalId } from "../src/ids.js";
import { jsonEqual } from "../src/json.js";
import { cssName, cssValue } from "../src/style.js";
import { summary } from "../src/errors.js";
import { normalizeOptions } from "../src/components/common.js";
import { filterEventData } from "../src/components/graph.js";
import { walk, isNode } from "../src/mirror.js";

test("dict ids are spelled exactly like Python's stringify_id", () => {
  // expected strings printed by nbdash.dependencies.stringify_id
  const cases = [
    [{ type: "b", index: 1 }, '{"index":1,"type":"b"}'],
    [{ z: "é", a: true }, '{"a":true,"z":"\\u00e9"}'],
    [{ k: 'tab\tq"uote\\' }, '{"k":"tab\\tq\\"uote\\\\"}'],
    [{ e: "😀" }, '{"e":"\\ud83d\\ude00"}'],
    [{ n: 2.5, m: -3 }, '{"m":-3,"n":2.5}'],
    [{ d: "\u007f\u0001" }, '{"d":"\\u007f\\u0001"}'],
  ];
  for (const [id, expected] of cases) assert.equal(stringifyId(id), expected);
  assert.equal(stringifyId("plain"), "plain");
  assert.equal(stringifyId(undefined), undefined);
});

test("kernel id strings with Python float spelling map to the browser's", () => {
  assert.equal(canonicalId('{"index":1.0,"type":"b"}'), '{"index":1,"type":"b"}');
  assert.equal(canonicalId("btn"), "btn");
  assert.equal(canonicalId("{not json"), "{not json");
});

test("jsonEqual compares structure; null and undefined are the same", () => {
  assert.ok(jsonEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }));
  assert.ok(!jsonEqual({ a: [1, 2] }, { a: [2, 1] }));
  assert.ok(!jsonEqual([1], { 0: 1 }));
  assert.ok(jsonEqual(null, undefined));
  assert.ok(!jsonEqual(0, null));
});

test("style names and values follow React", () => {
  assert.equal(cssName("backgroundColor"), "background-color");
  assert.equal(cssName("WebkitTransform"), "-webkit-transform");
  assert.equal(cssName("msTransform"), "-ms-transform");
  assert.equal(cssName("--main-color"), "--main-color");
  assert.equal(cssValue("width", 300), "300px");
  assert.equal(cssValue("opacity", 0.5), "0.5");
  assert.equal(cssValue("zIndex", 3), "3");
  assert.equal(cssValue("margin", 0), "0");
  assert.equal(cssValue("width", "50%"), "50%");
  assert.equal(cssValue("color", null), null);
});

test("the error summary drops the embedded traceback but keeps the exception line", () => {
  const tb = 'Traceback (most recent call last):\n  File "x.py", line 9, in f\nValueError: bad\n';
  assert.equal(summary("Callback error updating out.children\n" + tb.trim(), tb), "Callback error updating out.children\nValueError: bad");
  assert.equal(summary("plain message", undefined), "plain message");
});

test("options: lists of values, {value: label} dicts and option dicts", () => {
  assert.deepEqual(normalizeOptions(["a", 1]), [
    { label: "a", value: "a", disabled: false },
    { label: "1", value: 1, disabled: false },
  ]);
  assert.deepEqual(normalizeOptions({ nyc: "New York" }), [{ label: "New York", value: "nyc", disabled: false }]);
  assert.deepEqual(normalizeOptions([{ label: "L", value: "v", disabled: true }]), [
    { label: "L", value: "v", disabled: true, title: undefined },
  ]);
  assert.deepEqual(normalizeOptions(null), []);
});

test("graph event data keeps plain point fields, customdata and ranges", () => {
  const gd = { data: [{ customdata: ["a", "b", "c"] }] };
  const point = { x: 2, y: 1, curveNumber: 0, pointNumber: 1, pointIndex: 1, fullData: { huge: true }, xaxis: {} };
  const out = filterEventData(gd, { points: [point], range: { x: [0, 1] } }, "click");
  assert.deepEqual(out, { points: [{ x: 2, y: 1, curveNumber: 0, pointNumber: 1, pointIndex: 1, customdata: "b" }], range: { x: [0, 1] } });
  assert.equal(filterEventData(gd, null, "hover"), null);
  assert.deepEqual(filterEventData(gd, { "xaxis.range[0]": 1 }, "relayout"), { "xaxis.range[0]": 1 });
});

test("walk visits component nodes inside children and option labels only", () => {
  const label = { type: "Span", namespace: "dash_html_components", props: { id: "lbl" } };
  const tree = {
    type: "Div", namespace: "dash_html_components", props: { children: [
      { type: "Checklist", namespace: "dash_core_components", props: { id: "c", options: [{ label, value: 1 }] } },
      { type: "Store", namespace: "dash_core_components", props: { id: "s", data: { type: "X", namespace: "Y", props: {} } } },
    ] },
  };
  const seen = [];
  walk(tree, (n) => seen.push(n.props.id ?? n.type));
  assert.deepEqual(seen, ["Div", "c", "lbl", "s"]);
  assert.ok(isNode(label) && !isNode({ type: "x" }));
});

test("loading state: descendants with outputs being computed, filtered by target_components", async () => {
  const { Renderer } = await import("../src/renderer.js");
  const div = (id, children) => ({ type: "Div", namespace: "dash_html_components", props: { id, children } });
  const tree = div("root", [div("a"), div({ type: "item", index: 1 })]);
  const r = new Renderer(tree, /** @type {any} */ ({ view: "v" }), { leader: true, fresh: false, loading: [["a", "children"]] });
  let heard = 0;
  r.onLoading(() => heard++);
  const kids = tree.props.children;
  assert.deepEqual(r.loadingIn(kids), [{ id: "a", property: "children" }]);
  r.setLoading([['{"index":1.0,"type":"item"}', "style"]], true); // Python's spelling of the dict id
  assert.equal(heard, 1);
  assert.deepEqual(r.loadingIn(kids).map((l) => l.id), ["a", '{"index":1,"type":"item"}']);
  assert.deepEqual(r.loadingIn(kids, { a: ["title", "children"] }), [{ id: "a", property: "children" }]);
  assert.deepEqual(r.loadingIn(kids, [{ a: "title" }]), []);
  assert.equal(r.loadingIn(tree.props.children[0].props.children).length, 0); // only descendants
  r.setLoading([["a", "children"]], false);
  assert.ok(!r.isLoading(kids[0]) && r.isLoading(kids[1]));
});
