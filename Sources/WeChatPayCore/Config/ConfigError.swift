import Foundation

/// A configuration problem: nothing is sent (exit 78). Each names the file, the key, and what to do.
public enum ConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No config file was given and none exists at the default place.
    case noConfig(searched: [String])
    case notFound(path: String)
    case unreadable(path: String, reason: String)
    case notJSON(path: String, detail: String)
    case unknownKey(path: String, key: String, suggestion: String?)
    case missingKey(path: String, key: String)
    /// A required key is missing, and the reason it is required is worth saying (a flavor's keys).
    case missingKeyBecause(path: String, key: String, reason: String)
    case wrongType(path: String, key: String, expected: String)
    case invalidValue(path: String, key: String, reason: String)
    /// A key or certificate file named by `key` cannot be used.
    case keyFile(key: String, problem: KeyError)

    public var description: String {
        switch self {
        case .noConfig(let searched):
            return "no config file: pass --config FILE, set COUPONDESK_CONFIG, or create \(searched.last ?? "~/.config/coupondesk/config.json") (see README, Configuration)"
        case .notFound(let p): return "config \(p): file not found"
        case .unreadable(let p, let r): return "config \(p): cannot read (\(r))"
        case .notJSON(let p, let d): return "config \(p): not a JSON object (\(d))"
        case .unknownKey(let p, let k, let s):
            return "config \(p): unknown key \"\(k)\"" + (s.map { " (did you mean \"\($0)\"?)" } ?? "") + "; remove or rename it"
        case .missingKey(let p, let k): return "config \(p): missing required key \"\(k)\""
        case .missingKeyBecause(let p, let k, let r): return "config \(p): missing required key \"\(k)\": \(r)"
        case .wrongType(let p, let k, let e): return "config \(p): \"\(k)\" must be \(e)"
        case .invalidValue(let p, let k, let r): return "config \(p): \"\(k)\": \(r)"
        case .keyFile(let k, let problem): return "config \(k): \(problem)"
        }
    }
}

/// Where the config and history files are (DESIGN §3).
public enum ConfigLocation {
    /// `--config`, else `$COUPONDESK_CONFIG`, else `$XDG_CONFIG_HOME/coupondesk/config.json`
    /// (`~/.config/coupondesk/config.json`). An explicitly named file must exist; the default place may
    /// be empty, which gives nil (the console then starts the demo; `send` reports `noConfig`).
    public static func configPath(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigError) -> String? {
        let cwd = FileManager.default.currentDirectoryPath
        if let explicit, !explicit.isEmpty {
            let path = absolute(explicit, relativeTo: cwd, environment: environment)
            guard FileManager.default.fileExists(atPath: path) else { throw .notFound(path: path) }
            return path
        }
        if let fromEnvironment = environment["COUPONDESK_CONFIG"], !fromEnvironment.isEmpty {
            let path = absolute(fromEnvironment, relativeTo: cwd, environment: environment)
            guard FileManager.default.fileExists(atPath: path) else { throw .notFound(path: path) }
            return path
        }
        let path = defaultConfigPath(environment: environment)
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    public static func defaultConfigPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let base = nonEmpty(environment["XDG_CONFIG_HOME"]) ?? (home(environment) + "/.config")
        return base + "/coupondesk/config.json"
    }

    /// Loads the config named by `--config`/`$COUPONDESK_CONFIG`/the default place; nil when there is
    /// none at the default place.
    public static func loadConfig(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigError) -> CouponDeskConfig? {
        guard let path = try configPath(explicit: explicit, environment: environment) else { return nil }
        return try CouponDeskConfig.load(path: path, environment: environment)
    }

    /// `--history`, else the config's `history_file`, else `$XDG_DATA_HOME/coupondesk/history.jsonl`
    /// (`~/.local/share/coupondesk/history.jsonl`).
    public static func historyPath(explicit: String?, config: CouponDeskConfig?,
                                   environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let explicit, !explicit.isEmpty {
            return absolute(explicit, relativeTo: FileManager.default.currentDirectoryPath, environment: environment)
        }
        if let configured = config?.historyFile { return configured }
        return dataDirectory(environment: environment) + "/history.jsonl"
    }

    /// `$XDG_DATA_HOME/coupondesk` (`~/.local/share/coupondesk`): where the default history (and the
    /// demo's separate history) live.
    public static func dataDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        (nonEmpty(environment["XDG_DATA_HOME"]) ?? (home(environment) + "/.local/share")) + "/coupondesk"
    }

    /// Resolves `~/...` against $HOME and a relative path against `folder`.
    public static func absolute(_ path: String, relativeTo folder: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if path == "~" { return home(environment) }
        if path.hasPrefix("~/") { return home(environment) + String(path.dropFirst(1)) }
        if path.hasPrefix("/") { return (path as NSString).standardizingPath }
        return ((folder as NSString).appendingPathComponent(path) as NSString).standardizingPath
    }

    /// localhost, 127.0.0.0/8 and ::1: the only hosts plain http may reach.
    public static func isLoopback(host: String) -> Bool {
        let h = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if h == "localhost" || h == "::1" || h == "0:0:0:0:0:0:0:1" { return true }
        let parts = h.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    static func home(_ environment: [String: String]) -> String {
        nonEmpty(environment["HOME"]) ?? NSHomeDirectory()
    }

    static func nonEmpty(_ s: String?) -> String? { (s?.isEmpty ?? true) ? nil : s }
}
