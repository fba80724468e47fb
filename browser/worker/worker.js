// The decision engine's worker: loads self-hosted Pyodide and the `decision-tool` wheel, then
// answers {type: "evaluate", id, text, html} with {type: "result", id, text} (evaluate_json's JSON
// text; `html: false`: each text's html is null, the page's typing path),
// and {type: "calendar", id, text} with calendar_json's JSON text (the .ics). It never reads a
// clock: the page sends its own as `now`, the only clock, and a `now` key in the text is then
// dropped, in Python after the text is parsed as written (`drop_now`), so that the rest of the
// text gets the CLI's verdict. Without `now`, the text's own counts (the page's test hook).
//
// Protocol (worker -> page):
//   {type: "status", phase: "runtime" | "packages" | "ready" | "failed", message}
//                                   with `marks` on "ready": {step: epoch ms} of the start
//   {type: "result", id, text}      the engine's JSON text for the request `id`
//   {type: "error", id, message}    the request `id` could not be answered (engine not ready)
//   {type: "progress"}              a download finished while starting (the page's stall watchdog)
//   {type: "fatal", id, message}    Pyodide failed for good: the page replaces this worker
// Nothing here talks to another host: every URL is relative to this file.

import { compileEarly, withEarlyWasm } from './runtime-wasm.js';
import { snapshotRoom } from './snapshot-memory.js';
import { findSnapshot, tidySnapshotCache } from './snapshot-source.js';

const PYODIDE_DIR = new URL('../pyodide/', import.meta.url).href;
const LOCK_FILE = new URL('../pyodide/pyodide-lock.json', import.meta.url).href;
const WARM_UP = '{"hours_running": 1, "resolution_in_sight": "yes"}';
// Pyodide's words once it can no longer be used (a stack overflow inside the runtime, say).
const FATAL = /fatal error|fatally failed|can no longer be used/i;

// When each step of the start ended, as epoch ms (the page turns them into ms from its own
// navigation start: window.decisionTool.timings.startup; the bench reports them).
const marks = {};

/** Note that a step of the start ended now. */
function mark(step) {
  marks[step] ??= Math.round(performance.timeOrigin + performance.now());
}
mark('workerRunning');

/** Post a progress report to the page (the start's marks with "ready"). */
function status(phase, message) {
  self.postMessage({ type: 'status', phase, message, ...(phase === 'ready' ? { marks } : {}) });
}

// Some fatal start-up faults are only logged, and loadPyodide then never settles (a wasm that
// fails to instantiate, e.g. a 404: console.warn "wasm instantiation failed!"; an Emscripten
// abort on stderr; a stray rejection). `startFailed` rejects on them; the start races it.
let failStart = () => {};
const startFailed = new Promise((_, reject) => {
  failStart = reject;
});
startFailed.catch(() => {});

/** Watch console.warn for the runtime's instantiation failure; fail the start with its error. */
function watchWarnings() {
  const warn = console.warn.bind(console);
  let details = null;
  console.warn = (...args) => {
    warn(...args);
    const text = args.map((arg) => reason(arg)).join(' ');
    if (details) details.push(text);
    else if (/wasm instantiation failed/i.test(text)) {
      details = [];
      // Pyodide logs the error itself right after: wait for it to name the cause.
      setTimeout(() => {
        const cause = details.length ? ` (${details.join('; ')})` : '';
        failStart(new Error(`could not start the Python runtime: the wasm failed to load${cause}`));
        details = null;
      }, 0);
    }
  };
}

/** The runtime's error output: quiet, except an Emscripten abort, which fails the start. */
function stderr(line) {
  if (/^Aborted\(/.test(String(line))) failStart(new Error(`the Python runtime aborted: ${line}`));
}

/** Tell the page each time a download finishes, so its watchdog tells slow from stuck. */
function reportDownloads() {
  try {
    new PerformanceObserver((list) => {
      if (list.getEntries().length) self.postMessage({ type: 'progress' });
    }).observe({ type: 'resource', buffered: true });
  } catch {
    // No resource timing here: the page's watchdog sees the phases only.
  }
}

watchWarnings();
reportDownloads();
self.addEventListener('unhandledrejection', (event) => {
  failStart(new Error(`the engine failed while starting (${reason(event.reason)})`));
});

/** Turn anything thrown into one readable line. */
function reason(error) {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n').filter((line) => line.trim()).slice(-1)[0] || 'unknown error';
}


/** Restore Python with the engine already imported; null when that fails (start normally). */
async function restore(loadPyodide, found, wasm) {
  try {
    const room = snapshotRoom(found.bytes, found.base, found.holes);
    const pyodide = await withEarlyWasm(
      wasm,
      () =>
        loadPyodide({
          indexURL: PYODIDE_DIR,
          lockFileURL: LOCK_FILE,
          packageBaseUrl: PYODIDE_DIR,
          stdLibURL: found.stdLibURL,
          _loadSnapshot: room.view,
          stdout: () => {},
          stderr,
        }),
      room.prepare,
    );
    mark('restored');
    pyodide.runPython('import random; random.seed()');
    const engine = pyodide.pyimport('decision_tool');
    // A restored engine must answer like a fresh one, or the worker starts normally instead.
    if (JSON.parse(engine.evaluate_json(WARM_UP)).recommendation !== 'continue') return null;
    mark('checked');
    return answerer(engine, () => installOnDemand(pyodide, found.onDemand));
  } catch {
    return null;
  }
}

/**
 * Install the wheels the snapshot left out (the calendar's libraries); throws a readable error
 * when a download fails or does not match its checksum.
 */
async function installOnDemand(pyodide, names) {
  if (!names.length) return;
  const errors = [];
  try {
    await pyodide.loadPackage(names, {
      messageCallback: () => {},
      errorCallback: (message) => errors.push(message),
    });
  } catch (error) {
    errors.push(reason(error));
  }
  if (errors.length) {
    throw new Error(
      `could not load the calendar library: the download failed or did not match its checksum (${reason(errors.join('\n'))})`,
    );
  }
}

/**
 * An async (kind, text, now, html) => JSON text: `evaluate` (evaluate_json; `html: false`, the
 * texts without their HTML form) or `calendar`
 * (calendar_json, the .ics). `prepareCalendar` runs once, before the first calendar (again after
 * a failure, so that a later click can succeed).
 */
function answerer(engine, prepareCalendar = async () => {}) {
  const evaluateJson = engine.evaluate_json;
  const calendarJson = engine.calendar_json;
  const kwargs = (now) => (typeof now === 'string' ? { now, drop_now: true } : {});
  let prepared = null;
  return async (kind, text, now, html) => {
    if (kind !== 'calendar') {
      return evaluateJson.callKwargs(text, { ...kwargs(now), ...(html === false && { html }) });
    }
    prepared ??= prepareCalendar().catch((error) => {
      prepared = null;
      throw error;
    });
    await prepared;
    return calendarJson.callKwargs(text, kwargs(now));
  };
}

/** Load the runtime and the engine; resolve to an async JS function (kind, text, now) => JSON text. */
async function start() {
  status('runtime', 'Loading the Python runtime…');
  // Three things at once: the snapshot's manifest (then its bytes, read and checked), the wasm
  // (fetched and compiled), and Pyodide's module; none waits for another.
  const snapshot = findSnapshot(PYODIDE_DIR);
  snapshot.then((found) => {
    found?.bytes.then(() => mark(found.cached ? 'snapshotReadFromCache' : 'snapshotDownloaded'), () => {});
  });
  const wasm = compileEarly(PYODIDE_DIR);
  wasm?.module.then(() => mark('wasmCompiled'), () => {});
  let loadPyodide;
  try {
    ({ loadPyodide } = await import(new URL('../pyodide/pyodide.mjs', import.meta.url).href));
  } catch (error) {
    throw new Error(`could not load the Python runtime (${reason(error)})`);
  }
  mark('pyodideImported');
  const found = await snapshot;
  if (found) mark('manifestRead');
  const restored = found && (await restore(loadPyodide, found, wasm));
  if (found) tidySnapshotCache(found, Boolean(restored));
  if (restored) return restored;
  let pyodide;
  try {
    pyodide = await withEarlyWasm(wasm, () =>
      loadPyodide({
        indexURL: PYODIDE_DIR,
        lockFileURL: LOCK_FILE,
        packageBaseUrl: PYODIDE_DIR,
        stdout: () => {},
        stderr,
      }),
    );
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
  let engine;
  try {
    engine = pyodide.pyimport('decision_tool');
    engine.evaluate_json(WARM_UP);
  } catch (error) {
    throw new Error(`the decision engine failed to start (${reason(error)})`);
  }
  return answerer(engine);
}

const engine = Promise.race([start(), startFailed]).then(
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
  const { type, id, text, now, html } = event.data || {};
  if (type !== 'evaluate' && type !== 'calendar') return;
  const evaluate = await engine;
  if (!evaluate) {
    self.postMessage({ type: 'error', id, message: 'The decision engine is not available.' });
    return;
  }
  let result;
  try {
    result = await evaluate(type, String(text), now, html);
  } catch (error) {
    const type = FATAL.test(String(error?.message ?? error)) ? 'fatal' : 'error';
    self.postMessage({ type, id, message: reason(error) });
    return;
  }
  if (typeof result === 'string') self.postMessage({ type: 'result', id, text: result });
  else self.postMessage({ type: 'fatal', id, message: 'the engine gave no answer' });
});
