import Foundation

/// What `tracker init` writes: a new tracker that builds at once, empty or the example tracker, with a
/// `.gitignore` and a GitHub Actions workflow that builds, checks and publishes it to GitHub Pages.
public struct NewTracker: Sendable {
    public enum Start: Sendable { case empty, example }

    public let start: Start

    public init(_ start: Start) {
        self.start = start
    }

    /// Folders every new tracker has, empty or not.
    public static let folders = ["content/incidents", "content/sources", "content/pages", "static"]

    /// Every file to write, by path in the tracker, sorted.
    public var files: [(path: String, data: Data)] {
        var files: [(path: String, data: Data)] = [
            (".gitignore", Data(Self.gitignore.utf8)),
            (Self.workflowPath, Data(Self.workflow().utf8)),
        ]
        switch start {
        case .empty:
            files.append(("content/site.yml", Data(Self.siteYAML.utf8)))
            files.append(("content/pages/about.md", Data(Self.aboutPage.utf8)))
        case .example:
            files += Self.exampleFiles
        }
        return files.sorted { $0.path < $1.path }
    }

    /// The example tracker as built into the binary: the repository's `content/` and `static/`.
    public static var exampleFiles: [(path: String, data: Data)] {
        EmbeddedExample.files.map { file in (file.path, file.text.map { Data($0.utf8) } ?? Data(base64Encoded: file.base64 ?? "") ?? Data()) }
    }

    public enum Failure: Error, Equatable {
        /// The folder holds files: the names of the first few (hidden files count only if `init` would write them).
        case notEmpty([String])
        case cannotWrite(String)
    }

    /// Writes the tracker into `directory`, creating it when missing. Refuses a folder that holds anything
    /// but hidden files (a fresh `.git`), or one of the files it would write, before writing anything.
    public func write(to directory: String) throws(Failure) {
        let manager = FileManager.default
        let entries = ((try? manager.contentsOfDirectory(atPath: directory)) ?? []).sorted()
        var isFolder: ObjCBool = false
        if manager.fileExists(atPath: directory, isDirectory: &isFolder), !isFolder.boolValue {
            throw .cannotWrite("\(directory) is a file, not a folder")
        }
        let files = self.files
        let blocking = entries.filter { !$0.hasPrefix(".") }
            + files.map(\.path).filter { $0.hasPrefix(".") && manager.fileExists(atPath: directory + "/" + $0) }
        guard blocking.isEmpty else { throw .notEmpty(blocking.sorted()) }
        do {
            for folder in Self.folders {
                try manager.createDirectory(atPath: directory + "/" + folder, withIntermediateDirectories: true)
            }
            for (path, data) in files {
                let target = directory + "/" + path
                try manager.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try data.write(to: URL(fileURLWithPath: target), options: .withoutOverwriting)
            }
        } catch {
            throw .cannotWrite(error.localizedDescription)
        }
    }

    static let gitignore = """
        # Made by tracker build and tracker serve; never commit them.
        /public/
        /.tracker-cache/
        /.public.*

        """

    public static let workflowPath = ".github/workflows/publish.yml"

    /// The Docker image `make install` builds tracker in: the Swift that tracker is developed and tested with.
    static let swiftImage = "swift:6.3.1-noble"

    /// True when the workflow can fetch tracker's source by itself: the binary knows where it came from.
    public static var workflowIsComplete: Bool { TrackerVersion.sourceRepository != nil && TrackerVersion.revision != nil }

    /// The GitHub Actions workflow: installs this tracker's version (built once from its source commit with
    /// `make install` in the Swift Docker image, then cached), checks the content, builds the site for its
    /// GitHub Pages address while checking every link, and deploys it to GitHub Pages.
    public static func workflow(repository: String? = TrackerVersion.sourceRepository, revision: String? = TrackerVersion.revision) -> String {
        let repositoryLine = repository.map { "TRACKER_REPOSITORY: \($0)" }
            ?? "TRACKER_REPOSITORY: https://github.com/OWNER/tracker.git   # set this: where tracker's source is"
        let revisionLine = revision.map { "TRACKER_REVISION: \($0)" }
            ?? "TRACKER_REVISION: HEAD   # better a commit hash: the build is cached by this value"
        return """
            # Checks the tracker at every push and pull request; publishes it to GitHub Pages from main.
            # In the repository's Settings > Pages, set Source to "GitHub Actions".
            name: Publish
            on:
              push:
                branches: [main]
              pull_request:
              workflow_dispatch:
            permissions:
              contents: read
              pages: write
              id-token: write
            concurrency:
              group: pages
              cancel-in-progress: false
            env:
              # tracker's source, and the commit to build it from (the one this tracker was started with).
              \(repositoryLine)
              \(revisionLine)
            jobs:
              build:
                runs-on: ubuntu-24.04
                steps:
                  - uses: actions/checkout@v4
                    with:
                      fetch-depth: 0   # the whole history: each record's page shows its changes
                  - name: Restore tracker
                    id: tracker
                    uses: actions/cache@v4
                    with:
                      path: ~/.local/bin/tracker
                      key: tracker-${{ runner.os }}-${{ env.TRACKER_REVISION }}
                  # The first run builds tracker from source (a few minutes) into a static binary; later runs reuse it.
                  - name: Build tracker
                    if: steps.tracker.outputs.cache-hit != 'true'
                    run: |
                      git init -q "$RUNNER_TEMP/tracker"
                      git -C "$RUNNER_TEMP/tracker" fetch -q --depth 1 "$TRACKER_REPOSITORY" "$TRACKER_REVISION"
                      git -C "$RUNNER_TEMP/tracker" checkout -q FETCH_HEAD
                      docker run --rm -v "$RUNNER_TEMP/tracker:/src" -w /src \(swiftImage) make install PREFIX=/src/installed
                      install -D -m 755 "$RUNNER_TEMP/tracker/installed/bin/tracker" ~/.local/bin/tracker
                  - run: echo "$HOME/.local/bin" >> "$GITHUB_PATH"
                  - run: tracker --version
                  - name: Check the content
                    run: tracker check
                  - id: pages
                    uses: actions/configure-pages@v5
                  - name: Build the site and check every link
                    run: tracker publish --to "$RUNNER_TEMP/site" --base-url "${{ steps.pages.outputs.base_url }}/"
                  - uses: actions/upload-pages-artifact@v3
                    with:
                      path: ${{ runner.temp }}/site
              deploy:
                if: github.event_name != 'pull_request' && github.ref == 'refs/heads/main'
                needs: build
                runs-on: ubuntu-24.04
                environment:
                  name: github-pages
                  url: ${{ steps.deployment.outputs.page_url }}
                steps:
                  - id: deployment
                    uses: actions/deploy-pages@v4

            """
    }

    /// Every key of `site.yml`, the optional ones commented out with their default.
    static let siteYAML = """
        # The tracker's settings. Keys behind a "#" are optional and show their default:
        # remove the "#" to change one. The README of tracker describes every key.

        # The tracker's name: the home page, every page's title, the feed.
        title: My Incident Tracker
        # One sentence about the tracker, for the home page, search engines and link previews.
        description: Internet shutdowns and platform blocks, each recorded with the sources that report it.
        # The address the site is published at, with its sub-path if it has one
        # (a GitHub Pages project site is https://USER.github.io/REPOSITORY/). The workflow in
        # .github/workflows/publish.yml builds with the GitHub Pages address whatever this says.
        base_url: https://example.org/

        # The pages' language, a BCP 47 tag: en, fr, pt-BR, ur.
        # language: en
        # Other languages, each under /<code>/ (the README's "Multilingual sites"): list the default one too.
        # A translation is content/incidents/<id>.<code>.md beside the original (tracker new incident --lang ur ID).
        # languages:
        #   - {code: en, name: English}
        #   - {code: ur, name: اردو}               # direction (ltr or rtl) comes from the language; set it to change it
        # The feed's author; the title when not set.
        # author: My Incident Tracker

        # options:
        #   raw_html: false                      # true lets Markdown contain raw HTML (off: libcmark's safe mode)
        #   feed_items: 20                       # entries in feed.xml, 1 to 10000
        #   taxonomies: [countries, platforms]   # the lists linked from the navigation, in this order
        #   page_size: 100                       # items on a list page before it continues on page/2/
        #   map: true                            # the world map on the home page and /countries/ (false: none)

        # Fields of your own for incidents and sources, checked like the built-in ones, shown on
        # their pages and exported (types: string, integer, number, boolean, date, url, list, one_of).
        # fields:
        #   incidents:
        #     affected_users: {type: integer, label: "Affected users"}
        #     isp: {type: one_of, values: [PTCL, Jazz, Zong], label: ISP, required: false}
        #   sources:
        #     paywalled: {type: boolean}

        """

    static let aboutPage = """
        ---
        title: About this tracker
        description: Who keeps this tracker, what it records, and how.
        menu_order: 1               # listed in the navigation; remove to unlist the page
        draft: false
        ---
        Say here who keeps this tracker and what it records: which countries, which kinds of
        incident, since when.

        Say how an incident gets here: where reports come from, and what "confirmed",
        "reported" and "disputed" mean on this site.

        """
}
