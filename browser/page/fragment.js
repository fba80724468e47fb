// The link format: `#dt2=<id>.<bytes>.<check>.<data>` (deflate-raw, base64url), the old `#answers=`.
//
// `dt2` is the version marker. `id` is the emergency's id (beside the answers, never inside them);
// `bytes` the UTF-8 size of the answers' JSON text; `check` its FNV-1a hash (8 hex digits); `data`
// the text compressed with CompressionStream('deflate-raw'), as base64url. A link cut short (as chat
// tools do) fails the decompression, the size or the hash: it is damaged, never read in part.
// The old format, `#answers=<base64url(UTF-8 JSON)>` (with `&at=<ms>` when an older page wrote it
// into the address bar), still opens. Neither carries a `now`: the page's clock is the only clock.

import { withoutNow } from './answers-text.js';

const MARKER = 'dt2';
const LEGACY_KEY = 'answers';
const WRITTEN_KEY = 'at';
const ID = /^[0-9a-f]{16}$/;

/** A short stable hash (FNV-1a, 32 bit, 8 hex digits) of bytes. */
export function fnv1a(bytes) {
  let hash = 0x811c9dc5;
  for (const byte of bytes) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** Bytes as base64url without padding. */
function toBase64Url(bytes) {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** base64url (padded or not) back to bytes; throws on bad input. */
function fromBase64Url(data) {
  const binary = atob(data.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

/** All of a stream's bytes; throws once more than `limit` bytes come out. */
async function drain(stream, limit = Infinity) {
  const chunks = [];
  let size = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      await reader.cancel();
      throw new Error('larger than the link says');
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}

/** Bytes through a (de)compression stream. */
function through(bytes, transform, limit) {
  return drain(new Blob([bytes]).stream().pipeThrough(transform), limit);
}

/** A new emergency id: 16 random hex digits. */
export function newId() {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
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

/** True when the hash is what is left of a link's marker cut short (`#dt`, `#dt2`, `#dt2=`). */
function cutMarker(hash) {
  const bare = String(hash).replace(/^#/, '');
  return bare.length >= 2 && `${MARKER}=`.startsWith(bare);
}

/** The old format: its text (null when its base64 or UTF-8 is broken), size and writing time. */
function legacy(hash, maxBytes) {
  const data = hashParam(hash, LEGACY_KEY);
  const bytes = Math.floor((data.replace(/=+$/, '').length * 3) / 4);
  if (bytes > maxBytes) return { kind: 'too-large', bytes };
  const written = hashParam(hash, WRITTEN_KEY);
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(fromBase64Url(data));
    const writtenAt = written !== null && /^\d+$/.test(written) ? Number(written) : null;
    return { kind: 'link', id: null, text, writtenAt };
  } catch {
    return { kind: 'damaged' };
  }
}

/**
 * What a location hash holds: {kind: 'none'} (no link: a section's anchor, nothing), 'damaged',
 * 'too-large' (with `bytes`, refused unread: over `maxBytes`), or 'link' with its `id` (null for
 * the old format) and its answers' JSON `text`, exactly as written (the engine reads it).
 */
export async function readHash(hash, maxBytes = Infinity) {
  if (hashParam(hash, LEGACY_KEY) !== null) return legacy(hash, maxBytes);
  const value = hashParam(hash, MARKER);
  if (value === null) return { kind: cutMarker(hash) ? 'damaged' : 'none' };
  const parts = value.split('.');
  if (parts.length !== 4 || !ID.test(parts[0]) || !/^\d{1,9}$/.test(parts[1])) {
    return { kind: 'damaged' };
  }
  const [id, size, check, data] = parts;
  const bytes = Number(size);
  if (bytes > maxBytes) return { kind: 'too-large', bytes };
  try {
    const raw = fromBase64Url(data);
    const plain = await through(raw, new DecompressionStream('deflate-raw'), bytes);
    if (plain.length !== bytes || fnv1a(plain) !== check) return { kind: 'damaged' };
    const text = new TextDecoder('utf-8', { fatal: true }).decode(plain);
    return { kind: 'link', id, text, writtenAt: null };
  } catch {
    return { kind: 'damaged' };
  }
}

/** The link for an emergency's answers (their JSON text, never its `now`): this page's URL. */
export async function buildLink(id, text) {
  const plain = new TextEncoder().encode(withoutNow(text));
  const packed = await through(plain, new CompressionStream('deflate-raw'));
  const url = new URL(window.location.href);
  url.hash = `${MARKER}=${id}.${plain.length}.${fnv1a(plain)}.${toBase64Url(packed)}`;
  return url.href;
}

/** The address bar without any link (its answers are now in this browser's store). */
export function clearAddressBar() {
  const url = new URL(window.location.href);
  url.hash = '';
  const href = url.href.replace(/#$/, '');
  if (href !== window.location.href) window.history.replaceState(window.history.state, '', href);
}
