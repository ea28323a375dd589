import Foundation
import Hummingbird
import TrackerCore

/// Answers every request from the in-memory build: files, pretty URLs, the site's 404 page,
/// and the live-reload script and events under `/__tracker/`. The one thing read from disk is a file
/// copied as it is (`DiskFile`: of `static/` or a bundle), at the path the build found it at, never
/// at a path made from the request.
public struct PreviewResponder: HTTPResponder {
    public typealias Context = BasicRequestContext

    let site: ServedSite
    let hosts: HostPolicy
    /// Told when a response sent in pieces is done, so that the memory they passed through is released.
    let idle: IdleTimer?

    init(site: ServedSite, hosts: HostPolicy = HostPolicy(bindHost: "127.0.0.1"), idle: IdleTimer?) {
        self.site = site
        self.hosts = hosts
        self.idle = idle
    }

    public init(site: ServedSite, hosts: HostPolicy = HostPolicy(bindHost: "127.0.0.1")) {
        self.init(site: site, hosts: hosts, idle: nil)
    }

    public func respond(to request: Request, context: Context) async throws -> Response {
        let isHead = request.method == .head
        guard hosts.allows(request.head.authority) else {
            let response = text(.forbidden, hosts.refusal)
            return isHead ? Response(status: response.status, headers: response.headers, body: ResponseBody()) : response
        }
        guard request.method == .get || isHead else {
            var response = text(.methodNotAllowed, "Method not allowed: the preview serves GET and HEAD only.\n")
            response.headers[.allow] = "GET, HEAD"
            return response
        }
        let target = request.head.path ?? "/"
        let response: Response
        if target == "/" + LiveReloadScript.eventsPath || target.hasPrefix("/" + LiveReloadScript.eventsPath + "?") {
            // HEAD must not open a stream that nobody reads.
            response = isHead ? Response(status: .ok, headers: Self.eventStreamHeaders) : events()
        } else {
            response = file(at: target)
        }
        return isHead ? Response(status: response.status, headers: response.headers, body: ResponseBody()) : response
    }

    func file(at target: String) -> Response {
        if target == "/" + LiveReloadScript.path {
            return bytes(.ok, Data(LiveReloadScript.source.utf8), type: ContentType.of(path: LiveReloadScript.path))
        }
        let snapshot = site.snapshot
        guard let files = snapshot.files else { return buildingPage(snapshot) }
        guard let path = RequestPath(target: target) else { return notFound(files, snapshot) }
        if let file = files.diskFile(path.key) {
            // Gone since the build listed it: the rebuild its removal started shows the rest.
            return fromDisk(file, type: ContentType.of(path: path.key), snapshot: snapshot) ?? notFound(files, snapshot)
        }
        if let data = files[path.key] {
            return bytes(.ok, data, type: ContentType.of(path: path.key), snapshot: snapshot)
        }
        if !path.isDirectory, files[Route.outputPath(of: path.location + "/")] != nil {
            // 302, not 301: a browser keeps a 301 forever, and the pages of a preview come and go.
            var response = Response(status: .found, body: ResponseBody())
            response.headers[.location] = path.directoryLocation
            response.headers[.cacheControl] = "no-store"
            return response
        }
        return notFound(files, snapshot)
    }

    func notFound(_ files: OutputFiles, _ snapshot: ServedSite.Snapshot) -> Response {
        let path = Route.notFound.outputPath
        guard let page = files[path] else { return text(.notFound, "Not found\n") }
        return bytes(.notFound, page, type: ContentType.of(path: path), snapshot: snapshot)
    }

    /// Until a first build succeeds there is no site: a page that only shows the errors and reloads when fixed.
    func buildingPage(_ snapshot: ServedSite.Snapshot) -> Response {
        let html = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>tracker serve: the site has errors</title></head>
            <body><p>The site has not built yet. Its errors are shown over this page and in the terminal; fix them and this page reloads.</p>
            \(LiveReloadScript.tag)</body></html>

            """
        return bytes(.serviceUnavailable, Data(html.utf8), type: ContentType.of(path: Route.folderIndex), snapshot: snapshot)
    }

    func events() -> Response {
        let stream = site.listen()
        let body = ResponseBody { writer in
            // Browsers retry after a second when the server goes away, then the page reloads on `hello`.
            try await writer.write(ByteBuffer(string: "retry: 1000\n\n"))
            for await message in stream {
                try await writer.write(ByteBuffer(string: message))
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: Self.eventStreamHeaders, body: body)
    }

    static var eventStreamHeaders: HTTPFields {
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return headers
    }

    func bytes(_ status: HTTPResponse.Status, _ data: Data, type: String, snapshot: ServedSite.Snapshot? = nil) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        // Every save changes the site: a browser must ask again each time.
        headers[.cacheControl] = "no-cache"
        headers[.xContentTypeOptions] = "nosniff"
        if let snapshot {
            headers[.init("Server-Timing")!] = "tracker;desc=\"\(site.serverID).\(snapshot.generation)\""
        }
        return Response(status: status, headers: headers, body: body(data))
    }

    /// How much of a file one write copies into the server's buffers.
    static let chunkSize = 64 * 1024

    /// The file's bytes, straight from the served build, in chunks as the connection takes them: a
    /// request never copies a whole file (the timeline and the exports of a large site are megabytes),
    /// and the build it reads stays alive until the response is sent, even if a rebuild swaps it out.
    func body(_ data: Data) -> ResponseBody {
        guard data.count > Self.chunkSize else { return ResponseBody(byteBuffer: ByteBuffer(bytes: data)) }
        let idle = idle
        return ResponseBody(contentLength: data.count) { writer in
            defer { idle?.used() }
            var offset = data.startIndex
            while offset < data.endIndex {
                let end = min(offset + Self.chunkSize, data.endIndex)
                try await writer.write(ByteBuffer(bytes: data[offset ..< end]))
                offset = end
            }
            try await writer.finish(nil)
        }
    }

    /// A file copied as it is, read from where it is now (a change since the build is being rebuilt): whole
    /// when small, else in chunks as the connection takes them, so that serving a video holds none of it. Nil
    /// when it is no longer a regular file that can be read.
    func fromDisk(_ file: DiskFile, type: String, snapshot: ServedSite.Snapshot) -> Response? {
        var info = stat()
        guard stat(file.path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        let size = Int(info.st_size)
        guard size > Self.chunkSize else { return file.bytes().map { bytes(.ok, $0, type: type, snapshot: snapshot) } }
        var response = bytes(.ok, Data(), type: type, snapshot: snapshot)
        let path = file.path
        let idle = idle
        response.body = ResponseBody(contentLength: size) { writer in
            defer { idle?.used() }
            let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
            guard descriptor >= 0 else { throw FileChanged() }
            defer { close(descriptor) }
            var offset = 0
            while offset < size {
                let wanted = min(Self.chunkSize, size - offset)
                var buffer = ByteBuffer()
                let got = buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: wanted) { room in
                    var got = -1
                    repeat { got = pread(descriptor, room.baseAddress, wanted, off_t(offset)) } while got < 0 && errno == EINTR
                    return max(0, got)
                }
                // Shorter than when the request came: the length the response promised cannot be kept.
                guard got > 0 else { throw FileChanged() }
                offset += got
                try await writer.write(buffer)
            }
            try await writer.finish(nil)
        }
        return response
    }

    /// A file served from disk changed while it was sent.
    struct FileChanged: Error {}

    func text(_ status: HTTPResponse.Status, _ message: String) -> Response {
        bytes(status, Data(message.utf8), type: "text/plain; charset=utf-8")
    }
}
