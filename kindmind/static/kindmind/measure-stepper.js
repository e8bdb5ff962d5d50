// Questionnaires on a narrow screen: one question at a time, with Back and Next.
//
// Without this file every question is on one page, a plain form that works everywhere.
// With it, on a phone-sized screen, a form marked data-measure-stepper shows one
// fieldset (one question) at a time. The radios stay ordinary radios (arrow keys choose,
// Tab moves on), the final button is the form's own submit, and nothing is sent until
// then. Wider screens, or a phone turned sideways past the breakpoint, see every question.
(function () {
  "use strict";

  var NARROW = "(max-width: 40rem)";

  function Stepper(form) {
    this.form = form;
    this.steps = Array.prototype.slice.call(form.querySelectorAll("[data-step]"));
    this.submit = form.querySelector("[data-step-submit]");
    this.index = 0;
    this.active = false;
    this.build();
  }

  Stepper.prototype.build = function () {
    var self = this;
    var nav = document.createElement("div");
    nav.className = "stepper";
    nav.hidden = true;

    this.status = document.createElement("p");
    this.status.className = "stepper__status";
    this.status.setAttribute("aria-live", "polite");

    this.back = document.createElement("button");
    this.back.type = "button";
    this.back.className = "button button--secondary";
    this.back.textContent = this.form.getAttribute("data-back-label") || "Back";
    this.back.addEventListener("click", function () { self.go(self.index - 1); });

    this.next = document.createElement("button");
    this.next.type = "button";
    this.next.className = "button";
    this.next.textContent = this.form.getAttribute("data-next-label") || "Next";
    this.next.addEventListener("click", function () { self.go(self.index + 1); });

    var buttons = document.createElement("p");
    buttons.className = "stepper__buttons";
    buttons.appendChild(this.back);
    buttons.appendChild(this.next);
    nav.appendChild(this.status);
    nav.appendChild(buttons);
    this.nav = nav;
    this.submit.parentNode.insertBefore(nav, this.submit);

    // A link in the error summary opens the question it names.
    Array.prototype.forEach.call(document.querySelectorAll("a[data-step-link]"), function (link) {
      link.addEventListener("click", function (event) {
        var target = document.getElementById(link.getAttribute("href").slice(1));
        var at = self.steps.indexOf(target);
        if (self.active && at >= 0) {
          event.preventDefault();
          self.go(at);
        }
      });
    });
  };

  Stepper.prototype.firstInvalid = function () {
    for (var i = 0; i < this.steps.length; i++) {
      if (this.steps[i].classList.contains("measure__item--invalid")) return i;
    }
    return 0;
  };

  Stepper.prototype.render = function () {
    var self = this;
    var last = this.index === this.steps.length - 1;
    this.steps.forEach(function (step, i) { step.hidden = self.active && i !== self.index; });
    this.nav.hidden = !this.active;
    this.back.hidden = this.index === 0;
    this.next.hidden = last;
    this.submit.hidden = this.active && !last;
    var template = this.form.getAttribute("data-status-label") || "Question %(n)s of %(total)s";
    this.status.textContent = template
      .replace("%(n)s", String(this.index + 1))
      .replace("%(total)s", String(this.steps.length));
  };

  Stepper.prototype.go = function (index) {
    this.index = Math.max(0, Math.min(index, this.steps.length - 1));
    this.render();
    var step = this.steps[this.index];
    step.scrollIntoView({ block: "start" });
    // The fieldset takes focus, so a screen reader reads its question (the legend).
    step.focus();
  };

  Stepper.prototype.setActive = function (active) {
    this.active = active;
    if (active) this.index = this.firstInvalid();
    this.render();
  };

  document.addEventListener("DOMContentLoaded", function () {
    if (!window.matchMedia) return;
    var query = window.matchMedia(NARROW);
    Array.prototype.forEach.call(document.querySelectorAll("form[data-measure-stepper]"), function (form) {
      if (form.querySelectorAll("[data-step]").length < 2 || !form.querySelector("[data-step-submit]")) return;
      var stepper = new Stepper(form);
      stepper.setActive(query.matches);
      query.addEventListener("change", function (event) { stepper.setActive(event.matches); });
    });
  });
})();
