/// A catalogue of messages: typed keys, and one table per language. A table is data (a dictionary
/// literal per language); a test checks that every key is in every table with the same placeholders.
///
/// Placeholders are named, `{count}`, and filled by `Texts.callAsFunction(_:_:)`.
public protocol TextCatalogue: RawRepresentable<String>, Hashable, CaseIterable, Sendable {
    static var english: [Self: String] { get }
    static var chinese: [Self: String] { get }
}

extension TextCatalogue {
    public static func table(_ language: Language) -> [Self: String] {
        switch language {
        case .en: return english
        case .zhHans: return chinese
        }
    }
}

/// The messages of one language: `text(.key)` or `text(.key, ["name": value])`.
public struct Texts: Equatable, Sendable {
    public let language: Language

    public init(_ language: Language) { self.language = language }

    public static let english = Texts(.en)

    /// The message for `key` with its `{placeholders}` filled from `arguments`. A key missing from the
    /// table shows as `⟦Catalogue.key⟧`, which the tests look for on every screen.
    public func callAsFunction<Key: TextCatalogue>(_ key: Key, _ arguments: [String: String] = [:]) -> String {
        guard let template = Key.table(language)[key] else { return Self.missing(key) }
        return Self.fill(template, arguments)
    }

    public static func missing<Key: TextCatalogue>(_ key: Key) -> String { "⟦\(Key.self).\(key.rawValue)⟧" }

    /// Replaces each `{name}` with its argument; a placeholder without one is left as it is.
    public static func fill(_ template: String, _ arguments: [String: String]) -> String {
        guard !arguments.isEmpty, template.contains("{") else { return template }
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { rest = rest[open...]; break }
            let name = String(rest[rest.index(after: open)..<close])
            if let value = arguments[name] { out += value } else { out += rest[open...close] }
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    /// The names of the `{placeholders}` in a template, for the tables' consistency test.
    public static func placeholders(in template: String) -> Set<String> {
        var names = Set<String>()
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            let name = rest[rest.index(after: open)..<close]
            if !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) { names.insert(String(name)) }
            rest = rest[rest.index(after: close)...]
        }
        return names
    }
}
