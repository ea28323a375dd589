import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// HTTP/1.1 spoken over a plain socket, so request targets such as `/../etc/passwd` reach the server
/// exactly as written (a URL library would normalise them first).
struct RawHTTP {
    struct Response {
        let status: Int
        let headers: [String: String]
        let body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    let port: Int

    /// Sends one request with `Connection: close` and reads the whole answer.
    /// `host` is the `Host` header's value (nil: none is sent), 127.0.0.1 and the port by default.
    func send(_ method: String, _ target: String, timeout: Double = 10, host: String?? = .none) throws -> Response {
        let socket = try Socket(port: port, timeout: timeout)
        defer { socket.close() }
        let hostLine = (host ?? "127.0.0.1:\(port)").map { "Host: \($0)\r\n" } ?? ""
        try socket.write("\(method) \(target) HTTP/1.1\r\n\(hostLine)Connection: close\r\n\r\n")
        var data = Data()
        while let chunk = try socket.read() { data.append(chunk) }
        return try Self.parse(data, method: method)
    }

    func get(_ target: String) throws -> Response { try send("GET", target) }

    static func parse(_ data: Data, method: String) throws -> Response {
        guard let split = data.range(of: Data("\r\n\r\n".utf8)) else { throw ServeError("no end of headers in: \(String(decoding: data, as: UTF8.self))") }
        let head = String(decoding: data[..<split.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        guard let statusLine = head.first, let status = Int(statusLine.split(separator: " ")[1]) else { throw ServeError("bad status line") }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return Response(status: status, headers: headers, body: Data(data[split.upperBound...]))
    }
}

/// The server-sent events of `/__tracker/events`, read as they come.
final class EventStream {
    struct Event {
        let name: String
        let data: String
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(data.utf8))) as? [String: Any] ?? [:] }
    }

    let socket: Socket
    var buffer = ""

    init(port: Int) throws {
        socket = try Socket(port: port, timeout: 0.2)
        try socket.write("GET /__tracker/events HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nAccept: text/event-stream\r\n\r\n")
    }

    deinit { socket.close() }

    /// The next event with this name, skipping others; nil when none comes in time.
    func next(_ name: String, timeout: Double = 10) throws -> Event? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            while let end = buffer.range(of: "\n\n") {
                let block = buffer[..<end.lowerBound]
                buffer = String(buffer[end.upperBound...])
                var event = "message", data = ""
                for line in block.split(separator: "\n") {
                    if line.hasPrefix("event: ") { event = String(line.dropFirst(7)) }
                    if line.hasPrefix("data: ") { data = String(line.dropFirst(6)) }
                }
                if event == name { return Event(name: event, data: data) }
            }
            do {
                guard let chunk = try socket.read() else { return nil }
                buffer += String(decoding: chunk, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
            } catch Socket.Failure.timedOut {
                continue
            }
        }
        return nil
    }
}

/// A TCP connection to 127.0.0.1 with a read timeout.
final class Socket {
    enum Failure: Error { case cannotConnect, timedOut, failed(Int32) }
    let descriptor: Int32

    init(port: Int, timeout: Double) throws {
        #if canImport(Glibc)
        descriptor = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        descriptor = Darwin.socket(AF_INET, SOCK_STREAM, 0)
        #endif
        var time = timeval()
        time.tv_sec = Int(timeout)
        time.tv_usec = .init((timeout - Double(Int(timeout))) * 1_000_000)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            Foundation.close(descriptor)
            throw Failure.cannotConnect
        }
    }

    func write(_ text: String) throws {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { throw Failure.failed(errno) }
            offset += sent
        }
    }

    /// The next bytes, or nil at the end of the stream.
    func read() throws -> Data? {
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = recv(descriptor, &buffer, buffer.count, 0)
        if count > 0 { return Data(buffer[..<count]) }
        if count == 0 { return nil }
        if errno == EAGAIN || errno == EWOULDBLOCK { throw Failure.timedOut }
        throw Failure.failed(errno)
    }

    func close() { Foundation.close(descriptor) }
}
