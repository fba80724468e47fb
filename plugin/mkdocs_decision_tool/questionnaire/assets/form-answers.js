// Answers <-> form fields, URL fragment and localStorage. No network: state stays in this browser.
//
// Fragment format: `#answers=<base64url(UTF-8 JSON of the answers object)>`, the same object the
// engine receives (contract keys only; times as ISO 8601 with the writer's offset).

const SCOPE = new URL('../../', import.meta.url).pathname;
const PREFIX = `decision-tool:${SCOPE}:`;
const ANSWERS_KEY = `${PREFIX}answers`;
const TICKS_KEY = `${PREFIX}steps:`;
const FRAGMENT_KEY = 'answers';
const SINGLE_LINE = new Set(['text', 'url', 'number']);

/** Every question wrapper of the form, in order. */
export function questions(form) {
  return [...form.querySelectorAll('.dt-q[data-key]')];
}

/** The question wrapper for one answer key, or null. */
export function question(form, key) {
  return form.querySelector(`.dt-q[data-key="${CSS.escape(key)}"]`);
}

/** The element a person lands on for a key: the input, or the first choice of a group. */
export function focusTarget(form, key) {
  const wrapper = question(form, key);
  return wrapper ? wrapper.querySelector('input, select, textarea') : null;
}

/** Zero-pad to two digits. */
const pad = (n) => String(Math.trunc(Math.abs(n))).padStart(2, '0');

/** A datetime-local value ("2026-11-27T09:30") as ISO 8601 with this browser's offset then. */
export function toOffsetIso(local) {
  const date = new Date(local);
  if (Number.isNaN(date.getTime())) return local;
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  return `${day}T${time}${sign}${pad(offset / 60)}:${pad(offset % 60)}`;
}

/** An ISO 8601 time with offset as a datetime-local value in this browser's time zone, or null. */
export function toLocalValue(iso) {
  if (typeof iso !== 'string' || !/[zZ]|[+-]\d\d:?\d\d$/.test(iso)) return null;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  return `${day}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A typed number ("2", "2.5", "2,5") as a number; anything else unchanged for the engine. */
function parseNumber(text) {
  return /^[+-]?(\d+([.,]\d*)?|[.,]\d+)$/.test(text) ? Number(text.replace(',', '.')) : text;
}

/** Read one question's answer; `undefined` when it is not answered. */
function readOne(wrapper) {
  const kind = wrapper.dataset.kind;
  const raw = wrapper.dataset.raw;
  if (raw !== undefined) return JSON.parse(raw);
  if (kind === 'radio') return wrapper.querySelector('input:checked')?.value;
  if (kind === 'checkboxes') {
    const values = [...wrapper.querySelectorAll('input:checked')].map((input) => input.value);
    return values.length ? values : undefined;
  }
  const control = wrapper.querySelector('input, select, textarea');
  if (kind === 'checkbox') return control.checked ? true : undefined;
  const value = control.value;
  if (!value.trim()) return undefined;
  if (kind === 'number') return parseNumber(value.trim());
  if (kind === 'datetime') return toOffsetIso(value);
  return SINGLE_LINE.has(kind) ? value.trim() : value;
}

/** The answers object the form holds (contract keys; unanswered keys left out). */
export function readAnswers(form) {
  const answers = {};
  for (const wrapper of questions(form)) {
    const value = readOne(wrapper);
    if (value !== undefined) answers[wrapper.dataset.key] = value;
  }
  return answers;
}

/** True when a choice question's inputs can show `value` exactly (one option, or a list of them). */
function showable(wrapper, value) {
  const options = new Set([...wrapper.querySelectorAll('input')].map((input) => input.value));
  if (wrapper.dataset.kind === 'radio') return typeof value === 'string' && options.has(value);
  return (
    Array.isArray(value) &&
    value.every((item) => typeof item === 'string' && options.has(item)) &&
    new Set(value).size === value.length
  );
}

/**
 * Put one answer into its question. A value the field cannot show (an unknown choice, a wrong
 * type, null) is never dropped: it is kept raw and sent as-is, so the engine names the problem
 * at the field; editing the question replaces it.
 */
function writeOne(wrapper, value) {
  const kind = wrapper.dataset.kind;
  delete wrapper.dataset.raw;
  if (kind === 'radio' || kind === 'checkboxes') {
    const chosen = new Set(Array.isArray(value) ? value.map(String) : [String(value)]);
    for (const input of wrapper.querySelectorAll('input')) {
      input.checked = value !== undefined && chosen.has(input.value);
    }
    if (value !== undefined && !showable(wrapper, value)) {
      wrapper.dataset.raw = JSON.stringify(value);
    }
    return;
  }
  const control = wrapper.querySelector('input, select, textarea');
  if (kind === 'checkbox') {
    control.checked = value === true;
    if (value !== undefined && typeof value !== 'boolean') wrapper.dataset.raw = JSON.stringify(value);
    return;
  }
  if (value === undefined) {
    control.value = '';
    return;
  }
  if (value === null) {
    control.value = '';
    wrapper.dataset.raw = 'null';
    return;
  }
  if (kind === 'datetime') {
    const local = toLocalValue(value);
    control.value = local ?? '';
    if (local === null) wrapper.dataset.raw = JSON.stringify(value);
    return;
  }
  if (kind === 'select') {
    control.value = String(value);
    if (control.value !== String(value)) wrapper.dataset.raw = JSON.stringify(value);
    return;
  }
  if (typeof value === 'object') {
    wrapper.dataset.raw = JSON.stringify(value);
    control.value = '';
    return;
  }
  control.value = String(value);
}

/** Fill the form from an answers object; keys the form has no question for are returned. */
export function writeAnswers(form, answers) {
  const known = new Set();
  for (const wrapper of questions(form)) {
    known.add(wrapper.dataset.key);
    writeOne(wrapper, answers[wrapper.dataset.key]);
  }
  return Object.keys(answers).filter((key) => !known.has(key));
}

/** Forget a raw (unshowable) value once the person edits that question. */
export function clearRaw(wrapper) {
  if (wrapper) delete wrapper.dataset.raw;
}

/** UTF-8 text as base64url without padding. */
function toBase64Url(text) {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** base64url (padded or not) back to UTF-8 text; throws on bad input. */
function fromBase64Url(data) {
  const binary = atob(data.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

/** The fragment (with `#`) that carries these answers. */
export function encodeFragment(answers) {
  return `#${FRAGMENT_KEY}=${toBase64Url(JSON.stringify(answers))}`;
}

/** Answers from a location hash, or null when the hash carries none (or a broken one). */
export function decodeFragment(hash) {
  const params = new URLSearchParams(String(hash).replace(/^#/, ''));
  const data = params.get(FRAGMENT_KEY);
  if (!data) return null;
  try {
    const answers = JSON.parse(fromBase64Url(data));
    return answers && typeof answers === 'object' && !Array.isArray(answers) ? answers : null;
  } catch {
    return null;
  }
}

/** The permalink of these answers: this page's URL with the answers fragment. */
export function permalink(answers) {
  const url = new URL(window.location.href);
  url.hash = encodeFragment(answers).slice(1);
  return url.href;
}

/**
 * Put the answers in the address bar without adding history entries. With no answers, only an
 * answers fragment is removed: a link to a section (`#when-to-start`) is left alone.
 */
export function replaceFragment(answers) {
  const empty = Object.keys(answers).length === 0;
  if (empty && decodeFragment(window.location.hash) === null) return;
  const url = new URL(window.location.href);
  url.hash = empty ? '' : encodeFragment(answers).slice(1);
  const href = empty ? url.href.replace(/#$/, '') : url.href;
  if (href !== window.location.href) window.history.replaceState(window.history.state, '', href);
}

/** localStorage, or null where it is unavailable (private modes, policies). */
function storage() {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** The answers saved in this browser, or null. */
export function loadStored() {
  try {
    const answers = JSON.parse(storage()?.getItem(ANSWERS_KEY) ?? 'null');
    return answers && typeof answers === 'object' && !Array.isArray(answers) ? answers : null;
  } catch {
    return null;
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

/** Remove everything this tool saved in this browser (answers and step ticks). */
export function forgetAll() {
  const store = storage();
  if (!store) return;
  const keys = [];
  for (let i = 0; i < store.length; i += 1) {
    const key = store.key(i);
    if (key?.startsWith(PREFIX)) keys.push(key);
  }
  for (const key of keys) store.removeItem(key);
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
