/**
 * `window.dash_clientside` for component libraries: the page's one object, built in
 * clientside/dash_clientside.js (shared with clientside callbacks and `assets/*.js`). This module only
 * names it for the islands' code (loader.js installs it before a library bundle runs; host.js
 * cleans URL props with Dash's `clean_url`).
 */
export { addSetPropsHandler, cleanUrl, installClientside } from "../clientside/dash_clientside.js";
