// The answers the form shows without being asked: a question's default (`data-default`, the
// first stage). Only defaults is nothing answered; a link's text gets them as the page sends it.

import { question, questions } from './form-answers.js';

/** True when `answers` hold nothing but defaults (the first stage): nothing worth keeping. */
export function onlyDefaults(form, answers) {
  return Object.entries(answers).every(
    ([key, value]) => question(form, key)?.dataset.default === value,
  );
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
