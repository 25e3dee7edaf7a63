/**
 * Performance marks and measures named `nbdash: <what>`, for bench/bench_libraries.py's phase
 * breakdown of a cold start (view render, asset requests and answers, bundle runs, first island
 * render). They are entries in the page's own performance timeline, nothing is sent anywhere;
 * creating one costs about a microsecond and failures (an old browser) are ignored.
 */

/** A point in time. @param {string} what */
export function mark(what) {
  try {
    performance.mark(`nbdash: ${what}`);
  } catch {
    /* measuring is a courtesy */
  }
}

/** A span from `start` (performance.now()) to `end`. @param {string} what @param {number} start @param {number} [end] */
export function measure(what, start, end = performance.now()) {
  try {
    performance.measure(`nbdash: ${what}`, { start, end });
  } catch {
    /* measuring is a courtesy */
  }
}
