// Bench page P: the straightforward embed, on the main thread: stock Pyodide (_bench/pyodide/, the
// full standard library) and the site's wheels and lock.
// Answers come from the URL fragment (URL-encoded JSON), like a permalink.
import { loadPyodide } from "./pyodide/pyodide.mjs";

const indexURL = new URL("./pyodide/", import.meta.url).href;
const answers = decodeURIComponent(location.hash.slice(1)) || "{}";
const pyodide = await loadPyodide({ indexURL });
const lock = await (await fetch(new URL("pyodide-lock.json", indexURL))).json();
await pyodide.loadPackage(Object.keys(lock.packages));
const evaluateJson = pyodide.runPython("import decision_tool\ndecision_tool.evaluate_json");
performance.mark("bench:ready");
const decision = JSON.parse(evaluateJson(answers));
document.querySelector("[data-decision]").textContent = JSON.stringify(decision, null, 2);
document.querySelector("[data-recommendation]").textContent = String(decision.recommendation);
