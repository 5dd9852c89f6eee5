/* After a form comes back with errors, move focus to the summary of them, so
 * keyboard and screen-reader users start where the problems are listed. */
(function () {
  "use strict";
  var summary = document.querySelector(".error-summary");
  if (summary) {
    summary.focus();
  }
})();
