@testable import Console
import Testing

@Suite struct CellGridTests {
    @Test func wideCharacterTakesTwoCellsTheSecondAContinuation() {
        var grid = CellGrid(size: Size(width: 10, height: 1))
        grid.draw("a中b", x: 0, y: 0, style: .plain)
        #expect(grid[0, 0].character == "a")
        #expect(grid[1, 0].character == "中" && grid[1, 0].width == 2)
        #expect(grid[2, 0].isContinuation)
        #expect(grid[3, 0].character == "b")
        #expect(grid.text(row: 0).hasPrefix("a中b "))
    }

    @Test func overwritingTheSecondHalfOfAWideCharacterBlanksTheFirst() {
        var grid = CellGrid(size: Size(width: 6, height: 1))
        grid.draw("中文", x: 0, y: 0, style: .plain)
        grid.put("x", x: 1, y: 0, style: .plain)
        #expect(grid[0, 0].character == " " && grid[0, 0].width == 1)
        #expect(grid[1, 0].character == "x")
        #expect(grid[2, 0].character == "文")
    }

    @Test func overwritingTheFirstHalfOfAWideCharacterBlanksTheSecond() {
        var grid = CellGrid(size: Size(width: 6, height: 1))
        grid.draw("中", x: 2, y: 0, style: .plain)
        grid.put("y", x: 2, y: 0, style: .plain)
        #expect(grid[2, 0].character == "y")
        #expect(grid[3, 0].character == " " && !grid[3, 0].isContinuation)
    }

    @Test func wideCharacterOverlappingAnotherBlanksItsOrphanedHalf() {
        var grid = CellGrid(size: Size(width: 6, height: 1))
        grid.draw("中文", x: 0, y: 0, style: .plain)   // 中 at 0-1, 文 at 2-3
        grid.put("字", x: 1, y: 0, style: .plain)       // covers 1-2
        #expect(grid[0, 0].character == " ")
        #expect(grid[1, 0].character == "字" && grid[2, 0].isContinuation)
        #expect(grid[3, 0].character == " " && !grid[3, 0].isContinuation)
    }

    @Test func wideCharacterAtTheRightEdgeBecomesABlank() {
        var grid = CellGrid(size: Size(width: 3, height: 1))
        grid.put("中", x: 2, y: 0, style: .plain)
        #expect(grid[2, 0].character == " " && grid[2, 0].width == 1)
    }

    @Test func textLongerThanItsRoomEndsInAnEllipsis() {
        var grid = CellGrid(size: Size(width: 20, height: 1))
        let used = grid.draw("abcdefghij", x: 0, y: 0, style: .plain, maxWidth: 6)
        #expect(used == 6)
        #expect(grid.lines[0] == "abcde…")
    }

    @Test func ellipsisAfterACutWideCharacterStillEndsAtTheEdge() {
        var grid = CellGrid(size: Size(width: 20, height: 1))
        grid.draw("中文字符", x: 0, y: 0, style: .plain, maxWidth: 6)
        // 中文 = 4 cells, 字 does not fit before the ellipsis cell: pad, then …
        #expect(grid.lines[0] == "中文 …")
    }

    @Test func unchangedFramesHaveNoChangedRuns() {
        var grid = CellGrid(size: Size(width: 10, height: 3))
        grid.draw("hello", x: 1, y: 1, style: .plain)
        #expect(grid.changedRuns(since: grid).isEmpty)
    }

    @Test func aChangedRunCoversBothHalvesOfAWideCharacter() {
        var old = CellGrid(size: Size(width: 10, height: 2))
        old.draw("ab中", x: 0, y: 1, style: .plain)
        var new = old
        new.put("x", x: 3, y: 1, style: .plain)   // second half of 中
        let runs = new.changedRuns(since: old)
        #expect(runs == [ChangedRun(y: 1, x: 2, width: 2)])
    }

    @Test func applyingTheChangedRunsReproducesTheNewFrame() {
        var screen = CellGrid(size: Size(width: 30, height: 6))
        var frame = screen
        let alphabet: [Character] = ["a", "中", " ", "券", "─"]
        for round in 0..<50 {
            for i in 0..<12 { frame.put(alphabet[(round * 7 + i * 3) % alphabet.count], x: (round * 11 + i * 5) % 30, y: (round + i) % 6, style: .plain) }
            screen.apply(frame.changedRuns(since: screen), from: frame)
            #expect(screen == frame)
        }
    }

    @Test func aNewSizeRedrawsEveryRow() {
        let grid = CellGrid(size: Size(width: 4, height: 3))
        let runs = grid.changedRuns(since: CellGrid(size: Size(width: 5, height: 3)))
        #expect(runs.count == 3 && runs.allSatisfy { $0.x == 0 && $0.width == 4 })
    }
}

@Suite struct CharacterWidthTests {
    @Test func cjkIdeographsAndFullwidthFormsAreTwoCells() {
        #expect(CharacterWidth.of("中" as Character) == 2)
        #expect(CharacterWidth.of("券" as Character) == 2)
        #expect(CharacterWidth.of("Ａ" as Character) == 2)
        #expect(CharacterWidth.of("한" as Character) == 2)
    }

    @Test func asciiAndBoxDrawingAreOneCell() {
        #expect(CharacterWidth.of("a" as Character) == 1)
        #expect(CharacterWidth.of("─" as Character) == 1)
        #expect(CharacterWidth.of("✓" as Character) == 1)
    }

    @Test func combiningMarksAddNoWidth() {
        #expect(CharacterWidth.of("e\u{301}") == 1)
        #expect(CharacterWidth.of("商品券 ok") == 9)
    }
}
