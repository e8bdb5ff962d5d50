// Offline: the service worker, and check-ins written with no connection.
//
// - Registers kindmind's service worker (/sw.js, see kindmind/front/templates/front/sw.js),
//   which keeps the crisis services, grounding, the pacer and the person's own safety plan
//   for when there is no connection. Without this file pages simply need the network.
// - A check-in sent with no connection (<form data-offline-checkin>) is kept on this
//   device (IndexedDB, under its one-time submission id, with the person it belongs to)
//   and the page says so. It is sent when the connection returns (the "online" event) or
//   at the next page this person opens, and then removed. The server keeps one check-in
//   per submission id, so a send repeated after a lost answer still records it once; a
//   lock keeps two tabs from sending at the same moment.
// - Signing out (forget-device.js asks through "kindmind:signing-out") sends what is
//   waiting first; signing out then removes it all from the device.
(function () {
  "use strict";

  var script = document.currentScript;
  var WORKER = script && script.getAttribute("data-worker");
  var PERSON = script && script.getAttribute("data-person");
  var SIGN_IN = script && script.getAttribute("data-sign-in");
  var SAVED_MESSAGE = script && script.getAttribute("data-sent-message");
  var SAVED_LINK = script && script.getAttribute("data-sent-link");
  var SAVED_LINK_TEXT = script && script.getAttribute("data-sent-link-text");
  var DB = "kindmind-offline";
  var STORE = "checkins";

  if (WORKER && "serviceWorker" in navigator) {
    navigator.serviceWorker.register(WORKER).catch(function () { /* pages need the network, as before */ });
  }

  if (!PERSON || !window.indexedDB) return;

  // -- The queue: one IndexedDB store, opened for each use and closed straight after, so
  //    that signing out can delete the whole database at once.
  function open() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB, 1);
      request.onupgradeneeded = function () { request.result.createObjectStore(STORE, { keyPath: "id" }); };
      request.onsuccess = function () {
        var db = request.result;
        db.onversionchange = function () { db.close(); };
        resolve(db);
      };
      request.onerror = function () { reject(request.error); };
      request.onblocked = function () { reject(new Error("blocked")); };
    });
  }

  function use(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var result = work(tx.objectStore(STORE));
        tx.oncomplete = function () { db.close(); resolve(result && result.result); };
        tx.onerror = tx.onabort = function () { db.close(); reject(tx.error); };
      });
    });
  }

  function keep(item) { return use("readwrite", function (store) { return store.put(item); }); }
  function drop(id) { return use("readwrite", function (store) { return store.delete(id); }); }

  // Whether anything waits, without creating the database when nothing ever did.
  function waiting() {
    var known = indexedDB.databases ? indexedDB.databases() : Promise.resolve([{ name: DB }]);
    return known.then(function (found) {
      var exists = found.some(function (db) { return db.name === DB; });
      if (!exists) return [];
      return use("readonly", function (store) { return store.getAll(); }).then(function (all) {
        return (all || []).filter(function (item) { return item.person === PERSON; });
      });
    });
  }

  // -- Writing offline.
  function localNow(form) {
    // The person's own clock (their account's timezone, as the page was drawn), for
    // "when was this": a check-in sent later still belongs to the moment it was written.
    var offset = parseInt(form.getAttribute("data-utc-offset"), 10) || 0;
    return new Date(Date.now() + offset * 1000).toISOString().slice(0, 16);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form || !form.hasAttribute || !form.hasAttribute("data-offline-checkin")) return;
    if (navigator.onLine !== false) return;
    event.preventDefault();
    var fields = [];
    var id = "";
    var hasWhen = false;
    new FormData(form).forEach(function (value, name) {
      if (typeof value !== "string" || name === "csrfmiddlewaretoken") return;
      if (name === "submission_id") id = value;
      if (name === "when" && value) hasWhen = true;
      if (name !== "when" || value) fields.push([name, value]);
    });
    if (form.querySelector("[name=when]") && !hasWhen) fields.push(["when", localNow(form)]);
    var kept = form.parentNode.querySelector("[data-offline-kept]");
    var failed = form.parentNode.querySelector("[data-offline-failed]");
    if (!id) return;
    keep({ id: id, person: PERSON, action: form.action, fields: fields }).then(function () {
      form.hidden = true;
      if (failed) failed.hidden = true;
      if (kept) {
        kept.hidden = false;
        kept.focus();
      }
    }, function () {
      if (failed) {
        failed.hidden = false;
        failed.focus();
      }
    });
  });

  // -- Sending.
  function token() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function post(item) {
    var body = new URLSearchParams();
    item.fields.forEach(function (pair) { body.append(pair[0], pair[1]); });
    body.append("csrfmiddlewaretoken", token());
    return fetch(item.action, { method: "POST", body: body, credentials: "same-origin", redirect: "follow" });
  }

  function pathOf(url) { return new URL(url, location.href).pathname; }

  // Sends one kept check-in. Resolves to "sent" (with where the server led), "later"
  // (no connection, or not signed in: keep it) or "refused" (the server will never
  // take it as it is: nothing is left to keep).
  function send(item) {
    return post(item).then(function (response) {
      if (response.redirected && SIGN_IN && pathOf(response.url).indexOf(SIGN_IN) === 0) {
        return { outcome: "later" };
      }
      if (response.ok && response.redirected) return { outcome: "sent", url: response.url };
      if (response.status === 400) {
        // Sent over a week after it was written, its time is too old to keep: it is
        // saved as of now rather than lost. Anything else the form refuses, it always will.
        var timed = item.fields.some(function (pair) { return pair[0] === "when"; });
        if (!timed) return { outcome: "refused" };
        item.fields = item.fields.filter(function (pair) { return pair[0] !== "when"; });
        return keep(item).then(function () { return send(item); });
      }
      return { outcome: "later" };
    }, function () { return { outcome: "later" }; });
  }

  function sendAll() {
    return waiting().then(function (items) {
      var sent = 0;
      var safetyStep = null;
      var left = items.length;
      return items.reduce(function (chain, item) {
        return chain.then(function (stop) {
          if (stop) return true;
          return send(item).then(function (result) {
            if (result.outcome === "later") return true;
            left -= 1;
            if (result.outcome === "sent") {
              sent += 1;
              // Words that sounded heavy lead to a safety step, as they would have online.
              var checkins = pathOf(item.action).replace(/[^/]+\/$/, "");
              if (!safetyStep && pathOf(result.url).indexOf(checkins) !== 0) safetyStep = result.url;
            }
            return drop(item.id).then(function () { return false; });
          });
        });
      }, Promise.resolve(false)).then(function () {
        if (safetyStep) location.assign(safetyStep);
        else if (sent) announce();
        return left === 0;
      });
    });
  }

  var sending = null;
  function sendWaiting() {
    if (sending) return sending;
    var run = function () { return sendAll(); };
    var locked = navigator.locks ? navigator.locks.request("kindmind-offline-checkins", run) : run();
    sending = locked.then(function (done) {
      sending = null;
      return done;
    }, function () {
      sending = null;
      return false;
    });
    return sending;
  }

  function announce() {
    if (!SAVED_MESSAGE) return;
    var main = document.getElementById("main");
    if (!main) return;
    var note = document.createElement("p");
    note.className = "notice notice--success";
    note.setAttribute("role", "status");
    note.setAttribute("data-offline-sent", "");
    note.textContent = SAVED_MESSAGE + " ";
    var link = document.createElement("a");
    link.href = SAVED_LINK;
    link.textContent = SAVED_LINK_TEXT;
    if (SAVED_LINK && SAVED_LINK_TEXT) note.appendChild(link);
    main.insertBefore(note, main.firstChild);
    Array.prototype.forEach.call(document.querySelectorAll("[data-offline-kept]"), function (kept) {
      kept.hidden = true;
    });
  }

  document.addEventListener("kindmind:signing-out", function (event) {
    if (event.detail && event.detail.waits) event.detail.waits.push(sendWaiting());
  });
  window.addEventListener("online", function () { sendWaiting(); });
  document.addEventListener("DOMContentLoaded", function () {
    if (navigator.onLine !== false) sendWaiting();
  });
})();
