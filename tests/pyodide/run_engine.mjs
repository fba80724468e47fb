// Run the answers corpus through the engine under the real Pyodide runtime, in Node, offline.
//
// Usage: node run_engine.mjs <site>/assets/decision-tool/pyodide/ <corpus.json> [<lock.json>]
//
// Loads pyodide.mjs, the lock and the wheels from the BUILT SITE folder (the bytes the browser
// gets), installs `decision-tool` from the lock, then runs tests/pyodide/corpus_runner.py inside
// Pyodide. Prints {"environment": {...}, "results": [...]} as JSON on stdout. Any failure to
// load is loud: a message on stderr and a non-zero exit.
//
// Pyodide's Node loader reads wheels with fs.readFile and does NOT check the lock's sha256 (only
// the browser's fetch() does, through `integrity`). This script therefore checks every wheel's
// sha256 against the lock itself before loading, so Node runs exactly the locked bytes.

import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

function fail(message, code = 2) {
  process.stderr.write(`run_engine: ${message}\n`);
  process.exit(code);
}

async function checkLockedWheels(folder, lockPath) {
  const lock = JSON.parse(await readFile(lockPath, "utf8"));
  for (const [name, pkg] of Object.entries(lock.packages)) {
    const bytes = await readFile(path.join(folder, pkg.file_name));
    const actual = createHash("sha256").update(bytes).digest("hex");
    if (actual !== pkg.sha256) {
      fail(`sha256 mismatch for ${name} (${pkg.file_name}): lock ${pkg.sha256}, file ${actual}`);
    }
  }
  return Object.keys(lock.packages);
}

async function main() {
  const [folderArg, corpusPath, lockArg] = process.argv.slice(2);
  if (!folderArg || !corpusPath) fail("usage: run_engine.mjs <pyodide-dir> <corpus.json> [lock]");
  const folder = path.resolve(folderArg) + path.sep;
  const lockPath = lockArg ? path.resolve(lockArg) : path.join(folder, "pyodide-lock.json");
  const locked = await checkLockedWheels(folder, lockPath);

  const { loadPyodide } = await import(pathToFileURL(path.join(folder, "pyodide.mjs")).href);
  const started = performance.now();
  // In Node, indexURL and packageBaseUrl are filesystem paths. packageBaseUrl is given so that
  // Node's fallback for a wheel it cannot read retries this folder, never the CDN.
  const pyodide = await loadPyodide({
    indexURL: folder,
    lockFileURL: lockPath,
    packageBaseUrl: folder,
    stdout: (line) => process.stderr.write(`[python] ${line}\n`),
    stderr: (line) => process.stderr.write(`[python:err] ${line}\n`),
  });
  const runtimeReady = performance.now();

  // loadPackage does not reject when a download or install fails: it reports through
  // errorCallback and leaves the package out. Collect both and fail on either.
  const errors = [];
  const loaded = await pyodide.loadPackage(["decision-tool"], {
    errorCallback: (message) => errors.push(message),
    messageCallback: () => {},
  });
  const names = loaded.map((pkg) => pkg.name).sort();
  if (errors.length > 0 || names.join() !== [...locked].sort().join()) {
    fail(`loadPackage failed: loaded [${names}] of [${locked}]; errors: ${errors.join(" | ")}`, 3);
  }
  const packagesReady = performance.now();

  const runner = await readFile(path.join(here, "corpus_runner.py"), "utf8");
  const namespace = pyodide.toPy({});
  pyodide.runPython(runner, { globals: namespace });
  const corpus = await readFile(corpusPath, "utf8");
  const results = JSON.parse(namespace.get("run_corpus")(corpus));
  const environment = JSON.parse(namespace.get("environment")());
  const done = performance.now();
  environment.timings_ms = {
    runtime: Math.round(runtimeReady - started),
    packages: Math.round(packagesReady - runtimeReady),
    corpus: Math.round(done - packagesReady),
  };
  process.stdout.write(JSON.stringify({ environment, results }));
}

await main();
