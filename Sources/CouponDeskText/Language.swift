/// The languages CouponDesk speaks to a person. Machine interfaces (`--json`, the history log, CSV
/// headers, exit codes, option and command names) never change with it.
public enum Language: String, CaseIterable, Sendable {
    case en = "en"
    case zhHans = "zh-Hans"

    /// The values the config's `"language"` key accepts, as written there.
    public static var configValues: [String] { allCases.map(\.rawValue) }

    /// The locale variables consulted, in POSIX precedence: the first one set (non-empty) decides.
    public static let localeVariables = ["LC_ALL", "LC_MESSAGES", "LANG"]

    /// The config's language when it names one, else the locale's (`LC_ALL`, `LC_MESSAGES`, `LANG`:
    /// the first non-empty one; `zh…` is Chinese, read from the text alone so the locale need not be
    /// installed), else English.
    public static func resolve(configured: Language?, environment: [String: String]) -> Language {
        if let configured { return configured }
        for name in localeVariables {
            guard let value = environment[name], !value.isEmpty else { continue }
            return fromLocale(value)
        }
        return .en
    }

    /// `zh_CN.UTF-8`, `zh_TW`, `zh-Hans` → Chinese (the one Chinese this build has); anything else English.
    public static func fromLocale(_ value: String) -> Language {
        value.lowercased().hasPrefix("zh") ? .zhHans : .en
    }
}
