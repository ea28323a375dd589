import Foundation
import PackagePlugin

/// Records the git commit the package is built from (`tracker --version`) and where its source came from
/// (the `origin` remote, without any credentials in it), for the CI workflow `tracker init` writes.
/// A prebuild command, so it runs at every build and sees a new commit; the file is rewritten only when
/// something changed. Outside a git checkout of this package, both are nil ("unknown").
@main
struct EmbedSourceCommit: BuildToolPlugin {
    static let script = #"""
        set -u
        package=$1
        output=$2/EmbeddedSourceCommit.swift
        commit=""; dirty=false; remote=""
        # Read-only use, so a checkout owned by another user (a CI container's mount) is read too.
        g() { git -c safe.directory='*' -C "$package" "$@"; }
        top=$(g rev-parse --show-toplevel 2>/dev/null) || top=""
        # Only the package's own checkout: not a repository that merely contains it.
        if [ -n "$top" ] && [ "$(cd "$top" && pwd -P)" = "$(cd "$package" && pwd -P)" ]; then
            commit=$(g rev-parse --verify -q HEAD) || commit=""
            if [ -n "$commit" ] && ! g diff --quiet HEAD -- 2>/dev/null; then dirty=true; fi
            remote=$(g remote get-url origin 2>/dev/null | sed -E 's#^([A-Za-z][A-Za-z0-9+.-]*://)[^/@]*@#\1#') || remote=""
            case "$remote" in *[!A-Za-z0-9._~:/@+-]*) remote="" ;; esac
        fi
        quote() { if [ -n "$1" ]; then printf '"%s"' "$1"; else printf 'nil'; fi; }
        mkdir -p "$2"
        {
            echo "// Generated at build time by the EmbedSourceCommit plugin. Do not edit."
            echo "enum EmbeddedSourceCommit {"
            echo "    static let hash: String? = $(quote "$commit")"
            echo "    static let isDirty = $dirty"
            echo "    static let repository: String? = $(quote "$remote")"
            echo "}"
        } > "$output.new"
        if cmp -s "$output.new" "$output"; then rm -f "$output.new"; else mv "$output.new" "$output"; fi
        """#

    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appending(path: "generated")
        return [
            .prebuildCommand(
                displayName: "Recording the source commit",
                executable: URL(fileURLWithPath: "/bin/sh"),
                arguments: ["-c", Self.script, "sh", context.package.directoryURL.path, output.path],
                environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"],
                outputFilesDirectory: output
            )
        ]
    }
}
