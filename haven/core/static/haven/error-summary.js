/* The GOV.UK error summary (haven/_error_summary.html): it takes focus when the page loads, so
   a screen reader reads the problems first and a sighted person sees them at the top; each
   link moves focus to its field, opening any closed <details> that hides it. */
(function () {
  "use strict";

  var summary = document.querySelector("[data-error-summary]");
  if (!summary) {
    return;
  }
  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    var field = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!field) {
      return;
    }
    event.preventDefault();
    for (var up = field.closest("details"); up; up = up.parentElement.closest("details")) {
      up.open = true;
    }
    var label = document.querySelector("label[for='" + field.id + "']") ||
      (field.closest("fieldset") && field.closest("fieldset").querySelector("legend"));
    (label || field).scrollIntoView();
    field.focus({ preventScroll: true });
  });
}());
