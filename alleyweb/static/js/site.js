/* Progressive enhancement only: every feature works without this file. */
(function () {
  "use strict";
  var doc = document.documentElement;

  // Text size: apply at once and remember in the same cookie the server reads, without a reload.
  var form = document.querySelector(".text-size");
  if (form) {
    form.addEventListener("click", function (event) {
      var button = event.target.closest("button[name=size]");
      if (!button) return;
      event.preventDefault();
      var size = button.value;
      doc.className = doc.className.replace(/\bts-\w+\b/, "") + " ts-" + size;
      document.cookie = "text_size=" + size + "; path=/; max-age=31536000; samesite=lax" +
        (location.protocol === "https:" ? "; secure" : "");
      form.querySelectorAll("button[name=size]").forEach(function (b) {
        b.setAttribute("aria-pressed", b === button ? "true" : "false");
      });
    });
  }

  // A double-clicked submit sends the form once. The button is marked busy, not disabled: a disabled
  // button would drop its own name and value from what the form sends.
  document.addEventListener("submit", function (event) {
    var f = event.target;
    if ((f.getAttribute("method") || "get").toLowerCase() !== "post") return;
    if (f.dataset.submitted === "1") { event.preventDefault(); return; }
    f.dataset.submitted = "1";
    f.querySelectorAll("[data-prevent-double-submit]").forEach(function (b) { b.setAttribute("aria-disabled", "true"); });
  });

  // Coming back with the Back button (page cache) must not leave forms locked.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-submitted]").forEach(function (f) {
      delete f.dataset.submitted;
      f.querySelectorAll("[data-prevent-double-submit]").forEach(function (b) { b.removeAttribute("aria-disabled"); });
    });
  });

  // "Stores near me": the browser's location fills the hidden lat/lng fields and sorts by distance.
  // Without JavaScript (or permission) people choose their dong instead.
  var near = document.querySelector("[data-near-me]");
  if (near && "geolocation" in navigator) {
    near.hidden = false;
    near.addEventListener("click", function () {
      var form = near.form, status = form.querySelector("[data-near-status]");
      status.textContent = near.dataset.locating;
      navigator.geolocation.getCurrentPosition(function (position) {
        form.querySelector("[data-near-lat]").value = position.coords.latitude.toFixed(5);
        form.querySelector("[data-near-lng]").value = position.coords.longitude.toFixed(5);
        form.querySelector("[name=sort]").value = "distance";
        form.submit();
      }, function () {
        status.textContent = near.dataset.denied;
      }, {enableHighAccuracy: false, timeout: 10000, maximumAge: 300000});
    });
  }

  // An application's guardian section: shown in place while the birth date typed is under 14 (the same
  // ways of writing a date as the server accepts). The server asks for it again when it is needed.
  var guardian = document.getElementById("guardian");
  var birth = document.getElementById("birth_date");
  if (guardian && birth && guardian.dataset.guardianAge) {
    var limit = parseInt(guardian.dataset.guardianAge, 10);
    var update = function () {
      var text = birth.value.replace(/[０-９]/g, function (d) { return String.fromCharCode(d.charCodeAt(0) - 0xFEE0); });
      var m = /^\s*([0-9]{4})\s{0,3}[-.\/년]?\s{0,3}([0-9]{1,2})\s{0,3}[-.\/월]?\s{0,3}([0-9]{1,2})\s{0,3}[.일]?\s*$/.exec(text);
      if (!m) return;  // not a date yet: leave the section as the server rendered it
      var now = new Date(), y = +m[1], mo = +m[2], d = +m[3];
      var age = now.getFullYear() - y - ((now.getMonth() + 1 < mo || (now.getMonth() + 1 === mo && now.getDate() < d)) ? 1 : 0);
      guardian.hidden = !(age >= 0 && age < limit);
    };
    birth.addEventListener("input", update);
    update();
  }

  // A receipt page's "save this number": copy the text, or print the page (the buttons are hidden
  // without JavaScript, where the text can be selected and the browser's menu prints).
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.dataset.copy);
    var status = button.parentNode.querySelector(".copy-status");
    if (!source || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.textContent.trim()).then(function () {
        if (status) status.textContent = button.dataset.copied;
      });
    });
  });
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  // Move focus to the error summary so screen readers announce the problems first.
  var summary = document.querySelector(".error-summary");
  if (summary) summary.focus();
})();
