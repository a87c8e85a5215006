import Foundation

/// A dictionary whose mutations are recorded, so that a transaction can be written as the change it
/// made (the keys it set or removed, with their new values) rather than as the whole table, and undone
/// when it throws. Every stored table of `SandboxState` is one of these (see `SandboxState.visitTables`).
///
/// Encodes as the plain dictionary (state.json's format); equality compares the contents only.
public struct JournaledTable<Value: Codable & Equatable & Sendable>: Sendable, Equatable, Codable {
    public private(set) var dictionary: [String: Value]
    /// Each key changed since the last `takeChanges`/`undoChanges`, with the value it had before.
    private var before: [String: Value?] = [:]

    public init(_ dictionary: [String: Value] = [:]) { self.dictionary = dictionary }

    public init(from decoder: any Decoder) throws {
        dictionary = try decoder.singleValueContainer().decode([String: Value].self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(dictionary)
    }

    public static func == (a: Self, b: Self) -> Bool { a.dictionary == b.dictionary }

    public subscript(key: String) -> Value? {
        get { dictionary[key] }
        set {
            noteChange(of: key)
            dictionary[key] = newValue
        }
    }

    public subscript(key: String, default value: @autoclosure () -> Value) -> Value {
        get { dictionary[key] ?? value() }
        set { self[key] = newValue }
    }

    public var count: Int { dictionary.count }
    public var isEmpty: Bool { dictionary.isEmpty }
    public var keys: Dictionary<String, Value>.Keys { dictionary.keys }
    public var values: Dictionary<String, Value>.Values { dictionary.values }

    /// Removes (and records the removal of) every entry `shouldRemove` picks.
    mutating func removeAll(where shouldRemove: (Value) -> Bool) {
        // Keys first: removing while iterating would copy the whole table.
        let doomed = dictionary.compactMap { shouldRemove($0.value) ? $0.key : nil }
        for key in doomed { self[key] = nil }
    }

    private mutating func noteChange(of key: String) {
        if before.index(forKey: key) == nil { before[key] = .some(dictionary[key]) }
    }

    /// The keys that differ from what they were at the last take or undo, with their values now (nil:
    /// removed), in no particular order; starts recording afresh.
    mutating func takeChanges() -> [(key: String, value: Value?)] {
        defer { before.removeAll(keepingCapacity: true) }
        return before.compactMap { key, old in
            let now = dictionary[key]
            return now == old ? nil : (key, now)
        }
    }

    /// Puts back every key changed since the last take or undo.
    mutating func undoChanges() {
        for (key, old) in before { dictionary[key] = old }
        before.removeAll(keepingCapacity: true)
    }

    /// Sets a key as a replayed change says, without recording it (it is already in the journal).
    mutating func replay(key: String, value: Value?) { dictionary[key] = value }
}

/// Something that walks every journaled table of a state, by a stable name (the name is what the
/// journal's lines carry, so it must never change once written). Every table's values can be written
/// into a journal line (`JournalValue`).
protocol JournaledTableVisitor {
    mutating func visit<Value: JournalValue>(_ name: String, _ table: inout JournaledTable<Value>) throws
}
