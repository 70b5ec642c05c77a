/* Small behaviours shared by every screen; the pages work without them. */
(function () {
  "use strict";

  // Forms with a "mode" choice (e.g. an existing account or a new one) show only the fields of that mode.
  function syncModes() {
    document.querySelectorAll("form").forEach(function (form) {
      var checked = form.querySelector("input[name=mode]:checked");
      if (!checked) return;
      form.querySelectorAll("[data-mode]").forEach(function (el) {
        el.hidden = el.dataset.mode !== checked.value;
      });
    });
  }

  document.addEventListener("change", function (event) {
    if (event.target.name === "mode") syncModes();
  });

  // "Cancel" in a panel empties the panel.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-close-panel]");
    var panel = button && button.closest("#panel");
    if (panel) panel.innerHTML = "";
  });

  // A control that htmx would refresh in place (e.g. "show deactivated units") loads the page itself when htmx
  // is missing.
  document.addEventListener("change", function (event) {
    var href = event.target.dataset && event.target.dataset.fallbackHref;
    if (href && !window.htmx) window.location.href = href;
  });

  document.addEventListener("DOMContentLoaded", syncModes);
  document.addEventListener("htmx:load", syncModes);

  // A form loaded into the panel comes into view with its first field focused (phones scroll far).
  document.addEventListener("htmx:afterSwap", function (event) {
    var panel = event.detail.target;
    if (panel.id !== "panel" || !panel.firstElementChild) return;
    panel.scrollIntoView({ block: "start", behavior: "smooth" });
    var first = panel.querySelector(".is-invalid, input:not([type=hidden]):not([type=radio]), select");
    if (first) first.focus({ preventScroll: true });
  });
})();
