/// English a lower layer wrote and keeps in English where it is stored — a config value's reason in
/// `ConfigError`, a network failure's detail in the history log (a machine interface) — shown to a
/// person in their language: the text is matched against a catalogue's English templates and the
/// same key's template of this language is filled with what the placeholders matched. Records
/// written before a translation existed are translated too; text that matches no template (WeChat
/// Pay's own messages) is shown as it is.
extension Texts {
    public func reword<Key: TextCatalogue>(_ english: String, _ catalogue: Key.Type) -> String {
        guard language != .en, !english.isEmpty else { return english }
        // The most specific template wins: the one whose fixed words cover most of the text.
        var best: (key: Key, values: [String: String], fixed: Int)? = nil
        for (key, template) in Key.english {
            guard let (values, fixed) = Self.match(template, english), fixed > (best?.fixed ?? 0) else { continue }
            best = (key, values, fixed)
        }
        guard let best else { return english }
        // A value may itself be a phrase of the catalogue (a fragment, a flavor's key name).
        return self(best.key, best.values.mapValues { reword($0, catalogue) })
    }

    /// The values of `template`'s placeholders when `text` is that template filled, and how many
    /// characters of `text` its fixed words cover; nil when it is not. A placeholder takes the
    /// shortest text up to the fixed words that follow it; the last one, all but the closing words.
    static func match(_ template: String, _ text: String) -> ([String: String], Int)? {
        var parts: [(literal: Substring, name: String?)] = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            parts.append((rest[..<open], String(rest[rest.index(after: open)..<close])))
            rest = rest[rest.index(after: close)...]
        }
        parts.append((rest, nil))
        let fixed = parts.reduce(0) { $0 + $1.literal.count }
        guard fixed > 0 else { return nil }
        var values: [String: String] = [:]
        var remaining = Substring(text)
        var pending: String? = nil
        for part in parts {
            if let name = pending {
                if part.literal.isEmpty && part.name != nil { return nil }  // two placeholders in a row: ambiguous
                if part.name == nil {
                    // The last fixed words end the text.
                    guard remaining.hasSuffix(part.literal) else { return nil }
                    values[name] = String(remaining.dropLast(part.literal.count))
                    remaining = ""
                } else {
                    guard let found = remaining.firstRange(of: part.literal) else { return nil }
                    values[name] = String(remaining[..<found.lowerBound])
                    remaining = remaining[found.upperBound...]
                }
            } else {
                guard remaining.hasPrefix(part.literal) else { return nil }
                remaining = remaining.dropFirst(part.literal.count)
            }
            pending = part.name
        }
        return remaining.isEmpty ? (values, fixed) : nil
    }
}
