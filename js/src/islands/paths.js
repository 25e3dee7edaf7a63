/** Dash's `_children_props` paths (`a`, `a.b`, `a[]`, `a[].b`, `a{}`): where components sit in a prop. */

/** Split a `_children_props` path: "a[].b" → ["a", "[]", "b"]. @param {string} path */
export function segments(path) {
  return path.split(/(\[\]|\{\})|\./).filter((s) => s);
}

/**
 * Apply `fn` to what a path names inside a value (new containers, the value itself untouched).
 * @param {any} value @param {string[]} segs @param {(v: any, trail: (string | number)[]) => any} fn
 * @param {(string | number)[]} trail
 */
export function mapPath(value, segs, fn, trail) {
  if (!segs.length) return fn(value, trail);
  const [s, ...rest] = segs;
  if (s === "[]") return Array.isArray(value) ? value.map((v, i) => mapPath(v, rest, fn, [...trail, i])) : value;
  if (s === "{}") {
    if (!value || typeof value !== "object") return value;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapPath(v, rest, fn, [...trail, k])]));
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) return value;
  return { ...value, [s]: mapPath(value[s], rest, fn, [...trail, s]) };
}

