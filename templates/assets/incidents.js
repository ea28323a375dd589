// Filters, counts and sorting for the incidents table (templates/partials/incident-table).
// Progressive enhancement: without this script the page is the full table and the filter
// form stays hidden. The state lives in the URL query (?country=pk&sort=title&order=asc),
// so a filtered view can be shared and survives a reload.
(function () {
  "use strict";

  var table = document.getElementById("incidents-table");
  if (!table || !table.tBodies.length) return;
  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  var form = document.getElementById("incident-filters");
  var empty = document.getElementById("incidents-empty");
  var statusText = document.getElementById("filter-status-text");
  var FIELDS = ["country", "platform", "type", "status", "year"];
  var DEFAULT_SORT = { key: "start", order: "descending" };
  var state = { q: "", sort: DEFAULT_SORT.key, order: DEFAULT_SORT.order };

  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  rows.forEach(function (row, index) {
    row.trackerOrder = index;
    row.trackerValues = {
      country: (row.getAttribute("data-country") || "").toLowerCase(),
      platform: (row.getAttribute("data-platforms") || "").split(/\s+/).filter(Boolean),
      type: row.getAttribute("data-type") || "",
      status: row.getAttribute("data-status") || "",
      year: row.getAttribute("data-year") || ""
    };
    row.trackerText = fold(row.textContent + " " + (row.getAttribute("data-summary") || ""));
  });

  // MARK: filtering

  function fieldMatches(row, field, value) {
    if (!value) return true;
    var have = row.trackerValues[field];
    return field === "platform" ? have.indexOf(value) !== -1 : have === value;
  }

  function textMatches(row, query) {
    var terms = fold(query).split(/\s+/).filter(Boolean);
    return terms.every(function (term) { return row.trackerText.indexOf(term) !== -1; });
  }

  /// Whether a row passes every filter but `except`, so each list can count its own choices.
  function matches(row, except) {
    for (var i = 0; i < FIELDS.length; i++) {
      if (FIELDS[i] !== except && !fieldMatches(row, FIELDS[i], state[FIELDS[i]])) return false;
    }
    return except === "q" || textMatches(row, state.q);
  }

  function plural(count, word) {
    return count + " " + word + (count === 1 ? "" : "s");
  }

  function updateCounts() {
    if (!form) return;
    FIELDS.forEach(function (field) {
      var select = form.elements[field];
      if (!select) return;
      var candidates = rows.filter(function (row) { return matches(row, field); });
      Array.prototype.forEach.call(select.options, function (option) {
        if (!option.value) return;
        var count = candidates.filter(function (row) { return fieldMatches(row, field, option.value); }).length;
        option.textContent = option.getAttribute("data-label") + " (" + count + ")";
      });
    });
  }

  function applyFilters() {
    var shown = 0;
    rows.forEach(function (row) {
      var visible = matches(row, null);
      row.hidden = !visible;
      if (visible) shown += 1;
    });
    if (empty) empty.hidden = shown !== 0;
    if (statusText) {
      statusText.textContent = shown === rows.length
        ? "Showing all " + plural(rows.length, "incident") + "."
        : "Showing " + shown + " of " + plural(rows.length, "incident") + ".";
    }
    updateCounts();
  }

  // MARK: sorting

  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var collator = new Intl.Collator(document.documentElement.lang || undefined, { sensitivity: "base", numeric: true });

  function sortValue(row, key) {
    if (key === "start") return row.getAttribute("data-start") || "";
    var column = -1;
    headers.forEach(function (header, index) { if (header.getAttribute("data-sort-key") === key) column = index; });
    return column === -1 ? "" : row.cells[column].textContent.trim();
  }

  function applySort() {
    var direction = state.order === "ascending" ? 1 : -1;
    var sorted = rows.slice().sort(function (a, b) {
      var compared = state.sort === "start"
        ? (sortValue(a, "start") < sortValue(b, "start") ? -1 : sortValue(a, "start") > sortValue(b, "start") ? 1 : 0)
        : collator.compare(sortValue(a, state.sort), sortValue(b, state.sort));
      // Ties keep the build's order (newest first), whichever way the column runs.
      return compared * direction || a.trackerOrder - b.trackerOrder;
    });
    sorted.forEach(function (row) { tbody.appendChild(row); });
    headers.forEach(function (header) {
      if (!header.hasAttribute("data-sort-key")) return;
      if (header.getAttribute("data-sort-key") === state.sort) header.setAttribute("aria-sort", state.order);
      else header.removeAttribute("aria-sort");
    });
  }

  headers.forEach(function (header) {
    var key = header.getAttribute("data-sort-key");
    if (!key) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "sort-button";
    while (header.firstChild) button.appendChild(header.firstChild);
    var icon = document.createElement("span");
    icon.className = "sort-icon";
    icon.setAttribute("aria-hidden", "true");
    button.appendChild(icon);
    header.appendChild(button);
    button.addEventListener("click", function () {
      if (state.sort === key) {
        state.order = state.order === "ascending" ? "descending" : "ascending";
      } else {
        state.sort = key;
        state.order = key === "start" ? "descending" : "ascending";
      }
      applySort();
      writeURL();
    });
  });

  // MARK: the URL

  function readURL() {
    var params = new URLSearchParams(window.location.search);
    state.q = params.get("q") || "";
    FIELDS.forEach(function (field) {
      var value = params.get(field) || "";
      var select = form && form.elements[field];
      var known = select && Array.prototype.some.call(select.options, function (option) { return option.value === value; });
      state[field] = known ? value : "";
    });
    var sort = params.get("sort");
    var sortable = headers.some(function (header) { return header.getAttribute("data-sort-key") === sort; });
    state.sort = sortable ? sort : DEFAULT_SORT.key;
    var order = params.get("order");
    state.order = order === "ascending" || order === "descending" ? order
      : (state.sort === "start" ? "descending" : "ascending");
    if (form) {
      form.elements.q.value = state.q;
      FIELDS.forEach(function (field) { if (form.elements[field]) form.elements[field].value = state[field]; });
    }
  }

  function writeURL() {
    var params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    FIELDS.forEach(function (field) { if (state[field]) params.set(field, state[field]); });
    if (state.sort !== DEFAULT_SORT.key || state.order !== DEFAULT_SORT.order) {
      params.set("sort", state.sort);
      params.set("order", state.order);
    }
    var query = params.toString();
    var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    window.history.replaceState(null, "", url);
  }

  // MARK: the form

  function readForm() {
    state.q = form.elements.q.value.trim();
    FIELDS.forEach(function (field) { state[field] = form.elements[field] ? form.elements[field].value : ""; });
  }

  if (form) {
    var typing = null;
    form.addEventListener("input", function (event) {
      if (event.target !== form.elements.q) return;
      window.clearTimeout(typing);
      typing = window.setTimeout(function () { readForm(); applyFilters(); writeURL(); }, 120);
    });
    form.addEventListener("change", function (event) {
      if (event.target === form.elements.q) return;
      readForm();
      applyFilters();
      writeURL();
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      readForm();
      applyFilters();
      writeURL();
    });
    form.addEventListener("reset", function () {
      // The form's own reset runs after this handler: read it on the next turn.
      window.setTimeout(function () { readForm(); applyFilters(); writeURL(); }, 0);
    });
    form.hidden = false;
  }

  readURL();
  applyFilters();
  applySort();
})();
