// shadowtap web UI: small progressive enhancements. Every page works
// without this script; nothing here reads captured data as HTML.
"use strict";
(function () {
  // Filter forms: leave empty fields out of the address, so shared links
  // stay short and name only the filters in use.
  document.querySelectorAll("form.filters").forEach(function (form) {
    form.addEventListener("submit", function () {
      form.querySelectorAll("input, select").forEach(function (el) {
        if (el.type !== "checkbox" && el.value === "") {
          el.disabled = true;
        }
      });
    });
  });

  // "/" moves the focus to the first filter field, as in many web tools.
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "/" || ev.ctrlKey || ev.metaKey || ev.altKey) {
      return;
    }
    var t = ev.target;
    if (t && (t.tagName === "INPUT" || t.tagName === "SELECT" || t.tagName === "TEXTAREA")) {
      return;
    }
    var first = document.querySelector("form.filters input, form.filters select");
    if (first) {
      ev.preventDefault();
      first.focus();
    }
  });

  // Copy the address of the current view: the page state is all in it.
  var btn = document.querySelector("[data-copy-link]");
  var status = document.querySelector(".copied");
  if (btn && status) {
    btn.hidden = false;
    btn.addEventListener("click", function () {
      var done = function (msg) { status.textContent = msg; };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(location.href).then(
          function () { done("Link copied."); },
          function () { done("Copy this address: " + location.href); });
      } else {
        done("Copy this address: " + location.href);
      }
    });
  }
})();
