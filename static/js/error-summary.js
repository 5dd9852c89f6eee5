/* After a form comes back with errors, move focus to the summary of them, so
 * keyboard and screen-reader users start where the problems are listed; the
 * summary is brought to the top of the window, just below the quick exit bar
 * (its scroll-margin-top), rather than left half in view at the bottom. */
(function () {
  "use strict";
  var summary = document.querySelector(".error-summary");
  if (summary) {
    summary.focus({ preventScroll: true });
    summary.scrollIntoView({ block: "start" });
  }
})();
