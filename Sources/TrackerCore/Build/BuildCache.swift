import Foundation

/// Lets a rebuild with nothing changed skip all work. After each build it records, under
/// `SITE/.tracker-cache/`, a key over every input (the bytes of every file of content/, templates/ and
/// static/, build options, the tracker binary itself, the git commit the records' history is read at) and the size and modification time of every
/// output file. A later build with the same key whose output is untouched has nothing to do. The record carries its own
/// checksum: a damaged or unreadable one is ignored, and the site is built in full.
struct BuildCache {
    static let folderName = ".tracker-cache"
    static let fileName = "build-manifest"
    static let header = "tracker-build-cache 2"

    let siteDirectory: String
    let outputDirectory: String

    var cacheFile: String { (siteDirectory as NSString).appendingPathComponent("\(Self.folderName)/\(Self.fileName)") }

    /// A key over everything a build reads. Nil when an input cannot be read (then nothing is skipped).
    /// `known` holds digests the loader already made while reading ("content/…" → "size hash"), so
    /// those files are not read a second time. `git` is the state the history is read at: a new commit
    /// changes the pages that show it, so it changes the key (the history is a function of the commit).
    func inputKey(_ options: BuildOptions, known: [String: String] = [:], git: GitHistory.State?) -> String? {
        var hasher = ContentHash()
        hasher.combine("options \(options.includeDrafts) \(options.strict) \(options.baseURL ?? "-") \(options.render.pageFooterHTML ?? "-") \(absoluteOutput)")
        hasher.combine("git \(git?.key ?? "-")")
        guard let binary = Self.binaryIdentity() else { return nil }
        hasher.combine("binary \(binary)")
        // Source pages show the links `tracker check --links` found dead.
        hasher.combine("dead links \(LinkCache.load(siteDirectory: siteDirectory).deadKey)")
        // A link out of the site is an error of the build (`SiteBoundary`), and is never read: the key holds where it
        // leads. Walked into, `static/r -> /` listed and read the whole machine.
        let boundary = SiteBoundary(siteDirectory: siteDirectory)
        for folder in ["content", "templates", ContentFiles.staticFolder, ThemeStrings.siteFolder] {
            let root = (siteDirectory as NSString).appendingPathComponent(folder)
            if let target = boundary.outsideTarget(of: root) {
                hasher.combine("\(folder) -> \(target)")
                continue
            }
            var found: [String: EntryProblem] = [:]
            let files = FileTree.files(under: root, boundary: boundary, problems: &found)
            let problems = found
            // Each file is hashed on its own, on every core; the digests are then combined in order.
            let digests = files.parallelMap { file -> String? in
                if let problem = problems[file] { return "\(folder)/\(file) -> \(problem.key)" }
                if let digest = known["\(folder)/\(file)"] { return "\(folder)/\(file) \(digest)" }
                guard let digest = Self.fileDigest(root + "/" + file) else { return nil }
                return "\(folder)/\(file) \(digest)"
            }
            for digest in digests {
                guard let digest else { return nil }
                hasher.combine(digest)
            }
        }
        return hasher.hexDigest
    }

    /// A file's size and digest, as the key lists them: `FileDigest`, not SHA-256 (the key over the list is).
    static func digest(_ data: Data) -> String {
        data.withUnsafeBytes { "\($0.count) \(FileDigest.hex($0))" }
    }

    /// `digest` of the file at `path`. A file of a megabyte or more (a video in static/, a scan in a bundle) is
    /// hashed a block at a time, not read whole: a 500 MB file held 500 MB more while the pages were written.
    static func fileDigest(_ path: String) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        let size = Int(info.st_size)
        guard size >= 1 << 20 else { return FileTree.read(descriptor, size: size).map(digest) }
        return FileDigest.hex(descriptor: descriptor, size: size).map { "\(size) \($0)" }
    }

    /// The running executable's path, size and modification time: a rebuilt or upgraded tracker invalidates the cache.
    static func binaryIdentity() -> String? {
        let path = ExecutablePath.current
        guard let stamp = FileStamp(path: path) else { return nil }
        return "\(path) \(stamp)"
    }

    var absoluteOutput: String { URL(fileURLWithPath: outputDirectory).standardizedFileURL.path }

    /// The output folder the recorded build wrote (the record's third line), whatever the state of the record's
    /// other lines; nil without a record.
    var recordedOutput: String? {
        guard let file = FileHandle(forReadingAtPath: cacheFile) else { return nil }
        defer { try? file.close() }
        // The record is a line per output file; the output is named near its start.
        guard let head = try? file.read(upToCount: 1 << 16) else { return nil }
        let lines = head.split(separator: UInt8(ascii: "\n"), maxSplits: 3, omittingEmptySubsequences: false)
        guard lines.count >= 3, lines[0].elementsEqual(Self.header.utf8),
              let line = String(bytes: lines[2], encoding: .utf8), line.hasPrefix("output ") else { return nil }
        return String(line.dropFirst("output ".count))
    }

    /// The key of the last build when its record is intact and every output file it lists is as it
    /// was written; nil otherwise (then the build must run whatever the inputs are, and the key can
    /// wait until the content has been read).
    func recordedKeyOfIntactOutput() -> String? {
        guard let data = FileTree.read(cacheFile), let text = String(validating: data, as: UTF8.self) else { return nil }
        let output = absoluteOutput
        @Sendable func isAsWritten(_ line: Substring.UTF8View) -> Bool {
            let parts = line.split(separator: UInt8(ascii: " "), maxSplits: 2)
            guard parts.count == 3, let size = Int(Substring(parts[0])) else { return false }
            guard let stamp = FileStamp(path: .concatenating(output, "/", String(Substring(parts[2])))) else { return false }
            return stamp.size == size && Substring(parts[1]) == stamp.modified
        }
        // The header, the key, the output and the first entry first. A removed or rebuilt output fails on
        // its first file: then the rest is not even split (a build after `rm -rf public` must not pay for
        // reading a record it cannot use).
        let head = text.utf8.split(separator: UInt8(ascii: "\n"), maxSplits: 4, omittingEmptySubsequences: false)
        guard head.count == 5, Substring(head[0]) == Self.header, Substring(head[1]).hasPrefix("key "),
              Substring(head[2]) == "output \(output)", isAsWritten(head[3]) else { return nil }
        // Split as bytes: the record has a line per output file, tens of thousands of them.
        let lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        guard lines.count >= 6, lines.last?.isEmpty == true else { return nil }
        let entries = lines[3 ..< lines.count - 2]
        // The checksum covers every line before its own, joined by newlines: the text up to that line.
        let checksumLine = lines[lines.count - 2]
        var checksum = ContentHash()
        checksum.combine(data.prefix(text.utf8.distance(from: text.utf8.startIndex, to: checksumLine.startIndex) - 1))
        guard Substring(checksumLine) == "checksum \(checksum.hexDigest)", Array(entries).parallelMap(isAsWritten).allSatisfy({ $0 }),
              FileTree.files(under: output).count(where: { $0 != SiteBuilder.outputMarker }) == entries.count else { return nil }
        return String(Substring(lines[1]).dropFirst("key ".count))
    }

    /// Records the key and the output as it now is. The record is written as it is made, a block of
    /// entries at a time, and its checksum made of the blocks as they are written: on a site of 100,000 incidents
    /// the record is tens of megabytes, and holding it whole (and joined, twice) raised the build's peak memory.
    /// `stamps[i]`, where given, is `paths[i]`'s stamp as it was written (`OutputWriter.streamFile`); a file
    /// without one is looked up.
    func record(key: String, paths: OutputPaths, stamps: [FileStamp?] = []) {
        let output = absoluteOutput
        let folder = (cacheFile as NSString).deletingLastPathComponent
        try? Self.createFolder(of: cacheFile)
        // In the order given (the build's jobs, the same in every build of the same input), and each entry written
        // as bytes: this runs on one core after the last page, and sorting the paths and making a `String` per
        // entry took most of its time. A file without a stamp from its writer (a caller that gives none, an
        // fstat that failed) is looked up, on every core; a file with none at all leaves no record.
        let lookups = paths.indices.filter { $0 >= stamps.count || stamps[$0] == nil }
        let looked = Dictionary(uniqueKeysWithValues: zip(lookups, lookups.parallelMap { FileStamp(path: output + "/" + paths[$0]) }))
        func stamp(_ index: Int) -> FileStamp? { (index < stamps.count ? stamps[index] : nil) ?? looked[index] ?? nil }
        let heads = [Self.header, "key \(key)", "output \(output)"]
        // The checksum covers every line before its own, joined by newlines, and starts with their length: counted
        // first, so that the lines are hashed as they are written (reading the record back for it took as long as
        // hashing it).
        var length = heads.reduce(heads.count - 1) { $0 + $1.utf8.count }
        for index in paths.indices {
            guard let stamp = stamp(index) else { return }
            length += 4 + [UInt8].decimalCount(stamp.size) + [UInt8].decimalCount(stamp.seconds) + [UInt8].decimalCount(stamp.nanoseconds)
                + paths.byteCount(index)
        }
        let temporary = cacheFile + Self.temporarySuffix + "\(getpid())"
        guard let file = fopen(temporary, "w") else { return }
        var written = true
        var checksum = ContentHash()
        checksum.startPieces(length: length)
        var hashed = 0
        var buffer: [UInt8] = []
        buffer.reserveCapacity(Self.blockSize + 4096)
        /// Writes the buffer, and hashes it unless it is the checksum's own line.
        func flush(hashing: Bool = true) {
            if buffer.isEmpty { return }
            if fwrite(buffer, 1, buffer.count, file) != buffer.count { written = false }
            if hashing {
                buffer.withUnsafeBytes { checksum.combinePiece($0) }
                hashed += buffer.count
            }
            buffer.removeAll(keepingCapacity: true)
        }
        /// Appends a line (after a newline, unless it is the first) that `write` puts into the buffer.
        func appendLine(_ write: (inout [UInt8]) -> Void) {
            if hashed > 0 || !buffer.isEmpty { buffer.append(UInt8(ascii: "\n")) }
            write(&buffer)
            if buffer.count >= Self.blockSize { flush() }
        }
        for line in heads { appendLine { $0.append(contentsOf: line.utf8) } }
        for index in paths.indices {
            guard let stamp = stamp(index) else { continue }
            appendLine { bytes in
                bytes.appendDecimal(stamp.size)
                bytes.append(UInt8(ascii: " "))
                bytes.appendDecimal(stamp.seconds)
                bytes.append(UInt8(ascii: "."))
                bytes.appendDecimal(stamp.nanoseconds)
                bytes.append(UInt8(ascii: " "))
                paths.append(index, to: &bytes)
            }
        }
        flush()
        // The length hashed first is the length written: else the record would not check, and is not kept.
        if hashed == length {
            buffer.append(contentsOf: "\nchecksum \(checksum.hexDigest)\n".utf8)
            flush(hashing: false)
        } else {
            written = false
        }
        if fclose(file) != 0 { written = false }
        guard written else {
            unlink(temporary)
            return
        }
        KillPoint.reached("cache-written")
        if rename(temporary, cacheFile) != 0 { try? FileManager.default.removeItem(atPath: temporary) }
        removeTemporaryFilesOfDeadBuilds(in: folder)
    }

    /// How many bytes of the record are written at a time.
    static let blockSize = 1 << 20

    static let temporarySuffix = ".tmp-"

    /// A build killed while recording leaves its temporary record (named with its pid) behind: the next
    /// one to record removes those of processes that no longer run. (Builds of other outputs may be
    /// recording into the same folder at the same time, so a live one's file is left alone.)
    func removeTemporaryFilesOfDeadBuilds(in folder: String) {
        let prefix = Self.fileName + Self.temporarySuffix
        DirectoryEntries.forEach(in: folder, followingLinks: false) { name, _ in
            guard name.hasPrefix(prefix), let pid = Int32(name.dropFirst(prefix.count)), kill(pid, 0) != 0, errno == ESRCH else { return }
            unlink(folder + "/" + name)
        }
    }

    /// Creates the cache folder that holds `file` when it is missing. As pytest does for its cache, the
    /// folder ignores itself, so it never shows up in `git status`.
    static func createFolder(of file: String) throws {
        let folder = (file as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let ignore = folder + "/.gitignore"
        if !FileManager.default.fileExists(atPath: ignore) {
            _ = FileManager.default.createFile(atPath: ignore, contents: Data("# Created by tracker: a build cache, safe to delete.\n*\n".utf8))
        }
    }

    func forget() { try? FileManager.default.removeItem(atPath: cacheFile) }
}
