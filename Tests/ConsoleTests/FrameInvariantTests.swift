@testable import Console
import Testing
import WeChatPayCore

/// Whatever the size and state, a frame is well formed: every continuation cell follows a wide
/// character, every wide character has its continuation, and the cursor is on screen.
@Suite struct FrameInvariantTests {
    static let sizes = [Size(width: 60, height: 19), Size(width: 61, height: 20), Size(width: 80, height: 24),
                        Size(width: 133, height: 41), Size(width: 250, height: 80)]

    static func states(_ size: Size) -> [ConsoleModel] {
        var base = Fixture.model(width: size.width, height: size.height)
        let records = [Fixture.issued(), Fixture.rejected(message: String(repeating: "预算不足，", count: 40)), Fixture.unknown()]
        base.loadHistory(records)
        _ = base.apply(.key(.tab), .key(.tab))
        base.type(String(repeating: "宽字符", count: 30))
        var help = base; _ = help.apply(.key(.function(1)), .key(.pageDown))
        var history = base; history.focus = .history
        var detail = history; _ = detail.apply(.key(.character("j")), .key(.enter), .key(.character("j")))
        var filtering = history; _ = filtering.apply(.key(.character("/")), .key(.character("中")))
        var sending = base; _ = sending.apply(.key(.backTab), .key(.character("x")), .key(.control("s")))
        var checking = history; _ = checking.apply(.key(.character("c")))
        var checked = checking
        if case .check(let panel) = checked.overlay {
            _ = checked.apply(.checkFinished(generation: panel.generation, CheckFixture.check([CheckFixture.coupon("CONFIRMING")])),
                              .key(.character("C")))
        }
        return [base, help, history, detail, filtering, sending, checking, checked]
    }

    static func check(_ grid: CellGrid) -> [String] {
        var problems: [String] = []
        for y in 0..<grid.height {
            for x in 0..<grid.width {
                let cell = grid[x, y]
                if cell.isContinuation && (x == 0 || grid[x - 1, y].width != 2) { problems.append("orphan continuation at \(x),\(y)") }
                if cell.width == 2 && (x + 1 >= grid.width || !grid[x + 1, y].isContinuation) { problems.append("wide without continuation at \(x),\(y)") }
            }
        }
        if let cursor = grid.cursor, !(0..<grid.width).contains(cursor.x) || !(0..<grid.height).contains(cursor.y) {
            problems.append("cursor off screen at \(cursor)")
        }
        return problems
    }

    @Test(arguments: sizes)
    func everyStateDrawsAWellFormedFrame(size: Size) {
        for (i, model) in Self.states(size).enumerated() {
            let grid = model.frame()
            #expect(grid.size == size)
            #expect(Self.check(grid).isEmpty, "state \(i) at \(size.width)x\(size.height): \(Self.check(grid).prefix(3))")
        }
    }
}
