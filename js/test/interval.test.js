// dcc.Interval's timer rules, as Dash's Interval.react.js and the headless driver's nbdash/_interval.py
// (js/src/components/invisible.js), through the real Renderer with node's fake timers: `npm test`.
import { test, mock, beforeEach, afterEach } from "node:test";
import assert from "node:assert/strict";

class FakeNode {
  constructor(/** @type {string} */ localName) { this.localName = localName; /** @type {FakeNode[]} */ this.children = []; }
  setAttribute() {}
  removeAttribute() {}
  addEventListener() {}
  append(/** @type {FakeNode[]} */ ...nodes) { this.children.push(...nodes); }
  replaceChildren(/** @type {FakeNode[]} */ ...nodes) { this.children = nodes; }
  replaceWith() {}
}
const g = /** @type {any} */ (globalThis);
g.document = { createElement: (/** @type {string} */ t) => new FakeNode(t), createComment: () => new FakeNode("#comment") };

const { Renderer } = await import("../src/renderer.js");
const { shouldRun } = await import("../src/components/invisible.js");

beforeEach(() => mock.timers.enable({ apis: ["setInterval"] }));
afterEach(() => mock.timers.reset());

/**
 * A view of one Interval; `ticks` lists [time ms, n_intervals] of what it sent; `kernel(props)`
 * applies a callback's patch (no origin), `echo()` the kernel's echo of the last tick.
 * @param {Record<string, any>} props @param {boolean} [leader]
 */
function interval(props, leader = true) {
  /** @type {[number, number][]} */
  const ticks = [];
  let now = 0;
  /** @type {any} */ let last = null;
  const host = { view: "v", post: (/** @type {any} */ m) => { last = m; ticks.push([now, m.props.n_intervals]); }, asset: async () => [], widgetManager: null };
  const tree = { type: "Interval", namespace: "dash_core_components", props: { id: "t", ...props } };
  const r = new Renderer(tree, host, { leader, fresh: true });
  r.render(tree);
  return {
    r, ticks,
    /** @param {number} ms */ advance(ms) { for (let i = 0; i < ms; i++) { now += 1; mock.timers.tick(1); } },
    /** @param {Record<string, any>} p */ kernel(p) { r.applyPatch({ t: p }, null); },
    echo() { r.applyPatch({ t: last.props }, { view: "v", seq: last.seq }); },
  };
}

test("shouldRun is Dash's: disabled, max_intervals 0, or n_intervals at the limit stop the timer", () => {
  assert.equal(shouldRun({}), true);
  assert.equal(shouldRun({ disabled: true }), false);
  assert.equal(shouldRun({ max_intervals: 0 }), false);
  assert.equal(shouldRun({ max_intervals: -1, n_intervals: 1e9 }), true);
  assert.equal(shouldRun({ max_intervals: 3, n_intervals: 2 }), true);
  assert.equal(shouldRun({ max_intervals: 3, n_intervals: 3 }), false);
});

test("ticks every interval and stops after max_intervals", () => {
  const t = interval({ interval: 100, n_intervals: 0, max_intervals: 3 });
  t.advance(1000);
  assert.deepEqual(t.ticks, [[100, 1], [200, 2], [300, 3]]);
});

test("a callback resetting n_intervals after the limit restarts the timer with a fresh phase", () => {
  const t = interval({ interval: 100, n_intervals: 0, max_intervals: 2 });
  t.advance(250); // ticks at 100, 200: stopped
  t.kernel({ n_intervals: 0 }); // at 250
  t.advance(400);
  assert.deepEqual(t.ticks, [[100, 1], [200, 2], [350, 1], [450, 2]]);
});

test("resetting n_intervals while the timer runs keeps its phase (Dash keeps the running timer)", () => {
  const t = interval({ interval: 100, n_intervals: 0 });
  t.advance(250);
  t.kernel({ n_intervals: 0 });
  t.advance(100);
  assert.deepEqual(t.ticks, [[100, 1], [200, 2], [300, 1]]);
});

test("max_intervals: raising it after the limit restarts; lowering it below n stops; a running timer keeps its phase", () => {
  const t = interval({ interval: 100, n_intervals: 0, max_intervals: 1 });
  t.advance(130); // tick at 100, stopped
  t.kernel({ max_intervals: 5 }); // at 130: starts afresh
  t.advance(250); // ticks at 230, 330
  t.kernel({ max_intervals: 10 }); // at 380, running: phase kept
  t.advance(50); // tick at 430
  t.kernel({ max_intervals: 2 }); // n is 4 now: stop
  t.advance(500);
  assert.deepEqual(t.ticks, [[100, 1], [230, 2], [330, 3], [430, 4]]);
});

test("disabled stops the timer; enabling starts it afresh", () => {
  const t = interval({ interval: 100, n_intervals: 0 });
  t.advance(150);
  t.kernel({ disabled: true });
  t.advance(300);
  t.kernel({ disabled: false }); // at 450
  t.advance(120);
  assert.deepEqual(t.ticks, [[100, 1], [550, 2]]);
});

test("a new interval always restarts the timer (new phase, new period); other props do not", () => {
  const t = interval({ interval: 100, n_intervals: 0 });
  t.advance(150);
  t.kernel({ interval: 40 }); // at 150
  t.advance(85);
  t.kernel({ interval: 40 }); // unchanged value: no patch, no restart
  t.kernel({ title: "x" }); // some other prop
  t.advance(40);
  assert.deepEqual(t.ticks, [[100, 1], [190, 2], [230, 3], [270, 4]]);
});

test("the kernel's echo of a tick does not disturb the timer", () => {
  const t = interval({ interval: 100, n_intervals: 0, max_intervals: 3 });
  t.advance(130);
  t.echo();
  t.advance(500);
  assert.deepEqual(t.ticks, [[100, 1], [200, 2], [300, 3]]);
});

test("only the leader ticks; leadership moving starts and stops the timer", () => {
  const t = interval({ interval: 100, n_intervals: 0 }, false);
  t.advance(250);
  assert.deepEqual(t.ticks, []);
  t.r.setLeader(true); // at 250
  t.advance(200);
  t.r.setLeader(false);
  t.advance(300);
  assert.deepEqual(t.ticks, [[350, 1], [450, 2]]);
});

test("a disposed Interval stops ticking", () => {
  const t = interval({ interval: 100, n_intervals: 0 });
  t.advance(100);
  t.r.dispose();
  t.advance(300);
  assert.deepEqual(t.ticks, [[100, 1]]);
});
