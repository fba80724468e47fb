// The form <-> the answers object the engine receives (contract keys only; times as ISO 8601 with
// the writer's offset). The form is the one the plugin's template writes; what it says about the
// policy (the either pair) is read from it.
//
// (v3) Two answers have no question of their own: `hours_as_of`, when the hours running were true,
// is kept with the hours' question (set when the hours are typed; read from links and storage), so
// the hours grow with the page's clock; and the touch-point is sent in the offset of the
// customer's zone at that instant when the browser knows that zone (the same instant: the engine
// warns about a touch-point typed in an offset the customer's zone does not have then).

import { inZone, isoWithOffset, toLocalValue, toOffsetIso } from './answer-times.js';

const SINGLE_LINE = new Set(['text', 'url', 'number']);
/** Answers kept with another question: the answer, and the question that owns it. */
const KEPT_WITH = { hours_as_of: 'hours_running' };
/** The answer dated by `hours_as_of`. */
const DATED = 'hours_running';
/** The touch-point, and the answer naming the zone it is sent in. */
const CUSTOMER_TIME = { key: 'next_touchpoint', zone: 'customer_timezone' };

// The form's question wrappers, found once per form: the build writes them, nothing adds or
// removes one (the answers are read at every keystroke).
const wrappersOf = new WeakMap();

/** Every question wrapper of the form, in order. */
export function questions(form) {
  if (!wrappersOf.has(form)) wrappersOf.set(form, [...form.querySelectorAll('.dt-q[data-key]')]);
  return wrappersOf.get(form);
}

/** The question wrapper for one answer key (or the question it is kept with), or null. */
export function question(form, key) {
  const owner = Object.hasOwn(KEPT_WITH, key) ? KEPT_WITH[key] : key;
  return form.querySelector(`.dt-q[data-key="${CSS.escape(owner)}"]`);
}

/** The element a person lands on for a key: the input, or the first choice of a group. */
export function focusTarget(form, key) {
  const wrapper = question(form, key);
  // A choice group is entered at its checked choice, as the arrow keys and Tab do.
  return wrapper
    ? (wrapper.querySelector('input[type="radio"]:checked') ??
        wrapper.querySelector('input, select, textarea'))
    : null;
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
  // (v3) The record is kept as given (record-entries.js edits it); an empty one is no answer.
  if (kind === 'record') {
    const entries = wrapper.dataset.entries === undefined ? [] : JSON.parse(wrapper.dataset.entries);
    return Array.isArray(entries) && !entries.length ? undefined : entries;
  }
  // A choice with the value "" is "no answer" (the judgement's first choice).
  if (kind === 'radio') return wrapper.querySelector('input:checked')?.value || undefined;
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
    if (value === undefined) continue;
    answers[wrapper.dataset.key] = value;
    for (const [key, owner] of Object.entries(KEPT_WITH)) {
      if (owner === wrapper.dataset.key && wrapper.dataset[key] !== undefined) {
        answers[key] = JSON.parse(wrapper.dataset[key]);
      }
    }
  }
  const touchpoint = question(form, CUSTOMER_TIME.key);
  if (typeof answers[CUSTOMER_TIME.key] === 'string' && touchpoint?.dataset.raw === undefined) {
    answers[CUSTOMER_TIME.key] = inZone(answers[CUSTOMER_TIME.key], answers[CUSTOMER_TIME.zone]);
  }
  return answers;
}

/** True when `answers` hold nothing but defaults (the first stage): nothing worth keeping. */
export function onlyDefaults(form, answers) {
  return Object.entries(answers).every(
    ([key, value]) => question(form, key)?.dataset.default === value,
  );
}

/**
 * A question was answered by the reader, at the page's `now` (a Date): the hours running are
 * as of now (`hours_as_of`), so they grow with the clock from here on.
 */
export function answeredAt(form, key, now) {
  const wrapper = question(form, key);
  if (key === DATED && wrapper) wrapper.dataset.hours_as_of = JSON.stringify(isoWithOffset(now));
}

/** True when a choice question's inputs can show `value` exactly (one option, or a list of them). */
function showable(wrapper, value) {
  const options = new Set([...wrapper.querySelectorAll('input')].map((input) => input.value));
  if (wrapper.dataset.kind === 'radio') {
    return typeof value === 'string' && value !== '' && options.has(value);
  }
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
  if (kind === 'record') {
    if (value === undefined) delete wrapper.dataset.entries;
    else wrapper.dataset.entries = JSON.stringify(value);
    return;
  }
  // An old link's boolean for a question that became a choice (`data-true`): true is that
  // choice, false no answer; both as the engine reads them.
  if (typeof value === 'boolean' && wrapper.dataset.true) {
    value = value ? wrapper.dataset.true : undefined;
  }
  if (kind === 'radio' || kind === 'checkboxes') {
    // Only strings can name a choice: anything else (an object, even one with a broken
    // toString) is kept raw for the engine to name. No answer checks the question's default
    // choice (`data-default`: the stage's first), else the "" choice, if any.
    const none = wrapper.dataset.default ?? '';
    const chosen = new Set((Array.isArray(value) ? value : [value ?? none]).filter(isString));
    for (const input of wrapper.querySelectorAll('input')) {
      input.checked = chosen.has(input.value);
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
    control.value = isString(value) ? value : '';
    if (control.value !== value) wrapper.dataset.raw = JSON.stringify(value);
    return;
  }
  // A text field shows text, a number field a finite number; anything else (`"4"` for hours,
  // `4` for a name) stays raw, so the engine judges exactly what the link said.
  const fits = kind === 'number' ? Number.isFinite(value) : isString(value);
  if (!fits) {
    wrapper.dataset.raw = JSON.stringify(value);
    control.value = '';
    return;
  }
  control.value = String(value);
}

/** True for a string. */
function isString(value) {
  return typeof value === 'string';
}

/** The number of characters (code points, as the engine counts them) of a string. */
function characters(text) {
  let count = 0;
  for (let index = 0; index < text.length; index += 1) {
    const unit = text.charCodeAt(index);
    if (unit < 0xdc00 || unit > 0xdfff || index === 0) count += 1;
    else if (text.charCodeAt(index - 1) < 0xd800 || text.charCodeAt(index - 1) > 0xdbff) count += 1;
  }
  return count;
}

/** The engine's size limit for a whole document, in bytes of UTF-8 (the form says it). */
export function maxBytes(form) {
  return Number(form.dataset.maxBytes) || Infinity;
}

/**
 * Answers from a JSON text (a link, this browser's storage), checked before any of it reaches the
 * form: null when the text is over the engine's size limit (the form's `data-max-bytes`) or is not
 * an object. A string longer than its field allows (`data-max-length`) is left out and listed in
 * `refused` ({key, length, max}): it is never written into a control, where it could freeze the tab.
 */
export function readLink(form, text) {
  if (!isString(text) || new TextEncoder().encode(text).length > maxBytes(form)) return null;
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
  const answers = { ...parsed };
  const refused = [];
  for (const wrapper of questions(form)) {
    const key = wrapper.dataset.key;
    const max = Number(wrapper.dataset.maxLength);
    const value = answers[key];
    if (!max || !isString(value) || value.length <= max) continue;
    const length = characters(value);
    if (length <= max) continue;
    refused.push({ key, length, max });
    delete answers[key];
  }
  return { keys: Object.keys(parsed), answers, refused };
}

/**
 * A link's or the store's JSON text (an object, as readLink read it, its keys `keys`) as the
 * page sends it: the defaults the form shows for keys it lacks (the first stage) added at its end,
 * the rest exactly as written.
 */
export function withDefaults(form, text, keys) {
  const missing = questions(form)
    .filter((wrapper) => wrapper.dataset.default !== undefined && !keys.includes(wrapper.dataset.key))
    .map((wrapper) => `${JSON.stringify(wrapper.dataset.key)}:${JSON.stringify(wrapper.dataset.default)}`);
  if (!missing.length) return text;
  const end = text.lastIndexOf('}');
  return `${text.slice(0, end)}${keys.length ? ',' : ''}${missing.join(',')}${text.slice(end)}`;
}

/** Fill the form from an answers object; keys the form has no question for are returned. */
export function writeAnswers(form, answers) {
  const known = new Set();
  for (const wrapper of questions(form)) {
    known.add(wrapper.dataset.key);
    writeOne(wrapper, answers[wrapper.dataset.key]);
  }
  for (const [key, owner] of Object.entries(KEPT_WITH)) {
    const wrapper = question(form, owner);
    if (!wrapper) continue;
    known.add(key);
    delete wrapper.dataset[key];
    if (answers[key] !== undefined) wrapper.dataset[key] = JSON.stringify(answers[key]);
  }
  return Object.keys(answers).filter((key) => !known.has(key));
}

/** Forget a raw (unshowable) value once the person edits that question. */
export function clearRaw(wrapper) {
  if (wrapper) delete wrapper.dataset.raw;
}

/**
 * One of the two answers of an either pair (`data-either="a b"` in the form) was given: empty the
 * other, so the form never holds both.
 */
export function clearPartner(form, key) {
  const pair = question(form, key)?.closest('[data-either]');
  if (!pair) return;
  for (const other of pair.dataset.either.split(' ')) {
    if (other === key) continue;
    const wrapper = question(form, other);
    const control = wrapper?.querySelector('input, select, textarea');
    if (control?.value) {
      control.value = '';
      clearRaw(wrapper);
    }
  }
}

/** True when the answers hold a date and time (the hours since then grow with the clock). */
export function holdsTime(form, answers) {
  return (
    Object.keys(KEPT_WITH).some((key) => typeof answers[key] === 'string') ||
    questions(form).some(
      (wrapper) =>
        wrapper.dataset.kind === 'datetime' && typeof answers[wrapper.dataset.key] === 'string',
    )
  );
}
