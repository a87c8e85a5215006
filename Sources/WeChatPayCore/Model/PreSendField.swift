import CouponDeskText
import Foundation

/// The fields of a pre-send, in the console's form order (DESIGN §6), with the rules of PROTOCOL §1.
/// One table serves the CLI's validation, the console's as-you-type checks and the sandbox.
public enum PreSendField: String, CaseIterable, Sendable {
    case brandID = "brand_id"
    case productCouponID = "product_coupon_id"
    case stockID = "stock_id"
    case appid
    case openid
    case couponCode = "coupon_code"
    case attach
    case sendRequestNo = "send_request_no"

    public var isRequired: Bool {
        switch self {
        case .couponCode, .attach: return false
        default: return true
        }
    }

    /// Upper bound on identifiers that PROTOCOL §1 leaves unbounded; real ids are far shorter, and a
    /// bound keeps a pasted megabyte out of the request line.
    static let maxIdentifierLength = 128

    /// The rule in words (English), as the core's messages give it; the front ends word it in their
    /// language from the same table (`FieldRule`).
    public var rule: String { Texts.english.fieldRule(rawValue) }

    static func isCodeCharacter(_ s: Unicode.Scalar) -> Bool {
        (s >= "0" && s <= "9") || (s >= "A" && s <= "Z") || (s >= "a" && s <= "z") || s == "_" || s == "-"
    }

    /// The problem with `value` for this field in words (English), or nil when it is acceptable.
    /// Empty means absent. The console and the command line word it in their language from `fieldProblem`.
    public func problem(with value: String) -> String? { fieldProblem(with: value)?.description }

    /// The problem with `value` for this field, or nil when it is acceptable. Empty means absent.
    public func fieldProblem(with value: String) -> FieldProblem? {
        func problem(_ kind: FieldProblem.Kind, count: Int? = nil) -> FieldProblem { FieldProblem(field: self, kind: kind, count: count, value: value) }
        let scalars = value.unicodeScalars
        // U+FFFD marks input that was not UTF-8 text (the console shows a bad pasted byte so): the
        // value around it is not what the user meant, in any field, attach included.
        if scalars.contains("\u{FFFD}") { return problem(.notUTF8) }
        switch self {
        case .sendRequestNo:
            if value.isEmpty { return problem(.requiredWithRule) }
            guard scalars.allSatisfy(Self.isCodeCharacter) else { return problem(.outsideCharacterSet) }
            guard (6...40).contains(scalars.count) else { return problem(.length, count: scalars.count) }
            return nil
        case .couponCode:
            if value.isEmpty { return nil }
            guard scalars.allSatisfy(Self.isCodeCharacter) else { return problem(.outsideCharacterSet) }
            guard scalars.count <= 40 else { return problem(.length, count: scalars.count) }
            return nil
        case .attach:
            // Characters, not bytes: 150 Chinese characters are fine.
            guard value.count <= 150 else { return problem(.length, count: value.count) }
            guard !value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
                return problem(.controlCharacters)
            }
            return nil
        default:
            if value.isEmpty { return problem(.required) }
            guard scalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else { return problem(.notPrintableASCII) }
            guard scalars.count <= Self.maxIdentifierLength else { return problem(.length, count: scalars.count) }
            // "." and ".." would be dot-segments in the URL path (removed by HTTP clients), changing the
            // path that was signed.
            if self == .openid && (value == "." || value == "..") { return problem(.dotSegment) }
            return nil
        }
    }

    public func value(in request: PreSendRequest) -> String {
        switch self {
        case .brandID: return request.brandID
        case .productCouponID: return request.productCouponID
        case .stockID: return request.stockID
        case .appid: return request.appid
        case .openid: return request.openid
        case .couponCode: return request.couponCode ?? ""
        case .attach: return request.attach ?? ""
        case .sendRequestNo: return request.sendRequestNo
        }
    }
}

extension PreSendRequest {
    /// Every field problem, in form order; empty when the request may be sent.
    public func problems() -> [String] { fieldProblems().map(\.description) }

    /// Every field problem as a value, in form order.
    public func fieldProblems() -> [FieldProblem] {
        PreSendField.allCases.compactMap { $0.fieldProblem(with: $0.value(in: self)) }
    }
}

/// Generates send_request_no values: unique, sortable by time, within the 6–40 `[0-9A-Za-z_-]` rule.
/// Form: `CD` + UTC `yyyyMMddHHmmssSSS` + `_` + 8 random alphanumerics (28 characters).
public enum SendRequestNumber {
    public static func generate(at date: Date = Date()) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMddHHmmssSSS"
        return "CD\(f.string(from: date))_\(SecureRandom.alphanumeric(8))"
    }
}
