import Foundation

/// What the checker knows about the whole output: which files exist and which ids each page has.
struct CheckedSite: Sendable {
    let paths: Set<String>
    let ids: [String: Set<String>]
    let resolver: LinkResolver
    let prefix: String

    /// The broken links among `links` of the page at `path`, each with why it is broken.
    func brokenLinks(_ links: [ScannedPage.Link], on path: String) -> [(link: ScannedPage.Link, problem: String)] {
        links.compactMap { link in problem(with: link.value, on: path).map { (link, $0) } }
    }

    /// The diagnostics of broken links of the page at `path`, placed in its bytes, `bytes`: read once, from one link
    /// to the next in the page's order (a page with thousands of broken links was read from its start for each).
    func diagnostics(for broken: [(link: ScannedPage.Link, problem: String)], on path: String, bytes: UnsafeBufferPointer<UInt8>) -> [Diagnostic] {
        var position = (line: 1, column: 1)
        var offset = 0
        return broken.sorted { $0.link.offset < $1.link.offset }.map { link, problem in
            let end = min(link.offset, bytes.count)
            TextPositions.advance(&position, over: bytes[offset ..< max(offset, end)])
            offset = max(offset, end)
            return Diagnostic(path: prefix + path, line: position.line, column: position.column, message: problem)
        }
    }

    /// What becomes of a link of the page at `page`, whose ids are `pageIDs`, when no other page's ids are known yet:
    /// a link to a fragment of another page waits for them; any other is sound or broken already.
    enum Verdict {
        case sound
        case broken(String)
        case waiting
    }

    /// The verdict on a link of the page at `page`, whose ids are `pageIDs` (nil for a feed or sitemap, which has none).
    func verdict(on link: String, page: String, pageIDs: Set<String>?) -> Verdict {
        verdict(on: link, target: resolver.resolve(link, onPage: page), page: page, pageIDs: pageIDs)
    }

    private func verdict(on link: String, target: LinkTarget, page: String, pageIDs: Set<String>?) -> Verdict {
        // The file a link to a fragment points to, looked up once: asked of every link of every page.
        var file: String?? = nil
        if case .inSite(let path, let fragment) = target, let fragment, !fragment.isEmpty, !Self.isTop(fragment) {
            let found = self.file(at: path)
            if let found, found != page, OutputChecker.isPage(found) { return .waiting }
            file = .some(found)
        }
        return problem(with: link, target: target, file: file) { $0 == page ? pageIDs : nil }.map(Verdict.broken) ?? .sound
    }

    /// A feed or sitemap must parse, and every URL in it must be absolute, under base_url, and resolve: what is wrong
    /// with it when no page's ids are known yet, and the URLs to a page's fragment, which wait for them (`urlProblem`).
    func scanXML(_ path: String, _ data: Data) -> (problems: [Diagnostic], waiting: [XMLURL]) {
        switch XMLURLReader.urls(in: data) {
        case .failure(let error):
            return ([Diagnostic(path: prefix + path, line: error.line, column: error.column, message: error.message)], [])
        case .success(let urls):
            var problems: [Diagnostic] = []
            var waiting: [XMLURL] = []
            for url in urls {
                let verdict = switch urlTarget(url.url, in: path) {
                case .failure(let problem): Verdict.broken(problem.description)
                case .success(let target): verdict(on: url.url, target: target, page: path, pageIDs: nil)
                }
                switch verdict {
                case .sound: continue
                case .waiting: waiting.append(url)
                case .broken(let problem): problems.append(Diagnostic(path: prefix + path, line: url.line, column: url.column, message: problem))
                }
            }
            return (problems, waiting)
        }
    }

    /// Why a URL of the feed or sitemap at `path` is wrong, or nil when it is not.
    func urlProblem(_ url: String, in path: String) -> String? {
        switch urlTarget(url, in: path) {
        case .failure(let problem): problem.description
        case .success: problem(with: url, on: path)
        }
    }

    struct URLProblem: Error {
        let description: String
    }

    /// Where a feed's or sitemap's URL points, or why it cannot be a feed's: not absolute, or not under base_url.
    private func urlTarget(_ url: String, in path: String) -> Result<LinkTarget, URLProblem> {
        guard LinkResolver.hasScheme(Substring(url)) else {
            return .failure(URLProblem(description: "URL '\(url)' is not absolute; feeds and sitemaps need absolute URLs under base_url \(resolver.baseURL)"))
        }
        let target = resolver.resolve(url, onPage: path)
        switch target {
        case .external, .outsideBasePath: return .failure(URLProblem(description: "URL '\(url)' is not under base_url \(resolver.baseURL)"))
        case .malformed, .inSite: return .success(target)
        }
    }

    /// Why `link` on the page at `page` does not resolve, or nil when it does (or leaves the site).
    /// Messages quote the link as `written` (the Markdown's, before the build rewrote it) and call it a `kind`.
    func problem(with link: String, on page: String, written: String? = nil, kind: String = "link") -> String? {
        problem(with: link, target: resolver.resolve(link, onPage: page), written: written, kind: kind) { ids[$0] }
    }

    /// `problem(with:on:…)` of a link resolved to `target`, the ids of a page found by `idsOf`; `knownFile`, when
    /// given, is `file(at:)` of the target's path, already looked up.
    private func problem(with link: String, target: LinkTarget, written: String? = nil, kind: String = "link",
                         file knownFile: String?? = nil, idsOf: (String) -> Set<String>?) -> String? {
        // Made only for a link that is broken: this is asked of every link of every page.
        var shown: String { "broken \(kind) '\(written ?? link)'" }
        switch target {
        case .external:
            return nil
        case .malformed:
            return "\(shown): not a valid URL (bad percent-encoding)"
        case .outsideBasePath(let path):
            return "\(shown): \(path) is outside the site's base path \(resolver.basePath) (base_url \(resolver.baseURL))"
        case .inSite(let path, let fragment):
            guard let file = knownFile ?? file(at: path) else {
                return "\(shown): there is no \(Route.outputPath(of: path)) in the output"
            }
            guard let fragment, !fragment.isEmpty, !Self.isTop(fragment), let pageIDs = idsOf(file) else { return nil }
            return pageIDs.contains(fragment) ? nil : "\(shown): \(file) has no element with id '\(fragment)'"
        }
    }

    /// `#top` in any case, which browsers take to the top of any page: an ASCII fragment of other than three
    /// bytes is not (and is not lowercased to find out).
    static func isTop(_ fragment: String) -> Bool {
        if fragment.utf8.count != 3, fragment.utf8.allSatisfy({ $0 < 0x80 }) { return false }
        return fragment.lowercased() == "top"
    }

    /// The file a path is served from (`Route.outputPath(of:)`), or a folder's named without its slash (servers redirect).
    func file(at path: String) -> String? {
        let file = Route.outputPath(of: path)
        if paths.contains(file) { return file }
        let folder = Route.outputPath(of: path + "/")
        return file == path && paths.contains(folder) ? folder : nil
    }
}
