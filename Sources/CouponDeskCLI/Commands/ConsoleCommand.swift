import Console
import CouponSandbox
import Foundation
import WeChatPayCore

/// `coupondesk [--config FILE] [--history FILE] [--theme NAME]`: the console. With no config file
/// anywhere it opens the demo sandbox instead, so a newcomer sees something working at once.
enum ConsoleCommand: Command {
    static let spec = CommandSpec(
        name: "",
        summary: "The console: fill a form, send, browse the history (the demo when no config exists)",
        positionals: [],
        options: [
            ConfigResolution.configOption,
            .value("--history", "FILE", "history log (default: the config's history_file, else $XDG_DATA_HOME/coupondesk/history.jsonl)"),
            ConsoleLaunch.themeOption,
        ],
        discussion: """
        Keys: Tab/Shift-Tab move, Ctrl-S sends, Ctrl-N starts the next send, F1 or ? lists every key,
        F10, Ctrl-Q or Ctrl-C quit. User themes: $XDG_CONFIG_HOME/coupondesk/themes/NAME.json
        (~/.config/coupondesk/themes/). NO_COLOR forces the mono theme.
        """)

    static func run(_ arguments: ParsedArguments) async -> ExitCode {
        let config: CouponDeskConfig?
        do {
            config = try ConfigLocation.loadConfig(explicit: arguments.value("--config"), environment: CommandContext.current.environment)
        } catch {
            printError("coupondesk: \(TerminalText.sanitize(error.description))")
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
