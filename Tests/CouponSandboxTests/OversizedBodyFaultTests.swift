import Foundation
import Testing
@testable import CouponSandbox
import WeChatPayCore

/// The `oversized_body` fault: the pre-send commits, and the answer is a correctly signed 200 far
/// larger than any client should read (the client must stop at its bound: malformed_response).
@Suite struct OversizedBodyFaultTests {
    @Test func oversizedBodyCommitsAndAnswersASignedBodyPastTheClientsBound() throws {
        let fixture = try SandboxFixture { $0.faults = DemoData.faults(delayMilliseconds: 1_500, times: 1) }
        let reply = try fixture.send(openid: "fault-oversized-1", SandboxFixture.body())
        #expect(reply.fault == .oversizedBody)
        #expect(reply.response.status == 200)
        #expect(reply.response.body.count > 2 << 20)
        try fixture.verifier.verify(headers: reply.response.headers, body: reply.response.body)
        #expect(ResponseInterpreter(verifier: fixture.verifier).interpret(reply.response).error?.category == .malformedResponse)
        #expect(fixture.engine.usage(stockID: DemoData.StockID.plenty).issued == 1)
    }
}
