import Foundation

// Benchmarks: `swift run -c release coupondesk-bench [SUITE...]`; no suite runs them all.
// Each suite lives in its own file and prints its figures next to its physical reference.
// The history suite re-runs this executable to measure a child's memory from a small parent.
if CommandLine.arguments.dropFirst().first == HistoryBenchmark.measureChildFlag { HistoryBenchmark.measureChildMain() }

let suites: [(name: String, run: () async throws -> Void)] = [
    ("signing", SigningBenchmark.run),
    ("history", HistoryBenchmark.run),
    ("console", ConsoleBenchmark.run),
    ("sandbox", SandboxServeBenchmark.run),
    ("batch", BatchBenchmark.run),
]

let wanted = Set(CommandLine.arguments.dropFirst())
for suite in suites where wanted.isEmpty || wanted.contains(suite.name) {
    print("== \(suite.name)")
    try await suite.run()
}
if suites.isEmpty { print("no benchmark suites yet") }
