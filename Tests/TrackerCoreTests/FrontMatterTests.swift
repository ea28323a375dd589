import Testing
@testable import TrackerCore

@Suite struct FrontMatterTestSuite {
    @Test func splitsYAMLFromBody() throws {
        let split = try FrontMatter.split("---\ntitle: A\n---\nBody\n")
        #expect(split.yaml == "title: A\n")
        #expect(split.body == "Body\n")
        #expect(split.bodyFirstLine == 4)
    }

    @Test func acceptsByteOrderMarkAndCRLF() throws {
        let split = try FrontMatter.split("\u{FEFF}---\r\ntitle: A\r\n---\r\nBody\r\n")
        #expect(split.yaml == "title: A\n")
        #expect(split.body == "Body\n")
    }

    @Test func closesOnlyAtALineThatIsExactlyThreeDashes() throws {
        let split = try FrontMatter.split("---\ntitle: A\n--- \nx: ----\n---\n")
        #expect(split.yaml == "title: A\n--- \nx: ----\n")
        #expect(split.bodyFirstLine == 6)
    }

    @Test func reportsMissingDelimiters() {
        #expect(throws: FrontMatter.SplitError.missingOpening) { try FrontMatter.split("title: A\n") }
        #expect(throws: FrontMatter.SplitError.missingClosing) { try FrontMatter.split("---\ntitle: A\n") }
    }
}
