/// How long each stage of a run took, for the benchmark (`runbook generate --timings`).
///
/// Stages that run on several threads at once (the runbooks of one site are rendered side by
/// side) add up their threads' time, so the stages can sum to more than the run's wall time.
public struct StageTimes: Sendable {
    /// The stages in the order they first took time, each with its seconds.
    public private(set) var stages: [(name: String, seconds: Double)] = []

    /// No stage timed yet.
    public init() {}

    /// Adds `seconds` to the stage `name`.
    public mutating func add(_ name: String, _ seconds: Double) {
        if let index = stages.firstIndex(where: { $0.name == name }) {
            stages[index].seconds += seconds
        } else {
            stages.append((name, seconds))
        }
    }

    /// Adds every stage of `other`.
    public mutating func add(_ other: StageTimes) {
        for stage in other.stages { add(stage.name, stage.seconds) }
    }

    /// Runs `work` and adds the time it took to `name`.
    public mutating func measure<T>(_ name: String, _ work: () throws -> T) rethrows -> T {
        let clock = ContinuousClock()
        let start = clock.now
        let result = try work()
        add(name, (clock.now - start).seconds)
        return result
    }
}

extension Duration {
    /// The duration in seconds, as a floating-point number.
    var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) / 1e18
    }
}
