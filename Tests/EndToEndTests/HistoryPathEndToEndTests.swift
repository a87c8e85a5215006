import CouponDeskTestSupport
import CouponSandbox
import Foundation
import Testing
import WeChatPayCore
#if canImport(Glibc)
import Glibc
#endif

/// A history path that is not a regular file (a FIFO, a device) is refused at once by every command
/// that touches the log and by the console, with an error that says what it is; none of them waits on
/// it. (A plain `open` of a FIFO blocks until a writer comes: every command used to hang.)
@Suite struct HistoryPathEndToEndTests {
    static func fifo(in directory: String) throws -> String {
        let path = directory + "/history.jsonl"
        #expect(mkfifo(path, 0o600) == 0)
        return path
    }

    @Test(arguments: [["history", "list"], ["history", "show", "SRN0001"], ["history", "export", "--format", "csv"]])
    func everyHistoryCommandRefusesAFIFO(command: [String]) async throws {
        let sandbox = try CLISandbox()
        let fifo = try Self.fifo(in: sandbox.root)
        let run = try await sandbox.run(command + ["--history", fifo], timeout: 10)
        #expect(run.status == 1, "\(run.err)")
        #expect(run.err.contains("FIFO") && run.err.contains(fifo), "\(run.err)")
    }

    @Test func sendRefusesAFIFOAndSendsNothing() async throws {
        let sandbox = try CLISandbox()
        let fifo = try Self.fifo(in: sandbox.root)
        var arguments = sandbox.sendArguments(openid: "o-fifo", sendRequestNo: "FIFO0000000001", json: false)
        let at = try #require(arguments.firstIndex(of: "--history"))
        arguments[at + 1] = fifo
        let run = try await sandbox.run(arguments, timeout: 10)
        #expect(run.status == 1, "\(run.err)")
        #expect(run.err.contains("not sent") && run.err.contains("FIFO"), "\(run.err)")
        #expect(sandbox.engine.exchanges().isEmpty)
    }

    @Test func aCharacterDeviceIsRefusedToo() async throws {
        let sandbox = try CLISandbox()
        let run = try await sandbox.run(["history", "list", "--history", "/dev/zero"], timeout: 10)
        #expect(run.status == 1)
        #expect(run.err.contains("character device"), "\(run.err)")
    }

    /// The console on a terminal (util-linux `script` gives it one): it says why and exits before
    /// drawing, instead of a blank screen that ignores F10.
    @Test func theConsoleRefusesAFIFOBeforeItDraws() throws {
        let sandbox = try CLISandbox()
        let fifo = try Self.fifo(in: sandbox.root)
        var environment = sandbox.environment
        environment["TERM"] = "xterm-256color"
        let run = try ChildProcess.runOnTerminal([try CLIRunner.binary(), "demo", "--history", fifo],
                                                 environment: environment, timeout: 15)
        let output = run.stdout
        #expect(run.signal == nil, "timed out: the console waited on the FIFO")
        #expect(output.contains("FIFO"), "\(output)")
    }
}

/// `send` into a log others can read: tightened to 0600, and one line on stderr says so.
@Suite struct LooseLogEndToEndTests {
    @Test func sendTightensALooseLogAndSaysSoOnStderr() async throws {
        let sandbox = try CLISandbox(delayMilliseconds: 0)
        let first = try await sandbox.send(openid: "o-loose-1", sendRequestNo: "LOOSE000000001")
        #expect(first.status == 0, "\(first.err)")
        #expect(chmod(sandbox.historyPath, 0o644) == 0)
        let second = try await sandbox.send(openid: "o-loose-2", sendRequestNo: "LOOSE000000002")
        #expect(second.status == 0, "\(second.err)")
        var st = stat()
        #expect(stat(sandbox.historyPath, &st) == 0 && st.st_mode & 0o7777 == 0o600)
        let notices = second.err.split(separator: "\n").filter { $0.contains("tightened to 0600") }
        #expect(notices.count == 1 && notices[0].contains("0644"), "\(second.err)")
        let third = try await sandbox.send(openid: "o-loose-3", sendRequestNo: "LOOSE000000003")
        #expect(!third.err.contains("tightened"))
    }
}
