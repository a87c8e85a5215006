import Foundation
import Testing
@testable import WeChatPayCore

/// A base URL splits into its origin and its path (no trailing slashes) exactly as the reading over
/// Foundation's string search did.
@Suite struct BaseURLSplitTests {
    /// The earlier reading, kept as the reference.
    static func referenceSplit(_ baseURL: URL) -> (origin: String, path: String) {
        var text = baseURL.absoluteString
        if let cut = text.firstIndex(where: { $0 == "?" || $0 == "#" }) { text = String(text[..<cut]) }
        guard let schemeEnd = text.range(of: "://") else { return (text, "") }
        let afterScheme = text[schemeEnd.upperBound...]
        let pathStart = afterScheme.firstIndex(of: "/") ?? afterScheme.endIndex
        var path = String(afterScheme[pathStart...])
        while path.hasSuffix("/") { path.removeLast() }
        return (String(text[..<pathStart]), path)
    }

    @Test(arguments: [
        "https://api.mch.weixin.qq.com", "https://api.mch.weixin.qq.com/", "https://api.mch.weixin.qq.com///",
        "http://127.0.0.1:8080", "http://127.0.0.1:8080/proxy/wechat/", "http://[::1]:9000/a/b",
        "https://h/p?x=1", "https://h/p/#frag", "https://h?only=query", "https://user:pw@h:1/p",
        "https://h/%E4%B8%AD/", "file:///tmp/x", "mailto:someone@example.com", "relative/path", "https://h/a//b//",
    ])
    func splitsAsTheReferenceDoes(_ text: String) throws {
        let url = try #require(URL(string: text))
        let split = WeChatPayRequest.split(url)
        let reference = Self.referenceSplit(url)
        #expect(split.origin == reference.origin)
        #expect(split.path == reference.path)
    }
}
