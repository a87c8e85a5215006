import WeChatPayCore

// Fuzzes the Authorization header parser the sandbox uses on every request: it must never crash,
// and anything it accepts must survive a format → parse round trip unchanged.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAuthorization(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let header = try? AuthorizationHeader.parse(text) {
        guard let again = try? AuthorizationHeader.parse(header.value), again == header else {
            fatalError("round trip changed a parsed header")
        }
    }
    return 0
}
