/**
 * The wire protocol between a view and the kernel (the Python side is nbdash/_protocol.py, whose
 * docstring lists every message). Bump PROTOCOL on both sides whenever a message changes shape.
 */

/** Protocol version this front end speaks; the kernel's must be the same. */
export const PROTOCOL = 4;

/**
 * A component in Dash's JSON shape.
 * @typedef {{type: string, namespace: string, props: Record<string, any>}} ComponentNode
 */

/**
 * Kernel → view messages.
 * @typedef {{type: "tree", protocol: number, view: string | null, tree: ComponentNode, leader: string | null, fresh: boolean, loading: [string, string][], persist?: PersistOps,
 *   inputs?: [any, string][], assets?: import("./app_assets.js").Manifest, children_props?: Record<string, Record<string, string[]>>, clientside?: any, n?: number}} TreeMsg
 * @typedef {{local?: Record<string, string | null>, session?: Record<string, string | null>}} PersistOps
 * @typedef {{type: "patch", changes: Record<string, Record<string, any>>, origin: {view: string, seq: number} | null, persist?: PersistOps, n?: number,
 *   results?: import("./window.js").ResultRecord[]}} PatchMsg
 * @typedef {{type: "loading", props: [string, string][], loading: boolean}} LoadingMsg
 * @typedef {{type: "error", callback: string, message: string, traceback: string}} ErrorMsg
 * @typedef {{type: "console", callback: string, chunks: [string, string][]}} ConsoleMsg
 * @typedef {{type: "warning", message: string, view: string | null}} WarningMsg
 * @typedef {{type: "asset", name: string, error?: string}} AssetMsg
 * @typedef {{type: "inputs", inputs: [any, string][]}} InputsMsg
 * @typedef {{type: "leader", leader: string | null}} LeaderMsg
 * @typedef {{type: "mismatch", protocol: number, view: string, message: string}} MismatchMsg
 * @typedef {{type: "clientside", call: number, view: string, payload: any}} ClientsideMsg
 * @typedef {TreeMsg | PatchMsg | LoadingMsg | ConsoleMsg | ErrorMsg | WarningMsg | AssetMsg | InputsMsg | LeaderMsg | MismatchMsg | ClientsideMsg} KernelMsg
 */

/** A short random id naming one view in messages. */
export function newViewId() {
  return "v" + Math.random().toString(36).slice(2, 10);
}
