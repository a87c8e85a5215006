import Foundation

// PLACEHOLDER: replaced by the issue that owns this command.
enum SandboxInitCommand: Command {
    static let spec = CommandSpec(name: "sandbox init", summary: "(not built yet)", positionals: [], options: [], discussion: "")
    static func run(_ arguments: ParsedArguments) async -> ExitCode {
        FileHandle.standardError.write(Data("coupondesk: 'sandbox init' is not built yet\n".utf8))
        return .failure
    }
}
