/**
 * The kernel's host for clientside callbacks: bundled as the IIFE `nbdash/static/clientside.js` and
 * evaluated in an embedded V8 (mini-racer) by `nbdash/_clientside.py`.
 *
 * `window` is V8's global object (so asset files that write `window.dash_clientside.ns = {...}` work);
 * there is no DOM. `console.log/info/warn/error` lines and `dash_clientside.set_props` calls made
 * during a call are collected and handed back with its result, for the kernel to print (the app's
 * console panel) and apply (as Dash applies set_props: before the outputs).
 *
 * `__nbdash_clientside_run(json)` takes Dash's callback payload as JSON and returns the JSON
 * `{status, outputs, error, set_props, logs}`, or "" when the function returned a Promise: then
 * `__nbdash_clientside_wait()` returns a Promise of that JSON. Calls never overlap (the kernel holds
 * a lock).
 */
import { install, startCall } from "./runtime.js";

const g = /** @type {any} */ (globalThis);
g.window = g;
g.self = g;

/** @type {{id: any, props: any}[]} */
let sideUpdates = [];
/** @type {string[]} */
let logs = [];

install(g, (idOrPath, props) => {
  if (Array.isArray(idOrPath)) throw new Error("dash_clientside.set_props: nbdash takes a component id, not a layout path");
  sideUpdates.push({ id: idOrPath, props });
});

/** @param {any} value */
function show(value) {
  if (typeof value === "string") return value;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

const consoleLike = {};
for (const level of ["log", "info", "warn", "error", "debug"]) {
  /** @type {any} */ (consoleLike)[level] = (/** @type {any[]} */ ...args) => {
    logs.push(args.map(show).join(" "));
  };
}
g.console = consoleLike;

/** @param {any} result */
function answer(result) {
  result.set_props = sideUpdates;
  result.logs = logs;
  sideUpdates = [];
  logs = [];
  try {
    return JSON.stringify(result);
  } catch (e) {
    const message = `TypeError: the clientside function returned a value that is not JSON (${/** @type {any} */ (e).message})`;
    return JSON.stringify({ status: "error", error: { message, stack: message }, set_props: [], logs: result.logs });
  }
}

/** @type {Promise<any> | null} */
let pending = null;

/**
 * Start a call: the JSON answer when the function returned a plain value, else "" (the function
 * returned a Promise: `__nbdash_clientside_wait()` gives a Promise of the answer).
 * @param {string} json
 */
g.__nbdash_clientside_run = (json) => {
  sideUpdates = [];
  logs = [];
  const started = startCall(g, JSON.parse(json));
  if ("done" in started) return answer(started.done);
  pending = started.pending;
  return "";
};

g.__nbdash_clientside_wait = () => {
  const waiting = /** @type {Promise<any>} */ (pending);
  pending = null;
  return waiting.then(answer);
};
