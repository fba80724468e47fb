// Start Pyodide in Node from the site's own `pyodide/` folder, install `decision-tool` from its
// lock and run the snapshot's warm-up: the common start of snapshot.mjs and stdlib_modules.mjs
// (build time only; never shipped).
//
// Python runs with PYTHONNODEBUGRANGES: code compiled here keeps line numbers but not column
// positions (tracebacks lose their ^^^ marks), a quarter less code in the snapshot. The warm-up
// finds `docstrings.py` in BUILD_DIR (it compiles the wheels' modules without docstrings).

import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";

const BUILD_DIR = "/build"; // snapshot_warmup.py's BUILD

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
    env: { PYTHONNODEBUGRANGES: "1" },
    ...options,
  });
  pyodide.FS.mkdirTree(BUILD_DIR);
  const helper = await readFile(new URL("../docstrings.py", import.meta.url));
  pyodide.FS.writeFile(`${BUILD_DIR}/docstrings.py`, helper);
  const errors = [];
  await pyodide.loadPackage(["decision-tool"], {
    errorCallback: (message) => errors.push(message),
    messageCallback: () => {},
  });
  if (errors.length) throw new Error(`loadPackage failed: ${errors.join(" | ")}`);
  pyodide.runPython(await readFile(warmUpPath, "utf8"));
  return pyodide;
}
