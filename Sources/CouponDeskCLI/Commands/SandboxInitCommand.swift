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
            printOut("""
            Sandbox created in \(directory.path)
              sandbox.json  brands, stocks, faults (edit to taste)
              config.json        partner (服务商) client config: coupondesk --config \(directory.clientConfigPath)
              config-brand.json  brand-direct (品牌直连) client config: coupondesk --config \(directory.brandClientConfigPath)
              keys               merchant_private_key.pem, brand_private_key.pem and wechatpay_private_key.pem are 0600

            \(DemoData.guide(for: configuration))
            Start it with: coupondesk sandbox serve \(directory.path)
            """)
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
