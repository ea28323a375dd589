import Foundation
import Testing

/// Runs the built `tracker` binary, as a user would.
enum TrackerBinary {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    static var path: String { packageRoot + "/.build/debug/tracker" }

    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
        /// The signal that ended the process, if one did.
        var signal: Int32? = nil
    }

    static func run(_ arguments: [String], in directory: String, environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read before waiting, so a full pipe can never block the child.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self),
                      signal: process.terminationReason == .uncaughtSignal ? process.terminationStatus : nil)
    }
}

/// A temporary folder that removes itself.
final class TemporaryFolder {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "tracker-e2e-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func write(_ relative: String, _ text: String) throws {
        let url = URL(fileURLWithPath: path + "/" + relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func read(_ relative: String) throws -> String {
        try String(contentsOfFile: path + "/" + relative, encoding: .utf8)
    }
}

/// A copy of a fixture site (in `site/` of a new temporary folder) built by the binary, which must succeed
/// silently: the folder, to keep alive while the output is read, and the output folder's path.
func buildCopy(of fixture: String) throws -> (TemporaryFolder, String) {
    let folder = try TemporaryFolder()
    let site = folder.path + "/site"
    try copyFolder(fixture, to: site)
    let result = try TrackerBinary.run(["build"], in: site)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr == "")
    return (folder, site + "/public")
}

/// Every file below a folder with its bytes, for byte-for-byte comparisons: of a built site, its pages and files,
/// without the `.tracker-build` file each build leaves in its output (`aBuildReplacesOnlyAFolderABuildMade`).
func snapshot(_ folder: String) -> [String: Data] {
    var files: [String: Data] = [:]
    guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return files }
    while let item = enumerator.nextObject() as? String {
        if item != ".tracker-build", enumerator.fileAttributes?[.type] as? FileAttributeType == .typeRegular {
            files[item] = FileManager.default.contents(atPath: folder + "/" + item)
        }
    }
    return files
}

func copyFolder(_ source: String, to destination: String) throws {
    try? FileManager.default.removeItem(atPath: destination)
    try FileManager.default.copyItem(atPath: source, toPath: destination)
}
