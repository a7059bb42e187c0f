// Digitale Stadt service worker: council documents for reading without a
// connection. The page puts what a person saves into the caches below; this
// worker answers from them when the network fails, and refreshes every
// stored copy whenever the app reads it online, so saved meetings stay
// current. Nothing is cached that nobody saved, except the app itself.
"use strict";

const SAVED = "ds-offline";
const APP = "ds-app";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) {
    return;
  }
  event.respondWith(networkFirst(request));
});

async function networkFirst(request) {
  try {
    const response = await fetch(request);
    // Partial answers (range requests of the PDF viewer) cannot be stored.
    if (response.status === 200) {
      await keepFresh(request, response).catch(() => {});
    }
    return response;
  } catch (offline) {
    const stored = await caches.match(request, { ignoreVary: true });
    if (stored) {
      return stored;
    }
    // Every page of the app is the same document; its routes run in it.
    if (request.mode === "navigate") {
      const app = await caches.match("/", { cacheName: APP });
      if (app) {
        return app;
      }
    }
    throw offline;
  }
}

async function keepFresh(request, response) {
  if (request.mode === "navigate" && response.headers.get("content-type")?.startsWith("text/html")) {
    const app = await caches.open(APP);
    if (await app.match("/")) {
      await app.put("/", response.clone());
    }
    return;
  }
  for (const name of [SAVED, APP]) {
    const cache = await caches.open(name);
    if (await cache.match(request, { ignoreVary: true })) {
      await cache.put(request, response.clone());
    }
  }
}
