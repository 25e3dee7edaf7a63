// Build the anywidget ES module and stylesheet into ../nbdash/static (committed, so `pip install`
// needs no Node). `node build.mjs --check` rebuilds into a temporary folder and fails if the
// committed files differ (CI runs it).
import * as esbuild from "esbuild";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const target = join(here, "..", "nbdash", "static");
const check = process.argv.includes("--check");
const out = check ? mkdtempSync(join(tmpdir(), "nbdash-static-")) : target;

const common = { bundle: true, minify: true, legalComments: "none", logLevel: "warning", target: ["es2020"] };
await esbuild.build({ ...common, entryPoints: [join(here, "src", "index.js")], format: "esm", outfile: join(out, "widget.js") });
await esbuild.build({ ...common, entryPoints: [join(here, "src", "style.css")], outfile: join(out, "widget.css") });
// The kernel's clientside-callback host (mini-racer), see js/src/clientside/v8.js
await esbuild.build({ ...common, entryPoints: [join(here, "src", "clientside", "v8.js")], format: "iife", outfile: join(out, "clientside.js") });

if (check) {
  const same = (/** @type {string} */ name) => {
    try {
      return readFileSync(join(out, name)).equals(readFileSync(join(target, name)));
    } catch {
      return false; // not committed yet
    }
  };
  const stale = ["widget.js", "widget.css", "clientside.js"].filter((name) => !same(name));
  rmSync(out, { recursive: true, force: true });
  if (stale.length) {
    console.error(`nbdash/static is stale (${stale.join(", ")}): run \`cd js && npm ci && npm run build\` and commit the result.`);
    process.exit(1);
  }
  console.log("nbdash/static matches js/src.");
}
