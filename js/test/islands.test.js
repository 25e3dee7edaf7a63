// Unit tests of the library-component support that needs no DOM: stylesheet scoping, which props
// go to the kernel at once and which are held back, Dash's layout paths, children-prop paths.
import { test } from "node:test";
import assert from "node:assert/strict";
import { scopeCss, scopeSelector, splitSelectors } from "../src/css_scope.js";
import { IslandStore, pathsOf, pathOf } from "../src/islands/store.js";
import { Mirror, registerChildrenProps, componentProps } from "../src/mirror.js";
import { mapPath, segments } from "../src/islands/paths.js";

const S = '[data-nbdash-scope="s1"]';

test("selectors go under the app's scope; :root, html and body become the scope", () => {
  assert.equal(scopeSelector(".btn", S), `${S} .btn`);
  assert.equal(scopeSelector("body", S), S);
  assert.equal(scopeSelector(":root", S), S);
  assert.equal(scopeSelector("html body .x > p", S), `${S} .x > p`);
  assert.equal(scopeSelector("html[data-bs-theme=dark] .card", S), `${S}[data-bs-theme=dark] .card`);
  assert.equal(scopeSelector("body > .row", S), `${S}> .row`);
  assert.equal(scopeSelector(".body-text", S), `${S} .body-text`);
  assert.equal(scopeSelector("bodyx", S), `${S} bodyx`);
  assert.deepEqual(splitSelectors(':root, [data-bs-theme="a,b"], a:is(.x, .y)'), [":root", '[data-bs-theme="a,b"]', "a:is(.x, .y)"]);
});

test("a whole sheet: rules, @media inside, @font-face/@keyframes kept, @import dropped and reported", () => {
  const dropped = [];
  const css = `@charset "utf-8"; @import url(x.css);
    /* a comment { with braces } */
    :root, [data-bs-theme=light] { --bs-blue: #0d6efd; }
    body { margin: 0; font-family: "a,b"; }
    .row > * { padding: 0 }
    @media (min-width: 576px) { .col-sm { flex: 1 0 0% } .a, .b { x: y } }
    @font-face { font-family: f; src: url(f.woff2) }
    @keyframes spin { from { transform: rotate(0) } to { transform: rotate(1turn) } }
    .content::after { content: "}" }`;
  const out = scopeCss(css, S, { base: "https://cdn.example/css/bootstrap.css", onDropped: (w) => dropped.push(w) });
  assert.ok(out.includes(`${S},${S} [data-bs-theme=light]{ --bs-blue: #0d6efd; }`), out);
  assert.ok(out.includes(`${S}{ margin: 0; font-family: "a,b"; }`));
  assert.ok(out.includes(`${S} .row > *{`));
  assert.ok(out.includes(`@media (min-width: 576px){${S} .col-sm{ flex: 1 0 0% }${S} .a,${S} .b{ x: y }}`));
  assert.ok(out.includes("@font-face{ font-family: f; src: url(https://cdn.example/css/f.woff2) }"));
  assert.ok(out.includes("@keyframes spin{ from { transform: rotate(0) } to { transform: rotate(1turn) } }"));
  assert.ok(out.includes(`${S} .content::after{ content: "}" }`));
  assert.ok(!out.includes("comment") && !out.includes("@charset") && !out.includes("@import"));
  assert.deepEqual(dropped, ["@import url(https://cdn.example/css/x.css)"]);
  // nothing in the output selects outside the scope
  const plain = scopeCss(css.replace('content: "}"', "content: none"), S);
  for (const rule of plain.replace(/@(media|font-face|keyframes)[^{]*\{/g, "").split("}")) {
    const selector = rule.split("{")[0].trim();
    if (selector && !/^(from|to)$/.test(selector) && !selector.startsWith("font-family")) {
      for (const part of splitSelectors(selector)) assert.ok(part.startsWith(S), `${part} escapes the scope`);
    }
  }
});

/** A renderer stand-in recording what would be sent. */
function fakeRenderer(tree) {
  const sent = [];
  return {
    mirror: new Mirror(tree),
    loading: new Map(),
    onLoading: () => () => {},
    send(node, props) { sent.push([Mirror.idOf(node), props]); },
    hold() {},
    sent,
  };
}

test("only props a callback watches go to the kernel at once; the rest follow before the next event", async () => {
  const table = { type: "DataTable", namespace: "dash_table", props: { id: "t", data: [], active_cell: null } };
  const grid = { type: "AgGrid", namespace: "dash_ag_grid", props: { id: { type: "grid", i: 1 }, rowData: [] } };
  const r = fakeRenderer({ type: "Div", namespace: "dash_html_components", props: { children: [table, grid] } });
  const store = new IslandStore(/** @type {any} */ (r));
  store.setInputs([["t", "active_cell"], [{ type: "grid", i: ["ALL"] }, "cellClicked"]]);
  assert.ok(store.isWatched(table, "active_cell") && !store.isWatched(table, "derived_virtual_data"));
  assert.ok(store.isWatched(grid, "cellClicked") && !store.isWatched(grid, "virtualRowData"));

  store.userChange(table, { derived_virtual_data: [1], data: [] }); // data unchanged: dropped
  store.userChange(grid, { virtualRowData: [2] });
  assert.deepEqual(r.sent, []);
  assert.deepEqual(table.props.derived_virtual_data, [1]); // the mirror has it (State reads it)
  store.userChange(table, { active_cell: { row: 0, column: 0 } });
  assert.deepEqual(r.sent, [
    [grid.props.id && Mirror.idOf(grid), { virtualRowData: [2] }],
    ["t", { derived_virtual_data: [1], active_cell: { row: 0, column: 0 } }],
  ]);
  store.userChange(table, { active_cell: { row: 0, column: 0 } }); // equal: nothing
  assert.equal(r.sent.length, 2);

  store.userChange(table, { sort_by: [{ column_id: "a", direction: "asc" }] }); // held back ...
  await new Promise((resolve) => setTimeout(resolve, 400)); // ... until a quiet spell
  assert.deepEqual(r.sent[2], ["t", { sort_by: [{ column_id: "a", direction: "asc" }] }]);
  store.dispose();
});

test("layout paths are Dash's; library children props are indexed", () => {
  registerChildrenProps("dash_bootstrap_components", { AccordionItem: ["title"], Tabs: null });
  const title = { type: "Span", namespace: "dash_html_components", props: { id: "ttl" } };
  const item = { type: "AccordionItem", namespace: "dash_bootstrap_components", props: { id: "it", title, children: "body" } };
  const root = { type: "Div", namespace: "dash_html_components", props: { children: [{ type: "Accordion", namespace: "dash_bootstrap_components", props: { children: [item] } }] } };
  assert.deepEqual(componentProps(item), ["children", "title"]);
  const mirror = new Mirror(root);
  assert.equal(mirror.get("ttl"), title);
  const paths = pathsOf(root);
  assert.deepEqual(paths.get("it").path, ["props", "children", 0, "props", "children", 0]);
  assert.deepEqual(paths.get("ttl").path, ["props", "children", 0, "props", "children", 0, "props", "title"]);
  assert.deepEqual(pathOf(root, item), ["props", "children", 0, "props", "children", 0]);
});

test("children-prop paths: a, a.b, a[], a[].b, a{}", () => {
  assert.deepEqual(segments("a[].b"), ["a", "[]", "b"]);
  assert.deepEqual(segments("a{}"), ["a", "{}"]);
  const seen = [];
  const fn = (v, trail) => { seen.push(trail.join("/")); return `<${v}>`; };
  assert.deepEqual(mapPath([{ b: 1, c: 0 }, { b: 2 }], ["[]", "b"], fn, ["a"]), [{ b: "<1>", c: 0 }, { b: "<2>" }]);
  assert.deepEqual(mapPath({ x: 1, y: 2 }, ["{}"], fn, ["o"]), { x: "<1>", y: "<2>" });
  assert.deepEqual(mapPath({ b: 3 }, ["b"], fn, ["a"]), { b: "<3>" });
  assert.deepEqual(seen, ["a/0/b", "a/1/b", "o/x", "o/y", "a/b"]);
});

test("a patch re-renders the node it changed, and ancestors that follow their children (dashChildrenUpdate)", () => {
  const tab = { type: "Tab", namespace: "lib", props: { id: "tab", label: "A" } };
  const tabs = { type: "Tabs", namespace: "lib", props: { id: "tabs", children: [tab] } };
  const other = { type: "Badge", namespace: "lib", props: { id: "other" } };
  const r = fakeRenderer({ type: "Div", namespace: "dash_html_components", props: { children: [tabs, other] } });
  const store = new IslandStore(/** @type {any} */ (r));
  globalThis.lib = { Tabs: Object.assign(() => null, { dashChildrenUpdate: true }), Tab: () => null, Badge: () => null };
  store.parents.set(tab, tabs);
  const rendered = [];
  for (const node of [tab, tabs, other]) store.subscribeNode(node, () => rendered.push(node.props.id));
  store.changed(tab, "callback");
  assert.deepEqual(rendered, ["tab", "tabs"]);
  assert.equal(store.renderKinds.get(tab), "callback");
  rendered.length = 0;
  store.changed(other, "internal");
  assert.deepEqual(rendered, ["other"]);
  delete globalThis.lib;
  store.dispose();
});
