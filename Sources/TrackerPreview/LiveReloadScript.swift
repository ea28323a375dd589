import TrackerCore

/// The browser side of live reload and the error overlay, served as `/__tracker/live.js`
/// (a file, not an inline script, so a site's Content-Security-Policy can allow it by origin).
///
/// It reloads the page only when an update names the page's own file, an asset, or everything;
/// it builds the overlay with `textContent` only, so no error text is ever parsed as HTML; and
/// it reconnects on its own after the server restarts, reloading then since the site may have changed.
enum LiveReloadScript {
    static let path = "__tracker/live.js"
    static let eventsPath = "__tracker/events"
    /// What every HTML page gets before `</body>` in serve mode (and never in `tracker build`).
    static let tag = "<script src=\"/\(path)\"></script>\n"

    static let source = #"""
    // tracker serve: reloads this page after a rebuild changed it, and shows build errors over it.
    (function () {
      "use strict";
      var known = null;

      function pageKey() {
        var path;
        try { path = decodeURIComponent(location.pathname); } catch (e) { path = location.pathname; }
        path = path.replace(/^\/+/, "");
        return path === "" || path.charAt(path.length - 1) === "/" ? path + "\#(Route.folderIndex)" : path;
      }

      // The build that served this page, from its Server-Timing header: a change between loading and connecting is not missed.
      function servedBuild() {
        try {
          var navigation = performance.getEntriesByType("navigation")[0];
          var timings = (navigation && navigation.serverTiming) || [];
          for (var i = 0; i < timings.length; i++) {
            if (timings[i].name === "tracker") {
              var parts = timings[i].description.split(".");
              return { server: parts[0], generation: Number(parts[1]) };
            }
          }
        } catch (e) {}
        return null;
      }

      function affectsThisPage(changed) {
        if (changed === null) return true;
        var key = pageKey();
        for (var i = 0; i < changed.length; i++) {
          if (changed[i] === key || !/\.(html|xml|json|csv|txt)$/.test(changed[i])) return true;
        }
        return false;
      }

      function element(tag, className, text) {
        var node = document.createElement(tag);
        if (className) node.className = className;
        if (text !== undefined) node.textContent = text;
        return node;
      }

      var style = [
        ":host { all: initial; }",
        ".backdrop { position: fixed; inset: 0; z-index: 2147483647; background: rgba(20, 20, 24, .72); overflow: auto; font: 15px/1.45 system-ui, sans-serif; }",
        ".panel { max-width: 60rem; margin: 4vh auto; background: #fff; color: #1b1b1f; border-top: 6px solid #c62828; border-radius: 4px; padding: 1.25rem 1.5rem; box-shadow: 0 10px 40px rgba(0,0,0,.4); }",
        "h1 { font-size: 1.2rem; margin: 0 0 .25rem; color: #b71c1c; }",
        ".hint { margin: 0 0 1rem; color: #555; }",
        ".problem { border-top: 1px solid #ddd; padding: .75rem 0; }",
        ".where { font: 13px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace; color: #555; margin: 0; }",
        ".message { margin: .25rem 0 .5rem; font-weight: 600; }",
        "pre { margin: 0; padding: .5rem .75rem; background: #f6f6f8; border-radius: 3px; overflow-x: auto; font: 13px/1.5 ui-monospace, SFMono-Regular, Menlo, monospace; }",
        ".line { display: block; min-height: 1.5em; }",
        ".focus { background: #fde2e2; }",
        ".caret { color: #c62828; }",
        "button { float: right; font: inherit; border: 0; background: none; font-size: 1.4rem; line-height: 1; cursor: pointer; color: #555; }"
      ].join("\n");

      function showProblems(problems) {
        var host = document.getElementById("__tracker-overlay");
        if (!problems || problems.length === 0) {
          if (host) host.remove();
          return;
        }
        if (!host) {
          host = element("div");
          host.id = "__tracker-overlay";
          host.attachShadow({ mode: "open" });
          document.documentElement.appendChild(host);
        }
        var root = host.shadowRoot;
        root.textContent = "";
        root.appendChild(element("style", null, style));
        var backdrop = element("div", "backdrop");
        var panel = element("div", "panel");
        panel.setAttribute("role", "alertdialog");
        panel.setAttribute("aria-labelledby", "tracker-overlay-title");
        var close = element("button", null, "\u00d7");
        close.setAttribute("aria-label", "Hide until the next build");
        close.addEventListener("click", function () { host.remove(); });
        panel.appendChild(close);
        var title = element("h1", null, problems.length === 1 ? "The build failed: 1 error" : "The build failed: " + problems.length + " errors");
        title.id = "tracker-overlay-title";
        panel.appendChild(title);
        panel.appendChild(element("p", "hint", "The page shows the last good build. Fix the file and save: this page updates by itself."));
        problems.forEach(function (problem) {
          var item = element("section", "problem");
          item.appendChild(element("p", "where", problem.path + ":" + problem.line + ":" + problem.column));
          item.appendChild(element("p", "message", problem.message));
          if (problem.excerpt.length > 0) {
            var width = String(problem.excerpt[problem.excerpt.length - 1].number).length;
            var pre = element("pre");
            problem.excerpt.forEach(function (line) {
              var number = String(line.number);
              while (number.length < width) number = " " + number;
              var gutter = (line.isFocus ? "> " : "  ") + number + " | ";
              pre.appendChild(element("span", line.isFocus ? "line focus" : "line", gutter + line.text));
              if (typeof line.caretIndent === "string") {
                var pad = "";
                for (var i = 0; i < gutter.length; i++) pad += " ";
                pre.appendChild(element("span", "line caret", pad + line.caretIndent + "^"));
              }
            });
            item.appendChild(pre);
          }
          panel.appendChild(item);
        });
        backdrop.appendChild(panel);
        root.appendChild(backdrop);
      }

      function connect() {
        var events = new EventSource("/__tracker/events");
        events.addEventListener("hello", function (event) {
          var hello = JSON.parse(event.data);
          var served = known || servedBuild();
          if (served && (served.server !== hello.server || served.generation !== hello.generation)) {
            location.reload();
            return;
          }
          known = { server: hello.server, generation: hello.generation };
          // For tests and the curious: the build this page is listening to.
          window.__trackerLiveReload = known;
          showProblems(hello.problems);
        });
        events.addEventListener("update", function (event) {
          var update = JSON.parse(event.data);
          showProblems(update.problems);
          var reload = known && update.generation !== known.generation && affectsThisPage(update.changed);
          if (known) known.generation = update.generation;
          if (reload) location.reload();
        });
        // The browser retries by itself after a dropped connection; a refused one closes the source for good.
        events.onerror = function () {
          if (events.readyState === EventSource.CLOSED) {
            events.close();
            setTimeout(connect, 1000);
          }
        };
      }

      connect();
    })();
    """#
}
