import CouponDeskTestSupport
import CouponSandbox
import Foundation
import WeChatPayCore
import XCTest

/// The console never shows a secret: the real binary in tmux against a sandbox served over HTTP by this
/// process (so the Authorization headers it received are known), an issued send and a send whose
/// answer fails verification, the detail of that send opened; no screen holds a piece of the merchant
/// private key, of an Authorization header or signature, or the token of the untrusted answer.
final class ConsoleSecretsTmuxTests: XCTestCase {
    var session: TmuxSession?

    override func tearDown() {
        session?.kill()
        super.tearDown()
    }

    /// 24-character pieces of `secret`: a secret wrapped across screen lines still shows whole pieces.
    static func pieces(_ secret: String) -> [String] {
        let characters = Array(secret)
        return stride(from: 0, to: max(0, characters.count - 23), by: 12).map { String(characters[$0..<$0 + 24]) }
    }

    func testNoKeyAuthorizationSignatureOrUntrustedTokenReachesTheScreen() throws {
        let sandbox = try CLISandbox()
        let binary = try BuiltProduct.coupondesk()
        var environment = sandbox.environment
        environment["TERM"] = "xterm-256color"
        environment["LC_ALL"] = "C.UTF-8"
        let command = "'\(binary)' --config '\(sandbox.configPath)' --history '\(sandbox.historyPath)'; sleep 600"
        let tmux = try TmuxSession(command: command, width: 120, height: 40, environment: environment)
        session = tmux
        var screens = [try tmux.waitFor(text: "History ·")]

        // The config's defaults fill brand, coupon, stock and appid; the cursor starts in openid.
        try tmux.type("o-console-secret")
        try tmux.press("C-s")
        screens.append(try tmux.waitFor(text: "✓ issued to o-console-secret"))
        try tmux.press("C-n")
        try tmux.type("fault-bad-signature-console")
        try tmux.press("C-s")
        screens.append(try tmux.waitFor("the unknown outcome", timeout: 15) { $0.contains("signature") && $0.contains("fault-bad-signature-console") })
        try tmux.press("Tab", "Tab", "Tab", "Tab")
        try tmux.press("Enter")
        screens.append(try tmux.waitFor(text: "Request-ID"))

        let exchanges = sandbox.engine.exchanges()
        XCTAssertEqual(exchanges.count, 2, "\(exchanges)")
        let authorizations = exchanges.compactMap(\.authorization)
        XCTAssertEqual(authorizations.count, 2)
        let signatures = try authorizations.map { try AuthorizationHeader.parse($0).signature }
        let keyLines = try SecretsTests.pemBodyLines(sandbox.directory.file(SandboxDirectory.merchantPrivateKeyFile))
        let unknownNumber = try XCTUnwrap(exchanges.last?.sendRequestNo)
        let untrustedToken = try XCTUnwrap(try sandbox.committedToken(unknownNumber))

        var secrets: [(String, String)] = [("untrusted token", untrustedToken)]
        secrets += keyLines.flatMap(Self.pieces).map { ("private key", $0) }
        secrets += authorizations.flatMap(Self.pieces).map { ("Authorization", $0) }
        secrets += signatures.flatMap(Self.pieces).map { ("signature", $0) }
        XCTAssertGreaterThan(secrets.count, 100)
        for (index, screen) in screens.enumerated() {
            for (kind, secret) in secrets {
                let leaked = screen.contains(secret)
                XCTAssertFalse(leaked, "a piece of the \(kind) is on screen \(index)")
            }
        }
    }
}
