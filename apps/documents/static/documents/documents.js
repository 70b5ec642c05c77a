/* Keyboard helpers of the document screens; every page works without them. */
(function () {
  "use strict";

  // "/" anywhere outside a field comes back to the list's search box.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (target.closest("input, textarea, select, [contenteditable]")) return;
    var search = document.querySelector("[data-search-shortcut]");
    if (!search) return;
    event.preventDefault();
    search.focus();
    search.select();
  });

  // Filters left empty stay out of the request, so the address pushed to the history reads ?q=bao+cao, not a row
  // of empty parameters.
  document.addEventListener("htmx:configRequest", function (event) {
    if (event.detail.verb !== "get" || !event.detail.elt.closest("[data-drop-empty]")) return;
    var parameters = event.detail.parameters;
    Object.keys(parameters).forEach(function (name) {
      if (parameters[name] === "") delete parameters[name];
    });
  });

  // After a refused registration, the first field in error takes the focus.
  document.addEventListener("DOMContentLoaded", function () {
    var first = document.querySelector(".registration-form .is-invalid");
    if (first) first.focus();
  });
})();
