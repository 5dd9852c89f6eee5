/* Going Back to an application form after sending it must show an empty form.
 * The form's autocomplete="off" already stops the browser filling the answers
 * back in when it loads the page again (no script needed). This covers a browser
 * that instead keeps the whole page in its back-forward cache: once the form was
 * sent, the answers are cleared and the form gets a new one-time token, so what
 * is typed next is a new application, not a copy of the one already sent. */
(function () {
  "use strict";
  var forms = document.querySelectorAll("form.application-form");
  if (!forms.length || !window.crypto || !window.crypto.getRandomValues) {
    return;
  }

  function newToken() {
    var bytes = new Uint8Array(32);
    window.crypto.getRandomValues(bytes);
    return btoa(String.fromCharCode.apply(null, bytes))
      .replace(/\+/g, "-")
      .replace(/\//g, "_")
      .replace(/=+$/, "");
  }

  Array.prototype.forEach.call(forms, function (form) {
    var sent = false;
    form.addEventListener("submit", function () {
      sent = true;
    });
    window.addEventListener("pageshow", function (event) {
      if (!event.persisted || !sent) {
        return; // answers not yet sent are the applicant's to keep
      }
      sent = false;
      form.reset();
      var token = form.querySelector('input[name="application-token"]');
      if (token) {
        token.value = newToken();
      }
    });
  });
})();
