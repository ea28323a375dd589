import Foundation

/// Only one tracker process writes an output folder at a time: `tracker build` and `tracker publish --to`
/// hold an exclusive `flock` on `.NAME.lock` beside the folder (`.public.lock` for `public/`) while they
/// write it and swap it in. A second process waits for the first to finish, then builds in its turn.
/// The kernel releases the lock when its holder exits, however it exits, so a killed build never
/// blocks the next one; the holder deletes the file when it is done, and a file left by a killed
/// process is taken over and deleted by the next one.
public final class OutputLock: @unchecked Sendable {
    private var descriptor: Int32
    let path: String

    /// The lock file of the output folder at `output` (an absolute, standardized path).
    static func path(for output: URL) -> String {
        output.deletingLastPathComponent().appendingPathComponent(".\(output.lastPathComponent).lock").path
    }

    /// Takes the lock, waiting while another process holds it; `waiting` gets the holder's pid (when it
    /// has written it yet) once, before the wait.
    init(path: String, waiting: (Int32?) -> Void) throws(OutputWriter.WriteError) {
        self.path = path
        var toldWaiting = false
        while true {
            let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else {
                throw OutputWriter.WriteError(description: "cannot create the lock file \(path): \(String(cString: strerror(errno)))")
            }
            if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
                if !toldWaiting {
                    toldWaiting = true
                    waiting(Self.holder(descriptor))
                }
                while flock(descriptor, LOCK_EX) != 0 {
                    guard errno == EINTR else {
                        let reason = String(cString: strerror(errno))
                        close(descriptor)
                        throw OutputWriter.WriteError(description: "cannot lock \(path): \(reason)")
                    }
                }
            }
            // The holder deletes the file before it lets go: a lock taken on a deleted file guards
            // nothing, so take the one now at the path instead.
            var held = stat(), current = stat()
            if fstat(descriptor, &held) == 0, stat(path, &current) == 0, held.st_dev == current.st_dev, held.st_ino == current.st_ino {
                self.descriptor = descriptor
                break
            }
            close(descriptor)
        }
        // Who holds it, for the message of a process that waits.
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pwrite(descriptor, pid, pid.count, 0)
    }

    private static func holder(_ descriptor: Int32) -> Int32? {
        var bytes = [UInt8](repeating: 0, count: 32)
        let count = pread(descriptor, &bytes, bytes.count, 0)
        guard count > 0 else { return nil }
        return Int32(String(decoding: bytes[..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Deletes the lock file, then lets go of the lock; also done when the lock is freed.
    public func release() {
        guard descriptor >= 0 else { return }
        unlink(path)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}
