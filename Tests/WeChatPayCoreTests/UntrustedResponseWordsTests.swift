import CouponDeskText
import Testing
@testable import WeChatPayCore

/// Why a response was not trusted is shown in the reader's language: each of the verifier's reasons,
/// as the interpreter records it ("not trusted: …", "error response not trusted: …").
@Suite struct UntrustedResponseWordsTests {
    static let reasons: [VerificationError] = [
        .missingHeader("Wechatpay-Signature"), .unsupportedSignatureType("SHA1-RSA"), .badTimestamp("yesterday"),
        .clockSkew(seconds: 420), .clockSkew(seconds: -420), .unknownSerial("PUB_KEY_ID_0000"), .notBase64,
        .signatureMismatch,
    ]

    @Test(arguments: reasons) func anUntrustedAnswersReasonIsWordedInChinese(_ reason: VerificationError) {
        TransportWordsTests.expectChinese("not trusted: \(reason.description)")
    }

    @Test(arguments: reasons) func anUntrustedErrorAnswersReasonIsWordedInChinese(_ reason: VerificationError) {
        TransportWordsTests.expectChinese("error response not trusted: \(reason.description)")
    }

    @Test func theClockSkewSaysWhichWayInChinese() {
        let ahead = Texts(.zhHans).errorMessage("not trusted: \(VerificationError.clockSkew(seconds: 420).description)")
        let behind = Texts(.zhHans).errorMessage("not trusted: \(VerificationError.clockSkew(seconds: -420).description)")
        #expect(ahead.contains("快 420 秒"), "\(ahead)")
        #expect(behind.contains("慢 420 秒"), "\(behind)")
    }
}
