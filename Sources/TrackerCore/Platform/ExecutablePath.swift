import Foundation

enum ExecutablePath {
    /// The running executable, with symbolic links resolved: Linux names it in /proc/self/exe; elsewhere
    /// Foundation's record of it, else the path the process was started with.
    static var current: String {
        #if os(Linux)
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        #endif
        return Bundle.main.executablePath ?? CommandLine.arguments[0]
    }
}
