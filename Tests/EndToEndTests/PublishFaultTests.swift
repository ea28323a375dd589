import Foundation
import Testing

/// Publishing into a folder on another file system, onto a mount point, and onto a file system that
/// fills up midway. Mounts are made in a private mount namespace (`unshare -rm`: no root needed where
/// unprivileged user namespaces are allowed); those tests are skipped where they are not.
extension PublishFolderTestSuite {
    static let mountNamespaces: Bool = {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare") else { return false }
        let probe = try? PublishFixture.run("/usr/bin/unshare", ["-rm", "sh", "-c", "mount -t tmpfs none /mnt"], in: "/")
        return probe?.status == 0
    }()

    /// True when /dev/shm is a file system of its own, apart from the temporary folder the fixtures live in.
    static let separateSharedMemory: Bool = {
        var shm = stat(), temporary = stat()
        return stat("/dev/shm", &shm) == 0 && stat(NSTemporaryDirectory(), &temporary) == 0 && shm.st_dev != temporary.st_dev
    }()

    /// Runs `script` with `sh` in a private mount namespace, in the site folder; `$TRACKER` is the binary.
    func inMountNamespace(_ fixture: PublishFixture, _ script: String) throws -> CommandResult {
        try PublishFixture.run("/usr/bin/unshare", ["-rm", "sh", "-c", "TRACKER='\(PublishFixture.tracker)'\n" + script], in: fixture.site)
    }

    @Test(.enabled(if: separateSharedMemory, "/dev/shm is not a separate file system here"))
    func aFolderOnAnotherFileSystemReachedThroughALinkIsSwappedThere() throws {
        let fixture = try PublishFixture()
        defer { fixture.remove() }
        let elsewhere = "/dev/shm/tracker-publish-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: elsewhere) }
        let link = fixture.root + "/www"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: elsewhere + "/www")
        #expect(try fixture.tracker("publish", "--to", link).status == 0)
        try fixture.write("templates/assets/notes.txt", "version 2\n")

        let result = try fixture.tracker("publish", "--to", link)

        #expect(result.status == 0, "\(result)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == elsewhere + "/www", "the link is kept")
        var published = try fixture.files(in: elsewhere + "/www")
        #expect(published.removeValue(forKey: ".tracker-publish") != nil)
        #expect(published == (try fixture.builtSite()))
        // Staged and swapped beside the real folder, on its file system; nothing left over on either.
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere) == ["www"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.root).sorted() == ["site", "www"])
    }

    @Test(.enabled(if: mountNamespaces, "no unprivileged mount namespaces here"))
    func aMountPointIsRefusedAndLeftAlone() throws {
        let fixture = try PublishFixture()
        defer { fixture.remove() }
        let mount = fixture.root + "/mnt"
        try FileManager.default.createDirectory(atPath: mount, withIntermediateDirectories: true)

        let result = try inMountNamespace(fixture, """
            mount -t tmpfs none '\(mount)' || exit 99
            echo kept > '\(mount)/.tracker-publish'
            "$TRACKER" publish --to '\(mount)'
            status=$?
            ls -A '\(mount)'
            exit $status
            """)

        // Refused before the build, as every unusable destination is.
        #expect(result == CommandResult(status: 1, output: """
            .tracker-publish

            """, error: """
            error: refusing to publish to \(mount): it is a mount point (a file system of its own), and a publish swaps the new \
            site in by renaming the folder, which a mount point cannot be; publish to a folder inside it (such as \(mount)/site) \
            and serve that
            nothing was published

            """))
    }

    @Test(.enabled(if: mountNamespaces, "no unprivileged mount namespaces here"))
    func aFileSystemThatFillsUpMidwayKeepsThePreviousSite() throws {
        let fixture = try PublishFixture()
        defer { fixture.remove() }
        let mount = fixture.root + "/mnt"
        let saved = fixture.root + "/saved"
        try FileManager.default.createDirectory(atPath: mount, withIntermediateDirectories: true)
        let first = try fixture.builtSite()

        // The second publish adds a file larger than the whole file system.
        let result = try inMountNamespace(fixture, """
            mount -t tmpfs -o size=2m none '\(mount)' || exit 99
            "$TRACKER" publish --to '\(mount)/www' >/dev/null 2>&1 || exit 98
            head -c 3000000 /dev/zero > templates/assets/large.bin
            "$TRACKER" publish --to '\(mount)/www'
            status=$?
            ls -A '\(mount)'
            cp -a '\(mount)/www' '\(saved)'
            exit $status
            """)

        #expect(result.status == 1, "\(result)")
        // The site is written into the staging folder before it is checked: the write fails first, and nothing is left.
        #expect(result.output == "www\n", "no staging folder is left, and no check ran: \(result)")
        #expect(result.error.hasPrefix("error: cannot publish to \(mount)/www: cannot write \(mount)/www/"), "the target's own path, not the staging folder: \(result)")
        #expect(result.error.hasSuffix(": No space left on device\nnothing was published\n"), "\(result)")
        var kept = try fixture.files(in: saved)
        #expect(kept.removeValue(forKey: ".tracker-publish") != nil)
        #expect(kept == first, "the previous site is served whole")
    }
}
