// Bench page F: the floor. Loads stock Pyodide (the site's runtime files with the full standard
// library, _bench/pyodide/) on the main thread, nothing else.
import { loadPyodide } from "./pyodide/pyodide.mjs";

const indexURL = new URL("./pyodide/", import.meta.url).href;
const pyodide = await loadPyodide({ indexURL });
pyodide.runPython("1 + 1");
performance.mark("bench:ready");
document.querySelector("[data-state]").textContent = "runtime ready";
