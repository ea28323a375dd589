import Foundation
import Testing
@testable import TrackerCore

/// The preview's map of output files: changes laid over a shared map read as one dictionary would.
@Suite struct OutputFilesTests {
    @Test func changesOverASharedMapReadAsOneDictionary() {
        let shared: OutputFiles = ["a.html": Data("a".utf8), "b.html": Data("b".utf8)]
        var files = shared
        files.set("b.html", Data("B".utf8), siteWide: false)
        files.set("c.html", Data("c".utf8), siteWide: false)
        files.set("list.html", Data("l".utf8), siteWide: true)
        files.remove("a.html")
        files.remove("gone.html")
        #expect(files.count == 3)
        #expect(files["a.html"] == nil && files["b.html"] == Data("B".utf8) && files["c.html"] == Data("c".utf8) && files["list.html"] == Data("l".utf8))
        #expect(files.paths.sorted() == ["b.html", "c.html", "list.html"])
        #expect(shared["a.html"] == Data("a".utf8) && shared["b.html"] == Data("b".utf8) && shared.count == 2, "the shared map is untouched")
        let compacted = files.compacted()
        #expect(compacted == files && compacted.changeCount == 0 && compacted.count == 3)
        #expect(compacted.paths.sorted() == ["b.html", "c.html", "list.html"])
        files.set("a.html", Data("a".utf8), siteWide: false)
        files.remove("list.html")
        #expect(files.count == 3 && files != compacted)
        #expect(files.paths.sorted() == ["a.html", "b.html", "c.html"])
        files.set("robots.txt", Data("generated".utf8), siteWide: true)
        files.set("robots.txt", Data("static".utf8), siteWide: false)
        #expect(files["robots.txt"] == Data("static".utf8) && files.count == 4, "a static file takes the generated page's place")
        files.set("robots.txt", Data("generated".utf8), siteWide: true)
        #expect(files["robots.txt"] == Data("generated".utf8) && files.compacted()["robots.txt"] == Data("generated".utf8) && files.count == 4)
    }

    /// A file copied as it is (`static/`, a bundle's) is where it is on disk: its bytes are read when asked for,
    /// never held, and it takes a page's place and gives it back as a page would.
    @Test func aFileServedFromDiskIsReadWhenAskedAndTakesAPagesPlace() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("output-files-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/CNAME"
        try Data("one.example\n".utf8).write(to: URL(fileURLWithPath: path))
        let (read, error) = DiskFile.read(path)
        let file = try #require(read, "errno \(error)")
        #expect(file.size == 12 && file.path == path)

        var files: OutputFiles = ["a.html": Data("a".utf8)]
        files.set("robots.txt", Data("generated".utf8), siteWide: true)
        files.set("CNAME", file)
        #expect(files.count == 3 && files.diskFile("CNAME") == file && files.diskFile("a.html") == nil)
        #expect(files["CNAME"] == Data("one.example\n".utf8))
        try Data("two.example\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(files["CNAME"] == Data("two.example\n".utf8), "read when asked for, as it is now")
        #expect(DiskFile.read(path).file != file, "the same size, other bytes: another file")
        #expect(DiskFile.read(path).file == DiskFile.read(path).file)

        files.set("robots.txt", file)
        files.set("a.html", file)
        #expect(files.count == 3 && files.paths.sorted() == ["CNAME", "a.html", "robots.txt"])
        #expect(files.compacted().diskFile("a.html") == file && files.compacted().count == 3)
        files.set("a.html", Data("page".utf8), siteWide: false)
        files.set("robots.txt", Data("generated".utf8), siteWide: true)
        #expect(files.diskFile("a.html") == nil && files["a.html"] == Data("page".utf8) && files["robots.txt"] == Data("generated".utf8))
        files.remove("CNAME")
        #expect(files.count == 2 && files.paths.sorted() == ["a.html", "robots.txt"] && files["CNAME"] == nil)

        #expect(DiskFile.read(folder + "/missing").error == ENOENT)
        #expect(DiskFile.read(folder).error == EINVAL, "a folder is not a file to copy")
    }

    @Test func freedLargeBuffersAreTakenAgainOnlyWhenTheyFit() throws {
        let pool = BufferPool()
        let size = BufferPool.minimumSize
        pool.keep(upTo: 3 * size)
        let block = try #require(malloc(2 * size))
        pool.give(block, capacity: 2 * size)
        pool.give(try #require(malloc(2 * size)), capacity: 2 * size)  // past the limit: freed
        #expect(pool.take(atLeast: size / 2) == nil, "small buffers come from malloc")
        #expect(pool.take(atLeast: size) == nil, "twice the size is kept for a larger page")
        #expect(pool.take(atLeast: 2 * size + 1) == nil, "too small")
        let taken = try #require(pool.take(atLeast: 2 * size - 10))
        #expect(taken.0 == block && taken.1 == 2 * size)
        #expect(pool.take(atLeast: 2 * size - 10) == nil, "taken once; the second buffer was not kept")
        pool.give(block, capacity: 2 * size)
        pool.drain()
        #expect(pool.take(atLeast: 2 * size) == nil, "drained")
    }

    #if os(Linux)
    /// A site-wide page kept out of the heap (`MappedPage`): reading it maps its memory pages in (a rebuild
    /// compares every one with the page it made again), and letting go of them keeps its bytes.
    @Test func aMappedPageLetsGoOfTheMemoryItWasReadThroughAndKeepsItsBytes() throws {
        // An odd length, so that no other test's page could be taken for this one.
        let bytes = Data((0 ..< (2 << 20) + 12_345).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 9) })
        let pages = (bytes.count + 4095) / 4096
        var page: Data? = try #require(MappedPage.keep(bytes))
        let address = try #require(page!.withUnsafeBytes { $0.baseAddress.map { UInt(bitPattern: $0) } })
        #expect(MappedPage.isLive(address, count: bytes.count))
        #expect(page == bytes)
        #expect(try residentKiB(at: address) == pages * 4, "read whole")
        MappedPage.releaseResidentPages()
        #expect(try residentKiB(at: address) == 0)
        #expect(page == bytes, "read again from its file")
        #expect(try residentKiB(at: address) == pages * 4)
        page = nil
        #expect(!MappedPage.isLive(address, count: bytes.count), "unmapped, and so never released again")
    }

    /// The resident memory of the mapping that starts at `address`, from /proc/self/smaps.
    private func residentKiB(at address: UInt) throws -> Int {
        // Read to its end: the file reports no size, and the mappings are many.
        let smaps = try #require(FileHandle(forReadingAtPath: "/proc/self/smaps")).readDataToEndOfFile()
        let lines = String(decoding: smaps, as: UTF8.self).split(separator: "\n")
        let start = String(address, radix: 16) + "-"
        let mapping = try #require(lines.firstIndex { $0.hasPrefix(start) })
        let rss = try #require(lines[(mapping + 1)...].first { $0.hasPrefix("Rss:") })
        return try #require(Int(rss.dropFirst(4).trimmingCharacters(in: .whitespaces).dropLast(3)))
    }
    #endif
}
