import CouponDeskTestSupport
import Foundation
import WeChatPayCore

/// A sandbox created with `coupondesk sandbox init` and served over real HTTP by `sandbox serve`.
final class ServedSandbox {
    let directory: String
    let server: ChildProcess
    let baseURL: String

    init(binary: String, directory: String, environment: [String: String]) throws {
        self.directory = directory
        let created = try ChildProcess.run([binary, "sandbox", "init", directory], environment: environment)
        guard created.status == 0 else { throw NSError(domain: "sandbox", code: 1, userInfo: [NSLocalizedDescriptionKey: created.output]) }
        server = try ChildProcess.start([binary, "sandbox", "serve", directory, "--port", "0"], environment: environment,
                                        output: .merged)
        guard let first = server.readLine(timeout: 20), first.hasPrefix("listening on ") else {
            server.terminate()
            throw NSError(domain: "sandbox", code: 2, userInfo: [NSLocalizedDescriptionKey: "sandbox serve did not start"])
        }
        baseURL = String(first.dropFirst("listening on ".count))
    }

    var configPath: String { directory + "/config.json" }

    func stop() { server.terminate() }
}
