import Foundation
import Mustache
import Testing
@testable import TrackerCore

/// The official Mustache specification (`Tests/Fixtures/mustache-spec`), rendered by the template engine
/// and by swift-mustache: every test gives the expected text, but for the two where swift-mustache does
/// not either, and there the two engines agree.
@Suite struct MustacheSpecTestSuite {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/mustache-spec")

    /// A JSON value of a test's data.
    enum JSONValue: Decodable {
        case null, bool(Bool), int(Int), double(Double), string(String), list([JSONValue]), object([String: JSONValue])

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() { self = .null }
            else if let bool = try? container.decode(Bool.self) { self = .bool(bool) }
            else if let int = try? container.decode(Int.self) { self = .int(int) }
            else if let double = try? container.decode(Double.self) { self = .double(double) }
            else if let string = try? container.decode(String.self) { self = .string(string) }
            else if let list = try? container.decode([JSONValue].self) { self = .list(list) }
            else { self = .object(try container.decode([String: JSONValue].self)) }
        }

        /// As the renderer's contexts hold it: a number with a fraction as its text, null as no value.
        var templateValue: TemplateValue? {
            switch self {
            case .null: return nil
            case .bool(let bool): return .bool(bool)
            case .int(let int): return .int(int)
            case .double(let double): return .string("\(double)")
            case .string(let string): return .string(string)
            case .list(let list): return .list(list.compactMap(\.templateValue))
            case .object(let object):
                var result = TemplateObject()
                for key in object.keys.sorted() { result[key] = object[key]!.templateValue }
                return .object(result)
            }
        }
    }

    struct Spec: Decodable {
        struct Test: Decodable {
            let name: String
            let data: JSONValue
            let partials: [String: String]?
            let template: String
            let expected: String
        }
        let tests: [Test]
    }

    /// The tests whose expected text neither engine gives, and what both give instead: a block's
    /// indentation inside a parent (`~inheritance.json`).
    static let knownDifferences: [String: String] = [
        "Intrinsic indentation": "Hi,\none\ntwo\n",
        "Nested block reindentation": "one\nthree\n",
    ]

    @Test func everyTestOfTheSpecificationRendersAsSwiftMustacheRendersIt() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter { $0.hasSuffix(".json") }.sorted()
        #expect(files.count == 8)
        var tests = 0
        for file in files {
            let spec = try JSONDecoder().decode(Spec.self, from: Data(contentsOf: Self.folder.appendingPathComponent(file)))
            for test in spec.tests {
                tests += 1
                var sources = test.partials ?? [:]
                sources["__test__"] = test.template
                let context = test.data.templateValue ?? .object([:])
                let ours = TemplateLibrary(templates: try sources.mapValues { try TemplateParser.compile($0) }).render("__test__", context)
                let reference = MustacheLibrary(templates: try sources.mapValues { try MustacheTemplate(string: $0) })
                let theirs = reference.render(context.anyValue, withTemplate: "__test__")
                #expect(ours == theirs, "\(file): \(test.name)")
                #expect(ours == (Self.knownDifferences[test.name] ?? test.expected), "\(file): \(test.name)")
            }
        }
        #expect(tests == 184)
    }
}
