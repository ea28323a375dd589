// Search for the /search/ page: loads search/index.json (built with the site) and matches
// every word of the query against titles, countries, platforms and summaries, in the browser.
// Without JavaScript the page keeps its links to the incidents table and the term pages.
(function () {
  "use strict";

  var form = document.getElementById("search-form");
  if (!form || !window.fetch) return;
  var input = form.elements.q;
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var fallback = document.getElementById("search-fallback");
  var entries = null;
  var LIMIT = 50;
  var KINDS = { incident: "Incident", source: "Source", page: "Page", "case": "Court case" };

  function fold(text) {
    return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function prepare(entry, order) {
    return {
      entry: entry,
      order: order,
      fields: [
        { text: fold(entry.title), weight: 8 },
        { text: fold([entry.country || ""].concat(entry.platforms || []).join(" ")), weight: 4 },
        { text: fold(entry.meta), weight: 2 },
        { text: fold(entry.text), weight: 1 }
      ]
    };
  }

  /// The sum of the best field weight of every word, or 0 when a word is found nowhere.
  function score(item, terms) {
    var total = 0;
    for (var i = 0; i < terms.length; i++) {
      var best = 0;
      item.fields.forEach(function (field) {
        var at = field.text.indexOf(terms[i]);
        if (at === -1) return;
        // A word that starts a word counts for more than one found inside another.
        var bonus = at === 0 || /\W/.test(field.text.charAt(at - 1)) ? 1 : 0.5;
        best = Math.max(best, field.weight * bonus);
      });
      if (best === 0) return 0;
      total += best;
    }
    return total;
  }

  function render(results, query) {
    list.textContent = "";
    results.slice(0, LIMIT).forEach(function (result) {
      var entry = result.entry;
      var item = document.createElement("li");
      item.className = "search-result search-" + entry.kind;
      var kind = document.createElement("span");
      kind.className = "search-kind";
      kind.textContent = KINDS[entry.kind] || entry.kind;
      var heading = document.createElement("h2");
      var link = document.createElement("a");
      link.href = entry.url;
      link.textContent = entry.title;
      heading.appendChild(link);
      var meta = document.createElement("p");
      meta.className = "meta";
      meta.textContent = entry.meta;
      item.appendChild(kind);
      item.appendChild(heading);
      item.appendChild(meta);
      if (entry.text) {
        var text = document.createElement("p");
        text.textContent = entry.text;
        item.appendChild(text);
      }
      list.appendChild(item);
    });
    if (!query) {
      status.textContent = "Type a word to search " + entries.length + " records.";
    } else if (!results.length) {
      status.textContent = "Nothing matches \u201c" + query + "\u201d.";
    } else {
      var shown = Math.min(results.length, LIMIT);
      status.textContent = results.length + (results.length === 1 ? " result" : " results") + " for \u201c" + query + "\u201d"
        + (shown < results.length ? ", showing the first " + shown : "") + ".";
    }
  }

  function run() {
    if (!entries) return;
    var query = input.value.trim();
    var terms = fold(query).split(/\s+/).filter(Boolean);
    var results = [];
    if (terms.length) {
      entries.forEach(function (item) {
        var value = score(item, terms);
        if (value > 0) results.push({ entry: item.entry, order: item.order, score: value });
      });
      results.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
    }
    render(results, query);
    var url = window.location.pathname + (query ? "?q=" + encodeURIComponent(query) : "");
    window.history.replaceState(null, "", url);
  }

  input.value = new URLSearchParams(window.location.search).get("q") || "";
  fallback.hidden = true;
  status.textContent = "Loading the search index\u2026";

  fetch(form.getAttribute("data-index"))
    .then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    })
    .then(function (data) {
      entries = data.map(prepare);
      run();
    })
    .catch(function () {
      status.textContent = "The search index could not be loaded.";
      fallback.hidden = false;
    });

  var typing = null;
  input.addEventListener("input", function () {
    window.clearTimeout(typing);
    typing = window.setTimeout(run, 100);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    run();
  });
})();
