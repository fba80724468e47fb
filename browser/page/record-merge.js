// (v3) The record's entries when two tabs change one emergency: entries are events, only ever
// added, so the entries another tab stored since this tab read the emergency (its base) are added
// to this tab's own, never dropped (an entry this tab removed or corrected stays so: it was in
// the base). The other answers: this tab's own, once it says so (see tabs.js).

import { entries, setEntries } from './record-entries.js';

/** One entry as a comparable key. */
const key = (entry) => JSON.stringify([entry?.at, entry?.kind, entry?.text]);

/** The record's entries of an answers' JSON text ([] when it holds none or is not JSON). */
export function recordOf(text) {
  try {
    const record = JSON.parse(text ?? 'null')?.record;
    return Array.isArray(record) ? record : [];
  } catch {
    return [];
  }
}

/** Remember the entries this tab now shares with the store (read from it, or written to it). */
export function keepBase(page, record) {
  page.baseRecord = new Set(record.map(key));
}

/** The entries of `theirs` (another tab's record) that neither the base nor the form holds. */
export function newerEntries(page, theirs) {
  const held = new Set([...page.baseRecord, ...entries(page.form).map(key)]);
  return theirs.filter((entry) => !held.has(key(entry)));
}

/** Add another tab's newer entries to the form's record; true when there were any. */
export function takeNewer(page, theirs) {
  const newer = newerEntries(page, theirs);
  if (newer.length) setEntries(page.form, [...entries(page.form), ...newer]);
  return newer.length > 0;
}
