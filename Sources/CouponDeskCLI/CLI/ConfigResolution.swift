import Console
import CouponDeskText
import Foundation
import WeChatPayCore

/// Finding and loading the config and the history log for a command (DESIGN §3). Every command that
/// talks to WeChat Pay takes `--config FILE`; every command that touches the log takes `--history FILE`.
enum ConfigResolution {
    static let configOption = OptionSpec.value("--config", "FILE", .optionConfig)
    static let historyOption = OptionSpec.value("--history", "FILE", .optionHistory)

    /// What a sending command needs: the config, the client built from it, and the transport.
    struct Live {
        let config: CouponDeskConfig
        let client: ClientConfiguration
        let transport: CurlTransport
        /// Every send through a config file is live (see `SendMode.live`).
        var mode: SendMode { .live }
        /// The config's operator, else the login name (`OperatorName`).
        var operatorName: String? { OperatorName.resolve(configured: config.operator) }
    }

    /// The config, which must exist, with its keys loaded. Problems are printed; the caller exits 78.
    static func loadLive(_ arguments: ParsedArguments, command: String) -> Live? {
        do {
            guard let config = try ConfigLocation.loadConfig(explicit: arguments.value("--config"), environment: CommandContext.current.environment) else {
                throw ConfigError.noConfig(searched: [ConfigLocation.defaultConfigPath(environment: CommandContext.current.environment)])
            }
            let client = try config.makeClientConfiguration(warn: { printError("coupondesk \(command): \(cliWarning($0))") })
            return Live(config: config, client: client, transport: config.makeTransport())
        } catch {
            let said = (error as? ConfigError).map(cliText.configError) ?? String(describing: error)
            printError("coupondesk \(command): \(TerminalText.sanitize(said))\ncoupondesk \(command): " + cliText(CLIErrorText.configError))
            return nil
        }
    }

    /// The history file of `--history`, else the config's, else the XDG default.
    static func historyPath(_ arguments: ParsedArguments, config: CouponDeskConfig?) -> String {
        ConfigLocation.historyPath(explicit: arguments.value("--history"), config: config, environment: CommandContext.current.environment)
    }
}
