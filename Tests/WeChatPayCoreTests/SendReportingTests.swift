import CouponDeskTestSupport
import Foundation
import Testing
@testable import WeChatPayCore

/// `sendReporting` tells a front end when the final record could not be written (issue 9, item 11).
@Suite struct SendReportingTests {
    /// Takes the pending record, then refuses every later append (the disk filled up mid-send).
    final class FinalRecordRefusingJournal: SendJournal, @unchecked Sendable {
        struct Full: Error, CustomStringConvertible { var description: String { "No space left on device" } }
        private let lock = NSLock()
        private var stored: [SendRecord] = []
        var records: [SendRecord] { lock.withLock { stored } }
        func append(_ record: SendRecord) throws {
            try lock.withLock {
                guard stored.isEmpty else { throw Full() }
                stored.append(record)
            }
        }
        func records(forSendRequestNo sendRequestNo: String) throws -> [SendRecord] {
            records.filter { $0.request.sendRequestNo == sendRequestNo }
        }
    }

    func client() throws -> PreSendClient {
        let issued = try Fixture.signedResponse(status: 200, body: #"{"token":"ABBpZjCfAAABAAAAAACmTrRvExc7XKea-"}"#, requestID: "0801-0")
        return PreSendClient(configuration: try Fixture.configuration(), transport: ScriptedTransport([.respond(issued)]),
                      sleeper: RecordingSleeper(), clock: FixedClock(Fixture.now))
    }

    @Test func aFinalRecordThatCannotBeWrittenIsReportedWithTheResult() async throws {
        let journal = FinalRecordRefusingJournal()
        let report = try await client().sendReporting(Fixture.request, journal: journal, operator: nil, mode: .live)
        #expect(report.record.outcome == .issued)
        #expect(report.record.token == "ABBpZjCfAAABAAAAAACmTrRvExc7XKea-")
        #expect(report.journalProblem == "No space left on device")
        #expect(journal.records.map(\.outcome) == [.pending])
    }

    @Test func aWrittenResultHasNoProblem() async throws {
        let report = try await client().sendReporting(Fixture.request, journal: MemoryJournal(), operator: nil, mode: .live)
        #expect(report.record.outcome == .issued)
        #expect(report.journalProblem == nil)
    }

    @Test func aRefusalBeforeSendingIsARecordWithNoProblem() async throws {
        var invalid = Fixture.request
        invalid.openid = ""
        let report = try await client().sendReporting(invalid, journal: MemoryJournal(), operator: nil, mode: .live)
        #expect(report.record.outcome == .rejected && report.record.attempts == 0)
        #expect(report.journalProblem == nil)
    }
}
