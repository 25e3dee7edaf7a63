/**
 * dcc.Markdown, first slice: a small safe subset rendered as DOM nodes (never innerHTML).
 *
 * Blocks: `#`…`######` headings, paragraphs, fenced ``` code, `>` quotes, `-`/`*`/`+` and `1.`
 * lists (one level), `---` rules. Inline: `code`, **bold**, *italic*, [links](url) (http, https,
 * mailto, relative and #anchors only; `link_target` honoured), ![images](url) (http, https,
 * relative). `dedent` (default true) removes the common indentation.
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

/**
 * @param {string} text
 * @param {string | undefined} target
 * @returns {Node[]}
 */
export function inline(text, target) {
  /** @type {Node[]} */
  const out = [];
  const pattern = /(`+)([\s\S]*?)\1|\*\*([\s\S]+?)\*\*|__([\s\S]+?)__|\*([^*\s][\s\S]*?)\*|(?<![\w])_([^_\s][\s\S]*?)_(?![\w])|!\[([^\]]*)\]\(([^)\s]*)\)|\[([^\]]+)\]\(([^)\s]*)\)/g;
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    const at = /** @type {number} */ (m.index);
    if (at > last) out.push(document.createTextNode(text.slice(last, at)));
    last = at + m[0].length;
    if (m[1]) out.push(h("code", {}, [m[2]]));
    else if (m[3] ?? m[4]) out.push(h("strong", {}, inline(m[3] ?? m[4], target)));
    else if (m[5] ?? m[6]) out.push(h("em", {}, inline(m[5] ?? m[6], target)));
    else if (m[8] !== undefined) {
      out.push(SAFE_URL.test(m[8]) && !/^mailto:/i.test(m[8]) ? h("img", { src: m[8], alt: m[7] }) : document.createTextNode(m[0]));
    } else if (m[10] !== undefined) {
      if (SAFE_URL.test(m[10])) {
        const a = h("a", { href: m[10], target, rel: target === "_blank" ? "noopener noreferrer" : undefined }, inline(m[9], target));
        out.push(a);
      } else out.push(document.createTextNode(m[9]));
    }
  }
  if (last < text.length) out.push(document.createTextNode(text.slice(last)));
  return out;
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
    const item = line.match(/^\s*([-*+]|\d+[.)])\s+(.*)$/);
    if (item) {
      flush();
      const ordered = /\d/.test(item[1]);
      const list = h(ordered ? "ol" : "ul");
      for (; i < lines.length; i++) {
        const m = lines[i].match(/^\s*([-*+]|\d+[.)])\s+(.*)$/);
        if (!m || /\d/.test(m[1]) !== ordered) break;
        list.append(h("li", {}, inline(m[2], target)));
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
