/// Box-drawing characters as lines: drawn as text they leave gaps between rows (a font's glyph is
/// rarely as tall as the line), drawn as strokes the console's boxes close the way they do in a terminal.
enum BoxDrawing {
    struct Arms: OptionSet, Hashable {
        let rawValue: UInt8
        static let left = Arms(rawValue: 1), right = Arms(rawValue: 2), up = Arms(rawValue: 4), down = Arms(rawValue: 8)
    }

    /// The light box-drawing characters and the cell edges each one reaches.
    static let arms: [Character: Arms] = [
        "─": [.left, .right], "│": [.up, .down],
        "┌": [.right, .down], "┐": [.left, .down], "└": [.right, .up], "┘": [.left, .up],
        "├": [.up, .down, .right], "┤": [.up, .down, .left], "┬": [.left, .right, .down],
        "┴": [.left, .right, .up], "┼": [.left, .right, .up, .down],
    ]

    /// One straight stroke, in cell units: from (x1, y1) to (x2, y2), where a cell's centre is at +0.5.
    struct Segment: Hashable {
        var x1: Double, y1: Double, x2: Double, y2: Double
        var isHorizontal: Bool { y1 == y2 }
    }

    /// The strokes of the character at cell (x, y).
    static func segments(_ character: Character, x: Int, y: Int) -> [Segment] {
        guard let arms = arms[character] else { return [] }
        let cx = Double(x) + 0.5, cy = Double(y) + 0.5
        var out: [Segment] = []
        if arms.contains(.left) || arms.contains(.right) {
            out.append(Segment(x1: arms.contains(.left) ? Double(x) : cx, y1: cy,
                               x2: arms.contains(.right) ? Double(x + 1) : cx, y2: cy))
        }
        if arms.contains(.up) || arms.contains(.down) {
            out.append(Segment(x1: cx, y1: arms.contains(.up) ? Double(y) : cy,
                               x2: cx, y2: arms.contains(.down) ? Double(y + 1) : cy))
        }
        return out
    }

    /// Joins strokes that continue each other (a border row becomes one line).
    static func merged(_ segments: [Segment]) -> [Segment] {
        var out: [Segment] = []
        let horizontal = segments.filter(\.isHorizontal).sorted { ($0.y1, $0.x1) < ($1.y1, $1.x1) }
        let vertical = segments.filter { !$0.isHorizontal }.sorted { ($0.x1, $0.y1) < ($1.x1, $1.y1) }
        for segment in horizontal {
            if let last = out.last, last.isHorizontal, last.y1 == segment.y1, last.x2 == segment.x1 {
                out[out.count - 1].x2 = segment.x2
            } else {
                out.append(segment)
            }
        }
        let horizontalCount = out.count
        for segment in vertical {
            if out.count > horizontalCount, let last = out.last, last.x1 == segment.x1, last.y2 == segment.y1 {
                out[out.count - 1].y2 = segment.y2
            } else {
                out.append(segment)
            }
        }
        return out
    }
}
