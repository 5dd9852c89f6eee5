/*
 * Print buttons in the admin: [data-print] opens the browser's print dialog.
 * Without JavaScript the button stays hidden, since it could do nothing.
 */
(function () {
  "use strict";

  var buttons = document.querySelectorAll("[data-print]");
  Array.prototype.forEach.call(buttons, function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
