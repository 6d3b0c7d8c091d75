// The offline copy: a service worker that keeps this build's files on the
// machine, so the app opens (and reads files) without a network.
//
// `.ci/offline-copy.mjs` writes dist/sw.js as this file with `BUILD` in front:
// the build's version and every file the page loads, with its SHA-384. The
// copy is one build, whole or not at all:
//   - install fetches every file (checked against its hash) into a cache
//     named after the version: a file whose name carries a content hash from
//     the browser's cache when it is there (the page has just loaded it), the
//     others revalidated; one failure and this version is not installed (the
//     previous copy, if any, stays);
//   - activate deletes the copies of other versions and takes over open pages;
//   - a page (a navigation) comes from the network when there is one, so a new
//     version is seen at once, else from the copy; files whose name carries a
//     content hash (all the others, see `.ci/name-worker.mjs` for the worker's)
//     come from the copy first: they never change. A file without one would
//     come from the network first.
// Requests for anything else are not touched. Nothing here sends anything
// anywhere: it only fetches the app's own files from the page's own origin.
/* global BUILD */

const PREFIX = "klantenpiramide-";
const CACHE = PREFIX + BUILD.version;
const FILES = new Map(BUILD.files.map((file) => [new URL(file.path, self.registration.scope).href, file]));
const PAGE = new URL("./", self.registration.scope).href;

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await Promise.all(
        [...FILES].map(async ([url, file]) => {
          const get = (cache) => fetch(url, { cache, integrity: file.integrity });
          // A file named after its content is taken from the browser's cache
          // when the page has just loaded it (else every file came twice on a
          // first visit); its hash is checked all the same, and a stale or
          // damaged entry is fetched again.
          let response = file.immutable ? await get("force-cache").catch(() => null) : null;
          if (!response?.ok) response = await get("no-cache");
          if (!response.ok) throw new Error(`${file.path}: HTTP ${response.status}`);
          await cache.put(url, response);
        }),
      );
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

/** From the network; when that fails, from the copy (`fallback`'s entry). */
async function networkFirst(request, fallback) {
  try {
    return await fetch(request);
  } catch (offline) {
    const copy = await caches.match(fallback, { cacheName: CACHE });
    if (copy) return copy;
    throw offline;
  }
}

/** From the copy; when it is not there, from the network. */
async function copyFirst(request, url) {
  return (await caches.match(url, { cacheName: CACHE })) ?? fetch(request);
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET") return;
  if (request.mode === "navigate") {
    event.respondWith(networkFirst(request, PAGE));
    return;
  }
  const url = new URL(request.url);
  url.search = "";
  url.hash = "";
  const file = FILES.get(url.href);
  if (!file) return;
  event.respondWith(file.immutable ? copyFirst(request, url.href) : networkFirst(request, url.href));
});
