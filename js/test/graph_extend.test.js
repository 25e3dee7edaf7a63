// dcc.Graph extendData / prependData in the browser: `amendFigure` must give exactly what the
// kernel's `apply_ops` (nbdash/_extend.py) gives. The cases (and their expected figures) are in
// amend_cases.json, which tests/test_extend.py runs through the kernel side too.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { amendFigure, decodeTyped, AMEND_KEY } from "../src/components/graph.js";

const cases = JSON.parse(readFileSync(new URL("./amend_cases.json", import.meta.url), "utf8"));

for (const { name, figure, ops, expected } of cases) {
  test(`amendFigure: ${name}`, () => {
    const before = structuredClone(figure);
    assert.deepEqual(amendFigure(figure, ops), expected);
    assert.deepEqual(figure, before); // the mirror's old figure is never changed in place
  });
}

test("the kernel's patch key", () => {
  assert.equal(AMEND_KEY, "_nbdash_amend");
});

test("typed arrays already decoded by plotly.js extend like lists", () => {
  const figure = { data: [{ y: new Float64Array([1, 2]) }] };
  assert.deepEqual(amendFigure(figure, [["extend", { y: [[3]] }, [0], 2]]).data[0].y, [2, 3]);
});

test("decodeTyped reads plotly's dtype/bdata/shape", () => {
  // numpy.array([[1, -2, 3], [4, 5, 6]], dtype="int16"), as plotly.py encodes it
  const spec = { dtype: "i2", bdata: "AQD+/wMABAAFAAYA", shape: "2, 3" };
  assert.deepEqual(decodeTyped(spec), [[1, -2, 3], [4, 5, 6]]);
  assert.deepEqual(decodeTyped({ dtype: "u1", bdata: "AQL/" }), [1, 2, 255]);
});
