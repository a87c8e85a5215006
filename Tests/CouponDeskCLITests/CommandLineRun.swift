import CouponDeskCLI
import CouponDeskTestSupport
import Foundation

/// One command line run in-process, as a script would see it: exit status, stdout, stderr.
struct CommandLineRun {
    var status: Int32
    var stdout: String
    var stderr: String

    /// Runs `coupondesk ARGUMENTS` in this process, with stdout and stderr in files of `TempDir` and the
    /// environment of the tests (without COUPONDESK_CONFIG) plus `environment`.
    static func coupondesk(_ arguments: [String], environment: [String: String] = [:]) async throws -> CommandLineRun {
        let dir = try TempDir()
        let outPath = dir.file("stdout"), errPath = dir.file("stderr")
        let out = open(outPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        let err = open(errPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        defer { close(out); close(err) }
        guard out >= 0, err >= 0 else { throw POSIXError(.EIO) }
        let context = CommandContext(out: out, err: err,
                                     environment: testEnvironment(["COUPONDESK_CONFIG": nil].merging(environment.mapValues { $0 }) { $1 }))
        let status = await CommandContext.$current.withValue(context) { await CouponDeskCLI.run(arguments) }
        return CommandLineRun(status: status, stdout: String(decoding: fileBytes(outPath), as: UTF8.self),
                              stderr: String(decoding: fileBytes(errPath), as: UTF8.self))
    }
}

extension CommandLineRun {
    /// Runs the built `coupondesk` binary (beside the test bundle) as a separate process, for what only a
    /// process can show: here, that it runs within an address-space cap (`ulimit -v memoryLimitKB`).
    static func spawned(_ arguments: [String], memoryLimitKB: Int) throws -> CommandLineRun {
        let result = try ChildProcess.start(["/bin/sh", "-c", "ulimit -v \(memoryLimitKB) && exec \"$0\" \"$@\"",
                                             try BuiltProduct.coupondesk()] + arguments,
                                            environment: testEnvironment(["COUPONDESK_CONFIG": nil])).finish()
        return CommandLineRun(status: result.status, stdout: result.stdout, stderr: result.stderr)
    }
}
