import Foundation

/// `coupondesk completions bash|zsh|fish`: prints the shell's completion script, generated from the
/// same command specs that drive parsing and --help.
struct CompletionsCommand: Command {
    static let spec = CommandSpec(
        name: "completions",
        summary: .completionsSummary,
        positionals: ["SHELL"],
        options: [],
        discussion: .completionsDiscussion,
        discussionArguments: ["install": CompletionShell.allCases.map { "  " + $0.installCommand }.joined(separator: "\n")],
        positionalCompletions: [.choices(CompletionShell.allCases.map(\.rawValue))])

    static func run(_ arguments: ParsedArguments) async -> ExitCode {
        let name = arguments.positionals[0]
        guard let shell = CompletionShell(rawValue: name) else {
            printError("coupondesk completions: no completions for '\(name)'; choose one of \(CompletionShell.allCases.map(\.rawValue).joined(separator: ", "))")
            return .usage
        }
        writeOut(Data(shell.script(.current).utf8))
        return .ok
    }
}

/// `coupondesk man`: prints the man page, generated from the same command specs.
struct ManCommand: Command {
    static let spec = CommandSpec(
        name: "man",
        summary: .manSummary,
        positionals: [],
        options: [],
        discussion: .manDiscussion)

    static func run(_ arguments: ParsedArguments) async -> ExitCode {
        writeOut(Data(ManPage.page(.current).utf8))
        return .ok
    }
}
