import CouponDeskTestSupport
import Foundation
import WeChatPayCore
import XCTest

/// The console in the brand-direct flavor, the real binary in a tmux pane: against `sandbox serve`
/// over real HTTP with the generated config-brand.json, and on the demo with `demo --flavor brand`.
final class BrandFlavorConsoleTmuxTests: XCTestCase {
    nonisolated(unsafe) static var sandbox: ServedSandbox?
    nonisolated(unsafe) static var folder: TempDir?
    nonisolated(unsafe) static var root = ""
    nonisolated(unsafe) static var binary = ""

    var session: TmuxSession?

    static var environment: [String: String] { TestHome.environment(root: root, terminal: true) }

    override class func setUp() {
        super.setUp()
        folder = try? TempDir()
        root = folder?.path ?? "/nonexistent"
        try? FileManager.default.createDirectory(atPath: root + "/home", withIntermediateDirectories: true)
        do {
            binary = try BuiltProduct.coupondesk()
            sandbox = try ServedSandbox(binary: binary, directory: root + "/sandbox", environment: environment)
        } catch {
            sandbox = nil
            binary = "(\(error.localizedDescription))"
        }
    }

    override class func tearDown() {
        sandbox?.stop()
        folder = nil
        super.tearDown()
    }

    override func tearDown() {
        session?.kill()
        super.tearDown()
    }

    func start(_ arguments: String) throws -> TmuxSession {
        let command = "'\(Self.binary)' \(arguments); echo \"EXITED:$?\"; sleep 600"
        let session = try TmuxSession(command: command, width: 100, height: 30, environment: Self.environment)
        self.session = session
        try session.waitFor(text: "History ·", timeout: 30)
        return session
    }

    func testTheBrandConfigSendsOverHTTPAsTheBrandAndTheConsoleSaysSoEverywhere() throws {
        let sandbox = try XCTUnwrap(Self.sandbox, "sandbox serve could not start: \(Self.binary)")
        let history = Self.root + "/history-brand-http.jsonl"
        let tmux = try start("--config '\(sandbox.directory)/config-brand.json' --history '\(history)'")
        var screen = try tmux.screen()
        XCTAssertTrue(screen.contains("brand-direct · brand 120344 · 127.0.0.1:"), screen)
        XCTAssertTrue(screen.contains("(the caller: brand-direct, fixed)"), screen)
        // The cursor opens in openid (brand_id is the caller, the rest come from the config's defaults).
        try tmux.type("o-e2e-brand-console")
        try tmux.press("C-s")
        try tmux.waitFor(text: "✓ issued")
        // The history row: the outcome mark, then B for brand-direct.
        try tmux.waitFor("a history row marked B") { screen in
            screen.split(separator: "\n").contains { $0.contains("o-e2e-brand-console") && $0.contains("✓ B ") }
        }
        let record = try XCTUnwrap(readLog(history).records.last)
        XCTAssertEqual(record.outcome, .issued)
        XCTAssertEqual(record.flavor, .brand)
        XCTAssertEqual(record.request.brandID, "120344")

        try tmux.press("Tab", "Tab", "Tab", "Tab")   // openid → history
        try tmux.press("Enter")
        let detail = try tmux.waitFor(text: "Request-ID")
        XCTAssertTrue(detail.contains("brand-direct (品牌直连): brand_id 120344 was the caller"), detail)
    }

    func testTheDemoOpensAsTheBrandDirectCallerAndSends() throws {
        let tmux = try start("demo --flavor brand")
        var screen = try tmux.screen()
        XCTAssertTrue(screen.contains("brand-direct · brand 120344"), screen)
        XCTAssertTrue(screen.contains("DEMO"), screen)
        try tmux.type("o-e2e-demo-brand")
        try tmux.press("C-s")
        screen = try tmux.waitFor(text: "✓ issued")
        let records = try readLog(Self.root + "/data/coupondesk/demo/history.jsonl").records
        XCTAssertEqual(records.last?.flavor, .brand)
        XCTAssertEqual(records.last?.mode, "demo")
    }
}
