import Foundation

/// A site loaded, validated and linked for `tracker publish`, which renders its files one at a time and hands each to
/// what checks and deploys it (written into a staging folder, or stored as a git blob), holding none after.
///
/// A publish held every rendered file in memory from the build to the deploy: 705 MB of a site of 10,000 long
/// incident pages, and several GB for 100,000 incidents.
public struct PreparedSite: Sendable {
    let renderer: SiteRenderer
    let jobs: [PageKind]
    /// Each file's path relative to the site's root, in the build's order.
    public let paths: [String]
    /// How an error names a file whose template passed its limits (the build's output folder, as `render` names it).
    let outputPrefix: String

    init(renderer: SiteRenderer, outputPrefix: String) {
        self.renderer = renderer
        jobs = renderer.jobs()
        paths = jobs.map { renderer.path(of: $0) }
        self.outputPrefix = outputPrefix
    }

    public var config: SiteConfig { renderer.site.config }

    /// Renders every file, on every core, and gives each one's index and bytes to `body` on the thread that rendered
    /// it: what `body` returns, in the files' order. Throws the errors of the pages whose template passed its limits
    /// (`TemplateLimits`), after every file was rendered and given to `body`.
    public func render<Result: Sendable>(_ body: @Sendable (_ index: Int, _ data: Data) -> Result) throws(DiagnosticList) -> [Result] {
        let outcomes = paths.indices.parallelMap(startingAt: 0) { [self] index -> (result: Result, stop: Diagnostic?) in
            let (data, stopReason) = renderer.renderChecked(jobs[index])
            return (body(index, data), stopReason.map { SiteBuilder.stopped(outputPrefix + paths[index], $0) })
        }
        let stops = outcomes.compactMap { $0.stop }
        guard stops.isEmpty else { throw DiagnosticList(stops) }
        return outcomes.map { $0.result }
    }

    /// The bytes of the file at `index`, rendered again (to place a broken link found in it).
    public func render(_ index: Int) -> Data {
        renderer.renderChecked(jobs[index]).data
    }

    /// Renders every file and gives each to `deploy` (to be written or stored) as `render` does, and checks the whole
    /// site with `checker` meanwhile (every internal link resolves, no page repeats an id, feeds and sitemaps are
    /// well-formed): what `deploy` returned for each file, or every problem found. What `deploy` did must then be
    /// undone by the caller.
    public func checkedRender<Result: Sendable>(_ checker: OutputChecker,
                                                _ deploy: @Sendable (_ index: Int, _ data: Data) -> Result) -> Swift.Result<[Result], DiagnosticList> {
        let scanner = checker.scanner(paths: paths)
        let rendered: [(scanned: OutputChecker.ScannedFile, result: Result)]
        do throws(DiagnosticList) {
            rendered = try render { index, data in (scanner.scan(index, data), deploy(index, data)) }
        } catch {
            return .failure(error)
        }
        let problems = scanner.problems(of: rendered.map(\.scanned)) { index in render(index) }
        guard problems.isEmpty else { return .failure(DiagnosticList(problems)) }
        return .success(rendered.map(\.result))
    }
}
