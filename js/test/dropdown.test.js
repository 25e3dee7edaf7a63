// dcc.Dropdown's value check (js/src/components/options.js `dropdownCheck`), Dash 4.4.1's rule: `npm test`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { dropdownCheck } from "../src/components/options.js";

test("multi: values the new options no longer offer are dropped", () => {
  const first = dropdownCheck({ multi: true, options: ["a", "b", "c"], value: ["a", "c"] }, undefined);
  assert.deepEqual(first, { checked: ["a", "b", "c"] });
  const next = dropdownCheck({ multi: true, options: [{ label: "A", value: "a" }], value: ["a", "c"] }, first.checked);
  assert.deepEqual(next, { checked: [{ label: "A", value: "a" }], value: ["a"] });
});

test("single: a missing value becomes null; a list in a single Dropdown is left alone", () => {
  assert.deepEqual(dropdownCheck({ options: ["a"], value: "c" }, undefined), { checked: ["a"], value: null });
  assert.deepEqual(dropdownCheck({ options: ["a"], value: ["c"] }, undefined), { checked: ["a"] });
  assert.deepEqual(dropdownCheck({ multi: true, options: ["a"], value: "c" }, undefined), { checked: ["a"], value: null });
});

test("dict options offer their keys; membership is SameValueZero", () => {
  assert.deepEqual(dropdownCheck({ options: { 1: "one" }, value: "1" }, undefined), { checked: { 1: "one" } });
  assert.deepEqual(dropdownCheck({ multi: true, options: [1, true], value: [1, "1", true, 1.0] }, undefined).value, [1, true, 1]);
  assert.deepEqual(dropdownCheck({ value: "x" }, undefined), { checked: [], value: null });
});

test("no check while searching, for empty values, or for options already checked", () => {
  assert.deepEqual(dropdownCheck({ options: ["a"], value: "c", search_value: "c" }, undefined), { checked: undefined });
  assert.deepEqual(dropdownCheck({ options: ["a"], value: null }, undefined), { checked: undefined });
  assert.deepEqual(dropdownCheck({ multi: true, options: ["a"], value: [] }, undefined), { checked: undefined });
  // checked with these options already: a value a callback sets later is kept, as in Dash
  assert.deepEqual(dropdownCheck({ options: ["a"], value: "zz" }, ["a"]), { checked: ["a"] });
});
