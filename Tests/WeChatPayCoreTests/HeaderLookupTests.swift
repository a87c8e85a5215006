import Foundation
import Testing
@testable import WeChatPayCore

/// Header names match in any ASCII case; values are trimmed as `CharacterSet.whitespaces` trims.
@Suite struct HeaderLookupTests {
    @Test func namesMatchIgnoringASCIICase() {
        #expect(HeaderLookup.namesEqual("Wechatpay-Serial", "wechatpay-serial"))
        #expect(HeaderLookup.namesEqual("WECHATPAY-SERIAL", "Wechatpay-Serial"))
        #expect(!HeaderLookup.namesEqual("Wechatpay-Serial", "Wechatpay-Seria"))
        #expect(!HeaderLookup.namesEqual("Wechatpay-Serial", "Wechatpay-Serial2"))
        #expect(!HeaderLookup.namesEqual("Wechatpay_Serial", "Wechatpay-Serial"))
        // Only ASCII letters fold: `@` (0x40) and `` ` `` (0x60) stay apart, as do non-ASCII letters.
        #expect(!HeaderLookup.namesEqual("@", "`"))
        #expect(!HeaderLookup.namesEqual("É", "é"))
    }

    @Test func aValueIsFoundUnderAnyCaseOfItsName() {
        let headers = ["request-id": "08F0", "Wechatpay-Nonce": "abc"]
        #expect(HeaderLookup.value("Request-ID", in: headers) == "08F0")
        #expect(HeaderLookup.value("Wechatpay-Nonce", in: headers) == "abc")
        #expect(HeaderLookup.value("Wechatpay-Serial", in: headers) == nil)
        #expect(HTTPResponse(status: 200, headers: headers, body: Data()).header("REQUEST-ID") == "08F0")
    }

    @Test func trimmingMatchesFoundationWhitespaces() {
        let samples = ["", " ", "\t", "abc", " abc", "abc ", "\t a b \t", "\u{3000}全角\u{3000}", "\u{00A0}x\u{00A0}",
                       "\n x \n", "\u{2003}", "a\u{200B}", "  中文 值  ", "\r\nvalue\r\n", "é ", " 😀 "]
        for sample in samples {
            #expect(HeaderLookup.trimmed(sample) == sample.trimmingCharacters(in: .whitespaces), "\(sample.debugDescription)")
        }
    }
}
