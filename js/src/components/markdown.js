/**
 * dcc.Markdown: the common Markdown Dash 4's react-markdown 4 / remark-parse 5 (gfm) renders, as
 * DOM nodes (never innerHTML).
 *
 * Blocks: `#`…`######` and setext (`===` / `---` underlined) headings, paragraphs, fenced ``` and
 * indented (4 spaces / a tab) code, `>` quotes, `-`/`*`/`+` and `1.` lists nested by indentation
 * (items hold paragraphs, code and lists; tight lists unwrap their paragraphs) with GitHub task
 * items (`- [ ]`, `- [x]`: a disabled checkbox), `---` rules, GitHub tables (see `table`).
 * Inline: backslash escapes (remark-parse's gfm set), `code`, **bold**, *italic*, ~~strikethrough~~,
 * [links](url "title") with balanced parentheses in the URL, reference links / images (`[text][ref]`,
 * `[text][]`, `[ref]`, with `[ref]: url "title"` anywhere in the document, labels case-insensitive;
 * undefined labels stay text), ![images](url) (http, https, relative), autolinks (`<https://…>` and
 * bare http://, https://, mailto: URLs, as remark-parse 5 with `gfm: true`; not `www.` ones). Links
 * take http, https, mailto, relative and #anchor URLs only (`link_target` honoured); any other is
 * refused and its text shown plain.
 * `dedent` (default true) removes the common indentation.
 *
 * Raw HTML in the text is shown as text — it is never parsed — unless `dangerously_allow_html=True`:
 * then the rendered markdown is turned into HTML with the text outside code left as written, so
 * tags in it become elements (inline and block). As in Dash 4.4.1 (whose react-jsx-parser drops
 * `<script>` tags and `on*` attributes by default) scripts are removed and event-handler attributes
 * dropped; `javascript:` URLs become `about:blank` (React 18 in Dash would still follow them on a
 * click). Everything else is kept as written — an `<iframe srcdoc>` runs its scripts in the frame,
 * as in Dash ("dangerously"): only use it for text you trust.
 */
import { h, setCommon } from "./common.js";
import { safeUrl } from "../html.js";

/** @typedef {import("../protocol.js").ComponentNode} ComponentNode */
/** @typedef {import("../renderer.js").Renderer} Renderer */

const SAFE_URL = /^(https?:|mailto:|#|\/|\.{1,2}\/|[^:]*$)/i;

/** @param {string} text */
function dedent(text) {
  const lines = text.replace(/^\n+/, "").split("\n");
  const indents = lines.filter((l) => l.trim()).map((l) => /** @type {RegExpMatchArray} */ (l.match(/^[ \t]*/))[0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(cut)).join("\n");
}

/** A bare URL's end: trailing punctuation and unbalanced `)` are not part of it (GitHub's rule). */
/** @param {string} url */
function trimUrl(url) {
  for (;;) {
    if (/[.,:;!?"'*_~]$/.test(url)) url = url.slice(0, -1);
    else if (url.endsWith(")") && url.split("(").length < url.split(")").length) url = url.slice(0, -1);
    else return url;
  }
}

/**
 * @param {string} url
 * @param {Node[]} children
 * @param {string | undefined} target
 */
function link(url, children, target) {
  return h("a", { href: url, target, rel: target === "_blank" ? "noopener noreferrer" : undefined }, children);
}

// ASCII punctuation a backslash escapes: remark-parse 5's set with `gfm: true` (others keep the `\`).
const ESCAPABLE = "\\\\`*_{}\\[\\]()#+\\-.!~|";
const ESC = `\\\\[${ESCAPABLE}]`;
/** @param {string} text */
const unescape = (text) => text.replace(new RegExp(`\\\\([${ESCAPABLE}])`, "g"), "$1");

// A link's text: escapes, or brackets nested one level (`[![badge](img)](url)`).
const LABEL = String.raw`(?:\\[\s\S]|[^\[\]\\]|\[(?:\\[\s\S]|[^\[\]\\])*\])+`;
// A destination: `<...>`, or no spaces with parentheses balanced (two levels deep) or escaped.
const PLAIN = String.raw`(?:[^()\s\\]|\\[\s\S])`;
const DEST = String.raw`<[^<>\n]*>|(?:${PLAIN}|\((?:${PLAIN}|\(${PLAIN}*\))*\))*`;
const TITLE = String.raw`"(?:[^"\\]|\\[\s\S])*"|'(?:[^'\\]|\\[\s\S])*'|\((?:[^()\\]|\\[\s\S])*\)`;
const INLINE_LINK = String.raw`\[(${LABEL})?\]\(\s*(${DEST})(?:\s+(${TITLE}))?\s*\)`;
const REF = String.raw`\[(${LABEL})\](?:\[((?:\\[\s\S]|[^\[\]\\])*)\])?`;
/** Emphasis content: escaped characters never close it. @param {string} open @param {string} close */
const SPAN = (open, close) => String.raw`${open}((?:\\[\s\S]|[^\\])+?)${close}`;

/** @param {string} url */
const destination = (url) => unescape(url.startsWith("<") ? url.slice(1, -1) : url);
/** @param {string | undefined} title */
const titleOf = (title) => (title ? unescape(title.slice(1, -1)) : undefined);
/** A reference label as remark-parse 5 normalizes it: whitespace collapsed, case folded. @param {string} label */
export const normalizeLabel = (label) => label.replace(/\s+/g, " ").trim().toLowerCase();

/** @typedef {Map<string, {url: string, title?: string}>} Definitions */

/**
 * @typedef {object} InlineRule
 * @property {string} re
 * @property {(g: string[], ctx: {target: string | undefined, inLink: boolean, defs: Definitions}, at: number) =>
 *   Node[] | {nodes: Node[], end: number}} render  `end`: where scanning resumes (relative to the match)
 */

/**
 * @param {string} url
 * @param {string | undefined} title
 * @param {Node[]} children
 * @param {string | undefined} target
 */
function safeLink(url, title, children, target) {
  if (!SAFE_URL.test(url)) return children;
  const a = link(url, children, target);
  if (title !== undefined) a.setAttribute("title", title);
  return [a];
}

/** @param {string} url @param {string} alt @param {string | undefined} title @param {string} raw */
function safeImage(url, alt, title, raw) {
  if (!SAFE_URL.test(url) || /^mailto:/i.test(url)) return [document.createTextNode(raw)];
  return [h("img", { src: url, alt: unescape(alt), title })];
}

/** @type {InlineRule[]} */
const RULES = [
  { re: `(${ESC})`, render: (g) => [document.createTextNode(g[0][1])] },
  { re: "(?<tick>`+)([\\s\\S]*?)\\k<tick>", render: (g) => [h("code", {}, [g[1]])] },
  {
    re: "<((?:https?|mailto):[^\\s<>]+)>",
    render: (g, c) => [c.inLink ? document.createTextNode(`<${g[0]}>`) : link(g[0], [g[0]], c.target)],
  },
  // raw tag or comment: kept whole, as text (so URLs in attributes stay intact)
  { re: "(<\\/?[A-Za-z][^<>]*>|<!--[\\s\\S]*?-->)", render: (g) => [document.createTextNode(g[0])] },
  { re: SPAN("\\*\\*", "\\*\\*") + "|" + SPAN("__", "__"), render: (g, c) => [h("strong", {}, inline(g[0] ?? g[1], c.target, c.inLink, c.defs))] },
  {
    re: String.raw`\*((?:\\[\s\S]|[^*\s\\])(?:\\[\s\S]|[^\\])*?)\*|(?<![\w])_((?:\\[\s\S]|[^_\s\\])(?:\\[\s\S]|[^\\])*?)_(?![\w])`,
    render: (g, c) => [h("em", {}, inline(g[0] ?? g[1], c.target, c.inLink, c.defs))],
  },
  { re: SPAN("~~(?!\\s)", "~~"), render: (g, c) => [h("del", {}, inline(g[0], c.target, c.inLink, c.defs))] },
  {
    re: "!" + INLINE_LINK,
    render: (g) => safeImage(destination(g[1]), g[0] ?? "", titleOf(g[2]), `![${g[0] ?? ""}](${g[1]})`),
  },
  {
    re: INLINE_LINK,
    render: (g, c) => {
      const children = inline(g[0] ?? "", c.target, true, c.defs);
      return c.inLink ? children : safeLink(destination(g[1]), titleOf(g[2]), children, c.target);
    },
  },
  {
    // `![alt][ref]`, `![alt][]`, `![alt]`: an image when the label is defined, else text
    re: "!" + REF,
    render: (g, c) => {
      const def = c.defs.get(normalizeLabel(g[1] || g[0]));
      if (!def) return { nodes: [document.createTextNode("![")], end: 2 };
      return safeImage(def.url, g[0], def.title, `![${g[0]}]`);
    },
  },
  {
    // `[text][ref]`, `[text][]`, `[ref]`: a link when the label is defined, else text
    re: REF,
    render: (g, c) => {
      const def = c.inLink ? undefined : c.defs.get(normalizeLabel(g[1] || g[0]));
      if (!def) return { nodes: [document.createTextNode("[")], end: 1 };
      return safeLink(def.url, def.title, inline(g[0], c.target, true, c.defs), c.target);
    },
  },
  {
    re: "(?<![\\w/.:])((?:https?:\\/\\/|mailto:)[^\\s<>]+)",
    render: (g, c) => {
      const url = trimUrl(g[0]);
      const plain = c.inLink || url === "mailto:" || /^https?:\/\/$/.test(url);
      return { nodes: [plain ? document.createTextNode(url) : link(url, [url], c.target)], end: url.length };
    },
  },
];

/** Each rule's group count, to find its groups in the combined match. */
const GROUPS = RULES.map((r) => /** @type {RegExpExecArray} */ (new RegExp(r.re + "|").exec("")).length - 1);
const INLINE_SOURCE = RULES.map((r) => `(${r.re})`).join("|");

/**
 * @param {string} text
 * @param {string | undefined} target
 * @param {boolean} [inLink] inside a link's text: no links or autolinks
 * @param {Definitions} [defs] reference definitions (`[label]: url "title"`)
 * @returns {Node[]}
 */
export function inline(text, target, inLink = false, defs = new Map()) {
  /** @type {Node[]} */
  const out = [];
  const ctx = { target, inLink, defs };
  const re = new RegExp(INLINE_SOURCE, "g");
  let last = 0;
  /** @type {RegExpExecArray | null} */
  let m;
  while ((m = re.exec(text))) {
    const at = m.index;
    if (at > last) out.push(document.createTextNode(text.slice(last, at)));
    let group = 1;
    let k = 0;
    while (m[group] === undefined) group += GROUPS[k++] + 1;
    const result = RULES[k].render(m.slice(group + 1, group + 1 + GROUPS[k]), ctx, at);
    if (Array.isArray(result)) {
      out.push(...result);
      last = at + m[0].length;
    } else {
      out.push(...result.nodes);
      last = at + result.end;
    }
    re.lastIndex = last;
  }
  if (last < text.length) out.push(document.createTextNode(text.slice(last)));
  return out;
}

/**
 * A table row's cells: outer pipes dropped, split at pipes not escaped as `\|` (also inside code
 * spans, as GitHub does), `\|` turned into `|`, cells trimmed. `null` when the line has no pipe.
 * @param {string} line
 * @returns {string[] | null}
 */
export function tableCells(line) {
  const cells = [];
  let cell = "";
  let pipes = 0;
  const text = line.trim();
  for (let k = 0; k < text.length; k++) {
    if (text[k] === "\\" && text[k + 1] === "|") {
      cell += "|";
      k++;
    } else if (text[k] === "|") {
      pipes++;
      if (k > 0) cells.push(cell.trim());
      cell = "";
    } else cell += text[k];
  }
  if (!pipes) return null;
  if (cell.trim() || !text.endsWith("|") || text.endsWith("\\|")) cells.push(cell.trim());
  return cells;
}

const DELIMITER = /^:?-+:?$/;

/**
 * A GitHub table starting at `lines[i]` (header, then a delimiter row with as many cells, such as
 * `| :--- | :---: | ---: |`), or null. Body rows run to a blank line, a line without a pipe or a
 * line starting another block; each is padded with empty cells or cut to the header's width.
 * @param {string[]} lines
 * @param {number} i
 * @param {string | undefined} target
 * @param {Definitions} defs
 * @returns {{ table: Element, end: number } | null}
 */
function table(lines, i, target, defs) {
  const head = tableCells(lines[i]);
  const delimiter = i + 1 < lines.length ? tableCells(lines[i + 1]) : null;
  if (!head || !delimiter || head.length !== delimiter.length || !delimiter.every((d) => DELIMITER.test(d))) return null;
  const align = delimiter.map((d) =>
    d.startsWith(":") && d.endsWith(":") ? "center" : d.endsWith(":") ? "right" : d.startsWith(":") ? "left" : undefined,
  );
  /** @param {string} tag @param {string[]} cells */
  const row = (tag, cells) =>
    h("tr", {}, align.map((a, c) => h(tag, { style: a && `text-align: ${a}` }, inline(cells[c] ?? "", target, false, defs))));
  const body = [];
  let end = i + 2;
  for (; end < lines.length; end++) {
    const cells = lines[end].trim() && !startsBlock(lines[end]) ? tableCells(lines[end]) : null;
    if (!cells) break;
    body.push(row("td", cells));
  }
  const parts = [h("thead", {}, [row("th", head)])];
  if (body.length) parts.push(h("tbody", {}, body));
  return { table: h("table", {}, parts), end };
}

/** @param {string} line */
function startsBlock(line) {
  return /^\s*(```|~~~|#{1,6}\s|>)/.test(line);
}

const ITEM = /^( *)([-*+]|\d{1,9}[.)])( +(.*))?$/;
const RULE = /^ {0,3}([-*_])( *\1){2,} *$/;
const SETEXT = /^ {0,3}(=+|-+) *$/;
const DEFINITION = new RegExp(String.raw`^(?: {0,3}> ?)* {0,3}\[((?!\^)(?:\\[\s\S]|[^\[\]\\])+)\]:[ ]*(<[^<>\n]*>|\S+)(?:[ ]+(${TITLE}))?[ ]*$`);

/** Leading tabs as spaces, to the next multiple of 4. @param {string} line */
function expandTabs(line) {
  return line.replace(/^[ \t]+/, (ws) => {
    let col = 0;
    for (const c of ws) col = c === "\t" ? col + 4 - (col % 4) : col + 1;
    return " ".repeat(col);
  });
}

/** @param {string} line */
const indentOf = (line) => /** @type {RegExpMatchArray} */ (line.match(/^ */))[0].length;

/**
 * Reference definitions (`[label]: url "title"`, also inside quotes; not in fenced code): collected
 * from the whole document, their lines blanked. As react-markdown 4, a later definition of a label
 * replaces an earlier one.
 * @param {string[]} lines
 * @returns {Definitions}
 */
function definitions(lines) {
  /** @type {Definitions} */
  const defs = new Map();
  /** @type {string | null} */
  let fence = null;
  lines.forEach((line, i) => {
    const f = line.match(/^[ >]*(```|~~~)/);
    if (fence) {
      if (f && f[1] === fence) fence = null;
      return;
    }
    if (f) {
      fence = f[1];
      return;
    }
    const d = line.match(DEFINITION);
    if (!d) return;
    defs.set(normalizeLabel(unescape(d[1])), { url: destination(d[2]), title: titleOf(d[3]) });
    lines[i] = line.match(/^[ >]*/)?.[0].replace(/ +$/, "") ?? "";
  });
  return defs;
}

/**
 * A list starting at `lines[i]` (an item line): items continue while lines are indented at least
 * two columns past the marker's indentation (nested lists, paragraphs, code), blank lines followed
 * by such lines or by the next item, or lazy paragraph continuations. Items are parsed as documents
 * of their own; in a tight list (no blank line between or inside items) their paragraphs are
 * unwrapped, as react-markdown does.
 * @param {string[]} lines
 * @param {number} i
 * @param {string | undefined} target
 * @param {Definitions} defs
 * @returns {{ list: Element, end: number }}
 */
function list(lines, i, target, defs) {
  const first = /** @type {RegExpMatchArray} */ (lines[i].match(ITEM));
  const ordered = /\d/.test(first[2]);
  const base = first[1].length;
  const start = ordered ? parseInt(first[2], 10) : 1;
  const el = h(ordered ? "ol" : "ul", { start: start !== 1 ? start : undefined });
  /** @type {{ body: string[], task: string | null }[]} */
  const items = [];
  let loose = false;
  let end = i;
  while (end < lines.length) {
    const m = lines[end].match(ITEM);
    if (!m || RULE.test(lines[end]) || /\d/.test(m[2]) !== ordered || m[1].length >= base + 2 || m[1].length < base - 3) break;
    const rest = m[4] ?? "";
    const spaces = (m[3] ?? " ").length - rest.length;
    const content = m[1].length + m[2].length + (spaces > 4 || !rest ? 1 : spaces);
    const task = rest.match(/^\[([ xX])\] +(.*)$/);
    const body = [task ? task[2] : rest];
    let blank = false;
    for (end++; end < lines.length; end++) {
      const line = lines[end];
      if (!line.trim()) {
        blank = true;
        body.push("");
        continue;
      }
      const indent = indentOf(line);
      if (indent >= base + 2) body.push(line.slice(Math.min(indent, content)));
      else if (!blank && !ITEM.test(line) && !RULE.test(line) && !startsBlock(line)) body.push(line.trim());
      else break;
      blank = false;
    }
    while (body.length > 1 && !body[body.length - 1].trim()) body.pop();
    if (body.some((l, k) => k > 0 && !l.trim())) loose = true;
    items.push({ body, task: task ? task[1] : null });
    if (blank) {
      if (end < lines.length && ITEM.test(lines[end])) loose = true;
      else break;
    }
  }
  for (const item of items) {
    let children = markdown(item.body.join("\n"), target, defs);
    if (!loose) children = children.flatMap((c) => (c.nodeType === 1 && /** @type {Element} */ (c).localName === "p" ? [...c.childNodes] : [c]));
    if (item.task !== null) {
      const box = h("input", { type: "checkbox", checked: item.task !== " ", disabled: true });
      el.append(h("li", { class: "task-list-item" }, [box, " ", ...children]));
    } else el.append(h("li", {}, children));
  }
  return { list: el, end };
}

/**
 * @param {string} source
 * @param {string | undefined} target
 * @param {Definitions} [defs] the document's reference definitions (collected from `source` if not given)
 * @returns {Node[]}
 */
export function markdown(source, target, defs) {
  const lines = source.split("\n").map(expandTabs);
  defs ??= definitions(lines);
  /** @type {Node[]} */
  const blocks = [];
  /** @type {string[]} */
  let para = [];
  const flush = () => {
    if (para.length) blocks.push(h("p", {}, inline(para.join("\n"), target, false, defs)));
    para = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!para.length && line.trim() && indentOf(line) >= 4) {
      // indented code: runs over blank lines while indented lines follow
      const body = [];
      for (; i < lines.length && (!lines[i].trim() || indentOf(lines[i]) >= 4); i++) body.push(lines[i].slice(4));
      while (!body[body.length - 1].trim()) {
        body.pop();
        i--;
      }
      i--;
      blocks.push(h("pre", {}, [h("code", {}, [body.join("\n")])]));
      continue;
    }
    const fence = line.match(/^\s*(```+|~~~+)\s*([\w-]*)/);
    if (fence) {
      flush();
      const body = [];
      const indent = indentOf(line);
      for (i++; i < lines.length && !lines[i].trim().startsWith(fence[1]); i++) {
        body.push(lines[i].slice(Math.min(indent, indentOf(lines[i]))));
      }
      blocks.push(h("pre", {}, [h("code", fence[2] ? { class: "language-" + fence[2] } : {}, [body.join("\n")])]));
      continue;
    }
    const heading = line.match(/^(#{1,6})\s+(.*?)\s*#*\s*$/);
    if (heading) {
      flush();
      blocks.push(h("h" + heading[1].length, {}, inline(heading[2], target, false, defs)));
      continue;
    }
    const setext = para.length ? line.match(SETEXT) : null;
    if (setext) {
      blocks.push(h(setext[1][0] === "=" ? "h1" : "h2", {}, inline(para.join("\n").trim(), target, false, defs)));
      para = [];
      continue;
    }
    if (RULE.test(line)) {
      flush();
      blocks.push(h("hr"));
      continue;
    }
    const grid = table(lines, i, target, defs);
    if (grid) {
      flush();
      blocks.push(grid.table);
      i = grid.end - 1;
      continue;
    }
    const item = line.match(ITEM);
    if (item && (item[4] || !para.length)) {
      flush();
      const found = list(lines, i, target, defs);
      blocks.push(found.list);
      i = found.end - 1;
      continue;
    }
    if (/^\s*>/.test(line)) {
      flush();
      const quoted = [];
      for (; i < lines.length && /^\s*>/.test(lines[i]); i++) quoted.push(lines[i].replace(/^\s*>\s?/, ""));
      i--;
      blocks.push(h("blockquote", {}, markdown(quoted.join("\n"), target, defs)));
      continue;
    }
    if (!line.trim()) flush();
    else para.push(line.replace(/^ +/, ""));
  }
  flush();
  return blocks;
}

const VOID = new Set(["br", "hr", "img", "input", "wbr"]);

/** @param {string} text */
function escapeHtml(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/**
 * A rendered markdown node as HTML where text outside `code` / `pre` stays as written (its tags
 * become elements when parsed).
 * @param {Node} node
 * @param {boolean} inCode
 * @returns {string}
 */
export function rawHtml(node, inCode) {
  if (node.nodeType !== 1) return inCode ? escapeHtml(node.textContent ?? "") : node.textContent ?? "";
  const el = /** @type {Element} */ (node);
  const tag = el.localName;
  const attrs = [...el.attributes].map((a) => ` ${a.name}="${escapeHtml(a.value)}"`).join("");
  if (VOID.has(tag)) return `<${tag}${attrs}>`;
  const code = inCode || tag === "code" || tag === "pre";
  return `<${tag}${attrs}>${[...el.childNodes].map((c) => rawHtml(c, code)).join("")}</${tag}>`;
}

const URL_ATTRIBUTES = ["href", "src", "action", "formaction", "data", "poster", "xlink:href"];

/**
 * Raw HTML as Dash's react-jsx-parser renders it: no `<script>`, no `on*` attributes; and no
 * `javascript:` URLs.
 * @param {DocumentFragment} fragment
 */
export function defuse(fragment) {
  for (const script of fragment.querySelectorAll("script")) script.remove();
  for (const el of fragment.querySelectorAll("*")) {
    for (const attr of [...el.attributes]) {
      if (/^on/i.test(attr.name)) el.removeAttribute(attr.name);
      else if (URL_ATTRIBUTES.includes(attr.name.toLowerCase())) {
        const safe = safeUrl(attr.name, attr.value);
        if (safe !== attr.value) el.setAttribute(attr.name, safe);
      }
    }
  }
}

/** @param {ComponentNode} node @param {Renderer} _r */
export function Markdown(node, _r) {
  const root = h("div");
  const build = () => {
    const p = node.props;
    setCommon(root, p, undefined, "nbdash-markdown");
    let text = Array.isArray(p.children) ? p.children.join("\n") : p.children == null ? "" : String(p.children);
    if (p.dedent !== false) text = dedent(text);
    const nodes = markdown(text, p.link_target ?? undefined);
    if (p.dangerously_allow_html) {
      const template = document.createElement("template");
      template.innerHTML = nodes.map((n) => rawHtml(n, false)).join("");
      defuse(template.content);
      root.replaceChildren(template.content);
    } else {
      root.replaceChildren(...nodes);
    }
  };
  build();
  return {
    el: root,
    update() {
      build();
    },
  };
}
