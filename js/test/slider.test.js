// Slider / RangeSlider pure logic against Dash 4's dash-core-components `utils/computeSliderMarkers.ts`
// and `fragments/RangeSlider.tsx`. Expected values are worked out by hand from Dash's algorithm
// (label chars → marks that fit the length → "nice" multiple of the step → inner marks, min, max).
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  autoMarks, shownMarks, markLabel, markText, defaultStep, bounds, rules,
  fraction, selectionSpan, dotValues, tooltipText, tooltipTransform, tooltipPosition, keyMove,
} from "../src/components/slider.js";

/** @param {Record<string, any> | null} marks */
const positions = (marks) => Object.keys(marks ?? {}).map(Number).sort((a, b) => a - b);

test("dcc.Slider(0, 20, 5) gets the marks 0, 5, 10, 15, 20 as in Dash", () => {
  // labels "0"/"20": 2 chars → 40px per mark; at 330px 9 marks → interval 2.5 → 0.5 step → at least 1 step
  assert.deepEqual(autoMarks(0, 20, 5, 330), { 0: "0", 5: "5", 10: "10", 15: "15", 20: "20" });
  assert.deepEqual(autoMarks(0, 20, 5, 800), { 0: "0", 5: "5", 10: "10", 15: "15", 20: "20" });
  assert.deepEqual(autoMarks(0, 20, 5, null), { 0: "0", 5: "5", 10: "10", 15: "15", 20: "20" }); // 330 when unknown
  // 100px: 3 marks → interval 10
  assert.deepEqual(autoMarks(0, 20, 5, 100), { 0: "0", 10: "10", 20: "20" });
});

test("mark density follows the track length (Dash's own unit-test cases)", () => {
  // 0-100 step 5 at 330px: 3 chars → 50px → 7 marks → 16.7 → ×3.33 → nice 2.5 → round(2.5) = 3 steps = 15
  assert.deepEqual(positions(autoMarks(0, 100, 5, 330)), [0, 15, 30, 45, 60, 75, 90, 100]);
  assert.deepEqual(positions(autoMarks(0, 100, 5, 100)), [0, 50, 100]);
  assert.ok(positions(autoMarks(0, 100, 5, 660)).length > 8);
  // 0-10 step 1 at 330px: 2 chars → 8 marks → 1.43 → nice 1 → every integer; the last inner mark (9)
  // is not dropped (10 - 8 > 1.5)
  assert.deepEqual(positions(autoMarks(0, 10, 1, 330)), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
});

test("the last inner mark is dropped when it would crowd max", () => {
  // 0-1 step 0.1 at 330px: 30px per mark → 12 → every step; the float cursor reaches 0.9999… (< 1),
  // aligned to 1, then dropped because 1 - 0.9 <= 1.5 × 0.1
  const marks = autoMarks(0, 1, 0.1, 330);
  assert.deepEqual(positions(marks), [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
  assert.equal(marks["0.3"], "0.3"); // aligned to the step's decimals, not 0.30000000000000004
  // 0-23 step 1 at 100px: 3 marks → 11.5 → nice 10 → inner 10, 20; 23 - 10 <= 15 drops 20
  assert.deepEqual(positions(autoMarks(0, 23, 1, 100)), [0, 10, 23]);
  // 0-26: 26 - 10 > 15 keeps 20
  assert.deepEqual(positions(autoMarks(0, 26, 1, 100)), [0, 10, 20, 26]);
  // 0-22 step 1 at 330px: 8 marks → 3.14 → nice 2.5 → round = 3 → 3..21; 22 - 18 <= 4.5 drops 21
  assert.deepEqual(positions(autoMarks(0, 22, 1, 330)), [0, 3, 6, 9, 12, 15, 18, 22]);
});

test("large and tiny values get compact SI labels (d3-format 1.x formatPrefix(',.0', mean))", () => {
  // "100k" is 4 chars → 60px → 6 marks → interval 20000
  assert.deepEqual(autoMarks(0, 100000, 1000, 330), {
    0: "0", 20000: "20k", 40000: "40k", 60000: "60k", 80000: "80k", 100000: "100k",
  });
  assert.equal(markLabel(9999, 0, 20000), "9999"); // below 10^4: plain
  assert.equal(markLabel(-20000, -20000, 20000), "-20k"); // d3-format 1.x minus is a hyphen
  assert.equal(markLabel(1500000, 0, 2000000), "2M");
  assert.equal(markLabel(1234567, 0, 2000), "1,235k"); // prefix from the range, thousands grouped
  assert.equal(markLabel(0.0005, 0, 0.001), "500µ");
  assert.equal(markLabel(0.5, 0, 1), "0.5");
  assert.equal(markLabel(0, -1e6, 1e6), "0");
});

test("marks=None shows none, missing or {} marks are generated, given marks are kept inside [min, max]", () => {
  assert.equal(shownMarks({ min: 0, max: 20, step: 5, marks: null }), null);
  assert.deepEqual(positions(shownMarks({ min: 0, max: 20, step: 5 }, 330)), [0, 5, 10, 15, 20]);
  assert.deepEqual(positions(shownMarks({ min: 0, max: 20, step: 5, marks: {} }, 330)), [0, 5, 10, 15, 20]);
  const given = { 0: "a", 10: { label: "b", style: { color: "red" } }, 30: "out" };
  assert.deepEqual(shownMarks({ min: 0, max: 20, marks: given }), { 0: "a", 10: { label: "b", style: { color: "red" } } });
  // none left in range → generated
  assert.deepEqual(positions(shownMarks({ min: 0, max: 20, step: 5, marks: { 50: "x" } }, 330)), [0, 5, 10, 15, 20]);
  // no min/max: the marks' extremes
  assert.deepEqual(bounds({ marks: { 2: "a", 8: "b" } }), { min: 2, max: 8 });
  assert.deepEqual(bounds({}), { min: 0, max: 1 });
});

test("mark text: a string as is, else the label, else the position", () => {
  assert.equal(markText("5", "five"), "five");
  assert.equal(markText("5", { label: "L", style: {} }), "L");
  assert.equal(markText("5", { style: {} }), "5");
  assert.equal(markText("2.50", 7), "2.5");
});

test("default step: Dash's calcStep (1, 2 or 5 × 10^n nearest a hundredth of the range)", () => {
  assert.equal(defaultStep(0, 20, undefined), 0.2);
  assert.equal(defaultStep(0, 30, undefined), 0.2);
  assert.equal(defaultStep(0, 1000, undefined), 10);
  assert.equal(defaultStep(0, 1, null), 0.01);
  assert.equal(defaultStep(undefined, 10, undefined), 1);
  assert.equal(defaultStep(0, 10, 3), 3);
});

test("typed values: valid only in range and on a step; leaving the box clamps and rounds", () => {
  const r = rules({ min: 1, max: 20, step: 1 });
  assert.equal(r.valid(4), true);
  assert.equal(r.valid(42), false);
  assert.equal(r.valid(Number.NaN), false);
  assert.equal(r.constrain(42), 20);
  assert.equal(r.constrain(-20), 1);
  const five = rules({ min: -20, max: 20, step: 5 });
  assert.equal(five.valid(-15), true);
  assert.equal(five.valid(4), false);
  assert.equal(five.constrain(4), 5); // -20 + round(24 / 5) × 5
  const tenths = rules({ min: 0, max: 1, step: 0.1 });
  assert.equal(tenths.constrain(0.36), 0.4);
  assert.equal(tenths.valid(0.3), true);
  const marks = rules({ min: 0, max: 10, step: null, marks: { 0: "a", 3: "b", 10: "c" } });
  assert.equal(marks.valid(5), false);
  assert.equal(marks.valid(3), true);
  assert.equal(marks.constrain(6), 3);
  assert.equal(marks.constrain(7), 10);
});

// tooltip / dots / reverse against Dash 4's utils/formatSliderTooltip.ts, utils/sliderTooltip.tsx,
// utils/sliderRendering.tsx and Radix's inverted slider (BACK_KEYS)

test("tooltip template: the first {value} is replaced, default template is the value", () => {
  assert.equal(tooltipText({}, 5), "5");
  assert.equal(tooltipText({ template: "" }, 0.5), "0.5");
  assert.equal(tooltipText({ template: "{value} °C" }, 12), "12 °C");
  assert.equal(tooltipText({ template: "{value}-{value}" }, 3), "3-{value}"); // ramda replace: first only
  assert.equal(tooltipText({ template: "$& {value} $1" }, 3), "$& 3 $1"); // no replacement patterns
  assert.equal(tooltipText({ template: "no placeholder" }, 3), "no placeholder");
});

test("tooltip transform: a window.dccFunctions function when the page has one, else the plain value", () => {
  const page = { dccFunctions: { times10: (/** @type {number} */ v) => v * 10, units: { pct: (/** @type {number} */ v) => `${v}%` } } };
  assert.equal(tooltipText({ transform: "times10", template: "= {value}" }, 4, page), "= 40");
  assert.equal(tooltipText({ transform: "units.pct" }, 4, page), "4%");
  assert.equal(tooltipText({ transform: "missing" }, 4, page), "4");
  assert.equal(tooltipText({ transform: "times10" }, 4, {}), "4");
  // only own properties under dccFunctions: no reaching Object.prototype / Function
  assert.equal(tooltipTransform("constructor", page), undefined);
  assert.equal(tooltipTransform("times10.constructor", page), undefined);
  assert.equal(tooltipTransform("toString", page), undefined);
});

test("tooltip placement as Dash's Tooltip: top/bottom/centre × left/right/centre, default top", () => {
  assert.deepEqual(tooltipPosition(undefined), { bottom: "calc(100% + 4px)", left: "50%", transform: "translateX(-50%)" });
  assert.deepEqual(tooltipPosition("bottom"), { top: "calc(100% + 4px)", left: "50%", transform: "translateX(-50%)" });
  assert.deepEqual(tooltipPosition("left"), { top: "50%", right: "calc(100% + 4px)", transform: "translateY(-50%)" });
  assert.deepEqual(tooltipPosition("right"), { top: "50%", left: "calc(100% + 4px)", transform: "translateY(-50%)" });
  assert.deepEqual(tooltipPosition("topLeft"), { bottom: "calc(100% + 4px)", right: "calc(100% + 4px)", transform: "" });
  assert.deepEqual(tooltipPosition("bottomRight"), { top: "calc(100% + 4px)", left: "calc(100% + 4px)", transform: "" });
});

test("positions along the track, reversed: max at the start", () => {
  assert.equal(fraction(0, 0, 10), 0);
  assert.equal(fraction(10, 0, 10), 1);
  assert.equal(fraction(2.5, 0, 10), 0.25);
  assert.equal(fraction(0, 0, 10, true), 1);
  assert.equal(fraction(10, 0, 10, true), 0);
  assert.equal(fraction(2.5, 0, 10, true), 0.75);
  assert.equal(fraction(15, 5, 25, true), 0.5);
  assert.equal(fraction(-3, 0, 10), 0); // clamped like Radix
  assert.equal(fraction(3, 3, 3), 0); // empty range
});

test("dots: one per step from min, only for steps above 1 and at most 100 dots", () => {
  assert.deepEqual(dotValues(5, 0, 20), [0, 5, 10, 15, 20]);
  assert.deepEqual(dotValues(3, 0, 10), [0, 3, 6, 9]);
  assert.deepEqual(dotValues(1, 0, 10), []);
  assert.deepEqual(dotValues(0.5, 0, 10), []);
  assert.deepEqual(dotValues(undefined, 0, 10), []);
  assert.equal(dotValues(2, 0, 198).length, 100);
  assert.deepEqual(dotValues(2, 0, 200), []); // 101 dots
});

test("keys as Radix: reversed sliders swap left/right (horizontal) and up/down (vertical)", () => {
  assert.equal(keyMove("ArrowRight", false, false, false), 1);
  assert.equal(keyMove("ArrowLeft", false, false, false), -1);
  assert.equal(keyMove("ArrowRight", false, false, true), -1);
  assert.equal(keyMove("ArrowLeft", false, false, true), 1);
  assert.equal(keyMove("ArrowUp", false, false, true), 1);
  assert.equal(keyMove("ArrowDown", false, false, true), -1);
  assert.equal(keyMove("ArrowUp", false, true, false), 1);
  assert.equal(keyMove("ArrowUp", false, true, true), -1);
  assert.equal(keyMove("ArrowDown", false, true, true), 1);
  assert.equal(keyMove("ArrowLeft", false, true, true), -1);
  assert.equal(keyMove("PageUp", false, false, true), 10);
  assert.equal(keyMove("PageDown", false, false, true), -10);
  assert.equal(keyMove("ArrowLeft", true, false, true), 10);
  assert.equal(keyMove("Home", false, false, true), "min");
  assert.equal(keyMove("End", false, false, true), "max");
  assert.equal(keyMove("a", false, false, true), null);
});

test("the selection runs from min to a Slider's handle and between a RangeSlider's handles", () => {
  assert.deepEqual(selectionSpan([5], 0, 10), { start: 0, end: 0.5 });
  // reversed: min is on the right, so the bar runs from the handle to the right end
  assert.deepEqual(selectionSpan([2], 0, 10, true), { start: 0.8, end: 1 });
  // two handles: only between them, whatever their order (handles can cross while dragging)
  assert.deepEqual(selectionSpan([5, 15], 0, 20), { start: 0.25, end: 0.75 });
  assert.deepEqual(selectionSpan([15, 5], 0, 20), { start: 0.25, end: 0.75 });
  assert.deepEqual(selectionSpan([4, 10], 0, 20, true), { start: 0.5, end: 0.8 });
  // equal handles: an empty bar; values outside [min, max] clamp to the ends
  assert.deepEqual(selectionSpan([7, 7], 0, 10), { start: 0.7, end: 0.7 });
  assert.deepEqual(selectionSpan([-5, 30], 0, 20), { start: 0, end: 1 });
  assert.deepEqual(selectionSpan([], 0, 20), { start: 0, end: 0 });
});
