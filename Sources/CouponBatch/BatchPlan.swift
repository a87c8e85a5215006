import Foundation
import WeChatPayCore

/// What applies to every row that does not say otherwise: the command's options, else the config's
/// `defaults` (the form's), and for brand-direct the caller as the brand — the config's own shape.
public typealias BatchDefaults = CouponDeskConfig.Defaults

extension CouponDeskConfig.Defaults {
    func value(_ field: PreSendField) -> String? {
        switch field {
        case .brandID: return brandID
        case .productCouponID: return productCouponID
        case .stockID: return stockID
        case .appid: return appid
        default: return nil
        }
    }
}

/// One thing wrong with the file: its line (nil for the file as a whole) and the rule it breaks.
public struct BatchProblem: Sendable, Equatable, CustomStringConvertible {
    public var line: Int?
    public var message: String
    public init(line: Int?, _ message: String) { self.line = line; self.message = message }
    public var description: String { line.map { "line \($0): \(message)" } ?? message }
}

/// One row to send: where it is in the file, what it says, and the request made of it.
public struct BatchRow: Sendable, Equatable {
    public var line: Int
    /// The row's fields as written, in the header's order (for `--output`).
    public var fields: [String]
    public var request: PreSendRequest
}

/// A checked campaign: every row a valid request with its number, or every problem of the file.
public struct BatchPlan: Sendable, Equatable {
    public var batchID: String
    public var header: [String]
    public var rows: [BatchRow]

    /// The columns a file may have; `openid` is required.
    public static let columns: [PreSendField] = [.openid, .attach, .couponCode, .brandID, .productCouponID,
                                                 .stockID, .appid, .sendRequestNo]

    /// Reads and checks a whole file: nothing is sent unless this returns a plan.
    ///
    /// - Parameters:
    ///   - batchID: `--batch-id`, else derived from the file's bytes (`BatchNumbering.defaultBatchID`).
    ///   - callerProblem: the flavor's rule for a request (a brand-direct caller sends only as itself).
    public static func make(data: Data, defaults: BatchDefaults, batchID: String? = nil, allowDuplicates: Bool = false,
                            callerProblem: (PreSendRequest) -> String? = { _ in nil }) -> Result<BatchPlan, BatchProblems> {
        let file: BatchFile
        do { file = try BatchFile.parse(data) } catch {
            return .failure(BatchProblems([BatchProblem(readError: error)]))
        }
        let id = batchID ?? BatchNumbering.defaultBatchID(of: data)
        return make(file: file, defaults: defaults, batchID: id, allowDuplicates: allowDuplicates, callerProblem: callerProblem)
    }

    public static func make(file: BatchFile, defaults: BatchDefaults, batchID: String, allowDuplicates: Bool = false,
                            callerProblem: (PreSendRequest) -> String? = { _ in nil }) -> Result<BatchPlan, BatchProblems> {
        var problems: [BatchProblem] = []
        if let problem = BatchNumbering.batchIDProblem(batchID) { problems.append(BatchProblem(line: nil, problem)) }
        // The header: known columns only, each once, openid among them.
        var columnIndex: [PreSendField: Int] = [:]
        for (index, name) in file.header.enumerated() {
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            guard let field = PreSendField(rawValue: trimmed.lowercased()), columns.contains(field) else {
                problems.append(BatchProblem(line: 1, "unknown column \"\(TerminalText.sanitize(trimmed))\"; the columns are \(columns.map(\.rawValue).joined(separator: ", "))"))
                continue
            }
            if columnIndex[field] != nil {
                problems.append(BatchProblem(line: 1, "column \(field.rawValue) appears twice"))
                continue
            }
            columnIndex[field] = index
        }
        if columnIndex[.openid] == nil {
            problems.append(BatchProblem(line: 1, "no openid column: the header row must name an openid column"))
        }
        // A required field with neither a column nor a default is one problem, not one per row.
        let missing = PreSendField.allCases.filter {
            $0.isRequired && $0 != .openid && $0 != .sendRequestNo && columnIndex[$0] == nil && (defaults.value($0) ?? "").isEmpty
        }
        for field in missing {
            problems.append(BatchProblem(line: nil, "\(field.rawValue): required; give \(optionName(field)), a \(field.rawValue) column, or defaults.\(field.rawValue) in the config"))
        }
        guard problems.isEmpty else { return .failure(BatchProblems(problems)) }

        var rows: [BatchRow] = []
        var firstLineOf: [String: Int] = [:]        // openid + stock → line
        var numberLine: [String: Int] = [:]         // send_request_no → line
        for row in file.rows {
            guard row.fields.count == file.header.count else {
                problems.append(BatchProblem(line: row.line, "has \(row.fields.count) fields, the header has \(file.header.count)"))
                continue
            }
            func cell(_ field: PreSendField) -> String? {
                columnIndex[field].map { row.fields[$0] }.flatMap { $0.isEmpty ? nil : $0 }
            }
            let request = PreSendRequest(
                openid: cell(.openid) ?? "",
                brandID: cell(.brandID) ?? defaults.brandID ?? "",
                productCouponID: cell(.productCouponID) ?? defaults.productCouponID ?? "",
                stockID: cell(.stockID) ?? defaults.stockID ?? "",
                appid: cell(.appid) ?? defaults.appid ?? "",
                sendRequestNo: cell(.sendRequestNo) ?? BatchNumbering.number(batchID: batchID, line: row.line),
                couponCode: cell(.couponCode), attach: cell(.attach))
            // The same rules as `send`, and the flavor's.
            var rowProblems = request.problems()
            if let problem = callerProblem(request) { rowProblems.append(problem) }
            let key = request.openid + "\u{0}" + request.stockID
            if let earlier = firstLineOf[key], !allowDuplicates {
                rowProblems.append("openid \(TerminalText.sanitize(request.openid)) already has a row for stock \(TerminalText.sanitize(request.stockID)) on line \(earlier) (give --allow-duplicates to send both)")
            } else if firstLineOf[key] == nil {
                firstLineOf[key] = row.line
            }
            if let earlier = numberLine[request.sendRequestNo] {
                rowProblems.append("send_request_no \(TerminalText.sanitize(request.sendRequestNo)) is also line \(earlier)'s; each row needs its own")
            } else {
                numberLine[request.sendRequestNo] = row.line
            }
            problems += rowProblems.map { BatchProblem(line: row.line, $0) }
            if rowProblems.isEmpty { rows.append(BatchRow(line: row.line, fields: row.fields, request: request)) }
        }
        if file.rows.isEmpty { problems.append(BatchProblem(line: nil, "the file has a header but no rows")) }
        guard problems.isEmpty else { return .failure(BatchProblems(problems)) }
        return .success(BatchPlan(batchID: batchID, header: file.header, rows: rows))
    }

    static func optionName(_ field: PreSendField) -> String {
        "--" + field.rawValue.replacingOccurrences(of: "_", with: "-")
    }
}

/// Every problem of a file that was refused whole.
public struct BatchProblems: Error, Sendable, Equatable {
    public var problems: [BatchProblem]
    public init(_ problems: [BatchProblem]) { self.problems = problems }
}

extension BatchProblem {
    init(readError: BatchFile.ReadError) {
        switch readError {
        case .notUTF8(let line): self.init(line: line, "not UTF-8 text; save the file as UTF-8 (CSV UTF-8 in Excel)")
        case .unterminatedQuote(let line): self.init(line: line, "a quoted field starts here and is never closed")
        case .quoteInUnquotedField(let line): self.init(line: line, "a quote inside a field that is not quoted; quote the field and double the quote (\"\")")
        case .textAfterClosingQuote(let line): self.init(line: line, "text after a closing quote; a quoted field must end at a comma or the end of the line")
        case .noHeader: self.init(line: nil, "the file is empty; it needs a header row naming the columns (openid, ...)")
        }
    }
}
