import CouponDeskTestSupport
import Foundation
import Testing
@testable import CouponDeskCLI

/// `coupondesk completions bash|zsh|fish`: scripts generated from the command specs, checked in the
/// real shells against every command and option of the registry.
@Suite struct ShellCompletionTests {
    @Test func bashCompletesHistToHistory() async throws {
        let answers = try await ShellCompletion.bash([["coupondesk", "hist"]])
        #expect(answers == [["history"]])
    }

    @Test func bashAcceptsTheBashScript() async throws {
        let dir = try TempDir()
        let result = try runChild("bash", ["-n", try await ShellCompletion.scriptFile("bash", in: dir)])
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func bashCompletesEveryCommandAndEveryOptionOfTheRegistry() async throws {
        try await ShellCompletion.expectEveryCommandAndOption(shell: "bash") { try await ShellCompletion.bash($0) }
    }

    @Test func bashCompletesTheValuesOfOutcomeFormatThemeAndShell() async throws {
        let config = try TempDir()
        try FileManager.default.createDirectory(atPath: config.file("coupondesk/themes"), withIntermediateDirectories: true)
        writeText(config.file("coupondesk/themes/mine.json"), "{}")
        let answers = try await ShellCompletion.bash([
            ["coupondesk", "history", "list", "--outcome", ""],
            ["coupondesk", "history", "list", "--outcome", "=", "un"],
            ["coupondesk", "history", "export", "--format", ""],
            ["coupondesk", "--theme", ""],
            ["coupondesk", "completions", ""],
        ], environment: ["XDG_CONFIG_HOME": config.path])
        #expect(answers[0] == ["issued", "rejected", "unknown"])
        #expect(answers[1] == ["unknown"])
        #expect(answers[2] == ["csv", "json"])
        #expect(Set(answers[3]) == ["default", "light", "high-contrast", "mono", "mine"])
        #expect(answers[4] == ["bash", "zsh", "fish"])
    }

    @Test func bashCompletesFilesForFileOptionsAndDirectoriesForDirectories() async throws {
        let dir = try TempDir()
        writeText(dir.file("sends.csv"), "")
        try FileManager.default.createDirectory(atPath: dir.file("sbx"), withIntermediateDirectories: true)
        let answers = try await ShellCompletion.bash([
            ["coupondesk", "send", "--config", "s"],
            ["coupondesk", "sandbox", "init", "s"],
            ["coupondesk", "send", "--openid", "s"],
        ], directory: dir.path)
        #expect(Set(answers[0]) == ["sbx", "sends.csv"])
        #expect(answers[1] == ["sbx"])
        #expect(answers[2] == [], "an openid is not a file")
    }

    @Test func fishCompletesEveryCommandAndEveryOptionOfTheRegistry() async throws {
        try await ShellCompletion.expectEveryCommandAndOption(shell: "fish") { try await ShellCompletion.fish($0) }
    }

    @Test func fishCompletesHistToHistoryAndTheOutcomeValues() async throws {
        let answers = try await ShellCompletion.fish([["coupondesk", "hist"], ["coupondesk", "history", "list", "--outcome", ""]])
        #expect(answers == [["history"], ["issued", "rejected", "unknown"]])
    }

    @Test func zshAcceptsTheZshScript() async throws {
        let dir = try TempDir()
        let result = try runChild("zsh", ["-n", try await ShellCompletion.scriptFile("zsh", in: dir)])
        #expect(result.status == 0, "\(result.stderr)")
    }

    /// zsh completes only inside its line editor, so the script's tables are read instead: each prefix
    /// of a command name offers the next word, and each command's `_arguments` holds every option.
    @Test func zshScriptNamesEveryCommandAndEveryOptionOfTheRegistry() async throws {
        let script = try await ShellCompletion.script("zsh")
        let parts = script.components(separatedBy: "case $command in")
        try #require(parts.count == 2)
        for spec in ShellCompletion.specs {
            let words = spec.name.split(separator: " ").map(String.init)
            for i in words.indices {
                let branch = "('\(words[..<i].joined(separator: " "))') next=("
                let offers = parts[0].components(separatedBy: "\n").first { $0.contains(branch) } ?? ""
                #expect(offers.contains("'\(words[i]):"), "zsh: after '\(words[..<i].joined(separator: " "))' no \(words[i])")
            }
            let start = try #require(parts[1].range(of: "('\(spec.name)')\n"), "zsh: no branch for '\(spec.name)'")
            let rest = parts[1][start.upperBound...]
            let branch = rest[..<(rest.range(of: ";;\n")?.lowerBound ?? rest.endIndex)]
            for option in spec.options.map(\.name) + ["--help"] {
                #expect(branch.contains("'\(option)[") || branch.contains("'\(option)=[") || branch.contains(")\(option)["),
                        "zsh: '\(spec.name)' lacks \(option)")
            }
        }
    }

    /// A command added later (say `batch FILE.csv --output FILE`) completes files without declaring it.
    @Test func valuesNamedFileOrDirCompleteAsFilesAndDirectoriesUndeclared() {
        let spec = CommandSpec(name: "batch", summary: .sendSummary, positionals: ["FILE.csv", "DIR", "ID"],
                               options: [.value("--output", "FILE", .historyExportOutput), .value("--rate", "N", .historyListLimit)],
                               discussion: .sendDiscussion)
        #expect([0, 1, 2].map(spec.positionalCompletion) == [.file, .directory, .text])
        #expect(spec.options.map(\.completion) == [.file, .text])
    }

    @Test func anUnknownShellIsAUsageError() async throws {
        let run = try await CommandLineRun.coupondesk(["completions", "powershell"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("bash, zsh, fish"))
    }
}
