import Testing
@testable import TrackerPreview

@Suite struct RequestPathTestSuite {
    @Test func aDirectoryPathServesItsIndex() {
        #expect(RequestPath(target: "/")?.key == "index.html")
        #expect(RequestPath(target: "/incidents/pk-x-2024/")?.key == "incidents/pk-x-2024/index.html")
        #expect(RequestPath(target: "/feed.xml")?.key == "feed.xml")
    }

    @Test func theLocationKeepsTheDirectorySlash() {
        #expect(RequestPath(target: "/")?.location == "")
        #expect(RequestPath(target: "/incidents/pk-x-2024/")?.location == "incidents/pk-x-2024/")
        #expect(RequestPath(target: "/incidents/pk-x-2024")?.location == "incidents/pk-x-2024")
        #expect(RequestPath(target: "/incidents/pk-x-2024")?.key == "incidents/pk-x-2024")
    }

    @Test func theQueryAndFragmentAreNotPartOfThePath() {
        let path = RequestPath(target: "/incidents/?sort=date#top")
        #expect(path?.key == "incidents/index.html")
        #expect(path?.query == "?sort=date")
    }

    @Test func escapesAreDecodedOnce() {
        #expect(RequestPath(target: "/platforms/mobile%20data/")?.key == "platforms/mobile data/index.html")
        #expect(RequestPath(target: "/%252e%252e/")?.segments == ["%2e%2e"])
    }

    @Test(arguments: [
        "/..", "/../etc/passwd", "/a/../../etc/passwd", "/%2e%2e/etc/passwd", "/%2E%2e/etc", "/.%2e/etc", "/..%2fetc%2fpasswd",
        "/a%2fb", "/..\\etc", "/%5c..%5cetc", "/a\\b", "//etc/passwd", "/a//b", "/./index.html", "/%2e/index.html",
        "/%00", "/a%00b", "/%zz", "/%2", "/%c0%ae%c0%ae/etc", "etc/passwd", "http://host/etc/passwd", "*",
    ])
    func anythingButPlainNamesIsRejected(target: String) {
        #expect(RequestPath(target: target) == nil)
    }

    @Test func theRedirectKeepsTheQueryAndReencodes() {
        #expect(RequestPath(target: "/platforms/mobile%20data?x=1")?.directoryLocation == "/platforms/mobile%20data/?x=1")
        #expect(RequestPath(target: "/incidents/pk-x-2024")?.directoryLocation == "/incidents/pk-x-2024/")
    }
}

@Suite struct ContentTypeTestSuite {
    @Test(arguments: [
        ("index.html", "text/html; charset=utf-8"), ("assets/style.css", "text/css; charset=utf-8"),
        ("assets/app.js", "text/javascript; charset=utf-8"), ("logo.svg", "image/svg+xml"), ("feed.xml", "application/xml; charset=utf-8"),
        ("data/incidents.json", "application/json"), ("data/incidents.csv", "text/csv; charset=utf-8"), ("a.png", "image/png"),
        ("fonts/a.woff2", "font/woff2"), ("LOGO.PNG", "image/png"), ("noextension", "application/octet-stream"),
    ])
    func typeFollowsTheExtension(path: String, type: String) {
        #expect(ContentType.of(path: path) == type)
    }
}
