import Console
import CouponDeskText
import Foundation
import WeChatPayCore
import CouponHistory
import CouponSandbox

/// What the three `history` commands share: where the log is and how problems with it are reported.
enum HistoryCommandSupport {
    static let locationOptions: [OptionSpec] = [
        .value("--history", "FILE", .optionHistoryLog),
        .value("--config", "FILE", .optionConfigOfHistory),
    ]

    /// The log path: `--history`, else `history_file` of the config (`--config`, `$COUPONDESK_CONFIG`
    /// or the default place), else the XDG data default — core's resolver, so every command agrees.
    /// Nil after printing the problem when a config file is given but broken (the caller exits 78).
    static func historyPath(_ arguments: ParsedArguments, command: String) -> (path: String, usesDefault: Bool)? {
        if let explicit = arguments.value("--history") {
            return (ConfigLocation.historyPath(explicit: explicit, config: nil, environment: CommandContext.current.environment), false)
        }
        let config: CouponDeskConfig?
        do {
            config = try ConfigLocation.loadConfig(explicit: arguments.value("--config"), environment: CommandContext.current.environment)
        } catch {
            printError("coupondesk \(command): \(TerminalText.sanitize(cliText.configError(error)))")
            return nil
        }
        return (ConfigLocation.historyPath(explicit: nil, config: config, environment: CommandContext.current.environment), config == nil)
    }

    /// The reader of the log, or nil after printing why it cannot be read; `failure` is the exit code
    /// then (78 for a broken config, 1 for a log that cannot be read).
    static func openReader(_ arguments: ParsedArguments, command: String) -> Result<HistoryReader, OpenFailure> {
        guard let (path, usesDefault) = historyPath(arguments, command: command) else { return .failure(OpenFailure(code: .config)) }
        do {
            let reader = try HistoryReader(path: path)
            if usesDefault && !FileManager.default.fileExists(atPath: path) {
                // No config and no log yet: the sends so far were probably made in the demo.
                let demoLog = SandboxDirectory(path: DemoEnvironment.defaultPath()).historyPath
                if FileManager.default.fileExists(atPath: demoLog) {
                    printError("coupondesk \(command): " + cliText(CLIErrorText.noHistoryYet, ["path": TerminalText.sanitize(path),
                                                                                           "demoLog": TerminalText.sanitize(demoLog)]))
                }
            }
            return .success(reader)
        } catch {
            printError("coupondesk \(command): \(cliWords(error))")
            return .failure(OpenFailure(code: .failure))
        }
    }

    struct OpenFailure: Error {
        let code: ExitCode
    }

    /// Unreadable lines go to stderr: they were skipped, the file is untouched.
    static func reportUnreadable(_ reader: HistoryReader, command: String) {
        guard let summary = UnreadableLine.summary(reader.unreadableLines(), text: cliText) else { return }
        let scope = reader.isFullyIndexed ? "" : cliText(CLIErrorText.unreadableScope)
        printError("coupondesk \(command): " + cliText(CLIErrorText.unreadableLines, ["path": TerminalText.sanitize(reader.path), "summary": summary,
                                                                                  "scope": scope]))
    }
}
