// Where this site keeps the engine's memory snapshot in Cache Storage, and how to drop it. The
// name is scoped to the site's path (Cache Storage is per origin; other apps may share the host).

const SITE_PATH = new URL('../../../', import.meta.url).pathname;

/** The Cache Storage name of this site's snapshot. */
export const SNAPSHOT_CACHE = `decision-tool-snapshot:${SITE_PATH}`;

/** Remove this site's cached snapshot ("Forget"); the next visit downloads it again. */
export async function dropSnapshot() {
  try {
    await self.caches.delete(SNAPSHOT_CACHE);
  } catch {
    /* no Cache Storage here: nothing was kept */
  }
}

/** True when `bytes` hash to the Subresource Integrity string `integrity` (sha256/384/512). */
export async function matchesIntegrity(bytes, integrity) {
  const match = /^sha(256|384|512)-([A-Za-z0-9+/]+=*)$/.exec(integrity);
  if (!match) return false;
  const digest = new Uint8Array(await self.crypto.subtle.digest(`SHA-${match[1]}`, bytes));
  let binary = '';
  for (const byte of digest) binary += String.fromCharCode(byte);
  return btoa(binary) === match[2];
}
