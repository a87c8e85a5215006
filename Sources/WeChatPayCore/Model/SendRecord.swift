import Foundation

/// One line of the history log (DESIGN §5), and the one JSON object `send --json` prints.
public struct SendRecord: Codable, Equatable, Sendable, HistoryLogLine {
    public static let currentVersion = 1

    public var v: Int
    /// ISO 8601 with milliseconds and the local offset, e.g. `2026-11-28T14:12:00.123+08:00`.
    public var time: String
    public var `operator`: String?
    /// A `SendMode` word (`sendMode` reads it); kept as text so a newer build's word survives a rewrite.
    public var mode: String
    /// The flavor the send was made in (PROTOCOL §7). Logged as `"flavor": "brand"` for brand-direct
    /// and absent for partner, so logs written before the brand flavor existed stay valid. nil: the
    /// record names a flavor this build does not know (a newer build wrote it); such a send is never
    /// resent, since no config of this build could send it through the same door.
    public var flavor: APIFlavor?
    /// For brand-direct, `brand_id` is the caller (never sent in the body, kept so that browsing and
    /// search treat both flavors alike).
    public var request: PreSendRequest
    public var outcome: Outcome
    public var token: String?
    public var error: SendError?
    public var httpStatus: Int?
    public var requestID: String?
    public var attempts: Int
    public var elapsedMs: Int
    /// Who is sending: set on a `pending` record only (absent in older logs). See `SendingProcess`.
    public var sender: SendingProcess?

    public init(v: Int = SendRecord.currentVersion, time: String, operator: String?, mode: String,
                flavor: APIFlavor? = .partner, request: PreSendRequest, outcome: Outcome, token: String? = nil, error: SendError? = nil,
                httpStatus: Int? = nil, requestID: String? = nil, attempts: Int = 0, elapsedMs: Int = 0,
                sender: SendingProcess? = nil) {
        self.v = v; self.time = time; self.operator = `operator`; self.mode = mode; self.flavor = flavor
        self.request = request; self.outcome = outcome; self.token = token; self.error = error
        self.httpStatus = httpStatus; self.requestID = requestID; self.attempts = attempts
        self.elapsedMs = elapsedMs; self.sender = sender
    }

    enum CodingKeys: String, ExchangeRecordKeys {
        case v, time, mode, flavor, request, outcome, token, error, attempts, sender
        case `operator`
        case httpStatus = "http_status"
        case requestID = "request_id"
        case elapsedMs = "elapsed_ms"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        v = try c.decodeIfPresent(Int.self, forKey: .v) ?? 1
        time = try c.decode(String.self, forKey: .time)
        `operator` = try c.decodeIfPresent(String.self, forKey: .operator)
        mode = try c.decodeIfPresent(String.self, forKey: .mode) ?? SendMode.unrecorded.rawValue
        // Absent (or null) is partner; an unknown word or a mistyped value is kept as unknown (nil),
        // never a reason to drop the record.
        if c.contains(.flavor), (try? c.decodeNil(forKey: .flavor)) != true {
            flavor = (try? c.decode(String.self, forKey: .flavor)).flatMap(APIFlavor.init(rawValue:))
        } else {
            flavor = .partner
        }
        request = try c.decode(PreSendRequest.self, forKey: .request)
        // A newer build's outcome word is shown as unknown rather than dropping the record.
        outcome = Outcome(rawValue: try c.decode(String.self, forKey: .outcome)) ?? .unknown
        token = try c.decodeIfPresent(String.self, forKey: .token)
        error = try c.decodeIfPresent(SendError.self, forKey: .error)
        httpStatus = try c.decodeIfPresent(Int.self, forKey: .httpStatus)
        requestID = try c.decodeIfPresent(String.self, forKey: .requestID)
        attempts = try c.decodeIfPresent(Int.self, forKey: .attempts) ?? 0
        elapsedMs = try c.decodeIfPresent(Int.self, forKey: .elapsedMs) ?? 0
        // Only advice about liveness: a sender that does not decode never costs the record.
        sender = (try? c.decodeIfPresent(SendingProcess.self, forKey: .sender)) ?? nil
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeHead(v: v, time: time, operator: `operator`, mode: mode, flavor: flavor)
        try c.encode(request, forKey: .request)
        try c.encode(outcome, forKey: .outcome)
        try c.encode(token, forKey: .token)
        try c.encodeExchange(error: error, httpStatus: httpStatus, requestID: requestID, attempts: attempts,
                             elapsedMs: elapsedMs, sender: sender)
    }

    /// Rewrites every `TerminalText.isUnsafe` character that JSON leaves raw as a `\uXXXX` escape.
    /// Outside strings JSON text is ASCII, so the rewrite can only touch string contents.
    public static func escapingTerminalControls(_ json: Data) -> Data {
        // Fast path: DEL is 0x7F; C1 controls start with 0xC2, the separators and overrides with 0xE2.
        guard json.contains(where: { $0 == 0x7F || $0 == 0xC2 || $0 == 0xE2 }) else { return json }
        let text = String(decoding: json, as: UTF8.self)
        guard text.unicodeScalars.contains(where: { $0.value >= 0x7F && TerminalText.isUnsafe($0) }) else { return json }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar.value >= 0x7F && TerminalText.isUnsafe(scalar) {
                let hex = String(scalar.value, radix: 16)
                out.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return Data(String(out).utf8)
    }

    /// The instant a `timestamp` names, or nil when the text is not one.
    public static func date(fromTimestamp text: String) -> Date? {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.dateFormat = "yyyy-MM-dd'T'HH:mm:ss.SSSxxx"
        return f.date(from: text)
    }

    /// `2026-11-28T14:12:00.123+08:00` in the machine's time zone.
    public static func timestamp(_ date: Date, timeZone: TimeZone = .current) -> String {
        TimestampFormatter.string(from: date, timeZone: timeZone)
    }

    /// A formatter that writes `timestamp`'s format, for a caller that formats many times (making one
    /// is far dearer than using it). Not to be shared between threads without a lock.
    public static func timestampFormatter(timeZone: TimeZone = .current) -> DateFormatter {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = timeZone
        f.dateFormat = "yyyy-MM-dd'T'HH:mm:ss.SSSxxx"
        return f
    }
}
