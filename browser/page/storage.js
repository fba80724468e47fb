// This browser's storage of the tool: the answers (written at once: it is cheap), the step ticks
// of each escalation, and the address bar (written after the result is painted:
// history.replaceState is slow and rate-limited by browsers). While answers change in a burst
// (typing: sent less than FRAGMENT_MS apart) the address bar is written at most every FRAGMENT_MS.
// Persister.flush() writes at once. No network: state stays in this browser. A `now` is never
// kept (the page's clock is the only clock).

import { withoutNow } from './answers-text.js';
import { replaceFragment } from './fragment.js';
import { dropSnapshot } from '../worker/snapshot-cache.js';

const SCOPE = new URL('../../../', import.meta.url).pathname;
const PREFIX = `decision-tool:${SCOPE}:`;
const ANSWERS_KEY = `${PREFIX}answers`;
const FORGOTTEN_KEY = `${PREFIX}forgotten-at`;
const TICKS_KEY = `${PREFIX}steps:`;
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

/** localStorage, or null where it is unavailable (private modes, policies). */
function storage() {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** The answers saved in this browser, as their JSON text (the engine reads it), or null. */
export function loadStored() {
  try {
    return withoutNow(storage()?.getItem(ANSWERS_KEY) ?? null);
  } catch {
    return null;
  }
}

/** Save a link's answers in this browser exactly as the link wrote them, but for a `now`. */
export function storeText(text) {
  try {
    storage()?.setItem(ANSWERS_KEY, withoutNow(text));
  } catch {
    /* storage full or refused: the fragment still carries the state */
  }
}

/** True when "Forget" was pressed in this browser since `time` (ms; null: no time known). */
export function forgottenSince(time) {
  if (time === null || time === undefined) return false;
  try {
    return time <= Number(storage()?.getItem(FORGOTTEN_KEY) ?? -Infinity);
  } catch {
    return false;
  }
}

/** Save the answers in this browser (removed when empty). */
export function store(answers) {
  try {
    if (Object.keys(answers).length) storage()?.setItem(ANSWERS_KEY, JSON.stringify(answers));
    else storage()?.removeItem(ANSWERS_KEY);
  } catch {
    /* storage full or refused: the fragment still carries the state */
  }
}

/**
 * Remove everything this tool saved in this browser (answers, step ticks, the cached engine
 * snapshot) and note when, so that older history entries no longer bring answers back.
 */
export function forgetAll() {
  dropSnapshot();
  const store = storage();
  if (!store) return;
  const keys = [];
  for (let i = 0; i < store.length; i += 1) {
    const key = store.key(i);
    if (key?.startsWith(PREFIX)) keys.push(key);
  }
  try {
    for (const key of keys) store.removeItem(key);
    store.setItem(FORGOTTEN_KEY, String(Date.now()));
  } catch {
    /* storage refused: nothing of ours is in it */
  }
}

/** A short stable hash (FNV-1a, 32 bit, hex) of a string. */
function fnv1a(text) {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** The escalation's identity for step ticks: customer and ticket, hashed. */
export function identity(answers) {
  const customer = typeof answers.customer === 'string' ? answers.customer.trim() : '';
  const ticket = typeof answers.ticket_url === 'string' ? answers.ticket_url.trim() : '';
  return fnv1a(JSON.stringify([customer.toLowerCase(), ticket]));
}

/** The step ids ticked for an escalation identity. */
export function loadTicks(id) {
  try {
    const ticks = JSON.parse(storage()?.getItem(TICKS_KEY + id) ?? '[]');
    return new Set(Array.isArray(ticks) ? ticks.map(String) : []);
  } catch {
    return new Set();
  }
}

/** Save the step ids ticked for an escalation identity. */
export function saveTicks(id, ticks) {
  try {
    if (ticks.size) storage()?.setItem(TICKS_KEY + id, JSON.stringify([...ticks]));
    else storage()?.removeItem(TICKS_KEY + id);
  } catch {
    /* storage refused: ticks last for this page view only */
  }
}
