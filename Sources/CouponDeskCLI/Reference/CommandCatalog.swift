import CouponDeskText
import Console

/// The command line as the shell completions and the man page describe it, read from the registry:
/// the same specs that drive parsing and `--help`, so a command or option added there shows up in
/// every completion script and in the man page without being written down again.
struct CommandCatalog {
    struct Entry {
        let spec: CommandSpec
        /// What a user can type after the command's name: its spec's options, then `--help`, and for
        /// the bare command (the console) also `--version`.
        let options: [OptionSpec]
        var name: String { spec.name }
        var words: [String] { spec.name.split(separator: " ").map(String.init) }
    }

    /// A word that continues a command name, and what it leads to.
    struct NextWord: Equatable {
        let word: String
        let summary: String
    }

    let entries: [Entry]

    init(_ specs: [CommandSpec]) {
        entries = specs.map { spec in
            Entry(spec: spec, options: spec.options + [OptionSpec.helpFlag] + (spec.name.isEmpty ? [versionFlag] : []))
        }
    }

    /// The registry's commands.
    static var current: CommandCatalog { CommandCatalog(commands.map(\.spec)) }

    /// The named commands, longest name first: coupondesk runs the longest name its leading words spell.
    var longestFirst: [Entry] {
        entries.filter { !$0.name.isEmpty }.sorted { $0.words.count > $1.words.count }
    }

    /// The bare `coupondesk` (the console).
    var console: Entry? { entries.first { $0.name.isEmpty } }

    /// For every run of words that begins a command name (none included), the words that may come next,
    /// in registry order. A word that is itself a command carries its summary; one that only leads to
    /// subcommands lists them.
    var continuations: [(prefix: String, next: [NextWord])] {
        var order: [String] = []
        var next: [String: [NextWord]] = [:]
        for entry in entries where !entry.name.isEmpty {
            for depth in 0..<entry.words.count {
                let prefix = entry.words[..<depth].joined(separator: " ")
                let word = entry.words[depth]
                if next[prefix] == nil { order.append(prefix); next[prefix] = [] }
                if next[prefix]!.contains(where: { $0.word == word }) { continue }
                next[prefix]!.append(NextWord(word: word, summary: summary(of: (entry.words[..<depth] + [word]).joined(separator: " "))))
            }
        }
        return order.map { ($0, next[$0]!) }
    }

    /// A command's summary, or for a group word (`history`) the subcommands it leads to.
    private func summary(of name: String) -> String {
        if let entry = entries.first(where: { $0.name == name }) { return entry.spec.summaryText(.english) }
        let subcommands = entries.filter { $0.name.hasPrefix(name + " ") }.map { $0.words[name.split(separator: " ").count] }
        return "\(name) " + subcommands.joined(separator: "|")
    }

    /// The shipped theme names, which `--theme` completes besides the user's own themes.
    static var shippedThemes: [String] { ShippedThemes.names }
}
