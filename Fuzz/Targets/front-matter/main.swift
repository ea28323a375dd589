import FuzzChecks
import FuzzDriver

// The entry point SwiftPM links as `main`: it hands the process's arguments to libFuzzer.
runLibFuzzer(FuzzCheck.frontMatter)
