// Restore the built site's Pyodide memory snapshot in Node and run the answers corpus through it.
//
// Usage: node restore_corpus.mjs <site pyodide/ folder> <corpus.json>
// Prints JSON on stdout: `files`, what the restored runtime finds of the time zone files; `before`,
// the corpus results (tests/pyodide/corpus_runner.py's run_corpus) from the snapshot alone, no
// wheel installed; `results`, the same once the manifest's on-demand wheels (the calendar's
// libraries) are installed, as the worker does at the first calendar request. The snapshot is
// found through snapshot.json and checked against its sha256 integrity first, like the worker's
// fetch does. `compiled`: how the code in the snapshot was compiled (docstrings, column
// positions), and whether a wheel installed after the restore still gets its docstrings.

import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

function fail(message) {
  process.stderr.write(`restore_corpus: ${message}\n`);
  process.exit(2);
}

const [folderArg, corpusPath] = process.argv.slice(2);
if (!folderArg || !corpusPath) fail("usage: restore_corpus.mjs <pyodide-dir> <corpus.json>");
const folder = path.resolve(folderArg) + path.sep;
const manifest = JSON.parse(await readFile(path.join(folder, "snapshot.json"), "utf8"));
const snapshot = await readFile(path.join(folder, manifest.file));
const integrity = "sha256-" + createHash("sha256").update(snapshot).digest("base64");
if (integrity !== manifest.integrity) fail(`integrity mismatch: ${integrity} != ${manifest.integrity}`);

const { loadPyodide } = await import(pathToFileURL(path.join(folder, "pyodide.mjs")).href);
// The worker's own helper: room for a snapshot whose heap outgrew the runtime's initial memory.
const memoryHelper = path.join(
  here, "..", "..", "browser", "worker", "snapshot-memory.js",
);
const helperSource = Buffer.from(await readFile(memoryHelper)).toString("base64");
const { withRoomForSnapshot } = await import(`data:text/javascript;base64,${helperSource}`);
const pyodide = await withRoomForSnapshot(snapshot, (bytes) =>
  loadPyodide({
    indexURL: folder,
    lockFileURL: path.join(folder, "pyodide-lock.json"),
    packageBaseUrl: folder,
    ...(manifest.stdlib ? { stdLibURL: path.join(folder, manifest.stdlib) } : {}),
    _loadSnapshot: bytes,
    stdout: (line) => process.stderr.write(`[python] ${line}\n`),
    stderr: (line) => process.stderr.write(`[python:err] ${line}\n`),
  }),
  manifest.base,
  manifest.holes,
);
pyodide.runPython("import random; random.seed()");
const namespace = pyodide.toPy({});
pyodide.runPython(await readFile(path.join(here, "..", "pyodide", "corpus_runner.py"), "utf8"), {
  globals: namespace,
});
const corpus = await readFile(corpusPath, "utf8");
// Time (v2): the zone files are not in the snapshot; what zoneinfo alone would find now.
const files = JSON.parse(
  pyodide.runPython(`
import json, zoneinfo
from importlib import resources
try:
    zoneinfo.ZoneInfo("Asia/Tokyo")
    plain = "found"
except Exception as error:
    plain = type(error).__name__
json.dumps({
    "tzdata_file": resources.files("tzdata").joinpath("zoneinfo", "Asia", "Tokyo").is_file(),
    "plain_zoneinfo": plain,
})
`),
);
const before = JSON.parse(namespace.get("run_corpus")(corpus));
// As the worker does at the first calendar request: install the wheels the snapshot left out.
const errors = [];
await pyodide.loadPackage(manifest.on_demand ?? [], {
  errorCallback: (message) => errors.push(message),
  messageCallback: () => {},
});
if (errors.length) fail(`loadPackage failed: ${errors.join(" | ")}`);
const results = JSON.parse(namespace.get("run_corpus")(corpus));
const compiled = JSON.parse(
  pyodide.runPython(`
import json, decision_tool, icalendar, jinja2, markdown_it
in_snapshot = [decision_tool.evaluate_json, jinja2.Environment.get_template,
               markdown_it.MarkdownIt.render, json.dumps]
json.dumps({
    "docstrings": [function.__doc__ for function in in_snapshot],
    "column_positions": any(
        column is not None for _, _, column, _ in decision_tool.evaluate_json.__code__.co_positions()
    ),
    "on_demand_docstring": bool(icalendar.Calendar.__doc__),
})
`),
);
process.stdout.write(JSON.stringify({ before, results, files, compiled }));
