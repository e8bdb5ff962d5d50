// The breathing pacer: a calm shape that grows as you breathe in and shrinks as you
// breathe out, with optional pauses, soft sounds and vibration. Hooked on [data-pacer];
// the page around it already says the rhythm in words, so nothing depends on this file.
//
// Timing. Every phase boundary is scheduled from one start time, read with
// performance.now(): boundary k falls at start + offset(k), and each timer is set for
// exactly the time left until the next boundary. A chain of setTimeouts, each set for a
// phase's length, would add every timer's lateness to all the boundaries after it; here
// lateness never carries over. Pausing moves the start time on by the pause.
// Each boundary, as it is shown, is appended to window.kindmindPacerLog as
// {index, phase, scheduled, actual}, in milliseconds from the start; the browser test
// compares them (and its own observation of the page) with the schedule.
//
// Embedded use: the guided-practice player (player.js) drives a pacer marked
// data-pacer-embedded through window.kindmindPacer.attach(element).
(function () {
  "use strict";

  var MIN_SCALE = 0.5;
  var STORE = "kindmind.pacer";
  window.kindmindPacerLog = window.kindmindPacerLog || [];

  function number(root, name) {
    var value = parseFloat(root.getAttribute(name));
    return isFinite(value) && value > 0 ? value : 0;
  }

  // Smooth start and end of each breath (a half cosine).
  function ease(x) {
    return 0.5 - Math.cos(Math.PI * Math.min(1, Math.max(0, x))) / 2;
  }

  var reducedMotion = window.matchMedia
    ? window.matchMedia("(prefers-reduced-motion: reduce)")
    : { matches: false };

  // Soft sounds from an oscillator: no audio files. Browsers allow sound only after the
  // person has pressed something, which starting the pacer is.
  var audio = null;
  function tone(from, to, seconds, gain) {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return;
    try {
      audio = audio || new Context();
      if (audio.state === "suspended") audio.resume();
      var t = audio.currentTime;
      var osc = audio.createOscillator();
      var volume = audio.createGain();
      osc.type = "sine";
      osc.frequency.setValueAtTime(from, t);
      osc.frequency.exponentialRampToValueAtTime(to, t + seconds);
      volume.gain.setValueAtTime(0.0001, t);
      volume.gain.exponentialRampToValueAtTime(gain, t + 0.12);
      volume.gain.exponentialRampToValueAtTime(0.0001, t + seconds);
      osc.connect(volume);
      volume.connect(audio.destination);
      osc.start(t);
      osc.stop(t + seconds + 0.05);
    } catch (e) {
      // No sound is fine: the words and the shape carry the rhythm.
    }
  }
  function buzz(pattern) {
    if (navigator.vibrate) {
      try { navigator.vibrate(pattern); } catch (e) { /* not allowed here: fine */ }
    }
  }
  // Distinct cues: rising for in, falling for out; one pulse for in, two for out.
  var CUES = {
    "in": { sound: function () { tone(330, 440, 0.8, 0.05); }, pulse: [90] },
    "out": { sound: function () { tone(440, 294, 1.0, 0.05); }, pulse: [50, 90, 50] },
    "end": { sound: function () { tone(523, 523, 1.6, 0.04); tone(659, 659, 1.6, 0.03); }, pulse: [120, 120, 120] }
  };
  var sounds = { tone: tone, buzz: buzz };

  function Pacer(root) {
    this.root = root;
    this.shape = root.querySelector("[data-pacer-shape]");
    this.label = root.querySelector("[data-pacer-phase]");
    this.count = root.querySelector("[data-pacer-count]");
    var phases = [
      ["in", number(root, "data-in")],
      ["hold-in", number(root, "data-hold-in")],
      ["out", number(root, "data-out")],
      ["hold-out", number(root, "data-hold-out")]
    ];
    this.phases = phases.filter(function (p) { return p[1] > 0; }).map(function (p) {
      return [p[0], p[1] * 1000];
    });
    if (!this.phases.length) this.phases = [["in", 5000], ["out", 6000]];
    this.cycle = this.phases.reduce(function (sum, p) { return sum + p[1]; }, 0);
    var minutes = number(root, "data-minutes");
    // A session ends at the end of a breath, never half-way through one.
    this.breaths = minutes ? Math.max(1, Math.floor((minutes * 60000) / this.cycle + 1e-6)) : Infinity;
    this.sound = false;
    this.vibrate = false;
    this.running = false;
    this.timer = null;
    this.frame = null;
    this.pausedAt = null;
    this.t0 = 0;
    this.k = 0;
    this.shown = -1;
    this.lastCount = "";
  }

  // Milliseconds from the start to boundary k (boundary 0 is the start itself).
  Pacer.prototype.offset = function (k) {
    var n = this.phases.length;
    var at = Math.floor(k / n) * this.cycle;
    for (var i = 0; i < k % n; i++) at += this.phases[i][1];
    return at;
  };

  Pacer.prototype.word = function (phase) {
    return this.root.getAttribute("data-word-" + phase) || phase;
  };

  Pacer.prototype.start = function () {
    this.clear();
    this.running = true;
    this.pausedAt = null;
    this.k = 0;
    this.t0 = performance.now();
    this.root.setAttribute("data-pacer-t0", this.t0.toFixed(3));
    this.root.setAttribute("data-state", "running");
    this.boundary(this.t0);
    this.draw();
  };

  Pacer.prototype.arm = function () {
    var self = this;
    var due = this.t0 + this.offset(this.k);
    this.timer = setTimeout(function () { self.fire(); }, Math.max(0, due - performance.now()));
  };

  Pacer.prototype.fire = function () {
    this.timer = null;
    if (!this.running || this.pausedAt !== null) return;
    var now = performance.now();
    // Timers may wake a fraction early: then wait for the rest, never show it early.
    if (now < this.t0 + this.offset(this.k) - 0.25) {
      this.arm();
      return;
    }
    this.boundary(now);
  };

  Pacer.prototype.boundary = function (now) {
    var k = this.k;
    var end = k >= this.breaths * this.phases.length;
    var phase = end ? "end" : this.phases[k % this.phases.length][0];
    this.shown = k;
    this.root.setAttribute("data-phase", phase);
    this.label.textContent = this.word(phase);
    window.kindmindPacerLog.push({
      index: k,
      phase: phase,
      scheduled: this.offset(k),
      actual: now - this.t0
    });
    this.cue(phase);
    if (end) {
      this.finish();
      return;
    }
    this.k = k + 1;
    this.arm();
  };

  Pacer.prototype.cue = function (phase) {
    var cue = CUES[phase];
    if (!cue) return;
    if (this.sound) cue.sound();
    if (this.vibrate) buzz(cue.pulse);
  };

  // The shape follows the clock on every frame, so it is always exactly where the
  // schedule says, whatever a timer did.
  Pacer.prototype.draw = function () {
    var self = this;
    if (!this.running || this.pausedAt !== null) return;
    var elapsed = performance.now() - this.t0;
    var k = this.shown;
    if (k >= 0 && k < this.breaths * this.phases.length) {
      var phase = this.phases[k % this.phases.length];
      var start = this.offset(k);
      var progress = (elapsed - start) / phase[1];
      var scale = 1;
      if (phase[0] === "in") scale = MIN_SCALE + (1 - MIN_SCALE) * ease(progress);
      else if (phase[0] === "out") scale = 1 - (1 - MIN_SCALE) * ease(progress);
      else if (phase[0] === "hold-out") scale = MIN_SCALE;
      if (this.shape && !reducedMotion.matches) {
        this.shape.style.transform = "scale(" + scale.toFixed(4) + ")";
      }
      var left = String(Math.max(1, Math.ceil((start + phase[1] - elapsed) / 1000)));
      if (left !== this.lastCount && this.count) {
        this.count.textContent = left;
        this.lastCount = left;
      }
    }
    this.frame = requestAnimationFrame(function () { self.draw(); });
  };

  Pacer.prototype.pause = function () {
    if (!this.running || this.pausedAt !== null) return;
    this.pausedAt = performance.now();
    this.clear();
    this.root.setAttribute("data-state", "paused");
    this.label.textContent = this.word("paused");
  };

  Pacer.prototype.resume = function () {
    if (!this.running || this.pausedAt === null) return;
    this.t0 += performance.now() - this.pausedAt;
    this.root.setAttribute("data-pacer-t0", this.t0.toFixed(3));
    this.pausedAt = null;
    this.root.setAttribute("data-state", "running");
    var current = this.shown;
    if (current >= 0) this.label.textContent = this.word(this.phases[current % this.phases.length][0]);
    this.arm();
    this.draw();
  };

  Pacer.prototype.stop = function () {
    this.clear();
    this.running = false;
    this.pausedAt = null;
    this.root.setAttribute("data-state", "stopped");
    this.root.removeAttribute("data-phase");
    this.label.textContent = this.word("ready");
    if (this.count) this.count.textContent = "";
    this.lastCount = "";
    if (this.shape) this.shape.style.transform = "";
  };

  Pacer.prototype.finish = function () {
    this.clear();
    this.running = false;
    this.root.setAttribute("data-state", "done");
    if (this.count) this.count.textContent = "";
    if (this.shape) this.shape.style.transform = "";
    this.root.dispatchEvent(new CustomEvent("kindmind:pacer-end", { bubbles: true }));
  };

  Pacer.prototype.clear = function () {
    if (this.timer !== null) clearTimeout(this.timer);
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    this.timer = null;
    this.frame = null;
  };

  function loadChoices() {
    try { return JSON.parse(window.localStorage.getItem(STORE) || "{}") || {}; } catch (e) { return {}; }
  }
  function saveChoices(choices) {
    try { window.localStorage.setItem(STORE, JSON.stringify(choices)); } catch (e) { /* private mode */ }
  }

  // The pacer page on its own: start, pause, resume, stop, and the cue choices.
  function standalone(root) {
    var pacer = new Pacer(root);
    var card = root.parentNode;
    var q = function (selector) { return card.querySelector(selector); };
    var buttons = {
      start: q("[data-pacer-start]"),
      pause: q("[data-pacer-pause]"),
      resume: q("[data-pacer-resume]"),
      stop: q("[data-pacer-stop]")
    };
    var sound = q("[data-pacer-sound]");
    var vibrate = q("[data-pacer-vibrate]");
    var choices = loadChoices();
    Array.prototype.forEach.call(card.querySelectorAll("[data-pacer-controls]"), function (el) {
      el.hidden = false;
    });
    if (sound) {
      sound.checked = !!choices.sound;
      pacer.sound = sound.checked;
      sound.addEventListener("change", function () {
        pacer.sound = choices.sound = sound.checked;
        saveChoices(choices);
      });
    }
    if (vibrate) {
      if (!navigator.vibrate) vibrate.closest("label").hidden = true;
      vibrate.checked = !!choices.vibrate;
      pacer.vibrate = vibrate.checked;
      vibrate.addEventListener("change", function () {
        pacer.vibrate = choices.vibrate = vibrate.checked;
        saveChoices(choices);
      });
    }
    function show(state) {
      buttons.start.hidden = state === "running" || state === "paused";
      buttons.pause.hidden = state !== "running";
      buttons.resume.hidden = state !== "paused";
      buttons.stop.hidden = !(state === "running" || state === "paused");
    }
    buttons.start.addEventListener("click", function () { pacer.start(); show("running"); buttons.pause.focus(); });
    buttons.pause.addEventListener("click", function () { pacer.pause(); show("paused"); buttons.resume.focus(); });
    buttons.resume.addEventListener("click", function () { pacer.resume(); show("running"); buttons.pause.focus(); });
    buttons.stop.addEventListener("click", function () { pacer.stop(); show("stopped"); buttons.start.focus(); });
    root.addEventListener("kindmind:pacer-end", function () { show("done"); buttons.start.focus(); });
    return pacer;
  }

  window.kindmindPacer = {
    attach: function (root) { return new Pacer(root); },
    sounds: sounds
  };

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-pacer]"), function (root) {
      if (!root.hasAttribute("data-pacer-embedded")) standalone(root);
    });
  });
})();
