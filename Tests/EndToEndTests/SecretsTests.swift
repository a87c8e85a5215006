import CouponSandbox
import Foundation
import Testing
import WeChatPayCore

/// Secrets never leave the client (issue 6, DESIGN "Secrets"): after sends that end issued, rejected
/// and unknown, resends, and configuration errors about the key itself, neither the history file nor
/// any stdout/stderr (`--json` included, the console's start-up errors included) holds a line of the
/// merchant private key's PEM body, an Authorization header the sandbox received, or a request
/// signature.
@Suite struct SecretsTests {
    /// The base64 lines between `-----BEGIN` and `-----END` of a PEM file.
    static func pemBodyLines(_ path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
            .filter { !$0.hasPrefix("-----") && $0.count >= 16 }
    }

    @Test func noPrivateKeyAuthorizationOrSignatureAppearsInHistoryOutputOrErrors() async throws {
        let sandbox = try CLISandbox()
        var results: [(String, CLIResult)] = []
        func run(_ label: String, _ arguments: [String]) async throws {
            results.append((label, try await sandbox.run(arguments)))
        }
        func send(_ label: String, openid: String, stockID: String = DemoData.StockID.plenty, json: Bool) async throws -> String {
            let number = sendRequestNumber(label)
            try await run(label, sandbox.sendArguments(openid: openid, sendRequestNo: number, stockID: stockID, json: json))
            return number
        }

        // Sends with every kind of outcome, in both output forms.
        _ = try await send("issued-json", openid: "o-secret-1", json: true)
        _ = try await send("issued-human", openid: "o-secret-2", json: false)
        _ = try await send("rejected", openid: "o-secret-3", stockID: DemoData.StockID.paused, json: false)
        let unknown = try await send("unknown", openid: "fault-bad-signature-secret", json: false)
        try await run("resend", ["resend", unknown, "--config", sandbox.configPath, "--history", sandbox.historyPath])
        _ = try await send("malformed", openid: "fault-malformed-json-secret", json: true)
        for arguments in [["history", "list"], ["history", "list", "--json"], ["history", "show", unknown],
                          ["history", "show", unknown, "--json"], ["history", "export", "--format", "json"],
                          ["history", "export", "--format", "csv"]] {
            try await run(arguments.joined(separator: " "), arguments + ["--history", sandbox.historyPath])
        }

        // A signature the sandbox refuses (401 SIGN_ERROR echoes the message it expected signed).
        let realSerial = try #require(try configValue(sandbox, "merchant_serial_no") as? String)
        try sandbox.editConfig { $0["merchant_serial_no"] = "00112233445566778899AABBCCDDEEFF00112233" }
        _ = try await send("auth-failed", openid: "o-secret-4", json: true)
        try sandbox.editConfig { $0["merchant_serial_no"] = realSerial }

        // Configuration errors about the key itself: for send and for the console's start-up.
        let keyPath = sandbox.directory.file(SandboxDirectory.merchantPrivateKeyFile)
        let keyLines = try Self.pemBodyLines(keyPath)
        let pem = try String(contentsOfFile: keyPath, encoding: .utf8)
        let configErrors: [(String, @Sendable (inout [String: Any]) -> Void)] = [
            ("key pasted into the config", { $0["private_key_file"] = pem }),
            ("key pasted on one line", { $0["private_key_file"] = pem.replacingOccurrences(of: "\n", with: "") }),
            ("key pasted as mchid", { $0["mchid"] = keyLines.joined() }),
            ("private key given as WeChat Pay's public key", { $0["wechatpay_public_key_file"] = keyPath }),
            ("private key given as a certificate", { $0["merchant_certificate_file"] = keyPath }),
        ]
        let original = try Data(contentsOf: URL(fileURLWithPath: sandbox.configPath))
        for (label, edit) in configErrors {
            try sandbox.editConfig(edit)
            _ = try await send(label, openid: "o-secret-config", json: true)
            try await run("console: " + label, ["--config", sandbox.configPath, "--history", sandbox.historyPath])
            try original.write(to: URL(fileURLWithPath: sandbox.configPath))
        }
        #expect(results.filter { $0.0.hasPrefix("key") || $0.0.hasPrefix("private") }.allSatisfy { $0.1.status == 78 },
                "\(results.filter { $0.0.hasPrefix("key") || $0.0.hasPrefix("private") }.map { ($0.0, $0.1.status, $0.1.err) })")

        // What the client sent: every Authorization header the sandbox received, and its signature.
        let authorizations = sandbox.engine.exchanges().compactMap(\.authorization)
        #expect(authorizations.count == sandbox.engine.exchanges().count && authorizations.count >= 7)
        let signatures = try authorizations.map { try AuthorizationHeader.parse($0).signature }
        #expect(keyLines.count >= 20, "a 2048-bit key's PEM body")

        let secrets = keyLines.map { ("private key line", $0) } + authorizations.map { ("Authorization", $0) }
            + signatures.map { ("signature", $0) }
        var places = results.flatMap { label, result in [("\(label) stdout", result.out), ("\(label) stderr", result.err)] }
        places.append(("history file", String(decoding: sandbox.historyBytes(), as: UTF8.self)))
        // The log holds openids and tokens: readable by its owner only (DESIGN §5).
        let mode = try FileManager.default.attributesOfItem(atPath: sandbox.historyPath)[.posixPermissions] as? NSNumber
        #expect(mode.map { $0.intValue & 0o777 } == 0o600)
        #expect(!(places.last?.1.isEmpty ?? true))
        for (place, text) in places {
            for (kind, secret) in secrets {
                // A Bool, not the text: a failure report must not print the secret itself.
                let leaked = text.contains(secret)
                #expect(!leaked, "\(kind) appears in \(place)")
            }
        }
    }

    func configValue(_ sandbox: CLISandbox, _ key: String) throws -> Any? {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: sandbox.configPath))) as? [String: Any]
        return object?[key]
    }
}
