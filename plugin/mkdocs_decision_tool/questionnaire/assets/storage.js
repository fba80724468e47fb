// Writing the answers to this browser's storage (at once: it is cheap) and to the address bar
// (after the result is painted: history.replaceState is slow and rate-limited by browsers).
// While answers change in a burst (typing: sent less than FRAGMENT_MS apart) the address bar is
// written at most every FRAGMENT_MS. flush() writes at once.

import { replaceFragment, store } from './form-state.js';

const FRAGMENT_MS = 100;
const PAINT_FALLBACK_MS = 100;

/** Run `fn` in a task after the next paint (or soon when no frame comes); returns a cancel. */
export function afterPaint(fn) {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    window.clearTimeout(fallback);
    fn();
  };
  const fallback = window.setTimeout(run, PAINT_FALLBACK_MS);
  window.requestAnimationFrame(() => window.setTimeout(run, 0));
  return () => {
    done = true;
    window.clearTimeout(fallback);
  };
}

/** The latest answers on their way to storage and the address bar of one page. */
export class Persister {
  /** `path`: the page whose address bar carries the answers. */
  constructor(path) {
    this.path = path;
    this.forStore = undefined;
    this.forFragment = undefined;
    this.fragmentAt = -Infinity;
    this.sentAt = -Infinity;
    this.cancelFragment = null;
    this.fragmentTimer = 0;
  }

  /** Save `answers` now; the address bar after the next paint (every FRAGMENT_MS while typing). */
  schedule(answers, sentAt = performance.now()) {
    const burst = sentAt - this.sentAt < FRAGMENT_MS;
    this.sentAt = sentAt;
    this.forStore = answers;
    this.forFragment = answers;
    this.writeStore();
    if (this.fragmentTimer || this.cancelFragment) return;
    const wait = burst ? Math.max(0, this.fragmentAt + FRAGMENT_MS - performance.now()) : 0;
    this.fragmentTimer = window.setTimeout(() => {
      this.fragmentTimer = 0;
      this.fragmentAfterPaint();
    }, wait);
  }

  /** Write the address bar after the next paint. */
  fragmentAfterPaint() {
    this.cancelFragment = afterPaint(() => {
      this.cancelFragment = null;
      this.writeFragment();
    });
  }

  /** Write what is pending now (`answers`, when given, replace it): before leaving or copying. */
  flush(answers) {
    if (answers !== undefined) {
      this.forStore = answers;
      this.forFragment = answers;
    }
    this.stopTimers();
    this.writeStore();
    this.writeFragment();
  }

  /** Drop whatever is pending (the answers were forgotten). */
  cancel() {
    this.stopTimers();
    this.forStore = undefined;
    this.forFragment = undefined;
  }

  /** Stop every scheduled write. */
  stopTimers() {
    this.cancelFragment?.();
    this.cancelFragment = null;
    window.clearTimeout(this.fragmentTimer);
    this.fragmentTimer = 0;
  }

  /** Save the pending answers in this browser. */
  writeStore() {
    if (this.forStore === undefined) return;
    store(this.forStore);
    this.forStore = undefined;
  }

  /** Put the pending answers in the address bar, unless the browser has left this page. */
  writeFragment() {
    if (this.forFragment === undefined) return;
    const answers = this.forFragment;
    this.forFragment = undefined;
    if (window.location.pathname !== this.path) return;
    replaceFragment(answers);
    this.fragmentAt = performance.now();
  }
}
