import Foundation

/// `coupondesk completions bash|zsh|fish`: prints the shell's completion script, generated from the
/// same command specs that drive parsing and --help.
struct CompletionsCommand: Command {
    static let spec = CommandSpec(
        name: "completions",
        summary: "Print a shell completion script (bash, zsh or fish) for coupondesk's commands and options",
        positionals: ["SHELL"],
        options: [],
        discussion: "Install (for every user; or source it from your shell's startup file):\n"
            + CompletionShell.allCases.map { "  " + $0.installCommand }.joined(separator: "\n")
            + "\nRegenerate the scripts after an update: they list the commands of the version that wrote them.",
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
        summary: "Print the man page (roff): every command, option, exit status, file and environment variable",
        positionals: [],
        options: [],
        discussion: """
        Read it with `coupondesk man | man -l -`, or install it:
          coupondesk man > /usr/local/share/man/man1/coupondesk.1
        """)

    static func run(_ arguments: ParsedArguments) async -> ExitCode {
        writeOut(Data(ManPage.page(.current).utf8))
        return .ok
    }
}
