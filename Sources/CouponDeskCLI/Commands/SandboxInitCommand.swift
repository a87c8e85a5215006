import CouponDeskText
import CouponSandbox
import Foundation
import WeChatPayCore

/// `coupondesk sandbox init DIR`: a ready sandbox with fresh keys, demo data and a client config.
enum SandboxInitCommand: Command {
    static let spec = CommandSpec(
        name: "sandbox init",
        summary: .sandboxInitSummary,
        positionals: ["DIR"],
        options: [],
        discussion: .sandboxInitDiscussion)

    static func run(_ arguments: ParsedArguments) async -> ExitCode {
        let path = arguments.positionals[0]
        do {
            let directory = try SandboxDirectory.create(at: path)
            let configuration = try directory.loadConfiguration()
            printOut(cliText(SandboxText.sandboxCreated, ["path": directory.path, "partnerConfig": directory.clientConfigPath,
                                                          "brandConfig": directory.brandClientConfigPath])
                     + "\n\n" + DemoData.guide(for: configuration, text: cliText)
                     + cliText(SandboxText.startItWith, ["path": directory.path]))
            return .ok
        } catch let error as SandboxError {
            printError("coupondesk sandbox init: \(TerminalText.sanitize(error.description))")
            if case .alreadyInitialised = error { return .usage }
            return .failure
        } catch {
            printError("coupondesk sandbox init: \(TerminalText.sanitize(String(describing: error)))")
            return .failure
        }
    }
}
