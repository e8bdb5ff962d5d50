// What this device keeps for kindmind, let go of on a shared device.
//
// kindmind's scripts keep a few things in this browser's storage, all under names that
// begin with "kindmind": words typed but not yet saved (autosave.js), which entries'
// critic words were folded away (critic-words.js), and the pacer's and player's choices;
// and, for when there is no connection (offline.js and the service worker), a copy of
// the person's safety plan (Cache Storage "kindmind-personal") and check-ins waiting to
// be sent (IndexedDB "kindmind-offline"). Forgetting removes all of these; the shell the
// worker keeps (styles, scripts, public pages) holds nothing of anyone's and stays.
// Without JavaScript nothing is kept here, so nothing needs this file.
//
// - Signing out (<form data-forget-device>): this page's unsaved words are sent first and
//   their answers awaited (a few seconds at most); once the server has them, everything
//   kindmind keeps here is removed, then the form is sent. If they could not be saved
//   (no connection), the device keeps them, as before, rather than lose them.
//   Whatever happens here, the service worker removes the offline copies (safety plan,
//   waiting check-ins) once the server has answered the sign-out.
// - Settings (<section data-device-store hidden>, with a [data-forget-device-now]
//   button and a [data-forget-device-done] status): "Forget what this device keeps",
//   straight away. The section stays hidden without this script.
(function () {
  "use strict";

  var PREFIX = "kindmind";
  var WAIT_MS = 5000;

  function stores() {
    var found = [];
    try { if (window.localStorage) found.push(window.localStorage); } catch (e) { /* blocked */ }
    try { if (window.sessionStorage) found.push(window.sessionStorage); } catch (e) { /* blocked */ }
    return found;
  }

  // The offline copies: deleted, and waited for, before the page moves on.
  function forgetOffline() {
    var jobs = [];
    if (window.caches) {
      jobs.push(caches.keys().then(function (names) {
        return Promise.all(names.filter(function (name) {
          return name.indexOf("kindmind-personal") === 0;
        }).map(function (name) { return caches.delete(name); }));
      }).catch(function () { /* unreadable: nothing we can do from here */ }));
    }
    if (window.indexedDB) {
      jobs.push(new Promise(function (resolve) {
        var request = indexedDB.deleteDatabase("kindmind-offline");
        request.onsuccess = request.onerror = request.onblocked = function () { resolve(); };
      }));
    }
    return Promise.all(jobs);
  }

  function forgetAll() {
    stores().forEach(function (store) {
      try {
        for (var i = store.length - 1; i >= 0; i--) {
          var key = store.key(i);
          if (key && key.indexOf(PREFIX) === 0) store.removeItem(key);
        }
      } catch (e) { /* unreadable: nothing we can do from here */ }
    });
    return forgetOffline();
  }

  // Ask the page's autosave (if any) to send what it has not saved yet. Each answer is a
  // promise of true (saved) or false; a slow one counts as not saved after WAIT_MS.
  function settle() {
    var waits = [];
    document.dispatchEvent(new CustomEvent("kindmind:signing-out", { detail: { waits: waits } }));
    if (!waits.length) return Promise.resolve(true);
    var late = new Promise(function (resolve) { setTimeout(function () { resolve(false); }, WAIT_MS); });
    return Promise.race([
      Promise.all(waits).then(function (saved) { return saved.every(Boolean); }),
      late
    ]);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form || !form.hasAttribute || !form.hasAttribute("data-forget-device")) return;
    if (form.hasAttribute("data-forgetting")) {
      event.preventDefault();
      return;
    }
    event.preventDefault();
    form.setAttribute("data-forgetting", "");
    settle().then(function (saved) {
      if (saved) return forgetAll();
    }, function () { /* keep what is here */ }).then(function () {
      form.submit();
    });
  });

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-device-store]"), function (section) {
      var button = section.querySelector("[data-forget-device-now]");
      var done = section.querySelector("[data-forget-device-done]");
      if (!button) return;
      section.hidden = false;
      button.addEventListener("click", function () {
        forgetAll().then(function () {
          if (done) done.textContent = done.getAttribute("data-message") || "";
        });
      });
    });
  });
})();
