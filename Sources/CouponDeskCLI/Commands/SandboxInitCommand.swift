import CouponSandbox
import Foundation
import WeChatPayCore

/// `coupondesk sandbox init DIR`: a ready sandbox with fresh keys, demo data and a client config.
enum SandboxInitCommand: Command {
    static let spec = CommandSpec(
        name: "sandbox init",
        summary: "Create a local WeChat Pay sandbox: fresh RSA-2048 keys, demo stocks and faults, and client configs for both flavors",
        positionals: ["DIR"],
        options: [],
        discussion: """
        Creates DIR (if needed) with merchant_private_key.pem (0600), merchant_public_key.pem,
        brand_private_key.pem (0600), brand_public_key.pem, wechatpay_private_key.pem (0600),
        wechatpay_public_key.pem, sandbox.json (brands, stocks, faults — edit it to taste), and two
        client configs: config.json (partner, 服务商) and config-brand.json (brand-direct, 品牌直连).
        The sandbox serves both flavors at once, on the same stocks.
        Then run `coupondesk sandbox serve DIR` and send against it.

        Example:
          coupondesk sandbox init /tmp/sbx && coupondesk sandbox serve /tmp/sbx &
          coupondesk send --config /tmp/sbx/config.json --openid o-demo-1 --brand-id 120344 \\
            --product-coupon-id 1000000013 --stock-id 1000000013001 --appid wx233544546545989
          coupondesk send --config /tmp/sbx/config-brand.json --openid o-demo-2 \\
            --product-coupon-id 1000000013 --stock-id 1000000013001 --appid wx233544546545989
        """)

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
