import Foundation
import Mustache
import Testing
@testable import TrackerCore

/// The template engine: exact output for each Mustache feature the themes use, the same bytes as
/// swift-mustache (the engine the default theme was written against) on every case, and exact errors.
@Suite struct TemplateEngineTestSuite {
    func library(_ templates: [String: String]) throws -> TemplateLibrary {
        TemplateLibrary(templates: try templates.mapValues { try TemplateParser.compile($0) })
    }

    /// Renders `main` with our engine and with swift-mustache; both must agree before the result is returned.
    func render(_ templates: [String: String], _ context: TemplateValue, main: String = "main") throws -> String {
        let ours = try #require(try library(templates).render(main, context))
        let reference = MustacheLibrary(templates: try templates.mapValues { try MustacheTemplate(string: $0) })
        let theirs = try #require(reference.render(context.anyValue, withTemplate: main))
        #expect(ours == theirs, "differs from swift-mustache")
        return ours
    }

    func render(_ template: String, _ context: TemplateValue = [:]) throws -> String {
        try render(["main": template], context)
    }

    @Test func variablesAreEscapedUnlessTripleOrAmpersand() throws {
        let context: TemplateValue = ["x": #"<a href="q">Tom & 'Jerry'</a>"#, "n": 42, "yes": true, "no": false]
        #expect(try render("{{x}}|{{{x}}}|{{&x}}|{{ x }}", context)
            == #"&lt;a href=&quot;q&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;|<a href="q">Tom & 'Jerry'</a>|<a href="q">Tom & 'Jerry'</a>|&lt;a href=&quot;q&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;"#)
        #expect(try render("{{n}} {{yes}} {{no}} [{{missing}}]", context) == "42 true false []")
        #expect(try render("Café — “{{x}}”", ["x": "naïve & ü"]) == "Café — “naïve &amp; ü”")
    }

    @Test func dottedNamesClimbTheStackOnlyForTheirFirstPart() throws {
        let context: TemplateValue = ["a": ["b": ["c": "deep"]], "name": "outer", "item": ["title": "inner"], "other": ["x": "1"]]
        #expect(try render("{{a.b.c}}/{{a.x.c}}/{{#item}}{{title}} {{name}} {{.title}}[{{.name}}]{{/item}}", context) == "deep//inner outer inner[]")
        // `other` has no `title`, and a dotted name does not look further once its first part is found.
        #expect(try render("{{#item}}{{other.title}}|{{item.title}}{{/item}}", context) == "|inner")
    }

    @Test func sectionsFollowTheValueKind() throws {
        let context: TemplateValue = [
            "list": [["n": 1], ["n": 2]], "empty": [], "names": ["a", "b"], "yes": true, "no": false,
            "zero": 0, "blank": "", "object": ["k": "v"],
        ]
        #expect(try render("{{#list}}<{{n}}>{{/list}}{{#empty}}E{{/empty}}{{#names}}{{.}},{{/names}}", context) == "<1><2>a,b,")
        #expect(try render("{{#yes}}Y{{/yes}}{{#no}}N{{/no}}{{#zero}}Z{{.}}{{/zero}}{{#blank}}B[{{.}}]{{/blank}}{{#object}}{{k}}{{/object}}{{#missing}}M{{/missing}}", context)
            == "YZ0B[]v")
        #expect(try render("{{^list}}1{{/list}}{{^empty}}2{{/empty}}{{^no}}3{{/no}}{{^yes}}4{{/yes}}{{^missing}}5{{/missing}}{{^zero}}6{{/zero}}", context) == "235")
    }

    @Test func generatedListsRenderLikeLists() throws {
        let context: TemplateValue = [
            "generated": .generated([3, 1, 2]) { ["n": .int($0), "even": .bool($0 % 2 == 0)] },
            "none": .generated([Int]()) { .int($0) },
        ]
        #expect(try render("{{#generated}}{{n}}{{#even}}e{{/even}},{{/generated}}{{^generated}}no{{/generated}}{{#none}}x{{/none}}{{^none}}empty{{/none}}", context)
            == "3,1,2e,empty")
    }

    /// In the heap, and (`kept`) in a page store, as the preview keeps them.
    @Test(arguments: [false, true]) func aCachedListKeepsEachElementsSectionForTheNextRender(kept: Bool) throws {
        let templates = try library(["main": "<ul>\n  {{#items}}\n  <li>{{n}}{{#tags}} {{.}}{{/tags}}</li>\n  {{/items}}\n</ul>\n{{#items}}{{n}};{{/items}}"])
        let store = kept ? try #require(PageStore.make()) : nil
        let cache = FragmentCache(count: 10, store: store)
        func context(_ label: String) -> TemplateValue {
            // The cache slot is the item's number: 4 and 7 here.
            ["items": .generated([4, 7], cache: cache) { ["n": .string("\(label)\($0)"), "tags": ["a", "b"]] }]
        }
        let cold = try #require(templates.render("main", context("#")))
        #expect(cold == "<ul>\n  <li>#4 a b</li>\n  <li>#7 a b</li>\n</ul>\n#4;#7;")
        // Each element's section is kept under its slot, with its indentation and line break.
        #expect(cache.cached(4) == "  <li>#4 a b</li>\n")
        #expect(cache.cached(7) == "  <li>#7 a b</li>\n")
        #expect(cache.isKept(4) == kept && cache.isKept(7) == kept)
        // Letting go of the store's resident pages keeps the bytes.
        store?.releaseResidentPages()
        // The next render copies the kept sections (the elements say otherwise now, to show it). The second
        // section over the same list has another body: it is rendered again, never mixed with the first.
        let warm = try #require(templates.render("main", context("!")))
        #expect(warm == "<ul>\n  <li>#4 a b</li>\n  <li>#7 a b</li>\n</ul>\n!4;!7;")
        cache.forget([7])
        #expect(try templates.render("main", context("!")) == "<ul>\n  <li>#4 a b</li>\n  <li>!7 a b</li>\n</ul>\n!4;!7;")
        #expect(cache.remadeAnother)
        #expect(cache.cached(7) == "  <li>!7 a b</li>\n" && cache.isKept(7) == kept)
    }

    @Test func aCachedSectionThatReadsTheContextAroundItIsNotKept() throws {
        let templates = try library(["main": "{{#items}}{{n}}/{{count}}{{missing}} {{/items}}"])
        let cache = FragmentCache(count: 10)
        func context(count: Int, _ cache: FragmentCache) -> TemplateValue {
            ["count": .int(count), "items": .generated([4, 7], cache: cache) { ["n": .int($0)] }]
        }
        #expect(try templates.render("main", context(count: 2, cache)) == "4/2 7/2 ")
        #expect(cache.cached(4) == nil, "the section read `count`, from outside its element")
        #expect(try templates.render("main", context(count: 3, cache)) == "4/3 7/3 ")
        let missing = try library(["main": "{{#items}}{{n}}{{missing}} {{/items}}"])
        let other = FragmentCache(count: 10)
        #expect(try missing.render("main", context(count: 3, other)) == "4 7 ")
        #expect(other.cached(4) == nil, "a name found nowhere could appear around the section later")
        let plain = try library(["main": "{{#items}}{{n}} {{/items}}"])
        let third = FragmentCache(count: 10)
        #expect(try plain.render("main", context(count: 3, third)) == "4 7 ")
        #expect(third.cached(4) == "4 ", "what reads only its element is kept")
    }

    /// A literal that names a key twice keeps the key where it first came and the value it was given last, as
    /// setting the names one by one does; an object past `indexedFrom` names finds each through its table.
    @Test func aLiteralWithARepeatedNameKeepsItsLastValue() throws {
        let object: TemplateObject = ["a": "first", "b": .int(2), "a": "last"]
        #expect(object.count == 2)
        #expect(object["a"] == "last")
        #expect(object.map(\.key) == ["a", "b"])
        var byOne = TemplateObject()
        byOne["a"] = "first"
        byOne["b"] = .int(2)
        byOne["a"] = "last"
        #expect(object == byOne)
        #expect(try render("{{a}} {{b}}", .object(object)) == "last 2")
        let pairs = (0 ..< 100).map { ("name\($0)", TemplateValue.int($0)) }
        let big = TemplateObject(pairs: pairs + [("name7", .string("again"))])
        #expect(big.count == 100)
        #expect(big["name99"] == .int(99))
        #expect(big["name7"] == "again")
        #expect(big["name100"] == nil)
        byOne["a"] = nil
        #expect(byOne.map(\.key) == ["b"])
        #expect(byOne["a"] == nil)
    }

    /// Lookups read an entry's value at `TemplateObject.valueOffset`: it must be where Swift put it.
    @Test func anEntrysValueIsWhereLookupsReadIt() {
        #expect(TemplateObject.valueOffset == MemoryLayout<TemplateObject.Entry>.offset(of: \.value))
        let object: TemplateObject = ["first": "one", "second": .int(2), "third": ["inner": "three"]]
        #expect(object.valuePointer("second", signature: TemplateObject.signature("second"))?.pointee == .int(2))
        #expect(object.valuePointer("third", signature: TemplateObject.signature("third"))?.pointee == ["inner": "three"])
        #expect(object.valuePointer("fourth", signature: TemplateObject.signature("fourth")) == nil)
    }

    @Test func layeredObjectsShowTheTopNamesOverTheBase() throws {
        let context: TemplateValue = ["x": .object(["b": "top", "c": ["d": "deep"]], over: ["a": "base", "b": "hidden"]), "a": "outer"]
        #expect(try render("{{#x}}{{a}} {{b}} {{c.d}}{{/x}} {{x.a}} {{x.b}} {{^x}}no{{/x}}", context) == "base top deep base top ")
    }

    @Test func standaloneTagsTakeTheirLine() throws {
        let template = """
        <ul>
          {{#items}}
          <li>{{.}}</li>
          {{/items}}
          {{! a comment }}
          {{^items}}
          <li>none</li>
          {{/items}}
        </ul>
          {{#items}}inline {{.}}{{/items}} end

        """
        #expect(try render(template, ["items": ["a", "b"]]) == "<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>\n  inline ainline b end\n")
        #expect(try render("a\r\n  {{#x}}\r\nb\r\n  {{/x}}\r\nc", ["x": true]) == "a\r\nb\r\nc")
        #expect(try render("  {{! only }}\n{{x}}  ", ["x": "v"]) == "v  ")
    }

    /// As in swift-mustache, a line gets the indentation when the partial's own output so far ends with a
    /// newline: the first line of each repetition of a section after the first is left as written.
    @Test func standalonePartialsIndentTheirLines() throws {
        let templates = [
            "main": "<div>\n  {{>inner}}\n  {{> inline }} and {{>inline}}\n</div>\n",
            "inner": "<p>\n{{#rows}}\n  <span>{{.}}</span>\n{{/rows}}\n  {{>leaf}}\n</p>\n",
            "leaf": "leaf\nline two\n",
            "inline": "[{{rows.0}}]",
        ]
        #expect(try render(templates, ["rows": ["1", "2"]]) == """
        <div>
          <p>
            <span>1</span>
          <span>2</span>
            leaf
            line two
          </p>
          [] and []
        </div>

        """)
    }

    @Test func parentsAndBlocks() throws {
        let templates = [
            "base": "<title>{{$title}}Default{{/title}}</title>\n<main>\n{{$content}}{{/content}}\n</main>\n{{$scripts}}{{/scripts}}\n",
            "middle": "{{<base}}{{$title}}Middle · {{site}}{{/title}}{{$content}}middle content{{/content}}{{/base}}",
            "main": "{{<base}}\n{{$content}}\n  <h1>{{heading}}</h1>\n    <p>kept relative</p>\n{{/content}}\n{{/base}}\n",
            "child": "{{<middle}}{{$content}}child content{{/content}}{{/middle}}",
        ]
        let context: TemplateValue = ["heading": "Hello & bye", "site": "S"]
        #expect(try render(templates, context) == "<title>Default</title>\n<main>\n<h1>Hello &amp; bye</h1>\n  <p>kept relative</p>\n\n</main>\n\n")
        #expect(try render(templates, context, main: "child") == "<title>Middle · S</title>\n<main>\nchild content\n</main>\n\n")
    }

    @Test func delimitersCommentsAndContentType() throws {
        #expect(try render("{{=<% %>=}}<% x %> {{x}} <%={{ }}=%>{{x}}", ["x": "1"]) == "1 {{x}} 1")
        // A comment ends at the first closing delimiter.
        #expect(try render("a{{! never {{shown}} }}b", ["shown": "no"]) == "a }}b")
        #expect(try render("{{x}}\n{{% CONTENT_TYPE: TEXT }}\n{{x}}", ["x": "<b>"]) == "&lt;b&gt;\n<b>")
    }

    @Test func dynamicPartialsAndMissingOnes() throws {
        let templates = ["main": "{{>*which}}|{{>nothing}}|", "one": "ONE {{x}}"]
        #expect(try render(templates, ["which": "one", "x": "y"]) == "ONE y||")
    }

    func error(_ template: String) -> String {
        do {
            _ = try TemplateParser.compile(template)
            return "no error"
        } catch {
            return "\(error.line):\(error.column): \(error.message)"
        }
    }

    @Test func syntaxErrorsSayWhatAndWhere() {
        #expect(error("<p>\n  {{#open}}\n</p>") == "2:3: '{{#open}}' is never closed (expected '{{/open}}')")
        #expect(error("{{#a}}\n  {{/b}}") == "2:6: closing tag '{{/b}}' does not match the open section 'a'")
        #expect(error("x {{/b}}") == "1:6: closing tag '{{/b}}' has no open section")
        #expect(error("é {{name") == "1:9: unfinished tag: expected '}}' after '{{name'")
        #expect(error("{{{raw}}") == "1:9: unfinished tag: expected '}' to close '{{{raw'")
        #expect(error("{{! open") == "1:1: comment is never closed (expected '}}')")
        #expect(error("{{upper(name)}}") == "1:3: 'upper(name)': transforms such as 'name(value)' are not supported")
        #expect(error("{{<base}}{{x}}{{/base}}") == "1:1: only '{{$block}}…{{/block}}' overrides and text may appear inside '{{<base}}'")
        #expect(error("{{=<% %>}}") == "1:1: invalid set-delimiters tag: expected '{{=<start> <end>=}}'")
        #expect(error("{{% CONTENT_TYPE: JSON }}") == "1:1: invalid pragma: expected '{{% CONTENT_TYPE: HTML}}' or TEXT")
        #expect(error("{{<base}}") == "1:1: '{{<base}}' is never closed (expected '{{/base}}')")
    }
}

/// Every page of the example site, rendered from the built-in theme by our engine and by swift-mustache
/// from the same contexts: the same bytes.
@Suite struct ThemeAgainstSwiftMustacheTestSuite {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    @Test func everyExamplePageRendersAsSwiftMustacheRendersIt() throws {
        let (site, theme) = try SiteBuilder.load(BuildOptions(siteDirectory: Self.packageRoot)).get()
        let renderer = SiteRenderer(site: site, theme: theme)
        let reference = MustacheLibrary(templates: try theme.sources.mapValues { try MustacheTemplate(string: $0) })
        var kinds: Set<String> = []
        for job in renderer.jobs() where job.isHTMLPage {
            let (template, context) = renderer.htmlContext(job)
            let ours = String(decoding: renderer.render(job), as: UTF8.self)
            let theirs = try #require(reference.render(TemplateValue.object(context).anyValue, withTemplate: template))
            #expect(ours == theirs, "\(renderer.path(of: job))")
            kinds.insert(job.category)
        }
        let country = site.countries[0]
        let extra: [(String, TemplateObject)] = [("feed.xml", renderer.feedContext()), ("sitemap.xml", renderer.sitemapContext(renderer.sitemapEntries()[...])),
                                                 ("changes.xml", renderer.changesFeedContext()),
                                                 ("feed.xml", renderer.termFeedContext(country, feed: .countryFeed(country.slug), page: .country(country.slug)))]
        for (template, context) in extra {
            #expect(theme.render(template, context) == reference.render(TemplateValue.object(context).anyValue, withTemplate: template), "\(template)")
        }
        #expect(kinds == ["home", "incidentList", "incident", "timeline", "sourceList", "source", "countryList", "country",
                          "platformList", "platform", "page", "notFound", "search", "dataPage", "changes", "caseList", "legalCase",
                          "translation"])  // the same pages in Urdu, the example's second language
    }
}
