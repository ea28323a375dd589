import CLibFuzzer
#if canImport(Glibc)
import Glibc
#endif

/// The one check the running executable fuzzes; libFuzzer's callback is a C function, so it cannot capture it.
nonisolated(unsafe) private var currentCheck: ([UInt8]) -> String? = { _ in nil }

/// libFuzzer's callback. `-sanitize=fuzzer` links libFuzzer's own `main` too, which refers to this symbol; that
/// `main` is never called (SwiftPM's `--defsym main=<module>_main` wins), so `runLibFuzzer` hands it to the driver.
/// A failed check stops the run (fatalError): libFuzzer saves the input as a crash-* file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    if let failure = currentCheck(bytes) { fatalError(failure) }
    return 0
}

/// Runs libFuzzer with the process's arguments on `check` and exits with libFuzzer's status.
public func runLibFuzzer(_ check: @escaping ([UInt8]) -> String?) -> Never {
    currentCheck = check
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOneInput))
}
