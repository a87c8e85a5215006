import Foundation

/// The state as journal lines: one line per committed request, the keys it set or removed in each table.
///
/// A line is `{"c":[{"t":TABLE,"k":KEY,"v":VALUE},…]}`; a change without `v` removes the key. Every
/// change sets a whole value (never "add one"), so replaying a line twice leaves the same state: a
/// crash between rewriting state.json and emptying the journal is harmless.
extension SandboxState {
    /// The journal line of everything changed since the last take (nil: nothing changed), ending in
    /// `\n`; recording starts afresh.
    mutating func takeJournalLine() throws -> Data? {
        var collector = ChangeCollector()
        try visitTables(&collector)
        // Every table's changes are taken before a value that cannot be written is reported.
        if let error = collector.error { throw error }
        guard !collector.changes.isEmpty else { return nil }
        collector.changes.sort { ($0.table, $0.key) < ($1.table, $1.key) }
        var line = JournalJSON()
        line.bytes.reserveCapacity(collector.changes.reduce(64) { $0 + 32 + $1.key.utf8.count + ($1.value?.count ?? 0) })
        line.append(raw: "{\"c\":[")
        for (index, change) in collector.changes.enumerated() {
            if index > 0 { line.append(raw: ",") }
            line.append(raw: "{\"t\":")
            line.append(string: change.table)
            line.append(raw: ",\"k\":")
            line.append(string: change.key)
            if let value = change.value {
                line.append(raw: ",\"v\":")
                line.bytes.append(contentsOf: value)
            }
            line.append(raw: "}")
        }
        line.append(raw: "]}\n")
        return line.bytes.withUnsafeBufferPointer { Data(buffer: $0) }
    }

    /// Starts recording afresh without writing anything down (a state kept in memory only).
    mutating func forgetChanges() {
        var forgetter = ChangeForgetter()
        try? visitTables(&forgetter)
    }

    /// Puts back everything changed since the last take (a transaction that threw).
    mutating func undoChanges() {
        var undo = ChangeUndoer()
        try? visitTables(&undo)
    }

    /// Applies one journal line (without its newline).
    mutating func replay(line: some DataProtocol) throws {
        let decoded = try JSONDecoder().decode(DecodedLine.self, from: Data(line))
        var applier = ChangeApplier(byTable: Dictionary(grouping: decoded.changes, by: \.table))
        try visitTables(&applier)
    }

    /// Applies every complete line of `bytes` (journal bytes read from a line start); returns how many
    /// bytes that was. Bytes after the last newline are a line a crash cut short: never acknowledged,
    /// so ignored. Throws, naming `path` and the offset, on a complete line that does not decode.
    mutating func replay(journal bytes: Data, startingAt offset: Int, path: String) throws -> Int {
        var start = bytes.startIndex
        while let newline = bytes[start...].firstIndex(of: 0x0A) {
            let line = bytes[start..<newline]
            if !line.isEmpty {
                do { try replay(line: line) } catch {
                    throw SandboxError.invalidFile(path, "unreadable journal line at byte \(offset + (start - bytes.startIndex))")
                }
            }
            start = newline + 1
        }
        return start - bytes.startIndex
    }

    /// Loads `path` (state.json) and replays the journal beside it: the state as the last request left
    /// it. A missing file is an empty state. For readers outside a running engine (tests, diagnostics);
    /// the engine itself reads through `SandboxStore`, under the lock.
    public static func load(path: String) throws -> SandboxState {
        var state = try loadCompacted(path: path)
        let journal = journalPath(forStatePath: path)
        if let bytes = FileManager.default.contents(atPath: journal) {
            _ = try state.replay(journal: bytes, startingAt: 0, path: journal)
        }
        return state
    }

    /// state.json alone, without the journal; an empty state when it does not exist yet.
    static func loadCompacted(path: String) throws -> SandboxState {
        guard FileManager.default.fileExists(atPath: path) else { return SandboxState() }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw SandboxError.io(path, "cannot read (\((error as NSError).localizedDescription))")
        }
        do { return try JSONDecoder().decode(SandboxState.self, from: data) } catch let error as DecodingError {
            throw SandboxError.invalidFile(path, describe(error))
        }
    }

    /// Rewrites state.json whole (temporary file, fsync, rename, directory fsync).
    func save(path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        try AtomicFile.write(try encoder.encode(self), to: path, mode: 0o600)
    }

    /// `state.journal` beside `state.json`.
    static func journalPath(forStatePath path: String) -> String {
        (path as NSString).deletingPathExtension + ".journal"
    }
}

/// The changes of a line being taken: table, key, and the new value's JSON (absent: removed). Written
/// `{"t":TABLE,"k":KEY,"v":VALUE}`, sorted by table then key, as the line's `c` list. A value that
/// cannot be written is kept as `error`, and the walk goes on taking every table's changes.
private struct ChangeCollector: JournaledTableVisitor {
    var changes: [(table: String, key: String, value: [UInt8]?)] = []
    var error: (any Error)?

    mutating func visit<Value: JournalValue>(_ name: String, _ table: inout JournaledTable<Value>) {
        for (key, value) in table.takeChanges() {
            var json: [UInt8]? = nil
            if let value, error == nil {
                var out = JournalJSON()
                do { try value.appendJournalJSON(to: &out) } catch { self.error = error }
                json = out.bytes
            }
            changes.append((name, key, json))
        }
    }
}

private struct ChangeForgetter: JournaledTableVisitor {
    mutating func visit<Value>(_ name: String, _ table: inout JournaledTable<Value>) { _ = table.takeChanges() }
}

private struct ChangeUndoer: JournaledTableVisitor {
    mutating func visit<Value>(_ name: String, _ table: inout JournaledTable<Value>) { table.undoChanges() }
}

/// One change as read back: its value already decoded as its table's type.
private struct DecodedChange: @unchecked Sendable {
    // Unchecked: `value` is a decoded table value, each of which is Sendable.
    let table: String
    let key: String
    let value: Any?
}

/// Decodes a line's changes, each value as the type of the table it names.
private struct DecodedLine: Decodable {
    let changes: [DecodedChange]

    enum LineKeys: String, CodingKey { case c }
    enum ChangeKeys: String, CodingKey { case t, k, v }

    /// Per table name, how to decode its values: built once by visiting an empty state's tables.
    static let decoders: [String: @Sendable (KeyedDecodingContainer<ChangeKeys>) throws -> Any?] = {
        var registry = DecoderRegistry()
        var empty = SandboxState()
        try? empty.visitTables(&registry)
        return registry.decoders
    }()

    struct DecoderRegistry: JournaledTableVisitor {
        var decoders: [String: @Sendable (KeyedDecodingContainer<ChangeKeys>) throws -> Any?] = [:]
        mutating func visit<Value>(_ name: String, _ table: inout JournaledTable<Value>) {
            decoders[name] = { try $0.decodeIfPresent(Value.self, forKey: .v) }
        }
    }

    init(from decoder: any Decoder) throws {
        var list = try decoder.container(keyedBy: LineKeys.self).nestedUnkeyedContainer(forKey: .c)
        var changes: [DecodedChange] = []
        while !list.isAtEnd {
            let change = try list.nestedContainer(keyedBy: ChangeKeys.self)
            let table = try change.decode(String.self, forKey: .t)
            guard let decode = Self.decoders[table] else {
                throw DecodingError.dataCorruptedError(forKey: .t, in: change, debugDescription: "unknown table \(table)")
            }
            changes.append(DecodedChange(table: table, key: try change.decode(String.self, forKey: .k), value: try decode(change)))
        }
        self.changes = changes
    }
}

private struct ChangeApplier: JournaledTableVisitor {
    let byTable: [String: [DecodedChange]]
    mutating func visit<Value>(_ name: String, _ table: inout JournaledTable<Value>) {
        for change in byTable[name] ?? [] { table.replay(key: change.key, value: change.value as? Value) }
    }
}
