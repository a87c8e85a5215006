import Console
import CouponDeskText
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
        let advice: DoctorText
        switch error {
        case .noConfig, .notFound: advice = .createConfig
        case .unreadable: advice = .makeConfigReadable
        default: advice = .fixJSON
        }
        return DoctorReport(configFile: file, flavor: nil,
                            diagnoses: [.failure(.config, .rendered { $0.configError(error) }, advice: Words(advice))], configUnusable: true)
    }

    func count(_ status: Diagnosis.Status) -> Int { diagnoses.filter { $0.status == status }.count }

    // MARK: For a person

    /// The report in `text`'s language (the command line's).
    func text(_ text: Texts = cliText) -> String {
        let width = (diagnoses.map { CharacterWidth.of(text($0.check.titleKey)) }.max() ?? 0) + 2
        var out = "coupondesk doctor: \(configFile.map(Self.safe) ?? text(DoctorText.noConfigFile))\n\n"
        for line in diagnoses {
            let title = padded(text(line.check.titleKey), width)
            out += "\(line.status.mark) \(title)\(Self.safe(line.found.text(text)))\n"
            if let advice = line.todo?.text(text), !advice.isEmpty, line.status != .ok {
                out += "  " + String(repeating: " ", count: width) + "→ \(Self.safe(advice))\n"
            }
        }
        return out + "\n" + summary(text) + "\n"
    }

    func summary(_ text: Texts = cliText) -> String {
        let failed = count(.failure), warned = count(.warning), passed = count(.ok), skipped = count(.skipped)
        var parts = [text(DoctorText.countOK, ["count": String(passed)])]
        if warned > 0 { parts.append(text(warned == 1 ? DoctorText.countWarning : .countWarnings, ["count": String(warned)])) }
        if failed > 0 { parts.append(text(DoctorText.countFailed, ["count": String(failed)])) }
        if skipped > 0 { parts.append(text(DoctorText.countSkipped, ["count": String(skipped)])) }
        let counts = ["counts": parts.joined(separator: text(DoctorText.countSeparator))]
        if configUnusable { return text(DoctorText.summaryUnusable) }
        if failed > 0 { return text(DoctorText.summaryFailed, counts) }
        if warned > 0 { return text(DoctorText.summaryWarned, counts) }
        return text(DoctorText.summaryReady, counts)
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
        if asJSON { writeOut(json) } else { writeOut(Data(text().utf8)) }
        return exitCode
    }
}
