import Foundation

/// Which `Host` headers the preview answers (DNS rebinding protection).
///
/// A web page on another site can point its own domain name at 127.0.0.1 and then read the preview
/// as same-origin; its requests carry that domain in `Host`. So:
/// - bound to loopback (the default), only loopback names are answered: `localhost`, `*.localhost`,
///   `127.x.x.x`, `[::1]`, with any port;
/// - bound beyond loopback (`--host 0.0.0.0`, a LAN address), also any IP address literal (a page
///   cannot rebind a name it does not own into an address: an address has no DNS to rebind);
/// - in both cases, the name given to `--host` and those given with `--allowed-host` (exact, case-insensitive).
/// A request without `Host` (HTTP/1.0 tools) is answered: browsers always send one.
public struct HostPolicy: Sendable, Equatable {
    public let exposed: Bool
    public let allowedNames: Set<String>

    public init(bindHost: String, allowedHosts: [String] = []) {
        let bound = Self.name(ofBindAddress: bindHost)
        exposed = !Self.isLoopback(bound)
        // The name `--host` was given is one the user reaches the preview by.
        allowedNames = Set(allowedHosts.map { Self.normalized($0) } + [bound])
    }

    /// True when a request with this `Host` header value (nil: none sent) may be answered.
    public func allows(_ header: String?) -> Bool {
        guard let header else { return true }
        guard let name = Self.hostName(ofHeader: header) else { return false }
        if Self.isLoopback(name) || allowedNames.contains(name) { return true }
        return exposed && Self.isAddressLiteral(name)
    }

    /// The text of the 403 answer.
    public var refusal: String {
        "Forbidden: this preview answers requests addressed to "
            + (exposed ? "an IP address or localhost" : "localhost, 127.0.0.1 or [::1]")
            + ", and the Host header named something else (DNS rebinding protection). "
            + "To allow a name, start tracker serve with --allowed-host NAME.\n"
    }

    /// The warning printed at start when other machines can reach the server.
    public static func exposureWarning(bindHost: String) -> String {
        "warning: serving on \(bindHost): reachable from other machines on your network, which can read every page of the preview; "
            + "it answers requests addressed to an IP address of this machine or localhost (add names with --allowed-host)\n"
    }

    /// The host part of a `Host` header (`name`, `name:port`, `[v6]`, `[v6]:port`), lowercased; nil if malformed.
    static func hostName(ofHeader header: String) -> String? {
        let value = header.trimmingCharacters(in: .whitespaces)
        let host: Substring
        if value.hasPrefix("[") {
            guard let close = value.firstIndex(of: "]") else { return nil }
            host = value[...close]
            let rest = value[value.index(after: close)...]
            guard rest.isEmpty || (rest.first == ":" && rest.dropFirst().allSatisfy(\.isASCIIDigitCharacter)) else { return nil }
        } else {
            let parts = value.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count <= 2, let first = parts.first else { return nil }
            if parts.count == 2, !parts[1].allSatisfy(\.isASCIIDigitCharacter) { return nil }
            host = first
        }
        guard !host.isEmpty else { return nil }
        return normalized(String(host))
    }

    /// Lowercased, without a trailing dot (`localhost.` is `localhost`).
    static func normalized(_ name: String) -> String {
        var name = name.lowercased()
        if name.hasSuffix(".") && name.count > 1 { name.removeLast() }
        return name
    }

    /// `--host`'s value as the policy names it: an IPv6 address gets its brackets.
    static func name(ofBindAddress host: String) -> String {
        let name = normalized(host)
        return name.contains(":") && !name.hasPrefix("[") ? "[\(name)]" : name
    }

    static func isLoopback(_ name: String) -> Bool {
        if name == "localhost" || name.hasSuffix(".localhost") { return true }
        if let octets = ipv4(name) { return octets[0] == 127 }
        if let bytes = ipv6(name) { return bytes == [UInt8](repeating: 0, count: 15) + [1] }
        return false
    }

    static func isAddressLiteral(_ name: String) -> Bool { ipv4(name) != nil || ipv6(name) != nil }

    /// Dotted-decimal IPv4 only (`127.0.0.1`): the four-number form browsers normalise every IPv4 spelling to.
    static func ipv4(_ name: String) -> [UInt8]? {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        let octets = parts.compactMap { part -> UInt8? in
            guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isASCIIDigitCharacter) else { return nil }
            return UInt8(part)
        }
        return octets.count == 4 ? octets : nil
    }

    /// A bracketed IPv6 literal (`[::1]`) as its 16 bytes.
    static func ipv6(_ name: String) -> [UInt8]? {
        guard name.hasPrefix("["), name.hasSuffix("]") else { return nil }
        var address = in6_addr()
        let parsed = String(name.dropFirst().dropLast()).withCString { inet_pton(AF_INET6, $0, &address) }
        guard parsed == 1 else { return nil }
        return withUnsafeBytes(of: address) { Array($0) }
    }
}

private extension Character {
    var isASCIIDigitCharacter: Bool { isASCII && isNumber }
}
