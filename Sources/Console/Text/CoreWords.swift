import CouponDeskText
import WeChatPayCore

/// The core's values in a person's language: the tables are keyed by the values' raw strings, so
/// the text target needs no core; these helpers only pass the raw values along.
extension Texts {
    public func problem(_ problem: FieldProblem) -> String {
        fieldProblem(kind: problem.kind.rawValue, field: problem.field.rawValue, count: problem.count,
                     value: TerminalText.sanitize(problem.value))
    }

    public func reason(_ category: ErrorCategory) -> String { self.category(category.rawValue) }

    public func outcome(_ outcome: Outcome) -> String { self.outcome(outcome.rawValue) }

    public func outcome(_ outcome: ConfirmOutcome) -> String { self.outcome(outcome.rawValue) }

    public func label(_ field: PreSendField) -> String { fieldLabel(field.rawValue) }

    public func rule(_ field: PreSendField) -> String { fieldRule(field.rawValue) }

    public func flavor(_ flavor: APIFlavor) -> String { self.flavor(flavor.rawValue) }
}

extension Texts {
    /// A config problem in this language: the frame (file, key) and the reason (the core's English
    /// reworded from `ConfigReasonText`, a key file's from `KeyFileText`).
    public func configError(_ error: ConfigError) -> String {
        switch error {
        case .noConfig(let searched):
            return self(CoreErrorText.configNoConfig, ["path": searched.last ?? "~/.config/coupondesk/config.json"])
        case .notFound(let path): return self(CoreErrorText.configNotFound, ["path": path])
        case .unreadable(let path, let reason): return self(CoreErrorText.configUnreadable, ["path": path, "reason": reason])
        case .notJSON(let path, let detail): return self(CoreErrorText.configNotJSON, ["path": path, "detail": detail])
        case .unknownKey(let path, let key, let suggestion):
            return self(CoreErrorText.configUnknownKey, ["path": path, "key": key,
                                                          "suggestion": suggestion.map { self(CoreErrorText.configDidYouMean, ["key": $0]) } ?? ""])
        case .missingKey(let path, let key): return self(CoreErrorText.configMissingKey, ["path": path, "key": key])
        case .missingKeyBecause(let path, let key, let reason):
            return self(CoreErrorText.configMissingKeyBecause, ["path": path, "key": key, "reason": reword(reason, ConfigReasonText.self)])
        case .wrongType(let path, let key, let expected):
            return self(CoreErrorText.configWrongType, ["path": path, "key": key, "expected": reword(expected, ConfigReasonText.self)])
        case .invalidValue(let path, let key, let reason):
            return self(CoreErrorText.configInvalidValue, ["path": path, "key": key, "reason": reword(reason, ConfigReasonText.self)])
        case .keyFile(let key, let problem): return self(CoreErrorText.configKeyFile, ["key": key, "problem": problem.describe(self)])
        }
    }

    /// A look-up without an answer: WeChat Pay's refusal or the unknown outcome, with the reason in this
    /// language and WeChat Pay's own words; a request that was not sent reworded from the core's English.
    public func failure(_ failure: LookupFailure) -> String {
        switch failure {
        case .invalidQuery(let problems):
            return self(LookupRuleText.notSent, ["why": problems.map { reword($0, LookupRuleText.self) }.joined(separator: "; ")])
        case .signingFailed(let problem):
            return self(LookupRuleText.notSigned, ["problem": problem])
        case .refused(let error, let requestID), .unknown(let error, let requestID):
            var said = [reason(error.category)]
            if let status = error.httpStatus { said.append("HTTP \(status)") }
            if let code = error.code { said.append(TerminalText.sanitize(code)) }
            if let numeric = error.numericCode { said.append(self(CoreErrorText.numericCode, ["code": String(numeric)])) }
            if let message = error.message { said.append(TerminalText.sanitize(errorMessage(message))) }
            said.append(self(CoreErrorText.requestID, ["id": TerminalText.sanitize(requestID ?? self(CoreErrorText.noResponse))]))
            return said.joined(separator: "  ")
        }
    }
}
