import Foundation
import Testing

@Suite struct PublishFolderTestSuite {
    @Test func aNewFolderGetsTheCheckedSiteAndAMarker() throws {
        let fixture = try PublishFixture()
        defer { fixture.remove() }
        let built = try fixture.builtSite()
        let folder = fixture.root + "/www"

        let result = try fixture.tracker("publish", "--to", folder)

        #expect(result == CommandResult(status: 0, output: """
            Checked \(built.count) files: every internal link resolves
            Published \(built.count) files to \(folder): \(built.count) added, 0 changed, 0 removed, 0 unchanged

            """, error: ""))
        var published = try fixture.files(in: folder)
        #expect(published.removeValue(forKey: ".tracker-publish") != nil)
        #expect(published == built)
    }

    @Test func publishingTwiceLeavesExactlyOneCompleteSite() throws {
        let fixture = try PublishFixture()
        defer { fixture.remove() }
        let folder = fixture.root + "/www"
        _ = try fixture.tracker("publish", "--to", folder)
        try fixture.write("templates/assets/notes.txt", "version 2\n")

        let result = try fixture.tracker("publish", "--to", folder)

        let count = try fixture.builtSite().count
        #expect(result.output.hasSuffix("Published \(count) files to \(folder): 0 added, 1 changed, 0 removed, \(count - 1) unchanged\n"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.root).sorted() == ["site", "www"])
        #expect(try fixture.files(in: folder)["assets/notes.txt"] == Data("version 2\n".utf8))
    }

    @Test func aFolderThatPublishDidNotMakeIsRefusedAndLeftAlone() throws {
        let fixture = try PublishFixture()
        defer { fixture.remove() }
        let folder = fixture.root + "/documents"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data("mine\n".utf8).write(to: URL(fileURLWithPath: folder + "/notes.txt"))

        let result = try fixture.tracker("publish", "--to", folder)

        #expect(result == CommandResult(status: 1, output: "", error: """
            error: refusing to replace \(folder): it is not empty and no earlier publish made it (it has no .tracker-publish file); \
            publish to a new or empty folder, or empty this one yourself
            nothing was published

            """))
        #expect(try fixture.files(in: folder) == ["notes.txt": Data("mine\n".utf8)])
    }

    @Test func theSiteFolderItselfIsRefused() throws {
        let fixture = try PublishFixture()
        defer { fixture.remove() }

        let result = try fixture.tracker("publish", "--to", "..")

        #expect(result == CommandResult(status: 1, output: "", error: """
            error: refusing to publish to ..: it holds the site itself, and publishing replaces the folder whole
            nothing was published

            """))
    }

    /// A folder the build reads would take in the published site on the next publish (static/site inside itself).
    @Test func aFolderInsideWhatTheBuildReadsIsRefused() throws {
        let fixture = try PublishFixture()
        defer { fixture.remove() }

        for (folder, read) in [("static/site", "static"), ("content/site", "content"), ("templates/assets/site", "templates")] {
            let result = try fixture.tracker("publish", "--to", folder)
            #expect(result == CommandResult(status: 1, output: "", error: """
                error: refusing to publish to \(folder): it is inside the site's \(read)/, which every build reads
                nothing was published

                """))
            #expect(!FileManager.default.fileExists(atPath: fixture.site + "/" + folder))
        }
    }

    @Test func gitAndCNAMEInTheFolderAreKept() throws {
        let fixture = try PublishFixture()
        defer { fixture.remove() }
        let folder = fixture.root + "/www"
        _ = try fixture.tracker("publish", "--to", folder)
        try Data("tracker.example.org\n".utf8).write(to: URL(fileURLWithPath: folder + "/CNAME"))
        try fixture.git("init", "-q", "-b", "pages", in: folder)

        let result = try fixture.tracker("publish", "--to", folder)

        #expect(result.status == 0)
        #expect(try String(contentsOfFile: folder + "/CNAME", encoding: .utf8) == "tracker.example.org\n")
        #expect(try fixture.git("symbolic-ref", "HEAD", in: folder) == "refs/heads/pages")
    }

    @Test func anEmptyFolderHoldingOnlyGitIsAccepted() throws {
        let fixture = try PublishFixture()
        defer { fixture.remove() }
        let folder = fixture.root + "/pages-clone"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try fixture.git("init", "-q", in: folder)

        #expect(try fixture.tracker("publish", "--to", folder).status == 0)
        #expect(FileManager.default.fileExists(atPath: folder + "/.git/HEAD"))
    }

    @Test func aBrokenLinkPublishesNothing() throws {
        let fixture = try PublishFixture()
        defer { fixture.remove() }
        let folder = fixture.root + "/www"
        _ = try fixture.tracker("publish", "--to", folder)
        let before = try fixture.files(in: folder)
        // An absolute link: the build checks relative and root-relative links in Markdown, publish every link of the output.
        try fixture.append("content/incidents/x-block.md", "See [every incident](https://example.org/tracker/incidnts/).\n")
        let at = try fixture.position(of: "https://example.org/tracker/incidnts/\">every", inBuiltFile: "incidents/x-block/index.html")

        let result = try fixture.tracker("publish", "--to", folder)

        #expect(result == CommandResult(status: 1, output: "", error: """
            incidents/x-block/index.html:\(at): error: broken link 'https://example.org/tracker/incidnts/': there is no incidnts/index.html in the output
            1 error found
            nothing was published

            """))
        #expect(try fixture.files(in: folder) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.root).sorted() == ["site", "www"], "no staging folder or lock is left")
    }

    /// The site is written into a staging folder beside the published one and checked there, not held in memory
    /// whole: a template that passes its limits on one page leaves the folder as it was and nothing beside it.
    @Test func aTemplatePastItsLimitsPublishesNothingAndLeavesNoStagingFolder() throws {
        let fixture = try PublishFixture()
        defer { fixture.remove() }
        let folder = fixture.root + "/www"
        _ = try fixture.tracker("publish", "--to", folder)
        let before = try fixture.files(in: folder)
        try fixture.write("templates/incident.mustache", "{{>partials/loop}}\n")
        try fixture.write("templates/partials/loop.mustache", "{{=<% %>=}}x<%>partials/loop%><%>partials/loop%>\n")

        let result = try fixture.tracker("publish", "--to", folder)

        #expect(result == CommandResult(status: 1, output: "", error: """
            public/incidents/x-block/index.html:1:1: error: template 'incident' nests partials more than 100 deep, and stopped: \
            does a partial include itself (through a partial named by a value, or behind changed delimiters)?
            1 error found
            nothing was published

            """))
        #expect(try fixture.files(in: folder) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.root).sorted() == ["site", "www"])
    }

    @Test func aContentErrorPublishesNothing() throws {
        let fixture = try PublishFixture()
        defer { fixture.remove() }
        let folder = fixture.root + "/www"
        _ = try fixture.tracker("publish", "--to", folder)
        let before = try fixture.files(in: folder)
        try fixture.write("content/incidents/x-block.md", PublishFixture.incident.replacingOccurrences(of: "sources: [report]", with: "sources: [no-such-source]"))

        let result = try fixture.tracker("publish", "--to", folder)

        #expect(result.status == 1)
        #expect(result.output == "")
        #expect(result.error.hasPrefix("content/incidents/x-block.md:"))
        #expect(result.error.hasSuffix("1 error found\nnothing was published\n"))
        #expect(try fixture.files(in: folder) == before)
    }

    @Test func aDryRunListsTheChangesAndChangesNothing() throws {
        let fixture = try PublishFixture()
        defer { fixture.remove() }
        let folder = fixture.root + "/www"
        _ = try fixture.tracker("publish", "--to", folder)
        let before = try fixture.files(in: folder)
        try fixture.write("templates/assets/notes.txt", "version 2\n")
        try fixture.write("templates/assets/new.txt", "new\n")
        try fixture.delete("templates/assets/old.txt")
        let count = try fixture.builtSite().count

        let result = try fixture.tracker("publish", "--to", folder, "--dry-run")

        #expect(result == CommandResult(status: 0, output: """
            Checked \(count) files: every internal link resolves
            added    assets/new.txt
            changed  assets/notes.txt
            removed  assets/old.txt
            Dry run: 1 added, 1 changed, 1 removed, \(count - 2) unchanged in \(folder); nothing was changed

            """, error: ""))
        #expect(try fixture.files(in: folder) == before)
    }

    /// What the folder holds is compared file by file with what would be published: a file in a sub-folder that is
    /// no longer published is removed, one whose bytes differ is changed, and what is not a regular file (a link),
    /// the kept `.git` and `CNAME` and the marker are not counted at all.
    @Test func theFolderIsComparedFileByFileLeavingKeptEntriesAndLinksOut() throws {
        let fixture = try PublishFixture()
        defer { fixture.remove() }
        let folder = fixture.root + "/www"
        _ = try fixture.tracker("publish", "--to", folder)
        let count = try fixture.builtSite().count
        try FileManager.default.createDirectory(atPath: folder + "/extra/deeper", withIntermediateDirectories: true)
        try Data("stale\n".utf8).write(to: URL(fileURLWithPath: folder + "/extra/deeper/stale.txt"))
        try Data("edited\n".utf8).write(to: URL(fileURLWithPath: folder + "/assets/notes.txt"))
        try FileManager.default.createSymbolicLink(atPath: folder + "/assets/link.txt", withDestinationPath: "notes.txt")
        try FileManager.default.createSymbolicLink(atPath: folder + "/linked-folder", withDestinationPath: "extra")
        try Data("tracker.example.org\n".utf8).write(to: URL(fileURLWithPath: folder + "/CNAME"))
        try fixture.git("init", "-q", "-b", "pages", in: folder)

        let result = try fixture.tracker("publish", "--to", folder, "--dry-run")

        #expect(result == CommandResult(status: 0, output: """
            Checked \(count) files: every internal link resolves
            changed  assets/notes.txt
            removed  extra/deeper/stale.txt
            Dry run: 0 added, 1 changed, 1 removed, \(count - 1) unchanged in \(folder); nothing was changed

            """, error: ""))
    }

    @Test func publishNeedsExactlyOneDestination() throws {
        let fixture = try PublishFixture()
        defer { fixture.remove() }

        let neither = try fixture.tracker("publish")
        let both = try fixture.tracker("publish", "--to", "www", "--branch", "gh-pages")

        #expect(neither.status == 2)
        #expect(neither.error.hasPrefix("Error: Say where to publish: --to DIR or --branch NAME.\n"))
        #expect(both.status == 2)
        #expect(both.error.hasPrefix("Error: Publish to a folder (--to) or a branch (--branch), not both.\n"))
    }
}
