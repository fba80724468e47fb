// Bench page F: the floor. Loads the site's own Pyodide on the main thread, nothing else.
import { loadPyodide } from "../assets/decision-tool/pyodide/pyodide.mjs";

const indexURL = new URL("../assets/decision-tool/pyodide/", import.meta.url).href;
const pyodide = await loadPyodide({ indexURL });
pyodide.runPython("1 + 1");
performance.mark("bench:ready");
document.querySelector("[data-state]").textContent = "runtime ready";
