// kindmind's service worker: what still works without a connection. Hand-written and
// small on purpose; served by kindmind.front.offline.service_worker, which fills in the
// addresses below (static files carry a content hash in production) and the version.
//
// What is kept on this device, in the Cache Storage:
// - SHELL: the styles, scripts and icons, the manifest, the calm offline page, and three
//   public pages (crisis services, grounding, the soothing-breath pacer), fetched without
//   cookies so that they hold nothing of anyone's. Replaced whole when this file changes.
// - PERSONAL: the signed-in person's safety plan, kept when they open it, with the crisis
//   services page as they see it (their country, their plan). Nothing else personal is
//   ever kept here, and no answer to a script's request. Signing out empties it (here,
//   when the sign-out answer comes back, and in the page, by forget-device.js).
// Everything else goes to the network; a page that cannot be reached shows the offline
// page instead.
"use strict";
{% autoescape off %}

var VERSION = {{ version }};
var SHELL = "kindmind-shell-" + VERSION;
var PERSONAL = "kindmind-personal";
var OFFLINE_PAGE = {{ offline_page }};
var STATIC_PREFIX = new URL({{ static_prefix }}, self.location).pathname;
var SIGN_OUT = {{ sign_out }};
var PLAN = {{ plan }};
var HELP = {{ help }};
// Public pages: kept in SHELL, fetched without cookies.
var PUBLIC_PAGES = {{ public_pages }};
// Kept in PERSONAL when the person opens them, network first.
var PERSONAL_PAGES = [PLAN, HELP];
var MANIFEST = {{ manifest }};
var PRECACHE = [OFFLINE_PAGE, MANIFEST].concat(PUBLIC_PAGES, {{ static_files }});
// The offline check-ins waiting to be sent (offline.js): emptied on sign-out too.
var QUEUE_DB = "kindmind-offline";

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(SHELL).then(function (cache) {
      return Promise.all(PRECACHE.map(function (url) {
        // Without cookies: a public page as anyone would see it, and never a redirect.
        return fetch(new Request(url, { credentials: "omit", redirect: "error" })).then(function (response) {
          if (!response.ok) throw new Error("precache " + response.status);
          return cache.put(url, response);
        });
      }));
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  // Older versions of the shell go; the person's own cache stays until they sign out.
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("kindmind-shell-") === 0 && name !== SHELL;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function forgetPersonal() {
  var queue = new Promise(function (resolve) {
    var request = self.indexedDB.deleteDatabase(QUEUE_DB);
    request.onsuccess = request.onerror = request.onblocked = function () { resolve(); };
  });
  return Promise.all([caches.delete(PERSONAL), queue]);
}

function fromCache(request, names) {
  // The first cache that holds this page; a ?country= choice falls back to the page.
  var options = { ignoreVary: true, ignoreSearch: true };
  return names.reduce(function (found, name) {
    return found.then(function (hit) {
      return hit || caches.open(name).then(function (cache) { return cache.match(request.url, options); });
    });
  }, Promise.resolve(undefined));
}

function offlinePage() {
  return caches.open(SHELL).then(function (cache) { return cache.match(OFFLINE_PAGE); }).then(function (page) {
    return page || new Response("You're offline for now.", {
      status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" }
    });
  });
}

// Signing out: once the server has answered, nothing personal stays on this device.
function signOut(event) {
  return fetch(event.request).then(function (response) {
    return forgetPersonal().then(function () { return response; });
  }, function () { return offlinePage(); });
}

// A page: the network first. The person's plan (and the help page as they see it) is
// kept when it arrives whole; a page that cannot be reached comes from the caches, or
// the offline page.
function page(event, path) {
  var request = event.request;
  var personal = PERSONAL_PAGES.indexOf(path) !== -1;
  return fetch(request).then(function (response) {
    if (personal) {
      // Kept only when it is the page itself: a redirect means signed out, a 404 a
      // clinician's account; then any earlier copy goes too.
      var whole = response.ok && !response.redirected && response.type === "basic";
      var copy = whole ? response.clone() : null;
      event.waitUntil(caches.open(PERSONAL).then(function (cache) {
        if (!copy) return cache.delete(path);
        return cache.put(path, copy).then(function () {
          // With the plan, the crisis services as this person sees them (their own
          // country, their plan first), should they need them offline.
          if (path !== PLAN) return undefined;
          return fetch(HELP, { credentials: "same-origin", redirect: "error" }).then(function (help) {
            return help.ok ? cache.put(HELP, help) : undefined;
          }, function () { /* the public copy in SHELL still answers */ });
        });
      }));
    }
    return response;
  }, function () {
    var names = personal ? [PERSONAL, SHELL] : [SHELL];
    return fromCache(request, names).then(function (hit) { return hit || offlinePage(); });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    if (request.method === "POST" && url.pathname === SIGN_OUT) {
      event.respondWith(signOut(event));
    } else if (request.method === "GET") {
      event.respondWith(page(event, url.pathname));
    } else {
      // A form sent with no connection: the offline page rather than the browser's error.
      event.respondWith(fetch(request).catch(offlinePage));
    }
    return;
  }
  if (request.method === "GET" && url.pathname.indexOf(STATIC_PREFIX) === 0) {
    // Static files carry their content in their name: the kept copy is always right.
    event.respondWith(
      caches.open(SHELL).then(function (cache) { return cache.match(request); }).then(function (hit) {
        return hit || fetch(request);
      })
    );
  }
  if (request.method === "GET" && url.pathname === MANIFEST) {
    event.respondWith(fetch(request).catch(function () {
      return caches.open(SHELL).then(function (cache) { return cache.match(MANIFEST); });
    }));
  }
  if (request.method !== "GET" && request.keepalive) {
    // The last words of a page being left (autosave.js's beacon): sent by this worker
    // itself, which lives on until the server answers. Left to the page, the network
    // request was the closing page's to make, and it could be dropped with the page: on a
    // busy machine, 5 of 38 leaving-the-page saves never reached the server.
    event.respondWith(fetch(request));
    return;
  }
  // Anything else (a script's request, a save while the page stays): straight to the
  // network, never kept.
});

// Reminders (sent by the server as web push): {"title", "body", "url"}.
self.addEventListener("push", function (event) {
  var message = {};
  try { message = event.data ? event.data.json() : {}; } catch (e) { message = {}; }
  var title = typeof message.title === "string" && message.title ? message.title : "kindmind";
  event.waitUntil(self.registration.showNotification(title, {
    body: typeof message.body === "string" ? message.body : "",
    icon: {{ icon }},
    badge: {{ icon }},
    data: { url: sameOrigin(message.url) }
  }));
});

// Only an address on this site is ever opened from a notification.
function sameOrigin(raw) {
  try {
    var url = new URL(typeof raw === "string" ? raw : "/", self.location.origin);
    return url.origin === self.location.origin ? url.href : self.location.origin + "/";
  } catch (e) {
    return self.location.origin + "/";
  }
}

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var target = sameOrigin(event.notification.data && event.notification.data.url);
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (windows) {
      // An open kindmind tab: bring it forward and take it to the address.
      for (var i = 0; i < windows.length; i++) {
        var client = windows[i];
        if (new URL(client.url).origin === self.location.origin && "focus" in client) {
          return client.focus().then(function (focused) {
            if (!focused || focused.url === target || !("navigate" in focused)) return focused;
            return focused.navigate(target).catch(function () { return self.clients.openWindow(target); });
          });
        }
      }
      return self.clients.openWindow(target);
    })
  );
});
{% endautoescape %}
