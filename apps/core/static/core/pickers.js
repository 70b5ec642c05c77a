/* Searchable pickers (apps/core/pickers.py): every <select data-picker> becomes a tom-select, on the first page
   load and in every fragment htmx swaps in. A "remote" picker asks its source as the person types (debounced) and
   shows the results in the order the server ranked them; a "local" one filters its own options. Without this
   script the selects stay plain selects. Texts come from data-attributes (translated by the server). */
(function () {
  "use strict";
  if (typeof TomSelect === "undefined" || typeof htmx === "undefined") return;

  var DEBOUNCE_MS = 250;

  function fetchResults(url, query, callback) {
    var address = url + (url.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(query);
    fetch(address, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) { callback(data.results || []); })
      .catch(function () { callback(); });
  }

  // The input named by data-picker-fill takes the chosen option's field (the issuer's code); an input filled so
  // is emptied again when free text replaces the option.
  function fillFrom(select, option) {
    var fill = select.dataset.pickerFill;
    if (!fill) return;
    var targets = JSON.parse(fill);
    Object.keys(targets).forEach(function (key) {
      var input = document.getElementById(targets[key]);
      if (!input) return;
      var value = option && option[key];
      if (value) {
        input.value = value;
        input.dataset.pickerFilled = "1";
      } else if (input.dataset.pickerFilled === "1") {
        input.value = "";
        delete input.dataset.pickerFilled;
      } else {
        return;
      }
      input.dispatchEvent(new Event("change", { bubbles: true }));
    });
  }

  function render(data) {
    return {
      option: function (item, escape) {
        var hint = item.hint ? '<div class="picker-hint">' + escape(item.hint) + "</div>" : "";
        return "<div>" + escape(item.text) + hint + "</div>";
      },
      item: function (item, escape) { return "<div>" + escape(item.text) + "</div>"; },
      option_create: function (item, escape) {
        var label = (data.pickerCreate || "{text}").split("{text}").map(escape).join(escape(item.input));
        return '<div class="create">' + label + "</div>";
      },
      no_results: function (item, escape) {
        if (data.pickerSource && item.input.length < Number(data.pickerMin || 1)) {
          return '<div class="no-results">' + escape(data.pickerTypeMore || "") + "</div>";
        }
        return '<div class="no-results">' + escape(data.pickerNoResults || "") + "</div>";
      },
      loading: function (item, escape) {
        return '<div class="loading">' + escape(data.pickerLoading || "") + "</div>";
      },
    };
  }

  function settingsFor(select) {
    var data = select.dataset;
    var emptyOption = select.querySelector('option[value=""]');
    var settings = {
      maxOptions: 50,
      maxItems: select.multiple ? null : 1,
      plugins: select.multiple ? ["remove_button"] : [],
      hideSelected: select.multiple,
      closeAfterSelect: !select.multiple,
      selectOnTab: true,
      // Filter on each keystroke (a local picker holds tens of options; a remote one is debounced by loadThrottle):
      // a delayed refresh would reopen the list after an option was already picked with Enter.
      refreshThrottle: 0,
      allowEmptyOption: !select.multiple && !!emptyOption && emptyOption.textContent.trim() !== "",
      create: !!data.pickerCreate,
      createOnBlur: !!data.pickerCreate,
      persist: false,
      placeholder: data.pickerPlaceholder || undefined,
      render: render(data),
      onItemAdd: function (value) { fillFrom(select, this.options[value]); },
      onItemRemove: function () { if (!select.multiple) fillFrom(select, null); },
    };
    if (data.pickerSource) {
      var minimum = Number(data.pickerMin || 1);
      settings.valueField = data.pickerValueField || "value";
      settings.labelField = "text";
      settings.searchField = [];
      settings.loadThrottle = DEBOUNCE_MS;
      settings.shouldLoad = function (query) { return query.length >= minimum; };
      // The server matched and ranked (abbreviations, accents): show its answer as it is, not filtered again.
      settings.score = function () { return function () { return 1; }; };
      settings.load = function (query, callback) {
        var self = this;
        fetchResults(data.pickerSource, query, function (results) {
          // An answer to an older query (the person typed on, or already picked) is dropped.
          if (!results || self.inputValue() !== query) return callback();
          self.clearOptions();
          callback(results);
        });
      };
    }
    return settings;
  }

  function initialise(root) {
    var selects = root.matches && root.matches("select[data-picker]") ? [root] : [];
    selects = selects.concat(Array.prototype.slice.call(root.querySelectorAll("select[data-picker]")));
    selects.forEach(function (select) {
      if (select.tomselect) return;
      var picker = new TomSelect(select, settingsFor(select));
      if (select.hasAttribute("autofocus") && !document.querySelector(".is-invalid")) picker.focus();
    });
  }

  htmx.onLoad(initialise);

  // A page kept in htmx's history must come back as plain selects, or it would be wrapped twice on return.
  document.addEventListener("htmx:beforeHistorySave", function () {
    document.querySelectorAll("select[data-picker].tomselected").forEach(function (select) {
      if (select.tomselect) select.tomselect.destroy();
    });
  });
})();
