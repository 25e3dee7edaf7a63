/**
 * plotly.js without a CDN: the kernel sends `plotly.min.js` (from the installed plotly package) once
 * per page as a binary comm buffer, on the first `{type:"need", asset:"plotly"}`. The script is run
 * from a blob: URL and the promise is cached on `window`, so every graph of every app on the page
 * shares one copy (jupyter-facts §5). A page that already has `window.Plotly` uses it.
 */

const KEY = "__nbdash_plotly__";

/**
 * @param {(name: string) => Promise<DataView[]>} fetchAsset  asks this widget's kernel for an asset
 * @returns {Promise<any>} window.Plotly
 */
export function loadPlotly(fetchAsset) {
  const w = /** @type {any} */ (window);
  if (w.Plotly && typeof w.Plotly.react === "function") return Promise.resolve(w.Plotly);
  if (!w[KEY]) {
    w[KEY] = fetchAsset("plotly").then((buffers) => runScript(new Blob(buffers, { type: "text/javascript" })));
    w[KEY].catch(() => { delete w[KEY]; });
  }
  return w[KEY];
}

/** @param {Blob} blob */
function runScript(blob) {
  const w = /** @type {any} */ (window);
  return new Promise((resolve, reject) => {
    const url = URL.createObjectURL(blob);
    const script = document.createElement("script");
    // A page with an AMD loader would capture plotly's UMD bundle; hide it while the script runs.
    const define = w.define;
    w.define = undefined;
    const done = () => {
      w.define = define;
      URL.revokeObjectURL(url);
    };
    script.onload = () => {
      done();
      if (w.Plotly) resolve(w.Plotly);
      else reject(new Error("plotly.js ran but did not define window.Plotly"));
    };
    script.onerror = () => {
      done();
      reject(new Error("the browser refused to run plotly.js from a blob: URL (Content-Security-Policy?)"));
    };
    script.src = url;
    document.head.append(script);
  });
}
