// List the standard library files the engine needs: start Pyodide in Node from the site's own
// files, install `decision-tool`, run the snapshot's warm-up and its calendar part (the libraries
// the worker installs on demand import their own modules), and print (JSON) the path inside
// python_stdlib.zip of every module then imported from it. Run by stdlib_cut.py; never shipped.
//
// Usage: node stdlib_modules.mjs <site pyodide/ folder> <warm-up .py>
// Prints {"zip": its path, "files": every module's file, "warm": those imported before the
// calendar part, i.e. already in the memory snapshot}.

import { warmEngine } from "./warm_engine.mjs";

const LIST = `
import json, sys
prefix = sys.path[1] + "/"  # /lib/python3NN.zip/
found = set()
for module in list(sys.modules.values()):
    origin = getattr(getattr(module, "__spec__", None), "origin", None) or ""
    if origin.startswith(prefix):
        found.add(origin[len(prefix):])
json.dumps({"zip": sys.path[1], "files": sorted(found)})
`;

/** Print the list; exit 2 with the message on failure. */
async function main() {
  const [folderArg, warmUpPath] = process.argv.slice(2);
  const pyodide = await warmEngine(folderArg, warmUpPath);
  const warm = JSON.parse(pyodide.runPython(LIST)).files; // in memory after a restore
  pyodide.runPython("calendar_warm_up()"); // the on-demand libraries' imports count too
  const all = JSON.parse(pyodide.runPython(LIST));
  process.stdout.write(JSON.stringify({ ...all, warm }) + "\n");
}

main().catch((error) => {
  process.stderr.write(`stdlib_modules: ${error instanceof Error ? error.message : error}\n`);
  process.exit(2);
});
