import FuzzChecks

/// libFuzzer's entry point: a property that fails stops the run with the input saved (a crash-* file).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    if let failure = FuzzCheck.htmlScanner(bytes) { fatalError("\(failure)") }
    return 0
}
