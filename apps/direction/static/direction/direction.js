// The direction form (apps/direction/web/leader.py): a unit takes one role at a time — choosing lead, support or
// "for information" on a row clears the row's other two; a unit as lead clears the lead person, and back.
(function () {
  "use strict";
  function setUp(form) {
    form.addEventListener("change", function (event) {
      var input = event.target;
      var row = input.closest("[data-unit-row]");
      if (row && input.checked) {
        row.querySelectorAll("input.btn-check").forEach(function (other) {
          if (other !== input) { other.checked = false; }
        });
        if (input.name === "lead") { clearLeadPerson(form); }
      }
      if (input.name === "lead_person" && input.value) {
        form.querySelectorAll("input[name=lead]").forEach(function (radio) { radio.checked = false; });
      }
    });
  }
  function clearLeadPerson(form) {
    var select = form.querySelector("select[name=lead_person]");
    if (!select) { return; }
    if (select.tomselect) { select.tomselect.clear(true); } else { select.value = ""; }
  }
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("direction-form");
    if (form) { setUp(form); }
  });
})();
