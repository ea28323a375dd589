import Foundation
import Testing

@Suite struct PublishBranchTestSuite {
    /// A repository that names its objects by SHA-256 gets blobs of that name: the tree is the built site, an edit is
    /// one changed file, and git finds every object sound.
    @Test func aRepositoryNamingObjectsBySHA256IsPublishedTo() throws {
        let fixture = try PublishFixture()
        defer { fixture.remove() }
        try FileManager.default.removeItem(atPath: fixture.site + "/.git")
        try fixture.git("init", "-q", "-b", "main", "--object-format=sha256")
        try fixture.commitAll("Add the site")
        let count = try fixture.builtSite().count

        let first = try fixture.tracker("publish", "--branch", "gh-pages")
        try fixture.write("templates/assets/notes.txt", "version 2\n")
        try fixture.commitAll("Edit the notes")
        let second = try fixture.tracker("publish", "--branch", "gh-pages")

        #expect(first.status == 0, "\(first)")
        #expect(second.output.hasSuffix(": 0 added, 1 changed, 0 removed, \(count) unchanged\n"), "\(second)")
        var expected = try fixture.builtSite()
        expected[".nojekyll"] = Data()
        #expect(try fixture.files(ofCommit: "gh-pages") == expected)
        #expect(try fixture.git("rev-parse", "gh-pages").count == 64)
        #expect(try fixture.git("fsck", "--full", "--no-dangling") == "")
    }

    /// More than 16 MB of new files are stored by two fast-imports at once, each writing a pack: every file is in the
    /// commit. (fast-import leaves fewer than 100 objects loose, so each half has more.)
    @Test func moreThan16MBAreStoredInTwoPacksAtOnce() throws {
        let fixture = try PublishFixture()
        defer { fixture.remove() }
        try Data(repeating: UInt8(ascii: "a"), count: 17 << 20).write(to: URL(fileURLWithPath: fixture.site + "/templates/assets/large.bin"))
        for number in 0 ..< 250 { try fixture.write("templates/assets/many/\(number).txt", "\(number)\n") }
        try fixture.commitAll("Add a large file")

        let result = try fixture.tracker("publish", "--branch", "gh-pages")

        #expect(result.status == 0, "\(result)")
        var expected = try fixture.builtSite()
        expected[".nojekyll"] = Data()
        #expect(try fixture.files(ofCommit: "gh-pages") == expected)
        let packs = try FileManager.default.contentsOfDirectory(atPath: fixture.site + "/.git/objects/pack").filter { $0.hasSuffix(".pack") }
        #expect(packs.count == 2)
    }

    /// What publishing puts in the temporary folder (the index the tree is built in, git's input) is removed, all of it.
    @Test func nothingIsLeftInTheTemporaryFolder() throws {
        let fixture = try PublishFixture()
        defer { fixture.remove() }
        let temporary = fixture.root + "/tmp"
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)

        let result = try PublishFixture.run(PublishFixture.tracker, ["publish", "--branch", "gh-pages"], in: fixture.site, raw: true,
                                            adding: ["TMPDIR": temporary])

        #expect(result.status == 0, "\(result.error)")
        #expect(try fixture.git("rev-list", "--count", "gh-pages") == "1")
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary) == [])

        // Nor after a dry run to a folder, or a branch publish whose site fails its check (its blobs were written).
        let dryRun = try PublishFixture.run(PublishFixture.tracker, ["publish", "--to", fixture.root + "/www", "--dry-run"], in: fixture.site,
                                            raw: true, adding: ["TMPDIR": temporary])
        #expect(dryRun.status == 0, "\(dryRun.error)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary) == [])
        try fixture.append("content/incidents/x-block.md", "See [every incident](https://example.org/tracker/incidnts/).\n")
        let broken = try PublishFixture.run(PublishFixture.tracker, ["publish", "--branch", "gh-pages"], in: fixture.site, raw: true,
                                            adding: ["TMPDIR": temporary])
        #expect(broken.status == 1)
        #expect(broken.error.hasSuffix("1 error found\nnothing was published\n"), "\(broken.error)")
        #expect(try fixture.git("rev-list", "--count", "gh-pages") == "1")
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary) == [])
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.root).sorted() == ["site", "tmp"])
    }

    @Test func theBranchTreeIsTheBuiltSiteAndTheCheckoutIsUntouched() throws {
        let fixture = try PublishFixture()
        defer { fixture.remove() }
        let built = try fixture.builtSite()
        let index = try Data(contentsOf: URL(fileURLWithPath: fixture.site + "/.git/index"))
        let head = try fixture.git("rev-parse", "HEAD")

        let result = try fixture.tracker("publish", "--branch", "gh-pages")

        let commit = try fixture.git("rev-parse", "--short", "gh-pages")
        let source = try fixture.git("rev-parse", "--short", "HEAD")
        #expect(result == CommandResult(status: 0, output: """
            Checked \(built.count) files: every internal link resolves
            Committed \(commit) to gh-pages from \(source): \(built.count + 1) added, 0 changed, 0 removed, 0 unchanged

            """, error: ""))
        var expected = built
        expected[".nojekyll"] = Data()
        #expect(try fixture.files(ofCommit: "gh-pages") == expected)
        #expect(try fixture.git("log", "-1", "--format=%B", "gh-pages") == "Publish site from \(source)\n\nSource commit: \(head)")
        #expect(try fixture.git("rev-list", "--count", "gh-pages") == "1")
        #expect(try fixture.git("status", "--porcelain") == "")
        #expect(try fixture.git("symbolic-ref", "HEAD") == "refs/heads/main")
        #expect(try fixture.git("rev-parse", "HEAD") == head)
        #expect(try Data(contentsOf: URL(fileURLWithPath: fixture.site + "/.git/index")) == index)
    }

    @Test func aSecondPublishAfterOneEditMakesOneCommitWithThatEdit() throws {
        let fixture = try PublishFixture()
        defer { fixture.remove() }
        _ = try fixture.tracker("publish", "--branch", "gh-pages")
        try fixture.write("templates/assets/notes.txt", "version 2\n")
        try fixture.commitAll("Update the notes")

        let result = try fixture.tracker("publish", "--branch", "gh-pages")

        let count = try fixture.builtSite().count + 1
        let commit = try fixture.git("rev-parse", "--short", "gh-pages")
        let source = try fixture.git("rev-parse", "--short", "HEAD")
        #expect(result.output.hasSuffix("Committed \(commit) to gh-pages from \(source): 0 added, 1 changed, 0 removed, \(count - 1) unchanged\n"))
        #expect(try fixture.git("rev-list", "--count", "gh-pages") == "2")
        #expect(try fixture.git("diff", "--name-status", "gh-pages~1", "gh-pages") == "M\tassets/notes.txt")
        #expect(try fixture.git("show", "gh-pages:assets/notes.txt") == "version 2")
    }

    @Test func publishingWithNothingChangedMakesNoCommit() throws {
        let fixture = try PublishFixture()
        defer { fixture.remove() }
        _ = try fixture.tracker("publish", "--branch", "gh-pages")
        let tip = try fixture.git("rev-parse", "gh-pages")

        let result = try fixture.tracker("publish", "--branch", "gh-pages")

        #expect(result.status == 0)
        #expect(result.output.hasSuffix("gh-pages already holds this site; no commit made\n"))
        #expect(try fixture.git("rev-parse", "gh-pages") == tip)
    }

    @Test func uncommittedChangesMarkTheSourceDirtyAndACustomMessageLeadsTheCommit() throws {
        let fixture = try PublishFixture()
        defer { fixture.remove() }
        try fixture.write("templates/assets/notes.txt", "not committed yet\n")
        let head = try fixture.git("rev-parse", "HEAD")

        let result = try fixture.tracker("publish", "--branch", "gh-pages", "--message", "Deploy the spring update")

        #expect(result.output.contains(" from \(try fixture.git("rev-parse", "--short", "HEAD"))-dirty: "))
        #expect(try fixture.git("log", "-1", "--format=%B", "gh-pages") == "Deploy the spring update\n\nSource commit: \(head)-dirty")
    }

    @Test func aBrokenLinkLeavesTheBranchUntouched() throws {
        let fixture = try PublishFixture()
        defer { fixture.remove() }
        _ = try fixture.tracker("publish", "--branch", "gh-pages")
        let tip = try fixture.git("rev-parse", "gh-pages")
        // An absolute link: the build checks relative and root-relative links in Markdown, publish every link of the output.
        try fixture.append("content/incidents/x-block.md", "See [the sources](https://example.org/tracker/sources/report/#notes).\n")
        let at = try fixture.position(of: "https://example.org/tracker/sources/report/#notes", inBuiltFile: "incidents/x-block/index.html")

        let result = try fixture.tracker("publish", "--branch", "gh-pages")

        #expect(result == CommandResult(status: 1, output: "", error: """
            incidents/x-block/index.html:\(at): error: broken link 'https://example.org/tracker/sources/report/#notes': \
            sources/report/index.html has no element with id 'notes'
            1 error found
            nothing was published

            """))
        #expect(try fixture.git("rev-parse", "gh-pages") == tip)
    }

    /// Every `.xml` file of the output is parsed, static files too. An instruction without data crashed
    /// Foundation's XMLParser, and `publish` with it (found by the html-scanner fuzzer); a DTD's internal
    /// subset is not read.
    @Test func anXMLFileWithAnInstructionIsCheckedAndOneWithAnInternalSubsetIsNot() throws {
        let fixture = try PublishFixture()
        defer { fixture.remove() }
        try fixture.write("static/styles.xml", "<?xml-stylesheet?>\n<styles><?refresh?></styles>\n")
        #expect(try fixture.tracker("publish", "--branch", "gh-pages").status == 0)
        #expect(try fixture.git("show", "gh-pages:styles.xml") == "<?xml-stylesheet?>\n<styles><?refresh?></styles>")
        let tip = try fixture.git("rev-parse", "gh-pages")
        try fixture.write("static/data.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE data [<!NOTATION n SYSTEM \"x\">]>\n<data/>\n")

        let result = try fixture.tracker("publish", "--branch", "gh-pages")

        #expect(result == CommandResult(status: 1, output: "", error: """
            data.xml:2:1: error: a DOCTYPE the checker does not read: only <!DOCTYPE name> with a SYSTEM or PUBLIC id, \
            and no internal subset (feeds and sitemaps need no DTD)
            1 error found
            nothing was published

            """))
        #expect(try fixture.git("rev-parse", "gh-pages") == tip)
    }

    @Test func theBranchIsPushedToTheRemote() throws {
        let fixture = try PublishFixture()
        defer { fixture.remove() }
        let remote = fixture.root + "/remote.git"
        try fixture.git("init", "-q", "--bare", remote, in: fixture.root)
        try fixture.git("remote", "add", "origin", remote)

        let result = try fixture.tracker("publish", "--branch", "gh-pages", "--remote", "origin")

        #expect(result.status == 0)
        #expect(result.output.hasSuffix("Pushed gh-pages to origin\n"))
        #expect(try fixture.git("rev-parse", "gh-pages", in: remote) == fixture.git("rev-parse", "gh-pages"))
    }

    @Test func aFreshCloneBuildsOnTheRemoteBranch() throws {
        let fixture = try PublishFixture()
        defer { fixture.remove() }
        let remote = fixture.root + "/remote.git"
        try fixture.git("init", "-q", "--bare", remote, in: fixture.root)
        try fixture.git("remote", "add", "origin", remote)
        try fixture.git("push", "-q", "origin", "main")
        _ = try fixture.tracker("publish", "--branch", "gh-pages", "--remote", "origin")
        let first = try fixture.git("rev-parse", "gh-pages", in: remote)
        // As in CI: a clone with only main checked out, no local gh-pages.
        let clone = fixture.root + "/clone"
        try fixture.git("clone", "-q", "--single-branch", "--branch", "main", remote, clone, in: fixture.root)
        try Data("version 2\n".utf8).write(to: URL(fileURLWithPath: clone + "/templates/assets/notes.txt"))
        try fixture.git("commit", "-q", "-am", "Update the notes", in: clone)

        let result = try PublishFixture.run(PublishFixture.tracker, ["publish", "--branch", "gh-pages", "--remote", "origin"], in: clone)

        #expect(result.status == 0, "\(result)")
        #expect(try fixture.git("rev-parse", "gh-pages~1", in: remote) == first)
        #expect(try fixture.git("diff", "--name-only", "gh-pages~1", "gh-pages", in: remote) == "assets/notes.txt")
    }

    @Test func aCNAMECommittedToTheBranchIsKept() throws {
        let fixture = try PublishFixture()
        defer { fixture.remove() }
        _ = try fixture.tracker("publish", "--branch", "gh-pages")
        // What GitHub does when a custom domain is set: a commit adding CNAME to the branch.
        let pages = fixture.root + "/pages"
        try fixture.git("worktree", "add", "-q", pages, "gh-pages")
        try Data("tracker.example.org\n".utf8).write(to: URL(fileURLWithPath: pages + "/CNAME"))
        try fixture.git("add", "CNAME", in: pages)
        try fixture.git("commit", "-q", "-m", "Create CNAME", in: pages)
        try fixture.git("worktree", "remove", pages)
        try fixture.write("templates/assets/notes.txt", "version 2\n")

        let result = try fixture.tracker("publish", "--branch", "gh-pages")

        #expect(result.status == 0)
        #expect(try fixture.git("show", "gh-pages:CNAME") == "tracker.example.org")
        #expect(try fixture.git("diff", "--name-only", "gh-pages~1", "gh-pages") == "assets/notes.txt")
    }

    /// A bare remote whose pre-receive hook refuses every push, after the objects arrived.
    func rejectingRemote(_ fixture: PublishFixture) throws -> String {
        let remote = fixture.root + "/remote.git"
        try fixture.git("init", "-q", "--bare", remote, in: fixture.root)
        try Data("#!/bin/sh\necho 'no pushes today' >&2\nexit 1\n".utf8).write(to: URL(fileURLWithPath: remote + "/hooks/pre-receive"))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: remote + "/hooks/pre-receive")
        try fixture.git("remote", "add", "origin", remote)
        return remote
    }

    @Test func aRejectedPushPublishesNothingAndLeavesTheLocalBranchAlone() throws {
        let fixture = try PublishFixture()
        defer { fixture.remove() }
        let remote = try rejectingRemote(fixture)

        let result = try fixture.tracker("publish", "--branch", "gh-pages", "--remote", "origin")

        #expect(result.status == 1)
        // git names the pushed commit, which nothing refers to afterwards.
        #expect(result.error.hasPrefix("error: pushing gh-pages to origin failed: remote: no pushes today        \nTo \(remote)\n ! [remote rejected] "), "\(result)")
        #expect(result.error.hasSuffix("""
             -> gh-pages (pre-receive hook declined)
            error: failed to push some refs to '\(remote)'
            the local gh-pages was not moved either; fix the cause and run the same command again
            nothing was published

            """), "\(result)")
        #expect(try fixture.git("for-each-ref", "--format=%(refname)", in: remote) == "")
        #expect(try fixture.git("for-each-ref", "--format=%(refname)", "refs/heads/gh-pages", "refs/remotes") == "", "no branch was made")
    }

    @Test func aRejectedPushOfASecondPublishKeepsBothBranchesAtTheFirst() throws {
        let fixture = try PublishFixture()
        defer { fixture.remove() }
        let remote = fixture.root + "/remote.git"
        try fixture.git("init", "-q", "--bare", remote, in: fixture.root)
        try fixture.git("remote", "add", "origin", remote)
        #expect(try fixture.tracker("publish", "--branch", "gh-pages", "--remote", "origin").status == 0)
        let first = try fixture.git("rev-parse", "gh-pages")
        try Data("#!/bin/sh\necho 'no pushes today' >&2\nexit 1\n".utf8).write(to: URL(fileURLWithPath: remote + "/hooks/pre-receive"))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: remote + "/hooks/pre-receive")
        try fixture.write("templates/assets/notes.txt", "version 2\n")

        let result = try fixture.tracker("publish", "--branch", "gh-pages", "--remote", "origin")

        #expect(result.status == 1)
        #expect(result.error.hasPrefix("error: pushing gh-pages to origin failed: remote: no pushes today"), "\(result)")
        #expect(result.error.hasSuffix("\nthe local gh-pages was not moved either; fix the cause and run the same command again\nnothing was published\n"))
        #expect(try fixture.git("rev-parse", "gh-pages") == first)
        #expect(try fixture.git("rev-parse", "gh-pages", in: remote) == first)
        #expect(try fixture.git("rev-parse", "origin/gh-pages") == first)

        // Once the remote accepts again, the same command publishes.
        try FileManager.default.removeItem(atPath: remote + "/hooks/pre-receive")
        let again = try fixture.tracker("publish", "--branch", "gh-pages", "--remote", "origin")
        #expect(again.status == 0, "\(again)")
        #expect(try fixture.git("rev-parse", "gh-pages~1") == first)
        #expect(try fixture.git("rev-parse", "gh-pages", in: remote) == fixture.git("rev-parse", "gh-pages"))
        #expect(try fixture.git("diff", "--name-only", "gh-pages~1", "gh-pages") == "assets/notes.txt")
    }

    @Test func aRemoteThatDisappearedPublishesNothing() throws {
        let fixture = try PublishFixture()
        defer { fixture.remove() }
        let remote = fixture.root + "/remote.git"
        try fixture.git("init", "-q", "--bare", remote, in: fixture.root)
        try fixture.git("remote", "add", "origin", remote)
        #expect(try fixture.tracker("publish", "--branch", "gh-pages", "--remote", "origin").status == 0)
        let first = try fixture.git("rev-parse", "gh-pages")
        try FileManager.default.removeItem(atPath: remote)
        try fixture.write("templates/assets/notes.txt", "version 2\n")

        let result = try fixture.tracker("publish", "--branch", "gh-pages", "--remote", "origin")

        // The remote is read before the site is built: nothing is built for a remote that is gone.
        #expect(result == CommandResult(status: 1, output: "", error: """
            error: cannot read gh-pages from origin: fatal: '\(remote)' does not appear to be a git repository
            fatal: Could not read from remote repository.

            Please make sure you have the correct access rights
            and the repository exists.
            nothing was published

            """))
        #expect(try fixture.git("rev-parse", "gh-pages") == first)
    }

    @Test func anUnreachableRemotePublishesNothing() throws {
        let fixture = try PublishFixture()
        defer { fixture.remove() }
        // A port nothing listens on: the connection is refused at once.
        let url = "http://127.0.0.1:1/tracker.git"
        try fixture.git("remote", "add", "origin", url)

        let result = try fixture.tracker("publish", "--branch", "gh-pages", "--remote", "origin")

        #expect(result.status == 1)
        #expect(result.error.hasPrefix("error: cannot read gh-pages from origin: fatal: unable to access '\(url)/': "), "\(result)")
        #expect(result.error.hasSuffix("\nnothing was published\n"))
        #expect(try fixture.git("for-each-ref", "--format=%(refname)", "refs/heads/gh-pages") == "")
    }

    @Test func aBranchThatDivergedFromTheRemoteIsRefused() throws {
        let fixture = try PublishFixture()
        defer { fixture.remove() }
        let remote = fixture.root + "/remote.git"
        try fixture.git("init", "-q", "--bare", remote, in: fixture.root)
        try fixture.git("remote", "add", "origin", remote)
        try fixture.git("push", "-q", "origin", "main")
        _ = try fixture.tracker("publish", "--branch", "gh-pages", "--remote", "origin")
        try fixture.write("templates/assets/notes.txt", "local\n")
        _ = try fixture.tracker("publish", "--branch", "gh-pages")
        let clone = fixture.root + "/clone"
        try fixture.git("clone", "-q", "--branch", "main", remote, clone, in: fixture.root)
        try Data("elsewhere\n".utf8).write(to: URL(fileURLWithPath: clone + "/templates/assets/notes.txt"))
        _ = try PublishFixture.run(PublishFixture.tracker, ["publish", "--branch", "gh-pages", "--remote", "origin"], in: clone)
        let local = try fixture.git("rev-parse", "gh-pages")
        let remoteTip = try fixture.git("rev-parse", "gh-pages", in: remote)

        let result = try fixture.tracker("publish", "--branch", "gh-pages", "--remote", "origin")

        #expect(result.status == 1)
        #expect(result.error == """
            error: gh-pages and origin's gh-pages have diverged; make the local branch match the remote \
            (git branch -f gh-pages \(remoteTip)) and publish again
            nothing was published

            """)
        #expect(try fixture.git("rev-parse", "gh-pages") == local)
        #expect(try fixture.git("rev-parse", "gh-pages", in: remote) == remoteTip)
    }

    @Test func aDryRunListsTheChangesAndCommitsNothing() throws {
        let fixture = try PublishFixture()
        defer { fixture.remove() }
        _ = try fixture.tracker("publish", "--branch", "gh-pages")
        let tip = try fixture.git("rev-parse", "gh-pages")
        try fixture.write("templates/assets/notes.txt", "version 2\n")
        try fixture.write("templates/assets/new.txt", "new\n")
        try fixture.delete("templates/assets/old.txt")
        let count = try fixture.builtSite().count

        let result = try fixture.tracker("publish", "--branch", "gh-pages", "--dry-run")

        #expect(result == CommandResult(status: 0, output: """
            Checked \(count) files: every internal link resolves
            added    assets/new.txt
            changed  assets/notes.txt
            removed  assets/old.txt
            Dry run: 1 added, 1 changed, 1 removed, \(count - 1) unchanged in branch gh-pages; nothing was changed

            """, error: ""))
        #expect(try fixture.git("rev-parse", "gh-pages") == tip)
    }

    @Test func theCheckedOutBranchIsRefused() throws {
        let fixture = try PublishFixture()
        defer { fixture.remove() }

        let result = try fixture.tracker("publish", "--branch", "main")

        #expect(result == CommandResult(status: 1, output: "", error: """
            error: refusing to publish to main: it is the branch checked out in \(fixture.site), and moving it would change \
            the files there; switch that worktree to another branch first
            nothing was published

            """))
    }

    /// Found by hand: `--remote "--upload-pack=touch /tmp/x"` reached `git ls-remote` as an option, and git ran the
    /// program it named (touch made the file) before the publish failed.
    @Test func aRemoteThatLooksLikeAnOptionIsRefusedBeforeGitRuns() throws {
        let fixture = try PublishFixture()
        defer { fixture.remove() }
        let marker = fixture.root + "/ran"
        for remote in ["--upload-pack=touch \(marker)", "--receive-pack=touch \(marker)", "-o"] {
            let result = try fixture.tracker("publish", "--branch", "gh-pages", "--remote=\(remote)")
            #expect(result == CommandResult(status: 2, output: "", error: "error: '\(remote)' is not a remote: name one of the repository's remotes (git remote) or give its URL\n"))
            #expect(!FileManager.default.fileExists(atPath: marker))
        }
    }

    @Test func anInvalidBranchNameIsAUsageError() throws {
        let fixture = try PublishFixture()
        defer { fixture.remove() }

        let result = try fixture.tracker("publish", "--branch", "gh..pages")

        #expect(result == CommandResult(status: 2, output: "", error: "error: 'gh..pages' is not a valid branch name\n"))
        // Found by hand: git takes a full ref name as a branch's name, and made refs/heads/refs/heads/gh-pages.
        let full = try fixture.tracker("publish", "--branch", "refs/heads/gh-pages")
        #expect(full == CommandResult(status: 2, output: "", error: "error: 'refs/heads/gh-pages' is a full ref name; --branch takes a branch's own name, such as 'gh-pages'\n"))
        let tag = try fixture.tracker("publish", "--branch", "refs/tags/v1")
        #expect(tag == CommandResult(status: 2, output: "", error: "error: 'refs/tags/v1' is a full ref name; --branch takes a branch's own name\n"))
    }

    @Test func aSiteOutsideGitCannotPublishToABranch() throws {
        let fixture = try PublishFixture()
        defer { fixture.remove() }
        try FileManager.default.removeItem(atPath: fixture.site + "/.git")

        let result = try fixture.tracker("publish", "--branch", "gh-pages")

        #expect(result == CommandResult(status: 1, output: "", error: """
            error: . is not in a git repository; --branch publishes to a branch of the site's own repository \
            (run git init there, or publish to a folder with --to)
            nothing was published

            """))
    }
}
