import Console
import CouponDeskTestSupport
import Foundation
import XCTest

/// The console's language in a real terminal: `LANG=zh_CN.UTF-8` (not installed here: the language is
/// read from the variable's text, ncurses falls back to C.UTF-8) gives Chinese labels, hints and help
/// at 80x24 with every row within the terminal; `LANG=C.UTF-8` gives English. The demo: no server needed.
final class LanguageTmuxTests: XCTestCase {
    nonisolated(unsafe) static var folder: TempDir?
    nonisolated(unsafe) static var root = ""
    var session: TmuxSession?

    override class func setUp() {
        super.setUp()
        folder = try? TempDir()
        root = folder?.path ?? "/nonexistent"
        try? FileManager.default.createDirectory(atPath: root + "/home", withIntermediateDirectories: true)
    }

    override class func tearDown() {
        folder = nil
        super.tearDown()
    }

    override func tearDown() {
        session?.kill()
        super.tearDown()
    }

    func startDemo(lang: String, waitFor ready: String) throws -> TmuxSession {
        var environment = TestHome.environment(root: Self.root, terminal: true)
        environment["LC_ALL"] = nil
        environment["LANG"] = lang
        let history = Self.root + "/history-\(name.filter(\.isLetter)).jsonl"
        let session = try TmuxSession(command: "'\(try BuiltProduct.coupondesk())' demo --history '\(history)'; sleep 600",
                                      width: 80, height: 24, environment: environment)
        self.session = session
        // The first demo start creates the demo sandbox (RSA keys): give it time.
        try session.waitFor(text: ready, timeout: 60)
        return session
    }

    /// Every row of the pane fits the terminal, and the boxes' right borders are in the last column.
    func assertFits(_ screen: String, file: StaticString = #filePath, line: UInt = #line) {
        let rows = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for (index, row) in rows.enumerated() {
            XCTAssertLessThanOrEqual(CharacterWidth.of(row), 80, "row \(index) is too wide: \(row)", file: file, line: line)
            if row.hasPrefix("│") {
                XCTAssertEqual(CharacterWidth.of(row), 80, "row \(index) does not reach the right border: \(row)", file: file, line: line)
                XCTAssertTrue(row.hasSuffix("│"), "row \(index) lost its right border: \(row)", file: file, line: line)
            }
        }
    }

    func testZhCNLangShowsChineseLabelsHintsAndHelpWithinTheTerminal() throws {
        let tmux = try startDemo(lang: "zh_CN.UTF-8", waitFor: "发券记录 ·")
        let screen = try tmux.screen()
        for text in ["发券", "品牌 brand_id", "商品券 product_coupon_id", "批次 stock_id", "用户 openid", "发券单号 send_request_no",
                     "^S 发送", "帮助", "退出", "演示"] {
            XCTAssertTrue(screen.contains(text), "\(text) missing:\n\(screen)")
        }
        XCTAssertFalse(screen.contains("History ·"), screen)
        assertFits(screen)

        try tmux.press("F1")
        let help = try tmux.waitFor(text: "按键 — Esc 关闭")
        for text in ["任何地方", "发送表单", "退出并恢复终端"] {
            XCTAssertTrue(help.contains(text), "\(text) missing:\n\(help)")
        }
        XCTAssertFalse(help.contains("Anywhere"), help)
        assertFits(help)
    }

    func testCLangShowsEnglish() throws {
        let tmux = try startDemo(lang: "C.UTF-8", waitFor: "History ·")
        let screen = try tmux.screen()
        XCTAssertTrue(screen.contains(" Send ") && screen.contains("^S send"), screen)
        XCTAssertFalse(screen.contains("发券记录"), screen)
        try tmux.press("F1")
        let help = try tmux.waitFor(text: "Keys — Esc closes")
        XCTAssertTrue(help.contains("Anywhere"), help)
    }
}
