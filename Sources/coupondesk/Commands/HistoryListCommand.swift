import Foundation

// PLACEHOLDER: replaced by the issue that owns this command.
enum HistoryListCommand: Command {
    static let spec = CommandSpec(name: "history list", summary: "(not built yet)", positionals: [], options: [], discussion: "")
    static func run(_ arguments: ParsedArguments) async -> ExitCode {
        FileHandle.standardError.write(Data("coupondesk: 'history list' is not built yet\n".utf8))
        return .failure
    }
}
