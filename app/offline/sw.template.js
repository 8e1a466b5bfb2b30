/*
 * GateLab's service worker: after one visit the editor opens and trains with
 * the network gone. The build fills in FILES (every file it wrote: page,
 * scripts, styles, the training worker, the wasm binaries) and VERSION (a
 * hash of their names); each build gets its own cache. A new build installs
 * beside the old one, waits until the page says to take over (or every tab
 * is closed), then deletes the old cache.
 */
const VERSION = '__VERSION__';
const FILES = __FILES__;
const CACHE = `gatelab-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(['./', ...FILES])));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('gatelab-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  if (event.data === 'take-over') self.skipWaiting();
});

// The build's files from the cache, the network for anything else (and for them when the cache lost them).
self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || new URL(req.url).origin !== self.location.origin) return;
  const key = req.mode === 'navigate' ? './' : req;
  event.respondWith(caches.open(CACHE).then((cache) => cache.match(key, { ignoreSearch: true })).then((hit) => hit ?? fetch(req)));
});
