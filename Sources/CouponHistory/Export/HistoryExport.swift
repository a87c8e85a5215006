import Foundation
import WeChatPayCore

/// Export of the whole log: every readable record in file order (oldest first), one row or object
/// per record (a resend's attempts are all there, and confirms, told apart by `action`), for audits
/// and spreadsheets.
public enum HistoryExport {
    public enum Format: String, CaseIterable, Sendable {
        case csv, json
    }

    /// The CSV columns, in order.
    public static let csvColumns = [
        "time", "outcome", "send_request_no", "openid", "brand_id", "product_coupon_id", "stock_id", "appid",
        "coupon_code", "attach", "token", "error_category", "error_code", "error_numeric_code",
        "error_message", "http_status", "request_id", "attempts", "elapsed_ms", "operator", "mode", "v",
        "flavor", "action", "out_request_no", "coupon_state",
    ]

    /// One CSV row (RFC 4180, ending in CRLF) for a record, in `csvColumns` order.
    public static func csvRow(_ r: SendRecord) -> String {
        let cells: [String?] = [
            r.time, r.outcome.rawValue, r.request.sendRequestNo, r.request.openid, r.request.brandID,
            r.request.productCouponID, r.request.stockID, r.request.appid, r.request.couponCode,
            r.request.attach, r.token, r.error?.category.rawValue, r.error?.code,
            r.error?.numericCode.map(String.init), r.error?.message, r.httpStatus.map(String.init),
            r.requestID, String(r.attempts), String(r.elapsedMs), r.operator, r.mode, String(r.v),
            r.flavor?.rawValue ?? "unknown", "pre_send", nil, nil,
        ]
        return cells.map { csvCell($0 ?? "") }.joined(separator: ",") + "\r\n"
    }

    /// One CSV row for a confirm (PROTOCOL §9), in `csvColumns` order: send_request_no is the send it
    /// belongs to, coupon_code the confirmed coupon, token and attach empty.
    public static func csvRow(_ r: ConfirmRecord) -> String {
        let q = r.request
        let cells: [String?] = [
            r.time, r.outcome.rawValue, r.preSendRequestNo, q.openid, q.brandID, q.productCouponID, q.stockID, q.appid,
            q.couponCode, nil, nil, r.error?.category.rawValue, r.error?.code, r.error?.numericCode.map(String.init),
            r.error?.message, r.httpStatus.map(String.init), r.requestID, String(r.attempts), String(r.elapsedMs),
            r.operator, r.mode, String(r.v), r.flavor?.rawValue ?? "unknown", ConfirmRecord.action, q.outRequestNo,
            r.couponState,
        ]
        return cells.map { csvCell($0 ?? "") }.joined(separator: ",") + "\r\n"
    }

    public static var csvHeader: String { csvColumns.joined(separator: ",") + "\r\n" }

    /// One CSV cell. A cell a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, or a
    /// tab or carriage return, which some spreadsheets strip before looking) gets a leading `'`. A cell
    /// holding a comma, quote or line break is quoted, quotes doubled (RFC 4180).
    public static func csvCell(_ text: String) -> String {
        // Decided on UTF-8 bytes: the characters that matter are all ASCII (a million rows add up).
        var needsQuotes = false
        var formula = false
        for (i, byte) in text.utf8.enumerated() {
            if i == 0 { formula = byte == 0x3D || byte == 0x2B || byte == 0x2D || byte == 0x40 || byte == 0x09 || byte == 0x0D }
            if byte == 0x2C || byte == 0x22 || byte == 0x0A || byte == 0x0D { needsQuotes = true; break }
        }
        let cell = formula ? "'" + text : text
        guard needsQuotes else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Writes every readable record of `reader` in `format` to `write`, in pieces of about 1 MB.
    /// JSON is one array; each element is the record's line exactly as logged, so fields of a newer
    /// schema survive the export. Returns the number of records written.
    @discardableResult
    public static func write(_ reader: HistoryReader, format: Format,
                             to write: (Data) throws -> Void) throws -> Int {
        var buffer = Data()
        buffer.reserveCapacity(1 << 20)
        func flushIfFull() throws {
            if buffer.count >= 1 << 20 { try write(buffer); buffer.removeAll(keepingCapacity: true) }
        }
        switch format {
        case .csv:
            buffer.append(contentsOf: csvHeader.utf8)
            let count = try reader.forEachLine { record, _ in
                switch record {
                case .send(let send): buffer.append(contentsOf: csvRow(send).utf8)
                case .confirm(let confirm): buffer.append(contentsOf: csvRow(confirm).utf8)
                }
                try flushIfFull()
            }
            try write(buffer)
            return count
        case .json:
            buffer.append(contentsOf: "[".utf8)
            var first = true
            let count = try reader.forEachLine { _, line in
                buffer.append(contentsOf: (first ? "\n" : ",\n").utf8)
                first = false
                buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: line[RawLine.jsonRange(of: line)]))
                try flushIfFull()
            }
            buffer.append(contentsOf: (first ? "]\n" : "\n]\n").utf8)
            try write(buffer)
            return count
        }
    }
}
