import Foundation
import Synchronization
import Testing
import TrackerCore
@testable import TrackerPreview
import TrackerTestSupport

/// `TRACKER_VERIFY_INCREMENTAL=1`: after each rebuild the preview compares its files with a full build of the site
/// as it is then. A difference is a warning, unless the site changed after the rebuild's batch (a test's next
/// change, the second half of a save written in place): then the comparison is made after the next rebuild.
@Suite struct ComparisonWithAFullBuildTestSuite {
    final class Output: Sendable {
        let out = Mutex<[String]>([])
        let error = Mutex<[String]>([])
        var console: Console { Console(out: { text in self.out.withLock { $0.append(text) } }, error: { text in self.error.withLock { $0.append(text) } }) }
        var lastOut: String? { out.withLock { $0.last } }
        var errors: [String] { error.withLock { $0 } }
    }

    static let verified = "Verified: the same files as a full build\n"
    static let putOff = "Not compared: the site changed while this build was compared with a full build; compared after the next one\n"

    @Test func aDifferenceFoundAfterTheSiteChangedIsComparedAgainAfterTheNextRebuild() async throws {
        let site = try TemporarySite()
        let output = Output()
        let session = PreviewSession(options: BuildOptions(siteDirectory: site.root), site: ServedSite(), console: output.console, verify: true)
        #expect(await session.rebuild(nil, settled: { true })?.succeeded == true)
        #expect(output.out.withLock { $0 } == [Self.verified])

        // Two incidents change; the rebuild is told of one, as when the other's events came after its batch.
        let (a, b) = ("content/incidents/pk-x-2024.md", "content/incidents/in-x-2023.md")
        let original = try site.read(b)
        try site.write(a, try site.read(a).replacingOccurrences(of: "X blocked in Pakistan", with: "X blocked in Pakistan again"))
        try site.write(b, original.replacingOccurrences(of: "X restricted in Manipur", with: "X restricted in Manipur again"))
        #expect(await session.rebuild(SiteChanges(paths: [a]), settled: { false })?.succeeded == true)
        #expect(output.lastOut == Self.putOff)
        #expect(output.errors == [])

        // The other is put back: its rebuild changes nothing, and the comparison put off is made then.
        try site.write(b, original)
        #expect(await session.rebuild(SiteChanges(paths: [b]), settled: { true }) == nil)
        #expect(output.lastOut == Self.verified)
        #expect(output.errors == [])
        // Nothing is owed any more: a rebuild that changes nothing compares nothing.
        let lines = output.out.withLock { $0.count }
        #expect(await session.rebuild(SiteChanges(paths: [b]), settled: { true }) == nil)
        #expect(output.out.withLock { $0.count } == lines)

        // With the site as it was at the batch, the same difference is a warning.
        try site.write(a, try site.read(a).replacingOccurrences(of: "again", with: "once more"))
        try site.write(b, original.replacingOccurrences(of: "X restricted in Manipur", with: "X restricted in Manipur again"))
        #expect(await session.rebuild(SiteChanges(paths: [a]), settled: { true })?.succeeded == true)
        let errors = output.errors
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix("warning: the incremental build differs from a full build in ") == true)
        #expect(errors.first?.contains("incidents/in-x-2023/index.html") == true)
    }
}
