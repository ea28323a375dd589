extension String {
    /// `a + b + c`, made with one allocation and one copy of each part's bytes. `+` and `append` grow a
    /// string part by part: in profiles each cost some 550 instructions, and a build makes a location, a
    /// link or a path from parts hundreds of thousands of times.
    static func concatenating(_ a: String, _ b: String, _ c: String = "") -> String {
        var (a, b, c) = (a, b, c)
        let count = a.utf8.count + b.utf8.count + c.utf8.count
        return String(unsafeUninitializedCapacity: count) { output in
            var written = 0
            copyUTF8(of: &a, to: output, at: &written)
            copyUTF8(of: &b, to: output, at: &written)
            copyUTF8(of: &c, to: output, at: &written)
            return written
        }
    }

    @inline(__always)
    private static func copyUTF8(of part: inout String, to output: UnsafeMutableBufferPointer<UInt8>, at offset: inout Int) {
        part.withUTF8 { bytes in
            guard let base = bytes.baseAddress, let target = output.baseAddress else { return }
            (target + offset).update(from: base, count: bytes.count)
            offset += bytes.count
        }
    }
}
