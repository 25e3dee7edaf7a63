// @import and assets files in app stylesheets: the page fetches and scopes imported URLs (css_scope's
// onImport, wrapImported) and turns the kernel's nbdash-file: references into blob: URLs (withFileUrls).
import { test } from "node:test";
import assert from "node:assert/strict";
import { importTarget, scopeCss, wrapImported } from "../src/css_scope.js";
import { withFileUrls } from "../src/app_assets.js";

const S = '[data-nbdash-scope="s1"]';

test("@import targets and conditions, in every form", () => {
  assert.deepEqual(importTarget('@import url("a.css") screen'), { url: "a.css", conditions: "screen" });
  assert.deepEqual(importTarget("@import url(b.css)"), { url: "b.css", conditions: "" });
  assert.deepEqual(importTarget("@import 'c.css' layer(x) print"), { url: "c.css", conditions: "layer(x) print" });
  assert.equal(importTarget("@import ;"), null);
});

test("imports go to onImport, resolved against the sheet's URL; without onImport they are dropped", () => {
  const seen = [];
  const css = '@charset "utf-8"; @import "theme.css" screen; @import url(https://fonts.example/f.css); .a{color:red}';
  const out = scopeCss(css, S, { base: "https://cdn.example/css/main.css", onImport: (url, c) => seen.push([url, c]) });
  assert.deepEqual(seen, [["https://cdn.example/css/theme.css", "screen"], ["https://fonts.example/f.css", ""]]);
  assert.equal(out, `${S} .a{color:red}`);
  const dropped = [];
  scopeCss(css, S, { onDropped: (w) => dropped.push(w) });
  assert.equal(dropped.length, 2);
  const nested = [];
  scopeCss("@media print{@import 'x.css';.b{}}", S, { onImport: (u) => nested.push(u), onDropped: (w) => nested.push(`dropped ${w}`) });
  assert.deepEqual(nested, ["dropped @import 'x.css'"]); // only at the top, as CSS allows
});

test("an imported sheet keeps its import's layer, supports and media conditions", () => {
  assert.equal(wrapImported(".a{}", ""), ".a{}");
  assert.equal(wrapImported(".a{}", "print"), "@media print{.a{}}");
  assert.equal(wrapImported(".a{}", "layer(base) supports(display: grid) screen and (min-width: 1px)"),
    "@media screen and (min-width: 1px){@supports (display: grid){@layer base{.a{}}}}");
  assert.equal(wrapImported(".a{}", "layer"), "@layer{.a{}}");
});

test("nbdash-file: references become blob: URLs, each file fetched once per page", async () => {
  globalThis.window ??= globalThis;
  const asked = [];
  const fetchAsset = async (name) => {
    asked.push(name);
    const buffers = [new DataView(new Uint8Array([1, 2, 3]).buffer)];
    Object.defineProperty(buffers, "meta", { value: { mime: "image/png" } });
    return buffers;
  };
  const css = '.a{background:url("nbdash-file:0123456789abcdef")}.b{background:url("nbdash-file:0123456789abcdef#x")}';
  const out = await withFileUrls(css, fetchAsset);
  const urls = [...out.matchAll(/url\("(blob:[^"#]+)(#x)?"\)/g)];
  assert.equal(urls.length, 2);
  assert.equal(urls[0][1], urls[1][1]);
  assert.equal(urls[1][2], "#x");
  await withFileUrls(css, fetchAsset);
  assert.deepEqual(asked, ["file:0123456789abcdef"]);
  assert.equal(await withFileUrls(".plain{}", fetchAsset), ".plain{}");
});
