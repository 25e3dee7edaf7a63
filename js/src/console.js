/**
 * The app's console panel: what callbacks printed (stdout, stderr in red), newest last, under the
 * app. It appears with the first output and folds away (a <details>); "Clear" empties it. Each
 * entry names the callback; consecutive output of one callback call joins one entry. At most
 * MAX_CHARS of text are kept (the oldest entries go first); it scrolls, following the end unless
 * the user scrolled up.
 */
import { h } from "./components/common.js";

const MAX_CHARS = 200_000;

export class ConsolePanel {
  constructor() {
    this.el = h("details", { class: "nbdash-console", open: true, hidden: true });
    this.title = h("span", { class: "nbdash-console-title" }, ["Console"]);
    const clear = h("button", { class: "nbdash-console-clear", type: "button", title: "Clear the console" }, ["Clear"]);
    clear.addEventListener("click", (e) => {
      e.preventDefault();
      this.clear();
    });
    this.el.append(h("summary", {}, [this.title, clear]));
    this.body = h("div", { class: "nbdash-console-body", role: "log" });
    this.el.append(this.body);
    this.chars = 0;
    this.lines = 0;
  }

  /**
   * @param {string} callback
   * @param {[string, string][]} chunks  [stream, text] pairs
   */
  add(callback, chunks) {
    const follow = this.body.scrollTop + this.body.clientHeight >= this.body.scrollHeight - 4;
    const text = h("pre", { class: "nbdash-console-text" });
    for (const [stream, part] of chunks) {
      text.append(stream === "stderr" ? h("span", { class: "nbdash-console-stderr" }, [part]) : document.createTextNode(part));
      this.chars += part.length;
      this.lines += (part.match(/\n/g) || []).length;
    }
    this.body.append(h("div", { class: "nbdash-console-entry" }, [h("div", { class: "nbdash-console-callback" }, [callback]), text]));
    while (this.chars > MAX_CHARS && this.body.firstChild && this.body.firstChild !== this.body.lastChild) {
      const gone = /** @type {Element} */ (this.body.firstChild);
      this.chars -= (gone.querySelector("pre")?.textContent ?? "").length;
      this.lines -= ((gone.querySelector("pre")?.textContent ?? "").match(/\n/g) || []).length;
      gone.remove();
    }
    this.refresh();
    if (follow) this.body.scrollTop = this.body.scrollHeight;
  }

  clear() {
    this.body.replaceChildren();
    this.chars = 0;
    this.lines = 0;
    this.refresh();
  }

  refresh() {
    const n = this.body.childElementCount;
    this.el.hidden = n === 0;
    this.title.textContent = `Console — ${this.lines} line${this.lines === 1 ? "" : "s"} printed by callbacks`;
  }
}
