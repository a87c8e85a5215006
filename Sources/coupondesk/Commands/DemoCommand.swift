import Foundation

// PLACEHOLDER: replaced by the issue that owns this command.
enum DemoCommand: Command {
    static let spec = CommandSpec(name: "demo", summary: "(not built yet)", positionals: [], options: [], discussion: "")
    static func run(_ arguments: ParsedArguments) async -> ExitCode {
        FileHandle.standardError.write(Data("coupondesk: 'demo' is not built yet\n".utf8))
        return .failure
    }
}
