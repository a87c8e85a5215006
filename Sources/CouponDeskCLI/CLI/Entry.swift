import Console
import CouponDeskBuildInfo
import CouponDeskText
import Foundation
import WeChatPayCore

// The command line as a library: `CouponDeskCLI.run` finds the command, parses its arguments against the
// command's spec, and turns the result into an exit code. Each command lives in Commands/. The
// `coupondesk` executable is only a `main.swift` that calls it; tests call it in-process.

/// `coupondesk --version`, which the dispatcher answers before any command.
let versionFlag = OptionSpec.flag("--version", .optionVersion)

/// What `--version` prints: the version, and the commit the binary was built from when the build
/// knew it (`coupondesk 0.1.0 (commit 2df2ff44e4c0, 2026-12-02)`).
var versionLine: String {
    guard let commit = BuildInfo.commit else { return "coupondesk \(version)" }
    return "coupondesk \(version) (commit \(commit)" + (BuildInfo.commitDate.map { ", \($0)" } ?? "") + ")"
}

func topLevelHelp(_ text: Texts) -> String {
    var out = text(HelpText.topIntro, ["version": version]) + "\n\n" + text(HelpText.topUsage) + "\n"
    for command in commands { out += "  \(command.spec.usage)\n" }
    out += "\n" + text(HelpText.topCommands) + "\n"
    for command in commands {
        let name = command.spec.name.isEmpty ? text(HelpText.topNone) : command.spec.name
        let pad = String(repeating: " ", count: max(1, 17 - CharacterWidth.of(name)))
        out += "  \(name)\(pad)\(command.spec.summaryText(text))\n"
    }
    out += "\n" + text(HelpText.topFooter)
    return out
}

/// Finds the command named by the leading words of `arguments`; returns it and the rest.
func findCommand(_ arguments: [String]) -> (CommandEntry, [String])? {
    // Longest name first so "history list" wins over a shorter prefix.
    for command in commands.sorted(by: { $0.spec.name.count > $1.spec.name.count }) where !command.spec.name.isEmpty {
        let words = command.spec.name.split(separator: " ").map(String.init)
        if arguments.count >= words.count, Array(arguments.prefix(words.count)) == words {
            return (command, Array(arguments.dropFirst(words.count)))
        }
    }
    // No command word: the console, whose arguments are all options.
    if arguments.first.map({ $0.hasPrefix("-") }) ?? true { return (commands[0], arguments) }
    return nil
}

/// The first argument (1-based, after the program name) whose bytes are not UTF-8. Swift's
/// `CommandLine.arguments` silently turns such bytes into U+FFFD, and an openid or attach changed that
/// way would be sent as if the user had typed it.
func firstNonUTF8Argument() -> Int? {
    guard CommandLine.argc > 1 else { return nil }
    for index in 1..<Int(CommandLine.argc) {
        guard let pointer = CommandLine.unsafeArgv[index] else { continue }
        if String(validatingCString: pointer) == nil { return index }
    }
    return nil
}

public enum CouponDeskCLI {
    /// Runs the process's own command line (checking first that every argument is UTF-8).
    public static func main() async -> Int32 {
        await run(Array(CommandLine.arguments.dropFirst()), nonUTF8Argument: firstNonUTF8Argument())
    }

    /// Runs one command line (without the program name) and returns its exit code.
    /// `nonUTF8Argument` is the 1-based index of an argument that was not UTF-8 before Swift decoded it.
    public static func run(_ arguments: [String], nonUTF8Argument: Int? = nil) async -> Int32 {
        let language = CommandLanguage.resolve(arguments: arguments, environment: CommandContext.current.environment)
        return await CommandLanguage.$current.withValue(language) {
            await dispatch(arguments, nonUTF8Argument: nonUTF8Argument)
        }
    }
}

func dispatch(_ arguments: [String], nonUTF8Argument: Int?) async -> Int32 {
    if let index = nonUTF8Argument {
        let previous = index >= 2 ? arguments[index - 2] : ""
        let place = previous.hasPrefix("--") ? cliText(CLIErrorText.notUTF8ValueOf, ["option": TerminalText.sanitize(previous)])
            : cliText(CLIErrorText.notUTF8Argument, ["index": String(index)])
        printError("coupondesk: " + cliText(CLIErrorText.notUTF8, ["place": place]))
        return ExitCode.usage.rawValue
    }
    if arguments == ["--help"] || arguments == ["-h"] || arguments == ["help"] {
        printOut(topLevelHelp(cliText))
        return ExitCode.ok.rawValue
    }
    if arguments == [versionFlag.name] {
        printOut(versionLine)
        return ExitCode.ok.rawValue
    }
    guard let found = findCommand(arguments) else {
        let word = TerminalText.sanitize(arguments[0])
        var names = Set(commands.compactMap { $0.spec.name.split(separator: " ").first.map(String.init) })
        names.remove("")
        var message = "coupondesk: " + cliText(CLIErrorText.unknownCommand, ["word": word])
        if let guess = Spelling.nearest(word, among: Array(names)) { message += cliText(CLIErrorText.didYouMeanCommand, ["guess": guess]) }
        if ["history", "sandbox"].contains(word) {
            let subcommands = commands.map(\.spec.name).filter { $0.hasPrefix(word + " ") }.joined(separator: ", ")
            message = "coupondesk \(word): " + cliText(CLIErrorText.nameASubcommand, ["subcommands": subcommands])
        }
        writeError(message + "\n" + cliText(CLIErrorText.seeTopHelp) + "\n")
        return ExitCode.usage.rawValue
    }
    let (command, rest) = found
    if ArgumentParser.asksForHelp(rest, spec: command.spec) {
        printOut(command.spec.helpText(cliText))
        return ExitCode.ok.rawValue
    }
    do {
        let parsed = try ArgumentParser.parse(rest, spec: command.spec)
        return await command.run(parsed).rawValue
    } catch {
        let name = command.spec.name.isEmpty ? "coupondesk" : "coupondesk \(command.spec.name)"
        writeError("\(name): \(error.message.replacingOccurrences(of: "\n", with: "\n\(name): "))\n"
                   + cliText(CLIErrorText.usageLine, ["usage": command.spec.usage]) + "\n"
                   + cliText(CLIErrorText.seeCommandHelp, ["name": name]) + "\n")
        return ExitCode.usage.rawValue
    }
}

