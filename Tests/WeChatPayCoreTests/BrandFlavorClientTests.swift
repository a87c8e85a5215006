import CouponDeskTestSupport
import Foundation
import Testing
@testable import WeChatPayCore

/// The brand-direct flavor in the client: what it verifies with, what it records, what it refuses.
@Suite struct BrandFlavorClientTests {
    static func brandConfiguration(certificates: [PlatformCertificate] = []) throws -> ClientConfiguration {
        let signer = RequestSigner(flavor: .brand, callerID: "120344", serialNo: "6B0F3A0C", privateKey: try Fixture.merchantKey,
                                   clock: FixedClock(Fixture.now))
        let verifier = ResponseVerifier(publicKeyID: Fixture.publicKeyID, publicKey: try? Fixture.wechatpayKey.publicKey,
                                        certificates: certificates, flavor: .brand, clock: FixedClock(Fixture.now))
        return ClientConfiguration(baseURL: URL(string: "https://api.mch.weixin.qq.com")!, signer: signer, verifier: verifier,
                                   wechatpayPublicKeyID: Fixture.publicKeyID)
    }

    static func client(_ transport: ScriptedTransport) throws -> PreSendClient {
        PreSendClient(configuration: try brandConfiguration(), transport: transport, sleeper: RecordingSleeper(),
                      clock: FixedClock(Fixture.now))
    }

    static func issued() throws -> HTTPResponse {
        try Fixture.signedResponse(status: 200, body: #"{"token":"ABBpZjCfAAABAAAAAACmTrRvExc7XKea-"}"#)
    }

    /// A self-signed certificate for a fresh key, as a platform certificate would be.
    static func platformCertificate(folder: TempDir) throws -> (PlatformCertificate, RSAPrivateKey) {
        let key = try RSAPrivateKey.generate()
        try key.pkcs8PEM().write(to: URL(fileURLWithPath: folder.file("platform_key.pem")))
        let (status, _) = try runOpenSSL(["req", "-x509", "-key", folder.file("platform_key.pem"),
                                                        "-out", folder.file("platform_cert.pem"), "-days", "1",
                                                        "-subj", "/CN=Tenpay.com Root CA", "-set_serial", "0x3775B6A45ACD7B5F2D3ABC"])
        #expect(status == 0)
        return (try PlatformCertificate(file: folder.file("platform_cert.pem")), key)
    }

    @Test func brandVerifierNeverUsesAPlatformCertificate() throws {
        let folder = try TempDir()
        let (certificate, key) = try Self.platformCertificate(folder: folder)
        let response = try Fixture.signedResponse(status: 200, body: "{}", serial: certificate.serialNumber, key: key)
        let partner = ResponseVerifier(certificates: [certificate], flavor: .partner, clock: FixedClock(Fixture.now))
        #expect(throws: Never.self) { try partner.verify(headers: response.headers, body: response.body) }
        let brand = ResponseVerifier(certificates: [certificate], flavor: .brand, clock: FixedClock(Fixture.now))
        #expect(throws: VerificationError.unknownSerial(certificate.serialNumber)) {
            try brand.verify(headers: response.headers, body: response.body)
        }
    }

    @Test func brandVerifierAcceptsTheBrandSignatureTypeAndThePartnerVerifierDoesNot() throws {
        let response = try Fixture.signedResponse(status: 200, body: "{}",
                                              extraHeaders: ["Wechatpay-Signature-Type": "WECHATPAY-BRAND-SHA256-RSA2048"])
        let brand = ResponseVerifier(publicKeyID: Fixture.publicKeyID, publicKey: try? Fixture.wechatpayKey.publicKey,
                                     flavor: .brand, clock: FixedClock(Fixture.now))
        #expect(throws: Never.self) { try brand.verify(headers: response.headers, body: response.body) }
        #expect(throws: VerificationError.unsupportedSignatureType("WECHATPAY-BRAND-SHA256-RSA2048")) {
            try Fixture.verifier().verify(headers: response.headers, body: response.body)
        }
    }

    @Test func brandSendGoesToTheBrandPathSignedAsTheBrandAndIsRecordedAsBrand() async throws {
        let transport = ScriptedTransport([.respond(try Self.issued())])
        let journal = MemoryJournal()
        let record = await try Self.client(transport).send(Fixture.request, journal: journal, operator: nil, mode: .live)
        #expect(record.outcome == .issued)
        let sent = try #require(transport.sent.first)
        #expect(sent.canonicalURL.hasPrefix("/brand/marketing/product-coupon/users/"))
        let authorization = try AuthorizationHeader.parse(try #require(sent.headers["Authorization"]))
        #expect(authorization.flavor == .brand && authorization.callerID == "120344")
        #expect(sent.headers["Wechatpay-Serial"] == Fixture.publicKeyID)
        #expect(!String(decoding: sent.body, as: UTF8.self).contains("brand_id"))
        #expect(journal.records.map(\.flavor) == [.brand, .brand])
        #expect(journal.records.allSatisfy { $0.request.brandID == "120344" })
    }

    @Test func brandSendForAnotherBrandIsRefusedBeforeAnythingIsSentOrRecorded() async throws {
        let transport = ScriptedTransport([.respond(try Self.issued())])
        let journal = MemoryJournal()
        var request = Fixture.request
        request.brandID = "999999"
        let client = try Self.client(transport)
        do {
            _ = try await client.execute(request, journal: journal, operator: nil, mode: .live)
            Issue.record("sent for another brand")
        } catch {
            guard case .invalidRequest(let problems) = error else { Issue.record("unexpected \(error)"); return }
            #expect(problems.contains { $0.description.contains("brand_id") && $0.description.contains("120344") && $0.description.contains("999999") })
        }
        #expect(transport.sent.isEmpty)
        #expect(journal.records.isEmpty)
    }

    @Test func anUnresolvedPartnerSendIsNotResolvedThroughTheBrandDoor() async throws {
        let journal = MemoryJournal()
        try journal.append(SendRecord(time: "2026-11-28T14:12:00.123+08:00", operator: nil, mode: "live", flavor: .partner,
                                      request: Fixture.request, outcome: .unknown, error: SendError(category: .timeout)))
        let transport = ScriptedTransport([.respond(try Self.issued())])
        let client = try Self.client(transport)
        do {
            _ = try await client.execute(Fixture.request, journal: journal, operator: nil, mode: .live)
            Issue.record("resolved through the other door")
        } catch {
            guard case .numberReused(let message) = error else { Issue.record("unexpected \(error)"); return }
            #expect(message.description.contains("partner"))
        }
        #expect(transport.sent.isEmpty)
    }

    @Test func theBrandFlavorsUnparsableOpenidCodeIsInvalidRequestWhateverTheBodySays() throws {
        // 268578532 is brand-direct's 268578526 (PROTOCOL §7): the numeric code outranks the JSON code.
        let error = ErrorClassifier.classify(status: 400, requestID: "0801-268578532", code: "NOT_ENOUGH", message: "解析OpenID错误")
        #expect(error.category == .invalidRequest)
        #expect(APIFlavor.brand.unparsableOpenidCode == 268578532)
    }

    @Test func clientConfigurationSaysItsFlavorAndCaller() throws {
        let configuration = try Self.brandConfiguration()
        #expect(configuration.flavor == .brand)
        #expect(configuration.callerID == "120344")
        #expect(try Fixture.configuration().flavor == .partner)
    }
}

/// The record's `flavor` (DESIGN §5): `"brand"` for brand-direct, absent for partner.
@Suite struct SendRecordFlavorTests {
    static func record(_ flavor: APIFlavor?) -> SendRecord {
        SendRecord(time: "2026-11-28T14:12:00.123+08:00", operator: "op", mode: "live", flavor: flavor,
                   request: Fixture.request, outcome: .issued, token: "T", attempts: 1)
    }

    static func object(_ record: SendRecord) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: record.jsonLine()) as? [String: Any])
    }

    @Test func aBrandRecordSaysBrandAndKeepsTheCallerAsBrandID() throws {
        let object = try Self.object(Self.record(.brand))
        #expect(object["flavor"] as? String == "brand")
        #expect((object["request"] as? [String: Any])?["brand_id"] as? String == "120344")
    }

    @Test func aPartnerRecordHasNoFlavorField() throws {
        #expect(try Self.object(Self.record(.partner))["flavor"] == nil)
    }

    @Test func aRecordWithoutFlavorIsPartnerAndBrandRoundTrips() throws {
        let old = try Self.record(.partner).jsonLine()
        #expect(try JSONDecoder().decode(SendRecord.self, from: old).flavor == .partner)
        let brand = Self.record(.brand)
        #expect(try JSONDecoder().decode(SendRecord.self, from: brand.jsonLine()) == brand)
    }

    @Test func anUnknownOrMistypedFlavorKeepsTheRecordWithAnUnknownFlavor() throws {
        for value in [#""agency""#, "7"] {
            let line = String(decoding: try Self.record(.partner).jsonLine(), as: UTF8.self)
                .replacingOccurrences(of: #""mode":"live""#, with: #""flavor":\#(value),"mode":"live""#)
            let decoded = try JSONDecoder().decode(SendRecord.self, from: Data(line.utf8))
            #expect(decoded.flavor == nil, "\(value)")
            #expect(decoded.token == "T")
        }
    }
}
