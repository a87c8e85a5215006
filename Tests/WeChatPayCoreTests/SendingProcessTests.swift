import CouponDeskTestSupport
import Foundation
import Testing
@testable import WeChatPayCore
#if canImport(Glibc)
import Glibc
#endif

/// Issue 9 item 3: a pending record says who is sending, and only one whose process is gone is
/// interrupted.
@Suite struct SendingProcessTests {
    static let someone = SendingProcess(host: "host-a", pid: 4242, bootID: "boot-1", processStart: 777)

    @Test func thePendingRecordCarriesItsSenderAndTheFinalOneDoesNot() async throws {
        let journal = MemoryJournal()
        let client = PreSendClient(configuration: try Fixture.configuration(),
                                   transport: ScriptedTransport([.respond(try PreSendClientTests.issued)]),
                                   sleeper: RecordingSleeper(), clock: FixedClock(Fixture.now), sender: Self.someone)
        _ = await client.send(Fixture.request, journal: journal, operator: nil, mode: .live)
        #expect(journal.records.map(\.sender) == [Self.someone, nil])
    }

    @Test func theSenderIsWrittenAndReadBackAndAMistypedOneNeverCostsTheRecord() throws {
        var record = SendRecord(time: "2026-11-28T14:12:00.123+08:00", operator: nil, mode: "live",
                                request: Fixture.request, outcome: .pending, sender: Self.someone)
        let line = String(decoding: try record.jsonLine(), as: UTF8.self)
        #expect(line.contains(#""sender":{"boot_id":"boot-1","host":"host-a","pid":4242,"process_start":777}"#))
        #expect(try JSONDecoder().decode(SendRecord.self, from: Data(line.utf8)) == record)
        let mistyped = line.replacingOccurrences(of: #""pid":4242"#, with: #""pid":"many""#)
        record.sender = nil
        #expect(try JSONDecoder().decode(SendRecord.self, from: Data(mistyped.utf8)) == record)
        // Final records stay as they were: no sender key at all.
        record.outcome = .issued
        #expect(!String(decoding: try record.jsonLine(), as: UTF8.self).contains("sender"))
    }

    @Test func thisProcessIsKnownByHostPidBootAndStart() {
        let me = SendingProcess.current
        #expect(me.pid == getpid() && !me.host.isEmpty)
        #expect(me.bootID != nil && me.processStart != nil, "Linux: /proc gives the boot and the start")
        #expect(LocalProcessProbe().activity(of: me) == .thisProcess)
    }

    @Test func theProcessTableIsReadPastACommandNameWithSpacesAndParentheses() {
        let stat = "4242 (a) b (c)) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 98765 1000 200"
        #expect(ProcessTable.parse(stat: stat) == ProcessTable.Status(state: "S", start: 98765))
        #expect(ProcessTable.parse(stat: "garbage") == nil)
    }

    /// A real child process: running while it runs, ended once it has exited (even before it is reaped).
    @Test func aChildIsRunningUntilItEndsEvenAsAZombie() throws {
        var pid: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup("sleep"), strdup("30"), nil]
        defer { argv.forEach { free($0) } }
        #expect(posix_spawnp(&pid, "sleep", nil, nil, argv, environ) == 0)
        let child = SendingProcess(host: SendingProcess.current.host, pid: pid, bootID: SendingProcess.current.bootID,
                                   processStart: ProcessTable.status(of: pid)?.start)
        let probe = LocalProcessProbe()
        #expect(probe.activity(of: child) == .running)
        // The same pid with another start is a later process that reused the pid.
        var reused = child
        reused.processStart = (child.processStart ?? 0) + 1
        #expect(probe.activity(of: reused) == .ended)

        kill(pid, SIGKILL)
        let deadline = Date().addingTimeInterval(5)
        while ProcessTable.status(of: pid)?.state != "Z" && Date() < deadline { usleep(10_000) }
        #expect(probe.activity(of: child) == .ended, "a zombie has finished")
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        #expect(probe.activity(of: child) == .ended)
    }

    @Test func anotherHostOrAnotherBootOrNoPidAtAll() {
        let me = SendingProcess.current
        let probe = LocalProcessProbe()
        #expect(probe.activity(of: SendingProcess(host: me.host + "-other", pid: me.pid)) == .otherHost)
        #expect(probe.activity(of: SendingProcess(host: me.host, pid: me.pid, bootID: "an-earlier-boot",
                                                  processStart: me.processStart)) == .ended)
        #expect(probe.activity(of: SendingProcess(host: me.host, pid: 0)) == .ended)
    }
}

/// What a pending record means now (`SendPolicy.pendingState`), with a scripted process table.
@Suite struct PendingStateTests {
    struct Probe: ProcessProbe {
        var answer: SenderActivity
        func activity(of sender: SendingProcess) -> SenderActivity { answer }
    }

    static let started = "2026-11-28T14:12:00.000+08:00"
    static var startedDate: Date { SendRecord.date(fromTimestamp: started) ?? .distantPast }

    static func pending(sender: SendingProcess? = SendingProcessTests.someone, time: String = started) -> SendRecord {
        SendRecord(time: time, operator: nil, mode: "live", request: Fixture.request, outcome: .pending, sender: sender)
    }

    @Test func aRecordWithoutASenderIsInterruptedAsBefore() {
        #expect(SendPolicy.pendingState(of: Self.pending(sender: nil), probe: Probe(answer: .running), now: Self.startedDate) == .interrupted)
    }

    @Test func itsProcessDecides() {
        let now = Self.startedDate.addingTimeInterval(5)
        #expect(SendPolicy.pendingState(of: Self.pending(), probe: Probe(answer: .running), now: now)
                == .sendingElsewhere(SendingProcessTests.someone))
        #expect(SendPolicy.pendingState(of: Self.pending(), probe: Probe(answer: .ended), now: now) == .interrupted)
        #expect(SendPolicy.pendingState(of: Self.pending(), probe: Probe(answer: .thisProcess), now: now) == .thisProcess)
    }

    @Test func onAnotherHostItIsSendingForAsLongAsAnySendCanTakeThenInterrupted() {
        let probe = Probe(answer: .otherHost)
        let within = Self.startedDate.addingTimeInterval(SendPolicy.otherHostWindow - 1)
        let after = Self.startedDate.addingTimeInterval(SendPolicy.otherHostWindow + 1)
        #expect(SendPolicy.pendingState(of: Self.pending(), probe: probe, now: within) == .sendingElsewhere(SendingProcessTests.someone))
        #expect(SendPolicy.pendingState(of: Self.pending(), probe: probe, now: after) == .interrupted)
        #expect(SendPolicy.pendingState(of: Self.pending(time: "yesterday"), probe: probe, now: within) == .interrupted)
        // 4 attempts of the longest timeout and the backoff fit in the window.
        #expect(SendPolicy.otherHostWindow > 4 * 300 + 7)
    }

    @Test func resendRefusesASendStillInFlightElsewhereAndAllowsAnInterruptedOne() {
        let now = Self.startedDate.addingTimeInterval(5)
        #expect(SendPolicy.resendRefusal(for: Self.pending(), mode: .live, probe: Probe(answer: .running), now: now)
                == .sendingElsewhere(SendingProcessTests.someone, since: Self.started))
        #expect(SendPolicy.resendRefusal(for: Self.pending(), mode: .live, probe: Probe(answer: .ended), now: now) == nil)
        let words = SendPolicy.ResendRefusal.sendingElsewhere(SendingProcessTests.someone, since: Self.started).description
        #expect(words.contains("being sent right now by pid 4242 on host-a"))
    }
}
