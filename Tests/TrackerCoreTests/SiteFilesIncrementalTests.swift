import Foundation
import Testing
import TrackerTestSupport
@testable import TrackerCore

/// The preview picks up `static/` and the files of bundles, and checks links on every rebuild.
@Suite struct SiteFilesIncrementalTestSuite {
    let suite = IncrementalBuildTestSuite()

    func bundleSite() throws -> TemporarySite {
        let site = try TemporarySite()
        try site.move("content/incidents/pk-x-2024.md", "content/incidents/pk-x-2024/index.md")
        try site.write("content/incidents/pk-x-2024/index.md",
                       TemporarySite.incident(title: "X blocked in Pakistan", body: "What happened.\n\nThe [order](order.pdf)."))
        try site.write("content/incidents/pk-x-2024/order.pdf", "first\n")
        try site.write("static/CNAME", "tracker.example.org\n")
        return site
    }

    static func digest(_ text: String) -> String { ContentHash.hex(ContentHash.digest(Data(text.utf8))) }

    @Test func aStaticFileComesChangesAndGoes() throws {
        let site = try bundleSite()
        let engine = try suite.engine(site)
        try site.write("static/images/map.svg", "<svg/>\n")
        var output = try suite.rebuilt(engine, ["static/images/map.svg", "static/images"])
        #expect(output.changed == ["images/map.svg"])
        try site.write("static/CNAME", "tracker.example.net\n")
        output = try suite.rebuilt(engine, ["static/CNAME"])
        #expect(output.changed == ["CNAME"])
        #expect(output.files["CNAME"] == Data("tracker.example.net\n".utf8))
        try site.remove("static/images/map.svg")
        output = try suite.rebuilt(engine, ["static/images/map.svg"])
        #expect(output.removed == ["images/map.svg"])
        try site.write("static/robots.txt", "User-agent: *\n")
        output = try suite.rebuilt(engine, ["static/robots.txt"])
        #expect(output.changed == ["robots.txt"])
    }

    /// The preview serves a copied file from where it is: its build holds where, not the bytes, and a change is
    /// told by the bytes (the same size and other bytes is a change; the same bytes saved again is none).
    @Test func aStaticFileIsServedFromWhereItIsAndItsBytesTellAChange() throws {
        let site = try bundleSite()
        let engine = try suite.engine(site)
        try site.write("static/archive/scan.pdf", String(repeating: "a", count: 100_000))
        var output = try suite.rebuilt(engine, ["static/archive/scan.pdf", "static/archive"])
        #expect(output.changed == ["archive/scan.pdf"])
        #expect(output.files.diskFile("archive/scan.pdf")?.path == site.root + "/static/archive/scan.pdf")
        #expect(output.files.diskFile("incidents/pk-x-2024/order.pdf")?.path == site.root + "/content/incidents/pk-x-2024/order.pdf")
        #expect(output.files.diskFile("incidents/pk-x-2024/index.html") == nil)
        try site.write("static/archive/scan.pdf", String(repeating: "a", count: 50_000) + "b" + String(repeating: "a", count: 49_999))
        output = try suite.rebuilt(engine, ["static/archive/scan.pdf"])
        #expect(output.changed == ["archive/scan.pdf"])
        try site.write("static/archive/scan.pdf", String(repeating: "a", count: 50_000) + "b" + String(repeating: "a", count: 49_999))
        output = try suite.rebuilt(engine, ["static/archive/scan.pdf"])
        #expect(output.changed == [] && output.removed == [])
    }

    /// A copied file is read again only when a change names it (or a folder above it), or when it is reached through
    /// a symbolic link (a change to what it leads to names another path): a save in `static/` read every copied file,
    /// gigabytes for a tracker that keeps its evidence there. Unnamed, a file changed on disk is not seen until named.
    @Test func onlyTheCopiedFilesAChangeNamesAreReadAgain() throws {
        let site = try bundleSite()
        let engine = try suite.engine(site)
        try site.write("static/a.txt", "a1\n")
        try site.write("static/b.txt", "b1\n")
        try site.write("static/images/logo.svg", "<svg>1</svg>\n")
        #expect(symlink("images", site.path("static/pictures")) == 0)
        var output = try suite.rebuilt(engine, ["static/a.txt", "static/b.txt", "static/images", "static/pictures"])
        #expect(output.changed == ["a.txt", "b.txt", "images/logo.svg", "pictures/logo.svg"])

        try site.write("static/a.txt", "a2\n")
        try site.write("static/b.txt", "b2\n")
        output = try suite.rebuilt(engine, ["static/a.txt"])
        #expect(output.changed == ["a.txt"], "b.txt was not named")
        output = try suite.rebuilt(engine, ["static/b.txt"])
        #expect(output.changed == ["b.txt"])

        // What a link leads to changed: named by its own path only, the copy through the link is read again too.
        try site.write("static/images/logo.svg", "<svg>2</svg>\n")
        output = try suite.rebuilt(engine, ["static/images/logo.svg"])
        #expect(output.changed == ["images/logo.svg", "pictures/logo.svg"])

        // A folder named (a rename of a whole folder) reads every file below it; a template edit, none.
        try site.write("static/a.txt", "a3\n")
        try site.write("static/b.txt", "b3\n")
        try site.write("templates/partials/footer.mustache", "<footer>Changed</footer>\n")
        output = try suite.rebuilt(engine, ["templates/partials/footer.mustache"])
        #expect(!output.changed.contains("a.txt") && !output.changed.contains("b.txt"))
        output = try suite.rebuilt(engine, ["static"])
        #expect(output.changed == ["a.txt", "b.txt"])
        // Nothing named (the watcher lost track): every file is read.
        try site.write("static/a.txt", "a4\n")
        guard case .built(let all) = engine.rebuild(changedPaths: nil) else {
            Issue.record("expected a build")
            return
        }
        #expect(all.changed.contains("a.txt"))
    }

    @Test func aBundleFileChangeUpdatesItsCopyAndTheDigestOnThePage() throws {
        let site = try bundleSite()
        let engine = try suite.engine(site)
        try site.write("content/incidents/pk-x-2024/order.pdf", "second\n")
        let output = try suite.rebuilt(engine, ["content/incidents/pk-x-2024/order.pdf"])
        #expect(output.changed.contains("incidents/pk-x-2024/order.pdf"))
        #expect(output.changed.contains("incidents/pk-x-2024/index.html"))
        let page = String(decoding: output.files["incidents/pk-x-2024/index.html"]!, as: UTF8.self)
        #expect(page.contains("<a href=\"/incidents/pk-x-2024/order.pdf\">order</a> <span class=\"file-digest\">(SHA-256: <code>\(Self.digest("second\n"))</code>)</span>"))
    }

    /// A bundle's `index.md` edited, in place or by rename (a temporary file beside it that came and went):
    /// no file of the bundle came or went, so nothing is listed or copied again and the site is not linked again.
    @Test func aBundleIndexSavedInPlaceOrByRenameIsPatched() throws {
        let site = try bundleSite()
        let engine = try suite.engine(site)
        let index = "content/incidents/pk-x-2024/index.md"
        try site.setField(index, "title", "X blocked across Pakistan")
        var output = try suite.rebuilt(engine, [index])
        #expect(engine.lastRebuildPatched)
        #expect(!output.changed.contains("incidents/pk-x-2024/order.pdf"))
        #expect(String(decoding: output.files["incidents/index.html"]!, as: UTF8.self).contains("X blocked across Pakistan"))

        let temporary = "content/incidents/pk-x-2024/index.md___jb_tmp___"
        try site.write(temporary, try site.read(index).replacingOccurrences(of: "across", with: "throughout"))
        #expect(rename(site.path(temporary), site.path(index)) == 0)
        output = try suite.rebuilt(engine, [temporary, index])
        #expect(engine.lastRebuildPatched)
        #expect(String(decoding: output.files["incidents/index.html"]!, as: UTF8.self).contains("X blocked throughout Pakistan"))

        // A file of the bundle that goes is still a change: its copy goes, and the site is linked again.
        try site.write("content/incidents/pk-x-2024/notes.txt", "notes\n")
        output = try suite.rebuilt(engine, ["content/incidents/pk-x-2024/notes.txt"])
        #expect(output.changed.contains("incidents/pk-x-2024/notes.txt"))
        try site.remove("content/incidents/pk-x-2024/notes.txt")
        output = try suite.rebuilt(engine, ["content/incidents/pk-x-2024/notes.txt"])
        #expect(!engine.lastRebuildPatched)
        #expect(output.removed == ["incidents/pk-x-2024/notes.txt"])
    }

    @Test func aBrokenLinkFailsTheRebuildAtItsPosition() throws {
        let site = try bundleSite()
        let engine = try suite.engine(site)
        try site.remove("content/incidents/pk-x-2024/order.pdf")
        guard case .failed(let list) = engine.rebuild(changedPaths: ["content/incidents/pk-x-2024/order.pdf"]) else {
            Issue.record("expected the rebuild to fail")
            return
        }
        #expect(list.diagnostics.map(\.description) == [
            "\(site.root)/content/incidents/pk-x-2024/index.md:16:5: error: broken link 'order.pdf': there is no incidents/pk-x-2024/order.pdf in the output",
        ])
        try site.write("content/incidents/pk-x-2024/order.pdf", "back\n")
        _ = try suite.rebuilt(engine, ["content/incidents/pk-x-2024/order.pdf"])
    }

    /// A pipe appearing in `static/` or a bundle fails the rebuild as it fails a build (it was left out without a
    /// word); removed, the site builds again.
    @Test func aPipeFailsTheRebuildWhereItIs() throws {
        let site = try bundleSite()
        let engine = try suite.engine(site)
        #expect(mkfifo(site.root + "/static/fifo", 0o644) == 0)
        #expect(mkfifo(site.root + "/content/incidents/pk-x-2024/fifo.pdf", 0o644) == 0)
        guard case .failed(let list) = engine.rebuild(changedPaths: ["static/fifo", "content/incidents/pk-x-2024/fifo.pdf"]) else {
            Issue.record("expected the rebuild to fail")
            return
        }
        let message = "error: cannot read the file: it is not a regular file (a pipe, a socket or a device); remove it"
        #expect(list.diagnostics.map(\.description) == [
            "\(site.root)/content/incidents/pk-x-2024/fifo.pdf:1:1: \(message)",
            "\(site.root)/static/fifo:1:1: \(message)",
        ])
        try site.remove("static/fifo")
        try site.remove("content/incidents/pk-x-2024/fifo.pdf")
        let output = try suite.rebuilt(engine, ["static/fifo", "content/incidents/pk-x-2024/fifo.pdf"])
        #expect(output.changed == [] && output.removed == [])
    }
}
