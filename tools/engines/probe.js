// The in-page probe of both engine drivers (firefox.mjs, webkit.py); never shipped.
// Injected at document start, before any page script: it records CSP violations, uncaught
// errors and the input events the page received, and reads what the page shows. The drivers
// only steer the browser; everything they ask the page goes through `window.__engineProbe`.
(() => {
  const checks = [];
  const input = { mouseup: 0, keyup: 0 };
  for (const kind of Object.keys(input)) {
    window.addEventListener(kind, () => { input[kind] += 1; }, true);
  }
  document.addEventListener('securitypolicyviolation', (event) => {
    checks.push(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`);
  });
  window.addEventListener('error', (event) => checks.push(`error: ${event.message}`));
  window.addEventListener('unhandledrejection', (event) => {
    checks.push(`unhandled rejection: ${event.reason}`);
  });

  const templates = () => [...document.querySelectorAll('[data-template]')];

  /** What the page shows: recommendation, the visible texts by template id, the hours field. */
  const shown = () => {
    const texts = {};
    for (const el of templates()) {
      if (el.closest('[hidden]') === null) texts[el.dataset.template] = el.textContent;
    }
    const verdict = document.querySelector('[data-recommendation]');
    return {
      recommendation: verdict?.dataset.recommendation ?? null,
      texts,
      hours: document.querySelector('[name="hours_running"]')?.value ?? null,
    };
  };

  /** `text` with the minute of every "as of" left out (contract v3: a running time says as of
   * which minute; the plan's CLI evaluated at another minute than the page). */
  const anyMinute = (text) => text.replace(/as of \d\d:\d\d UTC/g, 'as of HH:MM UTC');

  /** Whether the page shows every text of `expected` (template id to text). */
  const showing = (expected) => Object.entries(expected).every(([id, text]) =>
    templates().some((el) => el.dataset.template === id &&
      anyMinute(el.textContent) === anyMinute(text)));

  /** Whether a decision with `count` texts is shown (what a permalink opens on). */
  const decided = (count) => templates().length === count && Boolean(shown().recommendation);

  /** Whether the form is empty and nothing is decided (after Forget). */
  const empty = () => {
    const now = shown();
    return now.recommendation === '' && now.hours === '';
  };

  /** Whether `hours` is back in its field with a decision shown (answers restored on a visit). */
  const restored = (hours) => {
    const now = shown();
    return now.hours === hours && Boolean(now.recommendation);
  };

  /** Ms from navigation start to the first decision shown (or the bare page's runtime ready). */
  const firstDecision = () => {
    const mark = performance.getEntriesByName('bench:ready')[0];
    if (mark) return Math.round(mark.startTime);
    return window.decisionTool?.timings?.firstDecisionMs ?? null;
  };

  /** Wait (at most `ms`) until the page's origin keeps the snapshot in Cache Storage. */
  const snapshotKept = async (ms) => {
    if (!window.decisionTool) return false;
    const end = performance.now() + ms;
    while (performance.now() < end) {
      // The worker's cache is named per site path: decision-tool-snapshot:<path>.
      for (const name of await caches.keys()) {
        if (name.startsWith('decision-tool-snapshot') &&
          (await (await caches.open(name)).keys()).length) return true;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return false;
  };

  /** Resolve once `test()` holds; fail after `timeoutMs`, naming `what` was awaited. */
  const waitFor = async (test, what, timeoutMs) => {
    const end = performance.now() + timeoutMs;
    while (!test()) {
      if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };

  const probe = {
    checks, input, shown, showing, decided, empty, restored, firstDecision, snapshotKept, waitFor,
  };
  Object.defineProperty(window, '__engineProbe', { value: Object.freeze(probe) });
})();
