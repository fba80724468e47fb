// Offline after one visit: registers the site's service worker (service-worker.js at the site's
// base path, scope that path; see browser/offline/) once the page has settled, hands it what this
// visit loaded to keep, and shows "Offline copy from <date>" on a page it served from its store.
// The build writes ENABLED from [tool.sitebuild] offline (off: an earlier worker is unregistered).

import { getEngine } from './engine-client.js';

const ENABLED = false; // sitebuild.offline writes this line
const BASE = new URL('../../../', import.meta.url);
const WORKER = new URL('service-worker.js', BASE);
const NOTE = 'dt-offline-copy';

/** The files this visit loaded (the page's and, in Chromium, its workers'), for the worker. */
function visited() {
  const urls = performance.getEntriesByType('resource').map((entry) => entry.name);
  return [window.location.href.split('#')[0], ...urls];
}

/** Register the worker and hand it this visit's files; never fails the page. */
async function register() {
  try {
    const registration = await navigator.serviceWorker.register(WORKER, {
      scope: BASE.pathname,
      updateViaCache: 'none',
    });
    const ready = await navigator.serviceWorker.ready;
    if (ready === registration) ready.active?.postMessage({ keep: visited() });
  } catch {
    /* no offline copy this time: the site works as before */
  }
}

/** Remove a worker an earlier build registered (offline switched off, or `mkdocs serve`). */
async function unregister() {
  try {
    const registration = await navigator.serviceWorker.getRegistration(BASE.pathname);
    if (registration && new URL(registration.scope).pathname === BASE.pathname) {
      await registration.unregister();
    }
  } catch {
    /* nothing registered */
  }
}

/** Show when the stored copy on show was made, at the top of the page's content. */
export function showOfflineNote() {
  const stamp = document.querySelector(`meta[name="${NOTE}"]`)?.getAttribute('content');
  const content = document.querySelector('article') || document.querySelector('main');
  if (!stamp || !content || content.querySelector('.dt-offline-note')) return;
  const date = new Date(stamp);
  const when = Number.isNaN(date.getTime())
    ? 'an earlier visit'
    : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  const note = document.createElement('p');
  note.className = 'dt-offline-note';
  note.setAttribute('role', 'status');
  note.textContent = `Offline copy from ${when}: no connection to the site; this is the page as this browser kept it.`;
  content.prepend(note);
}

/** Resolves once the page has loaded and, on the tool's page, the engine is ready or failed. */
function settled() {
  const loaded = new Promise((resolve) => {
    if (document.readyState === 'complete') resolve();
    else window.addEventListener('load', resolve, { once: true });
  });
  if (!document.getElementById('dt')) return loaded;
  const engine = new Promise((resolve) => {
    let stop = null;
    let done = false;
    stop = getEngine().subscribe((status) => {
      if (done || !(status.ready || status.phase === 'failed')) return;
      done = true;
      resolve();
      queueMicrotask(() => stop?.());
    });
  });
  return Promise.all([loaded, engine]);
}

/** Offer the offline copy once the page has settled: registering never slows the first decision. */
export function startOffline() {
  showOfflineNote();
  if (!('serviceWorker' in navigator)) return;
  if (!ENABLED) {
    unregister();
    return;
  }
  settled().then(register);
}
