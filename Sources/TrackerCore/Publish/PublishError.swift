/// Why a publish stopped. Nothing is published when one is thrown before the final rename or ref update.
public enum PublishError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The command line asked for something impossible (an invalid branch name): exit status 2.
    case usage(String)
    /// The destination or the repository refused, or a step failed: exit status 1.
    case failed(String)
    /// The remote's branch was pushed but the local branch could not follow: exit status 1, and something was published.
    case pushFailed(String)

    public var description: String {
        switch self {
        case .usage(let message), .failed(let message), .pushFailed(let message): return message
        }
    }
}
