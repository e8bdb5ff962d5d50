// The check-in form. Everything works without this file: each rating is a number box
// that starts empty, and each feeling is a plain checkbox. With JavaScript:
// - a slider sits beside each number box, and the two stay in step both ways; a rating
//   counts only once the person moves the slider or types a number, so an untouched
//   slider sends nothing (its thumb looks faded until then);
// - each system's feeling words are one stop for Tab, and the arrow keys move between
//   the words of a group (a "roving tabindex"); Space ticks a word, as before.
(function () {
  "use strict";

  function linkSlider(slider) {
    var box = document.getElementById(slider.getAttribute("data-slider-for"));
    if (!box) return;
    function showSet(isSet) {
      if (isSet) slider.removeAttribute("data-unset");
      else slider.setAttribute("data-unset", "");
    }
    function fromSlider() {
      box.value = slider.value;
      showSet(true);
    }
    var n = parseInt(box.value, 10);
    if (!isNaN(n) && n >= 0 && n <= 10) {
      slider.value = String(n);
      showSet(true);
    } else {
      slider.value = "5";
      showSet(false);
    }
    slider.hidden = false;
    slider.addEventListener("input", fromSlider);
    // A tap or click on the thumb where it already stands sends no "input": it still
    // means "this one", so it sets the rating too.
    slider.addEventListener("click", fromSlider);
    box.addEventListener("input", function () {
      var typed = parseInt(box.value, 10);
      if (!isNaN(typed) && typed >= 0 && typed <= 10) {
        slider.value = String(typed);
        showSet(true);
      } else if (box.value === "") {
        showSet(false);
      }
    });
  }

  function rove(group) {
    var boxes = Array.prototype.slice.call(group.querySelectorAll("input[type=checkbox]"));
    if (!boxes.length) return;
    var current = boxes.filter(function (b) { return b.checked; })[0] || boxes[0];
    function focusOn(next) {
      boxes.forEach(function (b) { b.tabIndex = b === next ? 0 : -1; });
      next.focus();
    }
    boxes.forEach(function (b) { b.tabIndex = b === current ? 0 : -1; });
    group.addEventListener("keydown", function (event) {
      var at = boxes.indexOf(document.activeElement);
      if (at < 0) return;
      var to = null;
      if (event.key === "ArrowRight" || event.key === "ArrowDown") to = (at + 1) % boxes.length;
      else if (event.key === "ArrowLeft" || event.key === "ArrowUp") to = (at - 1 + boxes.length) % boxes.length;
      else if (event.key === "Home") to = 0;
      else if (event.key === "End") to = boxes.length - 1;
      if (to === null) return;
      event.preventDefault();
      focusOn(boxes[to]);
    });
    // A click or tap makes that word the group's stop, so Tab returns to it.
    group.addEventListener("focusin", function (event) {
      if (boxes.indexOf(event.target) >= 0) {
        boxes.forEach(function (b) { b.tabIndex = b === event.target ? 0 : -1; });
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(
      document.querySelectorAll("input[type=range][data-slider-for]"), linkSlider
    );
    Array.prototype.forEach.call(document.querySelectorAll("[data-roving]"), rove);
    Array.prototype.forEach.call(document.querySelectorAll("[data-roving-hint]"), function (hint) {
      hint.hidden = false;
    });
  });
})();
