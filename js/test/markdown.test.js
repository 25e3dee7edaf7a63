// dcc.Markdown's parser (js/src/components/markdown.js) on a minimal fake DOM, serialized with text
// escaped so raw HTML in the source shows up as `&lt;`: `npm test`.
import { test } from "node:test";
import assert from "node:assert/strict";

class Text {
  constructor(/** @type {string} */ data) { this.nodeType = 3; this.textContent = data; }
}
class El {
  constructor(/** @type {string} */ tag) {
    this.nodeType = 1;
    this.localName = tag;
    /** @type {{name: string, value: string}[]} */ this.attributes = [];
    /** @type {(El | Text)[]} */ this.childNodes = [];
  }
  set className(/** @type {string} */ v) { this.setAttribute("class", v); }
  setAttribute(/** @type {string} */ name, /** @type {string} */ value) {
    const a = this.attributes.find((x) => x.name === name);
    if (a) a.value = value;
    else this.attributes.push({ name, value });
  }
  append(/** @type {(El | Text | string)[]} */ ...nodes) {
    for (const n of nodes) this.childNodes.push(typeof n === "string" ? new Text(n) : n);
  }
  get textContent() { return this.childNodes.map((c) => c.textContent).join(""); }
}
const g = /** @type {any} */ (globalThis);
g.document = { createElement: (/** @type {string} */ t) => new El(t), createTextNode: (/** @type {string} */ t) => new Text(t) };

const { markdown, tableCells, rawHtml } = await import("../src/components/markdown.js");

/** @param {string} s */
const esc = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
/** @param {any} n @returns {string} */
const html = (n) =>
  n.nodeType === 3
    ? esc(n.textContent)
    : `<${n.localName}${n.attributes.map((/** @type {any} */ a) => ` ${a.name}="${esc(a.value)}"`).join("")}>` +
      n.childNodes.map(html).join("") + `</${n.localName}>`;
/** @param {string} src @param {string} [target] */
const md = (src, target) => markdown(src, target).map(html).join("");

test("a GitHub table: header, alignment from the delimiter row, body rows", () => {
  const out = md("| Name | Qty | Price | Note |\n| :--- | :---: | ---: | --- |\n| apple | 3 | 1.50 | red |\n| pear | 10 | 0.75 | green |");
  assert.equal(
    out,
    "<table><thead><tr>" +
      '<th style="text-align: left">Name</th><th style="text-align: center">Qty</th>' +
      '<th style="text-align: right">Price</th><th>Note</th></tr></thead><tbody>' +
      '<tr><td style="text-align: left">apple</td><td style="text-align: center">3</td><td style="text-align: right">1.50</td><td>red</td></tr>' +
      '<tr><td style="text-align: left">pear</td><td style="text-align: center">10</td><td style="text-align: right">0.75</td><td>green</td></tr>' +
      "</tbody></table>",
  );
});

test("tables without outer pipes, header-only tables, one column with pipes", () => {
  assert.equal(md("a | b\n--|--\n1 | 2"), "<table><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>");
  assert.equal(md("| a | b |\n|---|---|"), "<table><thead><tr><th>a</th><th>b</th></tr></thead></table>");
  assert.equal(md("| a |\n| - |\n| x |"), "<table><thead><tr><th>a</th></tr></thead><tbody><tr><td>x</td></tr></tbody></table>");
});

test("not a table: delimiter width differs from the header, bad delimiter, no pipes", () => {
  assert.equal(md("| a | b |\n| --- |\n| x | y |"), "<p>| a | b |\n| --- |\n| x | y |</p>");
  assert.equal(md("| a | b |\n| --- | -x- |"), "<p>| a | b |\n| --- | -x- |</p>");
  assert.equal(md("a\n---"), "<h2>a</h2>"); // a setext heading, as remark-parse renders it
  assert.equal(md("a\n\n---"), "<p>a</p><hr></hr>");
});

test("cells: inline code, emphasis, links and escaped pipes", () => {
  const out = md("| code | text |\n|---|---|\n| `a \\| b` | **bold** *it* ~~gone~~ [site](https://example.com) x \\| y |");
  assert.equal(
    out,
    "<table><thead><tr><th>code</th><th>text</th></tr></thead><tbody><tr>" +
      "<td><code>a | b</code></td>" +
      '<td><strong>bold</strong> <em>it</em> <del>gone</del> <a href="https://example.com">site</a> x | y</td>' +
      "</tr></tbody></table>",
  );
  assert.deepEqual(tableCells("| a | b \\| c |"), ["a", "b | c"]);
  assert.deepEqual(tableCells("| a || c |"), ["a", "", "c"]);
  assert.deepEqual(tableCells("a | b \\|"), ["a", "b |"]);
  assert.equal(tableCells("no pipes here"), null);
});

test("short rows are padded, long rows cut to the header's width", () => {
  assert.equal(
    md("| a | b | c |\n|---|---|---|\n| 1 |\n| 1 | 2 | 3 | 4 | 5 |"),
    "<table><thead><tr><th>a</th><th>b</th><th>c</th></tr></thead><tbody>" +
      "<tr><td>1</td><td></td><td></td></tr><tr><td>1</td><td>2</td><td>3</td></tr></tbody></table>",
  );
});

test("a table ends at a blank line, a line without a pipe, or another block; text before it stays a paragraph", () => {
  const table = "<table><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>";
  assert.equal(md("| a | b |\n|---|---|\n| 1 | 2 |\n\nafter"), table + "<p>after</p>");
  assert.equal(md("| a | b |\n|---|---|\n| 1 | 2 |\nafter"), table + "<p>after</p>");
  assert.equal(md("| a | b |\n|---|---|\n| 1 | 2 |\n> quote | x"), table + "<blockquote><p>quote | x</p></blockquote>");
  assert.equal(md("| a | b |\n|---|---|\n| 1 | 2 |\n# Title"), table + "<h1>Title</h1>");
  assert.equal(md("before\n| a | b |\n|---|---|\n| 1 | 2 |"), "<p>before</p>" + table);
  assert.equal(md("> | a | b |\n> |---|---|\n> | 1 | 2 |"), "<blockquote>" + table + "</blockquote>");
});

test("HTML in cells is text; only safe link URLs become links", () => {
  const out = md("| x | y |\n|---|---|\n| <script>alert(1)</script> | [bad](javascript:alert(1)) |");
  assert.equal(
    out,
    "<table><thead><tr><th>x</th><th>y</th></tr></thead><tbody><tr>" +
      "<td>&lt;script&gt;alert(1)&lt;/script&gt;</td><td>bad</td></tr></tbody></table>",
  );
  // dangerously_allow_html's path keeps the cell's tags as written (and alignment as a style)
  const [node] = markdown("| x |\n|:-:|\n| <b>hi</b> |", undefined);
  assert.equal(rawHtml(node, false), '<table><thead><tr><th style="text-align: center">x</th></tr></thead><tbody><tr><td style="text-align: center"><b>hi</b></td></tr></tbody></table>');
});

test("strikethrough, task lists and autolinks, as Dash's remark-parse (gfm) renders them", () => {
  assert.equal(md("~~old~~ new, ~~ not ~~ this"), "<p><del>old</del> new, ~~ not ~~ this</p>");
  assert.equal(
    md("- [ ] todo\n- [x] done *well*\n- plain"),
    '<ul><li class="task-list-item"><input data-lm-suppress-shortcuts="true" type="checkbox" disabled=""></input> todo</li>' +
      '<li class="task-list-item"><input data-lm-suppress-shortcuts="true" type="checkbox" checked="" disabled=""></input> done <em>well</em></li>' +
      "<li>plain</li></ul>",
  );
  assert.equal(
    md("See https://example.com/a_(b). or <https://x.org/y> and mailto:me@x.org, not `https://code.io`"),
    '<p>See <a href="https://example.com/a_(b)">https://example.com/a_(b)</a>. or ' +
      '<a href="https://x.org/y">https://x.org/y</a> and <a href="mailto:me@x.org">mailto:me@x.org</a>, not <code>https://code.io</code></p>',
  );
  assert.equal(md("(see https://x.org)", "_blank"), '<p>(see <a href="https://x.org" target="_blank" rel="noopener noreferrer">https://x.org</a>)</p>');
  assert.equal(md("[https://a.org](https://b.org)"), '<p><a href="https://b.org">https://a.org</a></p>');
  assert.equal(md("<javascript:alert(1)>"), "<p>&lt;javascript:alert(1)&gt;</p>");
});

test("URLs inside raw tags are left alone (dangerously_allow_html keeps the tag intact)", () => {
  const [p] = markdown('<a href="https://x.org/*a*">x</a>', undefined);
  assert.equal(rawHtml(p, false), '<p><a href="https://x.org/*a*">x</a></p>');
});

test("nested lists: by indentation, mixed ordered/unordered, three levels, start number", () => {
  assert.equal(
    md("- a\n  - b\n    - c\n  - d\n- e"),
    "<ul><li>a<ul><li>b<ul><li>c</li></ul></li><li>d</li></ul></li><li>e</li></ul>",
  );
  assert.equal(
    md("1. one\n   * x\n   * y\n2. two\n  1. sub"),
    "<ol><li>one<ul><li>x</li><li>y</li></ul></li><li>two<ol><li>sub</li></ol></li></ol>",
  );
  assert.equal(md("3. c\n4. d"), '<ol start="3"><li>c</li><li>d</li></ol>');
  assert.equal(md("- a\n\t- tab"), "<ul><li>a<ul><li>tab</li></ul></li></ul>");
  assert.equal(md("- a\n- [x] b\n  - [ ] c"), '<ul><li>a</li><li class="task-list-item"><input data-lm-suppress-shortcuts="true" type="checkbox" checked="" disabled=""></input> b<ul><li class="task-list-item"><input data-lm-suppress-shortcuts="true" type="checkbox" disabled=""></input> c</li></ul></li></ul>');
  assert.equal(md("- a\n1. b"), "<ul><li>a</li></ul><ol><li>b</li></ol>");
  assert.equal(md("- a\n\nafter"), "<ul><li>a</li></ul><p>after</p>");
  assert.equal(md("- a\nlazy"), "<ul><li>a\nlazy</li></ul>");
  assert.equal(md("- a\n---"), "<ul><li>a</li></ul><hr></hr>");
});

test("list items with paragraphs and code: a loose list keeps its paragraphs", () => {
  assert.equal(
    md("- first\n\n  more of first\n- second"),
    "<ul><li><p>first</p><p>more of first</p></li><li><p>second</p></li></ul>",
  );
  assert.equal(md("- a\n\n- b"), "<ul><li><p>a</p></li><li><p>b</p></li></ul>");
  assert.equal(
    md("1. run:\n   ```sh\n   pip install x\n   ```\n2. done"),
    '<ol><li>run:<pre><code class="language-sh">pip install x</code></pre></li><li>done</li></ol>',
  );
  assert.equal(md("- a\n\n      code\n- b"), "<ul><li><p>a</p><pre><code>code</code></pre></li><li><p>b</p></li></ul>");
});

test("reference links and images: full, collapsed, shortcut; definitions anywhere, labels case-insensitive", () => {
  assert.equal(
    md('See [the docs][Docs], [docs][] and [docs].\n\n[docs]: https://dash.plotly.com "Dash docs"'),
    '<p>See <a href="https://dash.plotly.com" title="Dash docs">the docs</a>, ' +
      '<a href="https://dash.plotly.com" title="Dash docs">docs</a> and <a href="https://dash.plotly.com" title="Dash docs">docs</a>.</p>',
  );
  assert.equal(md("[DOCS]: <https://x.org/a b>\n\n> [Docs  ][]"), '<blockquote><p><a href="https://x.org/a b">Docs  </a></p></blockquote>');
  assert.equal(md("![logo][l]\n\n[l]: /logo.png 'Logo'"), '<p><img src="/logo.png" alt="logo" title="Logo"></img></p>');
  assert.equal(md("- [x][1]\n\n[1]: #top"), '<ul><li><a href="#top">x</a></li></ul>');
  assert.equal(md("text\n[a]: https://a.org\nmore [a]"), '<p>text</p><p>more <a href="https://a.org">a</a></p>');
  // undefined labels stay text (their contents still formatted); definitions in code are code
  assert.equal(md("[**x**] and [y][nope] and [z]: w"), "<p>[<strong>x</strong>] and [y][nope] and [z]: w</p>");
  assert.equal(md("```\n[a]: https://a.org\n```\n[a]"), "<pre><code>[a]: https://a.org</code></pre><p>[a]</p>");
  // unsafe definitions are refused: the label as text
  assert.equal(md("[x][bad]\n\n[bad]: javascript:alert(1)"), "<p>x</p>");
});

test("setext headings", () => {
  assert.equal(md("Title\n====="), "<h1>Title</h1>");
  assert.equal(md("Sub *title*\n---"), "<h2>Sub <em>title</em></h2>");
  assert.equal(md("two\nlines\n==\n\nafter"), "<h1>two\nlines</h1><p>after</p>");
  assert.equal(md("===\n\n---"), "<p>===</p><hr></hr>");
});

test("indented code blocks (4 spaces or a tab), not inside a paragraph or a list", () => {
  assert.equal(md("text\n\n    x = 1\n\n    # y\n\nafter"), "<p>text</p><pre><code>x = 1\n\n# y</code></pre><p>after</p>");
  assert.equal(md("\tif a:\n\t    b <c>"), "<pre><code>if a:\n    b &lt;c&gt;</code></pre>");
  assert.equal(md("text\n    continued"), "<p>text\ncontinued</p>");
  assert.equal(md("- item\n\n    more"), "<ul><li><p>item</p><p>more</p></li></ul>");
});

test("backslash escapes of markdown punctuation", () => {
  assert.equal(md("\\*not emphasis\\* \\_no\\_ \\`x\\` \\[a\\](b) \\\\ \\~~s~~"), "<p>*not emphasis* _no_ `x` [a](b) \\ ~~s~~</p>");
  assert.equal(md("*a \\* b*"), "<p><em>a * b</em></p>");
  assert.equal(md("\\# not a heading\n\n\\- not a list\n\n1\\. not a list"), "<p># not a heading</p><p>- not a list</p><p>1. not a list</p>");
  assert.equal(md("`\\*` and \\q"), "<p><code>\\*</code> and \\q</p>");
  assert.equal(md("[a\\]b](https://x.org/\\(1\\))"), '<p><a href="https://x.org/(1)">a]b</a></p>');
});

test("links: balanced parentheses in URLs, titles, unsafe schemes as the label's text", () => {
  assert.equal(md("[wiki](https://en.wikipedia.org/wiki/Dash_(software))"), '<p><a href="https://en.wikipedia.org/wiki/Dash_(software)">wiki</a></p>');
  assert.equal(md("([a](https://a.org/x(y)))"), '<p>(<a href="https://a.org/x(y)">a</a>)</p>');
  assert.equal(md('[a](https://a.org "A title")'), '<p><a href="https://a.org" title="A title">a</a></p>');
  assert.equal(md("[bad](javascript:alert(1)) [bad2](JavaScript:void(0)) [x](data:text/html,hi)"), "<p>bad bad2 x</p>");
  assert.equal(md("[![badge](https://img.shields.io/b.svg)](https://x.org)"), '<p><a href="https://x.org"><img src="https://img.shields.io/b.svg" alt="badge"></img></a></p>');
  assert.equal(md("[a [b](https://b.org)](https://a.org)"), '<p><a href="https://a.org">a b</a></p>');
});
