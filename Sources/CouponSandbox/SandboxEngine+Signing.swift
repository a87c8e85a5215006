import Foundation
import WeChatPayCore

extension SandboxEngine {
    // MARK: Request authentication (PROTOCOL §2, §7)

    /// Checks the Authorization header against the exact bytes received, as strictly for either
    /// flavor: the scheme must be the one of the path's flavor (a partner-scheme request on the brand
    /// prefix, or the reverse, is 401 naming the scheme), then the fields (by key, any order), the
    /// caller (the partner's mchid, or a brand of sandbox.json), serial_no, timestamp skew, and the
    /// signature with that caller's key. Then the request's Wechatpay-Serial: brand-direct requires
    /// it, and either flavor's must name this "WeChat Pay"'s public key (400 PARAM_ERROR).
    /// Returns the caller's id.
    func authenticate(_ request: HTTPRequest, flavor: APIFlavor, now: Date) throws -> String {
        guard let headerValue = header("Authorization", in: request), !headerValue.isEmpty else {
            throw SandboxAPIError.signError("缺少Http头Authorization，请参考《微信支付商户REST API签名规则》",
                                            issue: "Authorization header is missing")
        }
        let scheme = AuthorizationHeader.schemeWord(of: headerValue)
        if let used = APIFlavor(authorizationScheme: scheme), used != flavor {
            throw SandboxAPIError.signError("认证类型错误，\(flavor.chineseName)接口请使用\(flavor.authorizationScheme)认证类型",
                                            issue: "the \(flavor.displayName) path takes the \(flavor.authorizationScheme) scheme, got \(scheme)",
                                            field: "scheme")
        }
        let authorization: AuthorizationHeader
        do { authorization = try AuthorizationHeader.parse(headerValue) } catch {
            throw SandboxAPIError.signError("Http头Authorization值格式错误，请参考《微信支付商户REST API签名规则》",
                                            issue: "\(error)")
        }
        let serialNo = try authenticateCaller(authorization)
        guard authorization.serialNo.uppercased() == serialNo.uppercased() else {
            throw SandboxAPIError.signError("\(flavor.certificateOwnerChineseName)API证书序列号serial_no错误，请检查是否使用了正确的证书",
                                            issue: "serial_no does not match the \(flavor.certificateName)", field: "serial_no")
        }
        guard let timestamp = Int64(authorization.timestamp) else {
            throw SandboxAPIError.signError("Http头Authorization中的timestamp格式错误", issue: "timestamp is not Unix seconds",
                                            field: "timestamp")
        }
        // Untrusted input: an extreme timestamp must be refused, not overflow the subtraction.
        let (skew, overflowed) = timestamp.subtractingReportingOverflow(Int64(now.timeIntervalSince1970.rounded(.down)))
        guard !overflowed, skew.magnitude < ResponseVerifier.maxSkewSeconds.magnitude else {
            throw SandboxAPIError.signError("请求时间戳与当前时间相差过大，请检查系统时间",
                                            issue: overflowed ? "timestamp is out of range" : "timestamp is \(skew.magnitude) s \(skew > 0 ? "ahead" : "behind") (limit 300 s)",
                                            field: "timestamp")
        }
        let message = SignatureMessage.request(method: request.method, canonicalURL: request.canonicalURL,
                                               timestamp: authorization.timestamp, nonce: authorization.nonce,
                                               body: request.body)
        guard let signature = Data(base64Encoded: authorization.signature),
              let key = keys.callerPublicKey(flavor), key.verify(signature: signature, message: message) else {
            // Like the real service: say which message was expected (never the signature), so a
            // merchant can diff it against what they signed.
            let text = String(decoding: message, as: UTF8.self)
            throw SandboxAPIError.signError("签名错误，请检查后再试", issue: "sign not match", field: "signature",
                                            signInformation: ["method": request.method, "url": request.canonicalURL,
                                                              "sign_message_length": message.count,
                                                              "truncated_sign_message": String(text.prefix(240))])
        }
        let serial = header("Wechatpay-Serial", in: request) ?? ""
        if serial.isEmpty && flavor.requiresWechatpaySerial {
            throw SandboxAPIError.parameter("Wechatpay-Serial", "缺少Http头Wechatpay-Serial，品牌直连接口请传入微信支付公钥ID",
                                            issue: "the \(flavor.displayName) flavor requires Wechatpay-Serial: the WeChat Pay public key id (PUB_KEY_ID_...)",
                                            location: "header")
        }
        if !serial.isEmpty, serial != configuration.wechatpayPublicKeyID {
            throw SandboxAPIError.parameter("Wechatpay-Serial", "Http头Wechatpay-Serial无效，请使用微信支付公钥ID",
                                            issue: "Wechatpay-Serial names no WeChat Pay public key of this service",
                                            value: serial, location: "header")
        }
        return authorization.callerID
    }

    /// The caller must be one this sandbox knows: the partner's mchid, or a brand of sandbox.json for
    /// brand-direct (the brand API certificate belongs to a brand). Returns the serial its
    /// certificate has.
    private func authenticateCaller(_ authorization: AuthorizationHeader) throws -> String {
        switch authorization.flavor {
        case .partner:
            guard authorization.callerID == configuration.mchid else {
                throw SandboxAPIError.signError("Authorization中的商户号mchid与商户API证书不匹配", issue: "unknown mchid", field: "mchid")
            }
            return configuration.merchantSerialNo
        case .brand:
            guard let serial = configuration.brandSerialNo, keys.brandPublicKey != nil else {
                throw SandboxAPIError.signError("品牌API证书不存在", issue: "this sandbox has no brand-direct caller (no brand_serial_no in sandbox.json or no brand_public_key.pem); create a new sandbox with `coupondesk sandbox init`",
                                                field: "brand_id")
            }
            guard configuration.brand(authorization.callerID) != nil else {
                throw SandboxAPIError.signError("Authorization中的品牌ID brand_id与品牌API证书不匹配", issue: "unknown brand_id", field: "brand_id")
            }
            return serial
        }
    }

    func header(_ name: String, in request: HTTPRequest) -> String? { Self.header(name, in: request.headers) }

    // MARK: Responses (PROTOCOL §3)

    enum ResponseSigning {
        case valid, wrongBytes, probe, stale, none
    }

    func respond(error: SandboxAPIError, now: Date) -> HTTPResponse {
        respond(status: error.status, body: error.body, numericCode: error.numericCode, now: now)
    }

    /// A response signed with the WeChat Pay private key in public-key mode, with a Request-ID of the
    /// form `{hex}-{numeric code}` (`-0` on success).
    func respond(status: Int, body: Data, numericCode: Int, now: Date, signing: ResponseSigning = .valid) -> HTTPResponse {
        var headers = [
            "Content-Type": "application/json; charset=utf-8",
            "Request-ID": "\(Self.requestIDPrefix())-\(numericCode)",
        ]
        if signing == .none { return HTTPResponse(status: status, headers: headers, body: body) }
        let seconds = Int64(now.timeIntervalSince1970.rounded(.down)) - (signing == .stale ? 600 : 0)
        let timestamp = String(seconds)
        let nonce = SandboxRandom.alphanumeric(32)
        var signed = SignatureMessage.response(timestamp: timestamp, nonce: nonce, body: body)
        if signing == .wrongBytes { signed.append(0x20) }
        let signature: String
        if signing == .probe {
            signature = "WECHATPAY/SIGNTEST/" + Data(SecureRandom.bytes(192)).base64EncodedString()
        } else if let bytes = try? keys.wechatpayPrivateKey.sign(signed) {
            signature = bytes.base64EncodedString()
        } else {
            signature = ""
        }
        headers["Wechatpay-Serial"] = configuration.wechatpayPublicKeyID
        headers["Wechatpay-Signature-Type"] = APIFlavor.partner.authorizationScheme
        headers["Wechatpay-Timestamp"] = timestamp
        headers["Wechatpay-Nonce"] = nonce
        headers["Wechatpay-Signature"] = signature
        return HTTPResponse(status: status, headers: headers, body: body)
    }

    static func requestIDPrefix() -> String { SandboxEncoding.upperHex(SandboxRandom.bytes(18)) }
}
