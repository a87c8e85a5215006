import Foundation

/// What a search of the history matches — one definition for the console's `/` filter and
/// `coupondesk history list --search` (README, "The history log").
///
/// A send matches when the text occurs in one of the searched fields of its current record (the
/// newest record of that send): the openid, stock_id, send_request_no, token, Request-ID, or the
/// error's category, code or message. Letters A–Z match either case; every other character matches
/// only itself (so `é` does not match `É`). An empty text matches every send. Only whole values are
/// searched, one at a time: key names, other fields and text across two fields never match.
///
/// This is the definition on a decoded record. CouponHistory searches the log's raw bytes for the same
/// fields with the same rule (and the JSON spellings of the text), so a large log is searched without
/// decoding it; its tests check the two agree.
public enum HistorySearch {
    /// The searched fields, by their keys in a history record (DESIGN §5).
    public static let fieldKeys = ["openid", "stock_id", "send_request_no", "token", "request_id",
                                   "message", "code", "category"]

    /// The values of `record` that a search looks in, in `fieldKeys` order (nil: the record has none).
    public static func searchedValues(of record: SendRecord) -> [String?] {
        [record.request.openid, record.request.stockID, record.request.sendRequestNo, record.token,
         record.requestID, record.error?.message, record.error?.code, record.error?.category.rawValue]
    }

    /// True when `text` is empty or occurs in one of the searched fields of `record`.
    public static func matches(_ record: SendRecord, text: String) -> Bool {
        guard !text.isEmpty else { return true }
        let needle = Array(text.utf8).map(lowerASCII)
        return searchedValues(of: record).contains { value in
            guard let value else { return false }
            return contains(Array(value.utf8).map(lowerASCII), needle)
        }
    }

    private static func lowerASCII(_ b: UInt8) -> UInt8 { (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }
}
