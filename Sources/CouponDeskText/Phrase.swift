/// Something the lower layers say to a person — a refusal's detail, an error, a notice — that must
/// reach the screen in the reader's language. `describe(_:)` words it; `description` stays the English
/// wording, which logs and the English tests read.
public protocol Describable: CustomStringConvertible {
    func describe(_ text: Texts) -> String
}

extension Describable {
    public var description: String { describe(.english) }
}

/// Words already rendered in every language: what a value carries when its source is gone by the
/// time it is shown (an error caught as `any Error`, a notice handed up through a callback).
/// Text that has no translation (an OpenSSL or a system error) is `verbatim`, the same in every
/// language.
public struct Phrase: Describable, Equatable, Hashable, Sendable, ExpressibleByStringLiteral {
    private let english: String
    private let chinese: String

    /// Renders `words` once per language now.
    public init(_ words: (Texts) -> String) {
        english = words(Texts(.en))
        chinese = words(Texts(.zhHans))
    }

    public init(verbatim: String) { english = verbatim; chinese = verbatim }

    public init(stringLiteral value: String) { self.init(verbatim: value) }

    /// An error's words: its own in every language when it is `Describable`, else its English text.
    public init(describing error: any Error) {
        if let described = error as? any Describable { self.init(described.describe) }
        else { self.init(verbatim: String(describing: error)) }
    }

    public func describe(_ text: Texts) -> String {
        switch text.language {
        case .en: return english
        case .zhHans: return chinese
        }
    }

    public var description: String { english }
}
