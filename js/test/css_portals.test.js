// Portal twins of scoped rules (css_scope.js): content a library renders into document.body, marked
// with the app's scope by islands/portals.js, gets the app's stylesheets; nothing else does.
import { test } from "node:test";
import assert from "node:assert/strict";
import { portalSelector, scopeCss } from "../src/css_scope.js";

const S = '[data-nbdash-scope="s1"]';
const P = '[data-nbdash-portal="s1"]';
const IN = `:is(${P}, ${P} *)`;

test("a portal twin puts the marked node at or above the selector's first compound", () => {
  assert.equal(portalSelector(".modal", P), `.modal${IN}`);
  assert.equal(portalSelector(".modal .btn", P), `.modal${IN} .btn`);
  assert.equal(portalSelector(".modal-content>.x", P), `.modal-content${IN}>.x`);
  assert.equal(portalSelector("html body .y", P), `.y${IN}`);
  assert.equal(portalSelector("body > .x", P), `.x:is(${P})`); // a child of the body: the marked node itself
  assert.equal(portalSelector(".x::after", P), `.x${IN}::after`); // before the pseudo-element
  assert.equal(portalSelector(".btn:hover:before", P), `.btn:hover${IN}:before`);
  assert.equal(portalSelector("body", P), P);
  assert.equal(portalSelector(":root", P), P);
  assert.equal(portalSelector("html[dir=rtl] .x", P), null); // about the document, not the portal
  assert.equal(portalSelector("body.modal-open", P), null);
});

test("scoped sheets carry the twins; document rules give portal roots only inherited and custom properties", () => {
  const css = ":root{--bs-x:1;color:red;background:#fff}body{margin:0;font-family:a;background-color:#fff}.modal .btn{color:blue}";
  const out = scopeCss(css, S, { portal: P });
  assert.equal(out,
    `${S}{--bs-x:1;color:red;background:#fff}${P}{--bs-x:1;color:red}` +
    `${S}{margin:0;font-family:a;background-color:#fff}${P}{font-family:a}` +
    `${S} .modal .btn,.modal${IN} .btn{color:blue}`);
  assert.equal(scopeCss(".a{color:red}", S), `${S} .a{color:red}`); // without a portal selector: as before
});

test("CSS a library bundle injects keeps its variables on the document but restyles only nbdash apps", async () => {
  const { confineLibraryCss } = await import("../src/css_scope.js");
  const css = ":root,:host{color-scheme:var(--s);--a:1}*,*::before{box-sizing:border-box}body,:host{margin:0;line-height:1.5}" +
    ":root[data-mantine-color-scheme=dark]{--c:2;color-scheme:dark}.m_1{color:red}@media (min-width:1px){html{font-size:2px}.m_2{top:0}}";
  assert.equal(confineLibraryCss(css),
    ":root,:host{--a:1}:where(.nbdash-app, [data-nbdash-portal]) *,:where(.nbdash-app, [data-nbdash-portal]) *::before{box-sizing:border-box}" +
    ":root[data-mantine-color-scheme=dark]{--c:2}.m_1{color:red}@media (min-width:1px){.m_2{top:0}}");
});
