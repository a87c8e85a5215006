import Foundation

/// The published signing test vector (PROTOCOL §2), copied into `Fixtures/sha256-rsa/` so that a clone
/// with nothing beside it can run every test. A missing or damaged file fails the test that needs it,
/// with the path in the message; it never stops the test process.
enum SigningVectorFixture {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/sha256-rsa")

    struct Vector: Decodable {
        let mchid: String
        let message: String
        let key_serial_or_id: String
        let expected_signature_base64: String
    }

    struct Missing: Error, CustomStringConvertible {
        let path: String
        let reason: String
        var description: String { "test fixture \(path) could not be read (\(reason)); it belongs in the repository" }
    }

    static func load() throws -> Vector {
        try JSONDecoder().decode(Vector.self, from: data("vector.json"))
    }

    /// The path of a fixture file, after checking that it is there.
    static func path(_ name: String) throws -> String {
        let path = folder.appendingPathComponent(name).path
        guard FileManager.default.isReadableFile(atPath: path) else { throw Missing(path: path, reason: "no such readable file") }
        return path
    }

    static func data(_ name: String) throws -> Data {
        let path = try path(name)
        do { return try Data(contentsOf: URL(fileURLWithPath: path)) } catch { throw Missing(path: path, reason: "\(error)") }
    }

    static func privateKeyPath() throws -> String { try path("private_key.pem") }
    static func publicKeyPath() throws -> String { try path("public_key.pem") }
}
