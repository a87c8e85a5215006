import CouponDeskText
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
            return .skipped(.signedCall, Words(.callLacks, ["caller": v(flavor.callerConfigKey), "serial": v(flavor.serialConfigKey)]))
        }
        let platform = keys.platformCertificates.compactMap { try? $0.result.get() }
        guard keys.usablePublicKey != nil || !platform.isEmpty else {
            return .skipped(.signedCall, Words(.callNothingToVerify))
        }
        let defaults = facts.defaults
        let missing = [("product_coupon_id", defaults.productCouponID), ("stock_id", defaults.stockID)]
            + (flavor.namesBrandInRequest ? [("brand_id", defaults.brandID)] : [])
        let absent = missing.filter { $0.1 == nil }.map { "defaults.\($0.0)" }
        guard absent.isEmpty, let couponID = defaults.productCouponID, let stockID = defaults.stockID else {
            return .warning(.signedCall, Words(.callNoDefaults, ["keys": v(absent.joined(separator: ", "))]), advice: Words(.callAddDefaults))
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
            return .skipped(.signedCall, Words(.callNotSigned, ["error": v("\(error)")]))
        }
        let response: HTTPResponse
        do { response = try await transport.send(http) } catch {
            return .failure(.signedCall, Words(.callNoAnswer, ["call": v("GET \(request.canonicalURL)"), "error": v("\(error)")]),
                            advice: Words(.callNoAnswerAdvice))
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
            let advice = Words(shown.hasPrefix(PublicKeyChecks.prefix) ? .setPublicKeyIDTo : .signedByPlatform, ["id": v(shown)])
            return .failure(.signedCall, Words(.signedByOther, ["call": v(call), "id": v(shown), "configured": facts.publicKeyID.map(v) ?? Words(.theKey),
                                                              "said": v(said)]),
                            advice: advice, details: details)
        case .failure(.signatureMismatch):
            return .failure(.signedCall, Words(.doesNotVerifyWith, ["call": v(call), "said": v(said),
                                                                   "file": facts.publicKeyFile.map { v(($0 as NSString).lastPathComponent) } ?? Words(.theConfiguredKey)]),
                            advice: Words(.notTheKeyOf, ["id": facts.publicKeyID.map(v) ?? Words(.theID)]), details: details)
        case .failure(let problem):
            return .failure(.signedCall, Words(.doesNotVerify, ["call": v(call), "problem": v("\(problem)"), "said": v(said)]),
                            advice: Words(.trustsNoUnverified), details: details)
        case .success:
            return verified()
        }
    }

    /// A verified answer: WeChat Pay's verdict on the request, and the public key proven right.
    func verified() -> Diagnosis {
        let keyName = facts.publicKeyID.map(v) ?? Words(.thePlatformCertificate)
        let words: [String: Words] = ["call": v(call), "key": keyName, "said": v(said), "status": v(status),
                                      "caller": v(facts.callerID ?? "")]
        switch status {
        case 200..<300:
            let state = (body["state"] as? String).map { Words(.stockState, ["state": v(TerminalText.sanitize(String($0.prefix(20))))]) } ?? v("")
            return .ok(.signedCall, Words(.callVerified, words.merging(["state": state]) { $1 }), details: details)
        case 401:
            return signError()
        case 403:
            return .failure(.signedCall, Words(.callRefused, words),
                            advice: Words(flavor == .partner ? .callRefusedPartner : .callRefusedBrand, words), details: details)
        case 404 where namesMissingResource:
            return .warning(.signedCall, Words(.stockNotFound, words),
                            advice: Words(flavor == .partner ? .checkDefaultsPartner : .checkDefaults), details: details)
        case 404:
            return notOffered(verifiedWith: keyName)
        case 429, 500...:
            return .warning(.signedCall, Words(.serverBusy, words), advice: Words(.runAgainInAMinute), details: details)
        default:
            return .warning(.signedCall, Words(.lookUpRefused, words), advice: Words(.keysWork), details: details)
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
            return .failure(.signedCall, Words(.unsignedSuccess, ["call": v(call), "status": v(status), "header": v(header)]),
                            advice: Words(.unsignedSuccessAdvice), details: details)
        default:
            return .warning(.signedCall, Words(.unsignedAnswer, ["call": v(call), "said": v(said)]),
                            advice: Words(.unsignedAnswerAdvice), details: details)
        }
    }

    /// The look-up is not offered at all: nothing learnt about the request's keys.
    func notOffered(verifiedWith keyName: Words?) -> Diagnosis {
        let verified = keyName.map { Words(.verifiedWith, ["key": $0]) } ?? v("")
        return .warning(.signedCall, Words(.notOffered, ["said": v(said), "verified": verified]), advice: Words(.notOfferedAdvice),
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
        let words: [String: Words] = ["serialKey": v(serialKey), "serial": v(serial), "caller": v(flavor.callerLabel(caller)),
                                      "callerKey": v(callerKey), "certificate": certificateName(flavor)]
        let finding: DoctorText, advice: DoctorText
        switch field {
        case "serial_no": (finding, advice) = (.signSerial, .signSerialAdvice)
        case "signature": (finding, advice) = (.signSignature, .signSignatureAdvice)
        case "mchid", "brand_id": (finding, advice) = (.signCaller, .signCallerAdvice)
        case "timestamp": (finding, advice) = (.signTimestamp, .signTimestampAdvice)
        case "scheme": (finding, advice) = (.signScheme, .signSchemeAdvice)
        default: (finding, advice) = (.signRefused, .signRefusedAdvice)
        }
        return .failure(.signedCall, Words(.callFinding, ["call": v(call), "finding": Words(finding, words), "said": v(said)]),
                        advice: Words(advice, words), details: details)
    }
}
