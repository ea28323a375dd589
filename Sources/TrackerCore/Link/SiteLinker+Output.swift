/// The checks that need the whole output's list: files copied as they are must not take a generated
/// file's place, and every internal link and image of a Markdown body must resolve (to a page, a file
/// or a heading anchor). Run on the linked site with its theme, before anything is rendered, so a
/// broken link is reported at its Markdown position and the previous output stays as it was.
extension SiteLinker {
    /// The files of `static/` and of the published items' bundles, by output path.
    static func files(_ content: LoadedContent, in site: Site) -> [SiteFile] {
        let pageIDs = Set(site.pages.map(\.id))
        var files = content.staticFiles
        for file in content.bundleFiles {
            let published: Bool
            switch file.folder {
            case .incidents: published = site.incidentIndex[file.id] != nil
            case .sources: published = site.sourceIndex[file.id] != nil
            case .pages: published = pageIDs.contains(file.id)
            case .cases: published = site.cases.index[file.id] != nil
            }
            if published {
                files.append(SiteFile(route: .bundleFile(file.folder.route(file.id), file.file), path: file.path, entryProblem: file.entryProblem))
            }
        }
        return files.map { ($0.route.outputPath, $0) }.sorted { ($0.0, $0.1.path) < ($1.0, $1.1.path) }.map(\.1)
    }

    static func checkOutput(_ site: Site, theme: Theme) -> [Diagnostic] {
        // Nothing to check on a site without copied files or links in Markdown (no need to list its outputs).
        guard !site.files.isEmpty || site.incidents.contains(where: { !$0.body.links.isEmpty })
                || site.sources.contains(where: { !$0.body.links.isEmpty }) || site.pages.contains(where: { !$0.body.links.isEmpty })
                || site.cases.all.contains(where: { !$0.body.links.isEmpty }) else { return [] }
        var generated: [String: Route] = [:]
        var folders: [String: Route] = [:]
        for job in PageKind.all(in: site, theme: theme) {
            if case .file = job { continue }
            let route = job.route(in: site, theme: theme)
            let path = route.outputPath
            generated[path] = route
            for folder in parentFolders(of: path) {
                guard folders[folder] == nil else { break }
                folders[folder] = route
            }
        }
        var diagnostics: [Diagnostic] = []
        var copied: [String: SiteFile] = [:]
        for file in site.files {
            if let problem = file.entryProblem {
                diagnostics.append(Diagnostic(path: file.path, line: 1, column: 1, message: problem.message))
                continue
            }
            let path = file.route.outputPath
            let problem: String?
            if let route = generated[path] {
                problem = "collides with \(route.label): both would be written to \(path) in the output"
            } else if let other = copied[path] {
                problem = "collides with \(other.path): both would be written to \(path) in the output"
            } else if let route = folders[path] {
                problem = "collides with \(route.label): \(path) is one of its folders in the output"
            } else if let route = Self.parentFolders(of: path).lazy.compactMap({ generated[$0] }).first {
                problem = "needs a folder \(route.outputPath) in the output, where \(route.label) is written"
            } else if let name = path.split(separator: "/", maxSplits: 1).first, Route.isSitemapPartName(name) {
                // Kept free whether the sitemap is split yet or not: a site growing past one file's limits finds them so.
                problem = "takes the name \(name) of a part of the sitemap, which a site too large for one sitemap file writes (\(Route.sitemapPartNames))"
            } else {
                problem = nil
            }
            if let problem {
                diagnostics.append(Diagnostic(path: file.path, line: 1, column: 1, message: problem + "; rename or remove this file"))
            } else {
                copied[path] = file
            }
        }
        return diagnostics + checkLinks(site, theme: theme, paths: Set(generated.keys).union(copied.keys))
    }

    /// "a/b/c" → ["a/b", "a"].
    static func parentFolders(of path: String) -> [String] {
        var folders: [String] = []
        var folder = Substring(path)
        while let slash = folder.lastIndex(of: "/") {
            folder = folder[..<slash]
            folders.append(String(folder))
        }
        return folders
    }

    /// Every internal link and image of every published body, checked as `tracker publish` checks the
    /// output (`CheckedSite`), at its Markdown position. A `#fragment` is checked on pages rendered from
    /// Markdown, where it must be a heading's id, a citation's anchor, or an id the theme writes.
    static func checkLinks(_ site: Site, theme: Theme, paths: Set<String>) -> [Diagnostic] {
        var bodies: [(path: String, page: String, body: RenderedMarkdown, citations: [SourceReference], references: Int)] = []
        for (index, incident) in site.incidents.enumerated() {
            bodies.append((incident.path, Route.incident(incident.id).outputPath, incident.body, incident.bodyCitations, site.references[index].count))
        }
        bodies += site.sources.map { ($0.path, Route.source($0.id).outputPath, $0.body, $0.bodyCitations, $0.body.citedSourceIDs.count) }
        bodies += site.pages.map { ($0.path, Route.page($0.id).outputPath, $0.body, $0.bodyCitations, $0.body.citedSourceIDs.count) }
        for (index, legalCase) in site.cases.all.enumerated() {
            bodies.append((legalCase.path, Route.legalCase(legalCase.id).outputPath, legalCase.body, legalCase.bodyCitations, site.cases.references[index].count))
        }
        guard bodies.contains(where: { !$0.body.links.isEmpty }) else { return [] }
        let resolver = LinkResolver(baseURL: site.config.baseURL)
        // Anchors only of the pages some fragment points at.
        var targets: Set<String> = []
        for (_, page, body, _, _) in bodies {
            for link in body.links where link.target.contains("#") {
                if case .inSite(let path, _) = resolver.resolve(link.target, onPage: page) { targets.insert(Route.outputPath(of: path)) }
            }
        }
        var ids: [String: Set<String>] = [:]
        if !targets.isEmpty {
            let themeIDs = theme.literalIDs
            for (_, page, body, citations, references) in bodies where targets.contains(page) {
                ids[page] = themeIDs.union(body.anchorIDs(citations: citations, references: references))
            }
        }
        let checked = CheckedSite(paths: paths, ids: ids, resolver: resolver, prefix: "")
        return bodies.flatMap { path, page, body, _, _ in
            body.links.compactMap { link in
                checked.problem(with: link.target, on: page, written: link.url, kind: link.isImage ? "image" : "link").map {
                    Diagnostic(path: path, line: link.line, column: link.column, message: $0)
                }
            }
        }
    }
}

extension RenderedMarkdown {
    /// The ids the body gives its page: its headings', and its citations' (`ref-N` for each of the page's
    /// `references`, `cite-N-K` for each occurrence). `citations` are the item's `bodyCitations`: the
    /// body's own list is not kept once the item is decoded (`RenderedMarkdown.droppingCitations`).
    func anchorIDs(citations: [SourceReference], references: Int) -> Set<String> {
        var ids = Set(headings.map(\.id))
        if references > 0 { ids.formUnion((1...references).map { "ref-\($0)" }) }
        // Found through a dictionary when the body cites many sources: a search of the list for each citation
        // took time growing with the square of their number.
        let cited = PositionedList(citedSourceIDs)
        var occurrences: [String: Int] = [:]
        for citation in citations {
            guard let number = cited.firstIndex(of: citation.id) else { continue }
            occurrences[citation.id, default: 0] += 1
            ids.insert("cite-\(number + 1)-\(occurrences[citation.id]!)")
        }
        return ids
    }
}

extension Theme {
    /// Every `id` the templates write as a literal (`id="references"`); ids made from values are not known here.
    var literalIDs: Set<String> {
        var ids: Set<String> = []
        for text in sources.values {
            for tag in HTMLTagScanner.startTags(in: Array(text.utf8), keeping: ["id"]) {
                if let id = tag.attribute("id")?.value, !id.contains("{{") { ids.insert(id) }
            }
        }
        return ids
    }
}
