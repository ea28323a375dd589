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

    /// Found by hand: `site.yml` saved with a byte order mark (as Windows' Notepad may) failed the build with
    /// "content/site.yml:2:1: error: invalid YAML: did not find expected <document start>". Every text file of the
    /// example saved as a Windows editor may save it (a byte order mark, CR LF line ends) builds the same bytes.
    @Test func filesSavedWithAByteOrderMarkAndCRLFBuildTheSameBytes() throws {
        let plain = try TemporaryFolder(), windows = try TemporaryFolder()
        let root = TrackerBinary.packageRoot
        for folder in [plain, windows] {
            try copyFolder(root + "/content", to: folder.path + "/content")
            try folder.write("i18n/en.yml", "facts: Key facts\n")
        }
        let files = FileManager.default.enumerator(atPath: windows.path)!.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".md") || $0.hasSuffix(".yml") }.sorted()
        #expect(files.contains("content/site.yml") && files.count > 20, "\(files)")
        for file in files {
            let text = try windows.read(file)
            try windows.write(file, "\u{FEFF}" + text.replacingOccurrences(of: "\n", with: "\r\n"))
        }
        let written = try #require(FileManager.default.contents(atPath: windows.path + "/content/site.yml"))
        #expect(written.prefix(3) == Data([0xEF, 0xBB, 0xBF]) && written.contains(0x0D))
        for folder in [plain, windows] {
            let build = try TrackerBinary.run(["build"], in: folder.path)
            #expect(build.status == 0, "\(build.stderr)")
            #expect(build.stderr == "")
        }
        let built = snapshot(windows.path + "/public")
        #expect(built.count == 103)
        #expect(built == snapshot(plain.path + "/public"))
    }
}
