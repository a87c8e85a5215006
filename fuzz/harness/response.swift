import Foundation
import WeChatPayCore

// Fuzzes what the client does with a response: verification (PROTOCOL §3) and classification
// (PROTOCOL §4) through `ResponseInterpreter`. Input layout: byte 0 picks the HTTP status, byte 1's
// low bit asks the harness to sign the body correctly (so the fuzzer also reaches the code behind a
// valid signature), then header lines `Name: value` up to an empty line, then the body.
//
// Invariants checked beyond "no crash": a response that is not correctly signed is never `issued`,
// and an `issued` result always carries a token.

let statuses = [200, 204, 400, 401, 403, 404, 429, 500, 502, 503, 302, 418]
let wechatpayKey = try! RSAPrivateKey.generate()
let keyID = "PUB_KEY_ID_0112345678900000000000000000000000"
let now = Date(timeIntervalSince1970: 1_800_000_000)
let interpreter = ResponseInterpreter(
    verifier: ResponseVerifier(publicKeyID: keyID, publicKey: try! wechatpayKey.publicKey, clock: FixedClock(now)))

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzResponse(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 2 else { return 0 }
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let status = statuses[Int(bytes[0]) % statuses.count]
    let signIt = bytes[1] & 1 == 1
    let rest = Data(bytes[2...])
    var headers: [String: String] = [:]
    var body = rest
    if let split = rest.range(of: Data("\n\n".utf8)) {
        body = rest.subdata(in: split.upperBound..<rest.endIndex)
        for line in String(decoding: rest.subdata(in: rest.startIndex..<split.lowerBound), as: UTF8.self)
            .split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[String(line[..<colon])] = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
        }
    }
    if signIt {
        let timestamp = String(Int(now.timeIntervalSince1970)), nonce = "FUZZNONCE"
        let message = SignatureMessage.response(timestamp: timestamp, nonce: nonce, body: body)
        headers["Wechatpay-Timestamp"] = timestamp
        headers["Wechatpay-Nonce"] = nonce
        headers["Wechatpay-Serial"] = keyID
        headers["Wechatpay-Signature"] = try! wechatpayKey.sign(message).base64EncodedString()
    }
    let result = interpreter.interpret(HTTPResponse(status: status, headers: headers, body: body))
    if result.outcome == .issued {
        guard signIt || (try? interpreter.verifier.verify(headers: headers, body: body)) != nil else {
            fatalError("an unsigned or forged response was taken as issued")
        }
        guard let token = result.token, !token.isEmpty else { fatalError("issued without a token") }
    }
    return 0
}
