/* The platform's service worker (core.offline): the pages areas declare offline are
   network-first with the last copy kept as the fallback, so that a reload without
   network still shows the page; static assets are cache-first when their names carry
   the content hash, network-first otherwise. Version __VERSION__. */
"use strict";
const CONFIG = {{ config|safe }};
const STATIC_CACHE = "tongxin-static-__VERSION__";
// Not versioned: the pages a person opened stay available across worker updates.
const PAGES_CACHE = "tongxin-pages";
const HASHED = /\.[0-9a-f]{12}\.[a-z0-9]+$/i;
// A page kept ahead is fetched again only when its copy is older than this.
const FRESH_MS = 10 * 60 * 1000;

function isOfflinePage(path) {
  return CONFIG.pages.some(function (prefix) {
    return prefix.endsWith("$") ? path === prefix.slice(0, -1) : path.startsWith(prefix);
  });
}

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(STATIC_CACHE).then(function (cache) {
      // One missing asset must not stop the rest (nor the worker) from installing.
      return Promise.all(CONFIG.assets.map(function (url) {
        return cache.add(url).catch(function () {});
      }));
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.startsWith("tongxin-static-") && name !== STATIC_CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function store(cacheName, request, response) {
  // Only a page that answered itself: never a redirect to the sign-in page under
  // the page's address, never an error.
  if (!(response.ok && !response.redirected && response.type === "basic")) {
    return Promise.resolve();
  }
  const copy = response.clone();
  return caches.open(cacheName).then(function (cache) { return cache.put(request, copy); });
}

function keep(cacheName, request, response) {
  store(cacheName, request, response);
  return response;
}

function networkFirst(cacheName, request, options) {
  return fetch(request).then(function (response) {
    return keep(cacheName, request, response);
  }).catch(function () {
    return caches.open(cacheName).then(function (cache) {
      return cache.match(request, options);
    }).then(function (hit) {
      if (hit) return hit;
      if (request.mode === "navigate") {
        return new Response(
          '<!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
          '<title>同心</title><p style="font:1.1rem sans-serif;margin:2rem">' + CONFIG.offline_text + "</p>",
          { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } }
        );
      }
      return Response.error();
    });
  });
}

function cacheFirst(request) {
  return caches.open(STATIC_CACHE).then(function (cache) {
    return cache.match(request, { ignoreSearch: true }).then(function (hit) {
      return hit || fetch(request).then(function (response) {
        return keep(STATIC_CACHE, request, response);
      });
    });
  });
}

self.addEventListener("fetch", function (event) {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method !== "GET") {
    // Signing out takes the person's pages off the phone; what they kept to send
    // stays (it is theirs, sent when they sign in again).
    if (url.pathname === CONFIG.logout) event.waitUntil(caches.delete(PAGES_CACHE));
    return;
  }
  if (url.pathname.startsWith(CONFIG.static)) {
    event.respondWith(HASHED.test(url.pathname)
      ? cacheFirst(request)
      : networkFirst(STATIC_CACHE, request, { ignoreSearch: true }));
    return;
  }
  // htmx fragments share their page's address; keeping one would replace the page.
  if (request.headers.get("HX-Request")) return;
  if (isOfflinePage(url.pathname)) {
    event.respondWith(networkFirst(PAGES_CACHE, request, { ignoreVary: true }));
  }
});

// A page asks to be taken over, or for the pages it links to (today's checklists)
// to be kept in advance.
self.addEventListener("message", function (event) {
  const data = event.data || {};
  // A page that was loading while the worker activated is not among the clients it
  // claimed: it asks, so that it too is answered without network from now on.
  if (data.type === "claim") {
    event.waitUntil(self.clients.claim());
    return;
  }
  if (data.type !== "keep-pages" || !Array.isArray(data.urls)) return;
  event.waitUntil(caches.open(PAGES_CACHE).then(function (cache) {
    return Promise.all(data.urls.slice(0, 40).map(function (href) {
      const url = new URL(href, self.location.origin);
      if (url.origin !== self.location.origin || !isOfflinePage(url.pathname)) return null;
      return cache.match(url.href, { ignoreVary: true }).then(function (hit) {
        // Fresh enough: today's page is opened often, its links change little.
        const age = hit ? Date.now() - Date.parse(hit.headers.get("Date") || 0) : Infinity;
        if (age < FRESH_MS) return null;
        return fetch(url.href, { credentials: "same-origin" }).then(function (response) {
          return store(PAGES_CACHE, new Request(url.href), response);
        });
      }).catch(function () {});
    }));
  }));
});
