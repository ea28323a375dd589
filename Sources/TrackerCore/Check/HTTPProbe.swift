import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization

/// One HTTP request that stops at the answer's status line and headers: redirects are not followed (the
/// caller follows them, to count and report them) and a GET's body is not downloaded.
final class HTTPProbe: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    struct Answer: Sendable {
        let status: Int
        let location: String?
        let retryAfter: String?
    }

    enum Failure: Error, Sendable, Equatable {
        case timedOut
        case reset
        case refused
        case hostNotFound
        case other(String)
    }

    private var session: URLSession!
    let timeout: TimeInterval
    /// Each running task's continuation and the answer once its headers came.
    private let waiting = Mutex<[Int: (continuation: CheckedContinuation<Answer, any Error>, answer: Answer?)]>([:])

    init(timeout: TimeInterval) {
        self.timeout = timeout
        super.init()
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        configuration.httpShouldSetCookies = false
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.httpAdditionalHeaders = ["User-Agent": "tracker-link-check/1 (checks the sources an incident tracker cites)", "Accept": "*/*"]
        session = URLSession(configuration: configuration, delegate: self, delegateQueue: nil)
    }

    func invalidate() { session.finishTasksAndInvalidate() }

    func request(_ url: URL, method: String) async throws -> Answer {
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = method
        return try await withCheckedThrowingContinuation { continuation in
            let task = session.dataTask(with: request)
            waiting.withLock { $0[task.taskIdentifier] = (continuation, nil) }
            task.resume()
        }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
        completionHandler(nil)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void) {
        if let http = response as? HTTPURLResponse {
            let answer = Answer(status: http.statusCode, location: http.value(forHTTPHeaderField: "Location"),
                                retryAfter: http.value(forHTTPHeaderField: "Retry-After"))
            waiting.withLock { $0[dataTask.taskIdentifier]?.answer = answer }
        }
        // The headers are all a check needs: the body is never downloaded.
        completionHandler(.cancel)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        guard let entry = waiting.withLock({ $0.removeValue(forKey: task.taskIdentifier) }) else { return }
        if let answer = entry.answer {
            entry.continuation.resume(returning: answer)
        } else {
            entry.continuation.resume(throwing: Self.failure(error))
        }
    }

    static func failure(_ error: (any Error)?) -> Failure {
        guard let error = error as? URLError else { return .other(error.map { "\($0)" } ?? "no answer") }
        switch error.code {
        case .timedOut: return .timedOut
        case .networkConnectionLost: return .reset
        case .cannotConnectToHost: return .refused
        case .cannotFindHost, .dnsLookupFailed: return .hostNotFound
        default:
            let message = (error as NSError).localizedDescription
            return message.lowercased().contains("reset") ? .reset : .other(message)
        }
    }
}
