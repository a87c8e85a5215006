import CouponDeskText
import Console
import CouponSandbox
import Foundation
import WeChatPayCore

/// `coupondesk demo`: the console on the embedded sandbox (in-process, real signing and
/// verification), with its own history, a DEMO badge, and stocks that show every outcome.
enum DemoCommand: Command {
    static let spec = CommandSpec(
        name: "demo",
        summary: .demoSummary,
        positionals: [],
        options: [
            .value("--history", "FILE", .demoHistory),
            ConsoleLaunch.themeOption,
            DemoSendCommand.flavorOption,
        ],
        discussion: .demoDiscussion)

    static func run(_ arguments: ParsedArguments) async -> ExitCode {
        guard let flavor = DemoSendCommand.flavor(arguments, command: "coupondesk demo") else { return .usage }
        return await runDemo(history: arguments.value("--history"), theme: arguments.value("--theme"), flavor: flavor)
    }

    static func runDemo(history: String?, theme themeName: String?, flavor: APIFlavor = .partner) async -> ExitCode {
        // Nothing is created (not even the demo sandbox) unless the console can really start.
        let theme: Theme
        switch ConsoleLaunch.prepare(themeName: themeName, themeFromConfig: false, name: "coupondesk demo") {
        case .success(let chosen): theme = chosen
        case .failure(let stop): return stop.code
        }
        let demo: DemoEnvironment
        let config: CouponDeskConfig
        do {
            // First use generates RSA keys, a few seconds: say so rather than show a blank terminal.
            let path = DemoEnvironment.defaultPath(environment: CommandContext.current.environment)
            if !SandboxDirectory(path: path).exists {
                printError("coupondesk demo: " + cliText(SandboxText.creatingDemo, ["path": path]))
            }
            demo = try DemoEnvironment.open(environment: CommandContext.current.environment)
            config = try demo.loadConfig(flavor: flavor)
        } catch {
            printError("coupondesk demo: " + cliText(SandboxText.cannotOpenDemo, ["error": TerminalText.sanitize(String(describing: error))]))
            return .config
        }
        let historyPath = history.map {
            ConfigLocation.absolute($0, relativeTo: FileManager.default.currentDirectoryPath)
        } ?? demo.historyPath
        let guide = DemoData.guide(for: demo.configuration, text: cliText).split(separator: "\n").map(String.init)
        let setup = ConsoleLaunch.Setup(config: config, transport: demo.transport, historyPath: historyPath, isDemo: true,
                                        guide: guide)
        return await ConsoleLaunch.run(setup: setup, theme: theme, name: "coupondesk demo")
    }
}
