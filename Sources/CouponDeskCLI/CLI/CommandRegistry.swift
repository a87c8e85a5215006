import Foundation
import WeChatPayCore

let version = CouponDeskVersion.current

/// A command of the command line.
protocol Command {
    static var spec: CommandSpec { get }
    static func run(_ arguments: ParsedArguments) async -> ExitCode
}

/// A command's spec and entry point, as the dispatcher sees it.
struct CommandEntry: Sendable {
    let spec: CommandSpec
    let run: @Sendable (ParsedArguments) async -> ExitCode
    init<C: Command>(_ command: C.Type) {
        spec = command.spec
        run = { await command.run($0) }
    }
}

/// Every command, in the order `--help` lists them. The console (no command) is first.
let commands: [CommandEntry] = [
    CommandEntry(ConsoleCommand.self), CommandEntry(DemoCommand.self), CommandEntry(DemoSendCommand.self), CommandEntry(DemoResendCommand.self),
    CommandEntry(DemoDoctorCommand.self),
    CommandEntry(SendCommand.self), CommandEntry(BatchCommand.self),
    CommandEntry(ResendCommand.self), CommandEntry(HistoryListCommand.self),
    CommandEntry(HistoryShowCommand.self), CommandEntry(HistoryExportCommand.self),
    CommandEntry(CheckCommand.self), CommandEntry(CouponsCommand.self), CommandEntry(StockCommand.self),
    CommandEntry(ConfirmCommand.self),
    CommandEntry(SandboxInitCommand.self), CommandEntry(SandboxServeCommand.self), CommandEntry(SandboxClaimCommand.self),
    CommandEntry(DoctorCommand.self),
    CommandEntry(CompletionsCommand.self), CommandEntry(ManCommand.self),
]

