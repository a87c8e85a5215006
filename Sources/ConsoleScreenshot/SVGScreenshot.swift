import Console
import Foundation

/// A console frame — the cell grid `view()` draws — as an SVG picture of a terminal window.
///
/// Every character is placed at its cell's position (SVG `x` lists), so the picture keeps the grid
/// whatever font the viewer has: a double-width (CJK) character takes exactly two cells. Backgrounds
/// and underlines are rectangles, box-drawing characters are strokes, colours come from a terminal
/// palette. Only what the grid holds is drawn: no ncurses, no terminal.
public struct SVGScreenshot: Sendable {
    public var palette = TerminalPalette.tangoDark
    public var fontSize = 14.0
    /// A cell: the advance of a monospace font at `fontSize` (0.6 em) by a comfortable line.
    public var cellWidth = 8.4
    public var cellHeight = 18.0
    /// The window's title bar and the margin around the grid.
    public var titleBarHeight = 32.0
    public var margin = 12.0

    public init() {}

    static let fontFamily = "ui-monospace, 'SF Mono', Menlo, Consolas, 'DejaVu Sans Mono', 'Liberation Mono', 'Noto Sans Mono CJK SC', monospace"

    /// The SVG document: `title` in the window's title bar and as the picture's accessible name;
    /// the screen's text as its description.
    public func render(_ grid: CellGrid, title: String) -> String {
        let width = Double(grid.width) * cellWidth + 2 * margin
        let height = Double(grid.height) * cellHeight + 2 * margin + titleBarHeight
        var out = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(n(width))" height="\(n(height))" viewBox="0 0 \(n(width)) \(n(height))" role="img" aria-labelledby="title desc">
        <title id="title">\(Self.escape(title))</title>
        <desc id="desc">\(Self.escape(grid.lines.joined(separator: "\n")))</desc>
        <rect width="\(n(width))" height="\(n(height))" rx="10" fill="\(palette.background)"/>
        <path d="M0 10a10 10 0 0 1 10-10h\(n(width - 20))a10 10 0 0 1 10 10v\(n(titleBarHeight - 10))h-\(n(width))z" fill="#2D2D2D"/>
        <circle cx="20" cy="\(n(titleBarHeight / 2))" r="6" fill="#FF5F57"/><circle cx="40" cy="\(n(titleBarHeight / 2))" r="6" fill="#FEBC2E"/><circle cx="60" cy="\(n(titleBarHeight / 2))" r="6" fill="#28C840"/>
        <text x="\(n(width / 2))" y="\(n(titleBarHeight / 2 + 4.5))" text-anchor="middle" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" font-size="13" fill="#A8A8A8">\(Self.escape(title))</text>
        <g transform="translate(\(n(margin)) \(n(titleBarHeight + margin)))" font-family="\(Self.fontFamily)" font-size="\(n(fontSize))" xml:space="preserve">

        """
        for y in 0..<grid.height { out += backgrounds(grid, row: y) }
        for y in 0..<grid.height { out += underlines(grid, row: y) }
        out += boxLines(grid)
        for y in 0..<grid.height { out += text(grid, row: y) }
        if let cursor = grid.cursor, cursor.x < grid.width, cursor.y < grid.height { out += self.cursor(grid, at: cursor) }
        out += "</g>\n</svg>\n"
        return out
    }

    /// How a cell looks once reverse video is applied.
    struct Paint: Hashable {
        var foreground: String
        var background: String
        var bold: Bool
        var italic: Bool
        var underline: Bool
        var dim: Bool
    }

    func paint(_ style: Style) -> Paint {
        var foreground = palette.hex(style.foreground, isForeground: true)
        var background = palette.hex(style.background, isForeground: false)
        if style.attributes.contains(.reverse) { swap(&foreground, &background) }
        return Paint(foreground: foreground, background: background, bold: style.attributes.contains(.bold),
                     italic: style.attributes.contains(.italic), underline: style.attributes.contains(.underline),
                     dim: style.attributes.contains(.dim))
    }

    /// Runs of cells of one row that share `key`, as (first cell, end, key); nil keys are skipped.
    func runs<Key: Equatable>(_ grid: CellGrid, row y: Int, key: (Cell) -> Key?) -> [(Int, Int, Key)] {
        var out: [(Int, Int, Key)] = []
        var x = 0
        while x < grid.width {
            guard let k = key(grid[x, y]) else { x += 1; continue }
            var end = x + 1
            while end < grid.width, key(grid[end, y]) == k { end += 1 }
            out.append((x, end, k))
            x = end
        }
        return out
    }

    func backgrounds(_ grid: CellGrid, row y: Int) -> String {
        runs(grid, row: y) { cell -> String? in
            let background = paint(cell.style).background
            return background == palette.background ? nil : background
        }.map { start, end, fill in
            "<rect x=\"\(n(Double(start) * cellWidth))\" y=\"\(n(Double(y) * cellHeight))\" width=\"\(n(Double(end - start) * cellWidth))\" height=\"\(n(cellHeight))\" fill=\"\(fill)\"/>\n"
        }.joined()
    }

    func underlines(_ grid: CellGrid, row y: Int) -> String {
        runs(grid, row: y) { cell -> String? in
            let paint = paint(cell.style)
            return paint.underline ? paint.foreground : nil
        }.map { start, end, fill in
            "<rect x=\"\(n(Double(start) * cellWidth))\" y=\"\(n(Double(y) * cellHeight + cellHeight - 3))\" width=\"\(n(Double(end - start) * cellWidth))\" height=\"1\" fill=\"\(fill)\"/>\n"
        }.joined()
    }

    func boxLines(_ grid: CellGrid) -> String {
        var byColour: [String: [BoxDrawing.Segment]] = [:]
        for y in 0..<grid.height {
            for x in 0..<grid.width {
                let cell = grid[x, y]
                let segments = BoxDrawing.segments(cell.character, x: x, y: y)
                if !segments.isEmpty { byColour[paint(cell.style).foreground, default: []] += segments }
            }
        }
        return byColour.keys.sorted().map { colour in
            let d = BoxDrawing.merged(byColour[colour]!).map { s in
                "M\(n(s.x1 * cellWidth)) \(n(s.y1 * cellHeight))L\(n(s.x2 * cellWidth)) \(n(s.y2 * cellHeight))"
            }.joined()
            return "<path d=\"\(d)\" stroke=\"\(colour)\" stroke-width=\"1.2\" fill=\"none\" stroke-linecap=\"square\"/>\n"
        }.joined()
    }

    /// The characters of one row, one `<text>` per run of one look. Spaces between characters of a
    /// run stay in it (a search or a copy finds the words), each character at its own cell.
    func text(_ grid: CellGrid, row y: Int) -> String {
        struct Look: Equatable { var colour: String; var bold: Bool; var italic: Bool; var dim: Bool }
        var out = ""
        var look: Look?
        var characters: [(x: Int, character: Character)] = []
        var spaces: [(x: Int, character: Character)] = []
        func flush() {
            guard let current = look, !characters.isEmpty else { return }
            let xs = characters.map { n(Double($0.x) * cellWidth) }.joined(separator: " ")
            var attributes = "x=\"\(xs)\" y=\"\(n(Double(y) * cellHeight + cellHeight * 0.75))\" fill=\"\(current.colour)\""
            if current.bold { attributes += " font-weight=\"bold\"" }
            if current.italic { attributes += " font-style=\"italic\"" }
            if current.dim { attributes += " opacity=\"0.6\"" }
            out += "<text \(attributes)>\(Self.escape(String(characters.map(\.character))))</text>\n"
            characters = []
        }
        for x in 0..<grid.width {
            let cell = grid[x, y]
            if cell.isContinuation { continue }
            if cell.character == " " {
                if !characters.isEmpty { spaces.append((x, " ")) }
                continue
            }
            if BoxDrawing.arms[cell.character] != nil {
                flush(); spaces = []; look = nil
                continue
            }
            let paint = paint(cell.style)
            let cellLook = Look(colour: paint.foreground, bold: paint.bold, italic: paint.italic, dim: paint.dim)
            if cellLook != look {
                flush()
                look = cellLook
            } else {
                characters += spaces
            }
            spaces = []
            characters.append((x, cell.character))
        }
        flush()
        return out
    }

    /// A block cursor over the cell, its character shown in the background colour.
    func cursor(_ grid: CellGrid, at point: Point) -> String {
        let cell = grid[point.x, point.y]
        let width = Double(max(1, Int(cell.width))) * cellWidth
        var out = "<rect x=\"\(n(Double(point.x) * cellWidth))\" y=\"\(n(Double(point.y) * cellHeight))\" width=\"\(n(width))\" height=\"\(n(cellHeight))\" fill=\"\(palette.foreground)\" opacity=\"0.85\"/>\n"
        if cell.character != " " && !cell.isContinuation {
            out += "<text x=\"\(n(Double(point.x) * cellWidth))\" y=\"\(n(Double(point.y) * cellHeight + cellHeight * 0.75))\" fill=\"\(palette.background)\">\(Self.escape(String(cell.character)))</text>\n"
        }
        return out
    }

    /// A number as short as it can be written (no trailing zeros).
    func n(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    /// Text as XML character data (or an attribute value): markup characters escaped, and characters
    /// XML 1.0 cannot hold replaced (the grid holds sanitised text, but a picture must always parse).
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\n", "\t": out.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value): out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
