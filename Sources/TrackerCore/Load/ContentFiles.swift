/// A file beside a bundle's `index.md` (`content/incidents/<id>/map.png`), copied next to the item's page.
struct BundleFile: Sendable, Hashable {
    let folder: ContentLoader.ContentFolder
    /// The item's id: the bundle folder's name.
    let id: String
    /// The path inside the bundle folder ("map.png", "scans/page-1.png").
    let file: String
    /// The path relative to the site ("content/incidents/x/map.png").
    let relative: String
    /// The path as messages show it (with the site folder as the user named it).
    let path: String
    /// What is wrong when it is a symbolic link out of the site (`SiteBoundary`) or to nothing: an error, never copied.
    var entryProblem: EntryProblem? = nil
}

/// The files of a content folder: every item's Markdown file, and the other files of its bundles.
///
/// A folder holding an `index.md` (below the content folder itself) is a bundle, as Hugo's leaf bundles:
/// `index.md` is the item, named by the folder, and every other file in the folder and its sub-folders
/// (Markdown too) is one of its files, copied beside its page; no item is read from inside a bundle.
/// Names starting with "." are skipped, and everything under such a folder; symbolic links are listed
/// but not followed into.
struct ContentFiles: Sendable {
    var markdown: [String] = []
    var bundleFiles: [BundleFile] = []
    /// The translations (`<id>.<lang>.md`, a bundle's `index.<lang>.md`) into the site's other languages, sorted.
    var translations: [String] = []
    /// The codes of the site's other languages (`SiteConfig.otherLanguages`): their files are translations.
    private let codes: [String]
    /// The codes site.yml rejects (`ContentLoader.rejectedTranslationCodes`): their translations are skipped.
    private let rejectedCodes: [String]
    /// Where linked files may lead (`SiteBoundary`); nil: anywhere.
    private let boundary: SiteBoundary?

    static let bundleIndex = "index.md"

    /// The content folder itself when it is a link out of the site (`SiteBoundary`), with its target: not read.
    var outsideRoot: (path: String, target: String)?

    init(folder: ContentLoader.ContentFolder, loader: ContentLoader) {
        codes = loader.translationCodes
        boundary = loader.boundary
        rejectedCodes = loader.rejectedTranslationCodes
        let directory = loader.displayPath(folder.rawValue)
        if let target = boundary?.outsideTarget(of: directory) {
            outsideRoot = (directory, target)
            return
        }
        walk(folder, directory: directory, relative: folder.rawValue, isRoot: true)
        markdown.sort()
        bundleFiles.sort { $0.relative < $1.relative }
        translations.sort()
    }

    /// The language a file's name makes it a translation into ("x.ur.md", "index.ur.md" → "ur"), among `codes`.
    static func translationLanguage(ofFile name: Substring, codes: [String]) -> String? {
        codes.first { name.hasSuffix("." + $0 + ".md") && name.count > $0.count + 4 }
    }

    private mutating func walk(_ folder: ContentLoader.ContentFolder, directory: String, relative: String, isRoot: Bool) {
        if !isRoot, FileTree.isRegularFile(directory + "/" + Self.bundleIndex) {
            markdown.append(relative + "/" + Self.bundleIndex)
            let id = String(ContentLoader.fileName(relative))
            var problems: [String: EntryProblem] = [:]
            var files = FileTree.files(under: directory, skipHidden: true, boundary: boundary, problems: &problems).filter { $0 != Self.bundleIndex }
            files.removeAll { file in
                guard let code = Self.translationLanguage(ofFile: file[...], codes: codes), file == "index.\(code).md" else { return false }
                translations.append(relative + "/" + file)
                return true
            }
            bundleFiles += files.map {
                BundleFile(folder: folder, id: id, file: $0, relative: relative + "/" + $0, path: directory + "/" + $0, entryProblem: problems[$0])
            }
            return
        }
        DirectoryEntries.forEach(in: directory, followingLinks: false) { name, kind in
            if name.hasPrefix(".") { return }
            let path = relative + "/" + name
            if Self.isMarkdownName(name) {
                if Self.translationLanguage(ofFile: name[...], codes: codes) != nil {
                    translations.append(path)
                } else if Self.translationLanguage(ofFile: name[...], codes: rejectedCodes) == nil {
                    markdown.append(path)
                }
            }
            if kind == .directory { walk(folder, directory: directory + "/" + name, relative: path, isRoot: false) }
        }
    }

    /// The extensions other tools read as Markdown, in any case. A file named so (`x.MD`, `x.markdown`) is listed
    /// as a content file, and its decoding reports the name (`ContentLoader.misnamed`): left out, an incident saved
    /// by an editor that spells the extension its own way would be gone from the site without a word.
    static let markdownExtensions: Set<String> = ["md", "markdown", "mdown", "mkdn", "mkd", "mdwn", "mdtxt", "mdtext"]

    /// Whether `name` is listed as a content file: it ends in `.md`, or in another spelling of Markdown.
    static func isMarkdownName(_ name: String) -> Bool { name.hasSuffix(".md") || isMarkdownOtherwiseNamed(name) }

    /// Whether `name` ends in an extension of `markdownExtensions` spelled other than `.md`.
    static func isMarkdownOtherwiseNamed(_ name: String) -> Bool {
        guard !name.hasSuffix(".md"), let dot = name.lastIndex(of: "."), dot != name.startIndex else { return false }
        let suffix = name[name.index(after: dot)...]
        return suffix.utf8.count <= 8 && markdownExtensions.contains(suffix.lowercased())
    }

    /// The files under `static/`, copied to the same paths under the output root. Hidden names (".DS_Store",
    /// editor files) are skipped, except the `.well-known/` folder, which sites publish on purpose.
    static func staticFiles(_ loader: ContentLoader) -> [SiteFile] {
        // static/ itself a link out of the site: one error for the folder.
        if let target = loader.boundary?.outsideTarget(of: loader.displayPath(staticFolder)) {
            return [SiteFile(route: .staticFile(""), path: loader.displayPath(staticFolder), entryProblem: .outside(target))]
        }
        var problems: [String: EntryProblem] = [:]
        let files = FileTree.files(under: loader.displayPath(staticFolder), skipHidden: true, keeping: [".well-known"],
                                   boundary: loader.boundary, problems: &problems)
        return files.map { SiteFile(route: .staticFile($0), path: loader.displayPath(staticFolder + "/" + $0), entryProblem: problems[$0]) }
    }

    static let staticFolder = "static"

    /// A translation beside its original (`x.ur.md`, `index.pt-BR.md`): not an item of its own.
}
