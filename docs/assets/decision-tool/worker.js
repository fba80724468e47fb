// The decision engine's worker: loads self-hosted Pyodide and the `decision-tool` wheel, then
// answers {type: "evaluate", id, text} with {type: "result", id, text} (evaluate_json's JSON text).
//
// Protocol (worker -> page):
//   {type: "status", phase: "runtime" | "packages" | "ready" | "failed", message}
//   {type: "result", id, text}      the engine's JSON text for the request `id`
//   {type: "error", id, message}    the request `id` could not be answered (engine not ready)
// Nothing here talks to another host: every URL is relative to this file.

const PYODIDE_DIR = new URL('./pyodide/', import.meta.url).href;
const LOCK_FILE = new URL('./pyodide/pyodide-lock.json', import.meta.url).href;
const WARM_UP = '{"hours_running": 1, "resolution_in_sight": "yes"}';

/** Post a progress report to the page. */
function status(phase, message) {
  self.postMessage({ type: 'status', phase, message });
}

/** Turn anything thrown into one readable line. */
function reason(error) {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n').filter((line) => line.trim()).slice(-1)[0] || 'unknown error';
}

/** Load the runtime and the engine; resolve to evaluate_json as a JS function of one string. */
async function start() {
  status('runtime', 'Loading the Python runtime…');
  let loadPyodide;
  try {
    ({ loadPyodide } = await import(new URL('./pyodide/pyodide.mjs', import.meta.url).href));
  } catch (error) {
    throw new Error(`could not load the Python runtime (${reason(error)})`);
  }
  let pyodide;
  try {
    pyodide = await loadPyodide({
      indexURL: PYODIDE_DIR,
      lockFileURL: LOCK_FILE,
      packageBaseUrl: PYODIDE_DIR,
      stdout: () => {},
      stderr: () => {},
    });
  } catch (error) {
    throw new Error(`could not start the Python runtime (${reason(error)})`);
  }
  status('packages', 'Loading the decision engine…');
  const errors = [];
  try {
    await pyodide.loadPackage('decision-tool', {
      messageCallback: () => {},
      errorCallback: (message) => errors.push(message),
    });
  } catch (error) {
    errors.push(reason(error));
  }
  if (errors.length) {
    const detail = reason(errors.join('\n'));
    throw new Error(
      `could not load the decision engine: the download failed or did not match its checksum (${detail})`,
    );
  }
  let evaluateJson;
  try {
    evaluateJson = pyodide.pyimport('decision_tool').evaluate_json;
    evaluateJson(WARM_UP);
  } catch (error) {
    throw new Error(`the decision engine failed to start (${reason(error)})`);
  }
  return (text) => evaluateJson(text);
}

const engine = start().then(
  (evaluate) => {
    status('ready', 'Ready');
    return evaluate;
  },
  (error) => {
    status('failed', reason(error));
    return null;
  },
);

self.addEventListener('message', async (event) => {
  const { type, id, text } = event.data || {};
  if (type !== 'evaluate') return;
  const evaluate = await engine;
  if (!evaluate) {
    self.postMessage({ type: 'error', id, message: 'The decision engine is not available.' });
    return;
  }
  try {
    self.postMessage({ type: 'result', id, text: evaluate(String(text)) });
  } catch (error) {
    self.postMessage({ type: 'error', id, message: reason(error) });
  }
});
