import Foundation
import WeChatPayCore

/// The small text work every request does — splitting off the query, finding a header, decoding the
/// openid, reading the Request-ID's code — done over bytes for the ASCII text that requests carry, and
/// as Swift's character-by-character operations otherwise, so that every input gives what it gave.
extension SandboxEngine {
    /// The canonical URL's text before its first `?` and, when there is one, the text after it — what
    /// `split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)` gives.
    static func splitQuery(_ url: String) -> (path: Substring, query: Substring?) {
        if url.utf8.allSatisfy({ $0 < 0x80 }) {
            // In ASCII text every character is one byte, but for CR LF, which holds no "?".
            guard let mark = url.utf8.firstIndex(of: UInt8(ascii: "?")) else { return (url[...], nil) }
            return (url[..<mark], url[url.utf8.index(after: mark)...])
        }
        let parts = url.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        return (parts.first ?? "", parts.count > 1 ? parts[1] : nil)
    }

    /// `text.removingPercentEncoding`: the text itself when it holds no `%` (there is nothing to decode).
    static func percentDecoded(_ text: String) -> String? {
        text.utf8.contains(UInt8(ascii: "%")) ? text.removingPercentEncoding : text
    }

    /// The value of the first header (in the dictionary's order) whose name is `name` when both are
    /// lowercased — `headers.first { $0.key.lowercased() == name.lowercased() }` — without making
    /// lowercased copies of ASCII names.
    static func header(_ name: String, in headers: [String: String]) -> String? {
        let lower = name.lowercased()
        return headers.first(where: { lowercased($0.key, equals: lower) })?.value
    }

    /// `key.lowercased() == lower`.
    static func lowercased(_ key: String, equals lower: String) -> Bool {
        let keyBytes = key.utf8, lowerBytes = lower.utf8
        guard keyBytes.allSatisfy({ $0 < 0x80 }), lowerBytes.allSatisfy({ $0 < 0x80 }) else { return key.lowercased() == lower }
        // ASCII lowercases byte for byte, and two ASCII strings are equal only byte for byte.
        guard keyBytes.count == lowerBytes.count else { return false }
        return zip(keyBytes, lowerBytes).allSatisfy { byte, other in
            (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte) == other
        }
    }

    /// The number after the last `-` of a Request-ID (`{hex}-{numeric code}`):
    /// `id.split(separator: "-").last.flatMap { Int($0) }`.
    static func numericCode(ofRequestID id: String) -> Int? {
        guard id.utf8.allSatisfy({ $0 < 0x80 }) else { return id.split(separator: "-").last.flatMap { Int($0) } }
        // The last piece between dashes that is not empty: trailing dashes are skipped as `split` skips them.
        let dash = UInt8(ascii: "-")
        guard let lastNonDash = id.utf8.lastIndex(where: { $0 != dash }) else { return nil }
        let end = id.utf8.index(after: lastNonDash)
        let start = id.utf8[..<end].lastIndex(of: dash).map { id.utf8.index(after: $0) } ?? id.startIndex
        return Int(id[start..<end])
    }
}

/// What answering a request and recording it both work out from its URL and body, each worked out
/// once (and only when asked for): the path and query, the flavor the path is under, the pre-send or
/// look-up route it names, the openid and the body.
final class RequestParts {
    let request: HTTPRequest
    /// The canonical URL's text before its first `?`, and the query after it.
    let path: String
    let query: String?
    /// The flavor whose prefix `path` is under (partner for anything else).
    let flavor: APIFlavor

    init(_ request: HTTPRequest) {
        self.request = request
        let split = SandboxEngine.splitQuery(request.canonicalURL)
        path = String(split.path)
        query = split.query.map(String.init)
        flavor = SandboxEngine.flavor(ofPath: path)
    }

    init(_ request: HTTPRequest, path: String) {
        self.request = request
        self.path = path
        query = nil
        flavor = SandboxEngine.flavor(ofPath: path)
    }

    /// The flavor and the still-escaped openid segment when `path` is a pre-send path.
    private(set) lazy var preSend: (flavor: APIFlavor, segment: String)? = SandboxEngine.preSendSegment(path)
    /// The look-up or confirm route `path` names under `flavor`.
    private(set) lazy var lookup: ProductCouponRoute? = ProductCouponRoute(path: path, flavor: flavor)
    /// The pre-send segment, percent-decoded (nil: not a pre-send path, or not decodable).
    private(set) lazy var openid: String? = preSend.flatMap { SandboxEngine.percentDecoded($0.segment) }
    /// The body, when it is a JSON object.
    private(set) lazy var body: [String: Any]? = FlatJSONObject.object(request.body)
}

/// Random bytes as the sandbox writes them into identifiers.
enum SandboxEncoding {
    private static let upperDigits = Array("0123456789ABCDEF".utf8)
    private static let urlSafeAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// Two uppercase hex digits per byte: `bytes.map { String(format: "%02X", $0) }.joined()`.
    static func upperHex(_ bytes: [UInt8]) -> String {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(upperDigits[Int(byte >> 4)])
            out.append(upperDigits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Base64 with `-` for `+` and `_` for `/`, padded with `=` like `base64EncodedString()`:
    /// `Data(bytes).base64EncodedString()` with those two characters replaced.
    static func urlSafeBase64(_ bytes: [UInt8]) -> String {
        var out = [UInt8]()
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let count = min(3, bytes.count - index)
            let b0 = UInt32(bytes[index])
            let b1 = count > 1 ? UInt32(bytes[index + 1]) : 0
            let b2 = count > 2 ? UInt32(bytes[index + 2]) : 0
            let group = b0 << 16 | b1 << 8 | b2
            out.append(urlSafeAlphabet[Int(group >> 18 & 0x3F)])
            out.append(urlSafeAlphabet[Int(group >> 12 & 0x3F)])
            out.append(count > 1 ? urlSafeAlphabet[Int(group >> 6 & 0x3F)] : UInt8(ascii: "="))
            out.append(count > 2 ? urlSafeAlphabet[Int(group & 0x3F)] : UInt8(ascii: "="))
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}
