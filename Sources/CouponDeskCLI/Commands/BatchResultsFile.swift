import CouponBatch
import Foundation
import WeChatPayCore

/// `--output RESULTS.csv`: the input columns, plus send_request_no (when the file had none), outcome,
/// category, token and request_id — one row per input row, in file order, RFC 4180 quoted. A row this
/// run did not finish (not started, or abandoned in flight) says `not_done`.
enum BatchResultsFile {
    static let addedColumns = ["outcome", "category", "token", "request_id"]

    static func write(plan: BatchPlan, results: [Int: BatchRowResult], to path: String) throws {
        let hasNumber = plan.header.contains { $0.trimmingCharacters(in: .whitespaces).lowercased() == PreSendField.sendRequestNo.rawValue }
        var lines = [csvLine(plan.header + (hasNumber ? [] : [PreSendField.sendRequestNo.rawValue]) + addedColumns)]
        for row in plan.rows {
            let result = results[row.line]
            let record = result?.record
            var fields = row.fields
            if !hasNumber { fields.append(row.request.sendRequestNo) }
            fields += [result.map { $0.outcome.rawValue } ?? "not_done",
                       result?.category?.rawValue ?? "",
                       record?.token ?? "",
                       record?.requestID ?? ""]
            lines.append(csvLine(fields))
        }
        let data = Data(lines.joined().utf8)
        guard FileManager.default.createFile(atPath: path, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
    }

    /// One CSV record ending in CRLF (RFC 4180), quoting the fields that need it.
    static func csvLine(_ fields: [String]) -> String {
        fields.map { field in
            guard field.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
            return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }.joined(separator: ",") + "\r\n"
    }
}
