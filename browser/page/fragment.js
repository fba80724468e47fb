// The answers in the URL fragment: `#answers=<base64url(UTF-8 JSON of the answers object)>`, the
// same text the engine receives. The link carries them; nothing is sent anywhere.
//
// The address bar's fragment also says when the page wrote it (`&at=<ms>`, this browser's clock):
// "Forget" cannot reach into the back history, so an entry written before the last Forget is
// ignored when the person comes back to it (see questionnaire.js). Copied links carry no `at`.
// Neither the address bar nor a copied link carries a `now`: the page's clock is the only clock.

import { withoutNow } from './answers-text.js';

const FRAGMENT_KEY = 'answers';
const WRITTEN_KEY = 'at';

/** UTF-8 text as base64url without padding. */
function toBase64Url(text) {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** base64url (padded or not) back to UTF-8 text; throws on bad input. */
function fromBase64Url(data) {
  const binary = atob(data.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

/**
 * One `key=value` of a location hash, or null. Read by hand: URLSearchParams takes a third of a
 * second on a 2 MB link, and a link may be that long.
 */
function hashParam(hash, key) {
  const part = String(hash)
    .replace(/^#/, '')
    .split('&')
    .find((item) => item.startsWith(`${key}=`));
  return part === undefined ? null : part.slice(key.length + 1);
}

/** The UTF-8 size of the answers a location hash carries (from its base64 length), or null. */
export function fragmentBytes(hash) {
  const data = hashParam(hash, FRAGMENT_KEY);
  return data ? Math.floor((data.replace(/=+$/, '').length * 3) / 4) : null;
}

/**
 * The answers' JSON text a location hash carries, exactly as written (never parsed here: the
 * engine reads it, as the CLI would), or null when it carries none (or broken base64/UTF-8).
 */
export function fragmentText(hash) {
  const data = hashParam(hash, FRAGMENT_KEY);
  if (!data) return null;
  try {
    return fromBase64Url(data);
  } catch {
    return null;
  }
}

/** When the page wrote a location hash's answers (ms), or null (a link made to be shared). */
export function fragmentWrittenAt(hash) {
  const written = hashParam(hash, WRITTEN_KEY);
  return written !== null && /^\d+$/.test(written) ? Number(written) : null;
}

/** The address bar's fragment for the answers' JSON text, marked as written now. */
function writtenFragment(data) {
  return `${FRAGMENT_KEY}=${data}&${WRITTEN_KEY}=${Date.now()}`;
}

/** Mark the address bar's answers as written now: the page shows them (without a `now`). */
export function markFragmentWritten() {
  let data = hashParam(window.location.hash, FRAGMENT_KEY);
  if (!data) return;
  const text = fragmentText(window.location.hash);
  const kept = withoutNow(text);
  if (kept !== text) data = toBase64Url(kept);
  const url = new URL(window.location.href);
  url.hash = writtenFragment(data);
  window.history.replaceState(window.history.state, '', url.href);
}

/** The permalink of the answers' JSON text (never its `now`): this page's URL and the answers. */
export function permalink(text) {
  const url = new URL(window.location.href);
  url.hash = `${FRAGMENT_KEY}=${toBase64Url(withoutNow(text))}`;
  return url.href;
}

/**
 * Put the answers in the address bar without adding history entries. With no answers, only an
 * answers fragment is removed: a link to a section (`#when-to-start`) is left alone.
 */
export function replaceFragment(answers) {
  const empty = Object.keys(answers).length === 0;
  if (empty && hashParam(window.location.hash, FRAGMENT_KEY) === null) return;
  const url = new URL(window.location.href);
  url.hash = empty ? '' : writtenFragment(toBase64Url(JSON.stringify(answers)));
  const href = empty ? url.href.replace(/#$/, '') : url.href;
  if (href !== window.location.href) window.history.replaceState(window.history.state, '', href);
}
