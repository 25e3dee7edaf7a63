import { test } from "node:test";
import assert from "node:assert/strict";
import { parseColor, toneOf } from "../src/page_tone.js";

test("the tone of the background an app's stylesheet paints", () => {
  assert.equal(toneOf("rgb(255, 255, 255)"), "light"); // Bootstrap's body
  assert.equal(toneOf("rgb(34, 34, 34)"), "dark"); // a dark Bootswatch theme
  assert.equal(toneOf("rgba(0, 0, 0, 0)"), null); // the app paints nothing: JupyterLab's theme decides
  assert.equal(toneOf("rgba(255, 255, 255, 0.2)"), null);
  assert.equal(toneOf("rgb(255 255 255 / 0.9)"), "light");
  assert.equal(toneOf("transparent"), null);
  assert.deepEqual(parseColor("rgba(1, 2, 3, 0.5)"), [1, 2, 3, 0.5]);
});
