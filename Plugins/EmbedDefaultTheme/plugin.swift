import Foundation
import PackagePlugin

/// Embeds the package's `templates/` folder (the default theme) into TrackerCore, and the example
/// tracker (its `content/` and `static/` folders) for `tracker init --example`.
@main
struct EmbedDefaultTheme: BuildToolPlugin {
    static let exampleFolders = ["content", "static"]

    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let package = context.package.directoryURL
        let tool = try context.tool(named: "embed-theme").url
        let theme = context.pluginWorkDirectoryURL.appending(path: "EmbeddedTheme.swift")
        let example = context.pluginWorkDirectoryURL.appending(path: "EmbeddedExample.swift")
        return [
            .buildCommand(
                displayName: "Embedding the default theme",
                executable: tool,
                arguments: [package.appending(path: "templates").path, theme.path],
                inputFiles: files(under: [package.appending(path: "templates")]),
                outputFiles: [theme]
            ),
            .buildCommand(
                displayName: "Embedding the example tracker",
                executable: tool,
                arguments: ["--example", package.path, example.path] + Self.exampleFolders,
                inputFiles: files(under: Self.exampleFolders.map { package.appending(path: $0) }),
                outputFiles: [example]
            ),
        ]
    }

    /// Every file below the folders (those that exist), sorted: the commands run again when one changes.
    func files(under folders: [URL]) -> [URL] {
        var inputs: [URL] = []
        for folder in folders {
            guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { continue }
            for case let url as URL in enumerator where !url.hasDirectoryPath {
                inputs.append(url)
            }
        }
        return inputs.sorted { $0.path < $1.path }
    }
}
