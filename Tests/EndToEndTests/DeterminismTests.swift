import Foundation
import Testing

/// The same input gives the same bytes however it is built: on one thread or all, cached or not.
@Suite struct DeterminismTestSuite {
    @Test func oneThreadAllThreadsAndTheCacheGiveTheSameBytes() throws {
        let folder = try TemporaryFolder()
        let generator = Process()
        generator.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        generator.currentDirectoryURL = URL(fileURLWithPath: TrackerBinary.packageRoot)
        generator.arguments = ["python3", TrackerBinary.packageRoot + "/scripts/gen-corpus.py", "--incidents", "300", "--seed", "7", "--out", folder.path + "/site"]
        generator.standardOutput = FileHandle.nullDevice
        try generator.run()
        generator.waitUntilExit()
        #expect(generator.terminationStatus == 0)
        let site = folder.path + "/site"

        let parallel = try TrackerBinary.run(["build", "--no-cache", "--output", folder.path + "/parallel"], in: site)
        #expect(parallel.status == 0, "\(parallel.stderr)")
        let single = try TrackerBinary.run(["build", "--no-cache", "--output", folder.path + "/single"], in: site, environment: ["TRACKER_THREADS": "1"])
        #expect(single.status == 0, "\(single.stderr)")
        let built = snapshot(folder.path + "/parallel")
        #expect(built.keys.filter { $0.hasPrefix("incidents/") }.count >= 300)
        #expect(snapshot(folder.path + "/single") == built)

        // A cached rebuild leaves the same bytes; so does a full rebuild after the cache is dropped.
        #expect(try TrackerBinary.run(["build", "--output", folder.path + "/parallel"], in: site).stdout.hasPrefix("Built "))
        #expect(try TrackerBinary.run(["build", "--output", folder.path + "/parallel"], in: site).stdout.hasPrefix("Nothing changed"))
        #expect(snapshot(folder.path + "/parallel") == built)
        try FileManager.default.removeItem(atPath: site + "/.tracker-cache")
        #expect(try TrackerBinary.run(["build", "--output", folder.path + "/parallel"], in: site).stdout.hasPrefix("Built "))
        #expect(snapshot(folder.path + "/parallel") == built)
    }
}
