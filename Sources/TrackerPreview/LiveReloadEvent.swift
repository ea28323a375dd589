import Foundation

/// The server-sent events a preview page listens to, as wire text (`event:` and one `data:` line of JSON).
///
/// - `hello` on every (re)connection: the server's id, the generation and the current errors.
/// - `update` after each build: the generation, the output paths that changed (null: all) and the errors.
enum LiveReloadEvent {
    struct Hello: Encodable {
        let server: String
        let generation: Int
        let problems: [BuildProblem]
    }

    struct Update: Encodable {
        let generation: Int
        /// null (not absent) means "everything": the page's script tests for it.
        let changed: [String]?
        let problems: [BuildProblem]

        enum CodingKeys: String, CodingKey { case generation, changed, problems }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(generation, forKey: .generation)
            try container.encode(changed, forKey: .changed)
            try container.encode(problems, forKey: .problems)
        }
    }

    /// Past this many changed files a page is told "everything changed": the list would cost more than a reload.
    static let changedListLimit = 2_000

    static func hello(server: String, generation: Int, problems: [BuildProblem]) -> String {
        message("hello", Hello(server: server, generation: generation, problems: problems))
    }

    static func update(generation: Int, changed: [String]?, problems: [BuildProblem]) -> String {
        let changed = changed.flatMap { $0.count > changedListLimit ? nil : $0 }
        return message("update", Update(generation: generation, changed: changed, problems: problems))
    }

    static func message(_ name: String, _ payload: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // JSONEncoder never writes a raw newline, so the payload is one `data:` line.
        let json = (try? encoder.encode(payload)).flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
        return "event: \(name)\ndata: \(json)\n\n"
    }
}
