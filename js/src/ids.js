/**
 * Dash id strings, exactly as the kernel writes them (nbdash.dependencies.stringify_id): string ids
 * unchanged; dict ids as JSON with sorted keys, no spaces, and non-ASCII escaped like Python's
 * json.dumps. Patches are keyed by these strings and events name components by them.
 */

/** @param {unknown} value */
function pyJson(value) {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
}

/**
 * @param {unknown} id  a component's `id` prop
 * @returns {string | undefined}
 */
export function stringifyId(id) {
  if (typeof id === "string") return id;
  if (id && typeof id === "object" && !Array.isArray(id)) {
    const keys = Object.keys(id).sort();
    return "{" + keys.map((k) => pyJson(k) + ":" + pyJson(/** @type {any} */ (id)[k])).join(",") + "}";
  }
  return undefined;
}

/**
 * The JavaScript spelling of a kernel id string (Python writes `1.0` where JSON.parse gives `1`).
 * @param {string} key
 */
export function canonicalId(key) {
  if (!key.startsWith("{")) return key;
  try {
    return stringifyId(JSON.parse(key)) ?? key;
  } catch {
    return key;
  }
}
