// Notifications on this device, on the Reminders page (<section data-push>).
//
// Subscribes this browser to web push with the site's VAPID public key (data-key) and
// sends the subscription to data-subscribe; "Turn off" unsubscribes and tells
// data-unsubscribe. The service worker (sw.js, served at the site root) shows the
// notifications. Where there is no service worker, no PushManager or no Notification
// (an older browser, a private window, the worker not registered yet), the section says
// so calmly and email reminders still work: nothing here is needed for them.
(function () {
  "use strict";

  var section = document.querySelector("[data-push]");
  if (!section) return;
  var onButton = section.querySelector("[data-push-on]");
  var offButton = section.querySelector("[data-push-off]");
  var status = section.querySelector("[data-push-status]");
  var WAIT_MS = 4000;

  function show(state) {
    section.querySelectorAll("[data-push-state]").forEach(function (p) {
      p.hidden = p.getAttribute("data-push-state") !== state;
    });
    onButton.hidden = state !== "off";
    offButton.hidden = state !== "on";
  }

  function csrf() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
      body: JSON.stringify(body)
    }).then(function (answer) {
      if (!answer.ok) throw new Error("refused");
    });
  }

  function keyBytes(base64url) {
    var padded = (base64url + "===".slice((base64url.length + 3) % 4))
      .replace(/-/g, "+").replace(/_/g, "/");
    var raw = window.atob(padded);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  // navigator.serviceWorker.ready never settles when no worker is registered: give up
  // after a few seconds rather than wait for ever.
  function registration() {
    return Promise.race([
      navigator.serviceWorker.ready,
      new Promise(function (resolve) { window.setTimeout(function () { resolve(null); }, WAIT_MS); })
    ]);
  }

  function failed() {
    status.textContent = status.getAttribute("data-again");
  }

  show("checking");
  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
    show("unsupported");
    return;
  }
  if (Notification.permission === "denied") {
    show("denied");
    return;
  }

  registration().then(function (reg) {
    if (!reg || !reg.pushManager) { show("unsupported"); return; }
    return reg.pushManager.getSubscription().then(function (sub) {
      show(sub ? "on" : "off");

      onButton.addEventListener("click", function () {
        status.textContent = "";
        reg.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: keyBytes(section.getAttribute("data-key"))
        }).then(function (made) {
          return post(section.getAttribute("data-subscribe"), made.toJSON());
        }).then(function () {
          show("on");
        }).catch(function () {
          if (Notification.permission === "denied") show("denied"); else failed();
        });
      });

      offButton.addEventListener("click", function () {
        status.textContent = "";
        reg.pushManager.getSubscription().then(function (current) {
          if (!current) return null;
          var endpoint = current.endpoint;
          return current.unsubscribe().then(function () {
            return post(section.getAttribute("data-unsubscribe"), { endpoint: endpoint });
          });
        }).then(function () {
          show("off");
        }).catch(failed);
      });
    });
  }).catch(function () { show("unsupported"); });
})();
