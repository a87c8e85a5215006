import CouponDeskText
import Console
import CouponSandbox
import Foundation
import WeChatPayCore

/// `coupondesk [--config FILE] [--history FILE] [--theme NAME]`: the console. With no config file
/// anywhere it opens the demo sandbox instead, so a newcomer sees something working at once.
enum ConsoleCommand: Command {
    static let spec = CommandSpec(
        name: "",
        summary: .consoleSummary,
        positionals: [],
        options: [
            ConfigResolution.configOption,
            .value("--history", "FILE", .consoleHistory),
            ConsoleLaunch.themeOption,
        ],
        discussion: .consoleDiscussion)

    static func run(_ arguments: ParsedArguments) async -> ExitCode {
        let config: CouponDeskConfig?
        do {
            config = try ConfigLocation.loadConfig(explicit: arguments.value("--config"), environment: CommandContext.current.environment)
        } catch {
            printError("coupondesk: \(TerminalText.sanitize(cliText.configError(error)))")
            return .config
        }
        guard let config else {
            return await DemoCommand.runDemo(history: arguments.value("--history"), theme: arguments.value("--theme"))
        }
        let theme: Theme
        switch ConsoleLaunch.prepare(themeName: arguments.value("--theme") ?? config.theme,
                                     themeFromConfig: arguments.value("--theme") == nil, name: "coupondesk") {
        case .success(let chosen): theme = chosen
        case .failure(let stop): return stop.code
        }
        let setup = ConsoleLaunch.Setup(config: config, transport: config.makeTransport(),
                                        historyPath: ConfigLocation.historyPath(explicit: arguments.value("--history"), config: config, environment: CommandContext.current.environment),
                                        isDemo: false)
        return await ConsoleLaunch.run(setup: setup, theme: theme, name: "coupondesk")
    }
}
