// (v3) The escalation's stage and record as the form keeps them: the stages in the policy's order
// (the stage control's choices, written by the build), the record's entries as given (the record
// wrapper's `data-entries`, read and written by form-answers.js), and the policy's words for them.

import { isoWithOffset } from './answer-times.js';
import { question } from './form-answers.js';

/** The policy's words the build wrote: `kinds` (kind -> name), `starts` (text id -> stage). */
export function recordWords(form) {
  const node = form.querySelector('[data-record-words]');
  return node ? JSON.parse(node.dataset.recordWords) : { kinds: {}, starts: {} };
}

/** The stages in order, each {id, name}, as the stage control offers them. */
export function stages(form) {
  const wrapper = question(form, 'stage');
  if (!wrapper) return [];
  return [...wrapper.querySelectorAll('input[type="radio"]')]
    .filter((input) => input.value)
    .map((input) => ({ id: input.value, name: input.closest('label').textContent.trim() }));
}

/** The stage the control shows ('' for none). */
export function currentStage(form) {
  return question(form, 'stage')?.querySelector('input:checked')?.value ?? '';
}

/** Show `stage` in the stage control (the answer the page sends). */
export function showStage(form, stage) {
  const wrapper = question(form, 'stage');
  delete wrapper.dataset.raw;
  for (const input of wrapper.querySelectorAll('input[type="radio"]')) {
    input.checked = input.value === stage;
  }
}

/** The record's entries as given, in the order given (a record that is not a list: none). */
export function entries(form) {
  const text = question(form, 'record')?.dataset.entries;
  if (text === undefined) return [];
  const list = JSON.parse(text);
  return Array.isArray(list) ? list : [];
}

/** Replace the record's entries (none: no record). */
export function setEntries(form, list) {
  const wrapper = question(form, 'record');
  delete wrapper.dataset.raw;
  if (list.length) wrapper.dataset.entries = JSON.stringify(list);
  else delete wrapper.dataset.entries;
}

/** Add one entry at `at` (a Date; the page's clock by default), in this browser's offset. */
export function addEntry(form, kind, text, at = new Date(Date.now())) {
  setEntries(form, [...entries(form), { at: isoWithOffset(at), kind, text }]);
}

/** The entry's time in ms, or NaN when it is not a time. */
export function entryTime(entry) {
  return typeof entry?.at === 'string' ? new Date(entry.at).getTime() : Number.NaN;
}

/** The entries with their index as given, in time order (the engine's order: same times keep
 * their order; entries without a usable time last). */
export function byTime(list) {
  const key = (item) => (Number.isNaN(entryTime(item.entry)) ? Infinity : entryTime(item.entry));
  return list.map((entry, index) => ({ entry, index })).sort((a, b) => key(a) - key(b));
}

// Made once: an Intl.DateTimeFormat is slow to make (the pack and the moments ahead label each
// moment at every evaluation).
const UTC_PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** A time as the page's texts write it, in UTC ("Sun 8 Mar 2026, 10:30 UTC"). */
export function utcLabel(time) {
  const parts = Object.fromEntries(
    UTC_PARTS.formatToParts(new Date(time)).map((part) => [part.type, part.value]),
  );
  const { weekday, day, month, year, hour, minute } = parts;
  return `${weekday} ${day} ${month} ${year}, ${hour}:${minute} UTC`;
}

/** A datetime-local value read as UTC ("2026-03-08T10:30") as ISO 8601 with offset, or null. */
export function utcIso(local) {
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(local)) return null;
  return `${local.length === 16 ? `${local}:00` : local.slice(0, 19)}+00:00`;
}

/** An ISO time as a datetime-local value in UTC ("2026-03-08T10:30"), or '' when it is none. */
export function utcLocal(iso) {
  const time = entryTime({ at: iso });
  return Number.isNaN(time) ? '' : new Date(time).toISOString().slice(0, 16);
}
