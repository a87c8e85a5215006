import Foundation
import Testing
@testable import WeChatPayCore

@Suite struct RSAKeyTests {
    @Test func publishedVectorSignatureIsReproducedExactly() throws {
        let vector = try SigningVectorFixture.load()
        let key = try RSAPrivateKey(file: SigningVectorFixture.privateKeyPath())
        let signature = try key.sign(Data(vector.message.utf8)).base64EncodedString()
        #expect(signature == vector.expected_signature_base64)
    }

    @Test func publishedVectorSignatureVerifiesWithThePublicKey() throws {
        let vector = try SigningVectorFixture.load()
        let publicKey = try RSAPublicKey(file: SigningVectorFixture.publicKeyPath())
        let signature = try #require(Data(base64Encoded: vector.expected_signature_base64))
        #expect(publicKey.verify(signature: signature, message: Data(vector.message.utf8)))
        #expect(!publicKey.verify(signature: signature, message: Data("sourcE".utf8)))
    }

    @Test func privateKeyOfTheVectorMatchesItsPublicKey() throws {
        let key = try RSAPrivateKey(file: SigningVectorFixture.privateKeyPath())
        #expect(key.matches(try RSAPublicKey(file: SigningVectorFixture.publicKeyPath())))
        #expect(!key.matches(try RSAPrivateKey.generate().publicKey))
    }

    @Test func descriptionNeverShowsKeyMaterial() throws {
        let key = try RSAPrivateKey(file: SigningVectorFixture.privateKeyPath())
        #expect(String(describing: key) == "RSAPrivateKey(2048 bits, redacted)")
    }

    @Test func missingFileIsNamed() throws {
        #expect(throws: KeyError.missing(file: "/nonexistent/key.pem")) {
            try RSAPrivateKey(file: "/nonexistent/key.pem")
        }
    }

    @Test func publicKeyGivenAsPrivateKeyIsAWrongKindError() throws {
        #expect(throws: KeyError.self) { try RSAPrivateKey(file: SigningVectorFixture.publicKeyPath()) }
        do { _ = try RSAPrivateKey(file: SigningVectorFixture.publicKeyPath()) } catch {
            #expect(String(describing: error).contains("this is a public key"))
        }
    }
}
