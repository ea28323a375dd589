import Testing

extension Trait where Self == TimeLimitTrait {
    /// The time limit of a suite that runs `tracker serve`, there only to stop a server that hangs (each test waits on
    /// its conditions with deadlines of its own). It also counts the time a test waits for a thread while the other
    /// suites run: on two cores, four preview suites that pass in seconds alone once waited past a limit of two
    /// minutes in a full run (705 tests).
    static var previewTimeLimit: Self { .timeLimit(.minutes(10)) }
}
