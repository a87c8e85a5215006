import Foundation
import WeChatPayCore

/// The embedded demo: a sandbox under `$XDG_DATA_HOME/coupondesk/demo` (`~/.local/share/...`),
/// created on first use, served in-process. A caller loads `configPath` with the ordinary config
/// loader, sends through `transport`, and writes history to `historyPath` (kept apart from the live
/// history). Every request is signed and every response verified, exactly as against WeChat Pay.
public struct DemoEnvironment: Sendable {
    /// The demo config's base_url: a reserved `.invalid` host, so the demo config can never reach a
    /// real network by accident; the in-process transport ignores the host.
    public static let baseURL = "https://sandbox.coupondesk.invalid"
    /// The client waits this long in the demo; the demo's `fault-timeout-` delay is longer.
    public static let timeoutSeconds: Double = 2
    public static let delayMilliseconds = 2_500

    public let directory: SandboxDirectory
    public let engine: SandboxEngine
    public let transport: InProcessTransport
    /// True when this call created the demo sandbox (first use).
    public let created: Bool

    /// The client config.json of the demo sandbox (DESIGN §3 keys, paths relative to it).
    public var configPath: String { directory.clientConfigPath }

    /// The demo's client config of `flavor`: config.json (partner) or config-brand.json (brand-direct).
    public func configPath(flavor: APIFlavor) -> String { directory.clientConfigPath(flavor: flavor) }
    /// The demo's own history log.
    public var historyPath: String { directory.historyPath }
    public var configuration: SandboxConfiguration { engine.configuration }

    /// The demo's client config, through the ordinary loader (so the demo proves the same path a
    /// real config takes). Build the client with `config.makeClientConfiguration()` and `transport`.
    public func loadConfig(flavor: APIFlavor = .partner) throws(ConfigError) -> CouponDeskConfig {
        try CouponDeskConfig.load(path: configPath(flavor: flavor))
    }

    /// `$XDG_DATA_HOME/coupondesk/demo`, else `$HOME/.local/share/coupondesk/demo`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let base: String
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            base = xdg
        } else {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            base = (home as NSString).appendingPathComponent(".local/share")
        }
        return (base as NSString).appendingPathComponent("coupondesk/demo")
    }

    /// Opens the demo sandbox at `path` (default: `defaultPath()`), creating it on first use.
    public static func open(path: String? = nil,
                            environment: [String: String] = ProcessInfo.processInfo.environment,
                            clock: any Clock = SystemClock()) throws -> DemoEnvironment {
        let directory = SandboxDirectory(path: path ?? defaultPath(environment: environment))
        let created = try createIfMissing(directory)
        // A demo made before the brand flavor gains its brand-direct caller (once, a second or so).
        try directory.addBrandDirectIfMissing()
        let engine = try SandboxEngine(directory: directory, clock: clock)
        let timeout = (try? clientTimeout(directory)) ?? timeoutSeconds
        return DemoEnvironment(directory: directory, engine: engine,
                               transport: InProcessTransport(engine: engine, timeout: timeout), created: created)
    }

    /// Builds the sandbox in a temporary sibling and renames it into place, so two consoles starting
    /// at once never see half a sandbox: the loser of the rename uses the winner's.
    private static func createIfMissing(_ directory: SandboxDirectory) throws -> Bool {
        if directory.exists { return false }
        let parent = (directory.path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true,
                                                 attributes: [.posixPermissions: 0o700])
        let staging = directory.path + ".creating-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: staging) }
        try SandboxDirectory.create(at: staging, baseURL: baseURL, timeoutSeconds: timeoutSeconds) {
            $0.faults = DemoData.faults(delayMilliseconds: delayMilliseconds)
        }
        if rename(staging, directory.path) == 0 { return true }
        if directory.exists { return false }
        throw SandboxError.io(directory.path, "cannot create the demo sandbox (\(String(cString: strerror(errno))))")
    }

    private static func clientTimeout(_ directory: SandboxDirectory) throws -> Double? {
        let data = try Data(contentsOf: URL(fileURLWithPath: directory.clientConfigPath))
        return ((try JSONSerialization.jsonObject(with: data)) as? [String: Any])?["timeout_seconds"] as? Double
    }
}
