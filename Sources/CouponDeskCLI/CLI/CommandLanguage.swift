import Console
import CouponDeskText
import Foundation
import WeChatPayCore

/// The language a command line speaks to a person: the config's `"language"`, else the locale's
/// (`Language.resolve`). Resolved once per command line, before its arguments are parsed, so even
/// `--help` and a usage error follow it; machine output (`--json`, the log, CSV) never depends on it.
enum CommandLanguage {
    @TaskLocal static var current: Language = .en

    /// The config named by `--config` (or `$COUPONDESK_CONFIG`, or the default place) is read for its
    /// `"language"` only: a config that does not load is reported by the command that loads it.
    static func resolve(arguments: [String], environment: [String: String]) -> Language {
        Language.resolve(configured: configured(explicit: explicitConfig(arguments), environment: environment), environment: environment)
    }

    static func explicitConfig(_ arguments: [String]) -> String? {
        for (index, argument) in arguments.enumerated() {
            if argument == "--" { break }
            if argument == "--config", index + 1 < arguments.count { return arguments[index + 1] }
            if argument.hasPrefix("--config=") { return String(argument.dropFirst("--config=".count)) }
        }
        return nil
    }

    static func configured(explicit: String?, environment: [String: String]) -> Language? {
        guard let path = try? ConfigLocation.configPath(explicit: explicit, environment: environment),
              let data = FileManager.default.contents(atPath: path),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let value = object["language"] as? String else { return nil }
        return Language(rawValue: value)
    }
}

/// The messages of the command line's language.
var cliText: Texts { Texts(CommandLanguage.current) }

/// An error in the command line's language when it has its words (`Describable`: the history log's,
/// a key file's, the network's), else as it says; sanitised for the terminal.
func cliWords(_ error: any Error) -> String { TerminalText.sanitize(Phrase(describing: error).describe(cliText)) }

/// A warning the config's loading gave (a private key others can read), in the command line's language.
func cliWarning(_ english: String) -> String { TerminalText.sanitize(cliText.reword(english, KeyFileText.self)) }

/// `text` padded with spaces to `width` terminal cells (a CJK character takes two).
func padded(_ text: String, _ width: Int) -> String {
    let used = CharacterWidth.of(text)
    return used >= width ? text : text + String(repeating: " ", count: width - used)
}

/// `  key  value` lines, keys padded to one width by terminal cells, empty values left out.
func labelledRows(_ pairs: [(String, String?)], indent: String = "  ") -> [String] {
    let shown = pairs.compactMap { key, value in value.flatMap { $0.isEmpty ? nil : (key, $0) } }
    let width = shown.map { CharacterWidth.of($0.0) }.max() ?? 0
    return shown.map { indent + padded($0.0, width) + "  " + $0.1 }
}
