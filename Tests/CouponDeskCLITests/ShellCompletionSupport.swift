import CouponDeskTestSupport
import Foundation
import Testing
@testable import CouponDeskCLI

/// Drives the generated completion scripts in the real shells: each query is a command line as words,
/// the last being the word under the cursor (possibly empty); the answer is what the shell offers.
enum ShellCompletion {
    /// The registry's commands, as the tests check them: every name and every option a spec declares.
    static var specs: [CommandSpec] { commands.map(\.spec) }

    static func script(_ shell: String) async throws -> String {
        let run = try await CommandLineRun.coupondesk(["completions", shell])
        guard run.status == 0 else { throw ScriptError(message: "completions \(shell) exited \(run.status): \(run.stderr)") }
        return run.stdout
    }

    struct ScriptError: Error { let message: String }

    /// The script in a file of `dir`.
    static func scriptFile(_ shell: String, in dir: TempDir) async throws -> String {
        let path = dir.file("coupondesk.\(shell)")
        writeText(path, try await script(shell))
        return path
    }

    /// bash: `_coupondesk` called with COMP_WORDS and COMP_CWORD set as bash sets them.
    static func bash(_ queries: [[String]], directory: String? = nil, environment: [String: String] = [:]) async throws -> [[String]] {
        let dir = try TempDir()
        var driver = """
        source \(quote(try await scriptFile("bash", in: dir)))
        query() {
            COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}; COMPREPLY=()
            _coupondesk
            printf '%s\\n' "${COMPREPLY[@]}"
            echo '<end>'
        }

        """
        for words in queries { driver += "query " + words.map(quote).joined(separator: " ") + "\n" }
        writeText(dir.file("driver.bash"), driver)
        let result = try runChild("bash", ["--norc", "--noprofile", dir.file("driver.bash")], environment: environment, directory: directory)
        return try answers(result, count: queries.count)
    }

    /// fish: `complete -C LINE`, the completions fish itself would offer (without descriptions).
    static func fish(_ queries: [[String]], environment: [String: String] = [:]) async throws -> [[String]] {
        let dir = try TempDir()
        var driver = "source \(quote(try await scriptFile("fish", in: dir)))\n"
        for words in queries {
            driver += "complete -C \(quote(words.joined(separator: " "))) | string replace -r '\\t.*' ''\necho '<end>'\n"
        }
        writeText(dir.file("driver.fish"), driver)
        let result = try runChild("fish", ["--no-config", dir.file("driver.fish")], environment: environment)
        return try answers(result, count: queries.count)
    }

    static func answers(_ result: ChildResult, count: Int) throws -> [[String]] {
        guard result.status == 0, result.stderr.isEmpty else {
            throw ScriptError(message: "the shell exited \(result.status): \(result.stderr)")
        }
        let blocks = result.stdout.components(separatedBy: "<end>\n").dropLast()
        guard blocks.count == count else { throw ScriptError(message: "\(blocks.count) answers to \(count) queries: \(result.stdout)") }
        return blocks.map { $0.split(separator: "\n").map(String.init) }
    }

    /// A word in single quotes, for bash and fish alike (the queries' words hold no quote or backslash).
    static func quote(_ word: String) -> String { "'" + word + "'" }

    /// Checks with `complete` (a shell's answers to command lines) that the shell offers every word of
    /// every command's name after the words before it, and every option of every command after its name.
    static func expectEveryCommandAndOption(shell: String, complete: ([[String]]) async throws -> [[String]]) async throws {
        let naming = specs.flatMap { spec -> [(line: [String], expected: String)] in
            let words = spec.name.split(separator: " ").map(String.init)
            return words.indices.map { i in (["coupondesk"] + words[..<i] + [""], words[i]) }
        }
        let optionLines = specs.map { ["coupondesk"] + $0.name.split(separator: " ").map(String.init) + ["--"] }
        let answers = try await complete(naming.map(\.line) + optionLines)
        for (query, answer) in zip(naming, answers) {
            #expect(answer.contains(query.expected), "\(shell): \(query.line) offers \(answer), not \(query.expected)")
        }
        for (spec, answer) in zip(specs, answers.dropFirst(naming.count)) {
            for option in spec.options.map(\.name) + ["--help"] {
                #expect(answer.contains(option), "\(shell): `coupondesk \(spec.name) --` lacks \(option)")
            }
        }
    }
}
