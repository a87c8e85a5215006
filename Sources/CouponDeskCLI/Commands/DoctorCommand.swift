import CouponSandbox
import Foundation
import WeChatPayCore

/// `coupondesk doctor`: what is wrong with this setup, before WeChat Pay says 401 SIGN_ERROR. Each line
/// ✓ / ⚠ / ✗ with what to do; the checks live in Doctor/.
enum DoctorCommand: Command {
    static let jsonFlag = OptionSpec.flag("--json", "print one JSON object (each check's id, status, finding, advice, details) instead of the report")

    static let spec = CommandSpec(
        name: "doctor",
        summary: "Check the config, keys, network, clock and terminal: each line ✓ / ⚠ / ✗ with what to do",
        positionals: [],
        options: [jsonFlag, ConfigResolution.configOption, ConfigResolution.historyOption],
        discussion: """
        Checks, in order: the config loads; the flavor's keys (partner 服务商 / brand-direct 品牌直连);
        the private key file's permissions; the private key; the key pair and serial against the
        API certificate (merchant_certificate_file / brand_certificate_file, when given); each
        certificate's expiry (⚠ under 30 days, ✗ expired); the verification mode (platform
        certificates only: ⚠, new merchants get the WeChat Pay public key); the PUB_KEY_ID_ format and
        the public key file; DNS, TCP, TLS (https) and an HTTP answer from the base_url host, with
        timings; the clock against the server's Date header (⚠ over 60 s, ✗ at 300 s); one signed
        read-only call — the stock of the config's defaults — whose answer must verify with the
        configured key; the history file writable; the locale, TERM and colours.

        Nothing is sent that changes anything, and no secret is printed.
        Exit codes: 0 nothing failed (warnings allowed), 1 a check failed, 78 the config file is
        missing, unreadable or not JSON. `coupondesk demo doctor` checks the built-in demo.

        Example:
          coupondesk doctor --config /tmp/sbx/config.json
        """)

    static func run(_ arguments: ParsedArguments) async -> ExitCode {
        let environment = CommandContext.current.environment
        let subject: DoctorSubject
        switch DoctorSubject.load(explicit: arguments.value("--config"), environment: environment) {
        case .failure(let unusable):
            let file = try? ConfigLocation.configPath(explicit: arguments.value("--config"), environment: environment)
            return DoctorReport.unusable(unusable.error, file: file ?? nil).emit(json: arguments.has("--json"))
        case .success(let loaded):
            subject = loaded
        }
        let facts = subject.facts
        let historyPath = arguments.value("--history").map {
            ConfigLocation.absolute($0, relativeTo: FileManager.default.currentDirectoryPath, environment: environment)
        } ?? facts.historyFile ?? (ConfigLocation.dataDirectory(environment: environment) + "/history.jsonl")
        let world = DoctorWorld(
            environment: environment, clock: SystemClock(),
            reach: .network(probe: CurlConnectionProbe(connectTimeout: facts.connectTimeoutSeconds, totalTimeout: facts.timeoutSeconds),
                            transport: CurlTransport(connectTimeout: facts.connectTimeoutSeconds, totalTimeout: facts.timeoutSeconds)))
        let lines = await Doctor.examine(subject, historyPath: historyPath, world: world)
        return DoctorReport(configFile: subject.file, flavor: facts.unknownFlavor == nil ? facts.flavor : nil,
                            diagnoses: lines, configUnusable: false).emit(json: arguments.has("--json"))
    }
}

/// `coupondesk demo doctor`: the same checks on the built-in demo — its config, keys and history, and
/// the signed call answered by its in-process sandbox (there is no network to probe).
enum DemoDoctorCommand: Command {
    static let spec = CommandSpec(
        name: "demo doctor",
        summary: "The doctor's checks on the built-in demo sandbox (in-process: no network)",
        positionals: [],
        options: [DoctorCommand.jsonFlag, DemoSendCommand.flavorOption],
        discussion: """
        Checks the demo's config (config.json, or config-brand.json with --flavor brand), keys, history
        and the terminal, and makes the signed read-only call against the demo's sandbox. Exit codes as
        `coupondesk doctor`.
        """)

    static func run(_ arguments: ParsedArguments) async -> ExitCode {
        guard let flavor = DemoSendCommand.flavor(arguments, command: "coupondesk demo doctor") else { return .usage }
        let environment = CommandContext.current.environment
        let demo: DemoEnvironment
        do {
            if !SandboxDirectory(path: DemoEnvironment.defaultPath(environment: environment)).exists {
                printError("coupondesk demo doctor: creating the demo sandbox in \(DemoEnvironment.defaultPath(environment: environment)) (first use; a few seconds)…")
            }
            demo = try DemoEnvironment.open(environment: environment)
        } catch {
            printError("coupondesk demo doctor: cannot open the demo sandbox: \(TerminalText.sanitize(String(describing: error)))")
            return .config
        }
        let subject: DoctorSubject
        switch DoctorSubject.load(path: demo.configPath(flavor: flavor), environment: environment) {
        case .failure(let unusable):
            return DoctorReport.unusable(unusable.error, file: demo.configPath(flavor: flavor)).emit(json: arguments.has("--json"))
        case .success(let loaded):
            subject = loaded
        }
        let world = DoctorWorld(environment: environment, clock: SystemClock(),
                                reach: .inProcess(transport: demo.transport,
                                                  description: "the demo's sandbox runs inside coupondesk (\(demo.directory.path)): no network to check"))
        let lines = await Doctor.examine(subject, historyPath: demo.historyPath, world: world)
        return DoctorReport(configFile: subject.file, flavor: flavor, diagnoses: lines, configUnusable: false)
            .emit(json: arguments.has("--json"))
    }
}
