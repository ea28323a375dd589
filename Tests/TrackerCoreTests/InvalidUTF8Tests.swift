import Foundation
import Testing
@testable import TrackerCore

/// A file that is not UTF-8 is refused with the line and column of its first byte that starts no character,
/// not at its first line: content, templates and the theme's strings alike. A file that cannot be read is one
/// error, not also an error in every file that depends on it.
@Suite struct InvalidUTF8TestSuite {
    func place(_ bytes: [UInt8]) -> InvalidUTF8? { InvalidUTF8(in: bytes) }

    @Test func findsTheFirstByteThatStartsNoCharacter() {
        #expect(place(Array("plain\ntext é € 𝄞\n".utf8)) == nil)
        #expect(place([]) == nil)
        // A Latin-1 "é" (0xE9) after characters of one to four bytes: columns count characters, not bytes.
        #expect(place(Array("ab\n".utf8) + Array("é€𝄞".utf8) + [0xE9, 0x41]) == InvalidUTF8(line: 2, column: 4, byte: 0xE9))
        #expect(place([0xFF]) == InvalidUTF8(line: 1, column: 1, byte: 0xFF))
        // A sequence cut short, at the end and before an ASCII byte: the place is its first byte.
        #expect(place(Array("a".utf8) + [0xE2, 0x82]) == InvalidUTF8(line: 1, column: 2, byte: 0xE2))
        #expect(place(Array("a\r\n\n".utf8) + [0xE2, 0x82, 0x41]) == InvalidUTF8(line: 3, column: 1, byte: 0xE2))
        // A continuation byte with nothing before it, an overlong "/", a UTF-16 surrogate, past U+10FFFF.
        #expect(place(Array("x".utf8) + [0x80]) == InvalidUTF8(line: 1, column: 2, byte: 0x80))
        #expect(place([0xC0, 0xAF]) == InvalidUTF8(line: 1, column: 1, byte: 0xC0))
        #expect(place(Array("--\n".utf8) + [0xED, 0xA0, 0x80]) == InvalidUTF8(line: 2, column: 1, byte: 0xED))
        #expect(place([0xF4, 0x90, 0x80, 0x80]) == InvalidUTF8(line: 1, column: 1, byte: 0xF4))
    }

    @Test func aContentFileThatIsNotUTF8IsAnErrorWhereTheByteIs() throws {
        let site = try TestSite(files: ["content/sources/report.md": TestSite.source, "content/incidents/x-block.md": TestSite.incident()])
        defer { site.remove() }
        // The body's second line, saved as Latin-1: "Café" with its "é" as the one byte 0xE9.
        var bytes = Data(TestSite.incident(body: "Blocked [@report].\nCaf").utf8)
        bytes.insert(0xE9, at: bytes.count - 1)
        try bytes.write(to: URL(fileURLWithPath: site.directory + "/content/incidents/x-block.md"))
        let line = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).count - 1
        #expect(line == 11)
        #expect(site.errors() == [
            "content/incidents/x-block.md:11:4: error: the file is not valid UTF-8 text: byte 0xE9 here starts no character; save the file as UTF-8",
        ])
    }

    @Test func aTemplateOrStringsFileThatIsNotUTF8IsAnErrorWhereTheByteIs() throws {
        let builtIn = EmbeddedTheme.files.filter { $0.key != "page.mustache" && $0.key != "i18n/en.yml" }.map { ($0.key, Data($0.value.utf8), "(built-in theme)") }
        let page = Data("<main>\n  <p>\u{A0}".utf8) + Data([0xA0]) + Data("</p>\n</main>\n".utf8)
        let strings = Data(EmbeddedTheme.files["i18n/en.yml"]!.utf8) + Data("extra: \"x".utf8) + Data([0x93, 0x22, 0x0A])
        let result = Theme.load(files: builtIn + [("page.mustache", page, "templates"), ("i18n/en.yml", strings, "templates")])
        let errors = try #require(result.failureValue).diagnostics.map(\.description)
        let stringsLine = EmbeddedTheme.files["i18n/en.yml"]!.split(separator: "\n", omittingEmptySubsequences: false).count
        #expect(errors == [
            "templates/i18n/en.yml:\(stringsLine):10: error: the strings file is not valid UTF-8 text: byte 0x93 here starts no character; save the file as UTF-8",
            "templates/page.mustache:2:7: error: the template is not valid UTF-8 text: byte 0xA0 here starts no character; save the file as UTF-8",
        ])
    }

    /// Each check below also ran before these rules: an unreadable English strings file made every key of ur.yml
    /// "unknown", and a broken partial was also "not found" where it is included.
    @Test func aPartialThatCannotBeReadIsNotAlsoNotFound() throws {
        let builtIn = EmbeddedTheme.files.filter { !$0.key.hasPrefix("partials/header.") && !$0.key.hasPrefix("partials/footer.") }
            .map { ($0.key, Data($0.value.utf8), "(built-in theme)") }
        let result = Theme.load(files: builtIn + [
            ("partials/header.mustache", Data("<header>{{#site}}\n".utf8), "templates"),
            ("partials/footer.mustache", Data([0x3C, 0x70, 0x3E, 0xE9]), "templates"),
        ])
        let errors = try #require(result.failureValue).diagnostics.map(\.description)
        #expect(errors == [
            "templates/partials/footer.mustache:1:4: error: the template is not valid UTF-8 text: byte 0xE9 here starts no character; save the file as UTF-8",
            "templates/partials/header.mustache:1:9: error: template syntax: '{{#site}}' is never closed (expected '{{/site}}')",
        ])
    }

    static let twoLanguages = "language: en\nlanguages:\n  - code: en\n    name: English\n  - code: ur\n    name: Urdu\n"
    static let translation = "---\ntitle: ایکس بند\n---\nبند [@report].\n"

    /// site.yml that is not UTF-8 (or not YAML) is its errors alone: read without its languages, the translation
    /// would be an incident missing every required key.
    @Test func aSiteFileThatCannotBeReadIsTheOnlyError() throws {
        let site = try TestSite(files: ["content/sources/report.md": TestSite.source, "content/incidents/x-block.md": TestSite.incident(),
                                        "content/incidents/x-block.ur.md": Self.translation])
        defer { site.remove() }
        let yaml = Data("title: T\nbase_url: https://example.org/\n\(Self.twoLanguages)description: Caf".utf8) + Data([0xE9, 0x0A])
        try yaml.write(to: URL(fileURLWithPath: site.directory + "/content/site.yml"))
        #expect(site.errors() == [
            "content/site.yml:9:17: error: the file is not valid UTF-8 text: byte 0xE9 here starts no character; save the file as UTF-8",
        ])
        try Data("title: T\nbase_url: [\n\(Self.twoLanguages)".utf8).write(to: URL(fileURLWithPath: site.directory + "/content/site.yml"))
        #expect(site.errors() == ["content/site.yml:4:10: error: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence)"])
        // Named as site.yml, not as a content file's front matter.
        try Data("- title: T\n- base_url: https://example.org/\n".utf8).write(to: URL(fileURLWithPath: site.directory + "/content/site.yml"))
        #expect(site.errors() == ["content/site.yml:1:1: error: site.yml must be a mapping of keys to values"])
        try Data("title: T\nbase_url: https://example.org/\ntitle: U\n".utf8).write(to: URL(fileURLWithPath: site.directory + "/content/site.yml"))
        #expect(site.errors() == ["content/site.yml:1:1: error: duplicate key 'title' in site.yml"])
    }

    /// site.yml without its address and with options that are not a mapping still gives its languages: the
    /// translation is read as one, and only site.yml's own errors are reported.
    @Test func aSiteFileWithErrorsStillGivesItsLanguages() throws {
        let site = try TestSite(files: ["content/sources/report.md": TestSite.source, "content/incidents/x-block.md": TestSite.incident(),
                                        "content/incidents/x-block.ur.md": Self.translation],
                                siteYAML: "title: T\n\(Self.twoLanguages)options: 3\n")
        defer { site.remove() }
        #expect(site.errors() == [
            "content/site.yml:1:1: error: missing required key 'base_url' in site.yml",
            "content/site.yml:8:10: error: 'options' must be a mapping of option names to values",
        ])
    }

    /// A name listed as content that is not a file says what it is instead (it said "cannot read the file" alone).
    @Test func whyAFileCannotBeReadIsSaid() throws {
        let site = try TestSite(files: ["content/sources/report.md": TestSite.source, "content/incidents/x-block.md": TestSite.incident()])
        defer { site.remove() }
        let incidents = site.directory + "/content/incidents/"
        try FileManager.default.createDirectory(atPath: incidents + "folder.md", withIntermediateDirectories: true)
        #expect(mkfifo(incidents + "pipe.md", 0o644) == 0)
        try FileManager.default.createSymbolicLink(atPath: incidents + "dangling.md", withDestinationPath: "nowhere.md")
        // "café.md" with its "é" as the one byte 0xE9, as a Latin-1 system names it.
        let latin1: [CChar] = Array("caf".utf8CString.dropLast()) + [CChar(bitPattern: 0xE9)] + Array(".md".utf8CString)
        let made = latin1.withUnsafeBufferPointer { name in
            (incidents.utf8CString.dropLast() + Array(name)).withUnsafeBufferPointer { creat($0.baseAddress!, 0o644) }
        }
        #expect(made >= 0)
        close(made)
        #expect(site.errors() == [
            "content/incidents/caf\u{FFFD}.md:1:1: error: cannot read the file: its name is not valid UTF-8; rename it",
            "content/incidents/dangling.md:1:1: error: cannot read the file: it is a link to nothing",
            "content/incidents/folder.md:1:1: error: cannot read the file: it is a folder",
            "content/incidents/pipe.md:1:1: error: cannot read the file: it is not a regular file (a pipe, a socket or a device)",
        ])
        // A file the system would not open for want of a descriptor (a preview holding many connections) says so: asked
        // again, `access` finds it readable, and the reason was "Input/output error".
        #expect(ContentLoader.whyUnreadable(incidents + "x-block.md", openError: EMFILE) == "Too many open files")
        #expect(ContentLoader.whyUnreadable(incidents + "folder.md", openError: EISDIR) == "it is a folder")
    }

    /// A content file whose name spells Markdown otherwise than `.md` (an editor's `.MD`, another tool's `.markdown`)
    /// is an error naming the fix: it was left out without a word, and the incident with it. Other files outside a
    /// bundle, and any file inside one, are not content and stay as they were.
    @Test func markdownNamedOtherwiseThanDotMDIsAnError() throws {
        let site = try TestSite(files: [
            "content/sources/report.md": TestSite.source, "content/incidents/x-block.md": TestSite.incident(),
            "content/incidents/y-block.MD": TestSite.incident(), "content/incidents/deep/z-block.markdown": TestSite.incident(),
            "content/sources/other.Mkd": TestSite.source, "content/pages/about.mdown": "---\ntitle: About\n---\nAbout.\n",
            "content/incidents/bundle/index.md": TestSite.incident(), "content/incidents/bundle/notes.markdown": "notes",
            "content/incidents/notes.txt": "notes", "content/incidents/README": "notes", "content/incidents/x-block.md.bak": "old",
            "content/incidents/.draft.MD": "hidden", "content/incidents/.markdown": "hidden", "content/incidents/archive.md.zip": "zip",
        ])
        defer { site.remove() }
        let rule = "a content file's name must end in '.md' (in lowercase) for the build to read it"
        #expect(site.errors() == [
            "content/incidents/deep/z-block.markdown:1:1: error: \(rule), not '.markdown'; rename it z-block.md",
            "content/incidents/y-block.MD:1:1: error: \(rule), not '.MD'; rename it y-block.md",
            "content/pages/about.mdown:1:1: error: \(rule), not '.mdown'; rename it about.md",
            "content/sources/other.Mkd:1:1: error: \(rule), not '.Mkd'; rename it other.md",
        ])
        #expect(ContentFiles.isMarkdownOtherwiseNamed("x.md") == false)
        #expect(ContentFiles.isMarkdownOtherwiseNamed("x.mD") == true)
        #expect(ContentFiles.isMarkdownOtherwiseNamed("x.MDTEXT") == true)
        #expect(ContentFiles.isMarkdownOtherwiseNamed("x.mdx") == false)
    }

    /// An error is one line, whatever its file is named: a newline, a tab or an escape in the name is written as
    /// an escape, in the path and where the message quotes the name.
    @Test func anErrorIsOneLineWhateverTheFileIsNamed() throws {
        let site = try TestSite(files: ["content/sources/report.md": TestSite.source, "content/incidents/x-block.md": TestSite.incident(),
                                        "content/incidents/a\nb\tc\u{1B}[2J\u{9B}.md": TestSite.incident()])
        defer { site.remove() }
        let rule = "must be lowercase letters, digits, '-', '_' or '.', starting with a letter or digit; rename the file"
        #expect(site.errors() == [
            "content/incidents/a\\nb\\tc\\u{1B}[2J\\u{9B}.md:1:1: error: the incident id 'a\\nb\\tc\\u{1B}[2J\\u{9B}' comes from the file name and \(rule)",
        ])
        #expect(Diagnostic(path: "p\r.md", line: 1, column: 2, message: "a\u{7F}b \u{0}", isWarning: true).description
                == "p\\r.md:1:2: warning: a\\u{7F}b \\u{0}")
        // Other characters are left as they are.
        #expect(Diagnostic(path: "ایکس.md", line: 1, column: 1, message: "'\u{A0}é' \u{2028}").description == "ایکس.md:1:1: error: '\u{A0}é' \u{2028}")
    }

    /// A strings file's YAML errors name it as a strings file, not as front matter.
    @Test func aStringsFileIsNamedAsOne() throws {
        let builtIn = EmbeddedTheme.files.map { ($0.key, Data($0.value.utf8), "(built-in theme)") }
        let result = Theme.load(files: builtIn, siteStrings: [("i18n/fr.yml", Data("- facts: Faits\n".utf8), "i18n/fr.yml"),
                                                              ("i18n/ru.yml", Data("facts: A\nfacts: B\n".utf8), "i18n/ru.yml")])
        let errors = try #require(result.failureValue).diagnostics.map(\.description)
        #expect(errors == [
            "i18n/fr.yml:1:1: error: the strings file must be a mapping of keys to values",
            "i18n/ru.yml:1:1: error: duplicate key 'facts' in the strings file",
        ])
    }
}

