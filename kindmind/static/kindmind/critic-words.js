// The critic's words, in a box the person can fold away (critic/_critic_words.html).
//
// The box is a <details> element, so hiding and showing works without this script. With
// it, the choice is remembered for that entry on this device: someone who hid the words
// doesn't meet them again on coming back. Only the entry's id and "hidden" are stored,
// never any words.
//
// The page loads this script right after the box (not deferred), so a box the person
// hid is closed before it is first drawn: the words never flash up.
(function () {
  "use strict";

  var KEY = "kindmind:critic-words-hidden:";

  function storage() {
    try {
      return window.localStorage;
    } catch (e) {
      return null; // private browsing: the box still opens and closes
    }
  }

  function bind(store) {
    Array.prototype.forEach.call(document.querySelectorAll("details[data-critic-words]"), function (box) {
      if (box.hasAttribute("data-bound")) return;
      box.setAttribute("data-bound", "");
      var key = KEY + box.getAttribute("data-critic-words");
      try {
        if (store.getItem(key) === "1") box.open = false;
      } catch (e) { /* unreadable: shown, as without the script */ }
      box.addEventListener("toggle", function () {
        try {
          if (box.open) store.removeItem(key);
          else store.setItem(key, "1");
        } catch (e) { /* full: the choice lasts for this page only */ }
      });
    });
  }

  var store = storage();
  if (!store) return;
  bind(store);
  // Boxes further down the page, if any, once it has all arrived.
  document.addEventListener("DOMContentLoaded", function () { bind(store); });
})();
