import Foundation
import Synchronization

/// Load → validate → link → render → write, in one direction; nothing is written until all content is valid.
public enum SiteBuilder {
    /// Everything `tracker check` does: reads and validates the site and its theme, writes nothing.
    public static func load(_ options: BuildOptions) -> Result<(Site, Theme), DiagnosticList> {
        load(options, loader: ContentLoader(siteDirectory: options.siteDirectory))
    }

    /// `loaded` is called once the content and the theme are read, before they are linked.
    static func load(_ options: BuildOptions, loader: ContentLoader, timings: RenderTimings? = nil,
                     loaded: () -> Void = {}) -> Result<(Site, Theme), DiagnosticList> {
        var loader = loader
        loader.baseURLOverride = options.baseURL
        // The theme loads while the content does: neither reads the other. Each one's own wall time is reported.
        let ((content, loadSeconds), (theme, themeSeconds)) = concurrently({ [loader] in RenderTimings.measured { loader.load() } },
                                                                            { RenderTimings.measured { Theme.load(siteDirectory: options.siteDirectory) } })
        timings?.record("load", seconds: loadSeconds)
        // git's log, read while the files are decoded, apart: a long history of large folders can take longer than the rest.
        if let seconds = content.historySeconds { timings?.record("git history", seconds: seconds) }
        timings?.record("theme", seconds: themeSeconds)
        loaded()
        let linked = timings.stage("link") { link(content, theme: theme, options: options) }
        // The site keeps what it needs of the loaded content; the rest (each file's decoded parts, the lists of
        // references) is freed while the renderer is made.
        freeInBackground(consume content)
        return linked
    }

    /// Loaded content to a linked site: applies `--base-url`, links, and adds the theme's errors (and the
    /// names its templates use that no context provides) to the content's. Every build ends its loading
    /// here, the preview's rebuilds too.
    static func link(_ content: LoadedContent, theme: Result<Theme, DiagnosticList>, options: BuildOptions) -> Result<(Site, Theme), DiagnosticList> {
        var content = content
        if let baseURL = options.baseURL {
            if !WebAddress.isHTTP(baseURL) {
                content.diagnostics.append(Diagnostic(path: "--base-url", line: 1, column: 1, message: "must be an http:// or https:// address, not '\(baseURL)'"))
            } else if let problem = WebAddress.baseURLProblem(baseURL) {
                content.diagnostics.append(Diagnostic(path: "--base-url", line: 1, column: 1, message: problem))
            } else {
                content.config = content.config.replacingBaseURL(baseURL)
            }
        }
        // The theme's names are checked while the site is linked: the check needs only the configuration.
        let config = content.config
        let ((site, diagnostics), themeProblems) = concurrently({ [content] in SiteLinker.link(content, includeDrafts: options.includeDrafts) }) {
            switch theme {
            case .failure(let list): list.diagnostics
            case .success(let loaded): loaded.problems(config: config)
            }
        }
        let all = diagnostics + themeProblems
        guard all.isEmpty, let site, case .success(let loadedTheme) = theme else { return .failure(DiagnosticList(all)) }
        let problems = SiteLinker.checkOutput(site, theme: loadedTheme)
        guard problems.isEmpty else { return .failure(DiagnosticList(problems.sorted())) }
        if options.strict {
            let warnings = SiteLinker.strictWarnings(site) + SiteLinker.checkWarnings(site)
            guard warnings.isEmpty else { return .failure(DiagnosticList(warnings)) }
        }
        return .success((site, loadedTheme))
    }

    /// Renders every output file in memory, writing nothing (the whole site held at once: for tests and small sites).
    public static func render(_ options: BuildOptions) throws(BuildError) -> RenderedSite {
        let site = try prepare(options)
        let data: [Data]
        do throws(DiagnosticList) { data = try site.render { _, data in data } } catch { throw .content(error) }
        return RenderedSite(config: site.config, files: Array(zip(site.paths, data)), pages: site.jobs.count(where: \.isHTMLPage))
    }

    /// Loads, validates and links the site for `tracker publish`, which then writes it where it checks it (`PreparedSite.write`).
    public static func prepare(_ options: BuildOptions) throws(BuildError) -> PreparedSite {
        var loader = ContentLoader(siteDirectory: options.siteDirectory)
        // As in a build: bodies wait in a temporary file until their pages are rendered, and a repeated value is kept once.
        loader.bodySpill = BodySpill.make()
        loader.internsStrings = true
        return PreparedSite(renderer: try makeRenderer(options, loader: loader), outputPrefix: options.outputPrefix)
    }

    static func makeRenderer(_ options: BuildOptions, loader: ContentLoader, timings: RenderTimings? = nil,
                             loaded: () -> Void = {}) throws(BuildError) -> SiteRenderer {
        switch load(options, loader: loader, timings: timings, loaded: loaded) {
        case .failure(let list): throw .content(list)
        case .success(let (site, theme)): return timings.stage("renderer setup") { SiteRenderer(site: site, theme: theme, options: options.render) }
        }
    }

    public static func build(_ options: BuildOptions) throws(BuildError) -> BuildReport {
        let started = Date()
        let cache = BuildCache(siteDirectory: options.siteDirectory, outputDirectory: options.outputDirectory)
        let writer = OutputWriter(outputDirectory: options.outputDirectory)
        // Held until the build returns: another build of the same output waits until then.
        let lock: OutputLock
        do throws(OutputWriter.WriteError) { lock = try writer.claim { options.waitingForOutput?($0) } } catch { throw .output(error.description) }
        defer { lock.release() }
        // The inputs are hashed before loading only when the last build's output is still intact;
        // otherwise the build runs anyway, and the key is made from what the loader reads.
        var key: String?
        // One look at git for both the key and the history the pages show, so they cannot disagree. git runs
        // while the content is read; only the key of an intact output's cache waits for it first.
        let git = GitHistory.Query(siteDirectory: options.siteDirectory)
        if options.useCache, !options.neverSkips, let recorded = cache.recordedKeyOfIntactOutput() {
            key = cache.inputKey(options, git: git.state)
            if key == recorded {
                return BuildReport(filesWritten: 0, pages: 0, bytes: 0, seconds: Date().timeIntervalSince(started), unchanged: true)
            }
        }
        var loader = ContentLoader(siteDirectory: options.siteDirectory)
        // Bodies wait in a temporary file until their pages are rendered: they are most of a large site's content.
        loader.bodySpill = BodySpill.make()
        // And the site keeps one copy of each repeated value (a source's id, cited over and over).
        loader.internsStrings = true
        loader.digests = options.useCache && key == nil ? FileDigests() : nil
        loader.gitState = .asked(git)
        let timings = options.measureTimings ? RenderTimings() : nil
        timings?.record("git and cache", seconds: Date().timeIntervalSince(started))
        // The key of the inputs the loader read is made from their digests while the site is linked and the
        // pages are written: it is needed only to record the build (and linking leaves a core idle at times).
        var pendingKey: BackgroundValue<String?>?
        defer { _ = pendingKey?.value }
        let renderer = try makeRenderer(options, loader: loader, timings: timings) {
            guard let digests = loader.digests else { return }
            let state = git.state
            pendingKey = BackgroundValue { cache.inputKey(options, known: digests.all, git: state) }
        }
        // A digest per input file, not needed once the key is made: not held while the pages are written (the
        // key's thread holds them until it is made). Whichever lets go last frees them, here on another thread:
        // at 150,000 files that was some 0.04 s with a core idle before any page was written.
        if let digests = loader.digests {
            loader.digests = nil
            freeInBackground(consume digests)
        }
        try checkOutputIsSafe(options)
        try checkOutputIsReplaceable(options, cache: cache)
        let (jobs, paths) = timings.stage("list pages") { () -> ([PageKind], OutputPaths) in
            let jobs = renderer.jobs()
            return (jobs, OutputPaths(count: jobs.count) { renderer.path(of: jobs[$0]) })
        }
        var bytes = 0
        // Rendered pages that give two elements the same id, or whose template passed its limits: the build
        // fails and the output stays as it was.
        var pageProblems: [Diagnostic] = []
        do throws(OutputWriter.WriteError) {
            let staging = try writer.makeStagingDirectory()
            do throws(OutputWriter.WriteError) {
                let folder = try OutputWriter.OpenFolder(staging, shownAs: options.outputDirectory)
                // Each page is written as soon as it is rendered and then dropped, so memory does not grow with the site.
                let outputPrefix = options.outputPrefix
                let outcomes = PageOutcomes()
                // Writes job `index`'s file; its stamp for the cache's record. The bytes, errors and problems go to
                // `outcomes`: the one list as long as the site is of the stamps, and only when the cache records them.
                let writePage = { @Sendable (index: Int) -> FileStamp? in
                    let job = jobs[index]
                    let path = paths[index]
                    let jobStarted = timings.map { _ in DispatchTime.now() }
                    var problems: [Diagnostic]?
                    // Each page's folders are made by the thread that writes it, when it finds them missing.
                    let written = OutputWriter.streamFile(path, in: folder) { buffer in
                        renderer.render(job, into: buffer)
                        if let reason = buffer.stopReason {
                            problems = [stopped(outputPrefix + path, reason)]
                        } else if job.isHTMLPage, buffer.flushed == 0 {
                            // A page is checked for repeated ids while still in memory.
                            problems = buffer.withBytes { DuplicateIDs.diagnostics(path: outputPrefix + path, bytes: $0) }
                        }
                    }
                    // A page so large that it streamed out before its end is read back.
                    if job.isHTMLPage, problems == nil, case .success = written, let data = FileTree.read(.concatenating(staging, "/", path)) {
                        problems = DuplicateIDs.diagnostics(path: outputPrefix + path, bytes: [UInt8](data))
                    }
                    if let timings, let jobStarted { timings.add(job.category, since: jobStarted) }
                    if let problems, !problems.isEmpty { outcomes.found(problems, at: index) }
                    switch written {
                    case .success(let file):
                        outcomes.wrote(file.bytes)
                        return file.stamp
                    case .failure(let error):
                        outcomes.failed(error, at: index)
                        return nil
                    }
                }
                // Over the jobs' indices: an array pairing each job with its path would be one more list as long as the site.
                // A large site's sitemap parts, listed last and the largest jobs (40,000 addresses each), are written
                // first: last, one core wrote the final part while the other had nothing left (about 0.05 s at 100,000
                // incidents). Which job runs when changes no byte: each writes its own file, and errors are taken in
                // the jobs' order.
                let firstWritten = jobs.lastIndex(where: { if case .sitemapPart = $0 { false } else { true } }).map { $0 + 1 } ?? 0
                let stamps: [FileStamp?]
                if options.useCache {
                    stamps = (0 ..< jobs.count).parallelMap(startingAt: firstWritten, writePage)
                } else {
                    (0 ..< jobs.count).parallelForEach(startingAt: firstWritten) { _ = writePage($0) }
                    stamps = []
                }
                if let pendingKey { key = pendingKey.value }
                // The first error in the jobs' order, as when the files were written one after the other.
                if let failure = outcomes.firstFailure { throw failure }
                bytes = outcomes.bytes
                pageProblems = outcomes.problemsInOrder
                if pageProblems.isEmpty {
                    try writeOutputMarker(into: staging, shownAs: options.outputDirectory)
                    KillPoint.reached("staged")
                    cache.forget()
                    try timings.stage("swap in") { () throws(OutputWriter.WriteError) in try writer.swapIn(staging: staging) }
                    if let key { timings.stage("cache record") { cache.record(key: key, paths: paths, stamps: stamps) } }
                } else {
                    writer.discard(staging: staging)
                }
            } catch {
                writer.discard(staging: staging)
                throw error
            }
        } catch {
            throw .output(error.description)
        }
        guard pageProblems.isEmpty else { throw .content(DiagnosticList(pageProblems)) }
        var report = BuildReport(filesWritten: jobs.count, pages: jobs.count(where: \.isHTMLPage),
                                 bytes: bytes, seconds: Date().timeIntervalSince(started))
        report.draftsLeftOut = renderer.site.draftsLeftOut
        if let timings { report.timings = timings.sorted() }
        if options.keepsSiteUntilExit { keptUntilExit.withLock { $0.append(renderer) } }
        return report
    }

    /// What the threads writing a build's pages report besides each file's stamp: the bytes written, and the
    /// errors and problems of the few files that have them, each with its job's index.
    private final class PageOutcomes: @unchecked Sendable {
        private let lock = NSLock()
        private var written = 0
        private var failures: [(index: Int, error: OutputWriter.WriteError)] = []
        private var problems: [(index: Int, diagnostics: [Diagnostic])] = []

        func wrote(_ bytes: Int) {
            lock.lock()
            written += bytes
            lock.unlock()
        }

        func failed(_ error: OutputWriter.WriteError, at index: Int) {
            lock.lock()
            failures.append((index, error))
            lock.unlock()
        }

        func found(_ diagnostics: [Diagnostic], at index: Int) {
            lock.lock()
            problems.append((index, diagnostics))
            lock.unlock()
        }

        /// Read once every page is written.
        var bytes: Int { lock.withLock { written } }
        var firstFailure: OutputWriter.WriteError? { lock.withLock { failures.min { $0.index < $1.index }?.error } }
        var problemsInOrder: [Diagnostic] { lock.withLock { problems.sorted { $0.index < $1.index }.flatMap(\.diagnostics) } }
    }

    /// The error for a file whose template passed its limits (`TemplateLimits`): the build fails.
    static func stopped(_ path: String, _ reason: String) -> Diagnostic {
        Diagnostic(path: path, line: 1, column: 1, message: reason)
    }

    /// Renderers (and their sites) deliberately never freed: see `BuildOptions.keepsSiteUntilExit`.
    static let keptUntilExit = Mutex<[SiteRenderer]>([])

    /// Written into every output folder a build makes: the proof that the next build, which replaces the folder
    /// whole, loses nothing of the user's. Not a page of the site: not counted, not recorded, never served.
    public static let outputMarker = ".tracker-build"
    static let outputMarkerText = "This folder is made by `tracker build` and replaced whole on every build.\n"

    static func writeOutputMarker(into staging: String, shownAs output: String) throws(OutputWriter.WriteError) {
        do {
            try Data(outputMarkerText.utf8).write(to: URL(fileURLWithPath: staging + "/" + outputMarker))
        } catch {
            throw OutputWriter.WriteError(description: "cannot write \(output)/\(outputMarker): \(error.localizedDescription)")
        }
    }

    /// A build replaces its output folder whole, so a folder that is there and holds anything must have been made
    /// by a build: it holds the marker, or the site's build record names it (an output made before the marker
    /// was). `--output ~` once replaced a home folder.
    static func checkOutputIsReplaceable(_ options: BuildOptions, cache: BuildCache) throws(BuildError) {
        let path = cache.absoluteOutput
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return }
        guard isFolder.boolValue else {
            throw .output("refusing to use \(options.outputDirectory) as the output folder: it is a file, and a build replaces its output whole")
        }
        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw .output("cannot read \(options.outputDirectory): \(error.localizedDescription)")
        }
        if entries.isEmpty || entries.contains(outputMarker) || cache.recordedOutput == path { return }
        throw .output("refusing to replace \(options.outputDirectory): it is not empty and no earlier build made it (it has no \(outputMarker) "
            + "file); build into a new or empty folder, or empty this one yourself")
    }

    /// The site's folders a build reads (relative to the site).
    static let foldersTheBuildReads = ["content", "templates", "static", ThemeStrings.siteFolder]

    /// The folder of `foldersTheBuildReads` that `path` (absolute, links resolved) is inside, if any: an output there
    /// would be read by the next build (static/out grew by a copy of itself on every build).
    public static func folderTheBuildReads(holding path: String, site: String) -> String? {
        foldersTheBuildReads.first { path.hasPrefix(site + "/" + $0 + "/") }
    }

    /// The output folder is replaced whole, so it must never be the site itself or hold its content.
    static func checkOutputIsSafe(_ options: BuildOptions) throws(BuildError) {
        let output = URL(fileURLWithPath: options.outputDirectory).standardizedFileURL.resolvingSymlinksInPath().path
        let site = URL(fileURLWithPath: options.siteDirectory).standardizedFileURL.resolvingSymlinksInPath().path
        let protected = [site] + foldersTheBuildReads.map { site + "/" + $0 }
        if output == "/" || protected.contains(where: { $0 == output || $0.hasPrefix(output + "/") }) {
            throw .output("refusing to use \(options.outputDirectory) as the output folder: a build replaces it whole, and it holds the site's own files")
        }
        if let folder = folderTheBuildReads(holding: output, site: site) {
            throw .output("refusing to use \(options.outputDirectory) as the output folder: it is inside the site's \(folder)/, which every build reads")
        }
    }
}
