import Foundation
import WeChatPayCore

/// The end-to-end check: one signed, read-only call — the stock of the config's defaults (PROTOCOL §8,
/// `GET P/product-coupons/{product_coupon_id}/stocks/{stock_id}`) — whose answer must verify with the
/// configured WeChat Pay key. WeChat Pay itself then judges the private key, the serial and the caller
/// (401 SIGN_ERROR), and the answer's signature judges the public key and its `PUB_KEY_ID_`.
///
/// It goes through the core's one request path (`WeChatPayRequest`, the configured transport,
/// `ResponseVerifier`), built from the config's keys as they are — even where a local check failed, so
/// WeChat Pay's own verdict is on the report too. A server that does not offer the look-up (404 from
/// the route) is a warning, not a failure: nothing was learnt about the keys that would stop a send.
struct SignedCallCheck {
    let facts: ConfigFacts
    let keys: LoadedKeys
    let transport: any Transport
    let clock: any Clock

    func run() async -> Diagnosis {
        let flavor = facts.flavor
        guard let base = facts.baseURL, let caller = facts.callerID, let serial = facts.serialNo,
              let privateKey = keys.usablePrivateKey else {
            return .skipped(.signedCall, "not tried: the config lacks a usable base_url, \(flavor.callerConfigKey), \(flavor.serialConfigKey) or private key (see above)")
        }
        let platform = keys.platformCertificates.compactMap { try? $0.result.get() }
        guard keys.usablePublicKey != nil || !platform.isEmpty else {
            return .skipped(.signedCall, "not tried: nothing to verify the answer with (see Verification and Public key)")
        }
        let defaults = facts.defaults
        let missing = [("product_coupon_id", defaults.productCouponID), ("stock_id", defaults.stockID)]
            + (flavor.namesBrandInRequest ? [("brand_id", defaults.brandID)] : [])
        let absent = missing.filter { $0.1 == nil }.map { "defaults.\($0.0)" }
        guard absent.isEmpty, let couponID = defaults.productCouponID, let stockID = defaults.stockID else {
            return .warning(.signedCall, "not tried: the config has no \(absent.joined(separator: ", ")) for a read-only look-up, so WeChat Pay has not checked the keys",
                            advice: "add \"defaults\" with a stock you send from (brand_id, product_coupon_id, stock_id), and run doctor again")
        }
        let path = flavor.productCouponPathPrefix + "/product-coupons/" + WeChatPayRequest.escapePathSegment(couponID)
            + "/stocks/" + WeChatPayRequest.escapePathSegment(stockID)
        let query: [(name: String, value: String)] = flavor.namesBrandInRequest ? [("brand_id", defaults.brandID ?? "")] : []
        let request = WeChatPayRequest(method: "GET", path: path, query: query, baseURL: base)
        let signer = RequestSigner(flavor: flavor, callerID: caller, serialNo: serial, privateKey: privateKey, clock: clock)
        let verifier = ResponseVerifier(publicKeyID: facts.publicKeyID, publicKey: keys.usablePublicKey,
                                        certificates: platform, flavor: flavor, clock: clock)
        let http: HTTPRequest
        do { http = try request.httpRequest(signer: signer, wechatpayPublicKeyID: facts.publicKeyID) } catch {
            return .skipped(.signedCall, "not tried: \(error) (see Verification)")
        }
        let response: HTTPResponse
        do { response = try await transport.send(http) } catch {
            return .failure(.signedCall, "GET \(request.canonicalURL): no answer (\(error))",
                            advice: "see the network lines above; every send would end unknown the same way")
        }
        return Verdict(check: self, call: "GET \(request.canonicalURL)", response: response,
                       verification: Result { () throws(VerificationError) in try verifier.verify(headers: response.headers, body: response.body) })
            .diagnosis()
    }
}

/// What one answer to the signed call says about the config.
private struct Verdict {
    let check: SignedCallCheck
    let call: String
    let response: HTTPResponse
    let verification: Result<Void, VerificationError>

    var facts: ConfigFacts { check.facts }
    var flavor: APIFlavor { facts.flavor }
    var status: Int { response.status }
    var body: [String: Any] { ((try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any]) ?? [:] }
    var code: String? { body["code"] as? String }
    var detail: [String: Any] { body["detail"] as? [String: Any] ?? [:] }
    /// WeChat Pay's own words (network text: sanitised, bounded).
    var said: String {
        var parts = ["HTTP \(status)"]
        if let code { parts.append(TerminalText.sanitize(String(code.prefix(64)))) }
        if let message = body["message"] as? String { parts.append("\"" + TerminalText.sanitize(String(message.prefix(200))) + "\"") }
        if let id = response.header("Request-ID") { parts.append("Request-ID " + TerminalText.sanitize(String(id.prefix(80)))) }
        return parts.joined(separator: " ")
    }
    var details: [String: DiagnosisDetail] {
        var out: [String: DiagnosisDetail] = ["http_status": .number(Double(status)), "call": .text(call)]
        if let id = response.header("Request-ID") { out["request_id"] = .text(TerminalText.sanitize(String(id.prefix(80)))) }
        return out
    }

    func diagnosis() -> Diagnosis {
        switch verification {
        case .failure(.missingHeader(let header)):
            return unsigned(missing: header)
        case .failure(.unknownSerial(let serial)):
            let shown = TerminalText.sanitize(serial)
            let advice = shown.hasPrefix(PublicKeyChecks.prefix)
                ? "set wechatpay_public_key_id to \(shown), and wechatpay_public_key_file to the pub_key.pem shown with it (商户平台 → 账户中心 → API安全 → 微信支付公钥)"
                : "the answer is signed with platform certificate \(shown), which is not configured: add it to platform_certificate_files, or better, configure the WeChat Pay public key"
            return .failure(.signedCall, "\(call): the answer is signed by \(shown), not by the configured \(facts.publicKeyID ?? "key") (\(said))",
                            advice: advice, details: details)
        case .failure(.signatureMismatch):
            return .failure(.signedCall, "\(call): the answer does not verify with \(facts.publicKeyFile.map { ($0 as NSString).lastPathComponent } ?? "the configured key") (\(said))",
                            advice: "wechatpay_public_key_file is not the key of \(facts.publicKeyID ?? "the id"): download pub_key.pem again, from the same row as its PUB_KEY_ID_",
                            details: details)
        case .failure(let problem):
            return .failure(.signedCall, "\(call): the answer does not verify: \(problem) (\(said))",
                            advice: "coupondesk trusts no unverified answer: every send would end unknown (signature_invalid)", details: details)
        case .success:
            return verified()
        }
    }

    /// A verified answer: WeChat Pay's verdict on the request, and the public key proven right.
    func verified() -> Diagnosis {
        let keyName = facts.publicKeyID ?? "the platform certificate"
        switch status {
        case 200..<300:
            let state = (body["state"] as? String).map { "; stock \(TerminalText.sanitize(String($0.prefix(20))))" } ?? ""
            return .ok(.signedCall, "\(call): HTTP \(status), the answer verified with \(keyName): key, serial and public key all work\(state)",
                       details: details)
        case 401:
            return signError()
        case 403:
            return .failure(.signedCall, "\(call): the signature was accepted, but WeChat Pay refuses the call (\(said))",
                            advice: flavor == .partner ? "the brand (defaults.brand_id) must authorize this partner for product coupons, and the product-coupon API must be enabled for mchid \(facts.callerID ?? "")"
                                                       : "the product-coupon API must be enabled for brand \(facts.callerID ?? "")",
                            details: details)
        case 404 where namesMissingResource:
            return .warning(.signedCall, "\(call): the answer verified with \(keyName), so the keys work, but the stock was not found (\(said))",
                            advice: "check defaults.product_coupon_id and defaults.stock_id\(flavor == .partner ? " (and defaults.brand_id)" : "")", details: details)
        case 404:
            return notOffered(verifiedWith: keyName)
        case 429, 500...:
            return .warning(.signedCall, "\(call): the answer verified with \(keyName), but the server is busy or failing (\(said))",
                            advice: "run doctor again in a minute", details: details)
        default:
            return .warning(.signedCall, "\(call): the answer verified with \(keyName); the look-up itself was refused (\(said))",
                            advice: "the keys work; read WeChat Pay's message about the defaults", details: details)
        }
    }

    /// An answer without the `Wechatpay-*` headers.
    func unsigned(missing header: String) -> Diagnosis {
        switch status {
        case 401:
            return signError()
        case 404:
            return notOffered(verifiedWith: nil)
        case 200..<300:
            return .failure(.signedCall, "\(call): HTTP \(status) without a signature (no \(header) header)",
                            advice: "a proxy between this machine and WeChat Pay may strip the Wechatpay-* headers; coupondesk trusts no unsigned answer, so every send would end unknown",
                            details: details)
        default:
            return .warning(.signedCall, "\(call): an unsigned answer (\(said))",
                            advice: "an unsigned error may come from a gateway or proxy rather than WeChat Pay: check base_url", details: details)
        }
    }

    /// The look-up is not offered at all: nothing learnt about the request's keys.
    func notOffered(verifiedWith keyName: String?) -> Diagnosis {
        let verified = keyName.map { "; its answer verified with \($0)" } ?? ""
        return .warning(.signedCall, "the server does not offer the stock look-up (\(said))\(verified)",
                        advice: "the key and serial were not judged by the server: a send will show whether it accepts them (401 SIGN_ERROR means key or serial)",
                        details: details)
    }

    /// A 404 that names what is missing (a field, or the stock / coupon / brand in its message) rather
    /// than a route the server does not have.
    var namesMissingResource: Bool {
        if detail["field"] != nil { return true }
        let message = (body["message"] as? String ?? "").lowercased()
        return ["批次", "商品券", "品牌", "stock", "coupon", "brand"].contains { message.contains($0) }
    }

    /// 401 SIGN_ERROR: which part of the signature WeChat Pay rejected, when it says so.
    func signError() -> Diagnosis {
        let caller = facts.callerID ?? "?", serial = facts.serialNo ?? "?"
        let serialKey = flavor.serialConfigKey, callerKey = flavor.callerConfigKey
        let field = (detail["field"] as? String) ?? ""
        let finding: String, advice: String
        switch field {
        case "serial_no":
            finding = "WeChat Pay does not accept \(serialKey) \(serial) for \(flavor.callerLabel(caller))"
            advice = "set \(serialKey) to the serial (hex) of the \(flavor.certificateName) whose key is private_key_file: openssl x509 -in apiclient_cert.pem -noout -serial"
        case "signature":
            finding = "the request's signature does not verify: private_key_file is not the key of the certificate \(serial)"
            advice = "use the private key that belongs to certificate \(serial) (apiclient_key.pem from the same folder), or set \(serialKey) to the serial of this key's certificate"
        case "mchid", "brand_id":
            finding = "WeChat Pay does not know \(flavor.callerLabel(caller)) with this certificate"
            advice = "check \(callerKey): the certificate's owner, who signs the requests"
        case "timestamp":
            finding = "WeChat Pay refuses the request's timestamp"
            advice = "see the Clock line: this machine's clock must be within 300 s of WeChat Pay's"
        case "scheme":
            finding = "the Authorization scheme does not fit this path"
            advice = "check \"flavor\": partner uses WECHATPAY2-SHA256-RSA2048, brand-direct WECHATPAY-BRAND-SHA256-RSA2048"
        default:
            finding = "WeChat Pay refuses the request's signature"
            advice = "check private_key_file (the certificate's key), \(serialKey) (that certificate's serial, hex) and \(callerKey) (its owner)"
        }
        return .failure(.signedCall, "\(call): \(finding) (\(said))", advice: advice, details: details)
    }
}
