// A view discards a callback result computed from inputs it changed since (js/src/window.js; the
// kernel half is nbdash/_window.py): `npm test`.
import { test } from "node:test";
import assert from "node:assert/strict";

const { ResultWindow } = await import("../src/window.js");

/** A view that has received a tree (no records before it) watching these Inputs. @param {any[]} inputs */
function windowWith(inputs) {
  const w = new ResultWindow();
  w.saw({ n: 1 });
  w.inputs = inputs;
  return w;
}
const INP = ["inp", "value"];
const MID = ["mid", "children"];

test("events are numbered for the view's life and carry the last patch number received", () => {
  const w = new ResultWindow();
  assert.deepEqual(w.next(["inp\0value"]), { seq: 1, ack: 0 });
  w.saw({ n: 4 });
  w.saw({ n: 3 }); // never backwards
  assert.deepEqual(w.next(["inp\0value"]), { seq: 2, ack: 4 });
});

test("a result whose Input the view changed after the call read it is discarded; others are applied", () => {
  const w = windowWith([INP, ["btn", "n_clicks"]]);
  w.next(["inp\0value"]); // seq 1: "a"
  w.next(["inp\0value"]); // seq 2: "ab", sent before the patch answering seq 1 arrived
  const changes = w.accept({
    n: 2, origin: { view: "v1", seq: 1 },
    changes: { mid: { children: "A" }, other: { children: "kept" } },
    results: [[null, {}, [0], [0]], [null, {}, [1], [1]]], // based on the origin event (seq 1)
  }, "v1");
  assert.deepEqual(changes, { other: { children: "kept" } });
  assert.equal(w.received, 2);
  // the answer to seq 2 is applied
  assert.deepEqual(w.accept({ n: 3, origin: { view: "v1", seq: 2 }, changes: { mid: { children: "AB" } }, results: [[null, {}, [0], [0]]] }, "v1"),
    { mid: { children: "AB" } });
});

test("downstream results of a discarded result are discarded, also in a later patch", () => {
  const w = windowWith([INP, MID, ["out", "children"]]);
  w.next(["inp\0value"]);
  w.next(["inp\0value"]);
  const first = w.accept({
    n: 2, origin: { view: "v1", seq: 1 },
    changes: { mid: { children: "A" }, out: { children: "got A" } },
    results: [[null, {}, [0], [0]], [1, {}, [1], [1]]],
  }, "v1");
  assert.deepEqual(first, {});
  const later = w.accept({ n: 3, origin: null, changes: { deep: { children: "x" } }, results: [[1, { v1: 2 }, [2], [0]]] }, "v1");
  assert.deepEqual(later, {});
});

test("another view's events, or events the call had already read, discard nothing", () => {
  const w = windowWith([INP]);
  w.next(["inp\0value"]); // seq 1
  const msg = { n: 2, origin: { view: "v1", seq: 1 }, changes: { mid: { children: "A" } }, results: [[null, { v2: 5 }, [0], [0]]] };
  assert.deepEqual(w.accept(msg, "v1"), { mid: { children: "A" } }); // based on seq 1 already
  const other = windowWith([INP]); // a second view that never typed
  assert.deepEqual(other.accept(msg, "v2"), { mid: { children: "A" } });
});

test("a prop written last by a kept result keeps its value; one written last by a discarded result is dropped", () => {
  const w = windowWith([INP, ["x", "value"]]);
  w.next(["inp\0value"]);
  w.next(["inp\0value"]);
  const msg = (/** @type {any[]} */ results) => ({ n: 2, origin: { view: "v1", seq: 1 }, changes: { out: { children: "last" } }, results });
  assert.deepEqual(w.accept(msg([[null, {}, [0], [0]], [null, {}, [1], [0]]]), "v1"), { out: { children: "last" } });
  assert.deepEqual(w.accept(msg([[null, {}, [1], [0]], [null, {}, [0], [0]]]), "v1"), {});
});

test("ALL-pattern Inputs match dict ids with the same keys and equal fixed values; MATCH Inputs come resolved", () => {
  const w = windowWith([[{ i: ["ALL"], type: "row" }, "value"], [{ i: ["ALL"], type: "col" }, "value"], [{ i: ["ALL"] }, "value"]]);
  w.next(['{"i":1,"type":"row"}\0value']);
  const msg = (/** @type {number} */ input) => ({ n: 2, origin: null, changes: { total: { children: 3 } }, results: [[null, {}, [input], [0]]] });
  assert.deepEqual(w.accept(msg(0), "v1"), {});
  assert.deepEqual(w.accept(msg(1), "v1"), { total: { children: 3 } });
  assert.deepEqual(w.accept(msg(2), "v1"), { total: { children: 3 } });
  // a MATCH Input resolved by the kernel, written with 1.0 where the page writes 1
  w.next(['{"i":2,"type":"row"}\0n']);
  const resolved = { n: 3, origin: null, changes: { t: { children: 1 } }, results: [[null, { v1: 1 }, [['{"i":2.0,"type":"row"}', "n"]], [0]]] };
  assert.deepEqual(w.accept(/** @type {any} */ (resolved), "v1"), {});
});

test("a patch without results, or a view that never sent an event, applies the patch whole; the rule holds before the first tree", () => {
  const changes = { out: { children: 1 } };
  const w = windowWith([INP]);
  assert.equal(w.accept({ n: 2, changes }, "v1"), changes);
  assert.equal(w.accept({ n: 3, changes, results: [[null, {}, [0], [0]]] }, "v1"), changes);
  const early = new ResultWindow(); // a view still showing its first-render tree numbers records too
  early.next(["inp\0value"]);
  early.next(["inp\0value"]);
  const stale = { n: 4, origin: { view: "v1", seq: 1 }, changes, results: /** @type {any} */ ([[null, {}, [["inp", "value"]], [0]]]) };
  assert.deepEqual(early.accept(stale, "v1"), {});
});
