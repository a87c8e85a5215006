import CouponDeskText
import WeChatPayCore

/// One thing wrong with the file: its line (nil for the file as a whole) and the rule it breaks, as
/// values. The front ends word it in their language (`Texts.batchProblem`); `description` is the
/// English wording, from the same table.
public struct BatchProblem: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// A header column that is not one of `BatchPlan.columns` (as written, trimmed).
        case unknownColumn(String)
        case columnTwice(PreSendField)
        case noOpenidColumn
        /// A required field with neither a column nor a default: one problem for the whole file.
        case requiredWithoutDefault(PreSendField)
        /// A row with `count` fields under a header of `header`.
        case fieldCount(Int, header: Int)
        /// A field rule of `send` (PROTOCOL §1).
        case field(FieldProblem)
        /// The flavor's caller rule, as the caller worded it.
        case caller(String)
        /// Brand-direct: the brand is the caller, and this row names another brand.
        case notTheCaller(brandID: String, callerID: String, flavor: APIFlavor)
        /// The same openid and stock as an earlier row (without `--allow-duplicates`).
        case duplicateOpenid(String, stockID: String, earlierLine: Int)
        /// The same send_request_no as an earlier row.
        case sharedNumber(String, earlierLine: Int)
        case noRows
        /// The file is not CSV (or not UTF-8) at the problem's line.
        case unreadable(BatchFile.ReadError)
        /// `--batch-id` (or a derived one) that cannot make numbers.
        case badBatchID(String)
        /// The history holds the row's number for another send (`ResumeDecision.Conflict`).
        case conflict(ResumeDecision.Conflict)
    }

    public var line: Int?
    public var kind: Kind

    public init(line: Int?, _ kind: Kind) { self.line = line; self.kind = kind }

    /// The problem without its line, in English.
    public var message: String { Texts.english.batchProblem(kind) }
    public var description: String { Texts.english.batchProblem(self) }
}

extension BatchFile.ReadError {
    /// The line the error names (nil: the file as a whole).
    public var line: Int? {
        switch self {
        case .notUTF8(let line), .unterminatedQuote(let line), .quoteInUnquotedField(let line), .textAfterClosingQuote(let line):
            return line
        case .noHeader: return nil
        }
    }
}

/// A value from the file or the history, fit for the terminal.
private func clean(_ text: String) -> String { TerminalText.sanitize(text) }

extension Texts {
    /// `line 3: openid: …`, in this language.
    public func batchProblem(_ problem: BatchProblem) -> String {
        let message = batchProblem(problem.kind)
        return problem.line.map { self(BatchText.atLine, ["line": String($0), "message": message]) } ?? message
    }

    /// A problem's rule in this language; values from the file are sanitised for the terminal.
    public func batchProblem(_ kind: BatchProblem.Kind) -> String {
        switch kind {
        case .unknownColumn(let name):
            return self(BatchText.unknownColumn, ["name": clean(name),
                                                  "columns": BatchPlan.columns.map(\.rawValue).joined(separator: ", ")])
        case .columnTwice(let field): return self(BatchText.columnTwice, ["column": field.rawValue])
        case .noOpenidColumn: return self(BatchText.noOpenidColumn)
        case .requiredWithoutDefault(let field):
            return self(BatchText.requiredWithoutDefault, ["field": field.rawValue,
                                                           "option": "--" + field.rawValue.replacingOccurrences(of: "_", with: "-")])
        case .fieldCount(let count, let header):
            return counted(count, one: BatchText.fieldCountOne, many: .fieldCountMany, ["header": String(header)])
        case .field(let problem):
            return fieldProblem(kind: problem.kind.rawValue, field: problem.field.rawValue, count: problem.count,
                                value: clean(problem.value))
        case .caller(let text): return text
        case .notTheCaller(let brandID, let callerID, let flavor):
            return self(BatchText.notTheCaller, ["flavor": self.flavor(flavor.rawValue), "caller": clean(callerID),
                                                 "brand": clean(brandID)])
        case .duplicateOpenid(let openid, let stockID, let earlier):
            return self(BatchText.duplicateOpenid, ["openid": clean(openid), "stock": clean(stockID), "earlier": String(earlier)])
        case .sharedNumber(let number, let earlier):
            return self(BatchText.sharedNumber, ["number": clean(number), "earlier": String(earlier)])
        case .noRows: return self(BatchText.noRows)
        case .unreadable(let error):
            switch error {
            case .notUTF8: return self(BatchText.notUTF8)
            case .unterminatedQuote: return self(BatchText.unterminatedQuote)
            case .quoteInUnquotedField: return self(BatchText.quoteInUnquotedField)
            case .textAfterClosingQuote: return self(BatchText.textAfterClosingQuote)
            case .noHeader: return self(BatchText.noHeader)
            }
        case .badBatchID(let id):
            return self(BatchText.badBatchID, ["id": clean(id), "max": String(BatchNumbering.maxBatchIDLength)])
        case .conflict(let conflict): return batchConflict(conflict)
        }
    }

    /// Why the history's record of a row's number keeps the row from being sent, in this language.
    public func batchConflict(_ conflict: ResumeDecision.Conflict) -> String {
        switch conflict {
        case .numberInUse(let inUse):
            let earlier = inUse.earlier
            let request = earlier.request
            return self(BatchText.numberInUse, ["number": clean(request.sendRequestNo), "time": clean(earlier.time),
                                                "openid": clean(request.openid), "stock": clean(request.stockID),
                                                "state": stateOfEarlierSend(earlier)])
        case .otherFlavor(let number, let flavor):
            return self(BatchText.otherFlavor, ["number": clean(number),
                                                "flavor": flavor.map { self.flavor($0.rawValue) } ?? self(BatchText.unknownFlavor)])
        case .otherMode(let recorded, let current):
            return self(PolicyText.otherMode, ["recorded": clean(recorded), "current": current.rawValue])
        }
    }

    /// The outcome of the send that holds a number, as its newest record has it.
    func stateOfEarlierSend(_ record: SendRecord) -> String {
        switch record.outcome {
        case .issued: return self(BatchText.inUseIssued, ["token": TerminalText.sanitize(record.token ?? "?")])
        case .rejected: return self(BatchText.inUseRejected, ["category": (record.error?.category ?? .other).rawValue])
        case .unknown:
            return self(BatchText.inUseUnknown, ["category": record.error?.category.rawValue ?? self(BatchText.inUseUnresolved)])
        case .pending: return self(BatchText.inUsePending)
        }
    }
}
