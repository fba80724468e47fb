// The site's service worker: the handbook and its decision tool after one visit, offline too.
// Written into the built site's base path by sitebuild/offline (the BUILD line below is the
// build's: its version and its digest-named files with their integrity); scope: the base path.
// Our own, not Workbox: what it must do beyond a strategy (check a digest-named file against the
// build's integrity, mark a page served from the cache, leave the engine's memory snapshot to the
// worker's own cache, keep only the files a visit used) would be our code around Workbox anyway.
// - pages and every file whose name is no digest: network first (fresh guidance and engine when
//   online); the stored copy when the network fails, a page marked "offline copy from <date>";
// - digest-named files: cache first, stored only once they matched the build's integrity;
// - never: another origin, a method but GET, a URL with a query, a Range, the snapshot.
// It stores responses of the site's own files only: never anything typed into the page.

const BUILD = { version: 'dev', files: {}, skip: [] }; // sitebuild.offline writes this line

const SCOPE = new URL(self.registration.scope);
const PAGES = `decision-tool-offline:${SCOPE.pathname}`;
const DIGESTS = `decision-tool-offline-digests:${SCOPE.pathname}`;
const NOTE = 'dt-offline-copy';

/** The path of `url` under the scope ('' for the base page), or null when it is not ours. */
function sitePath(url) {
  if (url.origin !== SCOPE.origin || url.search || !url.pathname.startsWith(SCOPE.pathname)) {
    return null;
  }
  return url.pathname.slice(SCOPE.pathname.length);
}

/** The URL, the site path and the build's integrity of a request this worker answers, or null. */
function ours(request) {
  if (request.method !== 'GET' || request.headers.has('range')) return null;
  const url = new URL(request.url);
  const path = sitePath(url);
  if (path === null || BUILD.skip.includes(path)) return null;
  url.hash = '';
  return { url: url.href, integrity: BUILD.files[path] ?? null };
}

/** A digest-named file: the stored copy, else the network's, kept once the browser has checked
 * it against the build's integrity (`fetch` rejects a mismatch). A name is its content's digest
 * and `tidy` drops the names a new build no longer lists, so a stored copy is never read back
 * whole to be checked again: the engine's wasm streams from the store as from the network. */
async function cacheFirst(url, integrity) {
  const cache = await caches.open(DIGESTS);
  const hit = await cache.match(url);
  if (hit) return hit;
  const response = await fetch(url, { integrity, credentials: 'same-origin' });
  if (response.ok) await cache.put(url, response.clone());
  return response;
}

/** True when two responses are the same version of a file (same validator). */
function sameVersion(a, b) {
  const tag = (r) => r.headers.get('etag') || r.headers.get('last-modified');
  return tag(a) !== null && tag(a) === tag(b);
}

/** Store a fresh response unless the stored copy is the same version (a page always: its date). */
async function keep(url, response) {
  if (!response.ok || response.type !== 'basic') return;
  const cache = await caches.open(PAGES);
  const html = (response.headers.get('content-type') || '').startsWith('text/html');
  const stored = html ? undefined : await cache.match(url);
  if (stored && sameVersion(stored, response)) return;
  await cache.put(url, response);
}

/** A stored page, marked with the date it was served (the page module shows the note). */
async function marked(response) {
  if (!(response.headers.get('content-type') || '').startsWith('text/html')) return response;
  const date = new Date(response.headers.get('date') || Date.now());
  const stamp = Number.isNaN(date.getTime()) ? '' : date.toISOString();
  const text = (await response.text()).replace(
    /<head>/i,
    `<head><meta name="${NOTE}" content="${stamp}">`,
  );
  const headers = new Headers(response.headers); // the page's CSP header included
  headers.delete('content-length');
  headers.delete('content-encoding');
  return new Response(text, { status: 200, headers });
}

/** Pages and the files without a digest: the network's, kept; the stored copy when offline. */
async function networkFirst(event, url) {
  try {
    // A page's request left with the worker's start (navigation preload), not after it.
    const response = (await event.preloadResponse) ?? (await fetch(event.request));
    event.waitUntil(keep(url, response.clone()).catch(() => {}));
    return response;
  } catch (error) {
    const stored = await (await caches.open(PAGES)).match(url);
    if (!stored) throw error;
    return marked(stored);
  }
}

self.addEventListener('fetch', (event) => {
  const found = ours(event.request);
  if (!found) return;
  event.respondWith(
    found.integrity ? cacheFirst(found.url, found.integrity) : networkFirst(event, found.url),
  );
});

/** Keep what a visit used (the page and the files it and its worker loaded), as the build made. */
async function keepVisit(urls) {
  const wanted = urls.map((text) => ours(new Request(text))).filter(Boolean);
  await Promise.allSettled(
    wanted.map(async ({ url, integrity }) => {
      if (integrity) return cacheFirst(url, integrity);
      return keep(url, await fetch(url, { credentials: 'same-origin' }));
    }),
  );
}

self.addEventListener('message', (event) => {
  const urls = event.data?.keep;
  if (!Array.isArray(urls) || !urls.every((url) => typeof url === 'string')) return;
  // A page loaded while this worker was still installing is taken over here (`activate` claimed
  // only the pages open then), so that its next loads, offline too, come through this worker.
  event.waitUntil(
    Promise.all([self.clients.claim(), keepVisit(urls)]).then(() =>
      event.source?.postMessage({ kept: BUILD.version }),
    ),
  );
});

// A new build takes over at once: the next online visit runs it (pages and files are network
// first, so even the old worker serves the new build's files while the new one installs).
self.addEventListener('install', () => self.skipWaiting());

/** Drop the digest-named files the build no longer names, and this worker's older caches. */
async function tidy() {
  const cache = await caches.open(DIGESTS);
  for (const request of await cache.keys()) {
    const path = sitePath(new URL(request.url));
    if (path === null || !(path in BUILD.files)) await cache.delete(request);
  }
}

self.addEventListener('activate', (event) => {
  const preload = self.registration.navigationPreload?.enable() ?? Promise.resolve();
  event.waitUntil(Promise.all([tidy(), preload]).then(() => self.clients.claim()));
});
