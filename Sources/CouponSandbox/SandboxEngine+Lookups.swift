import Foundation
import WeChatPayCore

/// Which call of the product-coupon API a request is.
public enum SandboxCall: String, Sendable, Equatable {
    case preSend = "pre-send"
    case userCoupons = "user-coupons"
    case userCoupon = "user-coupon"
    case stock
    case confirm
}

/// The routes of PROTOCOL §8–9 under a flavor's prefix, their segments still percent-encoded.
struct ProductCouponRoute: Equatable {
    let call: SandboxCall
    let segments: [String]

    /// nil when `path` is none of the look-up or confirm paths of `flavor`.
    init?(path: String, flavor: APIFlavor) {
        let prefix = flavor.productCouponPathPrefix
        guard path.hasPrefix(prefix + "/") else { return nil }
        let parts = path.dropFirst(prefix.count + 1).split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.allSatisfy({ !$0.isEmpty }) else { return nil }
        switch (parts.count, parts.first) {
        case (3, "users") where parts[2] == "coupons": call = .userCoupons; segments = [parts[1]]
        case (4, "users") where parts[2] == "coupons": call = .userCoupon; segments = [parts[1], parts[3]]
        case (5, "users") where parts[2] == "coupons" && parts[4] == "confirm": call = .confirm; segments = [parts[1], parts[3]]
        case (4, "product-coupons") where parts[2] == "stocks": call = .stock; segments = [parts[1], parts[3]]
        default: return nil
        }
    }

    var method: String { call == .confirm ? "POST" : "GET" }

    /// The openid segment, percent-decoded (nil for the stock, or an undecodable segment).
    var openid: String? { call == .stock ? nil : SandboxEngine.percentDecoded(segments[0]) }

    var faultCall: SandboxConfiguration.Fault.Call { call == .confirm ? .confirm : .lookup }
}

extension SandboxAPIError {
    static let couponNotFound = SandboxAPIError(status: 404, code: "RESOURCE_NOT_EXISTS", numericCode: 268578851,
                                                message: "用户券不存在，请检查coupon_code、openid、批次与商品券是否正确",
                                                detail: ["location": "path", "field": "coupon_code"])

    static func couponStateIllegal(_ state: String) -> SandboxAPIError {
        SandboxAPIError(status: 400, code: "INVALID_REQUEST", numericCode: 268578367,
                        message: "用户券状态非法，当前状态：\(state)，仅CONFIRMING状态的券可确认发放",
                        detail: ["coupon_state": state])
    }

    static let outRequestNoConflict = SandboxAPIError(
        status: 400, code: "INVALID_REQUEST", numericCode: Numeric.requestNoConflict,
        message: "确认请求单号重复，且对应的用户券与首次请求不一致，请更换out_request_no",
        detail: ["field": "out_request_no", "location": "body"])

    static func lookupMethodNotAllowed(_ method: String, allowed: String) -> SandboxAPIError {
        SandboxAPIError(status: 405, code: "METHOD_NOT_ALLOWED", numericCode: Numeric.parameterInvalid,
                        message: "不支持的请求方法\(method.prefix(16))，请使用\(allowed)",
                        detail: ["location": "method", "value": String(method.prefix(16))])
    }
}

extension SandboxEngine {
    static let maxPageSize = 50
    static let defaultPageSize = 20

    /// Answers a look-up or a confirm (PROTOCOL §8–9) of an authenticated caller. Faults of the openid
    /// hit these calls as they hit the pre-send: the `times` of a fault count each out_request_no (a
    /// confirm) or each path (a look-up) on its own, so the same call again is served normally.
    func processLookup(_ route: ProductCouponRoute, _ request: HTTPRequest, query: String?, flavor: APIFlavor,
                       caller: String, now: Date) throws -> SandboxReply {
        guard request.method == route.method else {
            throw SandboxAPIError.lookupMethodNotAllowed(request.method, allowed: route.method)
        }
        let params = try Self.parseQuery(query)
        let decoded = try route.segments.map { segment -> String in
            guard let text = SandboxEngine.percentDecoded(segment), !text.isEmpty else {
                throw SandboxAPIError.parameter("path", "路径参数格式错误", issue: "invalid percent-encoding", value: segment, location: "path",
                                                numeric: flavor.unparsableOpenidCode)
            }
            return text
        }
        let body = route.call == .confirm ? try parseBody(request.body) : [:]
        let brandID = try callerBrand(route.call == .confirm ? body["brand_id"] : params["brand_id"], flavor: flavor, caller: caller,
                                      location: route.call == .confirm ? "body" : "query")
        let fault = route.openid.flatMap { configuration.fault(forOpenID: $0, call: route.faultCall) }
        let hitKey = route.call == .confirm ? "confirm \((body["out_request_no"] as? String) ?? "")"
                                            : "lookup \(request.canonicalURL.split(separator: "?").first ?? "")"
        if let fault, let early = try faultBeforeCommit(fault, key: hitKey, now: now) { return early }

        let (answer, faultHit): ([String: Any], Bool) = try transact { state in
            state.coupons.claimDue(state.sends, now: now.timeIntervalSince1970, configuration: configuration)
            let answer: [String: Any]
            switch route.call {
            case .userCoupons: answer = try userCoupons(openid: decoded[0], brandID: brandID, params: params, state: state)
            case .userCoupon: answer = try userCoupon(openid: decoded[0], code: decoded[1], brandID: brandID, params: params, state: state)
            case .stock: answer = try stock(productCouponID: decoded[0], stockID: decoded[1], brandID: brandID, state: state, now: now)
            case .confirm: answer = try confirm(openid: decoded[0], code: decoded[1], brandID: brandID, body: body, state: &state, now: now)
            case .preSend: throw SandboxAPIError.routeNotFound
            }
            guard let fault, fault.kind.appliesAfterCommit else { return (answer, false) }
            return (answer, state.takeHit(of: fault, sendRequestNo: hitKey))
        }
        let data = (try? JSONSerialization.data(withJSONObject: answer, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        guard let fault, faultHit else {
            return SandboxReply(response: respond(status: 200, body: data, numericCode: 0, now: now), delivery: .immediately)
        }
        return afterCommit(fault, tokenBody: data, token: "", now: now)
    }

    /// The brand a call is for: a partner names it (`brand_id` in the query or body, required); for
    /// brand-direct the brand is the caller and naming one is refused, as in the pre-send's body.
    private func callerBrand(_ named: Any?, flavor: APIFlavor, caller: String, location: String) throws -> SandboxConfiguration.Brand {
        let id: String
        if flavor.namesBrandInRequest {
            guard let text = named as? String, !text.isEmpty else {
                throw SandboxAPIError.parameter("brand_id", "缺少必填参数brand_id", issue: "brand_id: required", location: location)
            }
            id = text
        } else {
            if named != nil {
                throw SandboxAPIError.parameter("brand_id", "品牌直连接口不应传入brand_id，品牌即调用方",
                                                issue: "brand_id: not part of a \(flavor.displayName) request (the brand is the caller)",
                                                location: location)
            }
            id = caller
        }
        guard let brand = configuration.brand(id) else { throw SandboxAPIError.notFound("品牌", field: "brand_id", value: id) }
        return brand
    }

    private func required(_ name: String, _ params: [String: String]) throws -> String {
        guard let value = params[name], !value.isEmpty else {
            throw SandboxAPIError.parameter(name, "缺少必填参数\(name)", issue: "\(name): required", location: "query")
        }
        return value
    }

    private func linkedAppid(_ appid: String, brand: SandboxConfiguration.Brand) throws {
        guard brand.appids.contains(appid) else { throw SandboxAPIError.appidNotLinked }
    }

    private func userCoupons(openid: String, brandID brand: SandboxConfiguration.Brand, params: [String: String],
                             state: SandboxState) throws -> [String: Any] {
        try linkedAppid(try required("appid", params), brand: brand)
        let wantedState = params["coupon_state"]
        if let wantedState, !CouponState(rawValue: wantedState).isKnown {
            throw SandboxAPIError.parameter("coupon_state", "参数coupon_state取值错误", issue: "coupon_state: one of \(CouponState.known.map(\.rawValue).joined(separator: ", "))",
                                            value: wantedState, location: "query")
        }
        var size = Self.defaultPageSize
        if let text = params["page_size"] {
            guard let n = Int(text), (1...Self.maxPageSize).contains(n) else {
                throw SandboxAPIError.parameter("page_size", "参数page_size取值范围为1-\(Self.maxPageSize)", issue: "page_size: 1–\(Self.maxPageSize)",
                                                value: text, location: "query")
            }
            size = n
        }
        var offset = 0
        if let token = params["page_token"], !token.isEmpty {
            guard token.hasPrefix("P"), let n = Int(token.dropFirst()), n >= 0 else {
                throw SandboxAPIError.parameter("page_token", "参数page_token无效", issue: "page_token: not one this service gave",
                                                value: token, location: "query")
            }
            offset = n
        }
        let matching = state.coupons.coupons.values.filter { coupon in
            coupon.openid == openid && coupon.brandID == brand.brandID
                && params["product_coupon_id"].map { $0 == coupon.productCouponID } ?? true
                && params["stock_id"].map { $0 == coupon.stockID } ?? true
                && wantedState.map { $0 == coupon.state } ?? true
        }.sorted { ($0.receiveTime, $0.couponCode) > ($1.receiveTime, $1.couponCode) }
        let page = matching.dropFirst(offset).prefix(size)
        var answer: [String: Any] = ["total_count": matching.count,
                                     "user_coupon_list": page.map { $0.entry(stock: stockConfiguration(of: $0)) }]
        if offset + size < matching.count { answer["next_page_token"] = "P\(offset + size)" }
        return answer
    }

    private func stockConfiguration(of coupon: SandboxUserCoupon) -> SandboxConfiguration.Stock? {
        configuration.brand(coupon.brandID)?.productCoupons.first { $0.productCouponID == coupon.productCouponID }?
            .stocks.first { $0.stockID == coupon.stockID }
    }

    /// The coupon `code` of `openid` under the brand, product coupon and stock named, or 268578851.
    private func findCoupon(openid: String, code: String, brand: SandboxConfiguration.Brand, productCouponID: String,
                            stockID: String, state: SandboxState) throws -> SandboxUserCoupon {
        guard let coupon = state.coupons.coupons[code], coupon.openid == openid, coupon.brandID == brand.brandID,
              coupon.productCouponID == productCouponID, coupon.stockID == stockID else {
            throw SandboxAPIError.couponNotFound
        }
        return coupon
    }

    private func userCoupon(openid: String, code: String, brandID brand: SandboxConfiguration.Brand, params: [String: String],
                            state: SandboxState) throws -> [String: Any] {
        try linkedAppid(try required("appid", params), brand: brand)
        let coupon = try findCoupon(openid: openid, code: code, brand: brand, productCouponID: try required("product_coupon_id", params),
                                    stockID: try required("stock_id", params), state: state)
        return coupon.entry(stock: stockConfiguration(of: coupon))
    }

    private func stock(productCouponID: String, stockID: String, brandID brand: SandboxConfiguration.Brand,
                       state: SandboxState, now: Date) throws -> [String: Any] {
        guard let coupon = brand.productCoupons.first(where: { $0.productCouponID == productCouponID }) else {
            throw SandboxAPIError.notFound("商品券", field: "product_coupon_id", value: productCouponID)
        }
        guard let stock = coupon.stocks.first(where: { $0.stockID == stockID }) else {
            throw SandboxAPIError.notFound("商品券批次", field: "stock_id", value: stockID)
        }
        // Exactly what the budget rules count (`issue` in SandboxEngine): distinct pre-sends, in total
        // and on today's Asia/Shanghai day.
        var object = Self.stockObject(stock, productCouponID: productCouponID, brandID: brand.brandID)
        object["sent_count_info"] = ["total_count": state.stocks.issued(stockID),
                                     "today_count": state.stocks.issued(stockID, day: ShanghaiDay.key(now))]
        if stock.couponCodeMode == .upload {
            object["coupon_code_count_info"] = ["total_count": stock.maxCount, "available_count": max(0, stock.maxCount - state.stocks.issued(stockID))]
        }
        return object
    }

    /// A stock as the API describes it: id, product coupon, code mode, state and send rules.
    static func stockObject(_ stock: SandboxConfiguration.Stock, productCouponID: String, brandID: String) -> [String: Any] {
        var rule: [String: Any] = ["max_count": stock.maxCount]
        if let perDay = stock.maxCountPerDay { rule["max_count_per_day"] = perDay }
        if let perUser = stock.maxCountPerUser { rule["max_count_per_user"] = perUser }
        var object: [String: Any] = ["stock_id": stock.stockID, "product_coupon_id": productCouponID, "brand_id": brandID,
                                     "coupon_code_mode": stock.couponCodeMode.rawValue, "state": stock.state.rawValue,
                                     "stock_send_rule": rule]
        if let note = stock.note { object["remark"] = note }
        return object
    }

    /// Confirms a CONFIRMING coupon (PROTOCOL §9): idempotent by out_request_no (the same number for
    /// the same coupon answers the coupon again), 268578367 for a coupon in another state.
    private func confirm(openid: String, code: String, brandID brand: SandboxConfiguration.Brand, body: [String: Any],
                         state: inout SandboxState, now: Date) throws -> [String: Any] {
        func field(_ name: String) throws -> String {
            guard let raw = body[name], !(raw is NSNull) else {
                throw SandboxAPIError.parameter(name, "缺少必填参数\(name)", issue: "\(name): required")
            }
            guard let text = raw as? String, !text.isEmpty else {
                throw SandboxAPIError.parameter(name, "参数\(name)类型错误，应为字符串", issue: "\(name): expected a string")
            }
            return text
        }
        let outRequestNo = try field("out_request_no")
        if let problem = ConfirmRequest.outRequestNoProblem(outRequestNo) {
            throw SandboxAPIError.parameter("out_request_no", "参数out_request_no不符合规则", issue: problem, value: outRequestNo)
        }
        let productCouponID = try field("product_coupon_id"), stockID = try field("stock_id"), appid = try field("appid")
        let key = SandboxState.sendKey(brandID: brand.brandID, sendRequestNo: outRequestNo)
        if let confirmed = state.coupons.confirms[key] {
            guard confirmed == code, let coupon = state.coupons.coupons[code], coupon.openid == openid else {
                throw SandboxAPIError.outRequestNoConflict
            }
            return coupon.entry(stock: stockConfiguration(of: coupon))
        }
        var coupon = try findCoupon(openid: openid, code: code, brand: brand, productCouponID: productCouponID, stockID: stockID, state: state)
        try linkedAppid(appid, brand: brand)
        guard coupon.state == CouponState.confirming.rawValue else { throw SandboxAPIError.couponStateIllegal(coupon.state) }
        coupon.state = CouponState.effective.rawValue
        coupon.confirmRequestNo = outRequestNo
        coupon.confirmTime = now.timeIntervalSince1970.rounded(.down)
        state.coupons.coupons[code] = coupon
        state.coupons.confirms[key] = code
        return coupon.entry(stock: stockConfiguration(of: coupon))
    }

    /// The query's name/value pairs, percent-decoded. A name given twice, or text that does not decode,
    /// is a parameter error.
    static func parseQuery(_ query: String?) throws -> [String: String] {
        var out: [String: String] = [:]
        for pair in (query ?? "").split(separator: "&") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = String(parts[0]).removingPercentEncoding,
                  let value = (parts.count > 1 ? String(parts[1]) : "").removingPercentEncoding else {
                throw SandboxAPIError.parameter("query", "查询参数格式错误", issue: "invalid percent-encoding", value: String(pair), location: "query")
            }
            guard out[name] == nil else {
                throw SandboxAPIError.parameter(name, "查询参数\(name)重复", issue: "\(name): given twice", location: "query")
            }
            out[name] = value
        }
        return out
    }

    // MARK: Claims

    /// Why `claim` found no token to claim.
    public enum ClaimError: Error, Equatable, CustomStringConvertible {
        case noSuchSend(String)
        case ambiguous(String, brands: [String])

        public var description: String {
            switch self {
            case .noSuchSend(let number):
                return "no issued pre-send with send_request_no \(TerminalText.sanitize(number)) in this sandbox (only an issued token can be claimed)"
            case .ambiguous(let number, let brands):
                return "send_request_no \(TerminalText.sanitize(number)) was issued for several brands (\(brands.joined(separator: ", ")))"
            }
        }
    }

    /// A simulated user claims the token of pre-send `sendRequestNo` now (`coupondesk sandbox claim`),
    /// whatever its openid: the coupon, and whether this call made it (false: claimed before).
    public func claim(sendRequestNo: String) throws -> (coupon: SandboxUserCoupon, claimedNow: Bool) {
        let now = clock.now().timeIntervalSince1970
        return try transact { state in
            state.coupons.claimDue(state.sends, now: now, configuration: configuration)
            let sends = state.sends.values.filter { $0.request.sendRequestNo == sendRequestNo }
            guard let send = sends.first else { throw ClaimError.noSuchSend(sendRequestNo) }
            guard sends.count == 1 else { throw ClaimError.ambiguous(sendRequestNo, brands: sends.map(\.request.brandID).sorted()) }
            if let existing = state.coupons.coupon(claimedFrom: send) { return (existing, false) }
            return (state.coupons.claim(send, at: now.rounded(.down), configuration: configuration), true)
        }
    }
}
