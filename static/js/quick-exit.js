/*
 * "Exit this page": leave for a neutral site at once, by clicking the button or
 * pressing Shift three times. The page is hidden first so nothing lingers on
 * screen, and location.replace() takes our page out of the Back history.
 * Without JavaScript the button is still an ordinary link to the same place.
 */
(function () {
  "use strict";

  var PRESSES_NEEDED = 3; // the page's data-after-1 and -2 say what is left
  var PAUSE_MS = 5000;

  var link = document.querySelector("[data-quick-exit]");
  if (!link) {
    return;
  }
  // Its messages come, in the page's language, from its data attributes.
  var status = document.getElementById("quick-exit-status");
  var presses = 0;
  var timer = null;

  function say(message) {
    if (status) {
      status.textContent = message || "";
    }
  }

  function message(name) {
    return status ? status.getAttribute("data-" + name) : "";
  }

  function leave(event) {
    if (event) {
      event.preventDefault();
    }
    document.documentElement.classList.add("is-leaving");
    document.title = "";
    window.location.replace(link.href);
  }

  function reset() {
    presses = 0;
    window.clearTimeout(timer);
    timer = null;
    say("");
  }

  link.addEventListener("click", leave);

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Shift") {
      if (presses) {
        reset();
      }
      return;
    }
    if (event.repeat) {
      return;
    }
    presses += 1;
    window.clearTimeout(timer);
    if (presses >= PRESSES_NEEDED) {
      say(message("leaving"));
      leave();
      return;
    }
    say(message("after-" + presses));
    timer = window.setTimeout(reset, PAUSE_MS);
  });
})();
