import Foundation

/// Locates `../shared/vectors/` beside the project root (the published signing vector).
enum SharedVectors {
    static let projectRoot: URL = {
        // Tests/WeChatPayCoreTests/SharedVectors.swift → project root
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }()
    static let sha256RSA = projectRoot.deletingLastPathComponent().appendingPathComponent("shared/vectors/sha256-rsa")

    struct Vector: Decodable {
        let mchid: String
        let message: String
        let key_serial_or_id: String
        let expected_signature_base64: String
    }

    static func load() throws -> Vector {
        try JSONDecoder().decode(Vector.self, from: Data(contentsOf: sha256RSA.appendingPathComponent("vector.json")))
    }
    static var privateKeyPath: String { sha256RSA.appendingPathComponent("private_key.pem").path }
    static var publicKeyPath: String { sha256RSA.appendingPathComponent("public_key.pem").path }
}
