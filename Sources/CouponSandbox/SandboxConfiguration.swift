import Foundation

/// `sandbox.json`: who the partner is, which brands, coupons and stocks exist, and which openids
/// trigger faults. Field names are the snake_case ones of the file.
///
/// Both flavors are served at once (PROTOCOL §7): the partner `mchid` signs with the merchant key
/// (`merchant_serial_no`), and every brand in `brands` may call brand-direct with the brand API key
/// (`brand_serial_no`; one key pair for the sandbox's brands).
public struct SandboxConfiguration: Codable, Equatable, Sendable {
    public var mchid: String
    public var merchantSerialNo: String
    /// The brand API certificate's serial of the brand-direct callers; nil in a sandbox made before
    /// the brand flavor existed (brand-direct requests are then refused, saying why).
    public var brandSerialNo: String?
    public var wechatpayPublicKeyID: String
    /// The port `sandbox serve` uses when no `--port` is given; 0 lets the kernel pick a free one.
    public var port: Int
    /// Requests per second per partner (mchid), as the real service limits partners.
    public var rateLimitPerSecond: Int
    /// How long a token stays valid (PROTOCOL §1: 5 minutes). Idempotent replays within this window
    /// return the same token; after it a fresh token for the same pre-send.
    public var tokenValiditySeconds: Int
    /// A simulated user claims every pre-sent token this many seconds after it was issued (PROTOCOL §8:
    /// the claim creates the user's coupon), except for openids starting `never-claims-`; nil: tokens
    /// are claimed only by `coupondesk sandbox claim`. The demo uses 5.
    public var autoClaimSeconds: Int?
    public var brands: [Brand]
    public var faults: [Fault]

    public init(mchid: String, merchantSerialNo: String, brandSerialNo: String? = nil, wechatpayPublicKeyID: String, port: Int = 0,
                rateLimitPerSecond: Int = 500, tokenValiditySeconds: Int = 300, autoClaimSeconds: Int? = nil,
                brands: [Brand], faults: [Fault]) {
        self.mchid = mchid; self.merchantSerialNo = merchantSerialNo; self.brandSerialNo = brandSerialNo
        self.wechatpayPublicKeyID = wechatpayPublicKeyID; self.port = port
        self.rateLimitPerSecond = rateLimitPerSecond; self.tokenValiditySeconds = tokenValiditySeconds
        self.autoClaimSeconds = autoClaimSeconds
        self.brands = brands; self.faults = faults
    }

    enum CodingKeys: String, CodingKey {
        case mchid, port, brands, faults
        case merchantSerialNo = "merchant_serial_no"
        case brandSerialNo = "brand_serial_no"
        case wechatpayPublicKeyID = "wechatpay_public_key_id"
        case rateLimitPerSecond = "rate_limit_per_second"
        case tokenValiditySeconds = "token_validity_seconds"
        case autoClaimSeconds = "auto_claim_seconds"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        mchid = try c.decode(String.self, forKey: .mchid)
        merchantSerialNo = try c.decode(String.self, forKey: .merchantSerialNo)
        brandSerialNo = try c.decodeIfPresent(String.self, forKey: .brandSerialNo)
        wechatpayPublicKeyID = try c.decode(String.self, forKey: .wechatpayPublicKeyID)
        port = try c.decodeIfPresent(Int.self, forKey: .port) ?? 0
        rateLimitPerSecond = try c.decodeIfPresent(Int.self, forKey: .rateLimitPerSecond) ?? 500
        tokenValiditySeconds = try c.decodeIfPresent(Int.self, forKey: .tokenValiditySeconds) ?? 300
        autoClaimSeconds = try c.decodeIfPresent(Int.self, forKey: .autoClaimSeconds)
        brands = try c.decodeIfPresent([Brand].self, forKey: .brands) ?? []
        faults = try c.decodeIfPresent([Fault].self, forKey: .faults) ?? []
    }

    public struct Brand: Codable, Equatable, Sendable {
        public var brandID: String
        public var appids: [String]
        public var productCoupons: [ProductCoupon]

        public init(brandID: String, appids: [String], productCoupons: [ProductCoupon]) {
            self.brandID = brandID; self.appids = appids; self.productCoupons = productCoupons
        }

        enum CodingKeys: String, CodingKey {
            case appids
            case brandID = "brand_id"
            case productCoupons = "product_coupons"
        }
    }

    public struct ProductCoupon: Codable, Equatable, Sendable {
        public var productCouponID: String
        public var stocks: [Stock]

        public init(productCouponID: String, stocks: [Stock]) {
            self.productCouponID = productCouponID; self.stocks = stocks
        }

        enum CodingKeys: String, CodingKey {
            case stocks
            case productCouponID = "product_coupon_id"
        }
    }

    public struct Stock: Codable, Equatable, Sendable {
        public enum State: String, Codable, Sendable, CaseIterable {
            case auditing = "AUDITING", sending = "SENDING", paused = "PAUSED", stopped = "STOPPED"
            case deactivated = "DEACTIVATED"
        }
        public enum CouponCodeMode: String, Codable, Sendable, CaseIterable {
            case wechatpay = "WECHATPAY", upload = "UPLOAD", apiAssign = "API_ASSIGN"
        }

        public var stockID: String
        public var state: State
        public var couponCodeMode: CouponCodeMode
        /// Total budget (批次总预算).
        public var maxCount: Int
        /// Daily budget (每日预算); nil when the stock has none.
        public var maxCountPerDay: Int?
        /// Per-user limit (每人限领); nil when the stock has none.
        public var maxCountPerUser: Int?
        /// Words for people (README, `sandbox init` output); ignored by the engine.
        public var note: String?

        public init(stockID: String, state: State = .sending, couponCodeMode: CouponCodeMode = .wechatpay,
                    maxCount: Int, maxCountPerDay: Int? = nil, maxCountPerUser: Int? = nil, note: String? = nil) {
            self.stockID = stockID; self.state = state; self.couponCodeMode = couponCodeMode
            self.maxCount = maxCount; self.maxCountPerDay = maxCountPerDay
            self.maxCountPerUser = maxCountPerUser; self.note = note
        }

        enum CodingKeys: String, CodingKey {
            case state, note
            case stockID = "stock_id"
            case couponCodeMode = "coupon_code_mode"
            case maxCount = "max_count"
            case maxCountPerDay = "max_count_per_day"
            case maxCountPerUser = "max_count_per_user"
        }
    }

    /// A misbehaviour the sandbox shows for every openid that starts with `openidPrefix`.
    public struct Fault: Codable, Equatable, Sendable {
        public enum Kind: String, Codable, Sendable, CaseIterable {
            /// 500 SYSTEM_ERROR before anything is committed.
            case systemError = "system_error"
            /// 429 RATELIMIT_EXCEEDED before anything is committed.
            case rateLimited = "rate_limited"
            /// Commits, then waits `ms` before answering (a client with a shorter timeout sees a timeout).
            case delayAfterCommit = "delay_after_commit"
            /// Commits, then closes the connection without a response.
            case dropConnectionAfterCommit = "drop_connection_after_commit"
            /// Commits, then answers with a Base64 signature that does not verify.
            case badSignature = "bad_signature"
            /// Commits, then answers with a `WECHATPAY/SIGNTEST/...` probe signature.
            case probeSignature = "probe_signature"
            /// Commits, then answers correctly signed but with a Wechatpay-Timestamp 10 minutes old.
            case staleTimestamp = "stale_timestamp"
            /// Commits, then answers without any Wechatpay-* signature headers.
            case unsigned
            /// Commits, then answers 200 with a correctly signed body that is not JSON.
            case malformedJSON = "malformed_json"
            /// Refuses (400) with a message full of terminal escape sequences and control characters.
            case controlCharsInMessage = "control_chars_in_message"
            /// Commits, then answers 200 with a correctly signed 2 MiB body (a client must bound its read).
            case oversizedResponse = "oversized_response"
            /// 502 with an HTML page and no WeChat Pay headers, as a proxy in front of the service
            /// would send; nothing committed.
            case htmlErrorPage = "html_error_page"
        }

        /// The calls a fault hits. Faults were first made for the pre-send; the look-ups and the confirm
        /// (PROTOCOL §8–9) of an openid with the prefix are hit too, unless `calls` names fewer.
        public enum Call: String, Codable, Sendable, CaseIterable {
            case preSend = "pre_send"
            /// The user's coupons, one coupon (the stock look-up has no openid: no fault hits it).
            case lookup
            case confirm
        }

        public var openidPrefix: String
        public var kind: Kind
        /// The calls this fault hits; nil: every call of the openid.
        public var calls: [Call]?
        /// The delay of `delay_after_commit`, in milliseconds.
        public var ms: Int?
        /// How many requests of each send_request_no the fault hits; later ones (resends) are served
        /// normally. nil = every request. Counted in state.json, so separate processes agree.
        public var times: Int?
        public var note: String?

        public init(openidPrefix: String, kind: Kind, ms: Int? = nil, times: Int? = nil, calls: [Call]? = nil, note: String? = nil) {
            self.openidPrefix = openidPrefix; self.kind = kind; self.ms = ms; self.times = times; self.calls = calls
            self.note = note
        }

        enum CodingKeys: String, CodingKey {
            case kind, ms, times, note, calls
            case openidPrefix = "openid_prefix"
        }

        public func hits(_ call: Call) -> Bool { calls?.contains(call) ?? true }
    }

    // MARK: Lookups

    public func brand(_ id: String) -> Brand? { brands.first { $0.brandID == id } }

    public func fault(forOpenID openid: String, call: Fault.Call = .preSend) -> Fault? {
        // The longest matching prefix wins, so a specific prefix can refine a general one.
        faults.filter { !$0.openidPrefix.isEmpty && openid.hasPrefix($0.openidPrefix) && $0.hits(call) }
            .max { $0.openidPrefix.count < $1.openidPrefix.count }
    }

    /// Problems that make this configuration unusable, each naming the field.
    public func problems() -> [String] {
        var out: [String] = []
        if mchid.isEmpty { out.append("mchid: required") }
        if merchantSerialNo.isEmpty { out.append("merchant_serial_no: required") }
        if let brandSerialNo, brandSerialNo.isEmpty || !brandSerialNo.unicodeScalars.allSatisfy({ $0.properties.isASCIIHexDigit }) {
            out.append("brand_serial_no: the brand API certificate's serial in hex")
        }
        if !wechatpayPublicKeyID.hasPrefix("PUB_KEY_ID_") { out.append("wechatpay_public_key_id: must start with PUB_KEY_ID_") }
        if !(0...65535).contains(port) { out.append("port: must be 0–65535") }
        if rateLimitPerSecond < 1 { out.append("rate_limit_per_second: must be at least 1") }
        if tokenValiditySeconds < 1 { out.append("token_validity_seconds: must be at least 1") }
        if let autoClaimSeconds, autoClaimSeconds < 0 { out.append("auto_claim_seconds: must be ≥ 0") }
        var stockIDs = Set<String>()
        for brand in brands {
            for coupon in brand.productCoupons {
                for stock in coupon.stocks {
                    if !stockIDs.insert(stock.stockID).inserted { out.append("stock_id \(stock.stockID): appears twice") }
                    if stock.maxCount < 0 { out.append("stock \(stock.stockID): max_count must be ≥ 0") }
                    if let d = stock.maxCountPerDay, d < 0 { out.append("stock \(stock.stockID): max_count_per_day must be ≥ 0") }
                    if let u = stock.maxCountPerUser, !(1...100).contains(u) {
                        out.append("stock \(stock.stockID): max_count_per_user must be 1–100")
                    }
                }
            }
        }
        for fault in faults where fault.kind == .delayAfterCommit && (fault.ms ?? -1) < 0 {
            out.append("fault \(fault.openidPrefix): delay_after_commit needs ms ≥ 0")
        }
        return out
    }

    public static func decode(_ data: Data, source: String) throws -> SandboxConfiguration {
        let configuration: SandboxConfiguration
        do {
            configuration = try JSONDecoder().decode(SandboxConfiguration.self, from: data)
        } catch let error as DecodingError {
            throw SandboxError.invalidFile(source, describe(error))
        }
        let problems = configuration.problems()
        if !problems.isEmpty { throw SandboxError.invalidFile(source, problems.joined(separator: "; ")) }
        return configuration
    }

    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(0x0A)
        return data
    }
}

func describe(_ error: DecodingError) -> String {
    func path(_ context: DecodingError.Context) -> String {
        let p = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        return p.isEmpty ? "top level" : p
    }
    switch error {
    case .keyNotFound(let key, let context):
        return "\(path(context)): missing key \(key.stringValue)"
    case .typeMismatch(_, let context), .valueNotFound(_, let context):
        return "\(path(context)): \(context.debugDescription)"
    case .dataCorrupted(let context):
        return "\(path(context)): \(context.debugDescription)"
    @unknown default:
        return "\(error)"
    }
}

/// Why the sandbox could not be set up or loaded.
public enum SandboxError: Error, CustomStringConvertible, Equatable, Sendable {
    case invalidFile(String, String)
    case alreadyInitialised(String)
    case io(String, String)
    case listener(String)

    public var description: String {
        switch self {
        case .invalidFile(let file, let problem): return "\(file): \(problem)"
        case .alreadyInitialised(let dir):
            return "\(dir) already holds a sandbox (sandbox.json); use it as is, or choose an empty directory"
        case .io(let file, let problem): return "\(file): \(problem)"
        case .listener(let problem): return "listener: \(problem)"
        }
    }
}
