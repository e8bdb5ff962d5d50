// The guided-practice player: one step at a time, timed, with pause, resume and stop,
// spoken guidance where the browser can speak, soft sounds, vibration, and an
// eyes-closed mode that works by sound and vibration alone. Hooked on [data-player].
//
// Without this file the page is the timed, text-only version: every step with its time,
// an "I've finished" form and an "I need to stop" form, which the server understands.
// With it, the same forms are sent, filled with how many steps were done; the server
// works out the minutes from the practice's own steps and refuses a changed form.
//
// Step times are kept like the pacer's: each step ends at start + the sum of the steps
// before it, read with performance.now(), and a pause moves the start time on.
//
// When the practice has a recorded voice ([data-player-audio]) the recording sets the
// pace instead: the step on screen follows the audio's time, each step taking its share
// of the recording in proportion to its stated seconds. If the recording can't load or
// play, the player carries on with the timers (and the browser's voice, if chosen).
(function () {
  "use strict";

  var STORE = "kindmind.player";

  function loadSettings() {
    var defaults = { recording: true, sounds: true, vibrate: true, speech: false, voice: "", rate: "0.85", eyesClosed: false };
    try {
      var saved = JSON.parse(window.localStorage.getItem(STORE) || "{}") || {};
      for (var key in saved) if (Object.prototype.hasOwnProperty.call(defaults, key)) defaults[key] = saved[key];
    } catch (e) { /* nothing saved, or storage is off: the defaults */ }
    return defaults;
  }
  function saveSettings(settings) {
    try { window.localStorage.setItem(STORE, JSON.stringify(settings)); } catch (e) { /* private mode */ }
  }

  function clock(ms) {
    var s = Math.max(0, Math.ceil(ms / 1000));
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }

  function Player(root) {
    var self = this;
    this.root = root;
    this.q = function (selector) { return document.querySelector(selector); };
    this.settings = loadSettings();
    this.steps = Array.prototype.map.call(root.querySelectorAll("[data-player-script] .steps__item"), function (li) {
      return {
        text: li.querySelector(".steps__text").textContent.trim(),
        ms: parseInt(li.getAttribute("data-seconds"), 10) * 1000,
        seconds: parseInt(li.getAttribute("data-seconds"), 10),
        pacer: li.hasAttribute("data-pacer-step")
      };
    });
    this.ends = [];
    var total = 0;
    this.steps.forEach(function (step) { total += step.ms; self.ends.push(total); });
    this.el = {
      stage: root.querySelector("[data-player-stage]"),
      script: root.querySelector("[data-player-script]"),
      where: root.querySelector("[data-player-where]"),
      text: root.querySelector("[data-player-text]"),
      time: root.querySelector("[data-player-time]"),
      timeLabel: root.querySelector("[data-player-time-label]"),
      begin: root.querySelector("[data-player-begin]"),
      pause: root.querySelector("[data-player-pause]"),
      resume: root.querySelector("[data-player-resume]"),
      end: root.querySelector("[data-player-end]"),
      finish: root.querySelector("[data-player-finish]"),
      stopForm: root.querySelector("[data-player-stop]"),
      overlay: this.q("[data-eyes-closed]"),
      overlayText: this.q("[data-eyes-closed-text]")
    };
    var pacerRoot = root.querySelector("[data-pacer]");
    this.pacer = pacerRoot && window.kindmindPacer ? window.kindmindPacer.attach(pacerRoot) : null;
    this.pacerRoot = pacerRoot;
    this.k = -1;
    this.done = 0;
    this.t0 = 0;
    this.pausedAt = null;
    this.timer = null;
    this.tick = null;
    this.wakeLock = null;
    this.synth = "speechSynthesis" in window ? window.speechSynthesis : null;
    this.audio = root.querySelector("[data-player-audio]");
    this.audioMode = false;
    this.audioFailed = false;
  }

  Player.prototype.setup = function () {
    var self = this;
    this.el.stage.hidden = false;
    this.el.script.hidden = true;
    this.el.finish.hidden = true;
    this.el.where.textContent = this.where(0);
    this.el.time.textContent = clock(this.steps.length ? this.steps[0].ms : 0);
    this.el.begin.addEventListener("click", function () { self.begin(); });
    this.el.pause.addEventListener("click", function () { self.pause(); });
    this.el.resume.addEventListener("click", function () { self.resume(); });
    this.el.end.addEventListener("click", function () { self.endHere(); });
    // "I need to stop" sends how far the person got; the server logs that much.
    this.el.stopForm.addEventListener("submit", function () {
      self.halt();
      self.fill(self.el.stopForm);
    });
    this.q("[data-eyes-closed-pause]").addEventListener("click", function () { self.pause(); });
    this.q("[data-eyes-closed-stop]").addEventListener("click", function () {
      self.halt();
      self.fill(self.el.stopForm);
      self.el.stopForm.submit();
    });
    this.setupSettings();
    this.setupAudio();
    window.addEventListener("pagehide", function () { self.saveProgress(); });
  };

  Player.prototype.setupAudio = function () {
    var self = this;
    if (!this.audio) return;
    this.audio.removeAttribute("controls");
    this.audio.addEventListener("error", function () { self.audioFails(); });
    this.audio.addEventListener("timeupdate", function () { self.followAudio(); });
    this.audio.addEventListener("ended", function () {
      if (!self.audioMode) return;
      self.done = self.steps.length;
      self.saveProgress();
      self.complete();
    });
  };

  // How long the recording is, in seconds: from the audio once it knows, else as stored.
  Player.prototype.audioLength = function () {
    var d = this.audio.duration;
    if (isFinite(d) && d > 0) return d;
    var stored = parseFloat(this.audio.getAttribute("data-duration"));
    return stored > 0 ? stored : this.ends[this.ends.length - 1] / 1000;
  };

  // The step on screen follows the recording: each step takes its share of it.
  Player.prototype.followAudio = function () {
    if (!this.audioMode || this.k < 0) return;
    // Milliseconds of the steps for each millisecond of the recording.
    var scale = this.ends[this.ends.length - 1] / (this.audioLength() * 1000);
    var at = this.audio.currentTime * 1000 * scale;
    var k = 0;
    while (k < this.steps.length - 1 && at >= this.ends[k]) k++;
    if (k > this.k) {
      this.done = k;
      this.saveProgress();
      this.enter(k);
    }
    this.el.time.textContent = clock((this.ends[this.k] - at) / scale);
  };

  // The recording could not load or play: carry on from this step with the timers.
  Player.prototype.audioFails = function () {
    if (this.audioFailed) return;
    this.audioFailed = true;
    var was = this.audioMode;
    this.audioMode = false;
    if (this.k >= 0) this.showAudioNote();
    if (was && this.root.getAttribute("data-state") === "playing") {
      this.t0 = performance.now() - (this.k > 0 ? this.ends[this.k - 1] : 0);
      this.speak(this.steps[this.k].text);
      this.armStep();
      this.updateClock();
    }
  };

  // Say, once the practice has begun, that the recording could not play.
  Player.prototype.showAudioNote = function () {
    var note = this.root.querySelector("[data-player-audio-note]");
    if (!note || !this.settings.recording) return;
    note.textContent = this.root.getAttribute("data-word-no-recording");
    note.hidden = false;
  };

  Player.prototype.playAudio = function () {
    var self = this;
    try {
      var playing = this.audio.play();
      if (playing && playing.catch) playing.catch(function () { self.audioFails(); });
    } catch (e) { this.audioFails(); }
  };

  Player.prototype.setupSettings = function () {
    var self = this;
    var inputs = this.root.querySelectorAll("[data-setting]");
    Array.prototype.forEach.call(inputs, function (input) {
      var name = input.getAttribute("data-setting");
      if (input.type === "checkbox") input.checked = !!self.settings[name];
      input.addEventListener("change", function () {
        self.settings[name] = input.type === "checkbox" ? input.checked : input.value;
        saveSettings(self.settings);
        self.applySettings();
      });
    });
    var speech = this.root.querySelector("[data-speech-settings]");
    if (this.synth && window.SpeechSynthesisUtterance) {
      speech.hidden = false;
      this.fillVoices();
      if (this.synth.addEventListener) this.synth.addEventListener("voiceschanged", function () { self.fillVoices(); });
    } else {
      this.root.querySelector("[data-no-speech]").hidden = false;
    }
    var rate = this.root.querySelector("[data-setting=rate]");
    rate.value = this.settings.rate;
    if (!navigator.vibrate) this.root.querySelector("[data-setting=vibrate]").closest("label").hidden = true;
    this.applySettings();
  };

  Player.prototype.fillVoices = function () {
    var select = this.root.querySelector("[data-setting=voice]");
    var voices = this.synth.getVoices ? this.synth.getVoices() : [];
    var lang = (document.documentElement.lang || "en").slice(0, 2);
    while (select.options.length > 1) select.remove(1);
    voices.forEach(function (voice) {
      if (voice.lang && voice.lang.slice(0, 2) !== lang) return;
      var option = document.createElement("option");
      option.value = voice.name;
      option.textContent = voice.name;
      select.appendChild(option);
    });
    select.value = this.settings.voice;
    if (select.value !== this.settings.voice) select.value = "";
  };

  Player.prototype.applySettings = function () {
    if (this.pacer) {
      var eyesClosed = this.settings.eyesClosed;
      this.pacer.sound = this.settings.sounds || eyesClosed;
      this.pacer.vibrate = this.settings.vibrate || eyesClosed;
    }
    this.showOverlay();
  };

  Player.prototype.where = function (k) {
    return (this.root.getAttribute("data-word-step") || "")
      .replace("%(n)s", String(k + 1))
      .replace("%(total)s", String(this.steps.length));
  };

  Player.prototype.begin = function () {
    this.chime("start");
    this.t0 = performance.now();
    this.pausedAt = null;
    this.audioMode = !!this.audio && !this.audioFailed && !!this.settings.recording;
    this.root.setAttribute("data-state", "playing");
    this.keepAwake();
    this.buttons("playing");
    this.showOverlay();
    this.enter(0);
    if (this.audioMode) {
      this.audio.currentTime = 0;
      this.playAudio();
    } else if (this.audio && this.audioFailed) this.showAudioNote();
    this.keepInView();
    this.el.pause.focus({ preventScroll: true });
  };

  Player.prototype.enter = function (k) {
    var step = this.steps[k];
    this.k = k;
    this.root.setAttribute("data-step", String(k));
    this.el.where.textContent = this.where(k);
    this.el.text.textContent = step.text;
    if (this.el.overlayText) this.el.overlayText.textContent = step.text;
    this.el.timeLabel.hidden = false;
    if (k > 0) this.chime("step");
    if (!this.audioMode) this.speak(step.text);
    if (this.pacer) {
      var shown = !this.pacerRoot.hidden;
      this.pacerRoot.hidden = !step.pacer;
      if (step.pacer) this.pacer.start();
      else this.pacer.stop();
      // The pacer came or went: the controls moved.
      if (shown !== step.pacer) this.keepInView();
    }
    if (this.audioMode) return;
    this.armStep();
    this.updateClock();
  };

  // The step, the pacer and Pause and End all on screen, on a small phone too: when the
  // controls are below the screen (or the stage starts above it), bring the stage up.
  Player.prototype.keepInView = function () {
    if (!this.el.stage.scrollIntoView) return;
    var controls = this.el.pause.hidden ? this.el.resume : this.el.pause;
    var below = controls.getBoundingClientRect().bottom > window.innerHeight;
    var above = this.el.stage.getBoundingClientRect().top < 0;
    if (below || above) this.el.stage.scrollIntoView({ block: "start" });
  };

  Player.prototype.armStep = function () {
    var self = this;
    var due = this.t0 + this.ends[this.k];
    this.timer = setTimeout(function () { self.stepEnded(); }, Math.max(0, due - performance.now()));
  };

  Player.prototype.updateClock = function () {
    var self = this;
    if (this.pausedAt !== null || this.k < 0 || this.audioMode) return;
    var left = this.t0 + this.ends[this.k] - performance.now();
    this.el.time.textContent = clock(left);
    // Next tick on the next whole second of what is left.
    var wait = left % 1000 || 1000;
    this.tick = setTimeout(function () { self.updateClock(); }, wait + 5);
  };

  Player.prototype.stepEnded = function () {
    this.timer = null;
    if (this.pausedAt !== null || this.audioMode) return;
    if (performance.now() < this.t0 + this.ends[this.k] - 0.25) {
      this.armStep();
      return;
    }
    this.done = this.k + 1;
    this.saveProgress();
    if (this.done < this.steps.length) this.enter(this.done);
    else this.complete();
  };

  Player.prototype.complete = function () {
    this.halt();
    this.chime("end");
    var finished = this.root.getAttribute("data-word-finished");
    this.el.text.textContent = finished;
    if (this.el.overlayText) this.el.overlayText.textContent = finished;
    this.speak(finished);
    this.root.setAttribute("data-state", "finished");
    this.showFinish();
  };

  // "End here": the person ends before the last step. What they did is logged, and
  // the after-practice page takes it from there (the same form as "I've finished").
  Player.prototype.endHere = function () {
    this.halt();
    this.root.setAttribute("data-state", "ended");
    this.buttons("ended");
    var form = this.el.finish.querySelector("form");
    this.fill(form);
    if (form.requestSubmit) form.requestSubmit();
    else form.submit();
  };

  Player.prototype.showFinish = function () {
    this.buttons("ended");
    this.el.time.textContent = "";
    this.el.timeLabel.hidden = true;
    this.fill(this.el.finish.querySelector("form"));
    this.el.finish.hidden = false;
    this.showOverlay();
    var title = this.el.finish.querySelector("h2");
    if (title) title.focus();
  };

  // Put how many steps were done (and what that comes to) into a form.
  Player.prototype.fill = function (form) {
    var seconds = 0;
    for (var i = 0; i < this.done; i++) seconds += this.steps[i].seconds;
    form.querySelector("[name=steps_done]").value = String(this.done);
    form.querySelector("[name=seconds]").value = String(seconds);
  };

  Player.prototype.pause = function () {
    if (this.k < 0 || this.pausedAt !== null || this.root.getAttribute("data-state") !== "playing") return;
    this.pausedAt = performance.now();
    this.clearTimers();
    if (this.audioMode) this.audio.pause();
    if (this.pacer) this.pacer.pause();
    if (this.synth) this.synth.cancel();
    this.root.setAttribute("data-state", "paused");
    this.buttons("paused");
    this.release();
    this.showOverlay();
    this.el.resume.focus();
  };

  Player.prototype.resume = function () {
    if (this.pausedAt === null) return;
    this.t0 += performance.now() - this.pausedAt;
    this.pausedAt = null;
    this.root.setAttribute("data-state", "playing");
    this.buttons("playing");
    this.keepAwake();
    if (this.pacer && this.steps[this.k].pacer) this.pacer.resume();
    if (this.audioMode) this.playAudio();
    else {
      this.armStep();
      this.updateClock();
    }
    this.showOverlay();
    this.el.pause.focus();
  };

  // Stop every timer, sound and the pacer, keeping what was done.
  Player.prototype.halt = function () {
    this.clearTimers();
    if (this.audio) this.audio.pause();
    this.audioMode = false;
    if (this.pacer) this.pacer.stop();
    if (this.synth) this.synth.cancel();
    this.release();
    this.pausedAt = null;
  };

  Player.prototype.clearTimers = function () {
    if (this.timer !== null) clearTimeout(this.timer);
    if (this.tick !== null) clearTimeout(this.tick);
    this.timer = null;
    this.tick = null;
  };

  Player.prototype.buttons = function (state) {
    this.el.begin.hidden = state !== "ready";
    this.el.pause.hidden = state !== "playing";
    this.el.resume.hidden = state !== "paused";
    this.el.end.hidden = !(state === "playing" || state === "paused");
  };

  Player.prototype.showOverlay = function () {
    if (!this.el.overlay) return;
    var on = this.settings.eyesClosed && this.root.getAttribute("data-state") === "playing";
    var was = !this.el.overlay.hidden;
    this.el.overlay.hidden = !on;
    document.documentElement.classList.toggle("eyes-closed-on", on);
    // Keyboard and screen reader users land on the overlay's own pause button.
    if (on && !was) this.q("[data-eyes-closed-pause]").focus();
  };

  // Each finished step is saved as it ends, so leaving mid-practice keeps it.
  Player.prototype.saveProgress = function () {
    if (!this.done || this.saved === this.done) return;
    var url = this.root.getAttribute("data-progress-url");
    var token = this.root.querySelector("[name=csrfmiddlewaretoken]");
    if (!url || !token || !window.fetch) return;
    var body = new FormData();
    body.append("csrfmiddlewaretoken", token.value);
    body.append("steps_done", String(this.done));
    var seconds = 0;
    for (var i = 0; i < this.done; i++) seconds += this.steps[i].seconds;
    body.append("seconds", String(seconds));
    this.saved = this.done;
    fetch(url, { method: "POST", body: body, credentials: "same-origin", keepalive: true })
      .catch(function () { /* offline: the finish form still carries everything */ });
  };

  Player.prototype.speak = function (text) {
    if (!this.synth || !window.SpeechSynthesisUtterance) return;
    if (!(this.settings.speech || this.settings.eyesClosed)) return;
    try {
      this.synth.cancel();
      var utterance = new SpeechSynthesisUtterance(text);
      utterance.rate = parseFloat(this.settings.rate) || 0.85;
      utterance.lang = document.documentElement.lang || "en";
      var name = this.settings.voice;
      var voice = (this.synth.getVoices ? this.synth.getVoices() : []).filter(function (v) { return v.name === name; })[0];
      if (voice) utterance.voice = voice;
      this.synth.speak(utterance);
    } catch (e) { /* speech is a comfort, not a need: the words are on screen */ }
  };

  // Soft sounds and vibration at the start, each new step and the end.
  Player.prototype.chime = function (what) {
    var eyesClosed = this.settings.eyesClosed;
    var tools = window.kindmindPacer && window.kindmindPacer.sounds;
    if (tools && (this.settings.sounds || eyesClosed)) {
      if (what === "start") { tools.tone(392, 392, 1.4, 0.04); tools.tone(523, 523, 1.4, 0.03); }
      else if (what === "step") tools.tone(494, 494, 0.9, 0.035);
      else { tools.tone(523, 523, 1.8, 0.04); tools.tone(659, 659, 1.8, 0.03); }
    }
    if (tools && (this.settings.vibrate || eyesClosed)) {
      tools.buzz(what === "step" ? [150] : [120, 120, 120]);
    }
  };

  // Keep the screen from locking while a practice plays, where the browser allows: a
  // locked phone would pause the timers. Eyes-closed mode shows a dark screen instead.
  Player.prototype.keepAwake = function () {
    var self = this;
    if (!navigator.wakeLock || this.wakeLock) return;
    navigator.wakeLock.request("screen").then(function (lock) { self.wakeLock = lock; }, function () {});
  };
  Player.prototype.release = function () {
    if (this.wakeLock) {
      this.wakeLock.release().catch(function () {});
      this.wakeLock = null;
    }
  };

  document.addEventListener("DOMContentLoaded", function () {
    var root = document.querySelector("[data-player]");
    if (!root) return;
    var player = new Player(root);
    if (!player.steps.length) return;
    player.setup();
    player.buttons("ready");
    window.kindmindPlayer = player;
  });
})();
