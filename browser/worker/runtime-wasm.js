// The runtime's wasm, fetched and compiled as soon as the worker starts: beside the snapshot's
// read and integrity check (or its download), not after them. Pyodide fetches pyodide.asm.wasm
// itself when loadPyodide starts and compiles it only once `_loadSnapshot` has resolved; while
// `withEarlyWasm` runs, its request gets this one response (one download, one cache entry) and
// its instantiation this compiled module. Without compileStreaming, or when the early compile
// fails, Pyodide's own path runs as before.

/**
 * Start fetching and compiling `pyodide.asm.wasm` of `pyodideDir`: {url, module, take} (`module`
 * a promise of the compiled module, usable by every start of this worker; `take()` the response
 * for Pyodide's own request, once), or null without compileStreaming.
 */
export function compileEarly(pyodideDir) {
  const url = new URL('pyodide.asm.wasm', pyodideDir).href;
  if (typeof WebAssembly.compileStreaming !== 'function') return null;
  const fetched = fetch(url);
  // A clone for Pyodide's own request: its body is only read if the early compile failed.
  let spare = fetched.then((response) => response.clone());
  spare.catch(() => {});
  const module = fetched.then((response) => {
    if (!response.ok) throw new Error(`wasm: HTTP ${response.status}`);
    return WebAssembly.compileStreaming(response);
  });
  module.catch(() => {});
  /** The spare response, once (a second start fetches anew). */
  const take = () => {
    const response = spare;
    spare = null;
    return response;
  };
  return { url, module, take };
}

/** Drop a response nobody will read (frees the clone's buffered body). */
function discard(source) {
  Promise.resolve(source)
    .then((response) => response?.body?.cancel())
    .catch(() => {});
}

/**
 * Run `load()` (a loadPyodide call) with Pyodide's wasm request answered by the early fetch and
 * its streaming instantiation by the early module. `onInstance(result)` sees what instantiation
 * gave ({instance, module}), as WebAssembly.instantiateStreaming would; the originals are put
 * back after.
 */
export async function withEarlyWasm(early, load, onInstance = (result) => result) {
  const { fetch: originalFetch } = self;
  const { instantiate, instantiateStreaming } = WebAssembly;
  const spare = early?.take() ?? null;
  if (spare) {
    self.fetch = (input, init) =>
      String(input?.url ?? input) === early.url ? spare : originalFetch.call(self, input, init);
  }
  WebAssembly.instantiate = async (...args) =>
    onInstance(await instantiate.apply(WebAssembly, args));
  if (instantiateStreaming) {
    WebAssembly.instantiateStreaming = async (source, imports) => {
      const module = early ? await early.module.catch(() => null) : null;
      if (!module) return onInstance(await instantiateStreaming.call(WebAssembly, source, imports));
      discard(source);
      const instance = await instantiate.call(WebAssembly, module, imports);
      return onInstance({ instance, module });
    };
  }
  try {
    return await load();
  } finally {
    self.fetch = originalFetch;
    WebAssembly.instantiate = instantiate;
    if (instantiateStreaming) WebAssembly.instantiateStreaming = instantiateStreaming;
  }
}
