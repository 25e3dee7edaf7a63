/**
 * Stylesheets confined to one app: every selector of a sheet is rewritten under a scope selector,
 * so an app's Bootstrap (or any global sheet) styles the app and never JupyterLab around it.
 *
 * - A style rule's selectors each get the scope in front (`.btn` → `S .btn`); `:root`, `html` and
 *   `body` at the start of a selector *are* the scope (`body {margin:0}` → `S {margin:0}`,
 *   `:root, [data-bs-theme=light] {--bs-…}` → `S, S [data-bs-theme=light] {…}`), so the custom
 *   properties and base font a sheet sets on the document land on the app's root.
 * - `@media`, `@supports`, `@container`, `@layer` blocks are scoped inside; `@font-face`,
 *   `@keyframes`, `@property`, `@page`, `@counter-style`, `@font-feature-values` are kept as they
 *   are (they name things, they select nothing); `@charset` is dropped; `@import` is handed to
 *   `onImport(url, conditions)` (app_assets.js fetches and scopes it: the browser would apply it
 *   unscoped), or dropped and reported without one.
 * - Relative `url(...)` references (and `@import` targets) are resolved against the sheet's own URL
 *   when it has one.
 * - With a `portal` selector (`[data-nbdash-portal="s1"]`: what islands/portals.js marks on the
 *   nodes an app's library renders into `document.body` — dbc Modal, Tooltip, Popover), every style
 *   rule also gets a portal twin: its first compound must be a marked node or inside one
 *   (`.modal .btn` → `.modal:is(P, P *) .btn`), so portaled content is styled like the app and
 *   nothing else in the body is. Rules for the document itself (`body`, `:root`) give the marked
 *   nodes only their custom properties and inherited text properties (a `body` background on a
 *   full-screen `.modal` would cover the page). A twin is valid wherever its rule is (`:is()`
 *   goes before any pseudo-element), so it shares the rule's selector list.
 *
 * A small tokenizer, not a full CSS parser: comments, strings, escapes, nested brackets and
 * parentheses are respected; anything it cannot make sense of is dropped rather than left global.
 */

const KEEP_AT = new Set(["font-face", "keyframes", "-webkit-keyframes", "-moz-keyframes", "property", "page", "counter-style", "font-feature-values", "font-palette-values", "view-transition"]);
const NEST_AT = new Set(["media", "supports", "container", "layer", "document", "-moz-document", "scope", "starting-style"]);

/**
 * @param {string} css     the sheet's text
 * @param {string} scope   a selector for the app's root, e.g. `[data-nbdash-scope="s1a2b"]`
 * @param {{base?: string, portal?: string, onDropped?: (what: string) => void, onImport?: (url: string, conditions: string) => void}} [options]
 * @returns {string}
 */
export function scopeCss(css, scope, options = {}) {
  const text = stripComments(css);
  const base = options.base;
  const body = base ? rebaseUrls(text, base) : text;
  const dropped = options.onDropped ?? (() => {});
  const onImport = options.onImport;
  /** @param {string} prelude */
  const imported = (prelude) => {
    const target = importTarget(prelude);
    if (!onImport || !target) return dropped(prelude);
    let url = target.url;
    if (base) {
      try { url = new URL(url, base).href; } catch { /* kept as written */ }
    }
    onImport(url, target.conditions);
  };
  return scopeBlock(body, { scope, portal: options.portal ?? null, dropped }, imported);
}

/**
 * The target and conditions of an `@import` prelude (`@import url("x.css") screen`,
 * `@import "x.css" layer(base)`), or null.
 * @param {string} prelude
 */
export function importTarget(prelude) {
  const m = /^@import\s*(?:url\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([^"'()\s]*))\s*\)|"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')\s*/i.exec(prelude);
  if (!m) return null;
  const url = m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5] ?? "";
  return url ? { url, conditions: prelude.slice(m[0].length).trim() } : null;
}

/**
 * An imported sheet's (scoped) text under its import's conditions: `layer` / `layer(name)`,
 * `supports(...)`, then a media list.
 * @param {string} css @param {string} conditions
 */
export function wrapImported(css, conditions) {
  let text = css;
  let rest = conditions.trim();
  const layer = /^layer(?:\(\s*([^)]*?)\s*\))?(?![\w-])\s*/i.exec(rest);
  if (layer) {
    text = layer[1] ? `@layer ${layer[1]}{${text}}` : `@layer{${text}}`;
    rest = rest.slice(layer[0].length);
  }
  if (/^supports\(/i.test(rest)) {
    let depth = 0;
    let j = 8;
    for (; j < rest.length; j++) {
      if (rest[j] === "(") depth++;
      else if (rest[j] === ")" && --depth === 0) break;
    }
    const inner = rest.slice(9, j).trim();
    text = inner.startsWith("(") ? `@supports ${inner}{${text}}` : `@supports (${inner}){${text}}`;
    rest = rest.slice(j + 1).trim();
  }
  return rest ? `@media ${rest}{${text}}` : text;
}

/** @param {string} css */
function stripComments(css) {
  let out = "";
  let i = 0;
  while (i < css.length) {
    const c = css[i];
    if (c === '"' || c === "'") {
      const end = stringEnd(css, i);
      out += css.slice(i, end);
      i = end;
    } else if (c === "/" && css[i + 1] === "*") {
      const end = css.indexOf("*/", i + 2);
      i = end < 0 ? css.length : end + 2;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Index just past the string starting at `i`. @param {string} s @param {number} i */
function stringEnd(s, i) {
  const q = s[i];
  let j = i + 1;
  while (j < s.length && s[j] !== q) {
    if (s[j] === "\\") j++;
    j++;
  }
  return Math.min(j + 1, s.length);
}

/**
 * Index of the `{`/`;` ending a prelude, or of the `}` matching the `{` at `i`.
 * @param {string} s @param {number} i @param {string} stops
 */
function scan(s, i, stops) {
  let depth = 0;
  for (let j = i; j < s.length; j++) {
    const c = s[j];
    if (c === '"' || c === "'") { j = stringEnd(s, j) - 1; continue; }
    if (c === "\\") { j++; continue; }
    if (c === "(" || c === "[") depth++;
    else if (c === ")" || c === "]") depth--;
    else if (depth <= 0 && stops.includes(c)) return j;
  }
  return s.length;
}

/** Index of the `}` closing the block whose `{` is at `open`. @param {string} s @param {number} open */
function blockEnd(s, open) {
  let depth = 0;
  for (let j = open; j < s.length; j++) {
    const c = s[j];
    if (c === '"' || c === "'") { j = stringEnd(s, j) - 1; continue; }
    if (c === "\\") { j++; continue; }
    if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return j;
  }
  return s.length;
}

/**
 * @typedef {{scope: string, portal: string | null, dropped: (what: string) => void}} Scoping
 * @param {string} s @param {Scoping} ctx
 * @param {((prelude: string) => void) | null} imported  top level only: `@import` is valid nowhere else
 */
function scopeBlock(s, ctx, imported = null) {
  const { scope, portal, dropped } = ctx;
  let out = "";
  let i = 0;
  while (i < s.length) {
    while (i < s.length && /\s/.test(s[i])) i++;
    if (i >= s.length) break;
    if (s[i] === "}") { i++; continue; } // stray
    const stop = scan(s, i, "{;}");
    const prelude = s.slice(i, stop).trim();
    if (stop >= s.length || s[stop] !== "{") { // a statement: @charset / @import / @namespace / junk
      if (/^@import\b/i.test(prelude)) (imported ?? dropped)(prelude);
      else if (/^@namespace\b/i.test(prelude)) out += prelude + ";";
      i = stop + 1;
      continue;
    }
    const end = blockEnd(s, stop);
    const inner = s.slice(stop + 1, end);
    i = end + 1;
    if (prelude.startsWith("@")) {
      const name = (/^@([\w-]+)/.exec(prelude)?.[1] ?? "").toLowerCase();
      if (KEEP_AT.has(name)) out += `${prelude}{${inner}}`;
      else if (NEST_AT.has(name)) out += `${prelude}{${scopeBlock(inner, ctx)}}`;
      else dropped(prelude);
      continue;
    }
    const list = splitSelectors(prelude);
    const selectors = list.map((sel) => scopeSelector(sel, scope)).filter(Boolean);
    const twins = portal ? list.map((sel) => portalSelector(sel, portal)) : [];
    const inside = /** @type {string[]} */ (twins.filter((t) => t !== null && t !== portal));
    if (selectors.length) out += `${[...selectors, ...inside].join(",")}{${inner}}`;
    if (portal && twins.includes(portal)) {
      const inherited = inheritedDeclarations(inner);
      if (inherited) out += `${portal}{${inherited}}`;
    }
  }
  return out;
}

const ROOTISH_PREFIX = /^(?:(?::root|html|body)(?![\w-])\s*(?:>\s*)?)+/i;
const PSEUDO_ELEMENT = /::|:(?:before|after|first-line|first-letter)(?![\w-])/i;

/**
 * One selector's portal twin (see the module doc): `P` itself for a rule on the document (`body`,
 * `:root`), null when it cannot apply to portaled content (`html[dir=rtl] .x`).
 * @param {string} selector @param {string} portal
 * @returns {string | null}
 */
export function portalSelector(selector, portal) {
  let rest = selector.trim();
  const lead = ROOTISH_PREFIX.exec(rest)?.[0] ?? "";
  if (lead) {
    rest = rest.slice(lead.length).trim();
    if (/^[[:.#]/.test(rest) && !/[\s>]$/.test(lead)) return null; // html[dir=rtl], body.modal-open: on the document
    if (!rest) return portal;
  }
  if (/^[>+~]/.test(rest)) return null;
  const end = firstCompoundEnd(rest);
  const compound = rest.slice(0, end);
  // `:is()` weighs as much as the scope does in the app's own rules, so twins beat JupyterLab's
  // rules for the body's content (`.jp-ThemedContainer button`) as the app's rules beat them inside it
  const where = lead && />\s*$/.test(lead) ? `:is(${portal})` : `:is(${portal}, ${portal} *)`;
  const pseudo = PSEUDO_ELEMENT.exec(compound);
  const at = pseudo ? pseudo.index : compound.length;
  return `${compound.slice(0, at)}${where}${compound.slice(at)}${rest.slice(end)}`;
}

/** Index just past a selector's first compound (before its first combinator). @param {string} sel */
function firstCompoundEnd(sel) {
  let depth = 0;
  for (let j = 0; j < sel.length; j++) {
    const c = sel[j];
    if (c === '"' || c === "'") { j = stringEnd(sel, j) - 1; continue; }
    if (c === "\\") { j++; continue; }
    if (c === "(" || c === "[") depth++;
    else if (c === ")" || c === "]") depth--;
    else if (depth === 0 && (/\s/.test(c) || c === ">" || c === "+" || c === "~")) return j;
  }
  return sel.length;
}

const INHERITED = /^(?:--.*|color|color-scheme|font(?:-[\w-]+)?|line-height|letter-spacing|word-spacing|text-(?:align|transform|rendering|indent|size-adjust)|-webkit-text-size-adjust|-webkit-font-smoothing|-moz-osx-font-smoothing|-webkit-tap-highlight-color|direction|cursor)$/i;

/** The declarations of a block that a marked portal node may take from a rule on the document. @param {string} inner */
function inheritedDeclarations(inner) {
  /** @type {string[]} */
  const kept = [];
  let start = 0;
  let depth = 0;
  const take = (/** @type {string} */ decl) => {
    const name = decl.slice(0, decl.indexOf(":")).trim();
    if (decl.includes(":") && INHERITED.test(name)) kept.push(decl.trim());
  };
  for (let j = 0; j < inner.length; j++) {
    const c = inner[j];
    if (c === '"' || c === "'") { j = stringEnd(inner, j) - 1; continue; }
    if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") depth--;
    else if (c === ";" && depth === 0) {
      take(inner.slice(start, j));
      start = j + 1;
    }
  }
  take(inner.slice(start));
  return kept.join(";");
}

/** Split a selector list on top-level commas. @param {string} prelude */
export function splitSelectors(prelude) {
  /** @type {string[]} */
  const parts = [];
  let start = 0;
  let depth = 0;
  for (let j = 0; j < prelude.length; j++) {
    const c = prelude[j];
    if (c === '"' || c === "'") { j = stringEnd(prelude, j) - 1; continue; }
    if (c === "\\") { j++; continue; }
    if (c === "(" || c === "[") depth++;
    else if (c === ")" || c === "]") depth--;
    else if (c === "," && depth === 0) {
      parts.push(prelude.slice(start, j).trim());
      start = j + 1;
    }
  }
  parts.push(prelude.slice(start).trim());
  return parts.filter(Boolean);
}

const ROOTISH = /^(?::root|html|body)(?![\w-])/i;

/**
 * One selector under the scope. @param {string} selector @param {string} scope
 * @returns {string}
 */
export function scopeSelector(selector, scope) {
  let rest = selector.trim();
  let replaced = false;
  // `html body .x`, `:root`, `html[data-bs-theme=dark] .x`: the leading document parts become the scope
  for (;;) {
    const m = ROOTISH.exec(rest);
    if (!m) break;
    replaced = true;
    rest = rest.slice(m[0].length);
    // attributes / pseudo-classes on html/body stay, now on the scope (`html[dir=rtl]` → `S[dir=rtl]`)
    const tail = /^(?:\[[^\]]*\]|:[\w-]+(?:\([^)]*\))?)*/.exec(rest)?.[0] ?? "";
    if (tail) {
      scope = scope + tail;
      rest = rest.slice(tail.length);
    }
    const space = /^\s*(?:>\s*)?/.exec(rest)?.[0] ?? "";
    if (!ROOTISH.test(rest.slice(space.length))) break;
    rest = rest.slice(space.length);
  }
  if (replaced) return rest.trim() ? `${scope}${/^\s*[>+~]/.test(rest) ? "" : " "}${rest.trim()}` : scope;
  return `${scope} ${rest}`;
}

/** @param {string} css @param {string} base */
function rebaseUrls(css, base) {
  return css.replace(/url\(\s*(['"]?)([^'")]+)\1\s*\)/g, (whole, quote, url) => {
    if (/^(?:data:|blob:|[a-z][\w+.-]*:\/\/|\/\/|#)/i.test(url)) return whole;
    try {
      return `url(${quote}${new URL(url, base).href}${quote})`;
    } catch {
      return whole;
    }
  });
}

const DOCUMENT_SELECTOR = /^(?:(?::root|html|body|:host)(?![\w-])(?:\[[^\]]*\]|:[\w-]+(?:\([^)]*\))?)*\s*(?:>\s*)?)+$/i;

/**
 * CSS a library bundle injects into the page itself (Mantine's styles.css through style-loader), kept
 * from restyling JupyterLab while everything else in it stays as the library wrote it: rules on the
 * document (`body, :host {font-family; line-height; background}`, `:root {color-scheme}`) keep only
 * their custom properties (the library's variables); universal rules (`*, *::before {box-sizing}`)
 * apply inside nbdash apps and their portaled content only, at no extra weight.
 * @param {string} css @returns {string}
 */
export function confineLibraryCss(css) {
  return confineBlock(stripComments(css));
}

/** @param {string} s */
function confineBlock(s) {
  let out = "";
  let i = 0;
  while (i < s.length) {
    while (i < s.length && /\s/.test(s[i])) i++;
    if (i >= s.length) break;
    if (s[i] === "}") { i++; continue; }
    const stop = scan(s, i, "{;}");
    const prelude = s.slice(i, stop).trim();
    if (stop >= s.length || s[stop] !== "{") {
      out += prelude + ";";
      i = stop + 1;
      continue;
    }
    const end = blockEnd(s, stop);
    const inner = s.slice(stop + 1, end);
    i = end + 1;
    if (prelude.startsWith("@")) {
      const name = (/^@([\w-]+)/.exec(prelude)?.[1] ?? "").toLowerCase();
      out += NEST_AT.has(name) ? `${prelude}{${confineBlock(inner)}}` : `${prelude}{${inner}}`;
      continue;
    }
    const list = splitSelectors(prelude);
    const documentRules = list.filter((sel) => DOCUMENT_SELECTOR.test(sel));
    const others = list.filter((sel) => !DOCUMENT_SELECTOR.test(sel))
      .map((sel) => (sel.startsWith("*") ? `:where(.nbdash-app, [data-nbdash-portal]) ${sel}` : sel));
    if (others.length) out += `${others.join(",")}{${inner}}`;
    if (documentRules.length) {
      const vars = customProperties(inner);
      if (vars) out += `${documentRules.join(",")}{${vars}}`;
    }
  }
  return out;
}

/** The custom property declarations of a block. @param {string} inner */
function customProperties(inner) {
  const kept = [];
  let start = 0;
  let depth = 0;
  for (let j = 0; j <= inner.length; j++) {
    const c = inner[j];
    if (c === '"' || c === "'") { j = stringEnd(inner, j) - 1; continue; }
    if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") depth--;
    else if ((c === ";" && depth === 0) || j === inner.length) {
      const decl = inner.slice(start, j).trim();
      if (decl.startsWith("--")) kept.push(decl);
      start = j + 1;
    }
  }
  return kept.join(";");
}
