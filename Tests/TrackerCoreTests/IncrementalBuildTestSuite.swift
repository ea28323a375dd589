import Foundation
import Testing
import TrackerTestSupport
@testable import TrackerCore

@Suite struct IncrementalBuildTestSuite {
    func engine(_ site: TemporarySite, drafts: Bool = false) throws -> IncrementalBuild {
        let engine = IncrementalBuild(options: BuildOptions(siteDirectory: site.root, includeDrafts: drafts))
        guard case .built(let output) = engine.rebuild(changedPaths: nil) else {
            Issue.record("the first build failed")
            return engine
        }
        #expect(output.isFirst)
        return engine
    }

    func rebuilt(_ engine: IncrementalBuild, _ paths: Set<String>) throws -> IncrementalBuild.Output {
        switch engine.rebuild(changedPaths: paths) {
        case .built(let output):
            #expect(engine.verify() == [], "the incremental build must equal a cold build")
            return output
        case .unchanged: throw TestFailure("expected a build, got no change")
        case .failed(let list): throw TestFailure("expected a build, got errors:\n\(list)")
        }
    }

    struct TestFailure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    @Test func firstBuildIsTheColdBuild() throws {
        let site = try TemporarySite()
        let engine = try engine(site)
        #expect(engine.verify() == [])
    }

    @Test func editingAnIncidentBodyRerendersItsPageAndNoList() throws {
        let site = try TemporarySite()
        let engine = try engine(site)
        try site.write("content/incidents/pk-x-2024.md", TemporarySite.incident(title: "X blocked in Pakistan", body: "What happened.\n\nA second paragraph."))
        let output = try rebuilt(engine, ["content/incidents/pk-x-2024.md"])
        #expect(output.changed == ["countries/pk/feed.xml", "feed.xml", "incidents/pk-x-2024/index.html", "platforms/x/feed.xml"],
                "the summary (first paragraph) is the same; the feeds carry the body")
        #expect(output.decodedFiles == 1)
        #expect(engine.lastRebuildPatched, "nothing the linker reads changed")
    }

    @Test func editingATitleUpdatesEveryPageShowingIt() throws {
        let site = try TemporarySite()
        let engine = try engine(site)
        try site.setField("content/incidents/pk-x-2024.md", "title", "X blocked across Pakistan")
        let output = try rebuilt(engine, ["content/incidents/pk-x-2024.md"])
        for path in ["incidents/pk-x-2024/index.html", "incidents/index.html", "index.html", "timeline/index.html",
                     "countries/pk/index.html", "platforms/x/index.html", "sources/dawn-2024/index.html", "data/incidents.json", "feed.xml"] {
            #expect(output.changed.contains(path), "\(path) shows the title")
        }
        #expect(!output.changed.contains("sources/netblocks-2024/index.html"))
        #expect(String(decoding: output.files["incidents/index.html"]!, as: UTF8.self).contains("X blocked across Pakistan"))
        #expect(engine.lastRebuildPatched)
    }

    /// `sed -i`, Vim's and JetBrains' "safe write" save a file by writing a temporary file beside it and
    /// renaming that into place: the watcher names both paths, one of them gone, and nothing else changed.
    @Test func aSaveByRenameIsPatchedAsASaveInPlace() throws {
        let site = try TemporarySite()
        let engine = try engine(site)
        let file = "content/incidents/pk-x-2024.md"
        let edited = try site.read(file).replacingOccurrences(of: "title: X blocked in Pakistan", with: "title: X blocked across Pakistan")
        try site.write("content/incidents/sedq2Xb1", edited)
        #expect(rename(site.path("content/incidents/sedq2Xb1"), site.path(file)) == 0)
        let output = try rebuilt(engine, [file, "content/incidents/sedq2Xb1"])
        #expect(engine.lastRebuildPatched, "a temporary file that came and went held no content")
        #expect(output.decodedFiles == 1)
        #expect(String(decoding: output.files["incidents/index.html"]!, as: UTF8.self).contains("X blocked across Pakistan"))

        // The same for a page, and for a temporary folder (nothing known under it) that came and went.
        try site.write("content/incidents/tmp-folder/x.md", "not content")
        try site.remove("content/incidents/tmp-folder")
        guard case .unchanged = engine.rebuild(changedPaths: ["content/incidents/tmp-folder/x.md", "content/incidents/tmp-folder"]) else {
            throw TestFailure("a folder that came and went changed nothing")
        }
        guard case .unchanged = engine.rebuild(changedPaths: ["content/sources/gone"]) else { throw TestFailure("expected no change") }

        // A gone path that held an item is still a change to the graph.
        try site.remove(file)
        let removed = try rebuilt(engine, [file])
        #expect(!engine.lastRebuildPatched)
        #expect(removed.removed.contains("incidents/pk-x-2024/index.html"))
    }

    /// A commit changes the history that its records' pages show (and an incident's citations, by their
    /// last-updated date): those pages and `/changes/` with its feed are rendered again, not the whole site.
    @Test func aCommitRendersAgainOnlyThePagesShowingTheHistoryItChanged() throws {
        let site = try TemporarySite()
        let repository = TestRepository(directory: site.root)
        try repository.git(["init", "-q"])
        try repository.commit("Add the records", date: "2024-03-01T10:00:00Z")
        let engine = try engine(site)
        let incident = "content/incidents/pk-x-2024.md", source = "content/sources/dawn-2024.md"
        try site.setField(incident, "title", "X blocked across Pakistan")
        try site.setField(source, "title", "X blocked, Dawn reports")
        _ = try rebuilt(engine, [incident, source])

        try repository.git(["commit", "-q", "-m", "Retitle the block", "-m", "Correction: The block was nationwide.", "--", incident],
                           date: "2024-03-12T09:00:00Z")
        var output = try rebuilt(engine, [GitHistory.changeMarker])
        #expect(engine.lastRebuildPatched)
        #expect(output.renderedPages == 6)
        #expect(output.changed == ["changes.xml", "changes/index.html", "incidents/pk-x-2024/cite.bib", "incidents/pk-x-2024/cite.json",
                                   "incidents/pk-x-2024/cite.txt", "incidents/pk-x-2024/index.html"])
        let page = String(decoding: output.files["incidents/pk-x-2024/index.html"]!, as: UTF8.self)
        #expect(page.contains("<time datetime=\"2024-03-12T09:00:00Z\">12 March 2024</time>: The block was nationwide.</li>"))

        try repository.git(["commit", "-q", "-m", "Retitle the report", "--", source], date: "2024-03-13T09:00:00Z")
        output = try rebuilt(engine, [GitHistory.changeMarker])
        #expect(output.renderedPages == 3)
        #expect(output.changed == ["changes.xml", "changes/index.html", "sources/dawn-2024/index.html"])

        // A commit of no record's file shows nowhere.
        try site.write("README.md", "A tracker.\n")
        try repository.commit("Add a README", date: "2024-03-14T09:00:00Z")
        output = try rebuilt(engine, [GitHistory.changeMarker])
        #expect(output.renderedPages == 2)
        #expect(output.changed == [])
    }

    @Test func settledSiteWidePagesKeepTheirBytesAndOnlyTheLastRebuildsMove() throws {
        let site = try TemporarySite()
        let engine = try engine(site)
        let first = try #require(engine.last?.files)
        let settled = try #require(engine.settle(), "the first build's site-wide pages move to files")
        #expect(settled == first)
        #expect(engine.settle() == nil, "nothing is left to move")
        try site.setField("content/incidents/pk-x-2024.md", "title", "X blocked across Pakistan")
        let output = try rebuilt(engine, ["content/incidents/pk-x-2024.md"])
        #expect(engine.unsettled.isSubset(of: output.changed), "only what the rebuild changed")
        #expect(engine.unsettled.isSuperset(of: ["incidents/index.html", "timeline/index.html", "data/incidents.json", "feed.xml"]))
        #expect(!engine.unsettled.contains("incidents/pk-x-2024/index.html"), "an item's page is in the page store already")
        #expect(engine.settle() == output.files)
        #expect(engine.verify() == [])
    }

    @Test func aNewStartDateReordersTheSiteAndLinksAgain() throws {
        let site = try TemporarySite()
        let engine = try engine(site)
        try site.setField("content/incidents/in-x-2023.md", "start", "2024-12-01")
        let output = try rebuilt(engine, ["content/incidents/in-x-2023.md"])
        #expect(!engine.lastRebuildPatched)
        #expect(output.changed.contains("incidents/index.html"))
    }

    @Test func aNewIncidentFileAppearsInTheLists() throws {
        let site = try TemporarySite()
        let engine = try engine(site)
        try site.write("content/incidents/bd-mobile-2024.md", TemporarySite.incident(title: "Mobile internet cut in Dhaka", country: "BD", start: "2024-07-18"))
        let output = try rebuilt(engine, ["content/incidents/bd-mobile-2024.md"])
        #expect(output.changed.contains("incidents/bd-mobile-2024/index.html"))
        #expect(output.changed.contains("countries/bd/index.html"))
        #expect(output.changed.contains("sitemap.xml"))
        #expect(String(decoding: output.files["incidents/index.html"]!, as: UTF8.self).contains("Mobile internet cut in Dhaka"))
    }

    @Test func deletingAnIncidentRemovesItsPages() throws {
        let site = try TemporarySite()
        let engine = try engine(site)
        try site.remove("content/incidents/in-x-2023.md")
        let output = try rebuilt(engine, ["content/incidents/in-x-2023.md"])
        #expect(output.removed == ["countries/in/feed.xml", "countries/in/index.html", "incidents/in-x-2023/cite.bib",
                                  "incidents/in-x-2023/cite.json", "incidents/in-x-2023/cite.txt", "incidents/in-x-2023/index.html"])
        #expect(output.files["incidents/in-x-2023/index.html"] == nil)
    }

    @Test func renamingAFolderOfIncidentsIsSeenFromBothNames() throws {
        let site = try TemporarySite()
        try site.write("content/incidents/2022/et-2022.md", TemporarySite.incident(title: "Tigray shutdown", country: "ET", start: "2022-01-01"))
        let engine = try engine(site)
        try site.move("content/incidents/2022", "content/incidents/old")
        let moved = try rebuilt(engine, ["content/incidents/2022", "content/incidents/old"])
        #expect(moved.changed.isEmpty && moved.removed.isEmpty, "the same incident under another folder is the same site")
        try site.remove("content/incidents/old")
        let removed = try rebuilt(engine, ["content/incidents/old"])
        #expect(removed.removed.contains("incidents/et-2022/index.html"))
    }

    @Test func aBrokenFileFailsAndTheFixBringsEveryChangeSinceTheLastGoodBuild() throws {
        let site = try TemporarySite()
        let engine = try engine(site)
        try site.setField("content/incidents/pk-x-2024.md", "title", "Renamed while another file was broken")
        try site.setField("content/incidents/in-x-2023.md", "status", "sorta")
        guard case .failed(let list) = engine.rebuild(changedPaths: ["content/incidents/pk-x-2024.md", "content/incidents/in-x-2023.md"]) else {
            Issue.record("a bad status must fail the build")
            return
        }
        #expect(list.diagnostics.map(\.description) == [
            "\(site.root)/content/incidents/in-x-2023.md:6:9: error: 'status' must be one of ongoing, resolved, unknown, not 'sorta'",
        ])
        try site.setField("content/incidents/in-x-2023.md", "status", "ongoing")
        let output = try rebuilt(engine, ["content/incidents/in-x-2023.md"])
        #expect(output.changed.contains("incidents/pk-x-2024/index.html"))
    }

    /// A content file the preview cannot read fails its rebuild as it fails a full build, whether it was there at the
    /// first build or came after: a pipe, a folder, a link to nothing, a name that is not UTF-8. The preview read
    /// each as gone, dropped it without a word, and served a site the build refused.
    @Test func aContentFileThatCannotBeReadFailsTheRebuildAsItFailsABuild() throws {
        let site = try TemporarySite()
        try site.write("content/site.yml", try site.read("content/site.yml")
            + "language: en\nlanguages:\n  - code: en\n    name: English\n  - code: ur\n    name: اردو\n")
        let engine = try engine(site)
        let pipe = "content/incidents/pipe.md", folder = "content/sources/folder.md", link = "content/pages/gone.md"
        let translation = "content/incidents/pk-x-2024.ur.md"
        // "café.md" with its "é" as the one byte 0xE9, as a Latin-1 system names it; listed with U+FFFD in its place.
        let latin1 = "content/incidents/caf\u{FFFD}.md"
        #expect(mkfifo(site.path(pipe), 0o644) == 0)
        try FileManager.default.createDirectory(atPath: site.path(folder), withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(atPath: site.path(link), withDestinationPath: "nowhere.md")
        try FileManager.default.createSymbolicLink(atPath: site.path(translation), withDestinationPath: "nowhere.ur.md")
        let name: [CChar] = Array(site.path("content/incidents/caf").utf8CString.dropLast()) + [CChar(bitPattern: 0xE9)] + Array(".md".utf8CString)
        let made = name.withUnsafeBufferPointer { creat($0.baseAddress!, 0o644) }
        #expect(made >= 0)
        close(made)
        let expected = [
            "\(site.root)/\(latin1):1:1: error: cannot read the file: its name is not valid UTF-8; rename it",
            "\(site.root)/\(pipe):1:1: error: cannot read the file: it is not a regular file (a pipe, a socket or a device)",
            "\(site.root)/\(translation):1:1: error: cannot read the file: it is a link to nothing",
            "\(site.root)/\(link):1:1: error: cannot read the file: it is a link to nothing",
            "\(site.root)/\(folder):1:1: error: cannot read the file: it is a folder",
        ]
        // Named by the watcher, one by one or as their folders.
        for named: Set<String> in [[pipe, folder, link, translation, latin1], ["content/incidents", "content/sources", "content/pages"]] {
            guard case .failed(let list) = engine.rebuild(changedPaths: named) else {
                Issue.record("files that cannot be read must fail the rebuild (\(named.sorted()))")
                return
            }
            #expect(list.diagnostics.map(\.description) == expected)
        }
        // There at the preview's first build.
        guard case .failed(let first) = IncrementalBuild(options: BuildOptions(siteDirectory: site.root)).rebuild(changedPaths: nil) else {
            Issue.record("files that cannot be read must fail the first build")
            return
        }
        #expect(first.diagnostics.map(\.description) == expected)
        // Taken away, the site builds again, as it was.
        for path in [pipe, folder, link, translation] { try site.remove(path) }
        #expect(unlink(name) == 0)
        _ = try rebuilt(engine, [pipe, folder, link, translation, latin1])
    }

    /// A content file named `.MD` fails the preview's rebuild as it fails a build, and renamed it is the incident.
    @Test func aContentFileNamedOtherwiseThanDotMDFailsTheRebuild() throws {
        let site = try TemporarySite()
        let engine = try engine(site)
        try site.write("content/incidents/pk-sms-2024.MD", TemporarySite.incident(title: "SMS cut in Pakistan"))
        guard case .failed(let list) = engine.rebuild(changedPaths: ["content/incidents/pk-sms-2024.MD"]) else {
            Issue.record("a file named .MD must fail the rebuild")
            return
        }
        #expect(list.diagnostics.map(\.description) == [
            "\(site.root)/content/incidents/pk-sms-2024.MD:1:1: error: a content file's name must end in '.md' (in lowercase) for the build to read it, not '.MD'; rename it pk-sms-2024.md",
        ])
        try site.move("content/incidents/pk-sms-2024.MD", "content/incidents/pk-sms-2024.md")
        let output = try rebuilt(engine, ["content/incidents/pk-sms-2024.MD", "content/incidents/pk-sms-2024.md"])
        #expect(output.changed.contains("incidents/pk-sms-2024/index.html"))
    }

    /// A link to a handle (`[@pta](https://x.com/pta)`) is a link until a source takes the handle's name: then the
    /// preview fails as a build does, though the incident's file did not change, and passes again when it goes.
    @Test func aSourceNamedLikeALinkedHandleFailsTheRebuild() throws {
        let site = try TemporarySite()
        try site.write("content/incidents/pk-x-2024.md", TemporarySite.incident(title: "X blocked in Pakistan", body: "As [@pta](https://x.com/pta) said."))
        let engine = try engine(site)
        try site.write("content/sources/pta.md", TemporarySite.source(title: "PTA statement"))
        guard case .failed(let list) = engine.rebuild(changedPaths: ["content/sources/pta.md"]) else {
            Issue.record("a source named like a linked handle must fail the rebuild")
            return
        }
        #expect(list.diagnostics.map(\.description) == [
            "\(site.root)/content/incidents/pk-x-2024.md:14:4: error: this link's text is the citation [@pta], which Markdown makes a link and not a citation; write [@pta] alone, without a link (the reference list links to the source)",
        ])
        try site.remove("content/sources/pta.md")
        _ = try rebuilt(engine, ["content/sources/pta.md"])
    }

    /// Found by hand: an edit that only added `[@dawn-2024](https://example.org/)` to a body (no link the site
    /// checks, no citation) was patched, and the preview served what `tracker build` refuses. Such a file is linked
    /// again; a link to a handle that names no source builds, in the original or in a translation.
    @Test func aLinkWhoseTextCitesASourceFailsTheRebuildAsItFailsABuild() throws {
        var files = TemporarySite.small
        files["content/site.yml"]! += "language: en\nlanguages:\n  - code: en\n    name: English\n  - code: ur\n    name: اردو\n"
        files["content/incidents/pk-x-2024.ur.md"] = "---\ntitle: پاکستان میں ایکس بند\n---\nکیا ہوا۔\n"
        let site = try TemporarySite(files: files)
        let engine = try engine(site)
        for (path, text) in [("content/incidents/pk-x-2024.md", TemporarySite.incident(title: "X blocked in Pakistan", body: "As [@dawn-2024](https://example.org/) said.")),
                             ("content/incidents/pk-x-2024.ur.md", "---\ntitle: پاکستان میں ایکس بند\n---\nجیسا [@dawn-2024](https://example.org/) نے کہا۔\n")] {
            let original = try site.read(path)
            try site.write(path, text)
            guard case .failed(let list) = engine.rebuild(changedPaths: [path]) else {
                Issue.record("\(path): a link whose text cites a source must fail the rebuild")
                continue
            }
            #expect(list.diagnostics.map(\.description) == [
                "\(site.root)/\(path):\(path.hasSuffix(".ur.md") ? "4:6" : "14:4"): error: this link's text is the citation [@dawn-2024], which Markdown makes a link and not a citation; write [@dawn-2024] alone, without a link (the reference list links to the source)",
            ])
            try site.write(path, text.replacingOccurrences(of: "@dawn-2024", with: "@dawn"))
            _ = try rebuilt(engine, [path])
            try site.write(path, original)
            _ = try rebuilt(engine, [path])
            #expect(engine.lastRebuildPatched, "\(path): back to a file without a conditional error")
        }
    }

    @Test func savingTheSameBytesChangesNothing() throws {
        let site = try TemporarySite()
        let engine = try engine(site)
        try site.write("content/incidents/pk-x-2024.md", try site.read("content/incidents/pk-x-2024.md"))
        try site.write("content/incidents/notes.txt", "not content")
        guard case .unchanged = engine.rebuild(changedPaths: ["content/incidents/pk-x-2024.md", "content/incidents/notes.txt"]) else {
            Issue.record("identical bytes and non-Markdown files must not rebuild")
            return
        }
    }

    @Test func aChangeOutsideTheOutputAfterAnEditChangesNothing() throws {
        let site = try TemporarySite()
        let engine = try engine(site)
        try site.setField("content/incidents/pk-x-2024.md", "title", "Edited")
        _ = try rebuilt(engine, ["content/incidents/pk-x-2024.md"])
        try site.write("content/incidents/notes.txt", "not content")
        guard case .unchanged = engine.rebuild(changedPaths: ["content/incidents/notes.txt"]) else {
            Issue.record("an earlier edit must not be counted twice")
            return
        }
    }

    @Test func changingSiteYmlRerendersEverything() throws {
        let site = try TemporarySite()
        let engine = try engine(site)
        try site.write("content/site.yml", "title: Renamed Tracker\nbase_url: https://example.org/\n")
        let output = try rebuilt(engine, ["content/site.yml"])
        #expect(output.renderedPages == output.files.count)
        #expect(output.changed.contains("incidents/pk-x-2024/index.html"))
    }

    @Test func aThemeFileChangeRerendersEverythingAndAddsTheAsset() throws {
        let site = try TemporarySite()
        let engine = try engine(site)
        try site.write("templates/assets/extra.css", "body { color: red; }\n")
        let output = try rebuilt(engine, ["templates/assets/extra.css"])
        #expect(output.changed.contains("assets/extra.css"))
        #expect(output.renderedPages == output.files.count)
    }

    @Test func aSourceTitleChangeReachesTheIncidentsCitingIt() throws {
        let site = try TemporarySite()
        let engine = try engine(site)
        try site.setField("content/sources/netblocks-2024.md", "title", "Mobile internet disrupted across the province")
        let output = try rebuilt(engine, ["content/sources/netblocks-2024.md"])
        for path in ["sources/netblocks-2024/index.html", "sources/index.html", "incidents/pk-mobile-2024/index.html", "incidents/in-x-2023/index.html",
                     "data/sources.json", "search/index.json"] {
            #expect(output.changed.contains(path), "\(path) shows the source title")
        }
        #expect(!output.changed.contains("incidents/pk-x-2024/index.html"))
    }

    /// A free page and a source's notes list the sources they cite: a change to one reaches them, not the pages that do not cite it.
    @Test func aSourceTitleChangeReachesThePagesAndNotesCitingIt() throws {
        var files = TemporarySite.small
        files["content/pages/methods.md"] = "---\ntitle: Methods\n---\nHow we count [@netblocks-2024].\n"
        files["content/sources/dawn-2024.md"] = TemporarySite.source(title: "X remains blocked").replacingOccurrences(of: "Notes.", with: "Notes [@netblocks-2024].")
        let site = try TemporarySite(files: files)
        let engine = try engine(site)
        try site.setField("content/sources/netblocks-2024.md", "title", "Mobile internet disrupted across the province")
        let output = try rebuilt(engine, ["content/sources/netblocks-2024.md"])
        for path in ["methods/index.html", "sources/dawn-2024/index.html"] {
            #expect(output.changed.contains(path), "\(path) lists the source")
            #expect(String(decoding: output.files[path]!, as: UTF8.self).contains("Mobile internet disrupted across the province"))
        }
        #expect(!output.changed.contains("about/index.html"))
    }

    /// The preview checks the pages it renders for repeated ids and fails as `tracker build` does, keeping the last good build.
    @Test func aPageRepeatingAnIDFailsTheRebuild() throws {
        var files = TemporarySite.small
        files["content/site.yml"] = "title: Test Tracker\nbase_url: https://example.org/\noptions:\n  raw_html: true\n"
        let site = try TemporarySite(files: files)
        let engine = try engine(site)
        try site.write("content/pages/methods.md", "---\ntitle: Methods\n---\n<p id=\"x\">How</p>\n\n<p id=\"x\">we count.</p>\n")
        guard case .failed(let list) = engine.rebuild(changedPaths: ["content/pages/methods.md"]) else {
            Issue.record("a repeated id must fail the rebuild")
            return
        }
        let page = site.path("public/methods/index.html")
        #expect(list.diagnostics.map(\.path) == [page])
        #expect(list.diagnostics.map(\.message) == ["duplicate id \"x\": an element before it on the page has the same id"])
        let lines = String(decoding: engine.failedPages[page]!, as: UTF8.self).components(separatedBy: "\n")
        #expect(lines[list.diagnostics[0].line - 1].contains("<p id=\"x\">we count.</p>"))
        try site.write("content/pages/methods.md", "---\ntitle: Methods\n---\n<p id=\"x\">How</p>\n\n<p id=\"y\">we count.</p>\n")
        let fixed = try rebuilt(engine, ["content/pages/methods.md"])
        #expect(fixed.changed.contains("methods/index.html"))
    }

    /// A template that stops at its limits (`TemplateLimits`) fails the rebuild as `tracker build` fails.
    @Test func aPartialIncludingItselfFailsTheRebuild() throws {
        let site = try TemporarySite()
        let engine = try engine(site)
        try site.write("templates/page.mustache", "{{<base}}{{$content}}{{>partials/loop}}{{/content}}{{/base}}\n")
        try site.write("templates/partials/loop.mustache", "{{=<% %>=}}x<%>partials/loop%>\n")
        guard case .failed(let list) = engine.rebuild(changedPaths: ["templates/page.mustache", "templates/partials/loop.mustache"]) else {
            Issue.record("a template past its limits must fail the rebuild")
            return
        }
        let reason = ":1:1: error: template 'page' nests partials more than 100 deep, and stopped: does a partial include itself (through a partial named by a value, or behind changed delimiters)?"
        #expect(list.diagnostics.map(\.description).sorted() == [site.path("public/about/index.html") + reason, site.path("public/methods/index.html") + reason])
    }

    @Test func theKeptTimelineEventsFollowTheSourcesTheyShow() throws {
        // A theme whose timeline shows each event's source titles: the default one shows publishers only.
        var files = TemporarySite.small
        files["templates/timeline.mustache"] = "{{#years}}{{#months}}{{#events}}{{incident.title}}: {{text}} [{{#sources}}{{title}};{{/sources}}]\n{{/events}}{{/months}}{{/years}}"
        let site = try TemporarySite(files: files)
        let engine = try engine(site)
        try site.setField("content/sources/netblocks-2024.md", "title", "Mobile internet disrupted across the province")
        let output = try rebuilt(engine, ["content/sources/netblocks-2024.md"])
        #expect(engine.lastRebuildPatched)
        #expect(output.changed.contains("timeline/index.html"))
        #expect(String(decoding: output.files["timeline/index.html"]!, as: UTF8.self).contains("[Mobile internet disrupted across the province;]"))
        try site.setField("content/incidents/pk-x-2024.md", "title", "X blocked across Pakistan")
        let retitled = try rebuilt(engine, ["content/incidents/pk-x-2024.md"])
        #expect(String(decoding: retitled.files["timeline/index.html"]!, as: UTF8.self).contains("X blocked across Pakistan: "))
    }

    @Test func aMenuPageTitleChangeRerendersEveryPage() throws {
        let site = try TemporarySite()
        let engine = try engine(site)
        try site.setField("content/pages/about.md", "title", "About us")
        let output = try rebuilt(engine, ["content/pages/about.md"])
        #expect(output.changed.contains("incidents/pk-x-2024/index.html"), "the navigation names the page")
    }

    @Test func markingAnIncidentDraftRemovesItUnlessDraftsAreShown() throws {
        let site = try TemporarySite()
        let published = try engine(site)
        let preview = try engine(site, drafts: true)
        try site.write("content/incidents/pk-x-2024.md", try site.read("content/incidents/pk-x-2024.md").replacingOccurrences(of: "status: ongoing", with: "status: ongoing\ndraft: true"))
        #expect(try rebuilt(published, ["content/incidents/pk-x-2024.md"]).removed.contains("incidents/pk-x-2024/index.html"))
        #expect(try rebuilt(preview, ["content/incidents/pk-x-2024.md"]).removed.isEmpty)
    }

    /// A paginated list: an edit re-renders the page showing the incident; a move, every page between.
    @Test func anIncidentMovingBetweenPagesRerendersThePagesBetween() throws {
        var files = TemporarySite.small
        files["content/site.yml"] = "title: Test Tracker\nbase_url: https://example.org/\noptions:\n  page_size: 1\n"
        let site = try TemporarySite(files: files)
        let engine = try engine(site)
        try site.setField("content/incidents/pk-mobile-2024.md", "title", "Mobile data cut across Balochistan")
        let edited = try rebuilt(engine, ["content/incidents/pk-mobile-2024.md"])
        #expect(edited.changed.contains("incidents/page/2/index.html"))
        #expect(!edited.changed.contains("incidents/page/3/index.html") && !edited.changed.contains("incidents/index.html"))
        try site.setField("content/incidents/in-x-2023.md", "start", "2024-12-01")
        let moved = try rebuilt(engine, ["content/incidents/in-x-2023.md"])
        for path in ["incidents/index.html", "incidents/page/2/index.html", "incidents/page/3/index.html"] {
            #expect(moved.changed.contains(path), "\(path) shows another incident now")
        }
        #expect(String(decoding: moved.files["incidents/index.html"]!, as: UTF8.self).contains("X restricted in Manipur"))
        try site.remove("content/incidents/in-x-2023.md")
        let removed = try rebuilt(engine, ["content/incidents/in-x-2023.md"])
        #expect(removed.removed.contains("incidents/page/3/index.html"))
    }

    /// A title edit re-renders only the timeline pages showing the incident's events when the timeline kept its order.
    @Test func aTitleEditRerendersOnlyTheTimelinePagesShowingTheIncident() throws {
        var files = TemporarySite.small
        files["content/site.yml"] = "title: Test Tracker\nbase_url: https://example.org/\noptions:\n  page_size: 1\n"
        let site = try TemporarySite(files: files)
        let engine = try engine(site)
        let before = try #require(engine.last?.renderer)
        let timelinePages = before.pagination(of: .timeline).pageCount
        try #require(timelinePages > 2, "the fixture's timeline spans several pages")
        let index = try #require(before.site.incidentIndex["pk-mobile-2024"])
        let showing = Set(before.site.timeline.enumerated().filter { !$0.element.proceeding && $0.element.incident == index }
            .map { before.path(of: SiteRenderer.page(before.pagination(of: .timeline).page(of: $0.offset), of: .timeline)) })
        try site.setField("content/incidents/pk-mobile-2024.md", "title", "Mobile data cut across Balochistan")
        let edited = try rebuilt(engine, ["content/incidents/pk-mobile-2024.md"])
        #expect(engine.lastRebuildPatched)
        #expect(Set(edited.changed.filter { $0.hasPrefix("timeline/") }) == showing)
        var invalidation = PageInvalidation(old: before, new: try #require(engine.last?.renderer))
        invalidation.incidentChanged("pk-mobile-2024")
        let timelineJobs = invalidation.jobs.filter { before.path(of: $0).hasPrefix("timeline/") }
        #expect(Set(timelineJobs.map(before.path(of:))) == showing, "no other timeline page is rendered")
    }

    /// The home page shows the first ten incidents' cards, the 404 page the first five, the term lists and the STOP export
    /// no title: a title edit further down renders none of them, a status edit the ones counting ongoing incidents.
    @Test func aTitleEditBeyondTheFirstCardsLeavesTheHomePageTheTermListsAndTheStopExportAlone() throws {
        var files = TemporarySite.small
        for number in 0..<12 {
            files["content/incidents/pk-\(number).md"] = TemporarySite.incident(title: "Shutdown \(number)", start: "2024-03-\(10 + number)")
        }
        let site = try TemporarySite(files: files)
        let engine = try engine(site)
        let before = try #require(engine.last?.renderer)
        try #require(before.site.incidentIndex["in-x-2023"] == 14, "the oldest incident is the last of fifteen")
        let untouched = ["index.html", "404.html", "countries/index.html", "platforms/index.html", "data/incidents.stop.csv"]
        try site.setField("content/incidents/in-x-2023.md", "title", "X restricted across Manipur")
        let retitled = try rebuilt(engine, ["content/incidents/in-x-2023.md"])
        #expect(engine.lastRebuildPatched)
        var invalidation = PageInvalidation(old: before, new: try #require(engine.last?.renderer))
        invalidation.incidentChanged("in-x-2023")
        #expect(Set(invalidation.jobs.map(before.path(of:))).isDisjoint(with: untouched))
        for path in ["incidents/in-x-2023/index.html", "data/incidents.json", "data/incidents.csv", "search/index.json", "incidents/rows.json"] {
            #expect(retitled.changed.contains(path), "\(path) shows the title")
        }
        try site.setField("content/incidents/in-x-2023.md", "status", "unknown")
        let unknown = try rebuilt(engine, ["content/incidents/in-x-2023.md"])
        for path in ["index.html", "countries/index.html", "platforms/index.html", "data/incidents.stop.csv"] {
            #expect(unknown.changed.contains(path), "\(path) counts ongoing incidents")
        }
        let beforeTop = try #require(engine.last?.renderer)
        try site.setField("content/incidents/pk-8.md", "title", "Shutdown eight")
        let nearTheTop = try rebuilt(engine, ["content/incidents/pk-8.md"])
        #expect(nearTheTop.changed.contains("index.html"), "its card is on the home page")
        var topInvalidation = PageInvalidation(old: beforeTop, new: try #require(engine.last?.renderer))
        topInvalidation.incidentChanged("pk-8")
        #expect(topInvalidation.jobs.isSuperset(of: [.home, .notFound]), "the 404 page may show the first five cards (the default theme shows none)")
    }

    static func legalCase(title: String, incidents: String = "[pk-x-2024]", date: String = "2024-04-17", source: String = "dawn-2024") -> String {
        """
        ---
        title: \(title)
        court: Sindh High Court
        country: PK
        status: pending
        incidents: \(incidents)
        proceedings:
          - date: \(date)
            type: order
            text: The court orders the block lifted.
            sources: [\(source)]
        ---
        The facts.

        """
    }

    /// A case edit re-renders the case, its incidents (old and new), the timeline and the lists; a source or
    /// incident edit reaches the cases showing it; the first case and the last one change the navigation.
    @Test func aCaseEditRerendersTheCaseItsIncidentsTheTimelineAndTheLists() throws {
        let site = try TemporarySite()
        let engine = try engine(site)
        try site.write("content/cases/shc.md", Self.legalCase(title: "Petition"))
        let added = try rebuilt(engine, ["content/cases/shc.md"])
        for path in ["cases/index.html", "cases/shc/index.html", "data/cases.json", "data/cases.csv", "incidents/pk-x-2024/index.html",
                     "timeline/index.html", "search/index.json", "sitemap.xml", "data/index.html", "sources/index.html"] {
            #expect(added.changed.contains(path), "\(path)")
        }
        try site.write("content/cases/shc.md", Self.legalCase(title: "Petition against the block", incidents: "[pk-mobile-2024]", date: "2024-05"))
        let edited = try rebuilt(engine, ["content/cases/shc.md"])
        for path in ["cases/index.html", "cases/shc/index.html", "data/cases.json", "data/cases.csv", "incidents/pk-x-2024/index.html",
                     "incidents/pk-mobile-2024/index.html", "timeline/index.html", "search/index.json"] {
            #expect(edited.changed.contains(path), "\(path)")
        }
        #expect(!edited.changed.contains("incidents/in-x-2023/index.html"))
        #expect(!engine.lastRebuildPatched)
        try site.setField("content/incidents/pk-mobile-2024.md", "title", "Mobile data cut across Balochistan")
        let retitled = try rebuilt(engine, ["content/incidents/pk-mobile-2024.md"])
        #expect(retitled.changed.contains("cases/shc/index.html"), "the case shows its incidents' cards")
        try site.setField("content/sources/dawn-2024.md", "title", "X still blocked")
        let source = try rebuilt(engine, ["content/sources/dawn-2024.md"])
        #expect(source.changed.contains("cases/shc/index.html"), "the case lists its sources")
        try site.write("content/cases/ihc.md", Self.legalCase(title: "Challenge", source: "netblocks-2024"))
        _ = try rebuilt(engine, ["content/cases/ihc.md"])
        try site.remove("content/cases/shc.md")
        try site.remove("content/cases/ihc.md")
        let removed = try rebuilt(engine, ["content/cases/shc.md", "content/cases/ihc.md"])
        #expect(removed.removed.contains("cases/index.html") && removed.removed.contains("data/cases.json"))
    }

    /// Many random edits, each checked against a cold build: the pages chosen for re-rendering must never miss one.
    /// In a site of two languages too: translations of some incidents and sources, edited, added and removed.
    @Test(arguments: [false, true]) func randomEditsAlwaysMatchAColdBuild(languages: Bool) throws {
        var generator = SeededGenerator(seed: 7)
        let countries = ["PK", "IN", "BD", "ET", "IR"]
        let platforms = ["[X]", "[WhatsApp]", "[X, WhatsApp]", "[Mobile data]", "[Telegram, Signal]"]
        let sources = ["[s0]", "[s1]", "[s0, s2]", "[s3]", "[s1, s4]"]
        // Pages of three: the lists, the timeline and the sources paginate, and edits move incidents between pages.
        var files: [String: String] = ["content/site.yml": "title: Random\nbase_url: https://example.org/\noptions:\n  page_size: 3\n"]
        // Source notes and free pages cite other sources: a change to one must reach them too.
        func sourceFile(_ number: Int, title: String, publisher: String) -> String {
            let notes = number % 2 == 0 ? "Notes [@s\((number + 1) % 5)]." : "Notes."
            return TemporarySite.source(title: title, publisher: publisher).replacingOccurrences(of: "Notes.", with: notes)
        }
        for number in 0..<5 { files["content/sources/s\(number).md"] = sourceFile(number, title: "Source \(number)", publisher: "P\(number % 2)") }
        files["content/pages/p2.md"] = "---\ntitle: Methods\n---\nWe rely on [@s1; @s3].\n"
        func randomIncident(_ title: String) -> String {
            func pick<T>(_ choices: [T]) -> T { choices.randomElement(using: &generator)! }
            let year = Int.random(in: 2010...2024, using: &generator)
            let start = pick(["\(year)", "\(year)-0\(Int.random(in: 1...9, using: &generator))", "\(year)-03-1\(Int.random(in: 0...9, using: &generator))"])
            let ended = Int.random(in: 0...2, using: &generator) == 0
            return """
                ---
                title: \(title)
                country: \(pick(countries))
                platforms: \(pick(platforms))
                type: \(pick(["full-shutdown", "mobile-shutdown", "throttling", "service-block"]))
                status: \(ended ? "resolved" : pick(["ongoing", "unknown"]))
                verification: \(pick(["confirmed", "reported"]))
                start: \(start)
                \(ended ? "end: \(year + 1)" : "")
                \(pick(["", "updated: 2025-01-0\(Int.random(in: 1...9, using: &generator))"]))
                tags: \(pick(["[]", "[elections]", "[protests, exams]"]))
                timeline:
                  - date: \(start)
                    text: \(pick(["The block begins.", "Reports start."]))
                    sources: \(pick(sources))
                ---
                \(pick(["What happened [@s1].", "A summary.", "Another summary [@s3]."]))

                \(pick(["More detail.", "Even more detail [@s4].", "Detail [@s0]."]))

                """
        }
        for number in 0..<12 { files["content/incidents/i\(number).md"] = randomIncident("Incident \(number)") }
        // A translation gives only text (no body: the original's cited sources stay its own).
        func translation(_ title: String) -> String { "---\ntitle: \(title)\n---\n" }
        if languages {
            files["content/site.yml"]! += "language: en\nlanguages:\n  - code: en\n    name: English\n  - code: ur\n    name: اردو\n"
            for number in 0..<6 { files["content/incidents/i\(number).ur.md"] = translation("واقعہ \(number)") }
            for number in 0..<3 { files["content/sources/s\(number).ur.md"] = translation("ماخذ \(number)") }
            files["content/pages/p2.ur.md"] = translation("طریقہ")
            // A theme whose timeline shows the titles of the sources an event cites, which a translation changes.
            files["templates/timeline.mustache"] = "{{#years}}{{#months}}{{#events}}{{incident.title}}: {{text}} [{{#sources}}{{title}}; {{/sources}}]\n{{/events}}{{/months}}{{/years}}"
        }
        let site = try TemporarySite(files: files)
        let engine = try engine(site)
        var built = 0, patched = 0
        for step in 0..<80 {
            let number = Int.random(in: 0..<14, using: &generator)
            let path = "content/incidents/i\(number).md"
            var changed: Set<String> = [path]
            switch Int.random(in: 0..<(languages ? 10 : 8), using: &generator) {
            case 8 where FileManager.default.fileExists(atPath: site.path(path)):
                // An incident's translation written, or removed.
                let translated = "content/incidents/i\(number).ur.md"
                if FileManager.default.fileExists(atPath: site.path(translated)), step % 2 == 0 {
                    try site.remove(translated)
                } else {
                    try site.write(translated, translation("واقعہ \(number) \(step)"))
                }
                changed = [translated]
            case 9 where number % 2 == 0:
                // A page's translation: p2 cites sources; p0 and p1, once written, may be in the menu.
                let page = "content/pages/p\([2, 0, 1][step % 3])"
                guard FileManager.default.fileExists(atPath: site.path(page + ".md")) else { break }
                try site.write(page + ".ur.md", translation("صفحہ \(number) \(step)"))
                changed = [page + ".ur.md"]
            case 9:
                let translated = "content/sources/s\(number % 5).ur.md"
                try site.write(translated, translation("ماخذ \(number) \(step)"))
                changed = [translated]
            case 0 where FileManager.default.fileExists(atPath: site.path(path)):
                try site.remove(path)
                // Its translation goes with it.
                let translated = "content/incidents/i\(number).ur.md"
                if FileManager.default.fileExists(atPath: site.path(translated)) {
                    try site.remove(translated)
                    changed.insert(translated)
                }
            case 1:
                let source = "content/sources/s\(number % 5).md"
                try site.write(source, sourceFile(number % 5, title: "Source \(number) v\(step % 3)", publisher: "P\(step % 3)"))
                changed = [source]
            case 2:
                let page = "content/pages/p\(number % 2).md"
                try site.write(page, "---\ntitle: Page \(step % 2)\n\(number % 3 == 0 ? "menu_order: 1\n" : "")description: D\(step % 2)\n---\nText \(step % 2) [@s\(number % 5)].\n")
                changed = [page]
            case 3 where FileManager.default.fileExists(atPath: site.path(path)):
                // Only what the linker does not read: the patched path.
                try site.setField(path, "title", "Incident \(number) t\(step)")
                try site.setField(path, "type", ["full-shutdown", "throttling", "service-block"].randomElement(using: &generator)!)
            case 4 where FileManager.default.fileExists(atPath: site.path(path)):
                try site.setField(path, "verification", ["confirmed", "reported", "disputed"].randomElement(using: &generator)!)
                try site.write(path, try site.read(path).replacingOccurrences(of: "detail", with: "detail, revised"))
            default:
                try site.write(path, randomIncident(Int.random(in: 0...1, using: &generator) == 0 ? "Incident \(number)" : "Incident \(number) v\(step)"))
            }
            switch engine.rebuild(changedPaths: changed) {
            case .built:
                built += 1
                if engine.lastRebuildPatched { patched += 1 }
                #expect(engine.verify() == [], "step \(step)")
            case .unchanged: break
            case .failed(let list): Issue.record("step \(step): \(list)")
            }
        }
        #expect(built >= 60, "most edits change the site")
        #expect(patched >= 10 && patched < built, "both the patched and the linked path are exercised")
    }
}

/// The kept order of a folder's cached paths: the same list as sorting the entries, after any change of the paths
/// (one added, one removed, one renamed: as many paths as before, one of them new) and with none.
@Suite struct SortedPathsTests {
    typealias Entry = ContentFileCache.Entry<Int>

    func entries(_ paths: [String]) -> [String: Entry] {
        Dictionary(uniqueKeysWithValues: paths.map { path in
            (path, Entry(hash: ContentHash.digest(Data(path.utf8)), result: ContentLoader.Decoded(value: path.utf8.count, valid: true, diagnostics: [])))
        })
    }

    func listed(_ order: inout SortedPaths, _ paths: [String]) -> [String] {
        let list = order.entries(entries(paths))
        #expect(list.map(\.result.value) == list.map { $0.path.utf8.count })
        return list.map(\.path)
    }

    @Test func theKeptOrderIsTheSortedOrderOfThePathsThereAre() {
        var order = SortedPaths()
        let first = ["content/incidents/b.md", "content/incidents/a.md", "content/incidents/é.md", "content/incidents/a-2.md"]
        #expect(listed(&order, first) == ["content/incidents/a-2.md", "content/incidents/a.md", "content/incidents/b.md", "content/incidents/é.md"])
        #expect(listed(&order, first) == ["content/incidents/a-2.md", "content/incidents/a.md", "content/incidents/b.md", "content/incidents/é.md"])
        let added = first + ["content/incidents/aa.md"]
        #expect(listed(&order, added) == ["content/incidents/a-2.md", "content/incidents/a.md", "content/incidents/aa.md", "content/incidents/b.md", "content/incidents/é.md"])
        let renamed = added.map { $0 == "content/incidents/b.md" ? "content/incidents/0.md" : $0 }
        #expect(listed(&order, renamed) == ["content/incidents/0.md", "content/incidents/a-2.md", "content/incidents/a.md", "content/incidents/aa.md", "content/incidents/é.md"])
        #expect(listed(&order, Array(renamed.dropLast(2))) == ["content/incidents/0.md", "content/incidents/a.md", "content/incidents/é.md"])
        #expect(listed(&order, []) == [])
        var random = SeededGenerator(seed: 7)
        for _ in 0 ..< 50 {
            let paths = (0 ..< Int.random(in: 0 ... 30, using: &random)).map { _ in "p/\(Int.random(in: 0 ... 40, using: &random)).md" }
            let unique = Array(Set(paths))
            #expect(listed(&order, unique) == unique.sorted())
        }
    }
}

/// A small deterministic generator (SplitMix64), so the random edits are the same on every run.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
