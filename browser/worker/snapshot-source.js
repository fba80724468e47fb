// The worker's memory snapshot: the build's manifest, this browser's checked copy, or a download.

import { matchesIntegrity, SNAPSHOT_CACHE } from './snapshot-cache.js';

/**
 * This browser's copy of the snapshot (Cache Storage), or null. It is checked against the
 * manifest's integrity before every restore: any script of the origin can write Cache Storage,
 * and a snapshot is code. A copy that does not match is deleted.
 */
async function cachedSnapshot(url, integrity) {
  try {
    const cache = await self.caches.open(SNAPSHOT_CACHE);
    const hit = await cache.match(url);
    if (!hit) return null;
    const bytes = await hit.arrayBuffer();
    if (await matchesIntegrity(bytes, integrity)) return bytes;
    await cache.delete(url);
    return null;
  } catch {
    return null;
  }
}

/** Download the snapshot, integrity-checked. */
async function downloadSnapshot(url, integrity) {
  const data = await fetch(url, { integrity });
  if (!data.ok) throw new Error(`snapshot: HTTP ${data.status}`);
  return data.arrayBuffer();
}

/**
 * The snapshot named by `pyodideDir`'s snapshot.json (the build's manifest, written by
 * sitebuild/pyodide/snapshot.py): {bytes, url, base, holes, onDemand, stdLibURL, cached, keep},
 * or null when the site has no snapshot. `bytes` is a promise (the file; `keep` is that file too once downloaded); `base` is
 * how many of its heap bytes are stored against the runtime's initial memory; `holes` are the
 * runs of zeros left out of the file; `onDemand` names the wheels it leaves out (installed at the
 * first calendar request); `stdLibURL` is the smaller standard library zip that a restore mounts.
 *
 * A snapshot comes from Cache Storage when an earlier visit kept it and it still matches the
 * manifest's integrity: it is stored decoded, so a repeat visit skips revalidating and decoding
 * ~15 MB (not hashing it). Only a download that passed its integrity check is kept, under its
 * content-addressed name.
 */
export async function findSnapshot(pyodideDir) {
  try {
    const response = await fetch(new URL('snapshot.json', pyodideDir).href);
    if (!response.ok) return null;
    const manifest = await response.json();
    const { file, integrity, base = 0, holes = [], on_demand: onDemand = [], stdlib = null } = manifest;
    if (typeof file !== 'string' || typeof integrity !== 'string') return null;
    if (!Array.isArray(holes) || !holes.every((hole) => Array.isArray(hole))) return null;
    if (stdlib !== null && typeof stdlib !== 'string') return null;
    if (!Number.isInteger(base) || base < 0) return null;
    if (!Array.isArray(onDemand) || !onDemand.every((name) => typeof name === 'string')) return null;
    const url = new URL(file, pyodideDir).href;
    const stdLibURL = stdlib ? new URL(stdlib, pyodideDir).href : undefined;
    const found = { url, base, holes, onDemand, stdLibURL, cached: false, keep: null };
    found.bytes = cachedSnapshot(url, integrity).then(async (hit) => {
      if (hit) {
        found.cached = true;
        return hit;
      }
      // Kept as downloaded (the restore works on a copy): stored once the restore succeeded.
      found.keep = await downloadSnapshot(url, integrity);
      return found.keep;
    });
    found.bytes.catch(() => {});
    return found; // wrapped: returning the promise itself would wait for the download
  } catch {
    return null;
  }
}

/** After a restore: keep a fresh snapshot for the next visit, drop a cached one that failed. */
export async function tidySnapshotCache(found, restored) {
  try {
    const cache = await self.caches.open(SNAPSHOT_CACHE);
    if (!restored) {
      if (found.cached) await cache.delete(found.url);
      return;
    }
    if (!found.keep) return;
    for (const request of await cache.keys()) {
      if (request.url !== found.url) await cache.delete(request);
    }
    await cache.put(found.url, new Response(found.keep));
  } catch {
    // No Cache Storage (e.g. not a secure context): every visit downloads, as without it.
  }
}
