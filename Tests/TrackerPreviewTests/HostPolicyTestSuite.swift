import Testing
@testable import TrackerPreview

@Suite struct HostPolicyTestSuite {
    static let loopbackNames = ["localhost", "localhost:8000", "LOCALHOST:1", "localhost.", "app.localhost:8000", "127.0.0.1",
                                "127.0.0.1:8000", "127.1.2.3:80", "[::1]", "[::1]:8000", "[0:0:0:0:0:0:0:1]:8000"]
    static let otherNames = ["evil.example", "evil.example:8000", "localhost.evil.example", "127.0.0.1.evil.example",
                             "192.168.1.20:8000", "10.0.0.1", "[fe80::1]:8000", "[2001:db8::1]", "0x7f000001", "2130706433"]
    static let malformed = ["", ":8000", "localhost:80a", "[::1", "[::1]x", "a:b:c", "[::1]:x"]

    @Test func boundToLoopbackOnlyLoopbackNamesAreAnswered() {
        let policy = HostPolicy(bindHost: "127.0.0.1")
        #expect(!policy.exposed)
        for name in Self.loopbackNames { #expect(policy.allows(name), "\(name)") }
        for name in Self.otherNames + Self.malformed { #expect(!policy.allows(name), "\(name)") }
        #expect(policy.allows(nil), "a request without Host comes from no browser")
    }

    @Test(arguments: ["localhost", "::1", "127.0.0.2"])
    func everyLoopbackBindIsNotExposed(host: String) {
        #expect(!HostPolicy(bindHost: host).exposed)
    }

    @Test(arguments: ["0.0.0.0", "::", "192.168.1.20", "my-laptop.lan"])
    func boundBeyondLoopbackAddressesAreAnsweredButNamesAreNot(host: String) {
        let policy = HostPolicy(bindHost: host)
        #expect(policy.exposed)
        for name in Self.loopbackNames + ["192.168.1.20:8000", "10.0.0.1", "[fe80::1]:8000", "[2001:db8::1]"] {
            #expect(policy.allows(name), "\(name)")
        }
        for name in ["evil.example", "evil.example:8000", "0x7f000001", "2130706433"] + Self.malformed {
            #expect(!policy.allows(name), "\(name)")
        }
        #expect(policy.allows("my-laptop.lan:8000") == (host == "my-laptop.lan"), "the name given to --host is answered")
    }

    @Test func allowedHostsAreAnsweredWhateverTheBind() {
        for bind in ["127.0.0.1", "0.0.0.0"] {
            let policy = HostPolicy(bindHost: bind, allowedHosts: ["My-Laptop.lan", "preview.example."])
            #expect(policy.allows("my-laptop.lan:8000"))
            #expect(policy.allows("preview.example"))
            #expect(!policy.allows("sub.preview.example"))
            #expect(!policy.allows("evil.example"))
        }
    }

    @Test func theRefusalAndTheWarningSayWhatToDo() {
        #expect(HostPolicy(bindHost: "127.0.0.1").refusal == """
            Forbidden: this preview answers requests addressed to localhost, 127.0.0.1 or [::1], and the Host header named \
            something else (DNS rebinding protection). To allow a name, start tracker serve with --allowed-host NAME.

            """)
        #expect(HostPolicy.exposureWarning(bindHost: "0.0.0.0").hasPrefix("warning: serving on 0.0.0.0: reachable from other machines"))
    }
}
