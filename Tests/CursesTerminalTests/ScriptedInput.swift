@testable import CursesTerminal
import Console

/// A scripted `wgetch`: each entry is what one read returns; a nil entry is a read that timed out
/// (the user paused), and the end of the script is silence. Records how long each read could wait.
final class ScriptedInput {
    private var script: [RawInput?]
    private var position = 0
    private(set) var waits: [Int] = []

    init(_ script: [RawInput?]) { self.script = script }

    convenience init(bytes: [UInt8]) { self.init(bytes.map { RawInput.byte($0) }) }

    func read(_ wait: Int) -> RawInput? {
        waits.append(wait)
        guard position < script.count else { return nil }
        defer { position += 1 }
        return script[position]
    }

    var isFinished: Bool { position >= script.count }

    /// Everything the decoder makes of the script, up to its end.
    static func decodeAll(_ script: [RawInput?]) -> [InputDecoder.Decoded] {
        let input = ScriptedInput(script)
        let decoder = InputDecoder(read: input.read)
        var out: [InputDecoder.Decoded] = []
        while !input.isFinished {
            if let decoded = decoder.next(timeoutMilliseconds: 0) { out.append(decoded) }
        }
        while let decoded = decoder.next(timeoutMilliseconds: 0) { out.append(decoded) }
        return out
    }

    static func decodeAll(bytes: [UInt8]) -> [InputDecoder.Decoded] { decodeAll(bytes.map { RawInput.byte($0) }) }
}

extension Array where Element == InputDecoder.Decoded {
    /// Characters as a string; any other key as ⟨label⟩.
    var text: String {
        map { decoded -> String in
            switch decoded {
            case .key(.character(let c)): return String(c)
            case .key(let key): return "⟨\(key.label)⟩"
            case .resize: return "⟨resize⟩"
            }
        }.joined()
    }
}
