import Foundation
import WeChatPayCore

/// The result of `coupondesk doctor`: the lines, the exit code, and the two ways to show them — for a
/// person (one line per check, what to do under it) and for a script (`--json`, one object).
struct DoctorReport: Sendable {
    /// The config file examined (nil when none was found).
    let configFile: String?
    let flavor: APIFlavor?
    let diagnoses: [Diagnosis]
    /// The config file is missing, unreadable or not a JSON object: nothing else could be examined.
    let configUnusable: Bool

    /// 78 only when the config itself could not be read as JSON; else 1 when any check failed
    /// (warnings allowed), else 0.
    var exitCode: ExitCode {
        if configUnusable { return .config }
        return diagnoses.contains { $0.status == .failure } ? .failure : .ok
    }

    /// The report when there is no config to examine.
    static func unusable(_ error: ConfigError, file: String?) -> DoctorReport {
        let advice: String
        switch error {
        case .noConfig, .notFound:
            advice = "create the config (README, Configuration), or name it with --config FILE; `coupondesk demo doctor` checks the built-in demo"
        case .unreadable:
            advice = "make the file readable by the user who runs coupondesk"
        default:
            advice = "fix the JSON: one object { \"key\": value, ... } in UTF-8 (README, Configuration, has an example)"
        }
        return DoctorReport(configFile: file, flavor: nil,
                            diagnoses: [.failure(.config, error.description, advice: advice)], configUnusable: true)
    }

    func count(_ status: Diagnosis.Status) -> Int { diagnoses.filter { $0.status == status }.count }

    // MARK: For a person

    var text: String {
        let width = (diagnoses.map(\.check.title.count).max() ?? 0) + 2
        var out = "coupondesk doctor: \(configFile.map(Self.safe) ?? "no config file")\n\n"
        for line in diagnoses {
            let title = line.check.title.padding(toLength: width, withPad: " ", startingAt: 0)
            out += "\(line.status.mark) \(title)\(Self.safe(line.finding))\n"
            if let advice = line.advice, !advice.isEmpty, line.status != .ok {
                out += "  " + String(repeating: " ", count: width) + "→ \(Self.safe(advice))\n"
            }
        }
        return out + "\n" + summary + "\n"
    }

    var summary: String {
        let failed = count(.failure), warned = count(.warning), passed = count(.ok), skipped = count(.skipped)
        var parts = ["\(passed) ok"]
        if warned > 0 { parts.append("\(warned) warning\(warned == 1 ? "" : "s")") }
        if failed > 0 { parts.append("\(failed) failed") }
        if skipped > 0 { parts.append("\(skipped) not checked") }
        let counts = parts.joined(separator: ", ")
        if configUnusable { return "The config could not be read: nothing else was checked (exit 78)." }
        if failed > 0 { return "\(counts): fix the ✗ lines first, WeChat Pay or coupondesk would refuse (exit 1)." }
        if warned > 0 { return "\(counts): no failures; the ⚠ lines are worth a look (exit 0)." }
        return "\(counts): ready (exit 0)."
    }

    /// Text from files, the environment and the network, made safe for the terminal.
    static func safe(_ text: String) -> String { TerminalText.sanitize(text) }

    // MARK: For a script

    /// One JSON object: `config`, `flavor`, `exit_code`, `summary` (counts by status) and `checks`, each
    /// `{"id", "title", "status", "finding", "advice", "details"}` in report order. Its keys and
    /// `id`/`status` values are fixed whatever the language of the words.
    var json: Data {
        let checks: [[String: Any]] = diagnoses.map { line in
            ["id": line.check.rawValue, "title": line.check.title, "status": line.status.rawValue,
             "finding": Self.safe(line.finding), "advice": line.advice.map(Self.safe) ?? NSNull(),
             "details": line.details.mapValues { detail -> Any in
                 if case .text(let text) = detail { return Self.safe(text) }
                 return detail.jsonValue
             }]
        }
        let object: [String: Any] = [
            "config": configFile ?? NSNull(),
            "flavor": flavor?.rawValue ?? NSNull(),
            "exit_code": Int(exitCode.rawValue),
            "summary": Dictionary(uniqueKeysWithValues: Diagnosis.Status.allCases.map { ($0.rawValue, count($0)) }),
            "checks": checks,
        ]
        var data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        data.append(0x0A)
        return data
    }

    /// Prints the report (text or JSON) on stdout and returns its exit code.
    func emit(json asJSON: Bool) -> ExitCode {
        if asJSON { writeOut(json) } else { writeOut(Data(text.utf8)) }
        return exitCode
    }
}
