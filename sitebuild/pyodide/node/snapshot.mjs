// Make a Pyodide memory snapshot of the runtime with the engine imported and warmed up, in Node,
// from the exact files the site serves. Run by snapshot.py at build time; never shipped.
//
// Usage: node snapshot.mjs <site pyodide/ folder> <warm-up .py> <output file>
// Prints {"base": N, "holes": [[offset, length], ...], "on_demand": [...]} on stdout: the first N
// bytes of the heap are stored XOR the runtime's memory as instantiated (see encodeAgainstBase;
// snapshot-memory.js undoes it before the restore); the holes are runs of zeros left out of the
// file (see cutHoles; snapshot-memory.js puts them back); the wheels the snapshot leaves out
// (the warm-up's ON_DEMAND).
//
// Recipe (shared/notes/pyodide-snapshot.md): load with `_makeSnapshot`, install `decision-tool`
// from the site's lock, import and warm up what the engine uses (the filesystem is not in the
// snapshot, so nothing may be left to import later, except the on-demand wheels the worker
// installs itself), drop build-machine paths, empty `loadedPackages`, write
// `makeMemorySnapshot()`. `_makeSnapshot` and `makeMemorySnapshot` are private Pyodide API: the
// version is pinned in package.json and tests compare restored and fresh decisions.
//
// Three steps make it smaller without changing what is restored: free heap memory and the unused
// stack are zeroed first (`scrub`), the static data that the wasm file already brings is stored
// as a difference (`encodeAgainstBase`), and the long runs of zeros this leaves (more than half
// of the 31.5 MB) are cut out of the file (`cutHoles`): less to decode, hash, keep and read back.

import { writeFile } from "node:fs/promises";

import { warmEngine } from "./warm_engine.mjs";

function fail(message) {
  process.stderr.write(`snapshot: ${message}\n`);
  process.exit(2);
}

/** Make the snapshot; throws with a readable message (a Python traceback included). */
async function main() {
  const [folderArg, warmUpPath, outPath] = process.argv.slice(2);
  if (!folderArg || !warmUpPath || !outPath) fail("usage: snapshot.mjs <pyodide-dir> <warm-up.py> <out>");
  const base = captureInitialMemory();
  const pyodide = await warmEngine(folderArg, warmUpPath, { _makeSnapshot: true });
  const onDemand = JSON.parse(pyodide.runPython("json.dumps(ON_DEMAND)"));
  for (const name of Object.keys(pyodide.loadedPackages)) delete pyodide.loadedPackages[name];
  scrub(pyodide._module);
  const snapshot = pyodide.makeMemorySnapshot();
  encodeAgainstBase(snapshot, base.bytes);
  const { file, holes } = cutHoles(snapshot);
  await writeFile(outPath, file);
  const facts = { base: base.bytes.length, holes, on_demand: onDemand };
  process.stdout.write(`${JSON.stringify(facts)}\n`);
}

/**
 * Keep a copy of the runtime's memory right after WebAssembly instantiates it (the wasm's data
 * segments, zeros above): `{bytes}`, filled in once loadPyodide has instantiated the runtime.
 */
function captureInitialMemory() {
  const base = { bytes: new Uint8Array(0) };
  const { instantiate } = WebAssembly;
  WebAssembly.instantiate = async (...args) => {
    const result = await instantiate.apply(WebAssembly, args);
    const instance = result instanceof WebAssembly.Instance ? result : result?.instance;
    if (!(instance?.exports?.memory instanceof WebAssembly.Memory)) return result;
    const memory = new Uint8Array(instance.exports.memory.buffer);
    let end = memory.length;
    while (end > 0 && memory[end - 1] === 0) end -= 1;
    base.bytes = memory.slice(0, Math.ceil(end / 4) * 4);
    WebAssembly.instantiate = instantiate;
    return result;
  };
  return base;
}

/**
 * Zero the heap's free chunks and the stack below its pointer: leftovers of the imports and the
 * warm-up that nothing reads again, but that would cost bytes on the wire. Every free chunk is
 * allocated (the heap may not grow meanwhile), zeroed and freed again; live memory is untouched.
 */
function scrub(module) {
  const limit = module._malloc_footprint_limit();
  module._malloc_set_footprint_limit(module._malloc_footprint());
  const taken = [];
  try {
    for (let size = 1 << 24; size >= 8; size >>= 1) {
      for (let chunk = module._malloc(size); chunk; chunk = module._malloc(size)) {
        module.HEAPU8.fill(0, chunk, chunk + module._malloc_usable_size(chunk));
        taken.push(chunk);
      }
    }
  } finally {
    for (const chunk of taken) module._free(chunk);
    module._malloc_set_footprint_limit(limit);
  }
  const stackTop = module._emscripten_stack_get_current() - 256; // below any live frame
  module.HEAPU8.fill(0, module._emscripten_stack_get_end(), stackTop);
}

/**
 * Store the snapshot's first `base.length` heap bytes XOR `base` (the memory as instantiated):
 * the static data the wasm already carries becomes zeros, which cost nearly nothing compressed.
 * The heap starts after the snapshot's header, whose length is its second 32-bit word.
 */
function encodeAgainstBase(snapshot, base) {
  const header = new DataView(snapshot.buffer, snapshot.byteOffset, 8).getUint32(4, true);
  const heap = snapshot.subarray(header, header + base.length);
  for (let index = 0; index < heap.length; index += 1) heap[index] ^= base[index];
}

/**
 * Runs of at least this many zero bytes are left out of the file: 13 holes hold 16.8 of the
 * 31.5 MB. Brotli 11 of the file is a few kB smaller than of the whole snapshot.
 */
const HOLE_BYTES = 65536;

/**
 * The snapshot without its runs of zeros (`file`), and where they were (`holes`: [offset in the
 * snapshot, length], in order). snapshot-memory.js's `fillHoles` makes the snapshot again.
 */
function cutHoles(snapshot) {
  const holes = [];
  let run = 0;
  for (let index = 0; index <= snapshot.length; index += 1) {
    if (index < snapshot.length && snapshot[index] === 0) {
      run += 1;
      continue;
    }
    if (run >= HOLE_BYTES) holes.push([index - run, run]);
    run = 0;
  }
  const file = new Uint8Array(snapshot.length - holes.reduce((sum, [, length]) => sum + length, 0));
  let from = 0;
  let to = 0;
  for (const [offset, length] of [...holes, [snapshot.length, 0]]) {
    file.set(snapshot.subarray(from, offset), to);
    to += offset - from;
    from = offset + length;
  }
  return { file, holes };
}

// Only the message: Node would otherwise print the minified runtime's one-line source (1 MB).
main().catch((error) => fail(error instanceof Error ? error.message : String(error)));
