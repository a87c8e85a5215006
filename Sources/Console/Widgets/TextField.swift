/// A one-line text input with readline editing. The cursor counts characters (grapheme clusters),
/// so a CJK character is one step for the cursor and two cells on screen.
public struct TextField: Equatable, Sendable {
    public private(set) var characters: [Character]
    /// 0...characters.count
    public private(set) var cursor: Int

    public init(_ text: String = "") {
        characters = Array(text)
        cursor = characters.count
    }

    public var text: String { String(characters) }

    public mutating func setText(_ text: String) {
        characters = Array(text)
        cursor = characters.count
    }

    public mutating func insert(_ text: String) {
        let new = Array(text)
        characters.insert(contentsOf: new, at: cursor)
        cursor += new.count
    }

    public mutating func moveLeft() { cursor = max(0, cursor - 1) }
    public mutating func moveRight() { cursor = min(characters.count, cursor + 1) }
    public mutating func moveHome() { cursor = 0 }
    public mutating func moveEnd() { cursor = characters.count }

    /// Returns the removed text (for the kill buffer).
    @discardableResult
    public mutating func deleteBackward() -> String {
        guard cursor > 0 else { return "" }
        cursor -= 1
        return String(characters.remove(at: cursor))
    }

    @discardableResult
    public mutating func deleteForward() -> String {
        guard cursor < characters.count else { return "" }
        return String(characters.remove(at: cursor))
    }

    public mutating func killToEnd() -> String {
        let cut = String(characters[cursor...])
        characters.removeSubrange(cursor...)
        return cut
    }

    public mutating func killToStart() -> String {
        let cut = String(characters[..<cursor])
        characters.removeSubrange(..<cursor)
        cursor = 0
        return cut
    }

    static func isWordCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber }

    /// Index of the start of the word before the cursor (readline's backward-word).
    func wordStartBefore() -> Int {
        var i = cursor
        while i > 0 && !Self.isWordCharacter(characters[i - 1]) { i -= 1 }
        while i > 0 && Self.isWordCharacter(characters[i - 1]) { i -= 1 }
        return i
    }

    /// Index of the end of the word after the cursor (readline's forward-word).
    func wordEndAfter() -> Int {
        var i = cursor
        while i < characters.count && !Self.isWordCharacter(characters[i]) { i += 1 }
        while i < characters.count && Self.isWordCharacter(characters[i]) { i += 1 }
        return i
    }

    public mutating func moveWordLeft() { cursor = wordStartBefore() }
    public mutating func moveWordRight() { cursor = wordEndAfter() }

    public mutating func killWordBackward() -> String {
        let start = wordStartBefore()
        let cut = String(characters[start..<cursor])
        characters.removeSubrange(start..<cursor)
        cursor = start
        return cut
    }

    public mutating func killWordForward() -> String {
        let end = wordEndAfter()
        let cut = String(characters[cursor..<end])
        characters.removeSubrange(cursor..<end)
        return cut
    }

    /// What a box `width` cells wide shows: the visible text and the cursor's cell offset in it.
    /// The view scrolls so the cursor stays inside, keeping the text's start when it fits.
    public func visible(width: Int) -> (text: String, cursorColumn: Int) {
        guard width > 1 else { return ("", 0) }
        let widths = characters.map(CharacterWidth.of)
        // Cells before the cursor; scroll the start forward until cursor fits (one cell spare for it).
        var start = 0
        var before = widths[0..<cursor].reduce(0, +)
        while before > width - 1 && start < cursor {
            before -= widths[start]
            start += 1
        }
        var text = String()
        var used = 0
        var i = start
        while i < characters.count && used + widths[i] <= width {
            text.append(characters[i])
            used += widths[i]
            i += 1
        }
        return (text, before)
    }
}
