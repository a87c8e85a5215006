import CouponDeskText
import CouponSandbox
import Foundation
import WeChatPayCore

/// `coupondesk sandbox serve DIR [--port P]`: the sandbox over HTTP on 127.0.0.1.
enum SandboxServeCommand: Command {
    static let spec = CommandSpec(
        name: "sandbox serve",
        summary: .sandboxServeSummary,
        positionals: ["DIR"],
        options: [.value("--port", "P", .sandboxServePort)],
        discussion: .sandboxServeDiscussion)

    static func run(_ arguments: ParsedArguments) async -> ExitCode {
        let directory = SandboxDirectory(path: arguments.positionals[0])
        var port: UInt16? = nil
        if let text = arguments.value("--port") {
            guard let value = UInt16(text) else {
                printError("coupondesk sandbox serve: " + cliText(SandboxText.portMustBe, ["value": TerminalText.sanitize(text)]))
                return .usage
            }
            port = value
        }
        let engine: SandboxEngine
        let listener: SandboxListener
        do {
            guard directory.exists else {
                printError("coupondesk sandbox serve: " + cliText(SandboxText.noSandboxJSON, ["path": directory.path]))
                return .config
            }
            if try directory.addBrandDirectIfMissing() {
                printError(cliText(SandboxText.addedBrandDirect, ["path": directory.path]))
            }
            engine = try SandboxEngine(directory: directory)
            try engine.compactState()
            listener = try SandboxListener(engine: engine, port: port ?? UInt16(engine.configuration.port), logErrors: true)
            try directory.setClientBaseURL(listener.baseURL)
        } catch {
            printError("coupondesk sandbox serve: \(TerminalText.sanitize(String(describing: error)))")
            return .config
        }
        // One line per request on stderr: never a header, a signature or a key.
        let times = RequestLineTime()
        let flavorNames = Dictionary(uniqueKeysWithValues: APIFlavor.allCases.map { ($0, $0.displayName) })
        engine.observe { exchange in
            var line = "\(times.string(exchange.time)) \(exchange.status) -\(exchange.numericCode ?? 0)"
            if let flavor = exchange.flavor { line += " \(flavorNames[flavor] ?? flavor.displayName)" }
            if let call = exchange.call, call != .preSend { line += " \(call.rawValue)" }
            if let openid = exchange.openid { line += " openid=\(TerminalText.sanitize(String(openid.prefix(64))))" }
            if let number = exchange.sendRequestNo { line += " send_request_no=\(TerminalText.sanitize(String(number.prefix(64))))" }
            if let fault = exchange.fault { line += " fault=\(fault.rawValue)" }
            switch exchange.delivery {
            case .immediately: break
            case .afterDelay(let ms): line += " (answer delayed \(ms) ms)"
            case .dropConnection: line += " (connection dropped, no answer)"
            }
            printError(line)
        }
        // Written unbuffered so a script reading the first line sees it at once.
        writeOut(Data("listening on \(listener.baseURL)\n".utf8))
        var callers = cliText(SandboxText.servingPartner, ["mchid": engine.configuration.mchid])
        if engine.configuration.brandSerialNo != nil {
            callers += cliText(SandboxText.servingBrands, ["brands": engine.configuration.brands.map(\.brandID).joined(separator: ", ")])
        }
        printError(cliText(SandboxText.serving, ["path": directory.path, "callers": callers]))

        let signal = await waitForTermination()
        listener.stop()
        do { try engine.compactState() } catch {
            printError(cliText(SandboxText.compactFailed, ["error": TerminalText.sanitize(String(describing: error))]))
        }
        printError(cliText(SandboxText.stopped, ["signal": signal == SIGINT ? "SIGINT" : "SIGTERM"]))
        return .ok
    }

    /// Suspends until SIGINT or SIGTERM arrives, and returns which.
    private static func waitForTermination() async -> Int32 {
        await withCheckedContinuation { (continuation: CheckedContinuation<Int32, Never>) in
            let once = ResumeOnce(continuation)
            for signalNumber in [SIGINT, SIGTERM] {
                signal(signalNumber, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
                source.setEventHandler { once.resume(signalNumber) }
                source.resume()
                SignalSources.keep(source)
            }
        }
    }
}

/// Resumes a continuation at most once, whichever signal comes first.
private final class ResumeOnce: @unchecked Sendable {
    // Unchecked: `continuation` is only read or cleared with `lock` held.
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Int32, Never>?
    init(_ continuation: CheckedContinuation<Int32, Never>) { self.continuation = continuation }
    func resume(_ value: Int32) {
        lock.lock(); let c = continuation; continuation = nil; lock.unlock()
        c?.resume(returning: value)
    }
}

/// Keeps the signal sources alive for the life of the process.
private enum SignalSources {
    nonisolated(unsafe) static var sources: [any DispatchSourceSignal] = []
    static func keep(_ source: any DispatchSourceSignal) { sources.append(source) }
}
