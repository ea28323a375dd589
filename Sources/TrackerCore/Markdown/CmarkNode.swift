import Ccmark
import CmarkArena
import CmarkHTML
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A borrowed `cmark_node *`; whoever owns the tree frees it.
struct CmarkNode: Equatable {
    let raw: OpaquePointer

    init(_ raw: OpaquePointer) {
        self.raw = raw
    }

    /// A node not yet in any tree, from `MarkdownRenderer.allocator` as the tree it joins; the caller must link it in or free it.
    init(newOfType type: cmark_node_type) {
        raw = cmark_node_new_with_mem(type, MarkdownRenderer.allocator)
    }

    var type: cmark_node_type { cmark_node_get_type(raw) }
    var parent: CmarkNode? { cmark_node_parent(raw).map(CmarkNode.init) }
    var lastChild: CmarkNode? { cmark_node_last_child(raw).map(CmarkNode.init) }
    var firstChild: CmarkNode? { cmark_node_first_child(raw).map(CmarkNode.init) }
    var nextSibling: CmarkNode? { cmark_node_next(raw).map(CmarkNode.init) }

    var startLine: Int { Int(cmark_node_get_start_line(raw)) }
    var startColumn: Int { Int(cmark_node_get_start_column(raw)) }
    var endLine: Int { Int(cmark_node_get_end_line(raw)) }
    var endColumn: Int { Int(cmark_node_get_end_column(raw)) }
    var headingLevel: Int { Int(cmark_node_get_heading_level(raw)) }

    /// The node's literal bytes, valid until the node is changed or freed.
    var literal: UnsafeBufferPointer<UInt8> {
        guard let text = cmark_node_get_literal(raw) else { return UnsafeBufferPointer(start: nil, count: 0) }
        // strlen, not a byte loop: every text node's literal is measured at least once per render.
        return UnsafeBufferPointer(start: UnsafeRawPointer(text).assumingMemoryBound(to: UInt8.self), count: strlen(text))
    }

    func html(options: Int32) -> String {
        withHTML(options: options) { String(decoding: $0, as: UTF8.self) }
    }

    /// Whether `withHTML` renders with `tracker_cmark_render_html` (the same bytes as libcmark's renderer for
    /// the libcmark this runs with, sooner) rather than with `cmark_render_html`.
    static let rendersOwnHTML = tracker_cmark_html_supported() != 0

    /// `body` given the node's HTML, as `cmark_render_html(raw, options)` gives it (by libcmark's renderer when
    /// `options` ask for source positions, which tracker's never writes).
    func withHTML<Result>(options: Int32, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if Self.rendersOwnHTML, options & CMARK_OPT_SOURCEPOS == 0 {
            var length = 0
            if let rendered = tracker_cmark_render_html(raw, options, &length) {
                return UnsafeRawPointer(rendered).withMemoryRebound(to: UInt8.self, capacity: max(length, 1)) {
                    body(UnsafeBufferPointer(start: $0, count: length))
                }
            }
        }
        return withLibraryHTML(options: options, body)
    }

    /// `body` given `cmark_render_html`'s HTML of the node (what `withHTML` must match).
    func withLibraryHTML<Result>(options: Int32, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        guard let rendered = cmark_render_html(raw, options) else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
        defer { tracker_cmark_arena_free(rendered) }  // the tree's allocator made it
        let length = strlen(rendered)
        return UnsafeRawPointer(rendered).withMemoryRebound(to: UInt8.self, capacity: max(length, 1)) {
            body(UnsafeBufferPointer(start: $0, count: length))
        }
    }

    /// Links `node` in before `self`, or frees it if cmark refuses (so it never leaks).
    @discardableResult
    func insertBefore(_ node: CmarkNode) -> Bool {
        guard cmark_node_insert_before(raw, node.raw) != 0 else {
            cmark_node_free(node.raw)
            return false
        }
        return true
    }

    /// Puts `node` where `self` was and frees `self`.
    func replaceAndFree(with node: CmarkNode) {
        if cmark_node_replace(raw, node.raw) == 0 {
            cmark_node_free(node.raw)
        } else {
            cmark_node_free(raw)
        }
    }
}

/// Nodes the renderer adds to the tree.
extension CmarkNode {
    /// cmark emits a custom node's `on_enter` verbatim, even in safe mode.
    static func customBlock(html: String) -> CmarkNode {
        let node = CmarkNode(newOfType: CMARK_NODE_CUSTOM_BLOCK)
        cmark_node_set_on_enter(node.raw, html)
        return node
    }

    static func text(_ bytes: UnsafeBufferPointer<UInt8>) -> CmarkNode {
        let node = CmarkNode(newOfType: CMARK_NODE_TEXT)
        // cmark copies the literal, so a NUL-terminated scratch copy on the stack spares a Swift String.
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: bytes.count + 1) { buffer in
            if let source = bytes.baseAddress, let target = buffer.baseAddress {
                UnsafeMutableRawPointer(target).copyMemory(from: source, byteCount: bytes.count)
            }
            buffer[bytes.count] = 0
            cmark_node_set_literal(node.raw, buffer.baseAddress)
        }
        return node
    }

    /// Sets the HTML a custom node writes (cmark copies it) from NUL-terminated bytes.
    func setHTML(_ html: UnsafePointer<UInt8>) {
        _ = UnsafeRawPointer(html).withMemoryRebound(to: CChar.self, capacity: 1) { cmark_node_set_on_enter(raw, $0) }
    }
}

extension MarkdownRenderer {
    /// The options `htmlMismatch` renders with: all that change cmark's HTML.
    static let htmlOptionSets: [Int32] = [CMARK_OPT_DEFAULT, CMARK_OPT_UNSAFE, CMARK_OPT_HARDBREAKS, CMARK_OPT_NOBREAKS | CMARK_OPT_UNSAFE]

    /// Where `CmarkNode.withHTML` and libcmark's own renderer disagree on `markdown` parsed by cmark: each node
    /// of the tree rendered on its own, with each of `htmlOptionSets`. nil when they agree everywhere (the
    /// tests and the Markdown fuzz target check this).
    static func htmlMismatch(in markdown: String) -> String? {
        var markdown = markdown
        return markdown.withUTF8 { bytes -> String? in
            guard let base = bytes.baseAddress else { return nil }
            let parsed = base.withMemoryRebound(to: CChar.self, capacity: bytes.count) { cmark_parse_document($0, bytes.count, CMARK_OPT_DEFAULT) }
            guard let parsed else { return nil }
            defer { cmark_node_free(parsed) }
            return htmlMismatch(under: CmarkNode(parsed))
        }
    }

    /// `htmlMismatch(in:)` for a tree already made (the tests add custom nodes to one).
    static func htmlMismatch(under root: CmarkNode) -> String? {
        guard let iterator = cmark_iter_new(root.raw) else { return nil }
        defer { cmark_iter_free(iterator) }
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let raw = cmark_iter_get_node(iterator) else { continue }
            let node = CmarkNode(raw)
            for options in htmlOptionSets {
                let ours = node.withHTML(options: options) { String(decoding: $0, as: UTF8.self) }
                let library = node.withLibraryHTML(options: options) { String(decoding: $0, as: UTF8.self) }
                if ours != library {
                    let type = String(cString: cmark_node_get_type_string(raw))
                    return "the \(type) node with options \(options): libcmark renders \(library.debugDescription), tracker \(ours.debugDescription)"
                }
            }
        }
        return nil
    }
}
