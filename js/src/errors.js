/**
 * The app's error panel, like Dash's dev-tools: one entry per callback error (the callback's name,
 * the message, the user's traceback folded away), each dismissible, plus "dismiss all". Kernel
 * warnings (refused events) appear the same way, styled as warnings. Repeats of the last entry bump
 * a counter instead of adding rows; at most 50 entries are kept.
 */
import { h } from "./components/common.js";

const MAX_ENTRIES = 50;

/**
 * The message without the traceback it embeds, ending with the exception line
 * ("Callback error updating out.children\nValueError: one is not allowed").
 * @param {string} message
 * @param {string | undefined} traceback
 */
export function summary(message, traceback) {
  const tb = (traceback || "").trim();
  if (!tb) return message;
  const head = message.replace(tb, "").trim();
  const last = tb.split("\n").filter((l) => l.trim()).pop() || "";
  return head.endsWith(last) ? head : [head, last].filter(Boolean).join("\n");
}

export class ErrorPanel {
  constructor() {
    this.el = h("div", { class: "nbdash-errors", role: "alert", hidden: true });
    this.header = h("div", { class: "nbdash-errors-header" });
    this.title = h("span", { class: "nbdash-errors-title" });
    const all = h("button", { class: "nbdash-errors-dismiss-all", type: "button", title: "Dismiss all" }, ["Dismiss all"]);
    all.addEventListener("click", () => this.clear());
    this.header.append(this.title, all);
    this.list = h("div", { class: "nbdash-errors-list" });
    this.el.append(this.header, this.list);
    /** @type {{key: string, row: HTMLElement, count: number, badge: HTMLElement}[]} */
    this.entries = [];
  }

  /**
   * @param {{kind: "error" | "warning", title: string, message: string, traceback?: string}} entry
   */
  add({ kind, title, message, traceback }) {
    message = summary(message, traceback);
    if (message.startsWith(`${title}\n`)) message = message.slice(title.length + 1); // the title says it
    const key = [kind, title, message, traceback].join("\0");
    const last = this.entries[this.entries.length - 1];
    if (last && last.key === key) {
      last.count += 1;
      last.badge.textContent = `×${last.count}`;
      last.badge.hidden = false;
      return;
    }
    const badge = h("span", { class: "nbdash-error-count", hidden: true });
    const close = h("button", { class: "nbdash-error-dismiss", type: "button", title: "Dismiss", "aria-label": "Dismiss" }, ["×"]);
    const head = h("div", { class: "nbdash-error-head" }, [h("strong", {}, [title]), badge, close]);
    const row = h("div", { class: `nbdash-error nbdash-error--${kind}` }, [head, h("div", { class: "nbdash-error-message" }, [message])]);
    if (traceback) {
      row.append(h("details", { class: "nbdash-error-traceback" }, [h("summary", {}, ["Traceback"]), h("pre", {}, [traceback])]));
    }
    const entry = { key, row, count: 1, badge };
    close.addEventListener("click", () => this.remove(entry));
    this.entries.push(entry);
    this.list.append(row);
    while (this.entries.length > MAX_ENTRIES) this.remove(this.entries[0]);
    this.refresh();
  }

  /** @param {{row: HTMLElement}} entry */
  remove(entry) {
    this.entries = this.entries.filter((e) => e !== entry);
    entry.row.remove();
    this.refresh();
  }

  clear() {
    this.entries = [];
    this.list.replaceChildren();
    this.refresh();
  }

  refresh() {
    const n = this.entries.length;
    this.el.hidden = n === 0;
    const errors = this.entries.filter((e) => e.row.classList.contains("nbdash-error--error")).length;
    this.title.textContent = errors ? `${errors} callback error${errors === 1 ? "" : "s"}` : `${n} warning${n === 1 ? "" : "s"}`;
  }
}

/**
 * The error entry's title: the message's first line when it is Dash's "Callback error updating
 * a.children, b.children" (or "... with no output from input ..."), else the callback's name.
 * @param {{callback: string, message: string}} msg
 */
export function errorTitle(msg) {
  const first = String(msg.message || "").split("\n", 1)[0];
  return first.startsWith("Callback error") ? first : `Callback error in ${msg.callback}`;
}
