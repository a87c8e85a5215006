@testable import Console
import Foundation
import Testing
import WeChatPayCore

/// The event loop with a fake terminal: results of work done elsewhere reach the screen without a
/// key press, and effects reach the terminal.
@MainActor
final class FakeTerminal: TerminalDevice {
    /// Type `keys` once the latest frame satisfies `when` (nil: at once).
    struct Step {
        var when: ((CellGrid) -> Bool)?
        var keys: [TerminalInput]
    }

    var size = Size(width: 100, height: 30)
    var steps: [Step]
    var pending: [TerminalInput] = []
    var frames: [CellGrid] = []
    var copied: [String] = []
    var stopRequested = false
    /// Quits (Ctrl-Q) once every step is typed and this holds for the latest frame, or after
    /// `maxIdlePolls` idle polls (a failure: the screen never got there).
    let quitWhen: (CellGrid) -> Bool
    var idlePolls = 0
    /// A minute of the runtime's 50 ms polls. The services it waits for run on Swift's cooperative
    /// pool, which other tests of a full run held for 20 s in CI (a test with this same 20 s window failed so).
    let maxIdlePolls = 1_200

    init(steps: [Step], quitWhen: @escaping (CellGrid) -> Bool) {
        self.steps = steps; self.quitWhen = quitWhen
    }

    convenience init(keys: [TerminalInput], quitWhen: @escaping (CellGrid) -> Bool) {
        self.init(steps: [Step(when: nil, keys: keys)], quitWhen: quitWhen)
    }

    func readInput(timeoutMilliseconds: Int) -> TerminalInput? {
        if !pending.isEmpty { return pending.removeFirst() }
        if let step = steps.first, step.when.map({ condition in frames.last.map(condition) ?? false }) ?? true {
            steps.removeFirst()
            pending = step.keys
            if !pending.isEmpty { return pending.removeFirst() }
        }
        if steps.isEmpty, let last = frames.last, quitWhen(last) { return .key(.control("q")) }
        idlePolls += 1
        if idlePolls > maxIdlePolls { return .key(.control("q")) }
        if timeoutMilliseconds > 0 { usleep(UInt32(timeoutMilliseconds) * 1000) }
        return nil
    }

    func present(_ grid: CellGrid) { frames.append(grid) }
    func copyToClipboard(_ text: String) { copied.append(text) }
}

@Suite @MainActor struct RuntimeTests {
    static func services(delayMs: UInt64 = 100) -> ConsoleServices {
        ConsoleServices(
            send: { request in
                try? await Task.sleep(nanoseconds: delayMs * 1_000_000)
                return SendRecord(time: "2026-11-28T10:00:00.000+08:00", operator: nil, mode: "demo", request: request,
                                  outcome: .issued, token: "TOKEN-RUNTIME-1", httpStatus: 200, requestID: "R-0", attempts: 1)
            },
            loadHistory: { _ in InMemoryHistory(records: []) })
    }

    @Test func aResultArrivesOnScreenWhileNoKeyIsPressed() {
        let keys: [TerminalInput] = "oRuntime".map { .key(.character($0)) } + [.key(.control("s"))]
        let terminal = FakeTerminal(keys: keys) { $0.screen.contains("TOKEN-RUNTIME-1") }
        let runtime = ConsoleRuntime(model: Fixture.model(width: 100, height: 30), terminal: terminal, services: Self.services())
        runtime.run()
        #expect(terminal.frames.contains { $0.screen.contains("✓ issued to oRuntime") })
        #expect(terminal.idlePolls < terminal.maxIdlePolls, "quit because the token showed, not by timeout")
    }

    @Test func theSpinnerTurnsBetweenKeysWhileASendIsInFlight() {
        let keys: [TerminalInput] = "oSpin".map { .key(.character($0)) } + [.key(.control("s"))]
        let terminal = FakeTerminal(keys: keys) { $0.screen.contains("TOKEN-RUNTIME-1") }
        let runtime = ConsoleRuntime(model: Fixture.model(width: 100, height: 30), terminal: terminal, services: Self.services(delayMs: 1000))
        runtime.run()
        let spinnerFrames = Set(terminal.frames.compactMap { frame -> Character? in
            let row = Layout(size: frame.size).statusRow
            let c = frame[2, row].character
            return ConsoleProgram.spinnerFrames.contains(c) ? c : nil
        })
        #expect(spinnerFrames.count >= 3)
    }

    @Test func copyingGoesToTheTerminal() {
        var records = [Fixture.issued()]
        records[0].token = "TOKEN-TO-COPY"
        let history = InMemoryHistory(records: records)
        let services = ConsoleServices(send: { _ in Fixture.issued() }, loadHistory: { _ in history })
        let steps = [FakeTerminal.Step(when: { $0.screen.contains("History · 1 send ") },
                                       keys: [.key(.tab), .key(.tab), .key(.tab), .key(.tab), .key(.character("y"))])]
        let terminal = FakeTerminal(steps: steps) { $0.screen.contains("Copied token") }
        ConsoleRuntime(model: Fixture.model(), terminal: terminal, services: services).run()
        #expect(terminal.copied == ["TOKEN-TO-COPY"])
    }

    @Test func aStopSignalEndsTheLoop() {
        let terminal = FakeTerminal(keys: []) { _ in false }
        terminal.stopRequested = true
        ConsoleRuntime(model: Fixture.model(), terminal: terminal, services: Self.services()).run()
        #expect(terminal.idlePolls == 0)
    }
}
