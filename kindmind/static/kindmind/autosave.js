// Autosave for answer boxes: words save as they are typed, and are never lost.
//
// Hooked on data attributes (no inline script, so the strict CSP holds):
//   <form data-autosave-form data-save-url=".." data-entry="<id>" data-signin-url=".."
//         data-msg-*="translated words">
//     <textarea data-autosave="<field>"> with hidden inputs base__<field>, rev__<field>
//     <p data-save-status="<field>">   a quiet "Saved" beside each box
//     <div data-save-alert>            one place for anything that needs the person
//     <div data-hints-for="<field>">   optional hints the server sends back
//
// Saves ~800 ms after typing stops, on leaving a box, and when the page is hidden or left
// (navigator.sendBeacon, which cannot set headers: the CSRF token travels in the body).
// Until the server confirms, the words are also kept in this device's localStorage, so:
// - a dropped connection or a restarting server: retried with backoff, words stay put;
// - an expired session: "signed out", words kept here; after signing in again the page
//   comes back (the sign-in page's `next`) and the words are put back and saved;
// - the server's rules for late and conflicting saves are in kindmind/critic/drafts.py.
// - signing out: what is not saved yet is sent first (forget-device.js), so the device
//   can let go of everything it keeps without losing words.
// Without JavaScript the form's own submit saves everything.
(function () {
  "use strict";

  var DEBOUNCE_MS = 800;
  var RETRY_MS = [1000, 2000, 4000, 8000];
  var RETRY_MAX_MS = 10000;
  var STORE = "kindmind:draft:";

  function storage() {
    try {
      var s = window.localStorage;
      s.setItem(STORE + "probe", "1");
      s.removeItem(STORE + "probe");
      return s;
    } catch (e) {
      return null; // private browsing or full: we still save to the server
    }
  }

  function newSitting() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    var hex = "";
    for (var i = 0; i < 32; i++) hex += Math.floor(Math.random() * 16).toString(16);
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-4" + hex.slice(13, 16) + "-a" +
      hex.slice(17, 20) + "-" + hex.slice(20, 32);
  }

  function Page(form) {
    this.form = form;
    this.url = form.getAttribute("data-save-url");
    this.entry = form.getAttribute("data-entry");
    this.signinUrl = form.getAttribute("data-signin-url");
    this.alertBox = form.querySelector("[data-save-alert]");
    this.store = storage();
    this.sittingInput = form.querySelector("input[name=sitting]");
    this.sending = false;
    this.boxes = [];
    var self = this;
    Array.prototype.forEach.call(form.querySelectorAll("textarea[data-autosave]"), function (el) {
      self.boxes.push(new Box(self, el));
    });
  }

  Page.prototype.msg = function (name) {
    return this.form.getAttribute("data-msg-" + name) || "";
  };

  Page.prototype.csrf = function () {
    var input = this.form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  };

  // One message for the person, with optional link or buttons. Built from text nodes:
  // nothing typed or received is ever parsed as HTML here.
  Page.prototype.tell = function (text, extra) {
    if (!this.alertBox) return;
    this.alertBox.textContent = "";
    var p = document.createElement("p");
    p.textContent = text;
    this.alertBox.appendChild(p);
    if (extra) this.alertBox.appendChild(extra);
    this.alertBox.hidden = false;
  };

  Page.prototype.quiet = function () {
    if (!this.alertBox) return;
    this.alertBox.hidden = true;
    this.alertBox.textContent = "";
  };

  Page.prototype.signedOut = function () {
    var p = document.createElement("p");
    var a = document.createElement("a");
    a.href = this.signinUrl;
    a.className = "button";
    a.textContent = this.msg("sign-in");
    p.appendChild(a);
    this.tell(this.msg("signed-out"), p);
  };

  Page.prototype.flush = function () {
    // The form itself is being sent, with every word in it: a beacon now would only
    // arrive after it (the words stay on this device until a save is confirmed).
    if (this.sending) return;
    this.boxes.forEach(function (box) { box.beacon(); });
  };

  function Box(page, el) {
    this.page = page;
    this.el = el;
    this.field = el.getAttribute("data-autosave");
    this.baseInput = page.form.querySelector("input[name=base__" + this.field + "]");
    this.revInput = page.form.querySelector("input[name=rev__" + this.field + "]");
    this.status = page.form.querySelector("[data-save-status=" + this.field + "]");
    this.hints = page.form.querySelector("[data-hints-for=" + this.field + "]");
    this.version = parseInt(this.baseInput ? this.baseInput.value : "0", 10) || 0;
    this.rev = parseInt(this.revInput ? this.revInput.value : "1", 10) || 1;
    // What the server has, as far as this page knows: the words it rendered.
    this.saved = el.defaultValue;
    this.timer = null;
    this.inFlight = false;
    this.again = false;
    this.retries = 0;
    this.blocked = false; // signed out, refused or gone: wait for the person
    var self = this;
    el.addEventListener("input", function () { self.typed(); });
    el.addEventListener("blur", function () { self.soon(0); });
  }

  Box.prototype.key = function () {
    return STORE + this.page.entry + ":" + this.field;
  };

  Box.prototype.keep = function () {
    if (!this.page.store) return;
    try {
      this.page.store.setItem(this.key(), JSON.stringify({
        text: this.el.value, base: this.version, at: Date.now()
      }));
    } catch (e) { /* full: the server copy is what matters */ }
  };

  Box.prototype.forget = function () {
    if (this.page.store) this.page.store.removeItem(this.key());
  };

  Box.prototype.kept = function () {
    if (!this.page.store) return null;
    try {
      var raw = this.page.store.getItem(this.key());
      var data = raw ? JSON.parse(raw) : null;
      return data && typeof data.text === "string" ? data : null;
    } catch (e) {
      return null;
    }
  };

  Box.prototype.say = function (name) {
    if (this.status) this.status.textContent = name ? this.page.msg(name) : "";
  };

  Box.prototype.typed = function () {
    this.rev += 1;
    if (this.revInput) this.revInput.value = String(this.rev);
    this.blocked = false;
    this.keep();
    this.soon(DEBOUNCE_MS);
  };

  Box.prototype.soon = function (ms) {
    var self = this;
    clearTimeout(this.timer);
    this.timer = setTimeout(function () { self.send(); }, ms);
  };

  Box.prototype.body = function (text) {
    var body = new URLSearchParams();
    body.set("csrfmiddlewaretoken", this.page.csrf());
    body.set("field", this.field);
    body.set("text", text);
    body.set("base_version", String(this.version));
    body.set("sitting", this.page.sittingInput.value);
    body.set("rev", String(this.rev));
    return body;
  };

  Box.prototype.send = function () {
    if (this.blocked) return;
    if (this.inFlight) {
      this.again = true;
      return;
    }
    var text = this.el.value;
    if (text === this.saved) {
      this.forget();
      return;
    }
    var self = this;
    this.inFlight = true;
    this.again = false;
    this.say("saving");
    fetch(this.page.url, {
      method: "POST",
      body: this.body(text),
      credentials: "same-origin",
      headers: { "Accept": "application/json" },
      cache: "no-store"
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        self.answered(response.status, data, text);
      });
    }, function () {
      self.failed();
    });
  };

  Box.prototype.answered = function (status, data, text) {
    this.inFlight = false;
    if (status === 200) {
      this.retries = 0;
      this.version = data.version;
      if (this.baseInput) this.baseInput.value = String(data.version);
      if (data.status !== "late") this.saved = text;
      if (typeof data.hints_html === "string" && this.hints) {
        // Rendered by our own server from escaped templates.
        this.hints.innerHTML = data.hints_html;
      }
      if (data.status === "conflict") this.page.tell(data.message || "");
      else if (this.page.alertBox && this.page.alertBox.getAttribute("data-state") === "problem") {
        this.page.alertBox.removeAttribute("data-state");
        this.page.quiet();
      }
      if (this.el.value === this.saved) {
        this.forget();
        this.say("saved");
      } else {
        this.soon(this.again ? 0 : DEBOUNCE_MS);
      }
      return;
    }
    this.blocked = true;
    this.say("not-saved");
    if (this.page.alertBox) this.page.alertBox.setAttribute("data-state", "problem");
    if (status === 401 || status === 403) {
      this.page.signedOut();
    } else if (status === 400) {
      this.page.tell(data.message || this.page.msg("gone"));
    } else if (status >= 500 || status === 0 || status === 408 || status === 429) {
      this.blocked = false;
      this.failed();
    } else {
      this.page.tell(this.page.msg("gone"));
    }
  };

  Box.prototype.failed = function () {
    // No answer, or the server is restarting: keep the words and try again later.
    this.inFlight = false;
    this.say("retry");
    var wait = this.retries < RETRY_MS.length ? RETRY_MS[this.retries] : RETRY_MAX_MS;
    this.retries += 1;
    this.soon(wait);
  };

  // The page is being hidden or left: one last try that survives the page.
  Box.prototype.beacon = function () {
    clearTimeout(this.timer);
    if (this.blocked || this.el.value === this.saved) return;
    var body = this.body(this.el.value);
    var sent = false;
    if (navigator.sendBeacon) {
      try { sent = navigator.sendBeacon(this.page.url, body); } catch (e) { sent = false; }
    }
    if (!sent) {
      try {
        fetch(this.page.url, { method: "POST", body: body, credentials: "same-origin", keepalive: true });
      } catch (e) { /* the words are still kept on this device */ }
    }
    // Whether it arrived is unknown: the local copy stays until a save is confirmed.
  };

  // Signing out (forget-device.js): send what is not saved yet, now, and say whether the
  // server has it all, so the device can let go of the words without losing them.
  Box.prototype.settle = function () {
    clearTimeout(this.timer);
    var self = this;
    var text = this.el.value;
    if (text === this.saved) {
      this.forget();
      return Promise.resolve(true);
    }
    return fetch(this.page.url, {
      method: "POST",
      body: this.body(text),
      credentials: "same-origin",
      headers: { "Accept": "application/json" },
      cache: "no-store"
    }).then(function (response) {
      if (response.status !== 200) return false;
      // Saved, or kept beside newer words (a conflict or a late arrival): either way
      // the server has them.
      return response.json().then(function (data) {
        self.version = data.version;
        if (data.status !== "late") self.saved = text;
        self.forget();
        return true;
      });
    }).catch(function () { return false; });
  };

  // Words kept on this device that the server may not have: after signing in again,
  // after a crash, after closing the page mid-save.
  Box.prototype.restore = function () {
    var kept = this.kept();
    if (!kept) return false;
    if (kept.text === this.saved) {
      this.forget();
      return false;
    }
    if (kept.base === this.version) {
      // The server hasn't changed since these words were typed: they are simply newer.
      this.el.value = kept.text;
      this.typed();
      this.soon(0);
      return true;
    }
    // The saved words changed since (another window, another device, or these words
    // were saved after all): ask rather than guess. Sending them with their old base
    // makes the server keep both (drafts.py, rule 5).
    var self = this;
    var extra = document.createElement("div");
    var quote = document.createElement("figure");
    quote.className = "quote";
    var caption = document.createElement("figcaption");
    caption.className = "quote__label";
    caption.textContent = this.el.labels && this.el.labels[0] ? this.el.labels[0].textContent : "";
    var words = document.createElement("blockquote");
    words.className = "quote__body";
    words.textContent = kept.text.length > 600 ? kept.text.slice(0, 600) + "…" : kept.text;
    quote.appendChild(caption);
    quote.appendChild(words);
    extra.appendChild(quote);
    var choice = document.createElement("p");
    choice.className = "actions actions--start";
    var use = document.createElement("button");
    use.type = "button";
    use.className = "button";
    use.textContent = this.page.msg("use");
    var keepHere = document.createElement("button");
    keepHere.type = "button";
    keepHere.className = "button button--secondary";
    keepHere.textContent = this.page.msg("keep");
    choice.appendChild(use);
    choice.appendChild(keepHere);
    extra.appendChild(choice);
    use.addEventListener("click", function () {
      self.el.value = kept.text;
      self.version = kept.base;
      self.typed();
      self.soon(0);
      self.page.quiet();
      self.el.focus();
    });
    keepHere.addEventListener("click", function () {
      self.forget();
      self.page.quiet();
    });
    this.page.tell(this.page.msg("offer"), extra);
    return false;
  };

  document.addEventListener("DOMContentLoaded", function () {
    var pages = [];
    Array.prototype.forEach.call(document.querySelectorAll("form[data-autosave-form]"), function (form) {
      var page = new Page(form);
      if (!page.sittingInput || !page.url) return;
      // A fresh sitting for this page load, even when the browser restored the form.
      page.sittingInput.value = newSitting();
      var restored = false;
      page.boxes.forEach(function (box) {
        if (box.el.value !== box.saved) {
          // Typed before this script arrived (a slow connection), or put back by the
          // browser on returning to the page: the newest words; save them like typing.
          box.typed();
        } else if (box.restore()) {
          restored = true;
        }
      });
      if (restored) page.tell(page.msg("restored"));
      form.addEventListener("submit", function () {
        page.sending = true;
        page.boxes.forEach(function (box) {
          clearTimeout(box.timer);
          if (box.el.value === box.saved) box.forget();
        });
      });
      pages.push(page);
    });
    if (!pages.length) return;
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") pages.forEach(function (p) { p.flush(); });
    });
    window.addEventListener("pagehide", function () {
      pages.forEach(function (p) { p.flush(); });
    });
    // Back to a page kept in the browser's memory after sending its form: it types again.
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) pages.forEach(function (p) { p.sending = false; });
    });
    document.addEventListener("kindmind:signing-out", function (event) {
      var waits = event.detail && event.detail.waits;
      if (!waits) return;
      pages.forEach(function (p) {
        p.boxes.forEach(function (box) { waits.push(box.settle()); });
      });
    });
  });
})();
