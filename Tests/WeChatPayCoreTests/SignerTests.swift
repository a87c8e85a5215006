import CouponDeskTestSupport
import Foundation
import Testing
@testable import WeChatPayCore

@Suite struct SignerTests {
    @Test func signerReproducesThePublishedVectorThroughTheAuthorizationHeader() throws {
        let vector = try SigningVectorFixture.load()
        let key = try RSAPrivateKey(file: SigningVectorFixture.privateKeyPath())
        // The published message is the raw string "source"; signing it directly must give the vector.
        #expect(try key.sign(Data(vector.message.utf8)).base64EncodedString() == vector.expected_signature_base64)
    }

    @Test(arguments: 0..<5)
    func signatureAgreesWithOpenSSLOnRandomMessages(_ round: Int) throws {
        let folder = try TempDir()
        let length = Int.random(in: 0...4096)
        let message = Data(SecureRandom.bytes(length))
        let (status, output) = try runOpenSSL(["dgst", "-sha256", "-sign", SigningVectorFixture.privateKeyPath()], stdin: message)
        #expect(status == 0)
        let ours = try Fixture.merchantKey.sign(message)
        #expect(ours == output, "message of \(length) bytes")
    }

    @Test func requestSignatureAgreesWithOpenSSLOverTheFiveLineMessage() throws {
        let signer = RequestSigner(mchid: "1900000001", serialNo: "f5765756002fdd77", privateKey: try Fixture.merchantKey,
                                   clock: FixedClock(Fixture.now), nonces: FixedNonceSource("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"))
        let body = Data(#"{"appid":"wx1","brand_id":"1"}"#.utf8)
        let header = try signer.authorization(method: "POST", canonicalURL: "/v3/x/o%2F1/pre-send-coupon", body: body)
        let message = "POST\n/v3/x/o%2F1/pre-send-coupon\n1764300000\nABCDEFGHIJKLMNOPQRSTUVWXYZ012345\n{\"appid\":\"wx1\",\"brand_id\":\"1\"}\n"
        let (status, output) = try runOpenSSL(["dgst", "-sha256", "-sign", SigningVectorFixture.privateKeyPath()], stdin: Data(message.utf8))
        #expect(status == 0)
        #expect(header.signature == output.base64EncodedString())
        #expect(header.serialNo == "F5765756002FDD77")
        #expect(header.timestamp == "1764300000")
    }

    @Test func pooledSignerAgreesWithTheOneShotDigestSign() throws {
        for length in [0, 1, 55, 64, 300, 5000] {
            let message = Data(SecureRandom.bytes(length))
            let key = try Fixture.merchantKey
            #expect(try key.sign(message) == key.signWithDigestSign(message))
        }
    }

    @Test func pooledVerifierAgreesWithTheOneShotDigestVerify() throws {
        let key = try Fixture.merchantKey
        let publicKey = try key.publicKey
        let otherKey = try RSAPrivateKey.generate()
        for length in [0, 1, 55, 300, 5000] {
            let message = Data(SecureRandom.bytes(length))
            let signature = try key.sign(message)
            var flipped = signature
            flipped[flipped.startIndex + 100] ^= 0x01
            let cases: [(signature: Data, message: Data)] = [
                (signature, message), (signature, message + Data([0])), (flipped, message), (try otherKey.sign(message), message),
                (Data(), message), (Data([1]), message), (signature.dropLast(), message), (signature + Data([0]), message),
                (Data(repeating: 0xFF, count: signature.count), message),
            ]
            for (index, pair) in cases.enumerated() {
                let pooled = publicKey.verify(signature: pair.signature, message: pair.message)
                #expect(pooled == publicKey.verifyWithDigestVerify(signature: pair.signature, message: pair.message),
                        "case \(index), message of \(length) bytes")
                #expect(pooled == (index == 0), "only the signature of the message by its key verifies (case \(index))")
            }
        }
    }

    @Test func concurrentVerifyingGivesCorrectAnswers() async throws {
        let key = try Fixture.merchantKey
        let publicKey = try key.publicKey
        let signed = try (0..<32).map { index -> (Data, Data) in
            let message = Data("message \(index)".utf8)
            return (message, try key.sign(message))
        }
        let results = await withTaskGroup(of: Bool.self) { group in
            for (index, (message, signature)) in signed.enumerated() {
                group.addTask {
                    // Odd tasks ask about the wrong message: each must get its own answer.
                    index % 2 == 0 ? publicKey.verify(signature: signature, message: message)
                                   : !publicKey.verify(signature: signature, message: message + Data("x".utf8))
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.count == 32)
        #expect(results.allSatisfy { $0 })
    }

    @Test func concurrentSigningGivesCorrectSignatures() async throws {
        let key = try Fixture.merchantKey
        let publicKey = try key.publicKey
        let results = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<32 {
                group.addTask {
                    let message = Data("message \(index)".utf8)
                    guard let signature = try? key.sign(message) else { return false }
                    return publicKey.verify(signature: signature, message: message)
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.count == 32)
        #expect(results.allSatisfy { $0 })
    }

    @Test func authorizationFormatMatchesTheGoSDKVector() throws {
        // authorization_format_vector: a GET of /v3/certificates with an empty body.
        let message = SignatureMessage.request(method: "GET", canonicalURL: "/v3/certificates", timestamp: "1624523846",
                                               nonce: "A1B2C3D4E5F6G7", body: Data())
        #expect(String(decoding: message, as: UTF8.self) == "GET\n/v3/certificates\n1624523846\nA1B2C3D4E5F6G7\n\n")
        let header = AuthorizationHeader(mchid: "1234567890", nonce: "A1B2C3D4E5F6G7", timestamp: "1624523846",
                                         serialNo: "0123456789ABC", signature: "Sign:GET\n/v3/certificates\n1624523846\nA1B2C3D4E5F6G7\n\n")
        #expect(header.value.hasPrefix(#"WECHATPAY2-SHA256-RSA2048 mchid="1234567890",nonce_str="A1B2C3D4E5F6G7",timestamp="1624523846",serial_no="0123456789ABC",signature=""#))
    }

    @Test func headerParsesBackByKeyInAnyOrder() throws {
        let text = #"WECHATPAY2-SHA256-RSA2048 signature="c2ln",serial_no="ABC",timestamp="1",nonce_str="n",mchid="19""#
        #expect(try AuthorizationHeader.parse(text) == AuthorizationHeader(mchid: "19", nonce: "n", timestamp: "1", serialNo: "ABC", signature: "c2ln"))
    }

    @Test func nonceIs32AlphanumericCharactersAndNeverRepeats() throws {
        let source = SecureNonceSource()
        var seen = Set<String>()
        for _ in 0..<500 {
            let nonce = source.nonce()
            #expect(nonce.count == 32)
            #expect(nonce.unicodeScalars.allSatisfy { ("0"..."9").contains($0) || ("A"..."Z").contains($0) || ("a"..."z").contains($0) })
            seen.insert(nonce)
        }
        #expect(seen.count == 500)
    }

    @Test func nonceUsesTheWholeAlphabet() throws {
        let characters = Set((0..<200).flatMap { _ in SecureRandom.alphanumeric(32) })
        #expect(characters.count == 62)
    }
}
