import CouponDeskText

/// What is wrong with a field's value (PROTOCOL §1), as a value: the front ends word it in their
/// language by `kind`'s raw value; `description` is the English wording (logs, errors of the core).
public struct FieldProblem: Equatable, Sendable, Describable {
    public enum Kind: String, CaseIterable, Sendable {
        /// Holds U+FFFD, the mark of a byte that was not UTF-8 text.
        case notUTF8 = "not_utf8"
        case required
        /// Required, and the rule is worth repeating (send_request_no).
        case requiredWithRule = "required_with_rule"
        case outsideCharacterSet = "outside_character_set"
        /// Too long (or, for send_request_no, too short): `count` is what was given.
        case length
        case controlCharacters = "control_characters"
        case notPrintableASCII = "not_printable_ascii"
        /// `.` or `..` as an openid: a dot-segment in the URL path.
        case dotSegment = "dot_segment"
    }

    public let field: PreSendField
    public let kind: Kind
    public let count: Int?
    /// The value found wanting (for the dot-segment wording).
    public let value: String

    /// The problem in English words, from the same table the front ends word it in (`FieldProblemText`).
    public var description: String { describe(.english) }

    public func describe(_ text: Texts) -> String {
        text.fieldProblem(kind: kind.rawValue, field: field.rawValue, count: count, value: value)
    }
}
