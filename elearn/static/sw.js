/* ELearn ASN service worker (issue 19): pages network-first with the offline page as the
   fallback, versioned static files (?v=) cache-first. Written by hand to stay small.
   Served from /sw.js (elearn/system/offline.py) so its scope is the whole site. */
"use strict";

const STATIC_CACHE = "elearn-static-v1";
const PAGE_CACHE = "elearn-pages-v1";
const SAVED_PREFIX = "elearn-course-"; // one cache per course saved for offline reading
// Open quiz attempts (questions, never keys), kept to be answered offline, each also under its
// landing page's address, which the page names in X-Elearn-Offline.
const ATTEMPT_CACHE = "elearn-attempts";
const OFFLINE_URL = "/offline";
const SAVED_LIST_URL = "/tersimpan"; // the list of saved courses opens offline too

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(PAGE_CACHE).then((cache) => cache.addAll([OFFLINE_URL, SAVED_LIST_URL]))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  const keep = [STATIC_CACHE, PAGE_CACHE, ATTEMPT_CACHE];
  event.waitUntil(
    caches.keys().then((names) => Promise.all(names
      .filter((name) => name.startsWith("elearn-") && !name.startsWith(SAVED_PREFIX) &&
        !keep.includes(name))
      .map((name) => caches.delete(name))))
      .then(() => self.clients.claim())
  );
});

// A page the learner saved, from an open attempt or any course cache; undefined when none
// holds it.
async function savedPage(request) {
  const names = (await caches.keys()).filter(
    (name) => name === ATTEMPT_CACHE || name.startsWith(SAVED_PREFIX));
  for (const name of names) {
    const hit = await (await caches.open(name)).match(request, {ignoreSearch: true});
    if (hit) return hit;
  }
  return undefined;
}

// An attempt page is kept while the attempt is open and forgotten once it shows a result
// (which may show keys and explanations, so it is never kept).
async function keepAttempt(path, response) {
  const cache = await caches.open(ATTEMPT_CACHE);
  const landing = response.headers.get("X-Elearn-Offline");
  if (response.ok && landing) {
    await cache.put(path, response.clone());
    await cache.put(landing, response);
    return;
  }
  const kept = await cache.match(path);
  if (!kept) return;
  await cache.delete(path);
  await cache.delete(kept.headers.get("X-Elearn-Offline") || path);
}

async function page(event) {
  const request = event.request;
  try {
    const response = await fetch(request);
    const path = new URL(request.url).pathname;
    if (/^\/attempts\/\d+$/.test(path)) event.waitUntil(keepAttempt(path, response.clone()));
    return response;
  } catch (error) {
    // Offline: a saved page if there is one, else the page that says so.
    const url = new URL(request.url);
    if (url.pathname === SAVED_LIST_URL) return caches.match(SAVED_LIST_URL, {cacheName: PAGE_CACHE});
    return (await savedPage(request)) ||
      (await caches.match(OFFLINE_URL, {cacheName: PAGE_CACHE})) || Response.error();
  }
}

async function staticFile(request) {
  const cache = await caches.open(STATIC_CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) cache.put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(page(event));
  } else if ((url.pathname.startsWith("/static/") || url.pathname === "/brand.css") &&
             url.searchParams.has("v")) {
    // A versioned name changes with the file's content, so the cached copy is never stale.
    event.respondWith(staticFile(request));
  } else if (url.pathname.startsWith("/uploads/") || url.pathname.startsWith("/courses/")) {
    // Images of saved modules: the network when there is one, the saved copy when not.
    event.respondWith(fetch(request).catch(
      async () => (await savedPage(request)) || Response.error()));
  }
});
