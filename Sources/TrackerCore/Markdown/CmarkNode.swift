import Ccmark
import CmarkArena
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
        guard let rendered = cmark_render_html(raw, options) else { return "" }
        defer { tracker_cmark_arena_free(rendered) }  // the tree's allocator made it
        return String(cString: rendered)
    }

    /// The HTML, stored in `spill` as cmark wrote it: a long body was measured, checked and copied into a
    /// string only to be copied again into the spill.
    func html(options: Int32, spillingTo spill: BodySpill) -> HTMLStorage {
        guard let rendered = cmark_render_html(raw, options) else { return .inline("") }
        defer { tracker_cmark_arena_free(rendered) }
        let length = strlen(rendered)
        guard length > 0 else { return .inline("") }
        let (offset, stored) = UnsafeRawPointer(rendered).withMemoryRebound(to: UInt8.self, capacity: length) {
            spill.store(bytes: UnsafeBufferPointer(start: $0, count: length))
        }
        return .spilled(spill, offset: offset, length: stored)
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
