import Foundation

/// What a piece of the screen means; a theme says how each meaning looks (htop's colour schemes).
public enum Role: String, CaseIterable, Sendable {
    case title, border, field
    case fieldFocus = "field_focus"
    case hint, issued, rejected, unknown, error, badge, selection
}

/// A theme file could not be used. Every case names the file so the user knows what to fix.
public enum ThemeError: Error, Equatable, CustomStringConvertible, Sendable {
    case notFound(name: String, searched: [String])
    case unreadable(file: String)
    case invalid(file: String, reason: String)

    public var description: String {
        switch self {
        case .notFound(let name, let searched):
            return "theme '\(name)' not found; looked for \(searched.joined(separator: ", ")). "
                + "Shipped themes: \(ShippedThemes.names.joined(separator: ", "))"
        case .unreadable(let file):
            return "theme file \(file): cannot be read"
        case .invalid(let file, let reason):
            return "theme file \(file): \(reason)"
        }
    }
}

/// Semantic roles mapped to styles. Built from a theme JSON file:
///
///     {"name": "default", "roles": {"title": {"fg": "black", "bg": "cyan", "attrs": ["bold"]}, ...}}
///
/// `fg`/`bg` are "default", a colour name (black, red, …, bright_white) or 0–255; `attrs` any of
/// bold, dim, reverse, underline, italic. Every role must be present; unknown keys are errors, so a
/// typo never silently falls back.
public struct Theme: Equatable, Sendable {
    public var name: String
    public var styles: [Role: Style]

    public init(name: String, styles: [Role: Style]) {
        self.name = name; self.styles = styles
    }

    public subscript(role: Role) -> Style { styles[role] ?? .plain }

    /// Parses a theme file's bytes; `file` is only used to name it in errors.
    public static func parse(_ data: Data, file: String) throws(ThemeError) -> Theme {
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: data) } catch {
            throw .invalid(file: file, reason: "not valid JSON (\((error as NSError).localizedDescription))")
        }
        guard let top = object as? [String: Any] else { throw .invalid(file: file, reason: "expected a JSON object") }
        for key in top.keys where !["name", "description", "roles"].contains(key) {
            throw .invalid(file: file, reason: "unknown key '\(key)' (allowed: name, description, roles)")
        }
        guard let name = top["name"] as? String, !name.isEmpty else {
            throw .invalid(file: file, reason: "missing \"name\" (a string)")
        }
        guard let roles = top["roles"] as? [String: Any] else {
            throw .invalid(file: file, reason: "missing \"roles\" (an object mapping each role to a style)")
        }
        for key in roles.keys where Role(rawValue: key) == nil {
            throw .invalid(file: file, reason: "unknown role '\(key)' (roles: \(Role.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        var styles: [Role: Style] = [:]
        for role in Role.allCases {
            guard let entry = roles[role.rawValue] as? [String: Any] else {
                throw .invalid(file: file, reason: "role '\(role.rawValue)' is missing; every role needs a style")
            }
            styles[role] = try style(entry, role: role.rawValue, file: file)
        }
        return Theme(name: name, styles: styles)
    }

    private static func style(_ entry: [String: Any], role: String, file: String) throws(ThemeError) -> Style {
        for key in entry.keys where !["fg", "bg", "attrs"].contains(key) {
            throw .invalid(file: file, reason: "role '\(role)': unknown key '\(key)' (allowed: fg, bg, attrs)")
        }
        func color(_ key: String) throws(ThemeError) -> TerminalColor {
            guard let raw = entry[key] else { return .terminalDefault }
            let text = (raw as? String) ?? (raw as? NSNumber).map { "\($0.intValue)" } ?? ""
            guard let color = TerminalColor(name: text) else {
                throw .invalid(file: file, reason: "role '\(role)': \(key) '\(text)' is not a colour (default, a name such as red or bright_blue, or 0–255)")
            }
            return color
        }
        var attributes: TextAttributes = []
        if let raw = entry["attrs"] {
            guard let list = raw as? [String] else {
                throw .invalid(file: file, reason: "role '\(role)': attrs must be a list such as [\"bold\"]")
            }
            for word in list {
                guard let attribute = TextAttributes.names[word] else {
                    throw .invalid(file: file, reason: "role '\(role)': unknown attribute '\(word)' (bold, dim, reverse, underline, italic)")
                }
                attributes.formUnion(attribute)
            }
        }
        return Style(foreground: try color("fg"), background: try color("bg"), attributes: attributes)
    }
}

/// Finds the theme to use: `NO_COLOR` forces mono; a NAME is looked up first in the user's theme
/// directory (`$XDG_CONFIG_HOME/coupondesk/themes/NAME.json`, else `~/.config/coupondesk/themes/`),
/// then among the shipped themes; a value containing `/` or ending in `.json` is a file path.
/// File reading is injected so the rules are tested without touching the disk.
public enum ThemeSelection {
    public static let defaultName = "default"

    public static func userThemesDirectory(environment: [String: String]) -> String? {
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty { return xdg + "/coupondesk/themes" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.config/coupondesk/themes" }
        return nil
    }

    /// True when the user asked for no colour (https://no-color.org: present and not empty).
    public static func noColorRequested(environment: [String: String]) -> Bool {
        !(environment["NO_COLOR"] ?? "").isEmpty
    }

    public static func resolve(name requested: String?, environment: [String: String],
                               readFile: (String) -> Data?) throws(ThemeError) -> Theme {
        if noColorRequested(environment: environment) { return ShippedThemes.theme(named: "mono")! }
        let name = requested ?? defaultName
        if name.contains("/") || name.hasSuffix(".json") {
            guard let data = readFile(name) else { throw .unreadable(file: name) }
            return try Theme.parse(data, file: name)
        }
        var searched: [String] = []
        if let directory = userThemesDirectory(environment: environment) {
            let path = "\(directory)/\(name).json"
            searched.append(path)
            if let data = readFile(path) { return try Theme.parse(data, file: path) }
        }
        if let source = ShippedThemes.files[name] {
            return try Theme.parse(Data(source.utf8), file: "themes/\(name).json (shipped)")
        }
        searched.append("the shipped themes")
        throw .notFound(name: name, searched: searched)
    }
}
