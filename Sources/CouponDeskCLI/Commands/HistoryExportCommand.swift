import CouponDeskText
import Foundation
import WeChatPayCore
import CouponHistory
#if canImport(Glibc)
import Glibc
#endif

/// `coupondesk history export`: every readable record, oldest first, as CSV or JSON.
enum HistoryExportCommand: Command {
    static let spec = CommandSpec(
        name: "history export",
        summary: .historyExportSummary,
        positionals: [],
        options: [
            .value("--format", "csv|json", required: true, .historyExportFormat,
                   completion: .choices(HistoryExport.Format.allCases.map(\.rawValue))),
            .value("--output", "FILE", .historyExportOutput),
        ] + HistoryCommandSupport.locationOptions,
        discussion: .historyExportDiscussion)

    static func run(_ arguments: ParsedArguments) async -> ExitCode {
        let formatText = arguments.value("--format") ?? ""
        guard let format = HistoryExport.Format(rawValue: formatText) else {
            printError("coupondesk history export: " + cliText(CLIErrorText.formatMustBe, ["value": TerminalText.sanitize(formatText)]))
            return .usage
        }
        let reader: HistoryReader
        switch HistoryCommandSupport.openReader(arguments, command: "history export") {
        case .success(let opened): reader = opened
        case .failure(let failure): return failure.code
        }
        let output = arguments.value("--output")
        var fd: Int32 = CommandContext.current.out
        var temp: String?
        if let output {
            // Written beside the target and renamed at the end: a failed export never leaves half a file.
            let path = output + ".tmp.\(getpid())"
            fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
            guard fd >= 0 else {
                printError("coupondesk history export: " + cliText(CLIErrorText.cannotCreateOutput, ["path": TerminalText.sanitize(output), "reason": String(cString: strerror(errno))]))
                return .failure
            }
            temp = path
        }
        // Exported text is faithful to the log in a file or a pipe; on a terminal, text that came from
        // the network (messages, attach) must not be able to drive it, so it is sanitised there.
        let toTerminal = output == nil && isatty(CommandContext.current.out) == 1
        var failure: String?
        let count: Int
        do {
            count = try HistoryExport.write(reader, format: format) { chunk in
                let data = toTerminal ? Self.terminalSafe(chunk) : chunk
                try data.withUnsafeBytes { bytes in
                    var done = 0
                    while done < bytes.count {
                        let n = write(fd, bytes.baseAddress! + done, bytes.count - done)
                        if n < 0 && errno == EINTR { continue }
                        guard n > 0 else { throw HistoryError.cannotWrite(path: output ?? "stdout", reason: String(cString: strerror(errno))) }
                        done += n
                    }
                }
            }
        } catch {
            failure = Phrase(describing: error).describe(cliText)
            count = 0
        }
        if let temp, let output {
            close(fd)
            if failure == nil, rename(temp, output) != 0 { failure = "cannot rename into \(output): \(String(cString: strerror(errno)))" }
            if failure != nil { unlink(temp) }
        }
        if let failure {
            printError("coupondesk history export: \(TerminalText.sanitize(failure))")
            return .failure
        }
        // Only after a whole read: after a failed one (a log that shrank) the offsets mean nothing.
        HistoryCommandSupport.reportUnreadable(reader, command: "history export")
        if let output {
            printError("coupondesk history export: " + cliText(count == 1 ? CLIText.exportedOne : .exported,
                                                               ["count": String(count), "path": TerminalText.sanitize(output)]))
        }
        return .ok
    }

    /// Export text as it may be shown on a terminal: line breaks kept, every other control character
    /// and escape sequence replaced.
    static func terminalSafe(_ chunk: Data) -> Data {
        let text = String(decoding: chunk, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
        return Data(TerminalText.sanitize(text, keepNewlines: true).utf8)
    }
}
