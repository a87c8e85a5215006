import Foundation

// PLACEHOLDER: replaced by the issue that owns this command.
enum HistoryShowCommand: Command {
    static let spec = CommandSpec(name: "history show", summary: "(not built yet)", positionals: [], options: [], discussion: "")
    static func run(_ arguments: ParsedArguments) async -> ExitCode {
        FileHandle.standardError.write(Data("coupondesk: 'history show' is not built yet\n".utf8))
        return .failure
    }
}
