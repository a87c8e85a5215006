/// A terminal position or extent, in cells.
public struct Size: Hashable, Sendable {
    public var width: Int
    public var height: Int
    public init(width: Int, height: Int) { self.width = width; self.height = height }
}

public struct Point: Hashable, Sendable {
    public var x: Int
    public var y: Int
    public init(x: Int, y: Int) { self.x = x; self.y = y }
}

/// One screen cell. A double-width character lives in two cells: the lead cell (`width == 2`)
/// holds the character, the cell to its right is a continuation (`width == 0`) that holds none.
public struct Cell: Hashable, Sendable {
    public var character: Character
    public var width: UInt8
    public var style: Style

    public init(character: Character, width: UInt8, style: Style) {
        self.character = character; self.width = width; self.style = style
    }

    public static func blank(_ style: Style = .plain) -> Cell { Cell(character: " ", width: 1, style: style) }
    public var isContinuation: Bool { width == 0 }
}

/// The whole frame as cells: `view()` draws into it, tests read it, the terminal layer blits it.
///
/// It keeps the wide-character invariant that ncurses does not: writing over either half of a
/// double-width character blanks the other half, so no half glyph is ever left on screen.
public struct CellGrid: Equatable, Sendable {
    public let size: Size
    public internal(set) var cells: [Cell]
    /// Where the terminal cursor should be shown, or nil to hide it.
    public var cursor: Point?

    public init(size: Size, style: Style = .plain) {
        self.size = Size(width: max(0, size.width), height: max(0, size.height))
        cells = Array(repeating: .blank(style), count: self.size.width * self.size.height)
    }

    public var width: Int { size.width }
    public var height: Int { size.height }

    public subscript(x: Int, y: Int) -> Cell {
        cells[y * size.width + x]
    }

    func contains(x: Int, y: Int) -> Bool { x >= 0 && y >= 0 && x < size.width && y < size.height }

    /// Blanks the cell at (x, y) (keeping its style) without touching its neighbours.
    private mutating func blankRaw(_ x: Int, _ y: Int) {
        let i = y * size.width + x
        cells[i] = .blank(cells[i].style)
    }

    /// Puts one character at (x, y). A wide character that would not fit before the right edge
    /// becomes a blank; any wide character partly overwritten is blanked whole.
    public mutating func put(_ character: Character, x: Int, y: Int, style: Style) {
        guard contains(x: x, y: y) else { return }
        var width = CharacterWidth.of(character)
        var character = character
        if width == 0 { character = " "; width = 1 }
        if width == 2 && x + 1 >= size.width { character = " "; width = 1 }
        clearWideOverlap(x: x, y: y)
        if width == 2 { clearWideOverlap(x: x + 1, y: y) }
        let i = y * size.width + x
        cells[i] = Cell(character: character, width: UInt8(width), style: style)
        if width == 2 { cells[i + 1] = Cell(character: " ", width: 0, style: style) }
    }

    /// Before (x, y) is overwritten: if it is half of a wide character, blank the other half.
    private mutating func clearWideOverlap(x: Int, y: Int) {
        let i = y * size.width + x
        let cell = cells[i]
        if cell.width == 0, x > 0 { blankRaw(x - 1, y) }
        if cell.width == 2, x + 1 < size.width { blankRaw(x + 1, y) }
    }

    /// Draws `text` from (x, y), clipped to `maxWidth` cells (default: to the right edge). When the
    /// text is cut, the last cell shows `…`. Returns the number of cells used.
    @discardableResult
    public mutating func draw(_ text: String, x: Int, y: Int, style: Style, maxWidth: Int? = nil,
                              ellipsis: Bool = true) -> Int {
        guard y >= 0, y < size.height, x < size.width else { return 0 }
        let limit = min(maxWidth ?? (size.width - x), size.width - x)
        guard limit > 0 else { return 0 }
        let total = CharacterWidth.of(text)
        let cut = total > limit && ellipsis
        let room = cut ? limit - 1 : limit
        var column = x
        for character in text {
            // Zero-width characters (stray combining marks, controls that slipped through) take no cell.
            let w = CharacterWidth.of(character)
            if w == 0 { continue }
            if column - x + w > room { break }
            put(character, x: column, y: y, style: style)
            column += w
        }
        if cut {
            // A wide character that did not fit leaves one cell: pad it so `…` sits at the edge.
            while column < x + limit - 1 { put(" ", x: column, y: y, style: style); column += 1 }
            put("…", x: column, y: y, style: style)
            column += 1
        }
        return column - x
    }

    /// Fills a rectangle with blanks of `style`.
    public mutating func fill(x: Int, y: Int, width: Int, height: Int, style: Style) {
        let x0 = max(0, x), y0 = max(0, y)
        let x1 = min(size.width, x + width), y1 = min(size.height, y + height)
        guard x0 < x1, y0 < y1 else { return }
        for row in y0..<y1 {
            if x0 > 0 { clearWideOverlap(x: x0, y: row) }
            if x1 < size.width { clearWideOverlap(x: x1 - 1, y: row) }
            for column in x0..<x1 { cells[row * size.width + column] = .blank(style) }
        }
    }

    /// Restyles cells without changing their characters (selection bars, focus marks).
    public mutating func restyle(x: Int, y: Int, width: Int, style: Style) {
        guard y >= 0, y < size.height else { return }
        for column in max(0, x)..<min(size.width, x + width) {
            cells[y * size.width + column].style = style
        }
    }

    /// The characters of one row as a string; continuation cells contribute nothing, so a CJK
    /// character reads once. Trailing spaces are kept (callers trim if they wish).
    public func text(row y: Int) -> String {
        var out = String()
        out.reserveCapacity(size.width)
        for x in 0..<size.width {
            let cell = self[x, y]
            if !cell.isContinuation { out.append(cell.character) }
        }
        return out
    }

    /// The whole frame as text, one line per row, trailing spaces trimmed (for tests and logs).
    public var lines: [String] {
        (0..<size.height).map { y in
            var line = text(row: y)
            while line.last == " " { line.removeLast() }
            return line
        }
    }
}
