// This browser's store of emergencies: one localStorage entry per emergency id (its answers' JSON
// text, its step ticks, when it last changed), which one this tab shows (sessionStorage), and a
// mark for each forgotten id that keeps any tab from writing it again. No network; never a `now`.

import { withoutNow } from './answers-text.js';
import { fnv1a, newId } from './fragment.js';
import { dropSnapshot } from '../worker/snapshot-cache.js';

const SCOPE = new URL('../../../', import.meta.url).pathname;
const PREFIX = `decision-tool:${SCOPE}:`;
const ENTRY = `${PREFIX}emergency:`;
const GONE = `${PREFIX}forgotten:`;
const FORGOTTEN_KEY = `${PREFIX}forgotten-at`;
const TAB_KEY = `${PREFIX}this-tab`;
// The single emergency an older page kept (moved into the store once, see migrate).
const OLD_ANSWERS = `${PREFIX}answers`;
const OLD_TICKS = `${PREFIX}steps:`;

/** localStorage (or sessionStorage), or null where it is unavailable (private modes, policies). */
function storage(kind = 'localStorage') {
  try {
    return window[kind];
  } catch {
    return null;
  }
}

/** One stored value, or null. */
function get(key) {
  try {
    return storage()?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

/** Write one value; false when storage refused it (full, disabled). */
function set(key, value) {
  try {
    storage()?.setItem(key, value);
    return true;
  } catch {
    return false;
  }
}

/** Every key of ours starting with `prefix`. */
function keys(prefix = PREFIX) {
  const store = storage();
  const found = [];
  try {
    for (let i = 0; i < (store?.length ?? 0); i += 1) {
      const key = store.key(i);
      if (key?.startsWith(prefix)) found.push(key);
    }
  } catch {
    /* storage refused */
  }
  return found;
}

/** The storage key of an emergency (the storage event names it). */
export const entryKey = (id) => ENTRY + id;

/** True when the emergency `id` was forgotten in this browser (no tab may store it again). */
export function isForgotten(id) {
  return get(GONE + id) !== null;
}

/** One emergency: {id, text, ticks, changed}, or null when this browser does not hold it. */
export function loadEmergency(id) {
  try {
    const entry = JSON.parse(get(entryKey(id)) ?? 'null');
    if (!entry || typeof entry.text !== 'string') return null;
    const ticks = new Set(Array.isArray(entry.ticks) ? entry.ticks.map(String) : []);
    return { id, text: withoutNow(entry.text), ticks, changed: Number(entry.changed) || 0 };
  } catch {
    return null;
  }
}

/** Write an emergency (its answers' JSON text and ticks); nothing for a forgotten id. */
export function saveEmergency(id, text, ticks = loadEmergency(id)?.ticks ?? new Set()) {
  if (isForgotten(id)) return;
  const entry = { text: withoutNow(text), ticks: [...ticks], changed: Date.now() };
  set(entryKey(id), JSON.stringify(entry));
}

/** Remove an emergency whose answers were all cleared (not forgotten: it may be typed again). */
export function dropEmergency(id) {
  try {
    storage()?.removeItem(entryKey(id));
  } catch {
    /* storage refused */
  }
}

/** Save the step ids ticked in an emergency (its answers stay as stored). */
export function saveTicks(id, text, ticks) {
  saveEmergency(id, loadEmergency(id)?.text ?? text, ticks);
}

/** The ids of every emergency this browser holds (without reading them). */
export function emergencyIds() {
  return keys(ENTRY).map((key) => key.slice(ENTRY.length));
}

/** Every emergency this browser holds, the last changed first. */
export function listEmergencies() {
  return emergencyIds()
    .map(loadEmergency)
    .filter(Boolean)
    .sort((a, b) => b.changed - a.changed);
}

/** The emergency this tab showed last (kept across reloads), or null. */
export function tabEmergency() {
  try {
    return storage('sessionStorage')?.getItem(TAB_KEY) ?? null;
  } catch {
    return null;
  }
}

/** Note which emergency this tab shows. */
export function setTabEmergency(id) {
  try {
    storage('sessionStorage')?.setItem(TAB_KEY, id);
  } catch {
    /* storage refused: a reload opens the last changed one */
  }
}

/** Forget one emergency here and in every open tab (their storage event sees it go), and the
 * cached engine snapshot (nothing the tool kept outlives a Forget). */
export function forgetEmergency(id) {
  dropSnapshot();
  set(GONE + id, String(Date.now()));
  dropEmergency(id);
}

/**
 * Remove everything this tool saved in this browser (every emergency, the cached engine snapshot),
 * marking each id forgotten and noting when (older page-written links then bring nothing back).
 */
export function forgetAll() {
  dropSnapshot();
  const ids = emergencyIds();
  for (const key of keys()) {
    try {
      storage()?.removeItem(key);
    } catch {
      /* storage refused: nothing of ours is in it */
    }
  }
  for (const id of ids) set(GONE + id, String(Date.now()));
  set(FORGOTTEN_KEY, String(Date.now()));
}

/** True when "Forget" of everything was pressed in this browser since `time` (ms). */
export function forgottenSince(time) {
  if (time === null || time === undefined) return false;
  return time <= Number(get(FORGOTTEN_KEY) ?? -Infinity);
}

/** Move the single emergency an older page kept (answers, their ticks) into the store, once. */
export function migrate() {
  const text = get(OLD_ANSWERS);
  const oldTicks = keys(OLD_TICKS);
  if (text === null && !oldTicks.length) return;
  if (text !== null) {
    let ticks = [];
    try {
      const answers = JSON.parse(text);
      const trim = (value) => (typeof value === 'string' ? value.trim() : '');
      const who = [trim(answers.customer).toLowerCase(), trim(answers.ticket_url)];
      const identity = fnv1a(new TextEncoder().encode(JSON.stringify(who)));
      ticks = JSON.parse(get(OLD_TICKS + identity) ?? '[]');
    } catch {
      /* not an object: its text moves alone */
    }
    saveEmergency(newId(), text, new Set(Array.isArray(ticks) ? ticks.map(String) : []));
  }
  for (const key of [OLD_ANSWERS, ...oldTicks]) {
    try {
      storage()?.removeItem(key);
    } catch {
      /* storage refused */
    }
  }
}
