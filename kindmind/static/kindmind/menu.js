// The site menu on phones is a <details> element and works without this file. With it,
// Escape folds the menu again (focus returns to "Menu"), and so does a tap elsewhere.
(function () {
  "use strict";

  function openMenu() {
    return document.querySelector("[data-menu][open]");
  }

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var menu = openMenu();
    if (!menu) return;
    menu.open = false;
    menu.querySelector("summary").focus();
  });

  document.addEventListener("click", function (event) {
    var menu = openMenu();
    if (menu && !menu.contains(event.target)) menu.open = false;
  });
})();
