// Islands of a view's first tree kept for the kernel's equal tree (src/islands/park.js): which
// parked island a new node takes, equal prop values shared, unclaimed islands released.
import { test } from "node:test";
import assert from "node:assert/strict";
import { claim, noteOwnProps, park, shareEqualProps } from "../src/islands/park.js";

const grid = (rows) => ({ namespace: "dash_ag_grid", type: "AgGrid", props: { id: "g", rowData: rows, columnDefs: [{ field: "a" }], style: { height: 300 } } });
const card = (text) => ({
  namespace: "dash_bootstrap_components", type: "Card",
  props: { id: { type: "card", n: 1 }, children: [{ namespace: "dash_html_components", type: "P", props: { children: text, style: { color: "red" } } }] },
});

test("a new node takes the parked island of an equal node in the same view, once", () => {
  const view = {}, other = {};
  const released = [];
  const old = grid([{ a: 1 }]);
  park(view, { node: old, island: "I", release: () => released.push("I") });
  assert.equal(claim(other, grid([{ a: 1 }])), undefined); // another view
  assert.equal(claim(view, grid([{ a: 2 }])), undefined); // different data
  assert.equal(claim(view, { ...grid([{ a: 1 }]), props: { ...grid([{ a: 1 }]).props, id: "h" } }), undefined);
  const taken = claim(view, grid([{ a: 1 }]));
  assert.equal(taken.island, "I");
  assert.equal(claim(view, grid([{ a: 1 }])), undefined); // taken already
  return new Promise((resolve) => setTimeout(() => { assert.deepEqual(released, []); resolve(); }, 5));
});

test("an island no new node takes is released at the end of the task", async () => {
  const view = {};
  const released = [];
  park(view, { node: grid([]), island: "A", release: () => released.push("A") });
  park(view, { node: card("x"), island: "B", release: () => released.push("B") });
  assert.equal(claim(view, card("x")).island, "B");
  assert.deepEqual(released, []);
  await new Promise((resolve) => setTimeout(resolve, 5));
  assert.deepEqual(released, ["A"]);
});

test("equal prop values of the new node become the old objects; ids and component nodes stay the new tree's", () => {
  const old = grid([{ a: 1 }]), fresh = grid([{ a: 1 }]);
  fresh.props.columnDefs = [{ field: "b" }];
  shareEqualProps(old, fresh);
  assert.equal(fresh.props.rowData, old.props.rowData);
  assert.equal(fresh.props.style, old.props.style);
  assert.notEqual(fresh.props.columnDefs, old.props.columnDefs); // different: the new value stays
  const a = card("x"), b = card("x");
  shareEqualProps(a, b);
  assert.notEqual(b.props.id, a.props.id); // the renderer indexes ids
  assert.notEqual(b.props.children[0], a.props.children[0]); // and component nodes
  assert.equal(b.props.children[0].props.style, a.props.children[0].props.style); // their values are shared
});

test("props a component set on itself neither prevent a take-over nor are lost: they are replayed", () => {
  const view = {};
  const old = grid([{ a: 1 }]);
  old.props.columnState = [{ colId: "a", width: 200 }]; // AG Grid's setProps on mount
  noteOwnProps(old, { columnState: old.props.columnState });
  park(view, { node: old, island: "G", release: () => {} });
  const fresh = grid([{ a: 1 }]);
  assert.equal(claim(view, fresh).island, "G");
  const replay = shareEqualProps(old, fresh);
  assert.deepEqual(replay, [[fresh, { columnState: [{ colId: "a", width: 200 }] }]]);
  assert.equal(fresh.props.rowData, old.props.rowData);
  // a prop the kernel changed (not the component) still makes the nodes different
  const changed = grid([{ a: 1 }]);
  const older = grid([{ a: 2 }]);
  noteOwnProps(older, { columnState: [] });
  park(view, { node: older, island: "H", release: () => {} });
  assert.equal(claim(view, changed), undefined);
  // own props the new tree already has are not replayed
  const again = grid([{ a: 1 }]);
  again.props.columnState = [{ colId: "a", width: 200 }];
  assert.deepEqual(shareEqualProps(old, again), []);
});
