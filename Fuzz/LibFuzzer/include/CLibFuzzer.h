// libFuzzer's driver (compiler-rt's libclang_rt.fuzzer, linked by `-sanitize=fuzzer`). The fuzz executables call it
// from their own entry point: SwiftPM links every executable with its module's generated main, so libFuzzer's `main`
// never runs.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
