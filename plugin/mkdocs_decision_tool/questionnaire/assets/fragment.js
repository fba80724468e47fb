// The answers in the URL fragment: `#answers=<base64url(UTF-8 JSON of the answers object)>`, the
// same object the engine receives. The link carries them; nothing is sent anywhere.

const FRAGMENT_KEY = 'answers';

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
