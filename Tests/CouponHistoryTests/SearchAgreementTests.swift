import CouponDeskTestSupport
import Foundation
import Testing
import WeChatPayCore
@testable import CouponHistory

/// The byte filter over the log matches exactly what `HistorySearch` (the one definition) matches on
/// the decoded records, including values spelled by other JSON encoders.
@Suite struct SearchAgreementTests {
    static func lines() throws -> [String] {
        var out: [String] = []
        let values = [#"quote"d"#, #"back\slash"#, "a/b/c", "Zoë ÉCOLE", "école", "日本語テキスト", "MiXeD-Case", "tab\there"]
        for (i, value) in values.enumerated() {
            try out.append(line(record("SRN-AGREE-\(i)", .rejected, openid: "o-\(value)", token: nil,
                                   error: SendError(category: .other, code: "CODE_\(i)", message: "msg \(value)"))))
        }
        // Written by other encoders: `\/` for `/`, `\u` escapes for everything non-ASCII.
        out.append(#"{"request":{"openid":"o-x\/y","send_request_no":"SRN-OTHER-1"},"outcome":"issued","token":"T\/1"}"# + "\n")
        out.append(#"{"request":{"openid":"o-\u00c9t\u00e9","send_request_no":"SRN-OTHER-2"},"outcome":"issued","token":"\u65e5\u672c"}"# + "\n")
        return out
    }

    @Test(arguments: ["quote\"d", "back\\slash", "a/b", "x/y", "t/1", "zoë", "ZOË", "école", "ÉCOLE", "Été", "été",
                      "日本", "mixed-case", "\t", "msg", "code_3", "srn-agree", "other", "issued", "openid"])
    func theByteFilterMatchesWhatHistorySearchMatches(text: String) throws {
        let dir = try TempDir()
        writeText(dir.file(), try Self.lines().joined())
        let reader = try HistoryReader(path: dir.file())
        let all = reader.entries(newestFirst: 0..<100).compactMap(\.record)
        let expected = all.filter { HistorySearch.matches($0, text: text) }.map(\.request.sendRequestNo)
        let found = reader.filter(text).compactMap { reader.record(newestFirst: $0)?.request.sendRequestNo }
        #expect(found == expected, "\(text)")
    }
}
