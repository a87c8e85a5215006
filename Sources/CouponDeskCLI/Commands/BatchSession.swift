import CouponBatch
import Foundation
import WeChatPayCore

/// One batch run on the command line: the workers, progress on stderr, `--json` lines on stdout,
/// Ctrl-C/SIGTERM, the summary, `--output`, and the exit code.
struct BatchSession {
    let runner: BatchRunner
    let decisions: [ResumeDecision]
    let bucket: TokenBucket
    let historyPath: String
    let json: Bool
    let output: String?
    let resume: String

    func run() async -> ExitCode {
        let context = CommandContext.current
        let tally = BatchTally(total: runner.plan.rows.count)
        let stop = BatchStop()
        let results = ResultsByLine()
        let progress = BatchProgress(tally: tally, bucket: bucket, fd: context.err)
        let signals = BatchSignals(stop: stop, tally: tally, context: context)
        let stdout = LineWriter(fd: context.out)
        let json = self.json
        progress.start()
        let summary = await runner.run(initial: decisions, tally: tally, stop: stop) { result in
            results.add(result)
            if json, let record = result.record { stdout.write(SendOutput.jsonText(record)) }
        }
        signals.cancel()
        progress.finish()
        var text = BatchOutput.summary(summary, historyPath: historyPath, resume: resume)
        if let output {
            do {
                try BatchResultsFile.write(plan: runner.plan, results: results.snapshot, to: output)
                text += "\n" + BatchOutput.wroteResults(output)
            } catch {
                text += "\n" + BatchOutput.cannotWriteResults(output, error)
            }
        }
        printError(text)
        return Self.exitCode(summary)
    }

    static func exitCode(_ summary: BatchSummary) -> ExitCode {
        if summary.interrupted { return .interrupted }
        if summary.counts.unknown > 0 || summary.counts.unrecorded > 0 { return .unknown }
        if summary.counts.rejected > 0 { return .rejected }
        return .ok
    }
}

/// Each row's result by its line, for `--output` (written in file order at the end).
final class ResultsByLine: @unchecked Sendable {
    // Unchecked: `byLine` is touched only under `lock`.
    private let lock = NSLock()
    private var byLine: [Int: BatchRowResult] = [:]
    func add(_ result: BatchRowResult) { lock.lock(); byLine[result.row.line] = result; lock.unlock() }
    var snapshot: [Int: BatchRowResult] { lock.lock(); defer { lock.unlock() }; return byLine }
}

/// Whole lines to one descriptor from many threads: one line never interleaves with another.
final class LineWriter: @unchecked Sendable {
    // Unchecked: writes are serialised by `lock`.
    private let lock = NSLock()
    let fd: Int32
    init(fd: Int32) { self.fd = fd }
    func write(_ line: String) {
        lock.lock(); defer { lock.unlock() }
        CommandContext.write(Data((line + "\n").utf8), to: fd)
    }
}

/// Ctrl-C and SIGTERM during a batch: the first stops starting rows and lets the in-flight sends
/// finish; the second abandons them (their `pending` records remain; the next run resends them).
final class BatchSignals: @unchecked Sendable {
    // Unchecked: `count` is touched only on `queue`; `sources` and `previous` only in init and `cancel`.
    private let queue = DispatchQueue(label: "coupondesk.batch.signals")
    private var sources: [any DispatchSourceSignal] = []
    private var previous: [(Int32, __sighandler_t?)] = []
    private var count = 0

    init(stop: BatchStop, tally: BatchTally, context: CommandContext) {
        // The command's language, read here: the signal handler runs outside the command's task.
        let words = cliText
        for number in [SIGINT, SIGTERM] {
            previous.append((number, signal(number, SIG_IGN)))
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { [unowned self] in
                count += 1
                let text: String
                if count == 1 {
                    stop.stop()
                    text = BatchOutput.stopping(inFlight: tally.snapshot.inFlight, text: words)
                } else {
                    stop.abandon()
                    text = BatchOutput.abandoning(inFlight: tally.snapshot.inFlight, text: words)
                }
                CommandContext.write(Data(("\n" + text + "\n").utf8), to: context.err)
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Back to the dispositions from before the batch once it is over.
    func cancel() {
        for source in sources { source.cancel() }
        sources = []
        for (number, handler) in previous { signal(number, handler) }
        previous = []
    }
}
