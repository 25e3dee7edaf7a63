/**
 * The tone of the page an app's own stylesheets draw, for nbdash's native controls.
 *
 * nbdash's controls (html.Button, dcc.Input, Dropdown, ...) follow JupyterLab's theme: light, or
 * dark under a dark theme. An app whose stylesheet paints its page (Bootstrap's `body` rule, which
 * css_scope.js moves onto the app's root; a dark Bootswatch theme) decides the tone instead, as on
 * its Dash page: once the app's stylesheets are in, the root's own background is read and the root
 * marked `data-nbdash-page="light"` / `"dark"` (style.css switches the controls' palette), or left
 * unmarked when the app paints no opaque background. Read again whenever the sheets change.
 */

/** `[r, g, b, a]` of a computed colour (`rgb(...)` / `rgba(...)`), or null. @param {string} css */
export function parseColor(css) {
  const m = /rgba?\(([^)]*)\)/.exec(css);
  if (!m) return null;
  const parts = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
  if (parts.length < 3 || parts.some((p) => Number.isNaN(p))) return null;
  return [parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : 1];
}

/** WCAG relative luminance of an sRGB colour. @param {number[]} rgb */
export function luminance(rgb) {
  const lin = rgb.slice(0, 3).map((c) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4));
  return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
}

/** "light" / "dark" for a mostly opaque background colour, null for a (nearly) transparent one. @param {string} css */
export function toneOf(css) {
  const c = parseColor(css);
  if (!c || c[3] < 0.5) return null;
  return luminance(c) > 0.3 ? "light" : "dark";
}

/** Mark an app root with the tone of the background its stylesheets give it. @param {HTMLElement} el */
export function markPageTone(el) {
  const tone = el.isConnected ? toneOf(getComputedStyle(el).backgroundColor) : null;
  if (tone) el.dataset.nbdashPage = tone;
  else delete el.dataset.nbdashPage;
}
