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

  // Choosing an issuer from the suggestions fills its agency code; typing another name clears a code filled so.
  document.addEventListener("input", function (event) {
    var input = event.target;
    if (input.id !== "id_issuer_name") return;
    var code = document.getElementById("id_issuer_code");
    if (!code) return;
    var options = document.querySelectorAll("#issuer-options option");
    var chosen = Array.prototype.find.call(options, function (o) { return o.value === input.value; });
    if (chosen && chosen.dataset.code) {
      code.value = chosen.dataset.code;
      code.dataset.filled = "1";
      code.dispatchEvent(new Event("change", { bubbles: true }));
    } else if (code.dataset.filled === "1") {
      code.value = "";
      delete code.dataset.filled;
    }
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
