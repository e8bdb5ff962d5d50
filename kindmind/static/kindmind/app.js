// kindmind's small page helpers. Everything works without this file; it only adds comfort.
(function () {
  "use strict";

  // Sign-up: preselect the browser's own timezone when it is in the list.
  function guessTimezone() {
    var select = document.querySelector("select[data-guess-timezone]");
    if (!select || !window.Intl) return;
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!zone) return;
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === zone) {
        select.value = zone;
        return;
      }
    }
  }

  // After a form comes back with something to fix, move focus to the summary so a
  // screen reader announces it and a keyboard user starts from there.
  function focusErrorSummary() {
    var summary = document.querySelector("[data-focus-on-load]");
    if (summary) summary.focus();
  }

  document.addEventListener("DOMContentLoaded", function () {
    guessTimezone();
    focusErrorSummary();
  });
})();

// Check-in: each 0-10 rating is a number box that works everywhere; with JavaScript we
// show a slider beside it and keep the two in step, both ways.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var sliders = document.querySelectorAll("input[type=range][data-slider-for]");
    Array.prototype.forEach.call(sliders, function (slider) {
      var box = document.getElementById(slider.getAttribute("data-slider-for"));
      if (!box) return;
      if (box.value !== "") slider.value = box.value;
      slider.hidden = false;
      slider.addEventListener("input", function () { box.value = slider.value; });
      box.addEventListener("input", function () {
        var n = parseInt(box.value, 10);
        if (!isNaN(n) && n >= 0 && n <= 10) slider.value = String(n);
      });
    });
  });
})();

// A "Print" button where the page offers one (the browser's own print works without it).
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var buttons = document.querySelectorAll("[data-print]");
    Array.prototype.forEach.call(buttons, function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  });
})();
