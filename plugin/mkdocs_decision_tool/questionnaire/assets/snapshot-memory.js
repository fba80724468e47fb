// Room for a memory snapshot bigger than the runtime's initial memory (used by worker.js and by
// the Node restore test, tests/bench/restore_corpus.mjs).
//
// Pyodide 314.0.7 restores a snapshot by copying it into the wasm memory as instantiated. That
// memory is declared inside pyodide.asm.wasm (30 MiB, exported, so the INITIAL_MEMORY that
// loadPyodide sets is ignored) and is not grown first: a snapshot of a larger heap (the engine's
// dependencies imported: icalendar alone takes about 4 MB) fails with "offset is out of bounds".
// While `load` runs, the runtime's memory is grown right after instantiation to hold the heap.

const PAGE = 65536;

/** The size of the heap a snapshot holds: its length less its header (offset in word 1). */
function heapBytes(view) {
  const header = new DataView(view.buffer, view.byteOffset, 8).getUint32(4, true);
  return view.byteLength - header;
}

/** Grow an instantiation result's exported memory to at least `needed` bytes. */
function grow(result, needed) {
  const instance = result instanceof WebAssembly.Instance ? result : result?.instance;
  const memory = instance?.exports?.memory;
  if (memory instanceof WebAssembly.Memory) {
    const missing = Math.ceil((needed - memory.buffer.byteLength) / PAGE);
    if (missing > 0) memory.grow(missing);
  }
  return result;
}

/**
 * Run `load(view)` (which calls loadPyodide with `_loadSnapshot: view`) with WebAssembly's
 * instantiation growing the new memory to the snapshot's heap; restore the originals after.
 */
export async function withRoomForSnapshot(snapshot, load) {
  const bytes = await snapshot;
  const view = ArrayBuffer.isView(bytes) ? bytes : new Uint8Array(bytes);
  const needed = heapBytes(view);
  const { instantiate, instantiateStreaming } = WebAssembly;
  WebAssembly.instantiate = async (...args) => grow(await instantiate.apply(WebAssembly, args), needed);
  if (instantiateStreaming) {
    WebAssembly.instantiateStreaming = async (...args) =>
      grow(await instantiateStreaming.apply(WebAssembly, args), needed);
  }
  try {
    return await load(view);
  } finally {
    WebAssembly.instantiate = instantiate;
    if (instantiateStreaming) WebAssembly.instantiateStreaming = instantiateStreaming;
  }
}
