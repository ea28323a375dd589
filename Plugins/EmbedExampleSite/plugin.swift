import Foundation
import PackagePlugin

/// Embeds the example tracker (the package's `content/` and `static/` folders) into TrackerCore,
/// for `tracker init --example`.
@main
struct EmbedExampleSite: BuildToolPlugin {
    static let folders = ["content", "static"]

    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let site = context.package.directoryURL
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedExample.swift")
        var inputs: [URL] = []
        for folder in Self.folders {
            guard let enumerator = FileManager.default.enumerator(at: site.appending(path: folder), includingPropertiesForKeys: nil) else { continue }
            for case let url as URL in enumerator where !url.hasDirectoryPath {
                inputs.append(url)
            }
        }
        return [
            .buildCommand(
                displayName: "Embedding the example tracker",
                executable: try context.tool(named: "embed-theme").url,
                arguments: ["--example", site.path, output.path] + Self.folders,
                inputFiles: inputs.sorted { $0.path < $1.path },
                outputFiles: [output]
            )
        ]
    }
}
