import Foundation
@testable import CouponSandbox
import Testing
import WeChatPayCore

/// The text work each request does, done over bytes for ASCII: each helper gives what the character
/// operation it replaces gives, on ordinary text and on text made to trip it.
@Suite struct SandboxRequestTextTests {
    static let urls = [
        "/v3/marketing/partner/product-coupon/users/o-1/pre-send-coupon", "/p?a=1&b=2", "/p?", "?", "", "?a", "??x", "/p??x",
        "/p?a?b", "/a\r\n?b", "/ü?ß", "/a?\u{301}b", "/é?x?y", "/\u{301}?", String(repeating: "/x", count: 100) + "?q",
    ]

    @Test func splittingOffTheQueryGivesWhatSplittingCharactersGave() throws {
        for url in Self.urls {
            let parts = url.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
            let split = SandboxEngine.splitQuery(url)
            #expect(String(split.path) == String(parts.first ?? ""), "\(url.debugDescription)")
            #expect(split.query.map(String.init) == (parts.count > 1 ? String(parts[1]) : nil), "\(url.debugDescription)")
        }
    }

    @Test func aHeaderIsFoundWhateverTheCaseOfItsName() throws {
        let names = ["Authorization", "authorization", "AUTHORIZATION", "AuthoriZation", "Authorizatio", "Authorizations",
                     "Wechatpay-Serial", "WECHATPAY-SERIAL", "Äuthorization", "K", "\u{212A}", "k", "", "Authorization\r\n"]
        for name in names {
            for key in names {
                #expect(SandboxEngine.lowercased(key, equals: name.lowercased()) == (key.lowercased() == name.lowercased()),
                        "\(key.debugDescription) vs \(name.debugDescription)")
            }
        }
        #expect(SandboxEngine.header("authorization", in: ["Content-Type": "x", "AUTHORIZATION": "a"]) == "a")
        #expect(SandboxEngine.header("Wechatpay-Serial", in: ["Authorization": "a"]) == nil)
    }

    @Test func theNumericCodeIsTheNumberAfterTheLastDash() throws {
        let ids = ["0A1B-0", "0A1B-268579401", "A-B-42", "42", "-7", "x--7", "x-7-", "x-7--", "---", "", "x-", "x-+5", "x- 5",
                   "x-٣", "é-12", "x-99999999999999999999"]
        for id in ids {
            #expect(SandboxEngine.numericCode(ofRequestID: id) == id.split(separator: "-").last.flatMap { Int($0) }, "\(id.debugDescription)")
        }
    }

    @Test func anOpenidWithoutPercentSignsIsItselfAndOneWithThemIsDecoded() throws {
        for segment in ["o-1", "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", "a+b", "会员", "", "o%2F1", "o%E4%BC%9A", "bad%zz", "bad%", "%C3%28"] {
            #expect(SandboxEngine.percentDecoded(segment) == segment.removingPercentEncoding, "\(segment.debugDescription)")
        }
    }

    @Test func requestIDPrefixesAreUppercaseHexAsFormatWroteThem() throws {
        for count in [0, 1, 18] {
            let bytes = SecureRandom.bytes(count) + [0x00, 0x0F, 0xA0, 0xFF]
            #expect(SandboxEncoding.upperHex(bytes) == bytes.map { String(format: "%02X", $0) }.joined())
        }
        let prefix = SandboxEngine.requestIDPrefix()
        #expect(prefix.count == 36 && prefix.allSatisfy { $0.isHexDigit && !$0.isLowercase })
    }

    @Test func tokensAreBase64WithTheTwoURLUnsafeCharactersReplaced() throws {
        for count in [0, 1, 2, 3, 4, 5, 24, 100] {
            let bytes = SecureRandom.bytes(count) + (count == 100 ? [0xFB, 0xFF, 0xFE, 0x3E, 0x3F] : [])
            let old = Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            #expect(SandboxEncoding.urlSafeBase64(bytes) == old, "\(bytes)")
        }
        #expect(SandboxEngine.newToken().count == 32)
    }

    @Test func theShanghaiDayOfEveryInstantIsTheCalendarsDay() throws {
        // Around midnight in Shanghai on days of several years, the summer-time years (1986–1991)
        // included, in the order requests would ask, then out of order.
        var instants: [Double] = []
        for dayStart: Double in [1_764_259_200 - 8 * 3600, 1_795_795_200 - 8 * 3600, 0, 515_000_000, 650_000_000, 673_000_000] {
            for offset: Double in [-3601, -1, -0.001, 0, 0.001, 1, 3599, 3600, 43_200, 86_399.999, 86_400] {
                instants.append(dayStart + offset)
            }
        }
        for time in instants + instants.reversed() {
            let date = Date(timeIntervalSince1970: time)
            #expect(ShanghaiDay.key(date) == ShanghaiDay.computeKey(date), "\(time)")
        }
    }
}
