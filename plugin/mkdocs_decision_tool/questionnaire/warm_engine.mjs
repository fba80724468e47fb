// Start Pyodide in Node from the site's own `pyodide/` folder, install `decision-tool` from its
// lock and run the snapshot's warm-up: the common start of snapshot.mjs and stdlib_modules.mjs
// (build time only; never shipped).

import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";

/**
 * The warmed-up runtime. `options` go to loadPyodide (e.g. `_makeSnapshot`); throws with a
 * readable message when the engine's wheels do not install or the warm-up fails.
 */
export async function warmEngine(folderArg, warmUpPath, options = {}) {
  const folder = path.resolve(folderArg) + path.sep;
  const { loadPyodide } = await import(pathToFileURL(path.join(folder, "pyodide.mjs")).href);
  const pyodide = await loadPyodide({
    indexURL: folder,
    lockFileURL: path.join(folder, "pyodide-lock.json"),
    packageBaseUrl: folder,
    stdout: (line) => process.stderr.write(`[python] ${line}\n`),
    stderr: (line) => process.stderr.write(`[python:err] ${line}\n`),
    ...options,
  });
  const errors = [];
  await pyodide.loadPackage(["decision-tool"], {
    errorCallback: (message) => errors.push(message),
    messageCallback: () => {},
  });
  if (errors.length) throw new Error(`loadPackage failed: ${errors.join(" | ")}`);
  pyodide.runPython(await readFile(warmUpPath, "utf8"));
  return pyodide;
}
