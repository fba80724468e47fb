// Make a Pyodide memory snapshot of the runtime with the engine imported and warmed up, in Node,
// from the exact files the site serves. Run by snapshot.py at build time; never shipped.
//
// Usage: node snapshot.mjs <site pyodide/ folder> <warm-up .py> <output file>
//
// Recipe (shared/notes/pyodide-snapshot.md): load with `_makeSnapshot`, install `decision-tool`
// from the site's lock, import and warm up everything (the filesystem is not in the snapshot, so
// nothing may be left to import later), drop build-machine paths, empty `loadedPackages`, write
// `makeMemorySnapshot()`. `_makeSnapshot` and `makeMemorySnapshot` are private Pyodide API: the
// version is pinned in package.json and tests compare restored and fresh decisions.

import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";

function fail(message) {
  process.stderr.write(`snapshot: ${message}\n`);
  process.exit(2);
}

/** Make the snapshot; throws with a readable message (a Python traceback included). */
async function main() {
  const [folderArg, warmUpPath, outPath] = process.argv.slice(2);
  if (!folderArg || !warmUpPath || !outPath) fail("usage: snapshot.mjs <pyodide-dir> <warm-up.py> <out>");
  const folder = path.resolve(folderArg) + path.sep;
  const { loadPyodide } = await import(pathToFileURL(path.join(folder, "pyodide.mjs")).href);
  const pyodide = await loadPyodide({
    indexURL: folder,
    lockFileURL: path.join(folder, "pyodide-lock.json"),
    packageBaseUrl: folder,
    _makeSnapshot: true,
    stdout: (line) => process.stderr.write(`[python] ${line}\n`),
    stderr: (line) => process.stderr.write(`[python:err] ${line}\n`),
  });
  const errors = [];
  await pyodide.loadPackage(["decision-tool"], {
    errorCallback: (message) => errors.push(message),
    messageCallback: () => {},
  });
  if (errors.length) fail(`loadPackage failed: ${errors.join(" | ")}`);
  pyodide.runPython(await readFile(warmUpPath, "utf8"));
  for (const name of Object.keys(pyodide.loadedPackages)) delete pyodide.loadedPackages[name];
  await writeFile(outPath, pyodide.makeMemorySnapshot());
}

// Only the message: Node would otherwise print the minified runtime's one-line source (1 MB).
main().catch((error) => fail(error instanceof Error ? error.message : String(error)));
