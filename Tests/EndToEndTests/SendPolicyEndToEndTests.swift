import CouponSandbox
import Foundation
import Testing
import WeChatPayCore

/// The send policy through the real binary (issue 9, items 1, 3 and 14): what `send`, `resend` and
/// `demo send` refuse, and who they record as the operator.
@Suite struct SendPolicyEndToEndTests {
    @Test func withoutUSERAndLOGNAMETheOperatorIsTheLoginNameFromThePasswordDatabase() async throws {
        let sandbox = try CLISandbox()
        var environment = sandbox.environment
        environment.removeValue(forKey: "USER")
        environment.removeValue(forKey: "LOGNAME")
        let number = sendRequestNumber("operator")
        let result = try await CLIRunner.run(sandbox.sendArguments(openid: "o-p-operator", sendRequestNo: number),
                                             environment: environment)
        #expect(result.status == 0, "\(result.err)")
        let name = try #require(OperatorName.effectiveUserLoginName(), "this user has a password database entry")
        #expect(try sandbox.records(number).map(\.operator) == [name, name])
    }
}
