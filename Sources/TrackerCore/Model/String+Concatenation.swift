extension String {
    /// `a + b + c`, made with one allocation and one copy of each part's bytes. `+` and `append` grow a
    /// string part by part: in profiles each cost some 550 instructions, and a build makes a location, a
    /// link or a path from parts hundreds of thousands of times. The parts are read where they are kept
    /// (`withContiguousStorageIfAvailable`): copying each into a variable to call the mutating `withUTF8` on
    /// cost about 540 instructions more per string (callgrind).
    static func concatenating(_ a: String, _ b: String, _ c: String = "") -> String {
        // Native and small strings, all a Swift string on Linux is, are contiguous; another goes the long way.
        guard a.isContiguousUTF8, b.isContiguousUTF8, c.isContiguousUTF8 else { return a + b + c }
        let count = a.utf8.count + b.utf8.count + c.utf8.count
        return String(unsafeUninitializedCapacity: count) { output in
            var written = 0
            copyUTF8(of: a, to: output, at: &written)
            copyUTF8(of: b, to: output, at: &written)
            copyUTF8(of: c, to: output, at: &written)
            return written
        }
    }

    @inline(__always)
    private static func copyUTF8(of part: String, to output: UnsafeMutableBufferPointer<UInt8>, at offset: inout Int) {
        _ = part.utf8.withContiguousStorageIfAvailable { bytes in
            guard let base = bytes.baseAddress, let target = output.baseAddress else { return }
            (target + offset).update(from: base, count: bytes.count)
            offset += bytes.count
        }
    }
}
