// Room for a memory snapshot bigger than the runtime's initial memory, and the snapshot's base
// put back (used by worker.js and by the Node restore test, tests/bench/restore_corpus.mjs).
//
// Pyodide 314.0.7 restores a snapshot by copying it into the wasm memory as instantiated. That
// memory is declared inside pyodide.asm.wasm (30 MiB, exported, so the INITIAL_MEMORY that
// loadPyodide sets is ignored) and is not grown first: a snapshot of a larger heap (the engine's
// dependencies imported: icalendar alone takes about 4 MB) fails with "offset is out of bounds".
// While `load` runs, the runtime's memory is grown right after instantiation to hold the heap.
//
// The build (snapshot.mjs) stores the heap's first `base` bytes XOR the memory as instantiated:
// the static data that pyodide.asm.wasm already brings travels as zeros. At that same moment,
// right after instantiation and before Pyodide copies the snapshot in, they are XORed back.
//
// The build also leaves the snapshot's long runs of zeros out of the file (`holes`, from the
// manifest: [offset, length] in the snapshot); `fillHoles` makes the whole snapshot again.

const PAGE = 65536;

/** The size of the heap a snapshot holds: its length less its header (offset in word 1). */
function heapBytes(view) {
  return view.byteLength - headerBytes(view);
}

/** The snapshot's header length (its second 32-bit word): the heap starts there. */
function headerBytes(view) {
  return new DataView(view.buffer, view.byteOffset, 8).getUint32(4, true);
}

/** XOR the heap's first `base` bytes with the memory as instantiated (undoes the build's step). */
function addBase(view, memory, base) {
  const start = view.byteOffset + headerBytes(view);
  if (base > memory.buffer.byteLength || start + base > view.buffer.byteLength) {
    throw new Error('the snapshot does not fit the runtime it was made for');
  }
  const words = start % 4 === 0 && base % 4 === 0;
  const heap = words ? new Uint32Array(view.buffer, start, base / 4) : new Uint8Array(view.buffer, start, base);
  const initial = words ? new Uint32Array(memory.buffer, 0, base / 4) : new Uint8Array(memory.buffer, 0, base);
  for (let index = 0; index < heap.length; index += 1) heap[index] ^= initial[index];
}

/**
 * Right after instantiation: grow the exported memory to at least `needed` bytes and put the
 * snapshot's base back. Only the runtime's own instance (the one with a memory) is touched, once.
 */
function prepareMemory(result, view, needed, base, done) {
  const instance = result instanceof WebAssembly.Instance ? result : result?.instance;
  const memory = instance?.exports?.memory;
  if (!done.value && memory instanceof WebAssembly.Memory) {
    done.value = true;
    if (base) addBase(view, memory, base);
    const missing = Math.ceil((needed - memory.buffer.byteLength) / PAGE);
    if (missing > 0) memory.grow(missing);
  }
  return result;
}

/**
 * The snapshot from the file without its holes: always a new array (the file is left as it is),
 * zeros where the holes were. Throws when the holes do not fit the file (a manifest and a file
 * that do not belong together).
 */
export function fillHoles(file, holes) {
  const bytes = ArrayBuffer.isView(file) ? file : new Uint8Array(file);
  let size = bytes.length;
  let previous = 0;
  for (const [offset, length] of holes) {
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < previous || length <= 0) {
      throw new Error('the snapshot\'s holes are not in order');
    }
    size += length;
    previous = offset + length;
  }
  if (previous > size) throw new Error('the snapshot\'s holes do not fit it');
  const whole = new Uint8Array(size);
  let from = 0;
  let to = 0;
  for (const [offset, length] of [...holes, [size, 0]]) {
    const part = offset - to;
    if (from + part > bytes.length) throw new Error('the snapshot\'s holes do not fit it');
    whole.set(bytes.subarray(from, from + part), to);
    from += part;
    to = offset + length;
  }
  if (from !== bytes.length) throw new Error('the snapshot\'s holes do not fit it');
  return whole;
}

/**
 * What a restore needs from a snapshot that may still be on its way (`snapshot`: its file or a
 * promise of it): `view`, a promise of the whole snapshot (holes filled, into a new array that is
 * then changed in place: the file is kept as it is for Cache Storage), for `_loadSnapshot`; and
 * `prepare(result)`, to run on what WebAssembly's instantiation gave, which grows the new memory
 * to the snapshot's heap and puts back its first `base` bytes (the manifest's `base`; 0 for a
 * snapshot stored whole). Pyodide instantiates only once `_loadSnapshot` has resolved.
 */
export function snapshotRoom(snapshot, base = 0, holes = []) {
  const view = Promise.resolve(snapshot).then((file) => fillHoles(file, holes));
  view.catch(() => {}); // loadPyodide awaits it, unless it failed before
  const done = { value: false };
  const prepare = async (result) => {
    const instance = result instanceof WebAssembly.Instance ? result : result?.instance;
    if (!(instance?.exports?.memory instanceof WebAssembly.Memory)) return result;
    const whole = await view;
    return prepareMemory(result, whole, heapBytes(whole), base, done);
  };
  return { view, prepare };
}

/**
 * Run `load(view)` (which calls loadPyodide with `_loadSnapshot: view`, a promise) with
 * WebAssembly's instantiation prepared by `snapshotRoom`; restore the originals after. (The worker
 * composes `snapshotRoom` with its early wasm instead; the Node restore test uses this.)
 */
export async function withRoomForSnapshot(snapshot, load, base = 0, holes = []) {
  const room = snapshotRoom(snapshot, base, holes);
  const { instantiate, instantiateStreaming } = WebAssembly;
  WebAssembly.instantiate = async (...args) =>
    room.prepare(await instantiate.apply(WebAssembly, args));
  if (instantiateStreaming) {
    WebAssembly.instantiateStreaming = async (...args) =>
      room.prepare(await instantiateStreaming.apply(WebAssembly, args));
  }
  try {
    return await load(room.view);
  } finally {
    WebAssembly.instantiate = instantiate;
    if (instantiateStreaming) WebAssembly.instantiateStreaming = instantiateStreaming;
  }
}
