/**
 * Dash's `style` dicts (React style objects) on DOM elements: camelCase names become CSS names,
 * numbers get `px` except for unitless properties (React's rules), `--custom` names pass through,
 * a trailing `!important` is honoured.
 */

const UNITLESS = new Set([
  "animationIterationCount", "aspectRatio", "borderImageOutset", "borderImageSlice", "borderImageWidth",
  "boxFlex", "boxFlexGroup", "boxOrdinalGroup", "columnCount", "columns", "flex", "flexGrow", "flexPositive",
  "flexShrink", "flexNegative", "flexOrder", "gridArea", "gridRow", "gridRowEnd", "gridRowSpan", "gridRowStart",
  "gridColumn", "gridColumnEnd", "gridColumnSpan", "gridColumnStart", "fontWeight", "lineClamp", "lineHeight",
  "opacity", "order", "orphans", "scale", "tabSize", "widows", "zIndex", "zoom", "fillOpacity", "floodOpacity",
  "stopOpacity", "strokeDasharray", "strokeDashoffset", "strokeMiterlimit", "strokeOpacity", "strokeWidth",
]);

/** @param {string} name */
export function cssName(name) {
  if (name.startsWith("--")) return name;
  const kebab = name.replace(/[A-Z]/g, (m) => "-" + m.toLowerCase());
  return kebab.startsWith("ms-") ? "-" + kebab : kebab;
}

/**
 * @param {string} name
 * @param {unknown} value
 * @returns {string | null}  null: remove the property
 */
export function cssValue(name, value) {
  if (value == null || typeof value === "boolean" || value === "") return null;
  if (typeof value === "number") {
    return value === 0 || UNITLESS.has(name) || name.startsWith("--") ? String(value) : value + "px";
  }
  return String(value);
}

/**
 * Apply a style dict, removing properties the previous dict had and the new one lacks.
 * @param {HTMLElement} el
 * @param {Record<string, unknown> | null | undefined} next
 * @param {Record<string, unknown> | null | undefined} [prev]
 */
export function setStyle(el, next, prev) {
  const style = el.style;
  for (const name of Object.keys(prev || {})) {
    if (!next || !(name in next)) style.removeProperty(cssName(name));
  }
  for (const [name, raw] of Object.entries(next || {})) {
    const value = cssValue(name, raw);
    const css = cssName(name);
    if (value === null) {
      style.removeProperty(css);
    } else if (/!\s*important\s*$/i.test(value)) {
      style.setProperty(css, value.replace(/!\s*important\s*$/i, "").trim(), "important");
    } else {
      style.setProperty(css, value);
    }
  }
}
