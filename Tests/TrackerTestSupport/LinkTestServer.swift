import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A small HTTP/1.1 server on 127.0.0.1 (a port the system picks) whose paths misbehave on purpose,
/// for `tracker check --links`. It counts every request it is sent.
///
/// - `/ok`, `/ok/2`: 200
/// - `/chain`: 301 to `/chain/2`, which answers 302 to an absolute `/ok`
/// - `/missing`: 404; `/gone`: 410
/// - `/hang`: reads the request and never answers (until the server stops)
/// - `/reset`: closes the connection with a TCP reset as soon as the request is read
/// - `/slow`: answers 200 after `slowDelay`
/// - `/no-head`: 405 to HEAD, 200 to GET
/// - `/busy`: 503 with `Retry-After: 0` to the first two requests, 200 after
/// - `/to-file`, `/to-ftp`: 302 to `file:///etc/passwd`, to `ftp://` this server's port
public final class LinkTestServer: @unchecked Sendable {
    public let port: Int
    public let slowDelay: Double
    private let listener: Int32
    private let state = Mutex<(requests: [String], open: [Int32], stopped: Bool)>(([], [], false))

    public init(slowDelay: Double = 0.3) throws {
        self.slowDelay = slowDelay
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw ServerError("socket() failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listener, 64) == 0 else { throw ServerError("cannot listen on 127.0.0.1") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        self.listener = listener
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    deinit { stop() }

    public func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Every request so far, as "HEAD /ok", in the order they came.
    public var requests: [String] { state.withLock { $0.requests } }

    /// The requests once there are at least `count` of them, or whatever came within `seconds`.
    /// A client that gave up on a connection (a timeout) may exit before this server's thread has
    /// read that connection's request from the kernel: the request is on its way, not lost.
    public func requests(atLeast count: Int, within seconds: Double = 20) -> [String] {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            let now = requests
            if now.count >= count || Date() >= deadline { return now }
            Thread.sleep(forTimeInterval: 0.01)
        }
    }

    public func stop() {
        // Only once: a descriptor closed twice may by then be another server's.
        guard let open = state.withLock({ state -> [Int32]? in
            guard !state.stopped else { return nil }
            state.stopped = true
            return state.open
        }) else { return }
        for descriptor in open { shutdown(descriptor, Int32(SHUT_RDWR)) }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func acceptLoop() {
        while true {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { return }
            let accepted = state.withLock { state -> Bool in
                guard !state.stopped else { return false }
                state.open.append(connection)
                return true
            }
            guard accepted else {
                close(connection)
                return
            }
            let thread = Thread { [self] in handle(connection) }
            thread.start()
        }
    }

    private func handle(_ connection: Int32) {
        defer {
            state.withLock { $0.open.removeAll { $0 == connection } }
            close(connection)
        }
        var received = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !received.ends(with: Array("\r\n\r\n".utf8)) {
            let count = read(connection, &buffer, buffer.count)
            guard count > 0 else { return }
            received += buffer[0..<count]
        }
        let requestLine = String(decoding: received, as: UTF8.self).prefix { $0 != "\r" }.split(separator: " ")
        guard requestLine.count >= 2 else { return }
        let method = String(requestLine[0]), path = String(requestLine[1])
        let earlier = state.withLock { state -> Int in
            let count = state.requests.filter { $0.hasSuffix(" " + path) }.count
            state.requests.append("\(method) \(path)")
            return count
        }
        func answer(_ status: String, _ headers: [String] = []) {
            let body = method == "HEAD" ? "" : "\(status)\n"
            let head = (["HTTP/1.1 \(status)", "Content-Length: \(status.utf8.count + 1)", "Connection: close"] + headers)
                .joined(separator: "\r\n") + "\r\n\r\n"
            let bytes = Array((head + body).utf8)
            _ = bytes.withUnsafeBytes { write(connection, $0.baseAddress, $0.count) }
        }
        switch path {
        case "/ok", "/ok/2": answer("200 OK")
        case "/chain": answer("301 Moved Permanently", ["Location: /chain/2"])
        case "/chain/2": answer("302 Found", ["Location: \(url("/ok"))"])
        case "/missing": answer("404 Not Found")
        case "/gone": answer("410 Gone")
        case "/hang":
            // Holds the connection open; `stop` shuts it down.
            while read(connection, &buffer, buffer.count) > 0 {}
        case "/reset":
            var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
            setsockopt(connection, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        case "/slow":
            Thread.sleep(forTimeInterval: slowDelay)
            answer("200 OK")
        case "/no-head": method == "HEAD" ? answer("405 Method Not Allowed", ["Allow: GET"]) : answer("200 OK")
        case "/busy": earlier < 2 ? answer("503 Service Unavailable", ["Retry-After: 0"]) : answer("200 OK")
        case "/to-file": answer("302 Found", ["Location: file:///etc/passwd"])
        case "/to-ftp": answer("302 Found", ["Location: ftp://127.0.0.1:\(port)/ftp-request"])
        default: answer("404 Not Found")
        }
    }

    public struct ServerError: Error, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }
}

private extension Array where Element == UInt8 {
    func ends(with suffix: [UInt8]) -> Bool { count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix }
}
