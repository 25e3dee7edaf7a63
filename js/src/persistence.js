/**
 * Persistence records in the browser: the page side of `persistence` / `persisted_props` /
 * `persistence_type` (the rules themselves run in the kernel, nbdash/_persistence.py, because the
 * kernel owns the tree the callbacks read; its docstring has the design).
 *
 * Records use Dash 4's keys and values (dash-renderer `persistence.js`):
 * `_dash_persistence.<id string>.<persisted prop>.<JSON of persistence>` → JSON `[new, original]`
 * (or `[new]`), in `localStorage` (`local`) or `sessionStorage` (`session`); `memory` records stay
 * in the kernel's session.
 *
 * - {@link readRecords}: every record of this page, sent with the view's `hello` so the kernel
 *   knows what this browser (and this tab) has kept;
 * - {@link writeRecords}: the records the kernel wrote or deleted (`persist` in `tree` / `patch`).
 *   A full or disabled storage is reported on the console (Dash: "… failed to save in
 *   localStorage. Persisted props may be lost.") and the app goes on.
 * - {@link dashPersistenceOf}: for the React-island host of component libraries: a component
 *   class's persistence defaults the way Dash's renderer finds them (`defaultProps`, else the
 *   `dashPersistence` static), to report to the kernel (`register_defaults` there).
 */

export const PREFIX = "_dash_persistence.";
/** Most characters of records sent in one hello (the kernel refuses more). */
export const MAX_RECORD_CHARS = 4 << 20;

const BACKENDS = /** @type {const} */ ({ local: "localStorage", session: "sessionStorage" });

/**
 * @param {"local" | "session"} kind
 * @param {any} [win]
 * @returns {Storage | null}
 */
function storageOf(kind, win = globalThis) {
  try {
    return win[BACKENDS[kind]] ?? null;
  } catch {
    return null; // storage disabled (sandboxed frame, privacy settings): nothing is kept
  }
}

/**
 * The page's persistence records, by storage; stops at {@link MAX_RECORD_CHARS}.
 * @param {any} [win]
 * @returns {{local: Record<string, string>, session: Record<string, string>}}
 */
export function readRecords(win = globalThis) {
  /** @type {{local: Record<string, string>, session: Record<string, string>}} */
  const out = { local: {}, session: {} };
  let total = 0;
  for (const kind of /** @type {const} */ (["local", "session"])) {
    const store = storageOf(kind, win);
    if (!store) continue;
    try {
      for (let i = 0; i < store.length; i++) {
        const key = store.key(i);
        if (key === null || !key.startsWith(PREFIX)) continue;
        const raw = store.getItem(key);
        if (raw === null) continue;
        total += key.length + raw.length;
        if (total > MAX_RECORD_CHARS) {
          console.warn(`nbdash: persisted props in ${BACKENDS[kind]} exceed ${MAX_RECORD_CHARS} characters; the rest is not restored`);
          return out;
        }
        out[kind][key] = raw;
      }
    } catch (e) {
      console.warn(`nbdash: could not read persisted props from ${BACKENDS[kind]}`, e);
    }
  }
  return out;
}

/**
 * Apply the kernel's record changes: text to store, `null` to delete.
 * @param {{local?: Record<string, string | null>, session?: Record<string, string | null>}} ops
 * @param {any} [win]
 */
export function writeRecords(ops, win = globalThis) {
  if (!ops || typeof ops !== "object") return;
  for (const kind of /** @type {const} */ (["local", "session"])) {
    const changes = ops[kind];
    if (!changes || typeof changes !== "object") continue;
    const store = storageOf(kind, win);
    if (!store) continue;
    for (const [key, raw] of Object.entries(changes)) {
      if (!key.startsWith(PREFIX)) continue;
      try {
        if (raw === null) store.removeItem(key);
        else if (typeof raw === "string") store.setItem(key, raw);
      } catch (e) {
        console.warn(`nbdash: ${key.slice(PREFIX.length)} failed to save in ${BACKENDS[kind]}. Persisted props may be lost.`, e);
      }
    }
  }
}

/**
 * A component class's persistence defaults as Dash's renderer reads them (`getProps`: a prop's
 * own value, else `defaultProps`, else the `dashPersistence` static — `defaultProps` wins when a
 * class has both, as in Dash). Null when the class declares neither default.
 * @param {any} Component
 * @returns {{persisted_props: string[], persistence_type: string} | null}
 */
export function dashPersistenceOf(Component) {
  if (!Component) return null;
  const source = Component.defaultProps || Component.dashPersistence || {};
  const persistedProps = source.persisted_props;
  const type = source.persistence_type;
  if (!Array.isArray(persistedProps) || typeof type !== "string") return null;
  return { persisted_props: persistedProps.filter((p) => typeof p === "string"), persistence_type: type };
}

/**
 * The `persistence_defaults` message the React-island host posts (once per class) when it first
 * resolves a library component class declaring persistence defaults; null when it declares none.
 * The kernel then persists that type's components with these defaults (nbdash/_persistence.py).
 * @param {string} namespace
 * @param {string} type
 * @param {any} Component
 */
export function defaultsMessage(namespace, type, Component) {
  const defaults = dashPersistenceOf(Component);
  return defaults && { type: "persistence_defaults", namespace, component: type, ...defaults };
}
