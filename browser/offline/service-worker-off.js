// The site's service worker when the build's settings switch offline copies off
// ([tool.sitebuild] offline = false): it removes itself and what it stored, so a browser that
// kept an earlier build's worker goes back to the network alone. Written by sitebuild/offline.

const SCOPE = new URL(self.registration.scope).pathname;

self.addEventListener('install', () => self.skipWaiting());

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith('decision-tool-offline') && name.endsWith(`:${SCOPE}`)) {
          await caches.delete(name);
        }
      }
      await self.registration.unregister();
    })(),
  );
});
