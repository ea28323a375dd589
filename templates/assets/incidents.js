// Filters, counts and sorting for the incidents table (templates/partials/incident-table).
// Progressive enhancement: without this script the page is the table (one page of a long list,
// with numbered pages to the rest) and the filter form stays hidden. The state lives in the URL
// query (?country=pk&sort=title&order=ascending), so a filtered view can be shared and survives a reload.
//
// A list of one page filters and sorts its own rows. A paginated list (the table has data-rows)
// holds only its page's rows: when the reader starts filtering or sorting, the script loads
// incidents/rows.json (every incident, one compact row each), keeps the rows of the table's scope
// (data-scope="country:pk" on a country's page) and shows the matching rows of the whole list,
// a page at a time, instead of the page's own rows and numbered pages.
(function () {
  "use strict";

  var table = document.getElementById("incidents-table");
  if (!table || !table.tBodies.length) return;
  var tbody = table.tBodies[0];
  var form = document.getElementById("incident-filters");
  var empty = document.getElementById("incidents-empty");
  var statusText = document.getElementById("filter-status-text");
  var pageNav = document.querySelector("nav.pagination");
  var dataURL = table.getAttribute("data-rows");
  var scope = (table.getAttribute("data-scope") || "").split(":");
  var FIELDS = ["country", "platform", "type", "status", "year"];
  var DEFAULT_SORT = { key: "start", order: "descending" };
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];
  var state = { q: "", sort: DEFAULT_SORT.key, order: DEFAULT_SORT.order };
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var collator = new Intl.Collator(document.documentElement.lang || undefined, { sensitivity: "base", numeric: true });
  var pageRows = Array.prototype.slice.call(tbody.rows);
  // How many matching rows show at once (more with "Show more"): a page's worth.
  var LIMIT = dataURL ? Math.max(pageRows.length, 1) : Infinity;
  var shownLimit = LIMIT;
  var records = null; // every row of the list, once known: this page's when it is the whole list, else loaded
  var loading = null;
  var sortedCache = {};
  var altered = false; // whether the table shows other rows than the page's own

  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function columnOf(key) {
    for (var i = 0; i < headers.length; i++) if (headers[i].getAttribute("data-sort-key") === key) return i;
    return -1;
  }

  // MARK: rows

  /// A record for a row of the page: its values read from the data-* attributes and cells.
  function recordOfRow(row, index) {
    var sort = { start: row.getAttribute("data-start") || "" };
    headers.forEach(function (header, column) {
      var key = header.getAttribute("data-sort-key");
      if (key && key !== "start") sort[key] = row.cells[column] ? row.cells[column].textContent.trim() : "";
    });
    return {
      order: index,
      row: row,
      values: {
        country: (row.getAttribute("data-country") || "").toLowerCase(),
        platform: (row.getAttribute("data-platforms") || "").split(/\s+/).filter(Boolean),
        type: row.getAttribute("data-type") || "",
        status: row.getAttribute("data-status") || "",
        year: row.getAttribute("data-year") || ""
      },
      sort: sort,
      text: fold(row.textContent + " " + (row.getAttribute("data-summary") || ""))
    };
  }

  function displayDate(iso) {
    var parts = iso.split("-");
    if (parts.length < 2) return parts[0];
    var monthYear = MONTHS[Number(parts[1]) - 1] + " " + parts[0];
    return parts.length < 3 ? monthYear : Number(parts[2]) + " " + monthYear;
  }

  /// Records for every row of rows.json (see IncidentRows.swift for its layout).
  function recordsOfData(data) {
    return data.rows.map(function (row, index) {
      var country = data.countries[row[3]] || ["", ""];
      var platforms = row[4].map(function (i) { return data.platforms[i] || ["", ""]; });
      var type = data.types[row[5]], status = data.statuses[row[6]];
      var display = displayDate(row[2]);
      var platformNames = platforms.map(function (p) { return p[1]; }).join(" ");
      return {
        order: index,
        row: null,
        data: { id: row[0], title: row[1], start: row[2], display: display, country: country, platforms: platforms,
                type: type, status: status, urls: data.urls },
        values: {
          country: country[0],
          platform: platforms.map(function (p) { return p[0]; }),
          type: type[0],
          status: status[0],
          year: row[2].slice(0, 4)
        },
        sort: { start: row[2], title: row[1], country: country[1], platforms: platformNames, type: type[1], status: status[1] },
        text: fold([display, row[1], country[1], platformNames, type[1], status[1]].join(" "))
      };
    }).filter(function (record) {
      return scope.length !== 2 || (scope[0] === "country" ? record.values.country === scope[1]
        : record.values.platform.indexOf(scope[1]) !== -1);
    });
  }

  function element(name, attributes, children) {
    var node = document.createElement(name);
    Object.keys(attributes).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    children.forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  /// The row of partials/incident-row for a loaded record.
  function buildRow(record) {
    var d = record.data;
    var platformCell = [];
    d.platforms.forEach(function (p) {
      platformCell.push(element("a", { href: d.urls.platform + p[0] + "/" }, [p[1]]), " ");
    });
    return element("tr", {
      "data-country": d.country[0].toUpperCase(), "data-platforms": record.values.platform.join(" ") + " ",
      "data-type": d.type[0], "data-status": d.status[0], "data-year": record.values.year, "data-start": d.start
    }, [
      element("td", { "class": "nowrap" }, [element("time", { datetime: d.start }, [d.display])]),
      element("th", { scope: "row" }, [element("a", { href: d.urls.incident + d.id + "/" }, [d.title])]),
      element("td", {}, [element("a", { href: d.urls.country + d.country[0] + "/" }, [d.country[1]])]),
      element("td", {}, platformCell),
      element("td", {}, [element("span", { "class": "type-label" }, [
        element("span", { "class": "swatch type-" + d.type[0], "aria-hidden": "true" }, []), d.type[1]])]),
      element("td", {}, [element("span", { "class": "status status-" + d.status[0] }, [d.status[1]])])
    ]);
  }

  function rowOf(record) {
    if (!record.row) record.row = buildRow(record);
    return record.row;
  }

  // MARK: filtering

  function isActive() {
    return Boolean(state.q) || FIELDS.some(function (field) { return state[field]; })
      || state.sort !== DEFAULT_SORT.key || state.order !== DEFAULT_SORT.order;
  }

  function plural(count, word) {
    return count + " " + word + (count === 1 ? "" : "s");
  }

  /// The records in the current order, sorted once per column and direction.
  function sortedRecords() {
    var name = state.sort + " " + state.order;
    if (sortedCache[name]) return sortedCache[name];
    var direction = state.order === "ascending" ? 1 : -1;
    var key = state.sort;
    sortedCache[name] = records.slice().sort(function (a, b) {
      var x = a.sort[key] || "", y = b.sort[key] || "";
      var compared = key === "start" ? (x < y ? -1 : x > y ? 1 : 0) : collator.compare(x, y);
      // Ties keep the build's order (newest first), whichever way the column runs.
      return compared * direction || a.order - b.order;
    });
    return sortedCache[name];
  }

  function add(counts, value) { counts[value] = (counts[value] || 0) + 1; }

  /// Shows the matching rows in order and counts, for each choice of each list, the rows it would
  /// show given the other filters, in one pass: a row failing only filter F counts for F's choices.
  /// Plain loops over plain values: this runs on every keystroke, over every incident.
  function apply() {
    if (!records) return;
    var terms = fold(state.q).split(/\s+/).filter(Boolean);
    var matching = [];
    var counts = { country: {}, platform: {}, type: {}, status: {}, year: {} };
    var counting = Boolean(form);
    var country = state.country, platform = state.platform, type = state.type, status = state.status, year = state.year;
    var ordered = sortedRecords();
    for (var i = 0; i < ordered.length; i++) {
      var record = ordered[i];
      var text = record.text, textOK = true;
      for (var t = 0; t < terms.length; t++) {
        if (text.indexOf(terms[t]) === -1) { textOK = false; break; }
      }
      if (!textOK) continue;
      var v = record.values;
      var badCountry = country && v.country !== country ? 1 : 0;
      var badPlatform = platform && v.platform.indexOf(platform) === -1 ? 1 : 0;
      var badType = type && v.type !== type ? 1 : 0;
      var badStatus = status && v.status !== status ? 1 : 0;
      var badYear = year && v.year !== year ? 1 : 0;
      var failures = badCountry + badPlatform + badType + badStatus + badYear;
      if (failures > 1) continue;
      if (failures === 0) matching.push(record);
      if (!counting) continue;
      if (!failures || badCountry) add(counts.country, v.country);
      if (!failures || badPlatform) for (var p = 0; p < v.platform.length; p++) add(counts.platform, v.platform[p]);
      if (!failures || badType) add(counts.type, v.type);
      if (!failures || badStatus) add(counts.status, v.status);
      if (!failures || badYear) add(counts.year, v.year);
    }
    altered = true;
    var shown = matching.slice(0, shownLimit);
    showRows(shown.map(rowOf));
    if (empty) empty.hidden = matching.length !== 0;
    if (pageNav) pageNav.hidden = true;
    moreButton.hidden = shown.length >= matching.length;
    moreButton.textContent = "Show " + Math.min(LIMIT, matching.length - shown.length) + " more ("
      + (matching.length - shown.length) + " not shown)";
    if (statusText) {
      var what = matching.length === records.length
        ? "Showing all " + plural(records.length, "incident")
        : "Showing " + matching.length + " of " + plural(records.length, "incident");
      statusText.textContent = what + (shown.length < matching.length ? ", the first " + shown.length + " below." : ".");
    }
    if (form) {
      FIELDS.forEach(function (field) {
        var select = form.elements[field];
        if (!select) return;
        Array.prototype.forEach.call(select.options, function (option) {
          if (!option.value) return;
          var label = option.getAttribute("data-label") + " (" + (counts[field][option.value] || 0) + ")";
          if (option.textContent !== label) option.textContent = label;
        });
      });
    }
    showSortState();
  }

  /// Puts `rows` in the table in that order, moving as few as it can: rows that stay keep their
  /// place (and their layout), so a keystroke that narrows the list lays out only what changed.
  function showRows(rows) {
    var keep = new Set(rows);
    Array.prototype.slice.call(tbody.rows).forEach(function (row) { if (!keep.has(row)) tbody.removeChild(row); });
    var next = tbody.firstChild;
    rows.forEach(function (row) {
      if (row === next) next = next.nextSibling;
      else tbody.insertBefore(row, next);
    });
    while (next) {
      var after = next.nextSibling;
      tbody.removeChild(next);
      next = after;
    }
  }

  /// The page as built: its own rows and numbered pages (a paginated list with no filter or sort).
  function restorePage() {
    if (!altered) return;
    altered = false;
    showRows(pageRows);
    if (pageNav) pageNav.hidden = false;
    if (empty) empty.hidden = true;
    moreButton.hidden = true;
    if (statusText) statusText.textContent = statusText.getAttribute("data-initial");
    if (form && records) {
      FIELDS.forEach(function (field) {
        var select = form.elements[field];
        if (!select) return;
        Array.prototype.forEach.call(select.options, function (option) {
          if (option.value) option.textContent = option.getAttribute("data-initial");
        });
      });
    }
    showSortState();
  }

  /// Loads every row of the list (once), then calls `then`.
  function load(then) {
    if (records) { then(); return; }
    if (!loading) {
      if (statusText) statusText.textContent = "Loading every incident\u2026";
      loading = window.fetch(dataURL)
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        })
        .then(function (data) { records = recordsOfData(data); })
        .catch(function () {
          loading = null;
          if (statusText) statusText.textContent = "The list of incidents could not be loaded; the pages below still work.";
        });
    }
    loading.then(function () { if (records) then(); });
  }

  /// Shows the current state: the page as built when nothing is chosen on a paginated list, else the matching rows.
  function update() {
    if (dataURL && !isActive()) {
      restorePage();
    } else if (records) {
      apply();
    } else if (dataURL && window.fetch) {
      load(update);
    }
  }

  // MARK: sorting

  function showSortState() {
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
      shownLimit = LIMIT;
      update();
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
    state.sort = columnOf(sort) !== -1 ? sort : DEFAULT_SORT.key;
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

  var moreButton = document.createElement("button");
  moreButton.type = "button";
  moreButton.className = "button-secondary show-more";
  moreButton.hidden = true;
  moreButton.addEventListener("click", function () {
    shownLimit += LIMIT;
    apply();
  });
  (table.parentNode.classList.contains("table-scroll") ? table.parentNode : table).insertAdjacentElement("afterend", moreButton);

  function readForm() {
    state.q = form.elements.q.value.trim();
    FIELDS.forEach(function (field) { state[field] = form.elements[field] ? form.elements[field].value : ""; });
    shownLimit = LIMIT;
  }

  function changed() {
    readForm();
    update();
    writeURL();
  }

  if (form) {
    if (statusText) statusText.setAttribute("data-initial", statusText.textContent);
    Array.prototype.forEach.call(form.querySelectorAll("option"), function (option) {
      option.setAttribute("data-initial", option.textContent);
    });
    form.addEventListener("input", function (event) { if (event.target === form.elements.q) changed(); });
    form.addEventListener("change", function (event) { if (event.target !== form.elements.q) changed(); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      changed();
    });
    form.addEventListener("reset", function () {
      // The form's own reset runs after this handler: read it on the next turn.
      window.setTimeout(changed, 0);
    });
    // Reaching for the form is the moment to fetch the whole list, before the first keystroke needs it.
    if (dataURL && window.fetch) form.addEventListener("focusin", function () { load(function () {}); });
    form.hidden = false;
  }

  if (!dataURL) records = pageRows.map(recordOfRow);
  readURL();
  update();
  table.setAttribute("data-ready", "");
  if (window.performance && performance.mark) performance.mark("incidents-table-ready");
})();
