/**
 * dcc.Markdown, first slice: a small safe subset rendered as DOM nodes (never innerHTML).
 *
 * Blocks: `#`…`######` headings, paragraphs, fenced ``` code, `>` quotes, `-`/`*`/`+` and `1.`
 * lists (one level) with GitHub task items (`- [ ]`, `- [x]`: a disabled checkbox), `---` rules,
 * GitHub tables (see `table`). Inline: `code`, **bold**, *italic*, ~~strikethrough~~,
 * [links](url) (http, https, mailto, relative and #anchors only; `link_target` honoured),
 * ![images](url) (http, https, relative), autolinks (`<https://…>` and bare http://, https://,
 * mailto: URLs, as Dash's remark-parse 5 with `gfm: true` does; not `www.` ones).
 * `dedent` (default true) removes the common indentation.
 *
 * Raw HTML in the text is shown as text — it is never parsed — unless `dangerously_allow_html=True`:
 * then the rendered markdown is turned into HTML with the text outside code left as written, so
 * tags in it become elements (inline and block). That HTML is not sanitized (Dash's contract:
 * "dangerously"); only use it for text you trust.
 */
import { h, setCommon } from "./common.js";

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

// Alternatives, in order: code span, <autolink>, raw tag or comment (kept whole, as text), bold,
// italic, strikethrough, image, link, bare URL.
const INLINE = new RegExp(
  [
    /(`+)([\s\S]*?)\1/, /<((?:https?|mailto):[^\s<>]+)>/, /(<\/?[A-Za-z][^<>]*>|<!--[\s\S]*?-->)/,
    /\*\*([\s\S]+?)\*\*|__([\s\S]+?)__/, /\*([^*\s][\s\S]*?)\*|(?<![\w])_([^_\s][\s\S]*?)_(?![\w])/,
    /~~(?!\s)([\s\S]+?)~~/, /!\[([^\]]*)\]\(([^)\s]*)\)/, /\[([^\]]+)\]\(([^)\s]*)\)/,
    /(?<![\w/.:])((?:https?:\/\/|mailto:)[^\s<>]+)/,
  ].map((r) => r.source).join("|"),
  "g",
);

/**
 * @param {string} text
 * @param {string | undefined} target
 * @param {boolean} [inLink] inside a link's text: no autolinks
 * @returns {Node[]}
 */
export function inline(text, target, inLink = false) {
  /** @type {Node[]} */
  const out = [];
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    const at = /** @type {number} */ (m.index);
    if (at > last) out.push(document.createTextNode(text.slice(last, at)));
    last = at + m[0].length;
    if (m[1]) out.push(h("code", {}, [m[2]]));
    else if (m[3] !== undefined) out.push(inLink ? document.createTextNode(m[0]) : link(m[3], [m[3]], target));
    else if (m[4] !== undefined) out.push(document.createTextNode(m[4]));
    else if (m[5] ?? m[6]) out.push(h("strong", {}, inline(m[5] ?? m[6], target, inLink)));
    else if (m[7] ?? m[8]) out.push(h("em", {}, inline(m[7] ?? m[8], target, inLink)));
    else if (m[9] !== undefined) out.push(h("del", {}, inline(m[9], target, inLink)));
    else if (m[14] !== undefined) {
      const url = trimUrl(m[14]);
      last = at + url.length;
      out.push(inLink || url === "mailto:" || /^https?:\/\/$/.test(url) ? document.createTextNode(url) : link(url, [url], target));
    }
    else if (m[11] !== undefined) {
      out.push(SAFE_URL.test(m[11]) && !/^mailto:/i.test(m[11]) ? h("img", { src: m[11], alt: m[10] }) : document.createTextNode(m[0]));
    } else if (m[13] !== undefined) {
      if (SAFE_URL.test(m[13])) out.push(link(m[13], inline(m[12], target, true), target));
      else out.push(document.createTextNode(m[12]));
    }
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
 * @returns {{ table: Element, end: number } | null}
 */
function table(lines, i, target) {
  const head = tableCells(lines[i]);
  const delimiter = i + 1 < lines.length ? tableCells(lines[i + 1]) : null;
  if (!head || !delimiter || head.length !== delimiter.length || !delimiter.every((d) => DELIMITER.test(d))) return null;
  const align = delimiter.map((d) =>
    d.startsWith(":") && d.endsWith(":") ? "center" : d.endsWith(":") ? "right" : d.startsWith(":") ? "left" : undefined,
  );
  /** @param {string} tag @param {string[]} cells */
  const row = (tag, cells) =>
    h("tr", {}, align.map((a, c) => h(tag, { style: a && `text-align: ${a}` }, inline(cells[c] ?? "", target))));
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

/**
 * @param {string} source
 * @param {string | undefined} target
 * @returns {Node[]}
 */
export function markdown(source, target) {
  const lines = source.split("\n");
  /** @type {Node[]} */
  const blocks = [];
  /** @type {string[]} */
  let para = [];
  const flush = () => {
    if (para.length) blocks.push(h("p", {}, inline(para.join("\n"), target)));
    para = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const fence = line.match(/^\s*(```+|~~~+)\s*([\w-]*)/);
    if (fence) {
      flush();
      const body = [];
      for (i++; i < lines.length && !lines[i].trim().startsWith(fence[1]); i++) body.push(lines[i]);
      blocks.push(h("pre", {}, [h("code", fence[2] ? { class: "language-" + fence[2] } : {}, [body.join("\n")])]));
      continue;
    }
    const heading = line.match(/^(#{1,6})\s+(.*?)\s*#*\s*$/);
    if (heading) {
      flush();
      blocks.push(h("h" + heading[1].length, {}, inline(heading[2], target)));
      continue;
    }
    if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) {
      flush();
      blocks.push(h("hr"));
      continue;
    }
    const grid = table(lines, i, target);
    if (grid) {
      flush();
      blocks.push(grid.table);
      i = grid.end - 1;
      continue;
    }
    const item = line.match(/^\s*([-*+]|\d+[.)])\s+(.*)$/);
    if (item) {
      flush();
      const ordered = /\d/.test(item[1]);
      const list = h(ordered ? "ol" : "ul");
      for (; i < lines.length; i++) {
        const m = lines[i].match(/^\s*([-*+]|\d+[.)])\s+(.*)$/);
        if (!m || /\d/.test(m[1]) !== ordered) break;
        const task = m[2].match(/^\[([ xX])\]\s+(.*)$/);
        if (task) {
          const box = h("input", { type: "checkbox", checked: task[1] !== " ", disabled: true });
          list.append(h("li", { class: "task-list-item" }, [box, " ", ...inline(task[2], target)]));
        } else list.append(h("li", {}, inline(m[2], target)));
      }
      i--;
      blocks.push(list);
      continue;
    }
    if (/^\s*>/.test(line)) {
      flush();
      const quoted = [];
      for (; i < lines.length && /^\s*>/.test(lines[i]); i++) quoted.push(lines[i].replace(/^\s*>\s?/, ""));
      i--;
      blocks.push(h("blockquote", {}, markdown(quoted.join("\n"), target)));
      continue;
    }
    if (!line.trim()) flush();
    else para.push(line);
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
