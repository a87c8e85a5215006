@testable import Console
import Testing
import WeChatPayCore

/// This session's sends (shown before the log is re-read) are filtered by the same definition as the
/// log's rows: `HistorySearch`, not a look through the whole JSON line.
@Suite struct HistorySearchAgreementTests {
    static func model(filter: String) -> ConsoleModel {
        var model = Fixture.model()
        model.history.recent = [RecentSend(record: Fixture.issued("CDFILTER0001", openid: "oFilterMe"), inFlight: false,
                                           containedFromGeneration: nil)]
        model.history.appliedFilter = filter
        return model
    }

    @Test func aRecentSendMatchesBySearchedFields() {
        #expect(Self.model(filter: "ofilterme").history.visibleRecent.count == 1)
        #expect(Self.model(filter: "CDFILTER").history.visibleRecent.count == 1)
    }

    @Test(arguments: ["issued", "alice", "demo", "send_request_no"])
    func aRecentSendDoesNotMatchTextOnlyInOtherFieldsOrKeyNames(text: String) {
        // The whole-line look used to find these (outcome word, operator, mode, a key name); the log's
        // filter never did.
        #expect(Self.model(filter: text).history.visibleRecent.isEmpty)
    }

    @Test func anInMemoryHistoryFiltersTheSameWay() {
        let records = [Fixture.issued("CDFILTER0001", openid: "oFilterMe"), Fixture.issued("CDFILTER0002", openid: "oOther")]
        #expect(InMemoryHistory(records: records, filter: "FILTERME").count == 1)
        #expect(InMemoryHistory(records: records, filter: "alice").count == 0)
    }
}
