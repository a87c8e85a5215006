import Foundation
import Testing
@testable import WeChatPayCore

/// Reading the Authorization header (PROTOCOL §2, §7): the byte reading of ASCII headers accepts and
/// refuses exactly what the text reading (Foundation's trimming, character by character) does.
@Suite struct AuthorizationHeaderTests {
    static let valid = #"WECHATPAY2-SHA256-RSA2048 mchid="1900000001",nonce_str="n0",timestamp="1764300000",serial_no="ABC",signature="c2ln""#

    /// Either what a reading returned or the error it threw, so two readings can be compared.
    static func outcome(_ read: () throws -> AuthorizationHeader) -> String {
        do { return "ok \(try read())" } catch { return "error \(error)" }
    }

    /// A deterministic stream of headers made of the pieces a header is made of, well-formed and not:
    /// both schemes and others, known and unknown keys, quotes, commas, `=`, spaces, tabs, CR, LF, other
    /// control characters, empty values and long texts.
    static func generatedHeaders(count: Int) -> [String] {
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(bound))
        }
        let schemes = ["WECHATPAY2-SHA256-RSA2048", "WECHATPAY-BRAND-SHA256-RSA2048", "Bearer", "wechatpay2-sha256-rsa2048", "",
                       "WECHATPAY2-SHA256-RSA2048X", String(repeating: "S", count: 45)]
        let keys = ["mchid", "brand_id", "nonce_str", "timestamp", "serial_no", "signature", "other", "", "mch id",
                    String(repeating: "k", count: 44)]
        let values = ["\"v\"", "\"\"", "\"", "v", "\"a\"b\"", "\"1764300000\"", "\"c2ln+/==\"", "\"a,b\"", "\"\r\n\"", "\"x\ty\"",
                      "\"\(String(repeating: "z", count: 50))\""]
        let gaps = ["", "", "", " ", "\t", "  ", "\r\n", "\u{0B}", "\u{0C}", "\n"]
        let separators = [",", ",", ",", ", ", " ,", ",,", ";", ""]
        var headers: [String] = []
        for _ in 0..<count {
            var text = gaps[next(gaps.count)] + schemes[next(schemes.count)] + [" ", " ", "  ", "\t", ""][next(5)]
            for index in 0..<(1 + next(8)) {
                if index > 0 { text += separators[next(separators.count)] }
                text += gaps[next(gaps.count)] + keys[next(keys.count)] + gaps[next(gaps.count)]
                text += ["=", "=", "=", "", "=="][next(5)] + gaps[next(gaps.count)] + values[next(values.count)]
            }
            headers.append(text + gaps[next(gaps.count)])
        }
        // Whole, valid headers of either flavor in shuffled order, the case that must be exact.
        let fields = [("nonce_str", "n"), ("timestamp", "1"), ("serial_no", "ABC"), ("signature", "c2ln")]
        for _ in 0..<(count / 4) {
            let caller = next(2) == 0 ? ("mchid", "1900000001") : ("brand_id", "120344")
            var all = fields + [caller]
            for i in all.indices.reversed() { all.swapAt(i, next(i + 1)) }
            let scheme = next(2) == 0 ? schemes[0] : schemes[1]
            headers.append(scheme + " " + all.map { "\($0.0)=\"\($0.1)\"" }.joined(separator: [",", ", ", " , "][next(3)]))
        }
        return headers
    }

    @Test func theByteReadingAgreesWithTheTextReadingOnEveryGeneratedHeader() throws {
        let headers = Self.generatedHeaders(count: 6000)
        var accepted = 0
        for header in headers {
            let bytes = Self.outcome { try AuthorizationHeader.parse(header) }
            let text = Self.outcome { try AuthorizationHeader.parseText(header) }
            #expect(bytes == text, "\(header.debugDescription)")
            if bytes.hasPrefix("ok") { accepted += 1 }
        }
        #expect(accepted > 500, "the corpus must hold accepted headers too, not only refusals")
    }

    @Test func theSchemeWordAgreesWithTheTextReadingOnEveryGeneratedHeader() throws {
        for header in Self.generatedHeaders(count: 3000) {
            #expect(AuthorizationHeader.schemeWord(of: header)
                        == String(header.trimmingCharacters(in: .whitespaces).prefix { $0 != " " }.prefix(40)),
                    "\(header.debugDescription)")
        }
    }

    @Test func spacesAndTabsAroundTheHeaderItsItemsAndTheirEqualsSignsAreIgnored() throws {
        let header = "\t WECHATPAY2-SHA256-RSA2048  mchid = \"19\" ,\tnonce_str=\"n\",,timestamp= \"1\", serial_no =\"ABC\",signature=\"c2ln\" \t"
        #expect(try AuthorizationHeader.parse(header)
                    == AuthorizationHeader(mchid: "19", nonce: "n", timestamp: "1", serialNo: "ABC", signature: "c2ln"))
    }

    @Test func aNonASCIIHeaderIsReadAsTextWithUnicodeSpacesTrimmed() throws {
        let header = "\u{3000}" + Self.valid + "\u{00A0}"
        #expect(try AuthorizationHeader.parse(header) == AuthorizationHeader.parseText(header))
        #expect(try AuthorizationHeader.parse(header).callerID == "1900000001")
    }

    @Test func aRepeatedKeyIsRefusedByName() throws {
        #expect(throws: AuthorizationHeader.ParseError.duplicateParameter("nonce_str")) {
            try AuthorizationHeader.parse(Self.valid + #",nonce_str="again""#)
        }
    }

    @Test func aQuoteInsideAValueIsRefusedByKey() throws {
        #expect(throws: AuthorizationHeader.ParseError.malformedParameter("nonce_str")) {
            try AuthorizationHeader.parse(#"WECHATPAY2-SHA256-RSA2048 nonce_str="a"b",mchid="1""#)
        }
    }

    @Test func anItemWithoutEqualsSignIsRefusedWithItsFirstFortyCharacters() throws {
        let item = String(repeating: "x", count: 60)
        #expect(throws: AuthorizationHeader.ParseError.malformedParameter(String(repeating: "x", count: 40))) {
            try AuthorizationHeader.parse("WECHATPAY2-SHA256-RSA2048 " + item)
        }
    }

    @Test func anEmptyValueCountsAsMissing() throws {
        let header = Self.valid.replacingOccurrences(of: #"serial_no="ABC""#, with: #"serial_no="""#)
        #expect(throws: AuthorizationHeader.ParseError.missingParameter("serial_no")) { try AuthorizationHeader.parse(header) }
    }

    @Test func aHeaderWithoutASpaceIsAWrongSchemeNamingItsFirstFortyCharacters() throws {
        let word = String(repeating: "W", count: 50)
        #expect(throws: AuthorizationHeader.ParseError.wrongScheme(String(word.prefix(40)))) { try AuthorizationHeader.parse(" \(word) ") }
    }
}
