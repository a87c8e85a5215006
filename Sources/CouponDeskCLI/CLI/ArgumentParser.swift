import CouponDeskText
import Foundation
import WeChatPayCore

/// What a value on the command line is — an option's value or a positional argument — so that the
/// shell completions offer the right words: files, directories, one of a few choices, a theme.
enum ValueCompletion: Sendable, Equatable {
    /// Free text (an id, a number, a search): nothing to offer.
    case text
    case file
    case directory
    case choices([String])
    /// A shipped or user theme name, or a theme file (`--theme`).
    case theme

    /// What a value is when its declaration does not say: a `FILE…` is a file, a `DIR` a directory,
    /// so options and positionals added later complete the usual way without further ado.
    static func inferred(fromValueName name: String) -> ValueCompletion {
        if name.hasPrefix("FILE") { return .file }
        if name == "DIR" { return .directory }
        return .text
    }
}

/// One option a command accepts.
struct OptionSpec: Sendable {
    let name: String          // "--openid"
    let valueName: String?    // "O"; nil for a flag such as --json
    let required: Bool
    /// Its line in `--help` (HelpText: one per language), with its `{placeholders}`' values.
    let help: HelpText
    let helpArguments: [String: String]
    /// What the value is, for the completions (.text for a flag).
    let completion: ValueCompletion

    static func value(_ name: String, _ valueName: String, required: Bool = false, _ help: HelpText,
                      _ helpArguments: [String: String] = [:], completion: ValueCompletion? = nil) -> OptionSpec {
        OptionSpec(name: name, valueName: valueName, required: required, help: help, helpArguments: helpArguments,
                   completion: completion ?? .inferred(fromValueName: valueName))
    }
    static func flag(_ name: String, _ help: HelpText) -> OptionSpec {
        OptionSpec(name: name, valueName: nil, required: false, help: help, helpArguments: [:], completion: .text)
    }

    /// The help line in `text`'s language (the completions and the man page use English).
    func helpText(_ text: Texts) -> String { text(help, helpArguments) }

    /// Every command understands `--help` (it is not in their specs: the dispatcher answers it).
    static let helpFlag = OptionSpec.flag("--help", .optionHelp)
}

/// What a command looks like on the command line; drives parsing, errors and `--help` alike.
struct CommandSpec: Sendable {
    let name: String                 // "send", "history list"
    let summary: HelpText
    let positionals: [String]        // names of required positionals, e.g. ["SEND_REQUEST_NO"]
    let options: [OptionSpec]
    let discussion: HelpText         // examples and notes for --help
    /// Values of the discussion's `{placeholders}` (ids of the demo data, limits).
    var discussionArguments: [String: String] = [:]
    /// Positionals that may be left out, after the required ones, e.g. ["STOCK_ID"].
    var optionalPositionals: [String] = []

    /// What each positional is, for the completions; nil: inferred from its name (`FILE…`, `DIR`).
    var positionalCompletions: [ValueCompletion]? = nil

    /// What positional `index` is, for the completions.
    func positionalCompletion(_ index: Int) -> ValueCompletion {
        if let declared = positionalCompletions, index < declared.count { return declared[index] }
        return index < positionals.count ? .inferred(fromValueName: positionals[index]) : .text
    }

    var usage: String {
        var parts = ["coupondesk", name]
        parts += positionals
        parts += optionalPositionals.map { "[\($0)]" }
        for o in options {
            let text = o.valueName.map { "\(o.name) \($0)" } ?? o.name
            parts.append(o.required ? text : "[\(text)]")
        }
        return parts.joined(separator: " ")
    }

    func summaryText(_ text: Texts) -> String { text(summary) }
    func discussionText(_ text: Texts) -> String { text(discussion, discussionArguments) }

    /// `--help`, in `text`'s language (option names, value names and examples are the same in all).
    func helpText(_ text: Texts) -> String {
        var out = "\(summaryText(text))\n\n\(text(HelpText.helpUsage, ["usage": usage]))\n"
        if !options.isEmpty {
            out += "\n\(text(HelpText.helpOptions))\n"
            let width = options.map { ($0.name + ($0.valueName.map { " " + $0 } ?? "")).count }.max() ?? 0
            for o in options {
                let left = o.name + (o.valueName.map { " " + $0 } ?? "")
                out += "  \(left.padding(toLength: width, withPad: " ", startingAt: 0))  \(o.helpText(text))\(o.required ? text(HelpText.helpRequired) : "")\n"
            }
            out += "  \(OptionSpec.helpFlag.name.padding(toLength: width, withPad: " ", startingAt: 0))  \(OptionSpec.helpFlag.helpText(text))\n"
        }
        let discussion = discussionText(text)
        if !discussion.isEmpty { out += "\n\(discussion)\n" }
        return out
    }
}

struct ParsedArguments: Sendable {
    var values: [String: String] = [:]
    var flags: Set<String> = []
    var positionals: [String] = []

    func value(_ name: String) -> String? { values[name] }
    func has(_ flag: String) -> Bool { flags.contains(flag) }
}

/// A usage error: printed with the command's usage line, exit 64.
struct UsageError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

enum ArgumentParser {
    /// True when `--help` or `-h` stands where an option goes. The value of an option is a value even
    /// when it reads `--help` (`--attach --help` attaches the text "--help"), and nothing after `--` is an option.
    static func asksForHelp(_ arguments: [String], spec: CommandSpec) -> Bool {
        let takesValue = Set(spec.options.filter { $0.valueName != nil }.map(\.name))
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--" { return false }
            if argument == "--help" || argument == "-h" { return true }
            if takesValue.contains(argument) { index += 1 }
        }
        return false
    }

    /// Parses `--name value`, `--name=value` and flags. Every problem is collected so the user sees
    /// all missing options at once rather than one per run.
    static func parse(_ arguments: [String], spec: CommandSpec) throws(UsageError) -> ParsedArguments {
        var result = ParsedArguments()
        var problems: [String] = []
        var index = 0
        let byName = Dictionary(uniqueKeysWithValues: spec.options.map { ($0.name, $0) })
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--" {
                result.positionals += arguments[index...]
                break
            }
            guard argument.hasPrefix("-"), argument != "-" else {
                result.positionals.append(argument)
                continue
            }
            var name = argument
            var inlineValue: String? = nil
            if let eq = argument.firstIndex(of: "="), argument.hasPrefix("--") {
                name = String(argument[..<eq])
                inlineValue = String(argument[argument.index(after: eq)...])
            }
            guard let option = byName[name] else {
                var message = cliText(CLIErrorText.unknownOption, ["option": TerminalText.sanitize(name)])
                if let suggestion = Spelling.nearest(name, among: spec.options.map(\.name) + ["--help"]) {
                    message += cliText(CLIErrorText.didYouMeanOption, ["guess": suggestion])
                }
                problems.append(message)
                continue
            }
            if option.valueName == nil {
                if inlineValue != nil { problems.append(cliText(CLIErrorText.takesNoValue, ["option": name])) }
                result.flags.insert(name)
                continue
            }
            let value: String
            if let inlineValue { value = inlineValue } else if index < arguments.count {
                value = arguments[index]
                index += 1
            } else {
                problems.append(cliText(CLIErrorText.needsAValue, ["option": name, "valueName": option.valueName ?? ""]))
                continue
            }
            if result.values[name] != nil { problems.append(cliText(CLIErrorText.givenTwice, ["option": name])) }
            result.values[name] = value
        }
        let missing = spec.options.filter { $0.required && result.values[$0.name] == nil }.map(\.name)
        if !missing.isEmpty {
            problems.append(cliText(missing.count > 1 ? CLIErrorText.missingOptions : .missingOption, ["options": missing.joined(separator: ", ")]))
        }
        if result.positionals.count < spec.positionals.count {
            problems.append(cliText(CLIErrorText.missingPositional, ["names": spec.positionals[result.positionals.count...].joined(separator: " ")]))
        } else if result.positionals.count > spec.positionals.count + spec.optionalPositionals.count {
            let extra = result.positionals[(spec.positionals.count + spec.optionalPositionals.count)...].map { TerminalText.sanitize($0) }
            problems.append(cliText(extra.count > 1 ? CLIErrorText.unexpectedArguments : .unexpectedArgument, ["arguments": extra.joined(separator: " ")]))
        }
        if !problems.isEmpty { throw UsageError(message: problems.joined(separator: "\n")) }
        return result
    }
}
