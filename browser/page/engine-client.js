// The page's side of the engine worker: one worker per document, requests by id, progress events.

const WORKER_URL = new URL('../worker/worker.js', import.meta.url);
// Last resort for a start that hangs without a word: fail when the worker has reported no progress
// (a phase, or a download finished) for this long. Generous, because a slow link is not a fault;
// a late report still wins, so a start that was only slow recovers by itself.
const STALL_MS = 180_000;
// A worker that dies (or whose Pyodide goes fatal) is replaced at once, this many times in a row at
// most; then the engine is reported failed (Retry starts again).
const MAX_REPLACEMENTS = 3;
const NO_WEBASSEMBLY =
  'This browser has no WebAssembly, so the engine cannot run here. ' +
  'The handbook guidance above and the questions below still apply.';

/** A client for the module worker that runs `decision_tool.evaluate_json` in Pyodide. */
export class EngineClient {
  /** Start the worker at once; `ready` resolves the first time the engine can answer. */
  constructor() {
    this.status = { phase: 'runtime', message: 'Loading the Python runtime…', ready: false };
    this.listeners = new Set();
    this.pending = new Map();
    this.nextId = 1;
    this.replacements = 0;
    this.readyPromise = new Promise((resolve) => {
      this.resolveReady = resolve;
    });
    this.startedAt = performance.now();
    this.startup = {};
    this.start();
  }

  /** Resolves when the engine can answer (after a Retry, if the first start failed). */
  get ready() {
    return this.readyPromise;
  }

  /** (Re)start the worker and wire its messages; no worker in a browser that cannot run it. */
  start() {
    this.attempt = { waiters: [] };
    if (!hasWebAssembly()) {
      this.setStatus('failed', NO_WEBASSEMBLY, { retry: false });
      return;
    }
    const early = adoptEarlyWorker();
    if (early) {
      this.worker = early.worker;
      this.startedAt = early.createdAt;
    } else {
      try {
        this.worker = new Worker(WORKER_URL, { type: 'module' });
      } catch (error) {
        this.setStatus('failed', `could not start the engine worker (${error.message || error})`);
        return;
      }
    }
    this.startup.workerCreated ??= Math.round(this.startedAt);
    const worker = this.worker;
    worker.addEventListener('message', (event) => this.onMessage(event.data || {}));
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      if (worker === this.worker) this.replace(`the engine worker failed (${event.message || 'worker error'})`);
    });
    this.watch();
    // What the early worker said before it was adopted, in order.
    for (const message of early?.messages ?? []) this.onMessage(message || {});
    if (early?.errors.length && worker === this.worker) {
      this.replace(`the engine worker failed (${early.errors[0]})`);
    }
  }

  /** (Re)arm the stall watchdog while the engine is starting; disarm it otherwise. */
  watch() {
    window.clearTimeout(this.stall);
    if (this.status.ready || this.status.phase === 'failed') return;
    this.stall = window.setTimeout(() => {
      const minutes = Math.round(STALL_MS / 60_000);
      this.setStatus('failed', `the engine made no progress for ${minutes} minutes`);
    }, STALL_MS);
  }

  /**
   * The worker died or its Pyodide went fatal: say so, start a new one, and fail what it had in
   * hand (the page asks again once the new one is ready). Too many in a row: report failure.
   */
  replace(why) {
    this.worker?.terminate();
    this.worker = null;
    if (this.replacements >= MAX_REPLACEMENTS) {
      this.setStatus('failed', why);
      return;
    }
    this.replacements += 1;
    this.setStatus('restarting', `Engine: it stopped (${why}); restarting it…`);
    for (const [id, request] of this.pending) {
      request.reject(new Error(why));
      this.pending.delete(id);
    }
    this.start();
  }

  /** Throw the failed worker away and start a new one. */
  retry() {
    if (this.status.phase !== 'failed' || this.status.retry === false) return;
    this.worker?.terminate();
    this.replacements = 0;
    this.setStatus('runtime', 'Loading the Python runtime…');
    this.start();
  }

  /** Record a new phase, settle waiters, and tell the listeners. `retry: false`: it cannot help. */
  setStatus(phase, message, { retry = true } = {}) {
    const ready = phase === 'ready';
    this.status = { phase, message, ready, retry };
    this.watch();
    if (ready) {
      this.status.readyMs = Math.round(performance.now() - this.startedAt);
      this.startup.engineReady ??= Math.round(performance.now());
      this.resolveReady();
    }
    if (phase === 'failed') {
      for (const [id, request] of this.pending) {
        request.reject(new Error(message));
        this.pending.delete(id);
      }
    }
    for (const listener of this.listeners) listener(this.status);
  }

  /** Call `listener(status)` now and on every change; returns a function that unsubscribes. */
  subscribe(listener) {
    this.listeners.add(listener);
    listener(this.status);
    return () => this.listeners.delete(listener);
  }

  /**
   * The worker's start-up marks (epoch ms; see worker.js) as ms from this page's navigation
   * start, into `startup` (the public hook's `timings.startup`, which the bench reports).
   */
  noteMarks(marks) {
    if (!marks || typeof marks !== 'object') return;
    for (const [step, at] of Object.entries(marks)) {
      if (Number.isFinite(at)) this.startup[step] ??= Math.round(at - performance.timeOrigin);
    }
  }

  /** Handle one message from the worker. */
  onMessage(message) {
    if (message.type === 'progress') {
      this.watch();
      return;
    }
    if (message.type === 'status') {
      if (message.phase === 'ready') this.noteMarks(message.marks);
      this.setStatus(message.phase, message.message);
      return;
    }
    if (message.type === 'fatal') {
      this.replace(`the Python runtime failed: ${message.message || 'fatal error'}`);
      return;
    }
    const request = this.pending.get(message.id);
    if (!request) return;
    this.pending.delete(message.id);
    if (message.type === 'result' && typeof message.text === 'string') {
      this.startup.firstAnswer ??= Math.round(performance.now());
      this.replacements = 0;
      request.resolve(message.text);
    } else request.reject(new Error(message.message || 'the engine did not answer'));
  }

  /**
   * Evaluate answers given as JSON text; resolves to the engine's JSON text. `now`: the page's
   * clock, the only clock: a `now` in the text itself is then dropped by the worker (contract v3).
   * `html: false`: each text's `html` is null, not derived (the typing path; see rich-html.js).
   */
  evaluateText(text, type = 'evaluate', now = null, { html = true } = {}) {
    if (this.status.phase === 'failed' || !this.worker) {
      return Promise.reject(new Error(this.status.message));
    }
    const id = this.nextId++;
    this.startup.firstRequest ??= Math.round(performance.now());
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ type, id, text: String(text), now, html });
    });
  }

  /**
   * The calendar file of the moments ahead for answers' JSON text at the page's `now` (those of
   * the decision on show): resolves to {ics, errors} (calendar_json).
   */
  async calendar(text, now) {
    return JSON.parse(await this.evaluateText(text, 'calendar', now));
  }

  /** Evaluate an answers object (its own `now` kept: the test hook); resolves to the decision. */
  async evaluate(answers) {
    const text = await this.evaluateText(JSON.stringify(answers));
    return JSON.parse(text);
  }
}

/** True when this browser can run WebAssembly (checked before any worker or download starts). */
function hasWebAssembly() {
  return typeof WebAssembly === 'object' && typeof WebAssembly?.instantiate === 'function';
}

/**
 * The worker that engine-early.js (inlined in the page's head) started for this page, taken once:
 * {worker, createdAt, messages, errors}, or null (another URL, or none was started).
 */
function adoptEarlyWorker() {
  const early = window.__decisionToolEarlyWorker;
  if (!early) return null;
  delete window.__decisionToolEarlyWorker;
  if (early.url !== WORKER_URL.href || !(early.worker instanceof Worker)) {
    early.worker?.terminate?.();
    return null;
  }
  early.worker.onmessage = null;
  early.worker.onerror = null;
  return early;
}

let singleton = null;

/** The document's one engine, started on first use and kept across instant navigations. */
export function getEngine() {
  if (!singleton) singleton = new EngineClient();
  return singleton;
}
