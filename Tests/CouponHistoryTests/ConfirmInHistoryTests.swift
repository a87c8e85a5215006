import CouponDeskTestSupport
import Foundation
import Testing
import WeChatPayCore
@testable import CouponHistory

/// A confirm's record, in file order among the sends'.
func confirm(_ number: String, _ outcome: ConfirmOutcome, send: String? = "SRN0001", code: String = "700000001",
             openid: String = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o") -> ConfirmRecord {
    let request = ConfirmRequest(openid: openid, couponCode: code, brandID: "120344", productCouponID: "1000001",
                                 stockID: "1212", appid: "wxd678efh567hg6787", outRequestNo: number)
    return ConfirmRecord(time: "2026-11-28T14:20:00.000+08:00", operator: "alice", mode: "live", preSendRequestNo: send,
                         request: request, outcome: outcome, couponState: outcome == .confirmed ? "EFFECTIVE" : nil,
                         httpStatus: outcome == .confirmed ? 200 : nil, requestID: "REQ-\(number)-0", attempts: 1, elapsedMs: 12)
}

func line(_ r: ConfirmRecord) -> String {
    (try? r.jsonLine()).map { String(decoding: $0, as: UTF8.self) + "\n" } ?? ""
}

/// Confirms in the history log (issue 12): kept beside the sends, told apart by `"action"`, never a
/// send's state; old logs stay valid.
@Suite struct ConfirmInHistoryTests {
    func log(_ text: String) throws -> TempDir {
        let dir = try TempDir()
        writeText(dir.file(), text)
        return dir
    }

    @Test func aConfirmNeverChangesTheSendsStateOrAddsARow() throws {
        let dir = try log(line(record("SRN0001", .pending)) + line(record("SRN0001", .issued))
                      + line(confirm("CF0000001", .pending)) + line(confirm("CF0000001", .unknown)))
        let reader = try HistoryReader(path: dir.file())
        #expect(reader.count == 1)
        #expect(reader.entry(newestFirst: 0)?.state == .issued)
        #expect(reader.entry(newestFirst: 0)?.record?.outcome == .issued)
        #expect(reader.records(forSendRequestNo: "SRN0001").map(\.outcome) == [.pending, .issued])
        #expect(reader.unreadableLines().isEmpty)
        #expect(reader.filter("", outcome: .unknown).isEmpty, "the confirm's unknown is not the send's")
    }

    @Test func theConfirmsOfASendAreFoundUnderItWithTheirLines() throws {
        let dir = try log(line(record("SRN0001", .issued)) + line(confirm("CF0000001", .pending)) + line(record("SRN0002", .issued))
                      + line(confirm("CF0000001", .confirmed)) + line(confirm("CF0000009", .confirmed, send: "SRN0002")))
        let reader = try HistoryReader(path: dir.file())
        let confirms = reader.confirmEntries(forSendRequestNo: "SRN0001")
        #expect(confirms.map(\.record.outcome) == [.pending, .confirmed])
        #expect(confirms.map(\.record.request.outRequestNo) == ["CF0000001", "CF0000001"])
        #expect(String(decoding: confirms[1].json, as: UTF8.self).hasPrefix(#"{"action":"confirm""#))
        #expect(confirms[0].byteOffset < confirms[1].byteOffset)
        #expect(reader.confirmRecords().count == 3)
        #expect(try HistoryStore(path: dir.file()).confirmRecords(forOutRequestNo: "CF0000009").count == 1)
    }

    @Test func theStoreAppendsConfirmsAndItsLoadOfSendsSkipsThemWithoutCallingThemUnreadable() throws {
        let dir = try TempDir()
        let store = HistoryStore(path: dir.file())
        try store.append(record("SRN0001", .issued))
        try store.append(confirm("CF0000001", .confirmed))
        let loaded = try readLog(store.path)
        #expect(loaded.records.map(\.request.sendRequestNo) == ["SRN0001"])
        #expect(loaded.unreadable.isEmpty)
        #expect(try store.confirmRecords().map(\.outcome) == [.confirmed])
    }

    @Test func aConfirmWrittenByAnotherToolWithKeysInAnotherOrderIsStillAConfirm() throws {
        let text = #"{"v":1,"time":"2026-11-28T14:20:00.000+08:00","mode":"live","outcome":"confirmed","pre_send_request_no":"SRN0001","action":"confirm","confirm":{"openid":"o1","coupon_code":"7","brand_id":"1","product_coupon_id":"P","stock_id":"S","appid":"wx1","out_request_no":"CF0000001"}}"#
        let dir = try log(line(record("SRN0001", .unknown)) + text + "\n")
        let reader = try HistoryReader(path: dir.file())
        #expect(reader.count == 1)
        #expect(reader.entry(newestFirst: 0)?.state == .unknown)
        #expect(reader.confirmEntries(forSendRequestNo: "SRN0001").count == 1)
    }

    @Test func anIndexSavedBeforeConfirmsExistedIsRebuilt() throws {
        let dir = try log(line(record("SRN0001", .issued)) + line(confirm("CF0000001", .confirmed)))
        _ = try HistoryReader(path: dir.file()).count   // saves the index
        // Rewrite the saved index's magic as an older build's ("CDHIDX01"), which may have counted the
        // confirm line as unreadable.
        let idx = dir.file() + ".idx"
        var bytes = fileBytes(idx)
        #expect(bytes.count > 8)
        bytes[7] = UInt8(ascii: "1")
        writeBytes(idx, bytes)
        let reader = try HistoryReader(path: dir.file())
        #expect(reader.confirmRecords().count == 1)
        #expect(fileBytes(idx)[7] == UInt8(ascii: "3"), "rebuilt with this build's index")
    }

    @Test func exportKeepsConfirmsMarkedByAction() throws {
        let dir = try log(line(record("SRN0001", .issued)) + line(confirm("CF0000001", .confirmed)))
        var csv = Data()
        let count = try HistoryExport.write(try HistoryReader(path: dir.file()), format: .csv) { csv.append($0) }
        #expect(count == 2)
        let rows = String(decoding: csv, as: UTF8.self).components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(rows.count == 3)
        #expect(rows[0].hasSuffix(",flavor,action,out_request_no,coupon_state"))
        #expect(rows[1].hasSuffix(",partner,pre_send,,"))
        #expect(rows[2].contains(",confirmed,SRN0001,"))
        #expect(rows[2].hasSuffix(",partner,confirm,CF0000001,EFFECTIVE"))
        var json = Data()
        try HistoryExport.write(try HistoryReader(path: dir.file()), format: .json) { json.append($0) }
        let array = try #require(try JSONSerialization.jsonObject(with: json) as? [[String: Any]])
        #expect(array.count == 2)
        #expect(array[1]["action"] as? String == "confirm")
    }

    @Test func anOldLogWithoutConfirmsReadsAsBefore() throws {
        let dir = try log(line(record("SRN0001", .pending)) + line(record("SRN0001", .issued)) + line(record("SRN0002", .rejected)))
        let reader = try HistoryReader(path: dir.file())
        #expect(reader.rowNumbers == ["SRN0002", "SRN0001"])
        #expect(reader.confirmRecords().isEmpty)
        #expect(reader.confirmEntries(forSendRequestNo: "SRN0001").isEmpty)
    }
}
