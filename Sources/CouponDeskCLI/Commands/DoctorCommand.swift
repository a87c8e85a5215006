import CouponSandbox
import Foundation
import WeChatPayCore

/// `coupondesk doctor`: what is wrong with this setup, before WeChat Pay says 401 SIGN_ERROR. Each line
/// ✓ / ⚠ / ✗ with what to do; the checks live in Doctor/.
enum DoctorCommand: Command {
    static let jsonFlag = OptionSpec.flag("--json", .optionJsonDoctor)

    static let spec = CommandSpec(
        name: "doctor",
        summary: .doctorSummary,
        positionals: [],
        options: [jsonFlag, ConfigResolution.configOption, ConfigResolution.historyOption],
        discussion: .doctorDiscussion)

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
        summary: .demoDoctorSummary,
        positionals: [],
        options: [DoctorCommand.jsonFlag, DemoSendCommand.flavorOption],
        discussion: .demoDoctorDiscussion)

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
                                                  description: Words(.demoInProcess, ["path": v(demo.directory.path)])))
        let lines = await Doctor.examine(subject, historyPath: demo.historyPath, world: world)
        return DoctorReport(configFile: subject.file, flavor: flavor, diagnoses: lines, configUnusable: false)
            .emit(json: arguments.has("--json"))
    }
}
