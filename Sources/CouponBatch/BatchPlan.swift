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
    ///   - callerRule: the flavor's rule for a request (a brand-direct caller sends only as itself), as a
    ///     problem with its values (worded in the reader's language).
    public static func make(data: Data, defaults: BatchDefaults, batchID: String? = nil, allowDuplicates: Bool = false,
                            callerRule: (PreSendRequest) -> BatchProblem.Kind?) -> Result<BatchPlan, BatchProblems> {
        let file: BatchFile
        do { file = try BatchFile.parse(data) } catch {
            return .failure(BatchProblems([BatchProblem(line: error.line, .unreadable(error))]))
        }
        let id = batchID ?? BatchNumbering.defaultBatchID(of: data)
        return make(file: file, defaults: defaults, batchID: id, allowDuplicates: allowDuplicates, callerRule: callerRule)
    }

    /// The same with the caller's rule as a sentence (shown as it is, in every language).
    public static func make(data: Data, defaults: BatchDefaults, batchID: String? = nil, allowDuplicates: Bool = false,
                            callerProblem: (PreSendRequest) -> String? = { _ in nil }) -> Result<BatchPlan, BatchProblems> {
        make(data: data, defaults: defaults, batchID: batchID, allowDuplicates: allowDuplicates,
             callerRule: { callerProblem($0).map(BatchProblem.Kind.caller) })
    }

    public static func make(file: BatchFile, defaults: BatchDefaults, batchID: String, allowDuplicates: Bool = false,
                            callerRule: (PreSendRequest) -> BatchProblem.Kind? = { _ in nil }) -> Result<BatchPlan, BatchProblems> {
        var problems: [BatchProblem] = []
        if BatchNumbering.batchIDProblem(batchID) != nil { problems.append(BatchProblem(line: nil, .badBatchID(batchID))) }
        // The header: known columns only, each once, openid among them.
        var columnIndex: [PreSendField: Int] = [:]
        for (index, name) in file.header.enumerated() {
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            guard let field = PreSendField(rawValue: trimmed.lowercased()), columns.contains(field) else {
                problems.append(BatchProblem(line: 1, .unknownColumn(trimmed)))
                continue
            }
            if columnIndex[field] != nil {
                problems.append(BatchProblem(line: 1, .columnTwice(field)))
                continue
            }
            columnIndex[field] = index
        }
        if columnIndex[.openid] == nil {
            problems.append(BatchProblem(line: 1, .noOpenidColumn))
        }
        // A required field with neither a column nor a default is one problem, not one per row.
        let missing = PreSendField.allCases.filter {
            $0.isRequired && $0 != .openid && $0 != .sendRequestNo && columnIndex[$0] == nil && (defaults.value($0) ?? "").isEmpty
        }
        for field in missing {
            problems.append(BatchProblem(line: nil, .requiredWithoutDefault(field)))
        }
        guard problems.isEmpty else { return .failure(BatchProblems(problems)) }

        var rows: [BatchRow] = []
        var firstLineOf: [String: Int] = [:]        // openid + stock → line
        var numberLine: [String: Int] = [:]         // send_request_no → line
        for row in file.rows {
            guard row.fields.count == file.header.count else {
                problems.append(BatchProblem(line: row.line, .fieldCount(row.fields.count, header: file.header.count)))
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
            var rowProblems = request.fieldProblems().map(BatchProblem.Kind.field)
            if let problem = callerRule(request) { rowProblems.append(problem) }
            let key = request.openid + "\u{0}" + request.stockID
            if let earlier = firstLineOf[key], !allowDuplicates {
                rowProblems.append(.duplicateOpenid(request.openid, stockID: request.stockID, earlierLine: earlier))
            } else if firstLineOf[key] == nil {
                firstLineOf[key] = row.line
            }
            if let earlier = numberLine[request.sendRequestNo] {
                rowProblems.append(.sharedNumber(request.sendRequestNo, earlierLine: earlier))
            } else {
                numberLine[request.sendRequestNo] = row.line
            }
            problems += rowProblems.map { BatchProblem(line: row.line, $0) }
            if rowProblems.isEmpty { rows.append(BatchRow(line: row.line, fields: row.fields, request: request)) }
        }
        if file.rows.isEmpty { problems.append(BatchProblem(line: nil, .noRows)) }
        guard problems.isEmpty else { return .failure(BatchProblems(problems)) }
        return .success(BatchPlan(batchID: batchID, header: file.header, rows: rows))
    }
}

/// Every problem of a file that was refused whole.
public struct BatchProblems: Error, Sendable, Equatable {
    public var problems: [BatchProblem]
    public init(_ problems: [BatchProblem]) { self.problems = problems }
}
