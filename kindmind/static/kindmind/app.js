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
