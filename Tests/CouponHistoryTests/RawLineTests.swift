import CouponDeskTestSupport
import Foundation
import Testing
import WeChatPayCore
@testable import CouponHistory

@Suite struct RawLineTests {
    func entry(_ text: String) -> IndexEntry {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBytes { RawLine(bytes: UnsafeRawBufferPointer($0)).indexEntry(at: 7) }
    }

    @Test func anIndexEntryTakesTheOutcomeAndTheSendFromTheBytes() throws {
        let e = entry(try line(record("SRN0001", .rejected)))
        #expect(e.offset == 7)
        #expect(e.code == .rejected)
        #expect(e.key.number == SendKey.number("SRN0001"))
    }

    @Test func keysAreFoundWithWhitespaceAroundTheColon() {
        let e = entry(#"{ "outcome" :  "issued", "request": { "send_request_no" : "SRN0002" } }"#)
        #expect(e.code == .issued)
        #expect(e.key.number == SendKey.number("SRN0002"))
    }

    @Test func aKeyNameInsideAStringValueIsNotTakenForAKey() {
        // The attach text spells `"outcome":"issued"`, escaped as JSON must; the real outcome is pending.
        let e = entry(#"{"request":{"attach":"\"outcome\":\"issued\"","send_request_no":"SRN0003"},"outcome":"pending"}"#)
        #expect(e.code == .pending)
    }

    @Test func tornGarbageAndKeylessLinesAreUnreadable() {
        #expect(entry(#"{"outcome":"issued","request":{"send_request_no":"SRN"#).code == .unreadable)
        #expect(entry("not json at all").code == .unreadable)
        #expect(entry(#"{"outcome":"issued"}"#).code == .unreadable)
    }

    @Test func anOutcomeWordOfANewerBuildIsKeptApartFromUnreadable() {
        #expect(entry(#"{"outcome":"escalated","request":{"send_request_no":"SRN0004"}}"#).code == .otherWord)
    }

    @Test func theSendSetKeepsEveryDistinctKeyOnceThroughGrowth() {
        var set = SendKeySet(capacity: 4)
        var generator = SystemRandomNumberGenerator()
        var reference = Set<SendKey>()
        for _ in 0..<20_000 {
            let key = SendKey(number: 42, send: UInt64.random(in: 0..<3_000, using: &generator))
            #expect(set.insert(key) == reference.insert(key).inserted)
        }
        #expect(set.count == reference.count)
        set.reserve(100_000)
        #expect(set.count == reference.count)
        #expect(reference.allSatisfy { !set.insert($0) })
    }

    @Test func searchIgnoresASCIICaseButMatchesOtherBytesExactly() {
        let search = ByteSearch("ÄbC")!
        func occurs(_ text: String) -> Bool {
            var bytes = Array(text.utf8)
            return bytes.withUnsafeMutableBytes { search.occurs(in: UnsafeRawBufferPointer($0)) }
        }
        #expect(occurs("xxÄBcxx"))
        #expect(!occurs("xxäbcxx"))
        #expect(occurs(#"x\u00c4bcx"#))   // as an ensure_ascii encoder writes it
    }

    @Test func searchTextWithQuotesMatchesItsEscapedForm() {
        let search = ByteSearch(#"say "hi""#)!
        var bytes = Array(#"{"message":"they say \"hi\" twice"}"#.utf8)
        #expect(bytes.withUnsafeMutableBytes { search.occurs(in: UnsafeRawBufferPointer($0)) })
    }
}
