/**
 * Files in and out: dcc.Upload and dcc.Download.
 *
 * - **Upload**: a drop zone around its children. Dropping files on it, or clicking it (unless
 *   `disable_click`) to open the file picker, reads each file as a base64 data URL and sends one
 *   event: `contents`, `filename`, `last_modified` (seconds since 1970) — strings / a number for one
 *   file, lists (in the order picked) with `multiple`. Files outside `accept` (extensions, MIME
 *   types, `type/*`) or the `min_size` / `max_size` bytes are left out, as react-dropzone does in
 *   Dash; while dragging, the zone takes `className_active` + `style_active`, or the `_reject`
 *   ones when something dragged would be refused; `disabled` takes the `_disabled` ones.
 *   `enable_folder_selection` lets the picker choose a folder. nbdash also notes in the zone's corner
 *   which files it took ("✓ data.csv received") or refused ("✗ not accepted: ...").
 * - **Download**: renders nothing. When a callback sets `data` (see `dcc.send_bytes`,
 *   `send_file`, `send_string`, `send_data_frame`) the leading view saves it as a file named
 *   `data.filename`: `data.content` decoded from base64 when `data.base64`, with the MIME type
 *   `data.type` (else the `type` prop). Only changes made while the page shows the app download —
 *   never the value a reloaded page finds in the layout — and the same data sent again downloads
 *   again, as in Dash.
 */
import { h, setCommon, invisible } from "./common.js";
import { setStyle } from "../style.js";

/** @typedef {import("../protocol.js").ComponentNode} ComponentNode */
/** @typedef {import("../renderer.js").Renderer} Renderer */

/**
 * Whether a file (or a dragged item: name may be "") passes Upload's `accept` string, as
 * attr-accept decides: `.ext` matches the name's end, `type/*` the MIME family, else the exact type.
 * @param {{name: string, type: string}} file
 * @param {string | null | undefined} accept
 */
export function accepted(file, accept) {
  if (!accept) return true;
  const name = (file.name || "").toLowerCase();
  const type = (file.type || "").toLowerCase();
  return accept.split(",").map((a) => a.trim().toLowerCase()).filter(Boolean).some((rule) => {
    if (rule.startsWith(".")) return name.endsWith(rule);
    if (rule.endsWith("/*")) return type.startsWith(rule.slice(0, -1));
    return type === rule;
  });
}

/** @param {File} file @returns {Promise<string>} */
function dataUrl(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

/** @param {ComponentNode} node @param {Renderer} r */
export function Upload(node, r) {
  const zone = h("div", { role: "button", tabindex: "0" });
  const picker = /** @type {HTMLInputElement} */ (h("input", { type: "file", hidden: true, tabindex: "-1" }));
  zone.append(...r.render(node.props.children), picker);
  /** @type {"" | "active" | "reject"} */
  let dragging = "";
  let depth = 0; // dragenter/dragleave pairs over child elements
  /** @type {Record<string, any> | undefined} */
  let shownStyle;

  const paint = () => {
    const p = node.props;
    const state = p.disabled ? "disabled" : dragging;
    const extra = state ? p[`className_${state}`] : undefined;
    setCommon(zone, { id: p.id, className: [p.className, extra].filter(Boolean).join(" ") || undefined }, undefined, "nbdash-upload");
    const style = { ...(p.style || {}), ...(state ? p[`style_${state}`] ?? DEFAULT_STATE_STYLES[state] : {}) };
    setStyle(zone, style, shownStyle);
    shownStyle = style;
    zone.setAttribute("aria-disabled", String(!!p.disabled));
    picker.accept = p.accept ?? "";
    picker.multiple = !!p.multiple;
    picker.toggleAttribute("webkitdirectory", !!p.enable_folder_selection);
  };

  const fits = (/** @type {File} */ f) => {
    const p = node.props;
    const max = p.max_size ?? -1;
    return accepted(f, p.accept) && f.size >= (p.min_size ?? 0) && (max === -1 || f.size <= max);
  };
  /** nbdash: feedback once files are taken (or refused): a small note in the zone's corner, kept
   * until the next drag or pick (Dash shows nothing; an app without outputs for the upload left the
   * user wondering whether anything happened). */
  const tell = (/** @type {string} */ text) => {
    zone.setAttribute("data-nbdash-note", text);
    zone.title = text;
  };
  const take = async (/** @type {File[]} */ files) => {
    const p = node.props;
    let chosen = files.filter(fits);
    if (!p.multiple) chosen = chosen.slice(0, 1);
    if (!chosen.length) {
      if (files.length) tell(`✗ not accepted: ${files.map((f) => f.name).join(", ")}`);
      return;
    }
    tell(`✓ ${chosen.length === 1 ? chosen[0].name : `${chosen.length} files`} received`);
    const contents = await Promise.all(chosen.map(dataUrl));
    const names = chosen.map((f) => f.name);
    const modified = chosen.map((f) => f.lastModified / 1000);
    r.send(node, p.multiple
      ? { contents, filename: names, last_modified: modified }
      : { contents: contents[0], filename: names[0], last_modified: modified[0] });
  };

  zone.addEventListener("click", (e) => {
    if (node.props.disabled || node.props.disable_click || e.target === picker) return;
    picker.value = "";
    picker.click();
  });
  zone.addEventListener("keydown", (e) => {
    if ((e.key === "Enter" || e.key === " ") && !node.props.disabled && !node.props.disable_click) {
      e.preventDefault();
      picker.value = "";
      picker.click();
    }
  });
  picker.addEventListener("change", () => {
    take([...(picker.files || [])]).catch((err) => console.error("nbdash: dcc.Upload could not read a file", err));
  });
  zone.addEventListener("dragenter", (e) => {
    e.preventDefault();
    if (node.props.disabled) return;
    depth += 1;
    zone.removeAttribute("data-nbdash-note");
    const items = [...(e.dataTransfer?.items || [])].filter((i) => i.kind === "file");
    const refused = refusedWhileDragging(items, node.props);
    dragging = refused ? "reject" : "active";
    paint();
  });
  zone.addEventListener("dragover", (e) => {
    e.preventDefault(); // allows the drop
    if (e.dataTransfer) e.dataTransfer.dropEffect = node.props.disabled ? "none" : "copy";
  });
  zone.addEventListener("dragleave", () => {
    depth = Math.max(0, depth - 1);
    if (!depth && dragging) {
      dragging = "";
      paint();
    }
  });
  zone.addEventListener("drop", (e) => {
    e.preventDefault();
    depth = 0;
    dragging = "";
    paint();
    if (node.props.disabled) return;
    take([...(e.dataTransfer?.files || [])]).catch((err) => console.error("nbdash: dcc.Upload could not read a file", err));
  });
  paint();
  return {
    el: zone,
    /** @param {Record<string, any>} changed @param {Record<string, any>} old */
    update(changed, old) {
      if ("children" in changed) {
        r.unmount(old.children);
        zone.replaceChildren(...r.render(changed.children), picker);
      }
      paint();
    },
  };
}

const DEFAULT_STATE_STYLES = /** @type {Record<string, Record<string, any>>} */ ({
  active: { borderStyle: "solid", borderColor: "#6c6", backgroundColor: "#eee" },
  reject: { borderStyle: "solid", borderColor: "#c66", backgroundColor: "#eee" },
  disabled: { opacity: 0.5 },
});

/**
 * While dragging, browsers reveal MIME types but not names: `accept` rules that are all MIME types
 * can refuse an item already; extension rules are judged at the drop.
 * @param {DataTransferItem[]} items
 * @param {Record<string, any>} p
 */
function refusedWhileDragging(items, p) {
  if (!p.multiple && items.length > 1) return true;
  const rules = String(p.accept || "").split(",").map((a) => a.trim()).filter(Boolean);
  if (!rules.length || rules.some((a) => a.startsWith("."))) return false;
  return items.some((i) => !accepted({ name: "", type: i.type }, rules.join(",")));
}

/**
 * The bytes or text of Download's `data`, as a Blob.
 * @param {{content?: string, base64?: boolean, type?: string | null}} data
 * @param {string} fallbackType
 */
export function downloadBlob(data, fallbackType) {
  const type = data.type || fallbackType || "text/plain";
  const content = data.content ?? "";
  if (!data.base64) return new Blob([content], { type });
  const binary = atob(content);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Blob([bytes], { type });
}

/** @param {ComponentNode} node @param {Renderer} r */
export function Download(node, r) {
  const save = (/** @type {any} */ data) => {
    if (!data || typeof data !== "object" || !r.leader) return;
    const url = URL.createObjectURL(downloadBlob(data, node.props.type));
    const a = h("a", { href: url, download: data.filename || "download", hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  return {
    el: invisible("dcc.Download"),
    /** @param {Record<string, any>} changed */
    update(changed) {
      if ("data" in changed) save(changed.data);
    },
  };
}
