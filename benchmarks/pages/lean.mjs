// Bench page P′: a leaner plain embed, on the main thread: the site's own runtime folder (its
// standard library cut to what the engine imports, no snapshot) and only the wheels the first
// decision needs (lean-wheels.json, written by benchmarks/site.py: the lock less the wheels the
// snapshot leaves for later), loaded by URL (no dependency resolution). Answers from the fragment.
import { loadPyodide } from "../assets/decision-tool/pyodide/pyodide.mjs";

const indexURL = new URL("../assets/decision-tool/pyodide/", import.meta.url).href;
const answers = decodeURIComponent(location.hash.slice(1)) || "{}";
const wheels = fetch(new URL("lean-wheels.json", import.meta.url)).then((r) => r.json());
const pyodide = await loadPyodide({ indexURL });
await pyodide.loadPackage((await wheels).map((name) => new URL(name, indexURL).href));
const evaluateJson = pyodide.runPython("import decision_tool\ndecision_tool.evaluate_json");
performance.mark("bench:ready");
const decision = JSON.parse(evaluateJson(answers));
document.querySelector("[data-decision]").textContent = JSON.stringify(decision, null, 2);
document.querySelector("[data-recommendation]").textContent = String(decision.recommendation);
