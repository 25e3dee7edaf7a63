// Unit tests of the renderer's pure helpers (no DOM): `npm test` (node's built-in runner).
import { test } from "node:test";
import assert from "node:assert/strict";
import { stringifyId, canonicalId } from "../src/ids.js";
import { jsonEqual } from "../src/json.js";
import { cssName, cssValue } from "../src/style.js";
import { summary, errorTitle } from "../src/errors.js";
import { normalizeOptions } from "../src/components/common.js";
import { filterEventData, eventProp } from "../src/components/graph.js";
import { walk, isNode } from "../src/mirror.js";
import { filterOptions } from "../src/components/options.js";
import { accepted, downloadBlob } from "../src/components/files.js";
import { day, addDays, allowed } from "../src/components/dates.js";

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

test("graph event data: customdata as Dash pulls it (points, lines, histogram bins)", () => {
  const data = [{ customdata: ["a", "b", "c"], mode: "lines" }];
  const gd = { data };
  const at = (/** @type {any} */ p) => filterEventData(gd, { points: [{ curveNumber: 0, ...p }] }, "hover").points[0];
  assert.equal(at({ pointNumber: 2 }).customdata, "c");
  assert.deepEqual(at({ pointNumber: undefined, data: { mode: "lines" } }).customdata, ["a", "b", "c"]);
  assert.deepEqual(at({ pointNumbers: [0, 2] }), { curveNumber: 0, pointNumbers: [0, 2], customdata: ["a", "c"] });
  assert.equal("customdata" in filterEventData({ data: [{}] }, { points: [{ curveNumber: 0, pointNumber: 0 }] }, "click").points[0], false);
  const when = new Date(0);
  const point = filterEventData(gd, { points: [{ curveNumber: 0, when, label: null, marker: { color: "red" } }] }, "click").points[0];
  assert.deepEqual(point, { curveNumber: 0, when, label: null }); // like Ramda's type(): only Objects and Arrays go
  const selected = filterEventData(gd, { points: [], lassoPoints: { x: [1], y: [2] }, selections: [{}] }, "selected");
  assert.deepEqual(selected, { points: [], lassoPoints: { x: [1], y: [2] } });
});

test("graph events set props as Dash's Graph does", () => {
  const gd = { data: [{}] };
  const hover = { points: [{ curveNumber: 0, pointNumber: 1, x: 2 }], event: {}, xvals: [2] };
  const filtered = { points: [{ curveNumber: 0, pointNumber: 1, x: 2 }] };
  assert.deepEqual(eventProp(gd, {}, "click", hover, 123), ["clickData", { ...filtered, timestamp: 123 }]);
  assert.deepEqual(eventProp(gd, {}, "hover", hover), ["hoverData", filtered]);
  assert.equal(eventProp(gd, { hoverData: filtered }, "hover", hover), null); // unchanged: nothing set
  assert.equal(eventProp(gd, {}, "unhover", {}), null);
  assert.deepEqual(eventProp(gd, { clear_on_unhover: true }, "unhover", {}), ["hoverData", null]);
  assert.equal(eventProp(gd, {}, "selected", undefined), null);
  assert.deepEqual(eventProp(gd, { selectedData: filtered }, "deselect", undefined), ["selectedData", null]);
  const zoom = { "xaxis.range[0]": 1, "xaxis.range[1]": 2 };
  assert.deepEqual(eventProp(gd, { relayoutData: { autosize: true } }, "relayout", zoom), ["relayoutData", zoom]);
  assert.equal(eventProp(gd, { relayoutData: { ...zoom } }, "relayout", zoom), null);
  const hide = [{ visible: ["legendonly"] }, [1]];
  assert.deepEqual(eventProp(gd, {}, "restyle", hide), ["restyleData", hide]);
  const note = { index: 0, annotation: { text: "hi" }, fullAnnotation: {}, event: {} };
  assert.deepEqual(eventProp(gd, {}, "clickannotation", note, 5), ["clickAnnotationData", { index: 0, annotation: { text: "hi" }, timestamp: 5 }]);
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

test("dropdown search: every query word inside a word of value, label or search", () => {
  const options = [
    { label: "New York City", value: "NYC" }, { label: "Montréal", value: "MTL", search: "quebec canada" },
    { label: "San Francisco", value: "SF" },
  ];
  const pick = (q) => filterOptions(options, q).map((o) => o.value);
  assert.deepEqual(pick(""), ["NYC", "MTL", "SF"]);
  assert.deepEqual(pick("york"), ["NYC"]);
  assert.deepEqual(pick("an"), ["MTL", "SF"]); // canada, San, Francisco
  assert.deepEqual(pick("new city"), ["NYC"]);
  assert.deepEqual(pick("new francisco"), []);
  assert.deepEqual(pick("sf"), ["SF"]); // the value counts
  const withComponent = [{ label: { type: "Span", namespace: "dash_html_components", props: {} }, value: "a1" }, { label: "zzz", value: "b" }];
  assert.deepEqual(filterOptions(withComponent, "zzz"), []); // component labels: no label is searched
});

test("upload accept rules: extensions, MIME families, exact types", () => {
  assert.ok(accepted({ name: "data.CSV", type: "text/csv" }, ".csv,.xls"));
  assert.ok(!accepted({ name: "data.txt", type: "text/plain" }, ".csv"));
  assert.ok(accepted({ name: "a.png", type: "image/png" }, "image/*"));
  assert.ok(accepted({ name: "a.pdf", type: "application/pdf" }, "application/pdf, image/*"));
  assert.ok(accepted({ name: "x", type: "" }, null));
});

test("download data becomes a Blob: base64 decoded, type from data or the prop", async () => {
  const bytes = downloadBlob({ content: btoa("\u0000\u00ffhi"), base64: true, type: "application/octet-stream" }, "text/plain");
  assert.equal(bytes.type, "application/octet-stream");
  assert.deepEqual([...new Uint8Array(await bytes.arrayBuffer())], [0, 255, 104, 105]);
  const text = downloadBlob({ content: "a,b\n1,2\n", base64: false, type: null }, "text/csv");
  assert.equal(text.type, "text/csv");
  assert.equal(await text.text(), "a,b\n1,2\n");
});

test("dates: days from Dash values, bounds and disabled days", () => {
  assert.equal(day("2024-05-01T13:00:00"), "2024-05-01");
  assert.equal(day(null), "");
  assert.equal(addDays("2024-02-28", 2), "2024-03-01");
  const p = { min_date_allowed: "2024-01-01", max_date_allowed: "2024-12-31T00:00:00", disabled_days: ["2024-05-05"] };
  assert.ok(allowed("2024-05-04", p) && !allowed("2024-05-05", p) && !allowed("2023-12-31", p) && !allowed("2025-01-01", p));
  assert.ok(!allowed("2024-05-10", p, "2024-05-11") && allowed("2024-05-10", p, undefined, "2024-05-10"));
  assert.ok(allowed("", p));
});

test("an error entry is titled with Dash's 'Callback error updating <outputs>' line", () => {
  const message = "Callback error updating price.children, unit-price.children\nTraceback ...";
  assert.equal(errorTitle({ callback: "show_price", message }), "Callback error updating price.children, unit-price.children");
  assert.equal(errorTitle({ callback: "f", message: "Callback error with no output from input b.n_clicks\n..." }),
    "Callback error with no output from input b.n_clicks");
  assert.equal(errorTitle({ callback: "nbdash", message: "nbdash failed to handle a 'hello' message" }), "Callback error in nbdash");
});
