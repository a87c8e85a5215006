import CouponBatch
import CouponDeskText
import Foundation

/// Progress of a batch on stderr (DESIGN: progress shown on long work): on a terminal one line,
/// redrawn in place four times a second; otherwise (a log, a pipe) a plain line every 5 s.
final class BatchProgress: @unchecked Sendable {
    // Unchecked: `samples` and `timer` are touched only on `queue` (and `timer` in start/finish,
    // which run before and after it fires).
    private let queue = DispatchQueue(label: "coupondesk.batch.progress")
    private var timer: (any DispatchSourceTimer)?
    private var samples: [(time: Double, sent: Int)] = []
    let tally: BatchTally
    let bucket: TokenBucket
    let fd: Int32
    let inPlace: Bool
    let clock = MonotonicClock()
    /// The command's language, read here: the timer's handler runs outside the command's task.
    let text = cliText

    init(tally: BatchTally, bucket: TokenBucket, fd: Int32, inPlace: Bool? = nil) {
        self.tally = tally; self.bucket = bucket; self.fd = fd
        self.inPlace = inPlace ?? (isatty(fd) == 1)
    }

    func start() {
        let timer = DispatchSource.makeTimerSource(queue: queue)
        let interval = inPlace ? 0.25 : 5.0
        timer.schedule(deadline: .now() + interval, repeating: interval)
        timer.setEventHandler { [weak self] in self?.tick() }
        timer.resume()
        self.timer = timer
    }

    /// Stops the redraws and clears the in-place line, so the summary starts on a clean line.
    func finish() {
        queue.sync {
            timer?.cancel()
            timer = nil
            if inPlace { CommandContext.write(Data("\r\u{1B}[K".utf8), to: fd) }
        }
    }

    private func tick() {
        let now = clock.seconds()
        let counts = tally.snapshot
        samples.append((now, counts.sentNow))
        // The current rate: sends finished over the last 3 s.
        while let first = samples.first, now - first.time > 3, samples.count > 2 { samples.removeFirst() }
        let span = now - (samples.first?.time ?? now)
        let rate = span > 0 ? Double(counts.sentNow - (samples.first?.sent ?? 0)) / span : 0
        let line = BatchOutput.progressLine(counts: counts, total: tally.total, sendsPerSecond: rate,
                                            limit: bucket.currentRate, target: bucket.targetRate, text: text)
        let text = inPlace ? "\r\u{1B}[K" + line : line + "\n"
        CommandContext.write(Data(text.utf8), to: fd)
    }
}
