import Foundation

public struct BuildOptions: Sendable {
    public var siteDirectory: String
    public var outputDirectory: String
    /// `outputDirectory` ending in "/": what an output path is shown after in messages.
    var outputPrefix: String { outputDirectory.hasSuffix("/") ? outputDirectory : outputDirectory + "/" }
    public var includeDrafts: Bool
    public var baseURL: String?
    public var render: RenderOptions
    /// Measure the time spent rendering each kind of page (`tracker build --timings`).
    public var measureTimings = false
    /// Skip the build when nothing it reads has changed and the output is as the last build left it.
    public var useCache = true
    /// Build even when the cache says nothing changed, recording the output as any build does
    /// (`--timings`: the times are those of the build a user gets).
    public var neverSkips = false
    /// Leave the loaded site in memory when the build returns, for a process that exits right after
    /// (`tracker build`): freeing a large site object by object takes seconds that exiting does not.
    public var keepsSiteUntilExit = false
    /// Fail on what `SiteLinker.strictWarnings` reports too (`--strict`), as a compiler's `-Werror` does.
    public var strict = false
    /// Told, once, when another tracker process is writing the output folder and the build waits for it.
    public var waitingForOutput: (@Sendable (String) -> Void)?

    public init(siteDirectory: String = ".", outputDirectory: String? = nil, includeDrafts: Bool = false,
                baseURL: String? = nil, render: RenderOptions = .init()) {
        self.siteDirectory = siteDirectory
        self.outputDirectory = outputDirectory ?? (siteDirectory == "." ? "public" : (siteDirectory as NSString).appendingPathComponent("public"))
        self.includeDrafts = includeDrafts
        self.baseURL = baseURL
        self.render = render
    }
}
