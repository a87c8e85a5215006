import CouponDeskTestSupport
import Foundation

/// The published signing test vector (PROTOCOL §2), copied into `Fixtures/sha256-rsa/` so that a clone
/// with nothing beside it can run every test.
enum SigningVectorFixture {
    static let folder = FixtureFolder("Tests/WeChatPayCoreTests/Fixtures/sha256-rsa")

    struct Vector: Decodable {
        let mchid: String
        let message: String
        let key_serial_or_id: String
        let expected_signature_base64: String
    }

    static func load() throws -> Vector {
        try JSONDecoder().decode(Vector.self, from: folder.data("vector.json"))
    }

    /// The path of a fixture file, after checking that it is there.
    static func path(_ name: String) throws -> String { try folder.path(name) }

    static func privateKeyPath() throws -> String { try path("private_key.pem") }
    static func publicKeyPath() throws -> String { try path("public_key.pem") }
}
